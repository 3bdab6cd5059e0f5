"""CSV export and import of offers, for provider editors and the coordinator.

The file
--------
UTF-8 with a byte order mark (so Excel shows umlauts right), ``;`` between cells (what
German Excel expects), every cell quoted, CRLF line ends, one header row, then **one row per
offer**. The header names are stable machine names, in this order::

    id;organisation;status;title;summary;description;eligibility;application_process;
    cost_text;categories;target_groups;languages;min_age;max_age;is_free;
    registration_required;childcare;barrier_free;mode;valid_from;valid_until;
    location_name;street;postal_code;municipality;contact_name;contact_phone;
    contact_email;contact_website

- ``id``: the offer's id. Empty on import: a new offer (always a draft).
- ``organisation``: the provider's name. On import it may be empty; otherwise it must name
  the row's provider (name or short name): import never moves offers between providers. New
  rows of the coordinator take it from here, else from the form's choice.
- ``status``: for reading only (``draft``, ``in_review``, ``published``, ``archived``);
  ignored on import.
- ``categories``, ``target_groups``: ``|``-separated slugs (``sprache|beratung``); names are
  accepted on import too. ``languages``: ``|``-separated ISO 639-1 codes (639-3 where there
  is none, e.g. ``prs`` Dari, ``kmr`` Kurmanji, ``gsg`` German Sign Language).
- Flags (``is_free`` …): ``ja``/``nein`` on export; import also takes true/false, wahr/falsch
  (German Excel), yes/no, 1/0. ``mode``: ``in_person``, ``online``, ``hybrid`` (or the
  German labels). An empty flag or mode cell keeps the current value (new offers: the
  default); an empty text, number or date cell empties the field.
- Dates: ``YYYY-MM-DD`` on export; import also takes ``DD.MM.YYYY``.
- Location and contact: only the offer's **first** location (``location_name``, ``street``,
  ``postal_code``, ``municipality`` — one of the district's 15 towns, by name or AGS) and its
  **first** contact travel in the file. Further locations, schedules, contact roles and
  translations are kept as they are. All four location (contact) cells empty: that part is
  left unchanged. An empty ``location_name`` takes the town's name. A changed location that
  matches one of the provider's places (same name, street, postcode, town) moves the first
  place there; otherwise the first place gets the new address (a place of its own if other
  offers share it; coordinates and accessibility dropped when street, postcode or town
  change). Schedules stay with the first place.
- Formula injection (OWASP "CSV Injection"): a cell starting with ``=``, ``+``, ``-``, ``@``,
  tab or CR (or their full-width forms) is written with a leading apostrophe; import takes
  that apostrophe off again, so a round trip changes nothing.
- Columns may be left out on import (``title`` is required); unknown columns are an error, so
  a typo never goes unnoticed. ``,`` instead of ``;`` is recognised from the header line.

Import is all or nothing: every row is checked first (row numbers as in a spreadsheet: the
header is row 1), and one invalid row means nothing is changed. Rows equal to the offer are
left alone.

Where changes go
----------------
Writes go through the staff services (``offer_create``, ``offer_content_save``), so an
import edits offers exactly as the edit page does: new offers are drafts; a draft or
archived offer is changed in place; a **published** offer stays online unchanged and its
changes collect in its open ``OfferRevision`` (created as a draft if there is none), for the
editor to submit for review. The revision data format is the one documented in
``offers.staff_selectors``. Three-way: a cell equal to the published offer leaves a value
the open revision already changed alone. An offer in review (or whose revision is) cannot be
changed by import: that is a row error. Each changed offer gets its ``OfferEvent``
(created/edited) and audit event from those services; the import adds one ``offers.import``
audit event with the ids.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kim_portal.models import Municipality, Organisation, Role
from kim_portal.services import audit_record

from .models import (
    OFFER_LANGUAGES,
    Category,
    Contact,
    Location,
    Offer,
    OfferLocation,
    OfferRevision,
    TargetGroup,
    languages_in_order,
)
from .sanitize import sanitize_html
from .selectors import offers_for_editor
from .services import offer_content_save, offer_create
from .staff_selectors import (
    OPEN_REVISION_STATUSES,
    offer_content_data,
    offer_is_locked,
    offer_working_data,
    offers_with_content,
)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
DELIMITER = ";"
LIST_SEPARATOR = "|"

COLUMNS = (
    "id",
    "organisation",
    "status",
    *Offer.CONTENT_FIELDS,
    "location_name",
    "street",
    "postal_code",
    "municipality",
    "contact_name",
    "contact_phone",
    "contact_email",
    "contact_website",
)
LOCATION_COLUMNS = {
    "location_name": "name",
    "street": "street",
    "postal_code": "postal_code",
    "municipality": "municipality",
}
CONTACT_COLUMNS = {
    "contact_name": "name",
    "contact_phone": "phone",
    "contact_email": "email",
    "contact_website": "website",
}
TEXT_FIELDS = ("title", "summary", "description", "eligibility", "application_process", "cost_text")
FLAG_FIELDS = ("is_free", "registration_required", "childcare", "barrier_free")
SCALAR_FIELDS = (
    *TEXT_FIELDS,
    "languages",
    "min_age",
    "max_age",
    *FLAG_FIELDS,
    "mode",
    "valid_from",
    "valid_until",
)

# ISO 639-1, plus ISO 639-3 codes for languages newcomers speak that have no 639-1 code.
_LANGUAGE_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi
    ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
    ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
    nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
    sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
    vi vo wa wo xh yi yo za zh zu
    prs ckb kmr sdh rom aii gsg"""
