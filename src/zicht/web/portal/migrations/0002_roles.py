"""The four roles as Django groups, with the back-office permissions of the administrator."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from zicht.web.portal.roles import ADMINISTRATOR_PERMISSIONS, Role


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the administrator's group needs
    # them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    administrator = Group.objects.get(name=Role.ADMINISTRATOR.value)
    for app_label, model, actions in ADMINISTRATOR_PERMISSIONS:
        for action in actions:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            )
            administrator.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[r.value for r in Role]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
