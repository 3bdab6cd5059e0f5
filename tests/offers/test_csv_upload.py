"""The import page: upload limits, encodings, the row report, the summary, who may use it."""

import pytest
from django.urls import reverse

from kim_portal.models import AuditEvent
from offers.models import Offer, OfferRevision
from tests.factories import OrganisationFactory, totp_activate, user_with_role
from tests.offers.csv_support import coordinator, csv_text, upload
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

URL = reverse("offers:staff_import")


@pytest.fixture
def provider():
    return OrganisationFactory(name="Volkshochschule Iserlohn", short_name="VHS Iserlohn")


@pytest.fixture
def editor(provider):
    return user_with_role("provider_editor", organisation=provider)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _post(client, content, name="angebote.csv", **data):
    return client.post(URL, {"file": upload(content, name), **data})


def _file_errors(response) -> list[str]:
    return list(response.context["form"].errors.get("file", []))


def test_editor_sees_the_upload_form_and_the_export_link(editor_client):
    response = editor_client.get(URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert reverse("offers:staff_export") in response.content.decode()
    assert "organisation" not in response.context["form"].fields


def test_coordinator_also_chooses_the_provider_for_new_rows(client):
    client.force_login(coordinator())

    response = client.get(URL)

    assert response.status_code == 200
    assert "organisation" in response.context["form"].fields


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["steering_member", "steering_chair", "case_manager"])
def test_staff_without_an_offer_role_cannot_import(client, role):
    person = user_with_role(role)
    totp_activate(person)
    client.force_login(person)

    assert client.get(URL).status_code == 403
    assert _post(client, csv_text([{"title": "X"}])).status_code == 403
    assert not Offer.objects.exists()


def test_valid_file_is_imported_and_summarised(editor_client, provider):
    response = _post(editor_client, csv_text([{"title": "Sprachcafé", "municipality": "Hemer"}]))

    assert response.status_code == 302
    assert response["Location"] == URL
    offer = Offer.objects.get()
    assert (offer.title, offer.organisation, offer.status) == ("Sprachcafé", provider, "draft")
    page = editor_client.get(URL).content.decode()
    assert "Import abgeschlossen: 1 Angebot neu angelegt (als Entwurf)" in page


def test_summary_says_when_changes_wait_in_a_revision(editor_client, provider):
    offer = OfferFactory(organisation=provider, title="Alt")

    _post(editor_client, csv_text([{"id": offer.pk, "title": "Neu"}], columns=["id", "title"]))

    page = editor_client.get(URL).content.decode()
    assert "Bei 1 veröffentlichten Angebot bleibt die öffentliche Fassung unverändert" in page
    assert OfferRevision.objects.get(offer=offer).data["title"] == "Neu"


def test_file_with_bad_rows_shows_the_report_and_changes_nothing(editor_client):
    rows = [
        {"title": "Gut"},
        {"title": "Kurs", "municipality": "Dortmund"},
        {"title": "", "summary": "ohne Titel"},
    ]

    response = _post(editor_client, csv_text(rows))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei wurde nicht übernommen – es wurde nichts geändert." in page
    assert "2 Zeilen enthalten Fehler." in page
    report = response.context["errors_shown"]
    assert [(error.row, error.column) for error in report] == [(3, "municipality"), (4, "title")]
    assert "„Dortmund“ ist keine Stadt oder Gemeinde" in page
    assert not Offer.objects.exists()


def test_editor_cannot_update_another_providers_offer_through_the_page(editor_client):
    foreign = OfferFactory(organisation=OrganisationFactory(), status="draft", title="Fremd")

    response = _post(editor_client, csv_text([{"id": foreign.pk, "title": "Gekapert"}]))

    assert [(e.row, e.column) for e in response.context["errors_shown"]] == [(2, "id")]
    foreign.refresh_from_db()
    assert foreign.title == "Fremd"


def test_ten_megabyte_file_is_refused_with_a_clear_message(editor_client):
    big = csv_text([{"title": "Kurs"}]) + ("x" * 1023 + "\n") * (10 * 1024)

    response = _post(editor_client, big)

    assert response.status_code == 200
    assert _file_errors(response) == [
        "Die Datei ist zu groß (10,0\xa0MB); erlaubt sind höchstens 2,0\xa0MB. Bitte auf "
        "mehrere Dateien aufteilen."
    ]
    assert not Offer.objects.exists()
    assert not AuditEvent.objects.filter(action="offers.import").exists()


def test_file_of_exactly_two_megabytes_is_read(editor_client):
    content = csv_text([{"title": "Kurs"}])
    missing = 2 * 1024 * 1024 - len(content.encode())
    content += (" " * 1022 + "\r\n") * (missing // 1024) + "\n" * (missing % 1024)  # blank
    assert len(content.encode()) == 2 * 1024 * 1024

    response = _post(editor_client, content)

    assert response.status_code == 302
    assert Offer.objects.count() == 1


def test_latin1_file_is_refused_naming_the_encoding(editor_client):
    content = csv_text([{"title": "Sprachcafé für Mütter", "municipality": "Lüdenscheid"}])

    response = _post(editor_client, content.encode("cp1252"))

    (message,) = _file_errors(response)
    assert "nicht UTF-8-kodiert" in message
    assert "Zeile 2" in message
    assert "CSV UTF-8" in message
    assert not Offer.objects.exists()


def test_utf8_with_bom_as_excel_saves_it_is_read(editor_client):
    content = "\ufeff" + csv_text([{"title": "Sprachcafé für Mütter"}])

    response = _post(editor_client, content)

    assert response.status_code == 302
    assert Offer.objects.get().title == "Sprachcafé für Mütter"


def test_utf16_file_is_refused_naming_the_encoding(editor_client):
    content = csv_text([{"title": "Kurs"}]).encode("utf-16")

    assert "UTF-16" in _file_errors(_post(editor_client, content))[0]


def test_excel_workbook_is_refused(editor_client):
    content = b"PK\x03\x04" + b"\x00" * 100

    assert "Excel-Arbeitsmappe" in _file_errors(_post(editor_client, content, "angebote.xlsx"))[0]


def test_empty_file_is_refused(editor_client):
    response = editor_client.post(URL, {"file": upload(b"")})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_post_without_file_asks_for_one(editor_client):
    response = editor_client.post(URL, {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_coordinator_new_rows_go_to_the_chosen_provider(client):
    client.force_login(coordinator())
    chosen = OrganisationFactory()

    response = _post(client, csv_text([{"title": "Kurs"}]), organisation=chosen.pk)

    assert response.status_code == 302
    assert Offer.objects.get().organisation == chosen
