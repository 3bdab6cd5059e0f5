"""Demo cases, loaded by ``manage.py seed_demo`` after the offers: about 60 fictional clients
in all 15 towns and all phases of the DGCC cycle, for three demo case managers (two in the
Kommunales Integrationszentrum, one at a welfare organisation) and two team leads, with
consents, assessments, goals, referrals to published demo offers, contacts, appointments,
follow-ups (some overdue) and anonymous barrier reports.

Everything is written through ``cases.services``, so validation, consent rules and the
audit trail apply as in real use (about 1,000 service calls, a few seconds). Two
documented exceptions, because the services rightly refuse them for real work: overdue
follow-ups (``follow_up_set`` refuses past dates) are set on the case row afterwards, and
phase changes carry today's time (the history cannot be backdated).

Idempotent: a client is keyed by name among the clients its demo case manager can see
(read through ``clients_visible_to``), barrier reports by their text; what exists is left
alone. Deterministic: every choice comes from one seeded random generator; dates move with
today. All names are fictional."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from kim_portal.demo import demo_seeder
from kim_portal.models import Municipality, Organisation, Role, User
from offers.models import Offer

from .choices import (
    ClosureReason,
    ConsentForm,
    ContactMode,
    Gender,
    GoalStatus,
    IntakeDecision,
    LifeDomain,
    NeedLevel,
    Partner,
    Phase,
    ReferralStatus,
    ResidenceStatus,
)
from .models import BarrierReport
from .selectors import cases_visible_to, clients_visible_to, goals_for_case
from .services import (
    DomainAssessment,
    appointment_create,
    assessment_record,
    barrier_report_create,
    case_close,
    case_intake_decide,
    case_open,
    case_transition,
    client_create,
    consent_record,
    contact_log,
    follow_up_set,
    goal_agree,
    goal_update,
    referral_create,
    referral_set_status,
)

DEMO_DOMAIN = "kim-demo.example"
# The foundation's demo logins (seed_demo) the cases are given to.
FOUNDATION_MANAGER = f"fallmanagement@{DEMO_DOMAIN}"
# (email local part, display name, role, organisation name) added by this seeder; they get
# the same password as the foundation's demo logins.
WELFARE = "Freie Wohlfahrtspflege im Märkischen Kreis"
KI = "Kommunales Integrationszentrum Märkischer Kreis"
EXTRA_USERS = [
    ("fallmanagement2", "Jana Petersen (Demo)", Role.CASE_MANAGER, KI),
    ("fallmanagement-wohlfahrt", "Mehmet Aydın (Demo)", Role.CASE_MANAGER, WELFARE),
    ("teamleitung-wohlfahrt", "Birgit Sommer (Demo)", Role.CASE_TEAM_LEAD, WELFARE),
]

# (first names female, first names male, last names, country, languages, residence status)
ORIGINS = [
    (
        ["Amira", "Rasha", "Lina", "Hiba", "Nour"],
        ["Khaled", "Omar", "Yousef", "Samer", "Bassel"],
        ["Al-Hassan", "Darwish", "Haddad", "Khalil", "Mansour", "Sabbagh"],
        "SY",
        ["ar"],
        ResidenceStatus.RESIDENCE_PERMIT,
    ),
    (
        ["Olena", "Iryna", "Kateryna", "Oksana", "Tetiana"],
        ["Andrii", "Serhii", "Dmytro", "Oleksandr", "Vasyl"],
        ["Kovalenko", "Bondarenko", "Tkachenko", "Shevchenko", "Melnyk", "Kravets"],
        "UA",
        ["uk", "ru"],
        ResidenceStatus.TEMPORARY_PROTECTION,
    ),
    (
        ["Mariam", "Zahra", "Fatima", "Sahar", "Parwana"],
        ["Ahmad", "Farid", "Javid", "Mustafa", "Nasir"],
        ["Ahmadi", "Rahimi", "Karimi", "Hashimi", "Noori", "Sultani"],
        "AF",
        ["prs", "ps"],
        ResidenceStatus.ASYLUM_PROCEDURE,
    ),
    (
        ["Elif", "Zeynep", "Ayşe", "Hatice", "Derya"],
        ["Mehmet", "Emre", "Murat", "Hasan", "Burak"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Öztürk", "Arslan"],
        "TR",
        ["tr", "ku"],
        ResidenceStatus.ASYLUM_PROCEDURE,
    ),
    (
        ["Shilan", "Rana", "Noor", "Dilan", "Zina"],
        ["Ali", "Haidar", "Karwan", "Mohammed", "Sarbast"],
        ["Al-Jubouri", "Hamid", "Qasim", "Barzani", "Saleh", "Ibrahim"],
        "IQ",
        ["ar", "ku"],
        ResidenceStatus.TOLERATION,
    ),
    (
        ["Helen", "Senait", "Yordanos", "Selam", "Lidya"],
        ["Dawit", "Yonas", "Tesfay", "Filmon", "Abel"],
        ["Tesfamariam", "Gebremedhin", "Haile", "Kidane", "Berhane", "Ghebreyesus"],
        "ER",
        ["ti"],
        ResidenceStatus.RESIDENCE_PERMIT,
    ),
]
PERMIT_DETAIL = {
    ResidenceStatus.RESIDENCE_PERMIT: "§ 25 Abs. 2 AufenthG",
    ResidenceStatus.TEMPORARY_PROTECTION: "§ 24 AufenthG",
}
TOWNS = [
    "Altena",
    "Balve",
    "Halver",
    "Hemer",
    "Herscheid",
    "Iserlohn",
    "Kierspe",
    "Lüdenscheid",
    "Meinerzhagen",
    "Menden (Sauerland)",
    "Nachrodt-Wiblingwerde",
    "Neuenrade",
    "Plettenberg",
    "Schalksmühle",
    "Werdohl",
]
# Phases of the 60 cases: every phase, most in the working phases.
PHASES = (
    [Phase.INTAKE] * 7
    + [Phase.ASSESSMENT] * 8
    + [Phase.PLANNING] * 8
    + [Phase.LINKING] * 10
    + [Phase.MONITORING] * 12
    + [Phase.EVALUATION] * 6
    + [Phase.CLOSED] * 9
)
ORDER = [Phase.INTAKE, Phase.ASSESSMENT, Phase.PLANNING, Phase.LINKING, Phase.MONITORING]
GOALS = {
    LifeDomain.LANGUAGE: "Integrationskurs bis B1 abschließen",
    LifeDomain.WORK: "Eine Stelle oder ein Praktikum im erlernten Beruf finden",
    LifeDomain.HOUSING: "Eine eigene Wohnung finden",
    LifeDomain.EDUCATION: "Kita-Platz für das jüngste Kind sichern",
    LifeDomain.TRAINING: "Berufsabschluss anerkennen lassen",
    LifeDomain.RESIDENCE: "Aufenthaltstitel rechtzeitig verlängern",
    LifeDomain.HEALTH: "Regelmäßige hausärztliche Versorgung sichern",
    LifeDomain.FINANCES: "Schulden mit der Schuldnerberatung ordnen",
}
SITUATIONS = {
    LifeDomain.LANGUAGE: "Deutsch im Alltag mit Unterstützung, Kurs noch nicht begonnen.",
    LifeDomain.WORK: "Berufserfahrung im Herkunftsland, derzeit ohne Beschäftigung.",
    LifeDomain.HOUSING: "Wohnt beengt in einer Gemeinschaftsunterkunft.",
    LifeDomain.EDUCATION: "Kinder im Kita- und Grundschulalter, Anmeldung offen.",
    LifeDomain.TRAINING: "Abschluss vorhanden, Unterlagen teilweise übersetzt.",
    LifeDomain.RESIDENCE: "Aufenthaltstitel befristet, Verlängerung steht an.",
    LifeDomain.HEALTH: "Keine feste Hausarztpraxis, Termine schwer zu bekommen.",
    LifeDomain.FINANCES: "Offene Rechnungen, Überblick fehlt.",
}
BARRIERS = [
    (
        LifeDomain.LANGUAGE,
        "Iserlohn",
        "Wartezeit auf einen Integrationskurs mit Kinderbetreuung liegt bei über sechs Monaten.",
    ),
    (
        LifeDomain.RESIDENCE,
        "Lüdenscheid",
        "Termine bei der Ausländerbehörde zur Verlängerung "
        "sind erst nach Ablauf des Titels zu bekommen.",
    ),
    (
        LifeDomain.TRAINING,
        "Menden (Sauerland)",
        "Anerkennungsverfahren für Pflegeabschlüsse "
        "dauern wegen fehlender Übersetzungen sehr lange.",
    ),
    (
        LifeDomain.HOUSING,
        "Plettenberg",
        "Kaum bezahlbare Wohnungen für große Familien; "
        "Vermieter lehnen Bescheide des Jobcenters ab.",
    ),
    (
        LifeDomain.MOBILITY,
        "Herscheid",
        "Busverbindung zum Sprachkurs in Plettenberg fährt nachmittags nur alle zwei Stunden.",
    ),
    (
        LifeDomain.EDUCATION,
        "Werdohl",
        "Keine freien Kita-Plätze für Kinder unter drei Jahren; "
        "Eltern können den Sprachkurs nicht besuchen.",
    ),
    (
        LifeDomain.HEALTH,
        "Altena",
        "Psychotherapeutische Angebote mit Sprachmittlung fehlen im Umkreis.",
    ),
    (
        LifeDomain.LIVELIHOOD,
        "Hemer",
        "Wechsel vom AsylbLG ins SGB II führt zu Lücken von mehreren Wochen ohne Leistungen.",
    ),
    (
        LifeDomain.WORK,
        "Meinerzhagen",
        "Arbeitgeber verlangen Sprachnachweise, die in der Region "
        "nicht kurzfristig geprüft werden.",
    ),
    (
        LifeDomain.PARTICIPATION,
        "Balve",
        "Keine Erstorientierungsangebote im Ort; nächster Kurs in Menden.",
    ),
]


@dataclass(frozen=True)
class _Person:
    first_name: str
    last_name: str
    gender: str
    birth_year: int
    origin: tuple


@demo_seeder(order=30)
def seed_cases(stdout):
    """Load the demo case managers and cases; print a summary and the new logins."""
    today = timezone.localdate()
    rng = random.Random("kim-portal-demo-cases")  # noqa: S311 (demo data, not secrets)
    managers = _users()
    if not managers:
        stdout.write("Cases: demo case managers missing (run seed_demo), nothing loaded.")
        return
    towns = {m.name: m for m in Municipality.objects.filter(name__in=TOWNS)}
    offers = list(Offer.objects.filter(status=Offer.Status.PUBLISHED).order_by("pk")[:60])
    existing = {
        manager.pk: set(clients_visible_to(user=manager).values_list("first_name", "last_name"))
        for manager in managers
    }
    people = _people(rng)
    created = 0
    for number, (person, phase) in enumerate(zip(people, PHASES, strict=True)):
        manager = managers[number % len(managers)]
        # Drawn for every person, so a skipped one does not shift the others' choices.
        case_rng = random.Random(f"{person.first_name} {person.last_name} {number}")  # noqa: S311
        if (person.first_name, person.last_name) in existing[manager.pk]:
            continue
        town = towns[TOWNS[number % len(TOWNS)]]
        _case_create(person, phase, manager, town, offers, today, case_rng)
        created += 1
    reports = _barrier_reports(managers, towns, today)
    logins = ", ".join(f"{local}@{DEMO_DOMAIN}" for local, *_rest in EXTRA_USERS)
    stdout.write(
        f"Cases: {created} new (of {len(people)}), {reports} new barrier reports. "
        f"More case-management logins, with the password below: {logins}."
    )


def _users() -> list[User]:
    """The demo case managers, the foundation's first; the extra users get the foundation
    manager's password."""
    template = User.objects.filter(email=FOUNDATION_MANAGER).first()
    if template is None:
        return []
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[KI, WELFARE])}
    managers = [template]
    for local, display_name, role, organisation_name in EXTRA_USERS:
        email = f"{local}@{DEMO_DOMAIN}"
        user, _created = User.objects.get_or_create(
            email=email,
            defaults={
                "display_name": display_name,
                "organisation": organisations.get(organisation_name, template.organisation),
                "preferred_language": "de",
            },
        )
        # Same password as the foundation's demo logins (seed_demo sets a new one each run).
        user.password = template.password
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        user.groups.add(Group.objects.get(name=role.value))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role == Role.CASE_MANAGER:
            managers.append(user)
    return managers


