"""Shared set-up of the steering page tests (tests/steering/test_views_*.py): the personas
(coordinator and chair with TOTP set up, as their roles require a second factor; a member;
outsiders) and a steering group with a meeting whose minutes are approved and published."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kim_portal.models import Role
from steering.choices import DecisionOutcome, MeetingState, MembershipRole
from steering.services import (
    action_item_create,
    decision_record,
    file_attach,
    minutes_approve,
    minutes_publish,
)
from tests.factories import UserFactory, totp_activate

from .factories import (
    HurdleFactory,
    MeetingFactory,
    MembershipFactory,
    coordinator,
    meeting_with_minutes,
    seated_body,
    steering_chair,
    steering_member,
)

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
BEFORE = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
MEETING_START = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
AFTER = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)


def with_mfa(user):
    totp_activate(user)
    return user


def pdf(name="Bericht.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.STEERING_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def office(db):
    return with_mfa(coordinator(display_name="Clara Koordination"))


@pytest.fixture
def group(db):
    """A steering group: a chair (TOTP set up) and four voting members, plus the
    secretariat. Returns (body, voting seats)."""
    chair = with_mfa(steering_chair(display_name="Vera Vorsitz"))
    body, seats, _secretariat = seated_body(voting=5, chair=chair)
    return body, seats


@pytest.fixture
def chair(group):
    return group[1][0].user


@pytest.fixture
def member(group):
    return group[1][1].user


@pytest.fixture
def outsiders(db):
    """Roles without access to the steering area (MFA set up, so they reach the page)."""
    return {
        "case_manager": with_mfa(UserFactory(roles=[Role.CASE_MANAGER])),
        "provider_editor": UserFactory(roles=[Role.PROVIDER_EDITOR]),
    }


@pytest.fixture
def published(group, office, chair, member):
    """A published meeting: one agenda item with an adopted decision, an action item owned
    by ``member``, a paper, and approved minutes (version 1)."""
    body, seats = group
    meeting, item, _seats = meeting_with_minutes(
        state=MeetingState.MINUTES_CIRCULATED, body=body, seats=seats
    )
    paper = file_attach(by=office, meeting=meeting, upload=pdf(), agenda_item=item)
    decision = decision_record(
        by=office,
        agenda_item=item,
        resolution="Die AG Wohnen wird eingerichtet.",
        outcome=DecisionOutcome.ADOPTED,
        votes_for=5,
        votes_against=0,
        votes_abstain=0,
    )
    action = action_item_create(
        by=office,
        agenda_item=item,
        title="Wohnraumbedarf erheben",
        owner=member,
        due_date=date(2026, 4, 30),
    )
    version = minutes_approve(by=chair, meeting=meeting)
    minutes_publish(by=office, meeting=meeting)
    return {
        "meeting": meeting,
        "item": item,
        "paper": paper,
        "decision": decision,
        "action": action,
        "version": version,
        "hurdle": HurdleFactory(),
        "body": body,
    }


def planned_meeting(body, **kwargs):
    return MeetingFactory(body=body, state=MeetingState.PLANNED, start=MEETING_START, **kwargs)


def extra_member(body, **kwargs):
    return MembershipFactory(
        body=body, user=steering_member(), role=MembershipRole.MEMBER, **kwargs
    )
