import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("monitor", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PartnerEncoding",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.IntegerField(verbose_name="jaar")),
                ("path", models.CharField(max_length=500, verbose_name="bestand op de server")),
                ("records", models.PositiveIntegerField(verbose_name="records")),
                ("schema_version", models.CharField(max_length=32, verbose_name="schemaversie")),
                ("key_check", models.CharField(max_length=16, verbose_name="controlewaarde geheim")),
                ("uploaded_at", models.DateTimeField(auto_now=True, verbose_name="ontvangen op")),
                ("partner", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="monitor.partner", verbose_name="partner")),
                ("uploaded_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name="door")),
            ],
            options={
                "verbose_name": "versleutelde personenlijst",
                "verbose_name_plural": "versleutelde personenlijsten",
                "constraints": [models.UniqueConstraint(fields=("partner", "year"), name="one_encoding_per_year")],
            },
        ),
    ]