def _people(rng: random.Random) -> list[_Person]:
    people, seen = [], set()
    while len(people) < len(PHASES):
        origin = ORIGINS[len(people) % len(ORIGINS)]
        female = rng.random() < 0.5
        first = rng.choice(origin[0] if female else origin[1])
        last = rng.choice(origin[2])
        if (first, last) in seen:
            continue
        seen.add((first, last))
        gender = Gender.FEMALE if female else Gender.MALE
        people.append(_Person(first, last, gender, rng.randint(1965, 2004), origin))
    return people


def _case_create(person, phase, manager, town, offers, today, rng) -> None:
    _f, _m, _l, country, languages, status = person.origin
    opened_on = today - timedelta(days=rng.randint(20, 400))
    permit_until = None
    if status in (ResidenceStatus.RESIDENCE_PERMIT, ResidenceStatus.TEMPORARY_PROTECTION):
        # Some permits run out within the next 12 weeks: the reminders show them.
        permit_until = today + timedelta(days=rng.choice([26, 55, 82, 200, 400, 600]))
    arrived = opened_on - timedelta(days=rng.randint(30, 600))
    client = client_create(
        by=manager,
        first_name=person.first_name,
        last_name=person.last_name,
        municipality=town,
        birth_year=person.birth_year,
        gender=person.gender,
        languages=languages,
        interpreter_needed=rng.random() < 0.6,
        country_of_origin=country,
        nationality=country,
        residence_status=status,
        residence_status_detail=PERMIT_DETAIL.get(status, ""),
        residence_permit_valid_from=(permit_until - timedelta(days=730)) if permit_until else None,
        residence_permit_valid_until=permit_until,
        arrived_in_germany_on=arrived,
        arrived_in_district_on=arrived + timedelta(days=rng.randint(0, 20)),
        phone=f"02351 0{rng.randint(100000, 999999)}",  # 0 after the area code: never assigned
    )
    case = case_open(
        client=client,
        case_manager=manager,
        by=manager,
        opened_on=opened_on,
        in_district_up_to_3_years=True,
        no_other_case_management=True,
        complex_needs=True,
    )
    partners = rng.sample(
        [Partner.JOBCENTER, Partner.FOREIGNERS_AUTHORITY, Partner.COURSE_PROVIDER, Partner.MBE],
        k=rng.randint(1, 3),
    )
    not_taken_on = phase == Phase.CLOSED and rng.random() < 0.3
    if phase != Phase.INTAKE or rng.random() < 0.5:
        consent_record(
            case=case,
            by=manager,
            given_on=opened_on,
            form=rng.choice(list(ConsentForm)),
            covers_case_management=True,
            partners=partners,
        )
    if phase == Phase.INTAKE:
        _contacts(case, manager, opened_on, today, rng, count=1)
        _follow_up(case, manager, today, rng)
        return
    if not_taken_on:
        case_intake_decide(
            case=case,
            decision=IntakeDecision.NOT_TAKEN_ON,
            reason="Bereits im Case Management des Jugendmigrationsdienstes.",
            by=manager,
            decided_on=opened_on + timedelta(days=7),
        )
        return
    case_intake_decide(
        case=case,
        decision=IntakeDecision.TAKEN_ON,
        reason="Kriterien erfüllt, mehrere Lebensbereiche betroffen.",
        by=manager,
        decided_on=opened_on + timedelta(days=7),
    )
    target = Phase.EVALUATION if phase == Phase.CLOSED else phase
    domains = rng.sample(list(GOALS), k=3)
    steps = [*ORDER[1:], Phase.EVALUATION]
    for step in steps[: steps.index(target) + 1]:
        case_transition(case=case, to_phase=step, by=manager)
        if step == Phase.ASSESSMENT:
            assessment_record(
                case=case,
                by=manager,
                assessed_on=opened_on + timedelta(days=14),
                entries=[
                    DomainAssessment(
                        domain=domain,
                        need_level=rng.choice([NeedLevel.MEDIUM, NeedLevel.HIGH]),
                        situation=SITUATIONS[domain],
                        client_priority=priority,
                    )
                    for priority, domain in enumerate(domains, start=1)
                ],
            )
        elif step == Phase.PLANNING:
            for domain in domains:
                goal_agree(
                    case=case,
                    by=manager,
                    domain=domain,
                    text=GOALS[domain],
                    agreed_on=opened_on + timedelta(days=21),
                    # Some target dates have passed: the reminders show them.
                    target_date=today + timedelta(days=rng.choice([-10, -3, 30, 90, 180])),
                    responsible=rng.choice(["Klient*in", "Case Management", "gemeinsam"]),
                )
        elif step == Phase.LINKING:
            _referrals(case, manager, offers, partners, domains, rng)
    if phase == Phase.CLOSED:
        case_close(
            case=case,
            closure_reason=rng.choice(
                [ClosureReason.GOALS_ACHIEVED, ClosureReason.MOVED_AWAY, ClosureReason.HANDED_OVER]
            ),
            evaluation_summary="Ziele überwiegend erreicht; Anschluss an Regelangebote gesichert.",
            by=manager,
        )
        return
    _contacts(case, manager, opened_on, today, rng, count=rng.randint(1, 5))
    if rng.random() < 0.5:
        day = today + timedelta(days=rng.choice([0, 1, 1, 3, 7, 14]))
        appointment_create(
            case=case,
            by=manager,
            at=timezone.make_aware(datetime.combine(day, time(rng.choice([9, 10, 11, 14]), 30))),
            title=rng.choice(["Beratung im Büro", "Begleitung zur Ausländerbehörde", "Hausbesuch"]),
        )
    _follow_up(case, manager, today, rng)
    if phase == Phase.EVALUATION:
        for goal in goals_for_case(user=manager, case=case):
            goal_update(goal=goal, by=manager, status=rng.choice(list(GoalStatus)[2:5]))


