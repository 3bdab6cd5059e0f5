"""The translation catalogues in locale/: complete, consistent with the sources, and in use.

German is the source language: msgids are German, apart from django-allauth msgids that our
templates re-use and kim_portal/allauth_formal_de.py lists. Every other portal language must
translate every msgid, without fuzzy entries, keeping placeholders and markup.
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from kim_portal.allauth_formal_de import ALLAUTH_FORMAL_DE

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ["en", "ar", "uk", "tr", "ru", "fa"]
NPLURALS = {"de": 2, "en": 2, "ar": 6, "uk": 3, "tr": 2, "ru": 3, "fa": 2}
# As in the Makefile and the extraction command; tests/ and bench/ hold no UI strings.
MAKEMESSAGES_IGNORE = [".venv", "node_modules", ".tools", "tests", "bench"]


# --- A small .po parser (no dependency) ---------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")\s*$")


def _unquote(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], "\\" + m[1]), quoted[1:-1])


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def __str__(self) -> str:
        context = f" [{self.msgctxt}]" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header included (msgid ""); obsolete (#~) entries left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    pending_flags: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.groups()
            starts_entry = keyword in ("msgctxt", "msgid") and (
                current is None or current.msgstr or keyword == "msgctxt"
            )
            if starts_entry:
                current = Entry(flags=pending_flags, line=number)
                pending_flags = set()
                entries.append(current)
            if keyword == "msgstr":
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = _unquote(value)
            else:
                target = (keyword, 0)
                setattr(current, keyword, _unquote(value))
            continue
        if line.startswith('"') and current is not None and target is not None:
            if target[0] == "msgstr":
                current.msgstr[target[1]] += _unquote(line)
            else:
                setattr(current, target[0], (getattr(current, target[0]) or "") + _unquote(line))
            continue
        raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    return entries


def catalogue(lang: str) -> list[Entry]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing: run `make messages`"
    return parse_po(path)


def messages(lang: str) -> list[Entry]:
    return [entry for entry in catalogue(lang) if entry.msgid != ""]


def header(lang: str) -> dict[str, str]:
    (head,) = [entry for entry in catalogue(lang) if entry.msgid == ""]
    pairs = (line.split(":", 1) for line in head.msgstr[0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


# --- (a) complete: nothing untranslated or fuzzy ------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    problems = []
    for entry in catalogue(lang):
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry}")
        if entry.msgid and not all(entry.msgstr.values()):
            problems.append(f"untranslated: {entry}")

    assert not problems, f"{lang}: {len(problems)} problems\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", [*TRANSLATED, "de"])
def test_plural_forms_header_and_entries_agree(lang):
    plural_forms = header(lang).get("Plural-Forms", "")
    declared = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)

    assert header(lang).get("Language") == lang
    assert declared, plural_forms
    assert int(declared[1]) == NPLURALS[lang], plural_forms
    wrong = [
        f"{entry}: {len(entry.msgstr)} forms"
        for entry in messages(lang)
        if entry.msgid_plural is not None and len(entry.msgstr) != NPLURALS[lang]
    ]
    assert not wrong, "\n".join(wrong)


# --- (b) placeholders and markup kept -----------------------------------------------------

_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|&#?\w+;")


def placeholders(text: str) -> Counter:
    return Counter(p for p in _PLACEHOLDER.findall(text) if p != "%%")


@pytest.mark.parametrize("lang", [*TRANSLATED, "de"])
def test_translations_keep_placeholders_and_markup(lang):
    problems = []
    for entry in messages(lang):
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        for index, text in sorted(entry.msgstr.items()):
            if not text:
                continue  # German source strings stay empty in de
            if placeholders(text) != placeholders(source):
                problems.append(
                    f"{entry} form {index}: placeholders {sorted(placeholders(text).elements())}"
                    f" != {sorted(placeholders(source).elements())}"
                )
            if Counter(_MARKUP.findall(text)) != Counter(_MARKUP.findall(source)):
                problems.append(f"{entry} form {index}: HTML tags or entities differ")
            if text.startswith("\n") != source.startswith("\n") or text.endswith(
                "\n"
            ) != source.endswith("\n"):
                problems.append(f"{entry} form {index}: leading/trailing line break differs")

    assert not problems, f"{lang}:\n" + "\n".join(problems)


def test_allauth_msgids_get_formal_german():
    german = {entry.msgid: entry.msgstr.get(0, "") for entry in messages("de")}
    informal = re.compile(r"\b(du|dich|dir|dein\w*)\b", re.IGNORECASE)

    missing = [msgid for msgid in ALLAUTH_FORMAL_DE if not german.get(msgid)]
    du_form = [msgid for msgid in ALLAUTH_FORMAL_DE if informal.search(german.get(msgid, ""))]
    assert not missing, "no formal German for:\n" + "\n".join(missing)
    assert not du_form, "still addressed with du:\n" + "\n".join(du_form)


# --- (c) in sync with the sources ---------------------------------------------------------


@pytest.fixture(scope="module")
def extracted_keys(tmp_path_factory) -> set[tuple[str | None, str]]:
    """What makemessages finds in the sources now, extracted in a copy of the project."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    base = Path(settings.BASE_DIR)
    skip_top = {*MAKEMESSAGES_IGNORE, ".git", "locale", "staticfiles", "media", ".run"}
    skip_top |= {"test-artifacts", ".ruff_cache"}
    copy = tmp_path_factory.mktemp("sources") / "project"

    def ignore(directory, names):
        at_top = Path(directory) == base
        return [n for n in names if n == "__pycache__" or (at_top and n in skip_top)]

    shutil.copytree(base, copy, ignore=ignore, symlinks=True)
    (copy / "locale").mkdir()
    ignores = [f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORE]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--keep-pot", *ignores],
        cwd=copy,
        env={**os.environ, "DJANGO_DEBUG": "true"},
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {entry.key for entry in parse_po(copy / "locale" / "django.pot") if entry.msgid}


@pytest.mark.parametrize("lang", [*TRANSLATED, "de"])
def test_catalogue_matches_the_sources(lang, extracted_keys):
    present = {entry.key for entry in messages(lang)}

    new = sorted(str(key[1]) for key in extracted_keys - present)
    obsolete = sorted(str(key[1]) for key in present - extracted_keys)
    assert not new, "not in the catalogue yet (run `make messages`, translate):\n" + "\n".join(new)
    assert not obsolete, "no longer in the sources (run `make messages`):\n" + "\n".join(obsolete)


# --- (d) the compiled catalogues are used -------------------------------------------------

HOME_HEADING = "Ankommen im Märkischen Kreis"


def translation_of(msgid: str, lang: str) -> str:
    (entry,) = [entry for entry in messages(lang) if entry.msgid == msgid]
    return entry.msgstr[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("uk", "ltr")])
def test_home_page_shows_the_translated_heading(client, lang, direction):
    po_file = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    mo_file = po_file.with_suffix(".mo")
    stale = f"{mo_file} is missing or older than the .po: run `manage.py compilemessages`"
    assert mo_file.exists(), stale
    assert mo_file.stat().st_mtime >= po_file.stat().st_mtime, stale
    heading = translation_of(HOME_HEADING, lang)

    response = client.get(f"/{lang}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{lang}" dir="{direction}"' in html
    assert heading
    assert heading != HOME_HEADING
    assert heading in html
    assert HOME_HEADING not in html
