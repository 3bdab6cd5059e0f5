"""Demo steering group, loaded by ``manage.py seed_demo`` after the cases: the "Lenkungsgruppe
KIM Märkischer Kreis" with its member organisations (DOMAIN.md), fictional members as
portal logins, four held meetings with published minutes, one upcoming planned meeting, two
working groups, decisions (adopted, rejected, deferred), action items in every state (some
overdue) and integration hurdles fed by the demo barrier reports of ``cases/demo.py``.

Everything is written through ``steering.services``, so validation, quorum and majority
checks and the audit trail apply as in real use. Documented exceptions, because the
services rightly refuse them for real work or stamp them with "now":

* releasing the invitation of a meeting in the past (``meeting_invite`` refuses a started
  meeting and would email invitations): the meeting row is set to ``invited`` with an
  ``invited_at`` before the meeting by ``.update()``;
* the minutes' timestamps (``circulated_at``, ``approved_at`` of the version,
  ``published_at`` of the meeting) are moved back to a few weeks after each meeting by
  ``.update()`` on the steering rows. Audit events keep today's time.

Only steering rows are updated that way, never client data.

Idempotent: nothing is loaded if the steering group exists (only the member logins get the
foundation's current password). Dates move with today: the meetings fall 8, 6, 4 and 2
months back, the planned one three weeks ahead. All persons are fictional."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from cases.models import BarrierReport
from kim_portal.demo import demo_seeder
from kim_portal.models import Municipality, Organisation, Role, User

from .choices import (
    ActionItemStatus,
    AttendanceStatus,
    BodyKind,
    DecisionOutcome,
    HurdleStatus,
    LifeDomain,
    MajorityRule,
    MeetingState,
    MembershipRole,
    QuorumRule,
)
from .models import BERLIN, ActionItem, Body, Meeting, MinutesVersion
from .services import (
    action_item_create,
    action_item_progress_add,
    agenda_item_add,
    agenda_item_minutes_set,
    attendance_set,
    decision_record,
    hurdle_create,
    hurdle_link_action_item,
    hurdle_link_decision,
    hurdle_link_reports,
    hurdle_note_add,
    hurdle_transition,
    meeting_create,
    meeting_hold,
    membership_add,
    minutes_approve,
    minutes_circulate,
    minutes_publish,
    minutes_start,
    rules_of_procedure_adopt,
    steering_group_create,
    working_group_establish,
)

DEMO_DOMAIN = "kim-demo.example"
GROUP_NAME = "Lenkungsgruppe KIM Märkischer Kreis"
LOCATION = "Kreishaus Lüdenscheid, Heedfelder Straße 45, Sitzungsraum 1"
AG_WORK = "AG Arbeitsmarktintegration"
AG_HOUSING = "AG Wohnen und Ankommen"
# The foundation's demo logins (seed_demo) the steering group is built around.
COORDINATOR = f"koordination@{DEMO_DOMAIN}"
CHAIR = f"vorsitz@{DEMO_DOMAIN}"
JOBCENTER_MEMBER = f"lenkungsgruppe@{DEMO_DOMAIN}"

K = Organisation.Kind
# (name, short name, kind, seat) of the member organisations, as seed_demo creates them;
# created here only if missing.
ORGANISATIONS = [
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
]
# (email local part, display name, organisation short name, membership role) added by this
# seeder with the steering_member role and the foundation logins' password.
EXTRA_USERS = [
    ("lg-ordnung", "Markus Brandt (Demo)", "MK Öffentliche Ordnung", MembershipRole.MEMBER),
    ("lg-iserlohn", "Claudia Neumann (Demo)", "Iserlohn", MembershipRole.MEMBER),
    ("lg-luedenscheid", "Stefan Hoffmann (Demo)", "Lüdenscheid", MembershipRole.DEPUTY),
    ("lg-wohlfahrt", "Monika Schreiber (Demo)", "Freie Wohlfahrtspflege", MembershipRole.MEMBER),
    ("lg-arbeitsagentur", "Thomas Becker (Demo)", "Agentur für Arbeit", MembershipRole.MEMBER),
    ("lg-bamf", "Katrin Vogel (Demo)", "BAMF", MembershipRole.MEMBER),
    ("lg-ehrenamt", "Samira Haddad (Demo)", "MSO / Ehrenamt", MembershipRole.MEMBER),
]
RULES_TEXT = (
    "§ 1 Aufgabe: Die Lenkungsgruppe steuert das Kommunale Integrationsmanagement im "
    "Märkischen Kreis.\n"
    "§ 2 Mitglieder: Jede Mitgliedsorganisation entsendet eine Person und eine Vertretung.\n"
    "§ 3 Sitzungen: Die Lenkungsgruppe tagt mindestens viermal im Jahr; die Einladung mit "
    "Tagesordnung geht 14 Tage vorher zu.\n"
    "§ 4 Beschlussfähigkeit: Beschlussfähig ist die Lenkungsgruppe, wenn mehr als die Hälfte "
    "der stimmberechtigten Mitglieder anwesend ist.\n"
    "§ 5 Beschlüsse: Beschlüsse werden mit einfacher Mehrheit der abgegebenen Stimmen gefasst.\n"
    "§ 6 Geschäftsführung: Die Geschäftsführung liegt beim Kommunalen Integrationszentrum."
)


@dataclass
class _Ctx:
    coordinator: User
    chair: User
    members: dict[str, User]  # by organisation short name
    seats: list = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)


@demo_seeder(order=40)
def seed_steering(stdout):
    """Load the demo steering group once; print a summary and the new logins."""
    if Body.objects.filter(kind=BodyKind.STEERING_GROUP, name=GROUP_NAME).exists():
        # Only the logins follow the foundation's password (seed_demo sets a new one).
        template = User.objects.filter(email=COORDINATOR).first()
        if template is not None:
            emails = [f"{local}@{DEMO_DOMAIN}" for local, *_rest in EXTRA_USERS]
            User.objects.filter(email__in=emails).update(password=template.password)
        stdout.write("Steering: the demo steering group exists, nothing loaded.")
        return
    users = {
        u.email: u for u in User.objects.filter(email__in=[COORDINATOR, CHAIR, JOBCENTER_MEMBER])
    }
    if len(users) < 3:
        stdout.write("Steering: demo steering logins missing (run seed_demo), nothing loaded.")
        return
    with transaction.atomic():
        counts = _load(users)
    logins = ", ".join(f"{local}@{DEMO_DOMAIN}" for local, *_rest in EXTRA_USERS)
    stdout.write(
        f"Steering: 1 steering group, 2 working groups, {counts['meetings']} meetings, "
        f"{counts['action_items']} action items, {counts['hurdles']} hurdles. "
        f"Steering-group member logins, with the password below: {logins}."
    )


def _load(users: dict[str, User]) -> dict[str, int]:
    organisations = _organisations()
    template = users[COORDINATOR]
    members = {"MK Jugend und Bildung": users[CHAIR], "Jobcenter MK": users[JOBCENTER_MEMBER]}
    for local, display_name, org_short, _role in EXTRA_USERS:
        members[org_short] = _member_user(local, display_name, organisations[org_short], template)
    ctx = _Ctx(coordinator=template, chair=users[CHAIR], members=members)
    months = [_month_back(ctx.today, n) for n in (8, 6, 4, 2)]
    dates = [_second_wednesday(year, month) for year, month in months]

    by = ctx.coordinator
    group = steering_group_create(by=by, name=GROUP_NAME, short_name="LG KIM", start_date=dates[0])
    _seat(
        ctx,
        group,
        users[CHAIR],
        organisations["MK Jugend und Bildung"],
        MembershipRole.CHAIR,
        dates[0],
    )
    for local, _name, org_short, role in EXTRA_USERS:
        _seat(ctx, group, members[org_short], organisations[org_short], role, dates[0])
        if local == "lg-luedenscheid":
            # The Jobcenter's seat after the deputy: the order of the member list.
            _seat(
                ctx,
                group,
                users[JOBCENTER_MEMBER],
                organisations["Jobcenter MK"],
                MembershipRole.MEMBER,
                dates[0],
            )
    _seat(ctx, group, ctx.coordinator, organisations["KI MK"], MembershipRole.SECRETARIAT, dates[0])

    state = {}
    _meeting_1(ctx, group, dates[0], state)
    _meeting_2(ctx, group, dates[1], state)
    _meeting_3(ctx, group, dates[2], state)
    _meeting_4(ctx, group, dates[3], state)
    _planned_meeting(ctx, group)
    _action_item_progress(ctx, state)
    hurdles = _hurdles(ctx, state)
    return {
        "meetings": Meeting.objects.filter(body__in=[group]).count(),
        "action_items": ActionItem.objects.filter(agenda_item__meeting__body=group).count(),
        "hurdles": hurdles,
    }


# --- People and seats ----------------------------------------------------------------------------


def _organisations() -> dict[str, Organisation]:
    towns = {m.name: m for m in Municipality.objects.all()}
    result = {}
    for name, short, kind, seat in ORGANISATIONS:
        org, _created = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "municipality": towns.get(seat)}
        )
        result[short] = org
    return result


def _member_user(local: str, display_name: str, organisation: Organisation, template: User):
    email = f"{local}@{DEMO_DOMAIN}"
    user, _created = User.objects.get_or_create(
        email=email,
        defaults={
            "display_name": display_name,
            "organisation": organisation,
            "preferred_language": "de",
        },
    )
    # Same password as the foundation's demo logins (seed_demo sets a new one each run).
    user.password = template.password
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    user.groups.add(Group.objects.get_or_create(name=Role.STEERING_MEMBER.value)[0])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _seat(ctx, body, user, organisation, role, start_date):
    membership = membership_add(
        by=ctx.coordinator,
        body=body,
        user=user,
        organisation=organisation,
        role=role,
        start_date=start_date,
    )
    ctx.seats.append(membership)
    return membership


# --- Meetings ------------------------------------------------------------------------------------


def _month_back(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 - months
    return index // 12, index % 12 + 1


def _second_wednesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 7)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=BERLIN)


def _held_meeting(ctx, body, day: date, name: str, agenda: list[str], absent: dict) -> tuple:
    """Create a past meeting with its agenda, mark it invited and held, record attendance.
    ``absent`` maps organisation short names to an attendance status other than present."""
    by = ctx.coordinator
    meeting = meeting_create(
        by=by, body=body, name=name, start=_at(day, 10), end=_at(day, 12), location=LOCATION
    )
    items = [agenda_item_add(by=by, meeting=meeting, title=title) for title in agenda]
    # Documented exception: the invitation of a past meeting (see the module docstring).
    Meeting.objects.filter(pk=meeting.pk).update(
        state=MeetingState.INVITED, invited_at=_at(day - timedelta(days=21), 9)
    )
    meeting.refresh_from_db()
    meeting_hold(by=by, meeting=meeting)
    for seat in ctx.seats:
        if seat.body_id != body.pk:
            continue
        status = absent.get(seat.organisation.short_name, AttendanceStatus.PRESENT)
        attendance_set(by=by, meeting=meeting, membership=seat, status=status)
    return meeting, items


def _close_minutes(ctx, meeting: Meeting, day: date) -> None:
    """Circulate, approve (chair) and publish the minutes; backdate their timestamps."""
    minutes_start(by=ctx.coordinator, meeting=meeting)
    minutes_circulate(by=ctx.coordinator, meeting=meeting)
    minutes_approve(by=ctx.chair, meeting=meeting)
    minutes_publish(by=ctx.coordinator, meeting=meeting)
    # Documented exception: the minutes' dates follow the meeting, not today.
    MinutesVersion.objects.filter(meeting=meeting).update(
        circulated_at=_at(day + timedelta(days=7), 9),
        approved_at=_at(day + timedelta(days=14), 11),
    )
    Meeting.objects.filter(pk=meeting.pk).update(published_at=_at(day + timedelta(days=15), 8))


def _minutes(ctx, item, text):
    agenda_item_minutes_set(by=ctx.coordinator, agenda_item=item, discussion=text)


def _decide(ctx, item, resolution, outcome, **votes):
    return decision_record(
        by=ctx.coordinator, agenda_item=item, resolution=resolution, outcome=outcome, **votes
    )


def _task(ctx, item, title, org_short, due_date, description=""):
    return action_item_create(
        by=ctx.coordinator,
        agenda_item=item,
        title=title,
        owner=ctx.members.get(org_short, ctx.coordinator),
        organisation=ctx.members.get(org_short, ctx.coordinator).organisation,
        due_date=due_date,
        description=description,
    )


def _meeting_1(ctx, group, day, state):
    """The constituent meeting: rules of procedure, two working groups."""
    by = ctx.coordinator
    meeting, items = _held_meeting(
        ctx,
        group,
        day,
        "1. (konstituierende) Sitzung der Lenkungsgruppe",
        [
            "Begrüßung und Feststellung der Beschlussfähigkeit",
            "Geschäftsordnung der Lenkungsgruppe",
            "Einsetzung der AG Arbeitsmarktintegration",
            "Einsetzung der AG Wohnen und Ankommen",
            "Verschiedenes",
        ],
        absent={"BAMF": AttendanceStatus.EXCUSED},
    )
    welcome, rules_item, ag_work_item, ag_housing_item, misc = items
    _minutes(
        ctx,
        welcome,
        "Die Vorsitzende begrüßt die Mitglieder. Die Lenkungsgruppe ist "
        "beschlussfähig; das BAMF ist entschuldigt.",
    )
    _minutes(
        ctx,
        rules_item,
        "Der Entwurf der Koordination wurde vorab versandt und ohne Änderungen beraten.",
    )
    rules_decision = _decide(
        ctx,
        rules_item,
        "Die Lenkungsgruppe gibt sich die vorgelegte Geschäftsordnung.",
        DecisionOutcome.ADOPTED,
        unanimous=True,
    )
    rules_of_procedure_adopt(
        by=by,
        body=group,
        text=RULES_TEXT,
        adopted_by=rules_decision,
        quorum_rule=QuorumRule.MORE_THAN_HALF,
        majority_rule=MajorityRule.SIMPLE_OF_VOTES_CAST,
    )
    _minutes(
        ctx,
        ag_work_item,
        "Jobcenter und Agentur für Arbeit berichten von langen Wegen bis zur ersten Beschäftigung.",
    )
    work_decision = _decide(
        ctx,
        ag_work_item,
        "Die Lenkungsgruppe setzt die AG Arbeitsmarktintegration ein. Sie erarbeitet bis zur "
        "übernächsten Sitzung Vorschläge für schnellere Wege in Arbeit und Ausbildung.",
        DecisionOutcome.ADOPTED,
        votes_for=7,
        votes_against=0,
        votes_abstain=1,
    )
    _minutes(
        ctx,
        ag_housing_item,
        "Die Städte schildern die angespannte Lage am Wohnungsmarkt, besonders für große Familien.",
    )
    housing_decision = _decide(
        ctx,
        ag_housing_item,
        "Die Lenkungsgruppe setzt die AG Wohnen und Ankommen ein. Sie befasst sich mit "
        "Wohnraum, Erstorientierung und dem Ankommen in den Kommunen.",
        DecisionOutcome.ADOPTED,
        unanimous=True,
    )
    state["ag_work"] = working_group_establish(
        by=by,
        parent=group,
        name=AG_WORK,
        short_name="AG Arbeit",
        mandate="Wege in Arbeit und Ausbildung beschleunigen: Anerkennung, Sprachnachweise, "
        "Zusammenarbeit von Jobcenter, Agentur für Arbeit und Arbeitgebern.",
        established_by=work_decision,
    )
    state["ag_housing"] = working_group_establish(
        by=by,
        parent=group,
        name=AG_HOUSING,
        short_name="AG Wohnen",
        mandate="Bezahlbaren Wohnraum erschließen und das Ankommen in den Kommunen erleichtern.",
        established_by=housing_decision,
    )
    organisations = {s.organisation.short_name: s.organisation for s in ctx.seats}
    for body, shorts in (
        (state["ag_work"], ["Jobcenter MK", "Agentur für Arbeit", "MSO / Ehrenamt"]),
        (state["ag_housing"], ["Lüdenscheid", "Iserlohn", "Freie Wohlfahrtspflege"]),
    ):
        for short in shorts:
            role = MembershipRole.CHAIR if short == shorts[0] else MembershipRole.MEMBER
            membership_add(
                by=by,
                body=body,
                user=ctx.members[short],
                organisation=organisations[short],
                role=role,
                start_date=day,
            )
    _minutes(ctx, misc, "Nächste Sitzung in zwei Monaten im Kreishaus.")
    state["done_1"] = _task(
        ctx,
        misc,
        "Sitzungstermine für das laufende Jahr abstimmen",
        "KI MK",
        day + timedelta(days=14),
    )
    state["done_2"] = _task(
        ctx,
        ag_work_item,
        "Konstituierende Sitzung der AG Arbeitsmarktintegration einberufen",
        "Jobcenter MK",
        day + timedelta(days=30),
    )
    _close_minutes(ctx, meeting, day)
    state["rules_decision"] = rules_decision


def _meeting_2(ctx, group, day, state):
    meeting, items = _held_meeting(
        ctx,
        group,
        day,
        "2. Sitzung der Lenkungsgruppe",
        [
            "Genehmigung des Protokolls der 1. Sitzung",
            "Bericht der Koordination: Hürdenmeldungen aus dem Case Management",
            "Integrationskurse mit Kinderbetreuung",
            "Antrag: Eigene Sprachkursplätze des Kreises",
        ],
        absent={"Agentur für Arbeit": AttendanceStatus.EXCUSED},
    )
    protocol, report, courses, motion = items
    _minutes(
        ctx, protocol, "Das Protokoll der 1. Sitzung wurde ohne Einwände zur Kenntnis genommen."
    )
    _minutes(
        ctx,
        report,
        "Die Koordination stellt die anonymen Hürdenmeldungen nach "
        "Lebensbereich und Kommune vor. Schwerpunkte: Sprache, Wohnen, Aufenthalt.",
    )
    _minutes(
        ctx,
        courses,
        "Das BAMF sagt zu, die Träger zu Kursen mit Kinderbetreuung zu "
        "beraten; die Wohlfahrtspflege bietet Räume an.",
    )
    state["courses_decision"] = _decide(
        ctx,
        courses,
        "Die Lenkungsgruppe bittet BAMF und Kursträger, im Nordkreis bis Jahresende zwei "
        "Integrationskurse mit Kinderbetreuung einzurichten.",
        DecisionOutcome.ADOPTED,
        votes_for=7,
        votes_against=0,
        votes_abstain=1,
    )
    state["courses_task"] = _task(
        ctx,
        courses,
        "Bedarf an Kursen mit Kinderbetreuung bei den Trägern abfragen",
        "BAMF",
        ctx.today - timedelta(days=20),
    )
    _minutes(
        ctx,
        motion,
        "Der Antrag der Migrantenselbstorganisationen wurde kontrovers "
        "beraten; die Finanzierung ist nicht gesichert.",
    )
    _decide(
        ctx,
        motion,
        "Der Kreis richtet aus eigenen Mitteln 60 zusätzliche Sprachkursplätze ein.",
        DecisionOutcome.REJECTED,
        votes_for=2,
        votes_against=5,
        votes_abstain=1,
    )
    state["dropped"] = _task(
        ctx,
        motion,
        "Kostenschätzung für eigene Sprachkursplätze erstellen",
        "MK Jugend und Bildung",
        day + timedelta(days=45),
    )
    _close_minutes(ctx, meeting, day)


def _meeting_3(ctx, group, day, state):
    meeting, items = _held_meeting(
        ctx,
        group,
        day,
        "3. Sitzung der Lenkungsgruppe",
        [
            "Genehmigung des Protokolls der 2. Sitzung",
            "Bericht der AG Arbeitsmarktintegration",
            "Termine bei der Ausländerbehörde",
            "Dolmetscherpool für Beratungsstellen",
        ],
        absent={
            "Iserlohn": AttendanceStatus.EXCUSED,
            "MSO / Ehrenamt": AttendanceStatus.ABSENT,
        },
    )
    protocol, ag_report, residence, interpreters = items
    _minutes(ctx, protocol, "Das Protokoll der 2. Sitzung wurde zur Kenntnis genommen.")
    _minutes(
        ctx,
        ag_report,
        "Die AG schlägt eine gemeinsame Anlaufstelle für "
        "Sprachnachweise mit der Agentur für Arbeit vor.",
    )
    state["work_task"] = _task(
        ctx,
        ag_report,
        "Konzept für Sprachnachweise mit Arbeitgebern abstimmen",
        "Agentur für Arbeit",
        ctx.today + timedelta(days=40),
    )
    _minutes(
        ctx,
        residence,
        "Der Fachbereich Öffentliche Ordnung stellt ein neues "
        "Terminverfahren mit Vorrang für ablaufende Titel vor.",
    )
    state["residence_decision"] = _decide(
        ctx,
        residence,
        "Die Ausländerbehörde vergibt Verlängerungstermine künftig acht Wochen vor Ablauf "
        "des Titels über ein Online-Verfahren.",
        DecisionOutcome.ADOPTED,
        unanimous=True,
    )
    state["residence_task"] = _task(
        ctx,
        residence,
        "Online-Terminvergabe für Verlängerungen einführen",
        "MK Öffentliche Ordnung",
        day + timedelta(days=42),
    )
    _minutes(
        ctx,
        interpreters,
        "Die Finanzierung eines gemeinsamen Dolmetscherpools ist "
        "offen; der Punkt soll mit Zahlen erneut beraten werden.",
    )
    _decide(
        ctx,
        interpreters,
        "Einrichtung eines kreisweiten Dolmetscherpools.",
        DecisionOutcome.DEFERRED,
    )
    state["interpreter_task"] = _task(
        ctx,
        interpreters,
        "Kosten und Bedarf eines Dolmetscherpools ermitteln",
        "Freie Wohlfahrtspflege",
        ctx.today - timedelta(days=35),
    )
    _close_minutes(ctx, meeting, day)


def _meeting_4(ctx, group, day, state):
    meeting, items = _held_meeting(
        ctx,
        group,
        day,
        "4. Sitzung der Lenkungsgruppe",
        [
            "Genehmigung des Protokolls der 3. Sitzung",
            "Bericht der AG Wohnen und Ankommen",
            "Dolmetscherpool für Beratungsstellen (vertagt aus der 3. Sitzung)",
            "Psychotherapeutische Versorgung mit Sprachmittlung",
        ],
        absent={"Jobcenter MK": AttendanceStatus.EXCUSED},
    )
    protocol, housing, interpreters, health = items
    _minutes(ctx, protocol, "Das Protokoll der 3. Sitzung wurde zur Kenntnis genommen.")
    _minutes(
        ctx,
        housing,
        "Die AG berichtet von Gesprächen mit Wohnungsgesellschaften; "
        "Vermieter lehnen Bescheide des Jobcenters häufig ab.",
    )
    state["housing_decision"] = _decide(
        ctx,
        housing,
        "Die Lenkungsgruppe beauftragt die AG Wohnen und Ankommen, mit den Wohnungsgesellschaften "
        "eine Kooperationsvereinbarung für große Familien vorzubereiten.",
        DecisionOutcome.ADOPTED,
        votes_for=6,
        votes_against=1,
        votes_abstain=1,
    )
    state["housing_task"] = _task(
        ctx,
        housing,
        "Entwurf der Kooperationsvereinbarung mit Wohnungsgesellschaften",
        "Lüdenscheid",
        ctx.today + timedelta(days=21),
    )
    _minutes(ctx, interpreters, "Die Kostenschätzung liegt noch nicht vor.")
    _decide(
        ctx,
        interpreters,
        "Einrichtung eines kreisweiten Dolmetscherpools.",
        DecisionOutcome.DEFERRED,
    )
    _minutes(
        ctx,
        health,
        "Im Kreis fehlen Therapieplätze mit Sprachmittlung; die "
        "Zuständigkeit liegt bei der Kassenärztlichen Vereinigung.",
    )
    _decide(
        ctx,
        health,
        "Der Kreis finanziert Sprachmittlung für Psychotherapie aus eigenen Mitteln.",
        DecisionOutcome.REJECTED,
        votes_for=1,
        votes_against=6,
        votes_abstain=1,
    )
    state["health_task"] = _task(
        ctx,
        health,
        "Schreiben an die Kassenärztliche Vereinigung vorbereiten",
        "MK Jugend und Bildung",
        ctx.today + timedelta(days=14),
    )
    _close_minutes(ctx, meeting, day)


def _planned_meeting(ctx, group):
    day = ctx.today + timedelta(days=21)
    by = ctx.coordinator
    meeting = meeting_create(
        by=by,
        body=group,
        name="5. Sitzung der Lenkungsgruppe",
        start=_at(day, 10),
        end=_at(day, 12),
        location=LOCATION,
    )
    for title in (
        "Genehmigung des Protokolls der 4. Sitzung",
        "Bericht der AG Arbeitsmarktintegration",
        "Kooperationsvereinbarung mit Wohnungsgesellschaften",
        "Dolmetscherpool für Beratungsstellen",
        "Sitzungstermine im kommenden Jahr",
    ):
        agenda_item_add(by=by, meeting=meeting, title=title)


def _action_item_progress(ctx, state):
    """Statuses after the meetings: done, in progress (one overdue), dropped, open."""
    for key in ("done_1", "done_2", "residence_task"):
        item = state[key]
        action_item_progress_add(
            by=item.owner, action_item=item, text="Erledigt.", status=ActionItemStatus.DONE
        )
    for key, text in (
        ("courses_task", "Abfrage an fünf Träger verschickt, drei Antworten liegen vor."),
        ("housing_task", "Erster Entwurf mit der Wohnungsgesellschaft Lüdenscheid besprochen."),
    ):
        item = state[key]
        action_item_progress_add(
            by=item.owner, action_item=item, text=text, status=ActionItemStatus.IN_PROGRESS
        )
    action_item_progress_add(
        by=ctx.coordinator,
        action_item=state["dropped"],
        text="Nach Ablehnung des Antrags in der 2. Sitzung entfallen.",
        status=ActionItemStatus.DROPPED,
    )


# --- Hurdles -------------------------------------------------------------------------------------


def _reports(domain: str, *towns: str) -> list[BarrierReport]:
    """The demo barrier reports of a life domain in the given towns, oldest month first."""
    return list(
        BarrierReport.objects.filter(domain=domain, municipality__name__in=towns).order_by(
            "month", "pk"
        )
    )


def _hurdle(ctx, title, domain, description, towns, reports):
    return hurdle_create(
        by=ctx.coordinator,
        title=title,
        domain=domain,
        description=description,
        municipalities=Municipality.objects.filter(name__in=towns),
        source_reports=reports,
    )


def _hurdles(ctx, state) -> int:
    by = ctx.coordinator
    created = 0

    # Language and childcare: measure decided, with the decision and the open task.
    courses = _hurdle(
        ctx,
        "Integrationskurse ohne Kinderbetreuung",
        LifeDomain.LANGUAGE,
        "Eltern kleiner Kinder warten lange auf einen Kurs mit Kinderbetreuung.",
        ["Iserlohn", "Werdohl"],
        _reports(LifeDomain.LANGUAGE, "Iserlohn"),
    )
    hurdle_link_reports(by=by, hurdle=courses, reports=_reports(LifeDomain.EDUCATION, "Werdohl"))
    hurdle_transition(
        by=by,
        hurdle=courses,
        to_status=HurdleStatus.MEASURE_DECIDED,
        decision=state["courses_decision"],
    )
    hurdle_link_action_item(by=by, hurdle=courses, action_item=state["courses_task"])
    created += 1

    # Residence appointments: measure decided and carried out.
    residence = _hurdle(
        ctx,
        "Verlängerungstermine erst nach Ablauf des Aufenthaltstitels",
        LifeDomain.RESIDENCE,
        "Termine zur Verlängerung gibt es erst nach Ablauf des Titels; Leistungen und "
        "Arbeitsverhältnisse geraten in Gefahr.",
        ["Lüdenscheid"],
        _reports(LifeDomain.RESIDENCE, "Lüdenscheid"),
    )
    hurdle_link_decision(by=by, hurdle=residence, decision=state["residence_decision"])
    hurdle_transition(by=by, hurdle=residence, to_status=HurdleStatus.MEASURE_DECIDED)
    hurdle_link_action_item(by=by, hurdle=residence, action_item=state["residence_task"])
    hurdle_transition(
        by=by,
        hurdle=residence,
        to_status=HurdleStatus.RESOLVED,
        note="Online-Terminvergabe läuft; keine neuen Meldungen seit Einführung.",
    )
    created += 1

    # Housing: in the working group, with the decision and the task in progress.
    housing = _hurdle(
        ctx,
        "Kaum Wohnraum für große Familien",
        LifeDomain.HOUSING,
        "Bezahlbare Wohnungen für Familien ab fünf Personen fehlen; Vermieter lehnen "
        "Bescheide des Jobcenters ab.",
        ["Plettenberg"],
        _reports(LifeDomain.HOUSING, "Plettenberg"),
    )
    hurdle_transition(
        by=by,
        hurdle=housing,
        to_status=HurdleStatus.IN_WORKING_GROUP,
        working_group=state["ag_housing"],
    )
    hurdle_link_decision(by=by, hurdle=housing, decision=state["housing_decision"])
    hurdle_link_action_item(by=by, hurdle=housing, action_item=state["housing_task"])
    created += 1

    # Work: in the other working group.
    work = _hurdle(
        ctx,
        "Sprachnachweise für Arbeitgeber",
        LifeDomain.WORK,
        "Arbeitgeber verlangen Sprachnachweise, die in der Region nicht kurzfristig geprüft "
        "werden.",
        ["Meinerzhagen"],
        _reports(LifeDomain.WORK, "Meinerzhagen"),
    )
    hurdle_transition(
        by=by,
        hurdle=work,
        to_status=HurdleStatus.IN_WORKING_GROUP,
        working_group=state["ag_work"],
    )
    hurdle_link_action_item(by=by, hurdle=work, action_item=state["work_task"])
    created += 1

    # Health: not resolvable at district level.
    health = _hurdle(
        ctx,
        "Psychotherapie mit Sprachmittlung fehlt",
        LifeDomain.HEALTH,
        "Psychotherapeutische Angebote mit Sprachmittlung fehlen im Umkreis.",
        ["Altena"],
        _reports(LifeDomain.HEALTH, "Altena"),
    )
    hurdle_link_action_item(by=by, hurdle=health, action_item=state["health_task"])
    hurdle_transition(
        by=by,
        hurdle=health,
        to_status=HurdleStatus.NOT_RESOLVABLE,
        note="Zuständig ist die Kassenärztliche Vereinigung; der Antrag auf Kreismittel wurde "
        "in der 4. Sitzung abgelehnt.",
    )
    created += 1

    # Mobility and first orientation: newly identified.
    mobility = _hurdle(
        ctx,
        "Schlechte Busanbindung zu Sprachkursen",
        LifeDomain.MOBILITY,
        "Im ländlichen Südkreis fahren Busse zu den Kursorten nachmittags nur alle zwei Stunden.",
        ["Herscheid", "Plettenberg"],
        _reports(LifeDomain.MOBILITY, "Herscheid"),
    )
    hurdle_note_add(by=by, hurdle=mobility, note="Für die 5. Sitzung mit der MVG vormerken.")
    created += 1
    return created
