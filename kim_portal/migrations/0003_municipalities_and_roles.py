"""The district's 15 towns (official AGS keys) and the portal's role groups."""

from decimal import Decimal

from django.db import migrations

MUNICIPALITIES = [
    ("05962004", "Altena", "51.299", "7.674"),
    ("05962008", "Balve", "51.333", "7.867"),
    ("05962012", "Halver", "51.187", "7.499"),
    ("05962016", "Hemer", "51.385", "7.766"),
    ("05962020", "Herscheid", "51.180", "7.744"),
    ("05962024", "Iserlohn", "51.375", "7.700"),
    ("05962028", "Kierspe", "51.130", "7.599"),
    ("05962032", "Lüdenscheid", "51.216", "7.635"),
    ("05962036", "Meinerzhagen", "51.106", "7.641"),
    ("05962040", "Menden (Sauerland)", "51.438", "7.795"),
    ("05962044", "Nachrodt-Wiblingwerde", "51.317", "7.617"),
    ("05962048", "Neuenrade", "51.278", "7.781"),
    ("05962052", "Plettenberg", "51.214", "7.875"),
    ("05962056", "Schalksmühle", "51.239", "7.555"),
    ("05962060", "Werdohl", "51.256", "7.756"),
]

ROLES = [
    "case_manager",
    "case_team_lead",
    "coordinator",
    "steering_member",
    "steering_chair",
    "provider_editor",
]


def load(apps, schema_editor):
    Municipality = apps.get_model("kim_portal", "Municipality")
    Group = apps.get_model("auth", "Group")
    for ags, name, lat, lon in MUNICIPALITIES:
        Municipality.objects.update_or_create(
            ags=ags, defaults={"name": name, "latitude": Decimal(lat), "longitude": Decimal(lon)}
        )
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def unload(apps, schema_editor):
    apps.get_model("kim_portal", "Municipality").objects.filter(
        ags__in=[m[0] for m in MUNICIPALITIES]
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("kim_portal", "0002_audit_append_only"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load, unload)]
