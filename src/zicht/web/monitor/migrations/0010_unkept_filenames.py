"""Delivered files stored before their names were checked: a name with personal data in it
("Jan Jansen 12-03-1990.csv") is replaced by "naam-niet-bewaard" with its extension."""

from django.db import migrations


def scrub_filenames(apps, schema_editor):
    from zicht.core.deliveries.filenames import kept_filename

    Delivery = apps.get_model("monitor", "Delivery")
    for pk, filename in Delivery.objects.values_list("pk", "filename").iterator():
        kept = kept_filename(filename)
        if kept != filename:
            # .update(), not save(): a delivery refuses save(); its name is not its content.
            Delivery.objects.filter(pk=pk).update(filename=kept)


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0009_delivered_reviewed_published_by"),
    ]

    operations = [migrations.RunPython(scrub_filenames, migrations.RunPython.noop)]
