"""The body page (steering:body_detail) where the coordinator manages who sits in the
steering group and its working groups: adding a member (person, organisation represented,
role, voting right, start), ending a membership (an end date; the seat stays on record) and
editing a working group's mandate and end. Members and the chair read; only the coordinator
writes. Bad input comes back on the form with what was typed, never as a server error."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim_portal.models import AuditEvent
from steering.choices import MeetingState, MembershipRole
from steering.models import Body, Membership
from steering.selectors import meetings_visible_to
from tests.factories import OrganisationFactory
from tests.steering.factories import (
    CONSTITUTED,
    MeetingFactory,
    MembershipFactory,
    WorkingGroupFactory,
    meeting_with_minutes,
    steering_member,
)
from tests.steering.test_views_support import (  # noqa: F401
    _private_files,
    chair,
    group,
    member,
    office,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _add(client, body, **fields):
    data = {f"member-{name}": value for name, value in fields.items()}
    return client.post(reverse("steering:membership_add", args=[body.pk]), data)


def _end(client, membership, end_date):
    return client.post(
        reverse("steering:membership_end", args=[membership.body_id]),
        {"membership": membership.pk, f"end-{membership.pk}-end_date": end_date},
    )


def _edit(client, body, **fields):
    data = {f"body-{name}": value for name, value in fields.items()}
    return client.post(reverse("steering:body_edit", args=[body.pk]), data)


@pytest.fixture
def working_group(group):
    return WorkingGroupFactory(parent=group[0], name="AG Wohnen", mandate="Wohnraum erschließen")


# --- Adding members ------------------------------------------------------------------------


def test_a_person_added_to_a_working_group_then_sees_its_meetings(client, office, working_group):
    meeting = MeetingFactory(body=working_group, name="1. Sitzung der AG Wohnen")
    newcomer = steering_member(display_name="Nora Neu")
    client.force_login(newcomer)
    assert client.get(reverse("steering:meeting_detail", args=[meeting.pk])).status_code == 404

    client.force_login(office)
    response = _add(
        client,
        working_group,
        user=newcomer.pk,
        role=MembershipRole.MEMBER,
        start_date=CONSTITUTED.isoformat(),
    )

    assert response.status_code == 302
    client.force_login(newcomer)
    assert client.get(reverse("steering:meeting_detail", args=[meeting.pk])).status_code == 200
    assert list(meetings_visible_to(user=newcomer)) == [meeting]


def test_the_coordinator_adds_a_member_with_organisation_role_and_vote(
    client, office, working_group
):
    person = steering_member(display_name="Nora Neu")
    jobcenter = OrganisationFactory(name="Jobcenter Märkischer Kreis")
    client.force_login(office)

    response = _add(
        client,
        working_group,
        user=person.pk,
        organisation=jobcenter.pk,
        role=MembershipRole.DEPUTY,
        voting_right="no",
        start_date="2026-02-01",
    )

    assert response.status_code == 302
    seat = Membership.objects.get(body=working_group, user=person)
    assert (seat.organisation, seat.role, seat.voting_right, seat.start_date, seat.end_date) == (
        jobcenter,
        MembershipRole.DEPUTY,
        False,
        date(2026, 2, 1),
        None,
    )
    event = AuditEvent.objects.get(action="membership.add", object_id=str(seat.pk))
    assert event.actor == office
    page = _text(client.get(response["Location"]))
    assert "Nora Neu (Jobcenter Märkischer Kreis)" in page


def test_without_a_choice_the_role_decides_the_vote(client, office, working_group):
    person = steering_member()
    client.force_login(office)

    _add(
        client,
        working_group,
        user=person.pk,
        role=MembershipRole.SECRETARIAT,
        start_date="2026-02-01",
    )

    assert Membership.objects.get(body=working_group, user=person).voting_right is False


def test_the_coordinator_sees_the_forms_and_a_member_only_the_list(client, office, member, group):
    body = group[0]
    client.force_login(office)
    office_page = _text(client.get(reverse("steering:body_detail", args=[body.pk])))
    client.force_login(member)
    member_page = _text(client.get(reverse("steering:body_detail", args=[body.pk])))

    add_url = reverse("steering:membership_add", args=[body.pk])
    assert add_url in office_page
    assert add_url not in member_page
    assert member.display_name in member_page


def test_an_end_before_the_start_is_refused_and_the_input_kept(client, office, working_group):
    person = steering_member(display_name="Nora Neu")
    client.force_login(office)

    response = _add(
        client,
        working_group,
        user=person.pk,
        role=MembershipRole.MEMBER,
        start_date="2026-03-01",
        end_date="2026-02-01",
    )

    assert response.status_code == 400
    page = _text(response)
    assert "Das Ende darf nicht vor dem Beginn liegen." in page
    assert 'value="2026-03-01"' in page
    assert f'<option value="{person.pk}" selected>' in page
    assert not Membership.objects.filter(body=working_group, user=person).exists()


def test_a_second_open_membership_of_the_same_person_is_refused(client, office, working_group):
    seat = MembershipFactory(body=working_group, start_date=date(2026, 1, 1))
    client.force_login(office)

    response = _add(
        client,
        working_group,
        user=seat.user.pk,
        role=MembershipRole.MEMBER,
        start_date="2026-05-01",
    )

    assert response.status_code == 400
    assert "Diese Person ist in diesem Zeitraum bereits Mitglied." in _text(response)
    assert Membership.objects.filter(body=working_group, user=seat.user).count() == 1


def test_after_the_end_the_same_person_can_get_a_new_seat(client, office, working_group):
    seat = MembershipFactory(
        body=working_group, start_date=date(2026, 1, 1), end_date=date(2026, 3, 31)
    )
    client.force_login(office)

    response = _add(
        client, working_group, user=seat.user.pk, role=MembershipRole.CHAIR, start_date="2026-04-01"
    )

    assert response.status_code == 302
    assert Membership.objects.filter(body=working_group, user=seat.user).count() == 2


def test_a_second_chair_at_the_same_time_is_refused(client, office, group):
    body = group[0]  # its first seat is the chair
    client.force_login(office)

    response = _add(
        client,
        body,
        user=steering_member().pk,
        role=MembershipRole.CHAIR,
        start_date="2026-05-01",
    )

    assert response.status_code == 400
    assert "bereits einen Vorsitz (Vera Vorsitz)" in _text(response)


def test_a_chair_without_a_vote_is_refused(client, office, working_group):
    client.force_login(office)

    response = _add(
        client,
        working_group,
        user=steering_member().pk,
        role=MembershipRole.CHAIR,
        voting_right="no",
        start_date="2026-05-01",
    )

    assert response.status_code == 400
    assert "Der Vorsitz ist stimmberechtigt." in _text(response)


def test_a_guest_with_a_vote_is_refused(client, office, working_group):
    client.force_login(office)

    response = _add(
        client,
        working_group,
        user=steering_member().pk,
        role=MembershipRole.GUEST,
        voting_right="yes",
        start_date="2026-05-01",
    )

    assert response.status_code == 400
    assert "Gäste und die Geschäftsführung haben kein Stimmrecht." in _text(response)


def test_a_seat_before_the_body_exists_is_refused(client, office, working_group):
    client.force_login(office)

    response = _add(
        client,
        working_group,
        user=steering_member().pk,
        role=MembershipRole.MEMBER,
        start_date="2020-01-01",
    )

    assert response.status_code == 400
    assert "Das Gremium besteht erst ab dem 01.06.2022." in _text(response)


def test_an_unknown_person_is_refused_on_the_form(client, office, working_group):
    client.force_login(office)

    response = _add(
        client, working_group, user="999999999", role=MembershipRole.MEMBER, start_date="2026-05-01"
    )

    assert response.status_code == 400
    assert "Es wurde nichts gespeichert." in _text(response)
    assert 'href="#id_member-user"' in _text(response)


# --- Ending memberships --------------------------------------------------------------------


def test_ending_a_membership_keeps_it_on_record(client, office, working_group):
    seat = MembershipFactory(body=working_group, start_date=date(2026, 1, 1))
    yesterday = timezone.localdate() - timedelta(days=1)
    client.force_login(office)

    response = _end(client, seat, yesterday.isoformat())

    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.end_date == yesterday
    assert AuditEvent.objects.filter(action="membership.end", object_id=str(seat.pk)).exists()
    page = _text(client.get(reverse("steering:body_detail", args=[working_group.pk])))
    former = page.split("Frühere Mitglieder")[1]
    assert seat.user.display_name in former


def test_a_former_member_no_longer_sees_later_meetings(client, office, working_group):
    seat = MembershipFactory(body=working_group, start_date=date(2026, 1, 1))
    earlier = MeetingFactory(body=working_group)  # 10 March 2026
    client.force_login(office)

    _end(client, seat, "2026-03-31")

    later = MeetingFactory(body=working_group, start=earlier.start + timedelta(days=60))
    assert list(meetings_visible_to(user=seat.user)) == [earlier]
    assert later.pk


def test_an_end_before_the_start_of_the_seat_is_refused(client, office, working_group):
    seat = MembershipFactory(body=working_group, start_date=date(2026, 1, 1))
    client.force_login(office)

    response = _end(client, seat, "2025-12-31")

    assert response.status_code == 400
    page = _text(response)
    assert "Das Ende darf nicht vor dem Beginn liegen." in page
    assert 'value="2025-12-31"' in page
    seat.refresh_from_db()
    assert seat.end_date is None


def test_an_ended_membership_cannot_be_ended_again(client, office, working_group):
    seat = MembershipFactory(
        body=working_group, start_date=date(2024, 1, 1), end_date=date(2025, 1, 31)
    )
    client.force_login(office)

    response = _end(client, seat, "2025-06-30")

    assert response.status_code == 400
    seat.refresh_from_db()
    assert seat.end_date == date(2025, 1, 31)


def test_an_end_before_a_recorded_attendance_is_refused(client, office, group):
    body, seats = group
    meeting_with_minutes(body=body, seats=seats)  # 10 March 2026, everyone present
    client.force_login(office)

    response = _end(client, seats[2], "2026-03-09")

    assert response.status_code == 400
    assert "Anwesenheit dieser Person erfasst" in _text(response)


def test_a_membership_of_another_body_cannot_be_ended_here(client, office, group, working_group):
    other = MembershipFactory(body=working_group)
    client.force_login(office)

    response = client.post(
        reverse("steering:membership_end", args=[group[0].pk]),
        {"membership": other.pk, f"end-{other.pk}-end_date": "2026-06-30"},
    )

    assert response.status_code == 400
    assert "Bitte eine Mitgliedschaft dieses Gremiums wählen." in _text(response)
    other.refresh_from_db()
    assert other.end_date is None


# --- Mandate and end of a working group ------------------------------------------------------


def test_the_coordinator_edits_a_working_groups_mandate_and_end(client, office, working_group):
    seat = MembershipFactory(body=working_group, start_date=date(2026, 1, 1))
    client.force_login(office)

    response = _edit(client, working_group, mandate="Wohnraum und Beratung", end_date="2027-06-30")

    assert response.status_code == 302
    working_group.refresh_from_db()
    seat.refresh_from_db()
    assert (working_group.mandate, working_group.end_date) == (
        "Wohnraum und Beratung",
        date(2027, 6, 30),
    )
    assert seat.end_date == date(2027, 6, 30)
    assert AuditEvent.objects.filter(action="body.update").count() == 1
    assert AuditEvent.objects.filter(action="body.end").count() == 1


def test_an_empty_mandate_is_refused(client, office, working_group):
    client.force_login(office)

    response = _edit(client, working_group, mandate="", end_date="2027-06-30")

    assert response.status_code == 400
    assert 'value="2027-06-30"' in _text(response)
    working_group.refresh_from_db()
    assert (working_group.mandate, working_group.end_date) == ("Wohnraum erschließen", None)


def test_a_working_group_cannot_end_before_its_start(client, office, working_group):
    client.force_login(office)

    response = _edit(client, working_group, mandate="Neuer Auftrag", end_date="2021-12-31")

    assert response.status_code == 400
    assert "Das Ende darf nicht vor dem Beginn liegen." in _text(response)
    assert "Neuer Auftrag" in _text(response)


def test_a_working_group_cannot_end_before_its_planned_meetings(client, office, working_group):
    MeetingFactory(body=working_group, state=MeetingState.PLANNED)  # 10 March 2026
    client.force_login(office)

    response = _edit(client, working_group, mandate="Wohnraum erschließen", end_date="2026-02-28")

    assert response.status_code == 400
    assert "noch Sitzungen" in _text(response)
    working_group.refresh_from_db()
    assert working_group.end_date is None


def test_the_mandate_is_not_saved_when_the_end_is_refused(client, office, working_group):
    MeetingFactory(body=working_group)
    client.force_login(office)

    _edit(client, working_group, mandate="Anderer Auftrag", end_date="2026-02-28")

    assert Body.objects.get(pk=working_group.pk).mandate == "Wohnraum erschließen"


def test_an_end_once_set_cannot_be_removed(client, office, working_group):
    working_group.end_date = date(2027, 6, 30)
    working_group.save(update_fields=["end_date"])
    client.force_login(office)

    response = _edit(client, working_group, mandate="Wohnraum erschließen", end_date="")

    assert response.status_code == 400
    assert "nicht entfernt werden" in _text(response)


def test_the_steering_group_has_a_mandate_but_no_end_field(client, office, group):
    body = group[0]
    client.force_login(office)

    response = _edit(client, body, mandate="Koordinierung der Integrationsarbeit")

    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.mandate, body.end_date) == ("Koordinierung der Integrationsarbeit", None)
    page = _text(client.get(reverse("steering:body_detail", args=[body.pk])))
    assert 'name="body-end_date"' not in page


# --- Who may write -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "chair"])
def test_members_and_the_chair_read_but_may_not_write(
    client, persona, member, chair, working_group
):
    user = {"member": member, "chair": chair}[persona]
    seat = MembershipFactory(body=working_group, start_date=date(2026, 1, 1))
    client.force_login(user)

    read = client.get(reverse("steering:body_detail", args=[working_group.pk]))
    added = _add(
        client,
        working_group,
        user=user.pk,
        role=MembershipRole.MEMBER,
        start_date="2026-05-01",
    )
    ended = _end(client, seat, "2026-06-30")
    edited = _edit(client, working_group, mandate="Neu", end_date="2027-01-31")

    assert (read.status_code, added.status_code, ended.status_code, edited.status_code) == (
        200,
        403,
        403,
        403,
    )
    seat.refresh_from_db()
    working_group.refresh_from_db()
    assert (seat.end_date, working_group.mandate) == (None, "Wohnraum erschließen")
    assert not Membership.objects.filter(body=working_group, user=user).exists()


# --- Cost ----------------------------------------------------------------------------------


def test_the_body_page_costs_the_same_queries_for_more_members(client, office, working_group):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("steering:body_detail", args=[working_group.pk]))
        assert response.status_code == 200
        return len(captured)

    MembershipFactory(body=working_group)
    client.force_login(office)
    few = queries()
    for _ in range(3):
        MembershipFactory(body=working_group)
    MembershipFactory(body=working_group, start_date=date(2024, 1, 1), end_date=date(2025, 1, 1))

    assert queries() == few
