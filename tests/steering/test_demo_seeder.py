"""The demo steering group: loaded through the services after the demo offers and cases, with
published meetings, working groups, action items in every state and hurdles fed by the demo
barrier reports, and nothing new on a second run."""

import io

import pytest
from django.utils import timezone

from cases.demo import DEMO_DOMAIN, seed_cases
from kim_portal.models import AuditEvent, Organisation, Role, User
from offers.demo import seed_offers
from steering.choices import (
    ActionItemStatus,
    BodyKind,
    DecisionOutcome,
    HurdleStatus,
    MeetingState,
    MembershipRole,
)
from steering.demo import EXTRA_USERS, GROUP_NAME, seed_steering
from steering.models import ActionItem, Body, Decision, Hurdle, Meeting, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def foundation_logins():
    """The foundation's demo logins the seeders build on (as seed_demo makes them)."""
    ki = Organisation.objects.create(
        name="Kommunales Integrationszentrum Märkischer Kreis",
        short_name="KI MK",
        kind=Organisation.Kind.DISTRICT_DEPARTMENT,
    )
    jobcenter = Organisation.objects.create(
        name="Jobcenter Märkischer Kreis",
        short_name="Jobcenter MK",
        kind=Organisation.Kind.JOBCENTER,
    )
    youth = Organisation.objects.create(
        name="Märkischer Kreis – Fachbereich Jugend und Bildung",
        short_name="MK Jugend und Bildung",
        kind=Organisation.Kind.DISTRICT_DEPARTMENT,
    )
    logins = {
        "fallmanagement": (Role.CASE_MANAGER, ki),
        "koordination": (Role.COORDINATOR, ki),
        "lenkungsgruppe": (Role.STEERING_MEMBER, jobcenter),
        "vorsitz": (Role.STEERING_CHAIR, youth),
    }
    return {
        local: UserFactory(email=f"{local}@{DEMO_DOMAIN}", roles=[role], organisation=org)
        for local, (role, org) in logins.items()
    }


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Body, Membership, Meeting, Decision, ActionItem, Hurdle, User)
    } | {"audit": AuditEvent.objects.count()}


def test_demo_steering_group_loads_once(foundation_logins):
    seed_offers(io.StringIO())
    seed_cases(io.StringIO())
    seed_steering(io.StringIO())
    first = _counts()
    out = io.StringIO()
    seed_steering(out)

    assert _counts() == first
    assert "nothing loaded" in out.getvalue()

    group = Body.objects.get(kind=BodyKind.STEERING_GROUP)
    assert group.name == GROUP_NAME
    assert set(
        Body.objects.filter(kind=BodyKind.WORKING_GROUP, parent=group).values_list(
            "name", flat=True
        )
    ) == {"AG Arbeitsmarktintegration", "AG Wohnen und Ankommen"}
    assert all(
        wg.established_by.outcome == DecisionOutcome.ADOPTED for wg in group.working_groups.all()
    )
    assert group.rules_versions.get().adopted_by.unanimous

    published = Meeting.objects.filter(body=group, state=MeetingState.PUBLISHED)
    assert published.count() >= 4
    assert all(m.start < timezone.now() and m.published_at > m.start for m in published)
    assert Meeting.objects.filter(
        body=group, state=MeetingState.PLANNED, start__gt=timezone.now()
    ).exists()
    assert set(Decision.objects.values_list("outcome", flat=True)) == set(DecisionOutcome.values)

    statuses = set(ActionItem.objects.values_list("status", flat=True))
    assert statuses == set(ActionItemStatus.values)
    assert any(item.is_overdue() for item in ActionItem.objects.all())

    hurdles = Hurdle.objects.all()
    assert hurdles.count() >= 3
    assert all(h.source_reports.exists() for h in hurdles)
    assert len({h.status for h in hurdles}) >= 3
    assert hurdles.filter(decisions__isnull=False).exists()
    assert hurdles.filter(action_items__isnull=False).exists()
    assert hurdles.filter(
        status=HurdleStatus.IN_WORKING_GROUP, working_group__isnull=False
    ).exists()


def test_demo_members_are_steering_logins_with_the_foundation_password(foundation_logins):
    seed_steering(io.StringIO())

    coordinator = foundation_logins["koordination"]
    for local, _name, _organisation, _role in EXTRA_USERS:
        user = User.objects.get(email=f"{local}@{DEMO_DOMAIN}")
        assert user.password == coordinator.password
        assert user.has_role(Role.STEERING_MEMBER)
    group = Body.objects.get(kind=BodyKind.STEERING_GROUP)
    seats = Membership.objects.filter(body=group)
    assert seats.get(role=MembershipRole.CHAIR).user == foundation_logins["vorsitz"]
    secretariat = seats.get(role=MembershipRole.SECRETARIAT)
    assert secretariat.user == coordinator
    assert not secretariat.voting_right
    assert seats.filter(user=foundation_logins["lenkungsgruppe"]).exists()
    assert seats.values("organisation").distinct().count() == 10
    assert AuditEvent.objects.filter(action="minutes.publish").count() == 4

    coordinator.set_password("a-new-demo-password")
    coordinator.save()
    seed_steering(io.StringIO())
    member = User.objects.get(email=f"{EXTRA_USERS[0][0]}@{DEMO_DOMAIN}")
    assert member.password == coordinator.password


def test_demo_needs_the_foundation_logins():
    out = io.StringIO()

    seed_steering(out)

    assert "seed_demo" in out.getvalue()
    assert not Body.objects.exists()
