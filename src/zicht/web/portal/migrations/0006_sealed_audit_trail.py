"""Seal the audit trail: every event gets a position and a seal (``zicht.core.audit_chain``).

Events written before this migration are sealed as they are found, oldest first; from here on
a change made past the application shows in ``zicht audit check``.
"""

from django.db import migrations, models


def seal_existing_events(apps, schema_editor):
    from zicht import config
    from zicht.core.audit_chain import START, seal
    from zicht.web.portal.sealing import fields_of

    AuditEvent = apps.get_model("portal", "AuditEvent")
    events = AuditEvent.objects.using(schema_editor.connection.alias).order_by("at", "pk")
    if not events.exists():
        return
    key, previous = config.audit_key(), START
    for position, event in enumerate(events.iterator(chunk_size=2000), start=1):
        event.position = position
        event.seal = previous = seal(key, previous, fields_of(event))
        event.save(update_fields=["position", "seal"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_unavailable_withdrawn_at")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="position",
            field=models.PositiveBigIntegerField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seal",
            field=models.CharField(max_length=64, default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(seal_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="position",
            field=models.PositiveBigIntegerField(
                unique=True, editable=False, verbose_name="volgnummer"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seal",
            field=models.CharField(max_length=64, editable=False, verbose_name="zegel"),
        ),
    ]
