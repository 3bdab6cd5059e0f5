"""Benchmark: case management at district scale — 100,000 clients, 1,000,000 logged contacts
— for the caseload page, the case page and the daily case reminder scan.

Goals (cases issue): caseload page p95 ≤ 100 ms for a case manager with 300 cases; case
page p95 ≤ 100 ms; the reminder scan over all cases ≤ 60 s, and a second run creates
nothing. (Steering issue): the dashboard ≤ 300 ms p95 at 100,000 cases and 1,000,000
contacts. The page targets are measured at the district's peak (PEAK_RATE requests per
second arriving, open loop); the capacity (wrk's closed loop) is reported beside them.

1. A database of its own (DATABASE_URL, default postgres:///kim_portal_bench_cases; Redis
   db 8): 8 organisations, 350 case managers — one with exactly 300 open cases, the others
   sharing the rest — 100,000 fictional clients in the 15 towns with one case each across
   all phases (30 % closed), a consent per case, goals for a quarter and appointments for a
   sixth of the open cases, and 1,000,000 contact log entries (about 10 per case, skewed:
   most cases have a few, some over 100; dates between opening and today). The measured
   manager's cases also hold what their case page shows besides: one or two assessments
   (3–5 life domains) and 1–3 referrals past the assessment phase, a household in four
   cases of ten. Then VACUUM ANALYZE. Skipped when the data is there (data of an earlier
   version of this script: drop the database).

   How it is written: the query guard (tests/cases/test_query_guard.py) scans bench/ as
   well and forbids raw SQL on client-data tables and the closed or private managers
   outside cases/selectors.py and cases/services.py. So this script uses neither: clients
   and cases are saved as model instances (as cases/demo.py does for its documented
   exception), each case's records are inserted with ``bulk_create`` on the case's
   related managers. That takes minutes rather than the one minute an
   ``INSERT … SELECT generate_series`` would; the services (audit, checks per row) would
   take hours. Everything else reads through the selectors.
2. gunicorn with production settings (DJANGO_DEBUG=false) on 127.0.0.1:8791; the case
   manager logs in for real (password, then a TOTP code) with Django's test client, and
   wrk sends that session cookie: (a) /healthz, the floor; (b) the caseload, page 1;
   (c) searches by name, typo and case number; (d) only overdue follow-ups; (e) page 2;
   (f) the case page of 20 cases with 60–150 contacts each; (g) the steering dashboard as
   a steering-group member (whole district, five towns, one past year). Each scenario
   twice: wrk with 8 connections through bench/load.lua (cycles through a list of URLs),
   and requests arriving at PEAK_RATE per second (``harness.open_loop``); 5 s warm-up and
   20 s measured each.
3. Each page once more in this process: its SQL statements, SQL time, the slowest
   statement and its plan (EXPLAIN ANALYZE).
4. The reminder scan as Celery runs it (``cases.tasks.scan_case_reminders``) at 09:30
   Europe/Berlin today (time_machine), after deleting the cases' reminders of earlier
   runs: first and second run, reminders created, statements, the slowest with its plan.
5. Results printed and written to docs/performance.md between the markers.

Run:  .venv/bin/python bench/cases_load.py [--gunicorn "--workers 4"] [--no-docs]
About 25 minutes on the first run (13 for the data, on a busy machine), 11 after. Needs
PostgreSQL, Redis and wrk.
"""

import argparse
import json
import multiprocessing
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres:///kim_portal_bench_cases")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")
# This process loads data, logs in and looks at queries; gunicorn gets production settings.
# Both sign sessions with the same key, so the cookie made here is valid there.
os.environ["DJANGO_DEBUG"] = "true"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_portal.settings")

import django

django.setup()

import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client as TestClient
from django.urls import reverse
from django.utils import timezone, translation

from bench import harness
from cases.choices import (
    ClosureReason,
    ConsentForm,
    ContactMode,
    Gender,
    GoalStatus,
    HouseholdRelation,
    LifeDomain,
    NeedLevel,
    Partner,
    Phase,
    ReferralStatus,
    ResidenceStatus,
)
from cases.models import (
    Appointment,
    Assessment,
    AssessmentEntry,
    Case,
    CasePhaseChange,
    Client,
    Consent,
    Goal,
    HouseholdMember,
    Referral,
)
from cases.models import ContactLogEntry as Contact
from cases.selectors import cases_scope
from cases.tasks import scan_case_reminders
from kim_portal.models import Municipality, Organisation, Reminder, Role, User
from kim_portal.reminder_engine import BERLIN
from tests.totp import totp_code

CLIENTS = 100_000
CONTACTS = 1_000_000
MANAGERS = 350
FOCUS_CASES = 300  # the case manager whose pages are measured
DETAIL_CASES = 20  # of those, the cases whose page is measured (60–150 contacts each)
SEED = 20261125
HOST, PORT = "127.0.0.1", 8791
CONNECTIONS = 8
WARMUP_SECONDS, DURATION_SECONDS = 5, 20
# The targets are what a person waits for at the district's busiest: requests arriving at
# PEAK_RATE per second — each of the data's 350 case managers opening a page every
# 17.5 seconds, all day, which is several times what a working day brings (a contact is
# logged in a minute or two). wrk's closed loop (CONNECTIONS clients without pause) is
# reported too: it is the capacity, where latency is mostly the queue.
PEAK_RATE = 20
GUNICORN_OPTIONS = "--workers 4 --threads 1"  # the best of offers_load.py's trials
LUA_SCRIPT = ROOT / "bench" / "offers_load.lua"
DOCS = ROOT / "docs" / "performance.md"
SECTION = "## Case management under load (`bench/cases_load.py`)"
BLOCK_START, BLOCK_END = "<!-- cases_load:start -->", "<!-- cases_load:end -->"
DOMAIN = "cases-bench.example"
FOCUS_EMAIL = f"fallmanagement-fokus@{DOMAIN}"
STEERING_EMAIL = f"lenkungsgruppe-mitglied@{DOMAIN}"
# Written last: its presence says the data is complete.
MARKER_ORGANISATION = "Benchmark cases_load: data complete (v2)"

