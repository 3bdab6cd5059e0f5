"""The client's own data from the case page: the edit page (who may, bad input shown with
nothing lost, audit), the household (add as a simple entry or as a linked client, remove)
and ending a share of the case in the team section."""

# The fixtures come from test_views_support (imported by name, so pytest finds them).
# ruff: noqa: F811

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseShare, Client, HouseholdMember
from cases.services import case_share, household_member_add
from kim_portal.models import AuditEvent, Municipality, Role
from tests.cases.factories import CaseFactory, ClientFactory
from tests.cases.test_views_support import (  # noqa: F401
    case,
    lead,
    manager_with_mfa,
    other_manager,
    owner,
    owner_client,
    team,
    with_mfa,
)
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _edit_url(case):
    return reverse("cases:client_edit", args=[case.pk])


def _detail(case):
    return reverse("cases:case_detail", args=[case.pk])


def _fresh(client):
    return Client._unscoped.get(pk=client.pk)


def _data(**changes):
    data = {
        "first_name": "Amina",
        "last_name": "Haddad-Neu",
        "date_of_birth": "1991-04-12",
        "birth_year": "",
        "gender": "female",
        "municipality": Municipality.objects.get(name="Iserlohn").pk,
        "languages": "ar, de",
        "interpreter_needed": "on",
        "phone": "0171 2345678",
        "email": "amina@example.org",
        "address": "Hauptstraße 1\n58636 Iserlohn",
        "arrived_in_germany_on": "2024-03-01",
        "arrived_in_district_on": "2024-05-01",
        "residence_status": "residence_permit",
        "residence_status_detail": "§ 25 Abs. 2 AufenthG",
        "residence_permit_valid_from": "2025-01-01",
        "residence_permit_valid_until": "2027-12-31",
        "country_of_origin": "sy",
        "nationality": "sy",
    }
    data.update(changes)
    return data


# --- The edit page -------------------------------------------------------------------------


def test_case_page_links_to_the_edit_page(owner_client, case):
    body = owner_client.get(_detail(case)).content.decode()

    assert f'href="{_edit_url(case)}"' in body


def test_edit_page_is_filled_from_the_client(owner_client, case):
    client = case.client

    response = owner_client.get(_edit_url(case))

    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{client.last_name}"' in body
    assert client.case_number in body


def test_special_categories_sit_in_their_own_marked_fieldset(owner_client, case):
    body = owner_client.get(_edit_url(case)).content.decode()

    special = body.index("Besondere Kategorien personenbezogener Daten (Art. 9 DSGVO)")
    assert body.index('id="client_country_of_origin"') > special
    assert body.index('id="client_nationality"') > special
    assert body.index('id="client_residence_status"') < special


def test_owner_changes_the_client_and_returns_to_the_client_section(owner_client, case):
    response = owner_client.post(_edit_url(case), _data())

    client = _fresh(case.client)
    assert response.status_code == 302
    assert response["Location"] == _detail(case) + "#case-client"
    assert (client.last_name, client.date_of_birth, client.birth_year) == (
        "Haddad-Neu",
        date(1991, 4, 12),
        1991,
    )
    assert (client.country_of_origin, client.nationality) == ("SY", "SY")
    assert client.languages == ["ar", "de"]
    assert client.email == "amina@example.org"
    assert client.residence_permit_valid_until == date(2027, 12, 31)
    assert client.arrived_in_germany_on == date(2024, 3, 1)


def test_the_change_is_audited_with_field_names_only(owner_client, case):
    owner_client.post(_edit_url(case), _data())

    event = AuditEvent.objects.get(action="client.update")
    assert event.object_id == str(case.client_id)
    assert "last_name" in event.details["fields"]
    assert "Haddad-Neu" not in str(event.details)


def test_a_corrected_birth_date_does_not_contradict_the_year_it_came_from(owner_client, case):
    owner_client.post(_edit_url(case), _data(date_of_birth="1991-04-12"))
    form_page = owner_client.get(_edit_url(case)).content.decode()

    response = owner_client.post(_edit_url(case), _data(date_of_birth="1992-02-01"))

    birth_year_input = form_page[form_page.index('name="birth_year"') :].split(">")[0]
    assert "value=" not in birth_year_input
    assert response.status_code == 302
    assert _fresh(case.client).birth_year == 1992


