"""The shapes of the demo data. Texts are written as wrapped triple-quoted strings and
collapsed to single spaces by ``text()``."""

import re
from dataclasses import dataclass, field


def text(value: str) -> str:
    """Collapse the line breaks and indentation of a wrapped string; no blanks between
    tags, so the stored HTML equals its sanitised form."""
    return re.sub(r">\s+<", "><", " ".join(value.split()))


@dataclass(frozen=True)
class Town:
    name: str  # as in kim_portal.Municipality
    short: str  # as used in titles ("Menden" for "Menden (Sauerland)")
    postal_codes: tuple[str, ...]
    area_code: str
    streets: tuple[str, ...]
    # "in <town>" in each translation language, declined where the language needs it.
    in_town: dict[str, str]


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    short_name: str
    kind: str  # kim_portal.models.Organisation.Kind
    seat: str | None  # town name
    domain: str  # for e-mail addresses and websites; always an .example domain
    # Location name; "{town}" is replaced by the town's short name. Per-town overrides.
    venue: str
    venues: dict[str, str] = field(default_factory=dict)
    # Authorities and large providers have step-free buildings.
    always_barrier_free: bool = False


@dataclass(frozen=True)
class Hours:
    """Opening hours: one of ``options`` (a tuple of (BYDAY, "HH:MM", "HH:MM") slots) is
    chosen per offer."""

    options: tuple[tuple[tuple[str, str, str], ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Course:
    """Dated weekly course: starts within ``starts_in_days`` (range), runs ``weeks`` weeks
    (UNTIL) or ``count`` sessions (COUNT). A past course (``held_last``, a (month, day))
    started on the latest such date at least eight weeks ago instead."""

    byday: str
    opens: str  # "HH:MM"
    closes: str
    weeks: int | None = None
    count: int | None = None
    starts_in_days: tuple[int, int] = (14, 120)
    note: str = ""
    held_last: tuple[int, int] | None = None


@dataclass(frozen=True)
class Monthly:
    """Dated monthly event on the n-th weekday ("1SA", "2TU"), ``count`` times."""

    byday: str
    opens: str  # "HH:MM"
    closes: str
    count: int
    starts_in_days: tuple[int, int] = (7, 45)
    note: str = ""


@dataclass(frozen=True)
class OfferType:
    """One kind of offer with its German texts (source) and translations.

    Texts may contain ``{in_town}`` ("in Iserlohn", or its translation). ``translations``
    maps a language code to a dict of translated fields (at least title and summary)."""

    key: str
    title: str
    summary: str
    description: str
    eligibility: str
    application_process: str
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]
    schedule: Hours | Course | Monthly
    contact_role: str
    cost_text: str = ""
    # One of these lists is chosen per offer.
    languages: tuple[tuple[str, ...], ...] = (("de",),)
    min_age: int | None = None
    max_age: int | None = None
    is_free: bool = True
    registration_required: bool = False
    childcare: bool = False
    mode: str = "in_person"
    # Contacts are named persons (fictional) rather than a function, e.g. volunteers.
    personal_contact: bool = False
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Placement:
    """Provider ``provider`` runs offer type ``offer_type`` in ``town``."""

    offer_type: str
    provider: str
    town: str
    variant: str = ""  # key of VARIANTS: a title suffix and other times
    status: str = "published"
    # German texts changed after translating: source_revision 2, translations from 1.
    outdated: bool = False
    mode: str = ""  # overrides the type's mode
    also_in: tuple[str, ...] = ()  # further towns with an outreach consultation


def translation(title: str, summary: str, description: str = "", **fields: str) -> dict:
    """One language's texts of an offer type; empty fields are left out."""
    texts = {"title": title, "summary": summary, "description": description, **fields}
    return {name: text(value) for name, value in texts.items() if value}
