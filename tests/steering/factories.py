"""factory_boy factories and small builders for the steering area. Names are fictional;
organisations as in DOMAIN.md."""

from datetime import UTC, date, datetime, timedelta

import factory

from cases.choices import LifeDomain
from cases.models import BarrierReport
from kim_portal.models import Municipality, Role
from steering.choices import (
    AttendanceStatus,
    BodyKind,
    DecisionOutcome,
    MeetingState,
    MembershipRole,
    MinutesVersionState,
)
from steering.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Hurdle,
    Meeting,
    Membership,
    MinutesVersion,
)
from tests.factories import OrganisationFactory, UserFactory

CONSTITUTED = date(2022, 6, 1)


def steering_member(**kwargs):
    return UserFactory(roles=[Role.STEERING_MEMBER], **kwargs)


def steering_chair(**kwargs):
    return UserFactory(roles=[Role.STEERING_CHAIR], **kwargs)


def coordinator(**kwargs):
    return UserFactory(roles=[Role.COORDINATOR], **kwargs)


class SteeringGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = BodyKind.STEERING_GROUP
    name = factory.Sequence(lambda n: f"Lenkungsgruppe KIM {n}")
    short_name = "LG"
    start_date = CONSTITUTED


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    """A working group without its establishing decision (services require one)."""

    class Meta:
        model = Body

    kind = BodyKind.WORKING_GROUP
    parent = factory.SubFactory(SteeringGroupFactory)
    name = factory.Sequence(lambda n: f"AG Wohnen {n}")
    mandate = "Wohnraum für Neuzugewanderte"
    start_date = CONSTITUTED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(SteeringGroupFactory)
    user = factory.LazyFunction(steering_member)
    organisation = factory.LazyAttribute(lambda o: o.user.organisation)
    role = MembershipRole.MEMBER
    voting_right = True
    start_date = CONSTITUTED


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting on 10 March 2026, 14:00-16:00 Berlin (13:00 UTC)."""

    class Meta:
        model = Meeting

    body = factory.SubFactory(SteeringGroupFactory)
    name = factory.Sequence(lambda n: f"{n}. Sitzung der Lenkungsgruppe")
    start = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    location = "Kreishaus Lüdenscheid, Raum 201"
    state = MeetingState.PLANNED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.order))
    title = factory.Sequence(lambda n: f"Bericht der Koordination {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    """An adopted decision (no validation: build the meeting around it as needed)."""

    class Meta:
        model = Decision

    agenda_item = factory.SubFactory(AgendaItemFactory)
    resolution = "Die Lenkungsgruppe beschließt die Einrichtung der AG."
    votes_for = 5
    votes_against = 0
    votes_abstain = 0
    outcome = DecisionOutcome.ADOPTED


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    agenda_item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Bedarf an Sprachkursen erheben {n}")
    owner = factory.LazyFunction(steering_member)
    organisation = factory.LazyAttribute(lambda o: o.owner.organisation)
    due_date = date(2026, 4, 30)


class HurdleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hurdle

    title = factory.Sequence(lambda n: f"Lange Wartezeit auf Termine {n}")
    domain = LifeDomain.RESIDENCE
    description = "Termine bei der Ausländerbehörde erst nach Monaten."


class BarrierReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BarrierReport

    domain = LifeDomain.HOUSING
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(name="Iserlohn"))
    month = date(2026, 2, 1)
    text = "Vermieter lehnen Menschen mit Duldung ab."
    organisation = factory.SubFactory(OrganisationFactory)


def seated_body(*, voting: int = 5, body=None, chair=None, **body_kwargs):
    """A steering group with ``voting`` voting members (the first one chair) plus a
    non-voting secretariat seat. Returns (body, [voting memberships], secretariat)."""
    body = body or SteeringGroupFactory(**body_kwargs)
    seats = []
    for index in range(voting):
        user = (chair if index == 0 and chair else None) or (
            steering_chair() if index == 0 else steering_member()
        )
        seats.append(
            MembershipFactory(
                body=body,
                user=user,
                role=MembershipRole.CHAIR if index == 0 else MembershipRole.MEMBER,
            )
        )
    secretariat = MembershipFactory(
        body=body, user=coordinator(), role=MembershipRole.SECRETARIAT, voting_right=False
    )
    return body, seats, secretariat


def meeting_with_minutes(
    *,
    present: int = 5,
    voting: int = 5,
    state: str = MeetingState.MINUTES_DRAFT,
    body=None,
    seats=None,
):
    """A held meeting (10 March 2026) in ``state`` with version 1 of its minutes, one agenda
    item and attendance: the first ``present`` voting members present, the rest excused.
    Returns (meeting, agenda_item, seats)."""
    if body is None:
        body, seats, _secretariat = seated_body(voting=voting)
    meeting = MeetingFactory(body=body, state=state)
    item = AgendaItemFactory(meeting=meeting, order=1, number="1", title="Einrichtung AG Wohnen")
    for index, seat in enumerate(seats):
        Attendance.objects.create(
            meeting=meeting,
            membership=seat,
            status=AttendanceStatus.PRESENT if index < present else AttendanceStatus.EXCUSED,
        )
    if state != MeetingState.HELD:
        version_state = {
            MeetingState.MINUTES_DRAFT: MinutesVersionState.DRAFT,
            MeetingState.MINUTES_CIRCULATED: MinutesVersionState.CIRCULATED,
        }.get(state, MinutesVersionState.DRAFT)
        MinutesVersion.objects.create(
            meeting=meeting, number=1, state=version_state, created_by=coordinator()
        )
    return meeting, item, seats