def test_team_lead_edits_a_case_of_the_team(client, case, lead):
    client.force_login(lead)

    response = client.post(_edit_url(case), _data(last_name="Teamgeändert"))

    assert response.status_code == 302
    assert _fresh(case.client).last_name == "Teamgeändert"


def test_another_case_manager_gets_404_and_changes_nothing(client, case, other_manager):
    client.force_login(other_manager)
    before = case.client.last_name

    get_response = client.get(_edit_url(case))
    post_response = client.post(_edit_url(case), _data(last_name="Fremd"))

    assert (get_response.status_code, post_response.status_code) == (404, 404)
    assert _fresh(case.client).last_name == before


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.STEERING_MEMBER, Role.STEERING_CHAIR, Role.PROVIDER_EDITOR]
)
def test_other_roles_get_403_on_the_new_routes(client, case, owner, team, role):
    colleague = manager_with_mfa(team)
    case_share(case=case, with_user=colleague, by=owner)
    member = household_member_add(client=case.client, by=owner, relation="child", first_name="K")
    client.force_login(with_mfa(user_with_role(role)))

    statuses = [
        client.get(_edit_url(case)).status_code,
        client.post(_edit_url(case), _data()).status_code,
        client.post(reverse("cases:household_member_add", args=[case.pk])).status_code,
        client.post(
            reverse("cases:household_member_remove", args=[case.pk, member.pk])
        ).status_code,
        client.post(reverse("cases:case_unshare", args=[case.pk, colleague.pk])).status_code,
    ]

    assert statuses == [403] * 5
    assert CaseShare._unscoped.filter(case=case).exists()
    assert HouseholdMember._unscoped.filter(pk=member.pk).exists()


def test_anonymous_visitor_is_sent_to_the_login(client, case):
    response = client.get(_edit_url(case))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "date_of_birth",
            "Das Geburtsdatum darf nicht in der Zukunft liegen.",
        ),
        (
            {
                "residence_permit_valid_from": "2026-06-01",
                "residence_permit_valid_until": "2026-01-01",
            },
            "residence_permit_valid_until",
            "Das Ende der Gültigkeit darf nicht vor ihrem Beginn liegen.",
        ),
        (
            {"arrived_in_germany_on": "2024-06-01", "arrived_in_district_on": "2024-01-01"},
            "arrived_in_district_on",
            "Die Ankunft im Kreis kann nicht vor der Ankunft in Deutschland liegen.",
        ),
        (
            {"date_of_birth": "", "birth_year": ""},
            "date_of_birth",
            "Bitte Geburtsdatum oder geschätztes Geburtsjahr angeben.",
        ),
        (
            {"date_of_birth": "1991-04-12", "birth_year": "1985"},
            "birth_year",
            "Geburtsjahr und Geburtsdatum widersprechen sich.",
        ),
        (
            {"residence_status_detail": ""},
            "residence_status_detail",
            "Bitte die Rechtsgrundlage bzw. den Status angeben.",
        ),
        ({"languages": "arabisch"}, "languages", "Ungültige Sprachcodes"),
        ({"country_of_origin": "S1"}, "country_of_origin", "ISO 3166"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"municipality": "999999"}, "municipality", "Bitte eine gültige Auswahl treffen."),
        ({"first_name": ""}, "first_name", "Dieses Feld ist zwingend erforderlich."),
        ({"date_of_birth": "12.04.1991x"}, "date_of_birth", "Bitte ein gültiges Datum eingeben."),
    ],
)
def test_bad_input_is_shown_at_its_field_and_nothing_typed_is_lost(
    owner_client, case, changes, field, message
):
    before = _fresh(case.client)

    response = owner_client.post(_edit_url(case), _data(**changes))

    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert f'id="client_{field}_error"' in body
    assert 'value="Haddad-Neu"' in body  # what was typed elsewhere is still there
    assert "Hauptstraße 1" in body
    after = _fresh(case.client)
    assert (after.last_name, after.email) == (before.last_name, before.email)
    assert not AuditEvent.objects.filter(action="client.update").exists()


