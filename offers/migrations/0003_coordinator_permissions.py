"""The coordinator curates the taxonomy in the admin: categories and target groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("category", ["view", "add", "change"]),
    ("targetgroup", ["view", "add", "change"]),
    ("offer", ["view"]),
]


def grant(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinator, _ = Group.objects.get_or_create(name="coordinator")
    for model, actions in PERMISSIONS:
        coordinator.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="offers",
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinator = Group.objects.filter(name="coordinator").first()
    if coordinator:
        coordinator.permissions.remove(
            *Permission.objects.filter(content_type__app_label="offers")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0002_taxonomy"),
        ("kim_portal", "0003_municipalities_and_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