OFFER_LANGUAGE_CODES = frozenset(_LANGUAGE_CODES.split()) | {
    code for code, _name, _native in OFFER_LANGUAGES
}

# OWASP CSV injection: cells starting with these are read as formulas by spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

_TRUE = {"ja", "true", "wahr", "yes", "1"}
_FALSE = {"nein", "false", "falsch", "no", "0"}
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class CsvFileError(ValueError):
    """The upload is not a readable CSV file; the message says why, for the user."""


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # empty for a problem with the whole row
    message: str


@dataclass
class ImportResult:
    """What an import did, or — when ``errors`` is not empty — why it did nothing."""

    errors: list[RowError] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    revised: list[int] = field(default_factory=list)  # published offers: draft revision
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_with_errors(self) -> int:
        return len({error.row for error in self.errors})


# --- Reading the upload ------------------------------------------------------------------


def csv_decode(raw: bytes) -> str:
    """The upload's text. UTF-8 with or without BOM only: other encodings are refused with
    a message naming the problem rather than guessed."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError(
            _(
                "Die Datei ist als UTF-16 („Unicode-Text“) gespeichert. Bitte als "
                "„CSV UTF-8 (durch Trennzeichen getrennt)“ speichern."
            )
        )
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # xlsx, xls
        raise CsvFileError(
            _(
                "Das ist eine Excel-Arbeitsmappe, keine CSV-Datei. Bitte in Excel „Speichern "
                "unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen."
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CsvFileError(
            _(
                "Die Datei ist nicht UTF-8-kodiert (Zeile %(line)d enthält das Byte "
                "0x%(byte)02X, vermutlich Windows-1252/ISO-8859-1). Bitte in Excel „Speichern "
                "unter“ → „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen, in LibreOffice "
                "den Zeichensatz „Unicode (UTF-8)“."
            )
            % {"line": line, "byte": raw[error.start]}
        ) from None
    if "\x00" in text:
        raise CsvFileError(_("Die Datei enthält Binärdaten und ist keine CSV-Datei."))
    if not text.strip():
        raise CsvFileError(_("Die Datei ist leer."))
    return text


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    if ";" in header:
        return ";"
    if "," in header:
        return ","
    return DELIMITER


# --- Export ------------------------------------------------------------------------------


def _with_csv_relations(queryset):
    # The first location and contact are the lowest ids; order the prefetches so [0] is it.
    return queryset.select_related("organisation").prefetch_related(
        "categories",
        "target_groups",
        Prefetch(
            "offer_locations",
            queryset=OfferLocation.objects.select_related("location__municipality").order_by("pk"),
        ),
        Prefetch("contacts", queryset=Contact.objects.order_by("pk")),
    )


def offers_for_export(*, user, organisation_id: int | None = None):
    """The offers a user may export: those they may edit (``offers_for_editor``), for the
    coordinator optionally one provider's only, with what a row needs prefetched."""
    offers = offers_for_editor(user)
    if organisation_id is not None and user.has_role(Role.COORDINATOR):
        offers = offers.filter(organisation_id=organisation_id)
    return _with_csv_relations(offers).order_by("organisation__name", "title", "pk")