def test_a_huge_or_html_input_is_an_error_or_text_never_a_server_error(owner_client, case):
    response = owner_client.post(
        _edit_url(case), _data(last_name="<script>x</script>", address="A" * 20_000)
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "<script>x</script>" not in body
    assert "&lt;script&gt;x&lt;/script&gt;" in body


# --- Household -----------------------------------------------------------------------------


def _household_add(client, case, **data):
    return client.post(reverse("cases:household_member_add", args=[case.pk]), data)


def test_household_member_is_added_and_shown_in_the_client_section(owner_client, case):
    response = _household_add(
        owner_client, case, relation="child", first_name="Yusuf", birth_year="2015"
    )

    member = HouseholdMember._unscoped.get(client=case.client)
    assert response.status_code == 302
    assert response["Location"] == _detail(case) + "#case-household"
    assert (member.relation, member.first_name, member.birth_year) == ("child", "Yusuf", 2015)
    body = owner_client.get(_detail(case)).content.decode()
    client_section = body[body.index('id="case-client"') : body.index('id="case-consents"')]
    assert "Yusuf" in client_section
    assert AuditEvent.objects.filter(
        action="household_member.add", object_id=str(member.pk)
    ).exists()


def test_household_member_linked_by_case_number_takes_name_and_year(owner_client, owner, case):
    partner_case = CaseFactory(
        case_manager=owner, client=ClientFactory(first_name="Karim", birth_year=1988)
    )

    _household_add(
        owner_client,
        case,
        relation="partner",
        linked_client=partner_case.client.case_number.lower(),
    )

    member = HouseholdMember._unscoped.get(client=case.client)
    assert member.linked_client_id == partner_case.client_id
    assert (member.first_name, member.birth_year) == ("Karim", 1988)
    body = owner_client.get(_detail(case)).content.decode()
    assert partner_case.client.case_number in body


def test_a_client_of_someone_else_cannot_be_linked(owner_client, case, other_manager):
    strangers_case = CaseFactory(case_manager=other_manager)

    response = _household_add(
        owner_client,
        case,
        relation="partner",
        first_name="Karim",
        linked_client=strangers_case.client.case_number,
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Unter dieser Fallnummer gibt es keine Klient*in, auf die Sie zugreifen" in body
    assert 'value="Karim"' in body
    assert strangers_case.client.first_name not in body
    assert not HouseholdMember._unscoped.filter(client=case.client).exists()


def test_household_member_needs_a_name_or_case_number(owner_client, case):
    response = _household_add(owner_client, case, relation="child", birth_year="2015")

    body = response.content.decode()
    assert response.status_code == 400
    assert "Bitte einen Vornamen oder eine Fallnummer angeben." in body
    assert 'value="2015"' in body
    assert '<details class="cases-disclosure" open>' in body
    assert not HouseholdMember._unscoped.filter(client=case.client).exists()


def test_household_member_born_in_the_future_is_refused(owner_client, case):
    next_year = str(timezone.localdate().year + 1)

    response = _household_add(
        owner_client, case, relation="child", first_name="Lina", birth_year=next_year
    )

    assert response.status_code == 400
    assert "Das Geburtsjahr darf nicht in der Zukunft liegen." in response.content.decode()
    assert not HouseholdMember._unscoped.filter(client=case.client).exists()


def test_household_member_name_is_shown_as_text(owner_client, case, owner):
    household_member_add(client=case.client, by=owner, relation="other", first_name="<b>Fett</b>")

    body = owner_client.get(_detail(case)).content.decode()

    assert "<b>Fett</b>" not in body
    assert "&lt;b&gt;Fett&lt;/b&gt;" in body


def test_household_member_is_removed_and_audited(owner_client, case, owner):
    member = household_member_add(client=case.client, by=owner, relation="child", first_name="K")

    response = owner_client.post(
        reverse("cases:household_member_remove", args=[case.pk, member.pk])
    )

    assert response.status_code == 302
    assert not HouseholdMember._unscoped.filter(pk=member.pk).exists()
    event = AuditEvent.objects.get(action="household_member.remove")
    assert (event.object_id, event.details["client_id"]) == (str(member.pk), case.client_id)


def test_household_member_of_another_client_is_404_through_this_case(owner_client, owner, case):
    other_case = CaseFactory(case_manager=owner)
    member = household_member_add(
        client=other_case.client, by=owner, relation="child", first_name="K"
    )

    response = owner_client.post(
        reverse("cases:household_member_remove", args=[case.pk, member.pk])
    )

    assert response.status_code == 404
    assert HouseholdMember._unscoped.filter(pk=member.pk).exists()


def test_another_case_manager_cannot_add_or_remove_household_members(
    client, case, owner, other_manager
):
    member = household_member_add(client=case.client, by=owner, relation="child", first_name="K")
    client.force_login(other_manager)

    add = _household_add(client, case, relation="child", first_name="Fremd")
    remove = client.post(reverse("cases:household_member_remove", args=[case.pk, member.pk]))

    assert (add.status_code, remove.status_code) == (404, 404)
    assert list(
        HouseholdMember._unscoped.filter(client=case.client).values_list("pk", flat=True)
    ) == [member.pk]


def test_case_page_query_count_does_not_grow_with_household_members(owner_client, owner, case):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(_detail(case)).status_code == 200
        return len(captured)

    linked = CaseFactory(case_manager=owner).client
    household_member_add(
        client=case.client, by=owner, relation="partner", first_name="P", linked_client=linked
    )
    with_one = queries()
    for i in range(9):
        linked = CaseFactory(case_manager=owner).client
        household_member_add(
            client=case.client, by=owner, relation="child", first_name=f"K{i}", linked_client=linked
        )

    assert queries() == with_one


# --- Ending a share ------------------------------------------------------------------------


@pytest.fixture
def colleague(team, case, owner):
    colleague = manager_with_mfa(team, display_name="Carla Colleague")
    case_share(case=case, with_user=colleague, by=owner)
    return colleague


def _unshare_url(case, user):
    return reverse("cases:case_unshare", args=[case.pk, user.pk])


def test_case_page_offers_to_end_each_share(owner_client, case, colleague):
    body = owner_client.get(_detail(case)).content.decode()

    assert f'action="{_unshare_url(case, colleague)}"' in body
    assert "Freigabe entfernen" in body


def test_owner_ends_a_share_and_it_is_audited(owner_client, case, colleague):
    response = owner_client.post(_unshare_url(case, colleague))

    assert response.status_code == 302
    assert response["Location"] == _detail(case) + "#case-team"
    assert not CaseShare._unscoped.filter(case=case, shared_with=colleague).exists()
    event = AuditEvent.objects.get(action="case.unshare")
    assert event.details["shared_with_id"] == colleague.pk
    followed = owner_client.get(_detail(case)).content.decode()
    assert "Die Freigabe für Carla Colleague ist entfernt." in followed


def test_colleague_no_longer_sees_the_case_after_the_share_ends(
    client, owner_client, case, colleague
):
    owner_client.post(_unshare_url(case, colleague))
    client.force_login(colleague)

    assert client.get(_detail(case)).status_code == 404


def test_team_lead_ends_a_share(client, case, colleague, lead):
    client.force_login(lead)

    response = client.post(_unshare_url(case, colleague))

    assert response.status_code == 302
    assert not CaseShare._unscoped.filter(case=case).exists()


def test_the_colleague_shared_with_may_not_end_shares(client, case, colleague, team, owner):
    second = manager_with_mfa(team)
    case_share(case=case, with_user=second, by=owner)
    client.force_login(colleague)

    page = client.get(_detail(case)).content.decode()
    response = client.post(_unshare_url(case, second))

    assert "Freigabe entfernen" not in page
    assert response.status_code == 403
    assert CaseShare._unscoped.filter(case=case, shared_with=second).exists()


def test_another_case_manager_gets_404_when_ending_a_share(client, case, colleague, other_manager):
    client.force_login(other_manager)

    response = client.post(_unshare_url(case, colleague))

    assert response.status_code == 404
    assert CaseShare._unscoped.filter(case=case, shared_with=colleague).exists()


def test_ending_a_share_that_does_not_exist_is_404(owner_client, case, other_manager):
    response = owner_client.post(_unshare_url(case, other_manager))

    assert response.status_code == 404


def test_ending_a_share_needs_post(owner_client, case, colleague):
    response = owner_client.get(_unshare_url(case, colleague))

    assert response.status_code == 405
    assert CaseShare._unscoped.filter(case=case, shared_with=colleague).exists()