def _referrals(case, manager, offers, partners, domains, rng) -> None:
    for domain in domains[:2]:
        partner = Partner.COURSE_PROVIDER if Partner.COURSE_PROVIDER in partners else ""
        if offers:
            referral = referral_create(
                case=case, by=manager, offer=rng.choice(offers), partner=partner, domain=domain
            )
        else:
            referral = referral_create(
                case=case, by=manager, external_service="Migrationsberatung", domain=domain
            )
        path = [ReferralStatus.CONTACTED, ReferralStatus.ACCEPTED, ReferralStatus.STARTED]
        for status in path[: rng.randint(0, 3)]:
            referral_set_status(referral=referral, status=status, by=manager)


def _contacts(case, manager, opened_on, today, rng, *, count) -> None:
    span = max((today - opened_on).days, 1)
    # Some cases have been silent for over 60 days: the reminders show them.
    silent = rng.random() < 0.15
    for _i in range(count):
        days_ago = rng.randint(61, 61 + span) if silent else rng.randint(0, min(span, 59))
        day = max(today - timedelta(days=days_ago), opened_on)
        contact_log(
            case=case,
            by=manager,
            occurred_at=timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16)))),
            duration_minutes=rng.choice([15, 30, 45, 60, 90]),
            mode=rng.choice(list(ContactMode)),
            interpreter_used=rng.random() < 0.4,
            note="Gespräch zum Stand der Ziele; nächste Schritte vereinbart.",
        )


def _follow_up(case, manager, today, rng) -> None:
    offset = rng.choice([-9, -4, -1, 0, 0, 2, 5, 10, 21, None])
    if offset is None:
        return
    follow_up_set(case=case, on=today + timedelta(days=max(offset, 0)), by=manager)
    if offset < 0:
        # follow_up_set refuses past dates (rightly, for real work); the demo needs some
        # overdue follow-ups, so the date is moved back on the row it just saved.
        case.next_follow_up_at = today + timedelta(days=offset)
        case.save(update_fields=["next_follow_up_at"])


def _barrier_reports(managers, towns, today) -> int:
    known = set(BarrierReport.objects.values_list("text", flat=True))
    created = 0
    for number, (domain, town, text) in enumerate(BARRIERS):
        if text in known:
            continue
        manager = managers[number % len(managers)]
        # A report is made from a case; any open case of the manager serves.
        case = cases_visible_to(user=manager).filter(phase=Phase.MONITORING).first()
        if case is None:
            continue
        barrier_report_create(
            case=case,
            by=manager,
            domain=domain,
            text=text,
            month=date(today.year, today.month, 1) - timedelta(days=30 * (number % 4)),
            municipality=towns[town],
        )
        created += 1
    return created