TARGET_PAGE_P95_MS = 100
TARGET_DASHBOARD_P95_MS = 300
TARGET_SCAN_SECONDS = 60

# Fictional names, combined at random.
FIRST_NAMES = (  # noqa: SIM905 — easier to read and extend as text
    "Amal Amina Aylin Dana Dilan Elif Farah Hanna Iryna Jana Lara Leila Mariam Mina Nadia "
    "Nour Olena Rania Sahar Sara Selin Yara Zahra Zeynep Adam Ahmad Ali Amir Bilal Daniel "
    "Elias Emre Hamza Ibrahim Ivan Karim Luca Mahmoud Mehmet Mohammed Musa Omar Oleksandr "
    "Rami Samir Taras Yusuf Zaid"
).split()
LAST_NAMES = (  # noqa: SIM905 — easier to read and extend as text
    "Abdi Ahmadi Al-Hassan Aydin Bakr Celik Demir Dogan Farouk Haddad Hamdan Hussein "
    "Ibrahimi Jafari Kaya Khalil Kovalenko Kurt Mansour Mustafa Nasser Nowak Osman "
    "Petrenko Qasim Rahimi Rostami Saleh Sayed Shevchenko Sidiqi Tkachenko Toprak Usman "
    "Wahid Yilmaz Yousef Zaman Zeidan Bondarenko Haidari Karimi Melnyk Noori Popescu "
    "Rezai Sahin Tahir"
).split()
COUNTRIES = ["SY", "UA", "AF", "IQ", "TR", "ER", "IR", "RO", "SO", "GN"]
LANGUAGES = ["ar", "uk", "prs", "ku", "tr", "ti", "fa", "ro", "so", "ru"]
OTHER_PHASES = [  # (phase, share) of the cases of the other managers
    (Phase.INTAKE, 8),
    (Phase.ASSESSMENT, 10),
    (Phase.PLANNING, 12),
    (Phase.LINKING, 20),
    (Phase.MONITORING, 15),
    (Phase.EVALUATION, 5),
    (Phase.CLOSED, 30),
]
OPEN_PHASES = [phase for phase, _share in OTHER_PHASES if phase != Phase.CLOSED]
EXTERNAL_SERVICES = [
    "Migrationsberatung für Erwachsene (MBE)",
    "Jugendmigrationsdienst",
    "Schuldnerberatung",
    "Wohnungsamt der Stadt",
    "Anerkennungsberatung IQ",
]
NOTES = [
    "Gespräch zum Stand der Ziele; nächste Schritte vereinbart.",
    "Telefonat: Unterlagen für den Antrag besprochen.",
    "Begleitung zur Behörde, Termin wahrgenommen.",
    "Rückmeldung des Kursträgers eingeholt.",
    "Kurzer Austausch, keine neuen Anliegen.",
]


# --- Data ----------------------------------------------------------------------------------


def _plan(today: date) -> list[tuple[int, str, int, int]]:
    """One row per client (= case): (manager index, phase, days since opening, contacts).
    Manager 0 is the focus manager: 300 open cases, the first 20 with 60–150 contacts.
    Contact counts are skewed (exponential, mean about 10) and add up to CONTACTS."""
    rng = random.Random(SEED)  # noqa: S311 — reproducible test data, not security
    rows = []
    for number in range(CLIENTS):
        if number < FOCUS_CASES:
            manager, phase = 0, OPEN_PHASES[number % len(OPEN_PHASES)]
        else:
            manager = rng.randrange(1, MANAGERS)
            phase = rng.choices(*zip(*OTHER_PHASES, strict=True))[0]
        opened_days_ago = rng.randint(3, 3 * 365)
        contacts = min(int(rng.expovariate(1 / 10)), 250)
        if number < DETAIL_CASES:
            contacts, opened_days_ago = rng.randint(60, 150), rng.randint(400, 900)
        rows.append([manager, phase, opened_days_ago, contacts])
    # Exactly CONTACTS in all: spread the difference over cases outside the measured ones.
    difference = CONTACTS - sum(row[3] for row in rows)
    while difference:
        row = rows[rng.randrange(DETAIL_CASES, CLIENTS)]
        step = 1 if difference > 0 else -1
        if row[3] + step >= 0:
            row[3] += step
            difference -= step
    return [tuple(row) for row in rows]


