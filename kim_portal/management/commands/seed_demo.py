"""Demo data for local use: the steering group's organisations and one user per role.

Idempotent: running it again changes nothing but the demo users' password, which it prints.
All persons are fictional; the organisations are the district's real member bodies.
"""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kim_portal.demo import demo_seeders
from kim_portal.models import Municipality, Organisation, Role, User

K = Organisation.Kind
ORGANISATIONS = [
    # (name, short name, kind, seat)
    (
        "Märkischer Kreis – Fachbereich Jugend und Bildung",
        "MK Jugend und Bildung",
        K.DISTRICT_DEPARTMENT,
        "Lüdenscheid",
    ),
    (
        "Märkischer Kreis – Fachbereich Öffentliche Ordnung",
        "MK Öffentliche Ordnung",
        K.DISTRICT_DEPARTMENT,
        "Lüdenscheid",
    ),
    (
        "Kommunales Integrationszentrum Märkischer Kreis",
        "KI MK",
        K.DISTRICT_DEPARTMENT,
        "Lüdenscheid",
    ),
    ("Stadt Iserlohn", "Iserlohn", K.TOWN, "Iserlohn"),
    ("Stadt Lüdenscheid", "Lüdenscheid", K.TOWN, "Lüdenscheid"),
    (
        "Freie Wohlfahrtspflege im Märkischen Kreis",
        "Freie Wohlfahrtspflege",
        K.WELFARE_ORGANISATION,
        "Lüdenscheid",
    ),
    ("Agentur für Arbeit Iserlohn", "Agentur für Arbeit", K.EMPLOYMENT_AGENCY, "Iserlohn"),
    ("Jobcenter Märkischer Kreis", "Jobcenter MK", K.JOBCENTER, "Lüdenscheid"),
    ("Bundesamt für Migration und Flüchtlinge", "BAMF", K.FEDERAL_OFFICE, None),
    (
        "Migrantenselbstorganisationen und Ehrenamt im Märkischen Kreis",
        "MSO / Ehrenamt",
        K.MIGRANT_ORGANISATION,
        None,
    ),
    ("Volkshochschule Lüdenscheid", "VHS Lüdenscheid", K.COURSE_PROVIDER, "Lüdenscheid"),
]

DEMO_DOMAIN = "kim-demo.example"
# (email local part, display name, role (None: portal admin), organisation short name, language)
DEMO_USERS = [
    ("admin", "Portal-Administration (Demo)", None, "KI MK", "de"),
    ("koordination", "Sabine Kramer (Demo)", Role.COORDINATOR, "KI MK", "de"),
    ("fallmanagement", "Tobias Wendt (Demo)", Role.CASE_MANAGER, "KI MK", "de"),
    ("teamleitung", "Aylin Demir (Demo)", Role.CASE_TEAM_LEAD, "KI MK", "de"),
    ("lenkungsgruppe", "Peter Albers (Demo)", Role.STEERING_MEMBER, "Jobcenter MK", "de"),
    ("vorsitz", "Dr. Ulrike Haas (Demo)", Role.STEERING_CHAIR, "MK Jugend und Bildung", "de"),
    ("traeger", "Olena Koval (Demo)", Role.PROVIDER_EDITOR, "VHS Lüdenscheid", "uk"),
]


class Command(BaseCommand):
    help = "Load demo organisations and one demo login per role (refuses to run unless DEBUG)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default="", help="Password for all demo users (default: a new random one)"
        )

    @transaction.atomic
    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DJANGO_DEBUG=true: it creates known logins."
            )
        password = password or secrets.token_urlsafe(9)
        towns = {m.name: m for m in Municipality.objects.all()}
        if len(towns) != 15:
            raise CommandError("The municipalities are missing: run 'manage.py migrate' first.")
        organisations = {}
        for name, short, kind, seat in ORGANISATIONS:
            org, _ = Organisation.objects.update_or_create(
                name=name,
                defaults={"short_name": short, "kind": kind, "municipality": towns.get(seat)},
            )
            organisations[short] = org
        rows = []
        for local, display_name, role, org_short, language in DEMO_USERS:
            email = f"{local}@{DEMO_DOMAIN}"
            user, _ = User.objects.get_or_create(
                email=email,
                defaults={
                    "display_name": display_name,
                    "organisation": organisations[org_short],
                    "preferred_language": language,
                },
            )
            user.is_active = True
            # The coordinator curates the taxonomy in the admin.
            user.is_staff = role in (None, Role.COORDINATOR)
            user.is_superuser = role is None
            user.set_password(password)
            user.save()
            if role is not None:
                user.groups.add(Group.objects.get(name=role.value))
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            needs_mfa = role is None or role.value in settings.MFA_REQUIRED_GROUPS
            rows.append((email, role.label if role else "Superuser", needs_mfa))
        for seeder in demo_seeders():
            seeder(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo logins (all fictional):"))
        width = max(len(r[0]) for r in rows)
        for email, label, needs_mfa in rows:
            note = "  (sets up TOTP at first login)" if needs_mfa else ""
            self.stdout.write(f"  {email.ljust(width)}  {label}{note}")
        self.stdout.write(f"  Password for all: {password}")