def neutralise_formula(value: str) -> str:
    """A leading apostrophe for cells a spreadsheet would run as a formula (OWASP)."""
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _unneutralise(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def _format(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def _export_row(offer: Offer) -> list[str]:
    state = _offer_state(offer)
    location = state["location"] or {}
    contact = state["contact"] or {}
    cells = {
        "id": offer.pk,
        "organisation": offer.organisation.name,
        "status": offer.status,
        **{name: state[name] for name in (*SCALAR_FIELDS, "categories", "target_groups")},
        **{column: location.get(key) for column, key in LOCATION_COLUMNS.items()},
        **{column: contact.get(key) for column, key in CONTACT_COLUMNS.items()},
    }
    return [neutralise_formula(_format(cells[column])) for column in COLUMNS]


def offers_export(*, user, organisation_id: int | None = None, request=None) -> tuple[bytes, int]:
    """The CSV file (bytes, with BOM) of the offers the user may edit, and the row count.
    Recorded in the audit trail as ``offers.export``."""
    offers = list(offers_for_export(user=user, organisation_id=organisation_id))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_export_row(offer) for offer in offers)
    audit_record(
        action="offers.export",
        object_type="offers.offer",
        actor=user,
        request=request,
        details={"organisation_id": organisation_id, "count": len(offers)},
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), len(offers)


def export_filename(*, organisation: Organisation | None) -> str:
    name = slugify(organisation.short_name or organisation.name) if organisation else "alle"
    return f"angebote-{name or 'traeger'}-{timezone.localdate().isoformat()}.csv"


# --- The comparable state of an offer ----------------------------------------------------


def _norm_text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _clean_description(value: str | None) -> str:
    return _norm_text(sanitize_html(_norm_text(value)))


def _offer_state(offer: Offer) -> dict:
    """The offer as the CSV sees it (relations prefetched by ``_with_csv_relations``):
    normalised so that an exported and re-imported row compares equal."""
    state = {name: _norm_text(getattr(offer, name)) for name in TEXT_FIELDS}
    state["description"] = _clean_description(offer.description)
    state.update(
        languages=languages_in_order(offer.languages),
        min_age=offer.min_age,
        max_age=offer.max_age,
        mode=offer.mode,
        valid_from=offer.valid_from,
        valid_until=offer.valid_until,
        categories=sorted(term.slug for term in offer.categories.all()),
        target_groups=sorted(term.slug for term in offer.target_groups.all()),
        **{name: getattr(offer, name) for name in FLAG_FIELDS},
    )
    offer_locations = list(offer.offer_locations.all())
    state["location"] = _location_state(offer_locations[0].location) if offer_locations else None
    contacts = list(offer.contacts.all())
    state["contact"] = _contact_state(contacts[0]) if contacts else None
    return state


def _location_state(location: Location) -> dict:
    return {
        "name": _norm_text(location.name),
        "street": _norm_text(location.street),
        "postal_code": _norm_text(location.postal_code),
        "municipality": location.municipality.name,
    }


def _contact_state(contact: Contact) -> dict:
    return {
        "name": _norm_text(contact.name),
        "phone": _norm_text(contact.phone),
        "email": _norm_text(contact.email),
        "website": _norm_text(contact.website),
    }


def _state_from_data(data: dict, town_names: dict[str, str]) -> dict:
    """Revision data (``offers.staff_selectors``) as ``_offer_state`` would show it."""
    state = {name: _norm_text(data.get(name)) for name in TEXT_FIELDS}
    state["description"] = _clean_description(data.get("description"))
    state.update(
        languages=languages_in_order(data.get("languages")),
        min_age=data.get("min_age"),
        max_age=data.get("max_age"),
        mode=data.get("mode") or Offer.Mode.IN_PERSON,
        valid_from=_parse_iso(data.get("valid_from")),
        valid_until=_parse_iso(data.get("valid_until")),
        categories=sorted(data.get("categories") or []),
        target_groups=sorted(data.get("target_groups") or []),
        **{name: bool(data.get(name)) for name in FLAG_FIELDS},
    )
    locations = data.get("locations") or []
    state["location"] = (
        {
            "name": _norm_text(locations[0].get("name")),
            "street": _norm_text(locations[0].get("street")),
            "postal_code": _norm_text(locations[0].get("postal_code")),
            "municipality": town_names.get(locations[0].get("municipality"), ""),
        }
        if locations
        else None
    )
    contacts = data.get("contacts") or []
    state["contact"] = (
        {key: _norm_text(contacts[0].get(key)) for key in ("name", "phone", "email", "website")}
        if contacts
        else None
    )
    return state


def _parse_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --- Parsing cells -----------------------------------------------------------------------


class _CellError(ValueError):
    pass


_ABSENT = object()  # an empty flag or mode cell: keep the current value


def _text(max_length: int | None = None, *, required: bool = False):
    def parse(raw: str) -> str:
        value = _norm_text(raw)
        if required and not value:
            raise _CellError(_("Pflichtfeld – darf nicht leer sein."))
        if max_length and len(value) > max_length:
            raise _CellError(
                _("Höchstens %(max)d Zeichen erlaubt (hier %(length)d).")
                % {"max": max_length, "length": len(value)}
            )
        return value

    return parse


def _flag(raw: str):
    value = raw.strip().lower()
    if not value:
        return _ABSENT
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _CellError(
        _("„%(value)s“ ist kein Ja/Nein-Wert: erlaubt sind ja oder nein.") % {"value": raw}
    )


def _age(raw: str):
    value = raw.strip()
    if not value:
        return None
    if not value.isdigit() or int(value) > 120:
        raise _CellError(
            _("„%(value)s“ ist kein Alter: eine ganze Zahl von 0 bis 120.") % {"value": raw}
        )
    return int(value)


def _date(raw: str):
    value = raw.strip()
    if not value:
        return None
    match = _GERMAN_DATE.match(value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if len(value) == 10:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise _CellError(
        _("„%(value)s“ ist kein gültiges Datum: JJJJ-MM-TT oder TT.MM.JJJJ.") % {"value": raw}
    )


def _mode(raw: str):
    value = raw.strip().lower()
    if not value:
        return _ABSENT
    for mode in Offer.Mode:
        if value in {mode.value, str(mode.label).lower()}:
            return mode.value
    raise _CellError(
        _("„%(value)s“ ist keine Form: erlaubt sind %(allowed)s.")
        % {"value": raw, "allowed": ", ".join(Offer.Mode.values)}
    )


def _split(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(LIST_SEPARATOR) if part.strip()]


def _languages(raw: str) -> list[str]:
    codes = languages_in_order(part.lower() for part in _split(raw))
    unknown = [code for code in codes if code not in OFFER_LANGUAGE_CODES]
    if unknown:
        raise _CellError(
            _("Unbekannte Sprachkürzel: %(codes)s. Erwartet werden ISO-639-Kürzel wie de, ar, uk.")
            % {"codes": ", ".join(unknown)}
        )
    return codes


def _terms(lookup: dict[str, str], message: str):
    def parse(raw: str) -> list[str]:
        values = _split(raw)
        unknown = [value for value in values if value.lower() not in lookup]
        if unknown:
            raise _CellError(message % {"values": ", ".join(unknown)})
        return sorted({lookup[value.lower()] for value in values})

    return parse


def _postal_code(raw: str) -> str:
    value = raw.strip()
    if value and not (len(value) == 5 and value.isdigit()):
        raise _CellError(_("„%(value)s“ ist keine Postleitzahl (5 Ziffern).") % {"value": raw})
    return value


def _field(form_field: forms.Field):
    def parse(raw: str) -> str:
        value = raw.strip()
        if not value:
            return ""
        try:
            return form_field.clean(value)
        except forms.ValidationError as error:
            raise _CellError(" ".join(error.messages)) from None

    return parse


# --- Lookups loaded once per import ------------------------------------------------------


class _Lookups:
    def __init__(self, *, user, offer_ids: set[int]):
        self.user = user
        self.is_coordinator = user.has_role(Role.COORDINATOR)
        self.towns: dict[str, str] = {}  # name, AGS (also without Excel's lost 0) → name
        self.town_ags: dict[str, str] = {}  # name → AGS, and back
        self.town_names: dict[str, str] = {}
        for town in Municipality.objects.only("name", "ags"):
            self.town_ags[town.name] = town.ags
            self.town_names[town.ags] = town.name
            for key in (town.name, town.ags, town.ags.lstrip("0"), town.name.split(" (")[0]):
                self.towns[key.lower()] = town.name
        self.categories = self._terms(Category)
        self.target_groups = self._terms(TargetGroup)
        # Everything a row is compared with, for all rows at once (``_offer_state`` and
        # ``offer_content_data`` read only what is prefetched here).
        self.offers = {
            offer.pk: offer
            for offer in offers_with_content(
                offers_for_editor(user)
                .filter(pk__in=offer_ids)
                .select_related("organisation")
                .select_for_update(of=("self",))
            )
        }
        self.open_revisions = {
            revision.offer_id: revision
            for revision in OfferRevision.objects.select_for_update().filter(
                offer_id__in=self.offers, status__in=OPEN_REVISION_STATUSES
            )
        }
        self._organisations: dict[str, list[Organisation]] | None = None
        self._locations: dict[int, dict[tuple, Location]] = {}  # per provider, on demand

    @staticmethod
    def _terms(model) -> dict[str, str]:
        lookup = {}
        for term in model.objects.only("slug", "name"):
            lookup[term.slug.lower()] = term.slug
            lookup[term.name.lower()] = term.slug
        return lookup

    def organisations_named(self, name: str) -> list[Organisation]:
        if self._organisations is None:
            candidates = (
                Organisation.objects.all()
                if self.is_coordinator
                else Organisation.objects.filter(pk=self.user.organisation_id)
            )
            self._organisations = {}
            for organisation in candidates:
                keys = {organisation.name.lower(), organisation.short_name.lower()} - {""}
                for key in keys:
                    self._organisations.setdefault(key, []).append(organisation)
        by_name = [
            o for o in self._organisations.get(name.lower(), []) if o.name.lower() == name.lower()
        ]
        return by_name or self._organisations.get(name.lower(), [])

    @staticmethod
    def location_key(location: dict) -> tuple:
        return (
            location["name"],
            location["street"],
            location["postal_code"],
            location["municipality"],
        )

    def _places(self, organisation_id: int) -> dict[tuple, Location]:
        if organisation_id not in self._locations:
            places: dict[tuple, Location] = {}
            for place in (
                Location.objects.filter(organisation_id=organisation_id)
                .select_related("municipality")
                .order_by("pk")
            ):
                places.setdefault(self.location_key(_location_state(place)), place)
            self._locations[organisation_id] = places
        return self._locations[organisation_id]

    def existing_location(self, organisation_id: int, location: dict) -> Location | None:
        return self._places(organisation_id).get(self.location_key(location))


# --- One row -----------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    offer: Offer | None  # None: a new offer
    organisation: Organisation | None
    values: dict  # state keys → parsed values, only for columns in the file
    changes: dict = field(default_factory=dict)  # key → (old, new)
    revision: OfferRevision | None = None  # the offer's open revision
    working: dict | None = None  # what the editor works on, as revision data (cached)

    def working_data(self) -> dict:
        """The offer as its edit page would start from (``offer_working_data``); empty for
        a new offer."""
        if self.working is None and self.offer is None:
            self.working = {}
        elif self.working is None:
            self.working = offer_working_data(
                self.offer, self.revision, current=offer_content_data(self.offer)
            )
        return self.working


def _parsers(lookups: _Lookups) -> dict:
    category_message = _("Unbekannte Kategorie: %(values)s.")
    target_group_message = _("Unbekannte Zielgruppe: %(values)s.")
    return {
        "title": _text(200, required=True),
        "summary": _text(400),
        "description": _clean_description,
        "eligibility": _text(),
        "application_process": _text(),
        "cost_text": _text(300),
        "categories": _terms(lookups.categories, category_message),
        "target_groups": _terms(lookups.target_groups, target_group_message),
        "languages": _languages,
        "min_age": _age,
        "max_age": _age,
        **dict.fromkeys(FLAG_FIELDS, _flag),
        "mode": _mode,
        "valid_from": _date,
        "valid_until": _date,
        "location_name": _text(200),
        "street": _text(200),
        "postal_code": _postal_code,
        "municipality": _town(lookups),
        "contact_name": _text(150),
        "contact_phone": _text(40),
        "contact_email": _field(forms.EmailField()),
        "contact_website": _field(forms.URLField(assume_scheme="https")),
    }


def _town(lookups: _Lookups):
    def parse(raw: str) -> str:
        value = raw.strip()
        if not value:
            return ""
        if value.lower() not in lookups.towns:
            raise _CellError(
                _(
                    "„%(value)s“ ist keine Stadt oder Gemeinde im Märkischen Kreis (Name oder "
                    "Gemeindeschlüssel, z. B. Iserlohn oder 05962024)."
                )
                % {"value": raw}
            )
        return lookups.towns[value.lower()]

    return parse


class _RowParser:
    def __init__(self, *, lookups: _Lookups, organisation, errors):
        self.lookups = lookups
        self.default_organisation = organisation
        self.errors = errors
        self.parsers = _parsers(lookups)
        self.seen_ids: dict[int, int] = {}

    def error(self, number: int, column: str, message: str) -> None:
        self.errors.append(RowError(number, column, message))

    def parse(self, number: int, cells: dict[str, str]) -> _Row | None:
        errors_before = len(self.errors)
        offer = self._offer(number, cells.get("id", ""))
        organisation = self._organisation(number, cells.get("organisation", "").strip(), offer)
        values: dict = {}
        parts: dict[str, dict] = {"location": {}, "contact": {}}
        for column, raw in cells.items():
            if column in {"id", "organisation", "status"}:
                continue
            try:
                value = self.parsers[column](raw)
            except _CellError as problem:
                self.error(number, column, str(problem))
                continue
            if column in LOCATION_COLUMNS:
                parts["location"][LOCATION_COLUMNS[column]] = value
            elif column in CONTACT_COLUMNS:
                parts["contact"][CONTACT_COLUMNS[column]] = value
            elif value is not _ABSENT:
                values[column] = value
        self._location(number, parts["location"], values)
        self._contact(number, parts["contact"], values)
        if len(self.errors) > errors_before:
            return None
        return _Row(number=number, offer=offer, organisation=organisation, values=values)

    def _offer(self, number: int, raw: str) -> Offer | None:
        value = raw.strip()
        if not value:
            return None
        if not value.isdigit() or int(value) not in self.lookups.offers:
            # Someone else's offer and a made-up id read alike: ids reveal nothing.
            self.error(
                number,
                "id",
                _(
                    "Ein Angebot mit der ID „%(id)s“ gibt es nicht, oder Sie dürfen es nicht "
                    "bearbeiten. Für ein neues Angebot die ID leer lassen."
                )
                % {"id": raw.strip()},
            )
            return None
        offer_id = int(value)
        if offer_id in self.seen_ids:
            self.error(
                number,
                "id",
                _("Das Angebot %(id)d steht schon in Zeile %(row)d.")
                % {"id": offer_id, "row": self.seen_ids[offer_id]},
            )
            return None
        self.seen_ids[offer_id] = number
        return self.lookups.offers[offer_id]

    def _organisation(self, number: int, name: str, offer: Offer | None):
        if offer is not None:
            if name and name.lower() not in {
                offer.organisation.name.lower(),
                offer.organisation.short_name.lower(),
            }:
                self.error(
                    number,
                    "organisation",
                    _("Der Träger eines Angebots lässt sich beim Import nicht ändern."),
                )
            return offer.organisation
        if not name:
            if self.lookups.is_coordinator:
                if self.default_organisation is None:
                    self.error(
                        number,
                        "organisation",
                        _(
                            "Für neue Angebote fehlt der Träger: Spalte „organisation“ "
                            "ausfüllen oder im Formular einen Träger wählen."
                        ),
                    )
                return self.default_organisation
            return self.lookups.user.organisation
        matches = self.lookups.organisations_named(name)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            self.error(
                number,
                "organisation",
                _("„%(name)s“ passt auf mehrere Träger; bitte den vollen Namen angeben.")
                % {"name": name},
            )
        elif self.lookups.is_coordinator:
            self.error(
                number, "organisation", _("Einen Träger „%(name)s“ gibt es nicht.") % {"name": name}
            )
        else:
            self.error(
                number,
                "organisation",
                _("Sie können nur Angebote Ihres eigenen Trägers importieren."),
            )
        return None

    def _location(self, number: int, location: dict, values: dict) -> None:
        if not any(location.values()):
            return  # not in the file, or all empty: keep the offer's places
        location = {"name": "", "street": "", "postal_code": "", "municipality": "", **location}
        if not location["municipality"]:
            self.error(
                number,
                "municipality",
                _("Zu einem Ort gehört die Stadt oder Gemeinde."),
            )
            return
        location["name"] = location["name"] or location["municipality"]
        values["location"] = location

    def _contact(self, number: int, contact: dict, values: dict) -> None:
        if not any(contact.values()):
            return
        contact = {"name": "", "phone": "", "email": "", "website": "", **contact}
        if not contact["name"]:
            self.error(
                number,
                "contact_name",
                _("Zu einem Kontakt gehört ein Name oder eine Funktion (z. B. „Beratungsteam“)."),
            )
            return
        values["contact"] = contact


# --- Comparing a row with its offer ------------------------------------------------------


def _check_ranges(row: _Row, state: dict, values: dict, errors: list[RowError]) -> None:
    merged = {**state, **values}
    if (
        merged["min_age"] is not None
        and merged["max_age"] is not None
        and merged["min_age"] > merged["max_age"]
    ):
        errors.append(
            RowError(
                row.number,
                "max_age" if "max_age" in values else "min_age",
                _("Das Mindestalter (%(min)d) ist größer als das Höchstalter (%(max)d).")
                % {"min": merged["min_age"], "max": merged["max_age"]},
            )
        )
    if (
        merged["valid_from"] is not None
        and merged["valid_until"] is not None
        and merged["valid_from"] > merged["valid_until"]
    ):
        errors.append(
            RowError(
                row.number,
                "valid_until" if "valid_until" in values else "valid_from",
                _("„gültig bis“ liegt vor „gültig ab“."),
            )
        )


_NEW_OFFER_STATE = {
    **dict.fromkeys(TEXT_FIELDS, ""),
    "languages": [],
    "min_age": None,
    "max_age": None,
    "valid_from": None,
    "valid_until": None,
    "categories": [],
    "target_groups": [],
    "location": None,
    "contact": None,
}


def _compare(row: _Row, lookups: _Lookups, errors: list[RowError]) -> None:
    """Fill ``row.changes`` (``{key: (old, new)}``); flag rows that may not change their
    offer now, and value ranges the row would leave out of order."""
    if row.offer is None:
        _check_ranges(row, _NEW_OFFER_STATE, row.values, errors)
        return
    offer = row.offer
    base = _offer_state(offer)
    # Cells equal to the offer as stored say nothing new (three-way for open revisions).
    wanted = {key: value for key, value in row.values.items() if value != base[key]}
    if not wanted:
        return
    row.revision = lookups.open_revisions.get(offer.pk)
    current = base
    if offer.status == Offer.Status.PUBLISHED and row.revision is not None:
        current = _state_from_data(row.working_data(), lookups.town_names)
    row.changes = {
        key: (current[key], value) for key, value in wanted.items() if value != current[key]
    }
    if not row.changes:
        return
    _check_ranges(row, current, wanted, errors)
    if offer_is_locked(offer, row.revision):
        errors.append(
            RowError(
                row.number,
                "",
                _(
                    "Das Angebot ist gerade in Prüfung und lässt sich erst nach der Entscheidung "
                    "der Koordination ändern."
                ),
            )
        )
    if "location" in row.changes:
        place = lookups.existing_location(offer.organisation_id, row.values["location"])
        later = [e.get("location_id") for e in (row.working_data().get("locations") or [])[1:]]
        if place is not None and place.pk in later:
            errors.append(
                RowError(
                    row.number,
                    "location_name",
                    _(
                        "Dieser Ort ist dem Angebot schon als weiterer Ort zugeordnet. Mehrere "
                        "Orte bitte auf der Seite des Angebots bearbeiten."
                    ),
                )
            )


# --- Applying: through the staff services -----------------------------------------------


def _to_json(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def _locations_content(entries: list[dict], location: dict, lookups: _Lookups, organisation_id):
    """The offer's place list (revision data) with its first place as in the row. A place
    the provider already has is referred to; otherwise the first place gets the new address
    (the staff service gives it a place of its own if other offers share the old one)."""
    first = entries[0] if entries else {}
    schedules = first.get("schedules") or []
    place = lookups.existing_location(organisation_id, location)
    if place is not None:
        entry = {"location_id": place.pk, "schedules": schedules}
    else:
        address = {
            "name": location["name"],
            "street": location["street"],
            "postal_code": location["postal_code"],
            "municipality": lookups.town_ags[location["municipality"]],
        }
        # Coordinates and accessibility describe the building: they stay only while the
        # place stays in the same street, postcode and town, else they would describe the
        # old building at the new address.
        same_building = all(
            address[key] == (first.get(key) or "")
            for key in ("street", "postal_code", "municipality")
        )
        entry = {
            "location_id": first.get("location_id"),
            **address,
            "latitude": first.get("latitude") if same_building else None,
            "longitude": first.get("longitude") if same_building else None,
            "accessibility": (first.get("accessibility") or "") if same_building else "",
            "schedules": schedules,
        }
    return [entry, *entries[1:]]


def _contacts_content(entries: list[dict], contact: dict) -> list[dict]:
    if not entries:
        return [{"role": "", **contact}]
    return [{**entries[0], **contact}, *entries[1:]]


def _content(row: _Row, new: dict, lookups: _Lookups) -> dict:
    """``new`` (row values in ``_offer_state`` terms) as revision data for the services."""
    content = {key: _to_json(value) for key, value in new.items() if key in SCALAR_FIELDS}
    for key in ("categories", "target_groups"):
        if key in new:
            content[key] = new[key]
    if "location" in new or "contact" in new:
        working = row.working_data()
        if "location" in new:
            content["locations"] = _locations_content(
                working.get("locations") or [], new["location"], lookups, row.organisation.pk
            )
        if "contact" in new:
            content["contacts"] = _contacts_content(working.get("contacts") or [], new["contact"])
    return content


# --- The import --------------------------------------------------------------------------


def _read_table(text: str, errors: list[RowError]) -> tuple[list[str], list[tuple[int, list]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    records: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, cells))
    except csv.Error as problem:
        errors.append(
            RowError(
                len(records) + 1,
                "",
                _("Die Zeile lässt sich nicht lesen (%(problem)s).") % {"problem": problem},
            )
        )
        return [], []
    if not records:
        return [], []
    header = [_unneutralise(name).strip().lower() for name in records[0][1]]
    while header and not header[-1]:
        header.pop()  # trailing delimiters, as spreadsheets sometimes write
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        errors.append(
            RowError(
                1,
                "",
                _("Unbekannte Spalten: %(columns)s. Erlaubt sind: %(allowed)s.")
                % {"columns": ", ".join(unknown) or "''", "allowed": ", ".join(COLUMNS)},
            )
        )
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        errors.append(
            RowError(
                1,
                "",
                _("Spalten kommen doppelt vor: %(columns)s.") % {"columns": ", ".join(duplicates)},
            )
        )
    if "title" not in header:
        errors.append(RowError(1, "title", _("Die Spalte „title“ fehlt.")))
    return header, records[1:]


def offers_import(
    *, user, text: str, organisation: Organisation | None = None, request=None
) -> ImportResult:
    """Import offers from CSV text (format: module docstring) for ``user``.

    Every row is checked first; if any row is invalid, nothing changes and the result lists
    each problem (row, column, message). Otherwise, in one transaction: rows without id
    become draft offers of the row's provider (``organisation`` column, else
    ``organisation`` — the coordinator's choice —, else the user's own); rows with the id of
    an offer the user may edit update it (published offers: into their open revision), all
    through the staff services; one ``offers.import`` audit event sums it up."""
    result = ImportResult()
    errors = result.errors
    header, records = _read_table(text, errors)
    if errors:
        return result
    rows_cells: list[tuple[int, dict[str, str]]] = []
    for number, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # empty lines, as spreadsheets leave them
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            errors.append(
                RowError(number, "", _("Die Zeile hat mehr Zellen als die Kopfzeile Spalten."))
            )
            continue
        cells = [_unneutralise(cell) for cell in cells]
        rows_cells.append((number, dict(zip(header, cells + [""] * len(header), strict=False))))
    if not rows_cells and not errors:
        errors.append(RowError(2, "", _("Die Datei enthält keine Angebote.")))
    offer_ids = {
        int(cells["id"].strip())
        for _n, cells in rows_cells
        if cells.get("id", "").strip().isdigit()
    }
    with transaction.atomic():
        lookups = _Lookups(user=user, offer_ids=offer_ids)
        parser = _RowParser(lookups=lookups, organisation=organisation, errors=errors)
        rows = [row for number, cells in rows_cells if (row := parser.parse(number, cells))]
        for row in rows:
            _compare(row, lookups, errors)
        if errors:
            errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column else -1))
            return result
        for row in rows:
            if row.offer is None:
                offer = offer_create(
                    organisation=row.organisation,
                    content=_content(row, row.values, lookups),
                    actor=user,
                    request=request,
                )
                result.created.append(offer.pk)
                continue
            new = {key: value for key, (_old, value) in row.changes.items()}
            changed = bool(new) and offer_content_save(
                offer=row.offer, content=_content(row, new, lookups), actor=user, request=request
            )
            if not changed:
                result.unchanged += 1
            elif row.offer.status == Offer.Status.PUBLISHED:
                result.revised.append(row.offer.pk)
            else:
                result.updated.append(row.offer.pk)
        audit_record(
            action="offers.import",
            object_type="offers.offer",
            actor=user,
            request=request,
            details={
                "created": result.created,
                "updated": result.updated,
                "revised": result.revised,
                "unchanged": result.unchanged,
            },
        )
    return result