def _contact_times(rng, opened: date, until: date, count: int) -> list[datetime]:
    """``count`` contact moments between opening and ``until``, more of them early on (the
    intake and planning) than later."""
    span = max((until - opened).days, 0)
    moments = []
    for _ in range(count):
        day = opened + timedelta(days=int(span * rng.random() ** 1.3))
        moments.append(
            datetime.combine(day, clock(rng.randint(8, 16), rng.choice([0, 15, 30, 45])))
            .replace(tzinfo=BERLIN)
            .astimezone(BERLIN)
        )
    return moments


# What the forked writer processes share (set before the fork).
_SHARED: dict = {}


def _load_slice(bounds: tuple[int, int]) -> int:
    """Write clients ``first`` to ``last`` (exclusive) of the plan with their cases and
    records; run in a worker process. Returns the number of contacts written."""
    first, last = bounds
    plan, today, towns = _SHARED["plan"], _SHARED["today"], _SHARED["towns"]
    managers, organisation_of = _SHARED["managers"], _SHARED["organisation_of"]
    connection.close()  # a forked worker opens its own connection
    rng = random.Random(SEED + first)  # noqa: S311
    now = timezone.now()
    written = 0
    batch = 1000
    for start in range(first, last, batch):
        with transaction.atomic():
            for number in range(start, min(start + batch, last)):
                manager_index, phase, opened_days_ago, contact_count = plan[number]
                manager_id = managers[manager_index]
                written += _client_with_case(
                    rng,
                    number,
                    phase=phase,
                    opened_on=today - timedelta(days=opened_days_ago),
                    contact_count=contact_count,
                    manager_id=manager_id,
                    organisation_id=organisation_of[manager_id],
                    town_id=rng.choice(towns),
                    today=today,
                    now=now,
                    history=manager_index == 0,
                )
    connection.close()
    return written


def _client_with_case(
    rng,
    number,
    *,
    phase,
    opened_on,
    contact_count,
    manager_id,
    organisation_id,
    town_id,
    today,
    now,
    history,
) -> int:
    female = rng.random() < 0.5
    first_name = rng.choice(FIRST_NAMES[:24] if female else FIRST_NAMES[24:])
    born = date(rng.randint(1950, 2007), rng.randint(1, 12), rng.randint(1, 28))
    status = rng.choice(list(ResidenceStatus))
    permit_until = None
    if status in (ResidenceStatus.RESIDENCE_PERMIT, ResidenceStatus.TEMPORARY_PROTECTION):
        permit_until = today + timedelta(days=rng.randint(-200, 3 * 365))
    opened_at = datetime.combine(opened_on, clock(10)).replace(tzinfo=BERLIN)
    client = Client(
        case_number=f"KIM-B-{number + 1:06d}",
        first_name=first_name,
        last_name=rng.choice(LAST_NAMES),
        date_of_birth=born,
        birth_year=born.year,
        birth_year_group=born.year - born.year % 5,
        gender=Gender.FEMALE if female else Gender.MALE,
        languages=[rng.choice(LANGUAGES)],
        interpreter_needed=rng.random() < 0.4,
        country_of_origin=rng.choice(COUNTRIES),
        nationality=rng.choice(COUNTRIES),
        residence_status=status,
        residence_status_detail="§ 25 Abs. 2 AufenthG" if permit_until else "",
        residence_permit_valid_until=permit_until,
        municipality_id=town_id,
        created_by_id=manager_id,
        created_at=opened_at,
    )
    client.save()
    closed_on = None
    if phase == Phase.CLOSED:
        closed_on = min(opened_on + timedelta(days=rng.randint(30, 600)), today)
    follow_up = None
    if phase != Phase.CLOSED and rng.random() < 0.7:
        follow_up = today + timedelta(days=rng.randint(-30, 60))
    case = Case(
        client=client,
        phase=phase,
        case_manager_id=manager_id,
        organisation_id=organisation_id,
        opened_on=opened_on,
        closed_on=closed_on,
        next_follow_up_at=follow_up,
        in_district_up_to_3_years=True,
        no_other_case_management=True,
        complex_needs=True,
        closure_reason=ClosureReason.GOALS_ACHIEVED if closed_on else "",
        created_at=opened_at,
    )
    case.save()
    until = closed_on or today
    case.consents.bulk_create(
        [
            Consent(
                case=case,
                given_on=opened_on,
                form=rng.choice(list(ConsentForm)),
                covers_case_management=True,
                partners=rng.sample(list(Partner.values), rng.randint(0, 3)),
                recorded_by_id=manager_id,
                recorded_at=opened_at,
            )
        ]
    )
    if contact_count:
        case.contacts.bulk_create(
            [
                Contact(
                    case=case,
                    occurred_at=moment,
                    duration_minutes=rng.choice([15, 30, 45, 60, 90]),
                    mode=rng.choice(list(ContactMode)),
                    interpreter_used=rng.random() < 0.3,
                    note=rng.choice(NOTES),
                    created_by_id=manager_id,
                    created_at=min(moment + timedelta(hours=2), now),
                )
                for moment in _contact_times(rng, opened_on, until, contact_count)
            ]
        )
    if phase != Phase.CLOSED and rng.random() < 0.25:
        goals = []
        for _ in range(rng.randint(1, 3)):
            agreed = opened_on + timedelta(days=rng.randint(0, max((today - opened_on).days, 0)))
            goals.append(
                Goal(
                    case=case,
                    domain=rng.choice(list(LifeDomain)),
                    text="Deutschkurs B1 abschließen und Bewerbungen schreiben.",
                    agreed_on=agreed,
                    target_date=agreed + timedelta(days=rng.randint(30, 180)),
                    status=rng.choice(
                        [GoalStatus.OPEN, GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED]
                    ),
                    recorded_by_id=manager_id,
                    modified_at=now,
                )
            )
        case.goals.bulk_create(goals)
    if phase != Phase.CLOSED and rng.random() < 0.16:
        at = datetime.combine(
            today + timedelta(days=rng.randint(-20, 30)), clock(rng.randint(9, 15), 30)
        ).replace(tzinfo=BERLIN)
        case.appointments.bulk_create(
            [
                Appointment(
                    case=case,
                    at=at,
                    title="Termin im Integrationszentrum",
                    created_by_id=manager_id,
                    created_at=min(at - timedelta(days=rng.randint(2, 14)), now),
                )
            ]
        )
    if history:  # the focus manager's cases: their opening on the case page
        case.phase_changes.bulk_create(
            [
                CasePhaseChange(
                    case=case, to_phase=Phase.INTAKE, changed_by_id=manager_id, changed_at=opened_at
                )
            ]
        )
        _case_page_records(rng, case, client, phase=phase, manager_id=manager_id, now=now)
    return contact_count


