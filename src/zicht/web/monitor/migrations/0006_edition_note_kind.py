from django.db import migrations, models


def classify_existing_notes(apps, schema_editor):
    """Notes frozen before this field existed: those written from an analysis delivery (the
    estimate's or the ad analysis's method) are method notes, the rest came from
    catalog/notes.yaml and are context notes."""
    EditionNote = apps.get_model("monitor", "EditionNote")
    Delivery = apps.get_model("monitor", "Delivery")
    for note in EditionNote.objects.exclude(indicator_code="").select_related("edition"):
        indicator = note.edition.catalog_snapshot.get("indicators", {}).get(note.indicator_code)
        if indicator is None:
            continue
        analysed = Delivery.objects.filter(
            partner_id=indicator.get("partner"), year=note.edition.year, format="analysis"
        ).exists()
        if analysed:
            # .update(), not save(): a published edition's rows refuse save().
            EditionNote.objects.filter(pk=note.pk).update(kind="method")


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0005_dutch_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="editionnote",
            name="kind",
            field=models.CharField(
                choices=[("context", "toelichting bij het jaar"), ("method", "methode")],
                default="context",
                max_length=16,
                verbose_name="soort",
            ),
        ),
        migrations.RunPython(classify_existing_notes, migrations.RunPython.noop),
    ]
