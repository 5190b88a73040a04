"""Files delivered and uploads stored before file names were checked: a name with personal
data in it ("Jan Jansen 12-03-1990.csv") is replaced by "naam-niet-bewaard" with its
extension, in the deliveries and in the portal's upload history alike."""

from django.db import migrations


def scrub_filenames(apps, schema_editor):
    from zicht.core.deliveries.filenames import kept_filename

    for app, model in (("monitor", "Delivery"), ("portal", "UploadAttempt")):
        rows = apps.get_model(app, model).objects
        for pk, filename in rows.values_list("pk", "filename").iterator():
            kept = kept_filename(filename)
            if kept != filename:
                # .update(), not save(): a delivery refuses save(); its name is not its content.
                rows.filter(pk=pk).update(filename=kept)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_roles"),
        ("monitor", "0009_delivered_reviewed_published_by"),
    ]

    operations = [migrations.RunPython(scrub_filenames, migrations.RunPython.noop)]