def _case_page_records(rng, case, client, *, phase, manager_id, now) -> None:
    """What a case past intake holds besides contacts, for the measured manager's cases (the
    case page shows it all): one or two assessments of 3–5 life domains, 1–3 referrals to
    external services, and a household for four cases in ten."""
    if rng.random() < 0.4:
        client.household_members.bulk_create(
            [
                HouseholdMember(
                    client=client,
                    relation=rng.choice(list(HouseholdRelation)),
                    first_name=rng.choice(FIRST_NAMES),
                    birth_year=rng.randint(1960, 2024),
                )
                for _ in range(rng.randint(1, 3))
            ]
        )
    if phase in (Phase.INTAKE, Phase.CLOSED):
        return
    for days in sorted(rng.sample(range(7, 120), rng.randint(1, 2))):
        assessed_on = min(case.opened_on + timedelta(days=days), now.date())
        (assessment,) = case.assessments.bulk_create(
            [Assessment(case=case, assessed_on=assessed_on, recorded_by_id=manager_id)]
        )
        assessment.entries.bulk_create(
            [
                AssessmentEntry(
                    assessment=assessment,
                    domain=domain,
                    situation="Sucht seit drei Monaten eine Wohnung; Termin beim Amt offen.",
                    need_level=rng.choice(list(NeedLevel)),
                    client_priority=rng.randint(1, 3),
                )
                for domain in rng.sample(list(LifeDomain), rng.randint(3, 5))
            ]
        )
    if phase == Phase.ASSESSMENT:
        return
    case.referrals.bulk_create(
        [
            Referral(
                case=case,
                external_service=rng.choice(EXTERNAL_SERVICES),
                domain=rng.choice(list(LifeDomain)),
                status=rng.choice(list(ReferralStatus)),
                note="Termin vereinbart, Unterlagen mitgegeben.",
                created_by_id=manager_id,
                created_at=now,
                status_changed_at=now,
            )
            for _ in range(rng.randint(1, 3))
        ]
    )


def users_prepare() -> tuple[list[int], dict[int, int]]:
    """The 8 organisations and 350 case managers (manager 0 is the focus manager); ids in
    that order and each manager's organisation."""
    organisations = [
        Organisation.objects.get_or_create(
            name=f"Benchmark-Träger {number + 1}",
            defaults={"kind": Organisation.Kind.WELFARE_ORGANISATION},
        )[0]
        for number in range(8)
    ]
    emails = [FOCUS_EMAIL] + [
        f"fallmanagement-{number:03d}@{DOMAIN}" for number in range(1, MANAGERS)
    ]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    new = [
        User(
            email=email,
            display_name=f"Case Manager*in {number:03d} (Benchmark)",
            organisation=organisations[number % len(organisations)],
        )
        for number, email in enumerate(emails)
        if email not in existing
    ]
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new)
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    group = Group.objects.get(name=Role.CASE_MANAGER)
    group.user_set.add(*users.values())
    managers = [users[email].pk for email in emails]
    return managers, {user.pk: user.organisation_id for user in users.values()}


