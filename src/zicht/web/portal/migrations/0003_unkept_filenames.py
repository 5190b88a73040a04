"""Upload attempts stored before file names were checked: a name with personal data in it
("Jan Jansen 12-03-1990.csv") is replaced by "naam-niet-bewaard" with its extension."""

from django.db import migrations


def scrub_filenames(apps, schema_editor):
    from zicht.core.deliveries.filenames import kept_filename

    UploadAttempt = apps.get_model("portal", "UploadAttempt")
    for pk, filename in UploadAttempt.objects.values_list("pk", "filename").iterator():
        kept = kept_filename(filename)
        if kept != filename:
            UploadAttempt.objects.filter(pk=pk).update(filename=kept)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(scrub_filenames, migrations.RunPython.noop)]