def database_prepare(jobs: int) -> dict:
    """Migrate and, unless it is complete already, write the data; returns facts about it."""
    call_command("ensure_database", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
    managers, organisation_of = users_prepare()
    focus = User.objects.get(email=FOCUS_EMAIL)
    loaded = Organisation.objects.filter(name=MARKER_ORGANISATION).first()
    if loaded is None:
        if cases_scope(user=focus).exists():
            sys.exit(
                "The benchmark data is incomplete (an interrupted run). Drop the database "
                f"(dropdb {settings.DATABASES['default']['NAME']}) and run again."
            )
        today = timezone.localdate()
        plan = _plan(today)
        towns = list(Municipality.objects.values_list("pk", flat=True))
        print(f"Writing {CLIENTS:,} clients and {CONTACTS:,} contacts ({jobs} processes) …")
        started = time.perf_counter()
        step = -(-CLIENTS // (jobs * 10))
        slices = [(first, min(first + step, CLIENTS)) for first in range(0, CLIENTS, step)]
        _SHARED.update(
            plan=plan, today=today, towns=towns, managers=managers, organisation_of=organisation_of
        )
        connection.close()
        written = 0
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for done, contacts in enumerate(pool.imap_unordered(_load_slice, slices), 1):
                written += contacts
                print(f"  {done}/{len(slices)} slices, {written:,} contacts", end="\r", flush=True)
        print()
        seconds = time.perf_counter() - started
        print(f"Written in {seconds:.0f} s; VACUUM ANALYZE …")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        loaded = Organisation.objects.create(
            name=MARKER_ORGANISATION,
            short_name=json.dumps({"day": today.isoformat(), "seconds": round(seconds)}),
            kind=Organisation.Kind.OTHER,
        )
    facts = json.loads(loaded.short_name)
    return {
        "day": facts["day"],
        "load_seconds": facts["seconds"],
        "focus_cases": cases_scope(user=focus).exclude(phase=Phase.CLOSED).count(),
        "managers": len(managers),
    }


# --- Logging in ------------------------------------------------------------------------------


def focus_login() -> tuple[User, str]:
    """The focus manager with a fresh password and TOTP authenticator, logged in through
    allauth's forms like a person (password, then the code). Returns the user and the
    session cookie's value."""
    user = User.objects.get(email=FOCUS_EMAIL)
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    user.authenticator_set.all().delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    browser = TestClient(HTTP_HOST=HOST)
    response = browser.post(reverse("account_login"), {"login": user.email, "password": password})
    if response.status_code != 302 or "2fa" not in response.headers.get("Location", ""):
        raise RuntimeError(f"Login: expected the TOTP step, got {response.status_code}")
    response = browser.post(reverse("mfa_authenticate"), {"code": totp_code(secret, valid_for=2)})
    if response.status_code != 302:
        raise RuntimeError(f"TOTP step failed with {response.status_code}")
    return user, browser.cookies[settings.SESSION_COOKIE_NAME].value


def steering_login() -> str:
    """A steering-group member (no second factor required for the role) logged in with a
    password through allauth's form; the session cookie's value."""
    user, _created = User.objects.get_or_create(
        email=STEERING_EMAIL, defaults={"display_name": "Mitglied der Lenkungsgruppe (Benchmark)"}
    )
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=Role.STEERING_MEMBER))
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    browser = TestClient(HTTP_HOST=HOST)
    response = browser.post(reverse("account_login"), {"login": user.email, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"Steering login failed with {response.status_code}")
    return browser.cookies[settings.SESSION_COOKIE_NAME].value


# --- URLs ------------------------------------------------------------------------------------


def scenarios(user: User) -> dict[str, list[str]]:
    """URL lists per scenario, for the focus manager."""
    with translation.override("de"):
        caseload = reverse("cases:caseload")
        focus_cases = list(
            cases_scope(user=user).order_by("client__case_number").select_related("client")
        )
        detail = [reverse("cases:case_detail", args=[case.pk]) for case in focus_cases[:20]]
        dashboard = reverse("steering:dashboard")
    towns = list(Municipality.objects.order_by("name").values_list("pk", flat=True)[:5])
    last_names = sorted({case.client.last_name for case in focus_cases})
    rng = random.Random(SEED)  # noqa: S311
    typos = [name[:2] + name[3:] for name in rng.sample(last_names, 4)]  # "Hadad"
    first_names = rng.sample(sorted({case.client.first_name for case in focus_cases}), 3)
    searches = [
        *rng.sample(last_names, 6),
        *typos,
        *first_names,
        f"{first_names[0]} {last_names[0]}",
        focus_cases[7].client.case_number,
        "KIM-B-0001",
        "Quantenphysik",
    ]
    return {
        "floor": ["/healthz"],
        "caseload": [caseload],
        "search": [f"{caseload}?{urllib.parse.urlencode({'q': query})}" for query in searches],
        "overdue": [f"{caseload}?overdue=on"],
        "page2": [f"{caseload}?page=2"],
        "case": detail,
        "dashboard": [
            dashboard,
            *(f"{dashboard}?town={pk}" for pk in towns),
            f"{dashboard}?start=2025-01&end=2025-12",
        ],
    }


SCENARIO_NAMES = {
    "floor": "(a) floor: /healthz",
    "caseload": "(b) caseload, page 1",
    "search": "(c) caseload, search",
    "overdue": "(d) caseload, overdue only",
    "page2": "(e) caseload, page 2",
    "case": "(f) case page",
    "dashboard": "(g) steering dashboard (a member)",
}


# --- gunicorn and wrk ------------------------------------------------------------------------


def fetch(path: str, cookie: str = "") -> tuple[int, str]:
    """One GET with the session cookie: status and the Location header."""
    headers = {"Accept-Language": "de"}
    if cookie:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
    status, answer_headers, _body, _head = harness.fetch(path, port=PORT, headers=headers)
    return status, answer_headers.get("location", "")


def scenario(wrk: str, server, paths: list[str], cookie: str) -> tuple[dict, dict]:
    """The scenario's capacity (wrk, closed loop) and its latency at PEAK_RATE (open
    loop), each after a warm-up."""
    harness.quiet_wait(timeout=30)
    session = (f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}",)
    options = {"connections": CONNECTIONS, "headers": session}
    harness.wrk_run(wrk, paths, WARMUP_SECONDS, server, **options)
    capacity = harness.wrk_run(wrk, paths, DURATION_SECONDS, server, **options)
    harness.drain(port=PORT)
    harness.quiet_wait(timeout=30)
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    loop = {"rate": PEAK_RATE, "server": server, "headers": headers}
    harness.open_loop(paths, seconds=WARMUP_SECONDS, **loop)
    peak = harness.open_loop(paths, seconds=DURATION_SECONDS, **loop)
    return capacity, peak


def alone(paths: list[str], cookie: str, rounds: int = 5) -> float:
    """Median ms of ``paths`` requested one after another by one client."""
    samples = []
    for _ in range(rounds):
        for path in paths[:10]:
            started = time.perf_counter()
            fetch(path, cookie)
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


# --- Where the time goes ---------------------------------------------------------------------


class Statements:
    """Every SQL statement run inside the block, timed."""

    def __init__(self):
        self.rows: list[tuple[float, str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.rows.append(((time.perf_counter() - started) * 1000, sql, params))

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def slowest(self) -> tuple[float, str, object]:
        """The slowest read: writes (audit, session, reminders) are not explained, since
        EXPLAIN ANALYZE would run them again."""
        reads = [row for row in self.rows if row[1].lstrip().upper().startswith("SELECT")]
        return max(reads or [(0.0, "SELECT 1", None)], key=lambda row: row[0])

    def plan(self) -> list[str]:
        """EXPLAIN ANALYZE of the slowest statement (it reads; the selectors' own SQL)."""
        _ms, sql, params = self.slowest()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            return [row[0] for row in cursor.fetchall()]


def query_profile(user: User, path: str) -> dict:
    """The page rendered in this process (DEBUG on): statements, SQL time, the slowest
    statement and its plan."""
    browser = TestClient(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="de")
    browser.force_login(user)
    browser.get(path)  # warm: templates, translations
    with Statements() as statements:
        started = time.perf_counter()
        status = browser.get(path).status_code
        total = (time.perf_counter() - started) * 1000
    worst_ms, worst_sql, worst_params = statements.slowest()
    return {
        "path": path,
        "status": status,
        "total_ms": total,
        "queries": len(statements.rows),
        "sql_ms": sum(row[0] for row in statements.rows),
        "worst_ms": worst_ms,
        "worst_sql": _inline(worst_sql, worst_params),
        "plan": statements.plan(),
    }


def _inline(sql: str, params) -> str:
    """The statement with its parameters filled in, for reading (not for running)."""
    with connection.cursor() as cursor:
        return cursor.mogrify(sql, params).decode() if params else sql


# --- The reminder scan -----------------------------------------------------------------------


def scan_measure() -> dict:
    """``scan_case_reminders`` twice at 09:30 Europe/Berlin today, after deleting the
    cases' reminders of earlier runs."""
    now = datetime.combine(timezone.localdate(), clock(9, 30), tzinfo=BERLIN)
    deleted = Reminder.objects.filter(kind__startswith="cases.").delete()[0]
    runs = []
    with time_machine.travel(now, tick=True):
        for _ in range(2):
            harness.quiet_wait(timeout=30)
            with Statements() as statements:
                started = time.perf_counter()
                report = scan_case_reminders()
                seconds = time.perf_counter() - started
            worst_ms, worst_sql, worst_params = statements.slowest()
            runs.append(
                {
                    "seconds": seconds,
                    "report": report,
                    "created": sum(n for key, n in report.items() if key != "cancelled" and n > 0),
                    "failed": [key for key, n in report.items() if n < 0],
                    "queries": len(statements.rows),
                    "sql_ms": sum(row[0] for row in statements.rows),
                    "worst_ms": worst_ms,
                    "worst_sql": _inline(worst_sql, worst_params),
                    "plan": statements.plan(),
                }
            )
            print(
                f"  scan: {seconds:.1f} s, {runs[-1]['created']:,} reminders created, "
                f"{len(statements.rows):,} statements, slowest {worst_ms:.0f} ms"
            )
    return {"now": now, "deleted_before": deleted, "runs": runs}


# --- Report ----------------------------------------------------------------------------------


_ms = harness.ms


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _sql_block(title: str, profile: dict, lines: int = 30) -> list[str]:
    sql = profile["worst_sql"]
    sql = sql if len(sql) <= 3000 else sql[:3000] + " …"
    return [
        f"<details><summary>{title}: {_ms(profile['worst_ms'])} ms</summary>",
        "",
        "```sql",
        sql,
        "```",
        "",
        "```",
        *profile["plan"][:lines],
        *(["…"] if len(profile["plan"]) > lines else []),
        "```",
        "",
        "</details>",
    ]


def _producer_counts(report: dict) -> str:
    return ", ".join(
        f"{key.removeprefix('remind_case_managers_of_').replace('_', ' ')}: {count}"
        for key, count in report.items()
    )


def _cpu(row: dict) -> str:
    return (
        f"{row['cpu_gunicorn']:.2f} / {row['cpu_postgres']:.2f} / {row['cpu_wrk']:.2f} / "
        f"{row['cpu_other']:.2f}"
    )


def report(*, facts, data, results, peaks, singles, profiles, scan, minutes, options) -> str:
    first, second = scan["runs"]
    caseload_keys = ("caseload", "search", "overdue", "page2")
    caseload_p95 = max(peaks[key]["p95"] for key in caseload_keys)
    caseload_capacity_p95 = max(results[key]["p95"] for key in caseload_keys)
    all_rows = [*results.values(), *peaks.values()]
    lines = [
        BLOCK_START,
        f"Run of {timezone.localtime():%Y-%m-%d %H:%M} (Europe/Berlin), {minutes:.1f} min; "
        f"{facts['host']}: {facts['cores']} vCPU ({facts['cpu']}), "
        f"{facts['memory_gib']:.0f} GiB, PostgreSQL {facts['postgres']}, "
        f"Redis {facts['redis']}, Python {facts['python']}, Django {facts['django']}, "
        f"gunicorn {facts['gunicorn']}, wrk {facts['wrk']} (on the same machine).",
        "",
        f"Data (written {data['day']} in {data['load_seconds']} s): {CLIENTS:,} clients with "
        f"one case each (30 % closed), {CONTACTS:,} contacts, a consent per case, goals and "
        f"appointments for some open cases; {data['managers']} case managers. The measured "
        f"case manager has {data['focus_cases']} open cases; the case pages are "
        f"{DETAIL_CASES} of them with 60–150 contacts.",
        "",
        f"Server: `gunicorn kim_portal.wsgi {options}`, DJANGO_DEBUG=false. Logged in as "
        "that case manager (session cookie of a real login with TOTP); the dashboard as a "
        "steering-group member. CPU in cores of the "
        f'{facts["cores"]}; "other" is everything else on the machine (other people\'s '
        "test runs).",
        "",
        f"**At the district's peak** (the targets): requests arriving at {PEAK_RATE} per "
        f"second (Poisson), each of the {data['managers']} case managers opening a page every "
        f"{data['managers'] / PEAK_RATE:.1f} s; latency counted from when a request was due "
        f"(`harness.open_loop`), {WARMUP_SECONDS} s warm-up then {DURATION_SECONDS} s "
        "measured per scenario.",
        "",
        "| Scenario | URLs | Requests | p50 ms | p95 ms | p99 ms | Non-2xx | Alone ms | "
        "CPU (cores): gunicorn / PostgreSQL / client / other |",
        "|---|---|---|---|---|---|---|---|---|",
        *(
            f"| {SCENARIO_NAMES[key]} | {row['urls']} | {row['requests']:,} | "
            f"{_ms(row['p50'])} | {_ms(row['p95'])} | {_ms(row['p99'])} | {row['errors']} | "
            f"{_ms(singles[key])} | {_cpu(row)} |"
            for key, row in peaks.items()
        ),
        "",
        '"Alone ms": median of the scenario\'s URLs requested one at a time by one client.',
        "",
        f"**Capacity** (closed loop): wrk, 2 threads, {CONNECTIONS} keep-alive connections "
        f"that send the next request as soon as the last returns, {WARMUP_SECONDS} s warm-up "
        f"then {DURATION_SECONDS} s measured (`bench/load.lua`). Here the latency is mostly "
        "the queue in front of the 2 cores.",
        "",
        "| Scenario | Requests | Requests/s | p50 ms | p95 ms | p99 ms | Non-2xx | "
        "CPU (cores): gunicorn / PostgreSQL / wrk / other |",
        "|---|---|---|---|---|---|---|---|",
        *(
            f"| {SCENARIO_NAMES[key]} | {row['requests']:,} | {row['rps']:.1f} | "
            f"{_ms(row['p50'])} | {_ms(row['p95'])} | {_ms(row['p99'])} | {row['errors']} | "
            f"{_cpu(row)} |"
            for key, row in results.items()
        ),
        "",
        "Each page once more in the benchmark process (DEBUG on):",
        "",
        "| Page | In-process ms | Queries | SQL ms | Slowest read ms |",
        "|---|---|---|---|---|",
        *(
            f"| `{urllib.parse.unquote(profile['path'])}` | {_ms(profile['total_ms'])} | "
            f"{profile['queries']} | {_ms(profile['sql_ms'])} | {_ms(profile['worst_ms'])} |"
            for profile in profiles
        ),
        "",
        f"Reminder scan (`cases.tasks.scan_case_reminders`, in this process) at "
        f"{scan['now']:%Y-%m-%d %H:%M} Europe/Berlin, over all {CLIENTS:,} cases:",
        "",
        "| Run | Seconds | Reminders created | Statements | SQL s | Slowest read ms |",
        "|---|---|---|---|---|---|",
        *(
            f"| {name} | {run['seconds']:.1f} | {run['created']:,} "
            f"({_producer_counts(run['report'])}) | "
            f"{run['queries']:,} | {run['sql_ms'] / 1000:.1f} | {_ms(run['worst_ms'])} |"
            for name, run in (("first", first), ("second", second))
        ),
        "",
        "| Target | Measured | |",
        "|---|---|---|",
        f"| Caseload p95 ≤ {TARGET_PAGE_P95_MS} ms (300 cases, {PEAK_RATE} requests/s) | "
        f"{_ms(peaks['caseload']['p95'])} ms; worst variant {_ms(caseload_p95)} ms "
        f"(capacity run: {_ms(caseload_capacity_p95)} ms) | "
        f"{_verdict(caseload_p95 <= TARGET_PAGE_P95_MS)} |",
        f"| Case page p95 ≤ {TARGET_PAGE_P95_MS} ms ({PEAK_RATE} requests/s) | "
        f"{_ms(peaks['case']['p95'])} ms (capacity run: {_ms(results['case']['p95'])} ms) | "
        f"{_verdict(peaks['case']['p95'] <= TARGET_PAGE_P95_MS)} |",
        f"| Steering dashboard p95 ≤ {TARGET_DASHBOARD_P95_MS} ms ({PEAK_RATE} requests/s) | "
        f"{_ms(peaks['dashboard']['p95'])} ms (capacity run: "
        f"{_ms(results['dashboard']['p95'])} ms) | "
        f"{_verdict(peaks['dashboard']['p95'] <= TARGET_DASHBOARD_P95_MS)} |",
        f"| Reminder scan ≤ {TARGET_SCAN_SECONDS} s | {first['seconds']:.1f} s | "
        f"{_verdict(first['seconds'] <= TARGET_SCAN_SECONDS and not first['failed'])} |",
        f"| Second scan creates nothing | {second['created']} created | "
        f"{_verdict(second['created'] == 0 and not second['failed'])} |",
        f"| No errors | {sum(row['errors'] for row in all_rows)} non-2xx or socket "
        f"errors | {_verdict(not any(row['errors'] for row in all_rows))} |",
        "",
        "Slowest reads (parameters filled in) and their plans:",
        "",
    ]
    slowest_page = max(profiles, key=lambda profile: profile["worst_ms"])
    lines += _sql_block(f"Page `{urllib.parse.unquote(slowest_page['path'])}`", slowest_page)
    lines += [""]
    lines += _sql_block("Reminder scan, first run", first)
    lines += [BLOCK_END]
    return "\n".join(lines)


def docs_write(block: str) -> None:
    rerun = (
        "Rerun: `.venv/bin/python bench/cases_load.py` (own database "
        "`kim_portal_bench_cases` and Redis db 8, filled on the first run: 13 minutes "
        "on a busy machine; then about 11 minutes per run, most of it waiting for a quiet "
        "machine). `--no-docs` prints only. Each run rewrites the block between the "
        "markers below."
    )
    harness.docs_block_write(block, start=BLOCK_START, end=BLOCK_END, section=SECTION, rerun=rerun)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gunicorn", default=GUNICORN_OPTIONS, help="gunicorn options")
    parser.add_argument("--jobs", type=int, default=2, help="processes writing the data")
    parser.add_argument("--no-docs", action="store_true", help="print only")
    args = parser.parse_args()
    started = time.monotonic()
    wrk = shutil.which("wrk") or sys.exit("wrk is missing: apt-get install -y wrk")
    print(f"Database {settings.DATABASES['default']['NAME']}, Redis {settings.REDIS_URL}")
    data = database_prepare(args.jobs)
    print(f"Focus case manager: {data['focus_cases']} open cases.")
    user, cookie = focus_login()
    urls = scenarios(user)
    cookies = dict.fromkeys(urls, cookie) | {"dashboard": steering_login()}
    # The same key as this process: the session it logs in with must be valid there.
    env = harness.production_env(SECRET_KEY=os.environ["SECRET_KEY"])
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = Path(f"/tmp/cases_load_gunicorn_{os.getpid()}.log")  # noqa: S108
    results, peaks, singles = {}, {}, {}
    with harness.Gunicorn(args.gunicorn, env, log, port=PORT) as server:
        answers = [
            (path, *fetch(path, cookies[key])) for key, paths in urls.items() for path in paths
        ]
        bad = [answer for answer in answers if answer[1] != 200]
        if bad:
            raise RuntimeError(f"URLs that do not answer 200 (logged in?): {bad[:5]}")
        for key, paths in urls.items():
            print(f"Load: {SCENARIO_NAMES[key]} ({len(paths)} URLs) …")
            results[key], peaks[key] = scenario(wrk, server, paths, cookies[key])
            for name, row in (("capacity", results[key]), (f"{PEAK_RATE}/s", peaks[key])):
                print(
                    f"  {name}: {row['rps']:.1f} req/s, p50 {_ms(row['p50'])}, p95 "
                    f"{_ms(row['p95'])}, p99 {_ms(row['p99'])} ms, errors {row['errors']}, "
                    f"other CPU {row['cpu_other']:.2f}"
                )
        harness.quiet_wait(timeout=30)
        singles = {key: alone(paths, cookies[key]) for key, paths in urls.items()}
    # One URL per scenario (a name search and a typo for the search) in this process.
    profiled = [
        paths[min(1, len(paths) - 1)]
        for key, paths in urls.items()
        if key not in ("floor", "dashboard")
    ]
    profiles = [query_profile(user, path) for path in [*profiled, urls["search"][6]]]
    for profile in profiles:
        print(
            f"  {_ms(profile['total_ms']):>6} ms  {profile['queries']} queries, SQL "
            f"{_ms(profile['sql_ms'])} ms, slowest {_ms(profile['worst_ms'])} ms  "
            f"{urllib.parse.unquote(profile['path'])}"
        )
    print("Reminder scan …")
    scan = scan_measure()
    block = report(
        facts=harness.machine(),
        data=data,
        results=results,
        peaks=peaks,
        singles=singles,
        profiles=profiles,
        scan=scan,
        minutes=(time.monotonic() - started) / 60,
        options=args.gunicorn,
    )
    print()
    print(block)
    if not args.no_docs:
        docs_write(block)
        print(f"\nWritten to {DOCS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
