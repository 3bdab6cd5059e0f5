"""Benchmark: the public offer search and the open-data API under load, next to the framework
floor, against gunicorn with production settings; and what the offer list weighs on the wire.

1. A database of its own (DATABASE_URL, default postgres:///kim_portal_bench_offers; Redis
   db 9): the demo data (``seed_demo``), then the published demo offers copied up to 10,000
   (numbered variants moved to other towns, with their translations, categories, target
   groups, a location with its schedules, contacts). Skipped when 10,000 are there.
2. ``collectstatic`` and gunicorn with DJANGO_DEBUG=false on 127.0.0.1:8790 (plain HTTP, so
   SECURE_SSL_REDIRECT=false). A few worker/thread configurations are tried briefly on the
   search mix; the one with the most requests/s is measured in full.
3. wrk (installed from Debian if missing) with bench/load.lua, which cycles through a
   list of URLs: 16 connections, 5 s warm-up, 30 s measured, for (a) /healthz — the framework
   floor, (b) the search page — queries in German, English, Arabic and Ukrainian, typos,
   filters, sorts, pages — and (c) the API's service list.
4. The first and the repeat load of /de/offers/ in bytes transferred; the slowest search
   URLs with their SQL share; results printed and written to docs/performance.md.

Run:  .venv/bin/python bench/offers_load.py [--gunicorn "--workers 2 --threads 4"]
Takes about 5 minutes, more when other work keeps the machine busy (before each measurement
it waits up to 45 s for a quiet machine). Needs PostgreSQL and Redis as for the portal, and
root (or wrk on the PATH).
"""

import argparse
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres:///kim_portal_bench_offers")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
# This process only loads data and looks at queries; gunicorn gets production settings.
os.environ["DJANGO_DEBUG"] = "true"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_portal.settings")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.test import Client
from django.utils import timezone

from bench import harness
from kim_portal.models import Municipality
from offers.models import (
    Contact,
    Location,
    Offer,
    OfferEvent,
    OfferLocation,
    OfferTranslation,
    Schedule,
)
from offers.selectors import offers_public

TARGET_OFFERS = 10_000
HOST, PORT = "127.0.0.1", 8790
CONNECTIONS = 16
WARMUP_SECONDS, DURATION_SECONDS = 5, 30
TRIAL_WARMUP_SECONDS, TRIAL_SECONDS = 3, 15
# Tried on 2 cores: CPU-bound Python wants about one process per core, threads overlap the
# waits for PostgreSQL.
GUNICORN_CONFIGS = [
    "--workers 2 --threads 4",
    "--workers 3 --threads 2",
    "--workers 4 --threads 1",
]
DOCS = ROOT / "docs" / "performance.md"
SECTION = "## Offers search and API under load (`bench/offers_load.py`)"
BLOCK_START, BLOCK_END = "<!-- offers_load:start -->", "<!-- offers_load:end -->"

# Targets (issue 3): search p95 at 16 clients, search throughput against the floor's, page
# weight of the offer list (HTML, CSS, JS, fonts; compressed), first and repeat view.
TARGET_SEARCH_P95_MS = 60
TARGET_FLOOR_SHARE = 0.40
TARGET_FIRST_LOAD_BYTES = 150_000
TARGET_REPEAT_BYTES = 25_000

# Towns by AGS (reference data of the migrations).
ISERLOHN, LUEDENSCHEID, HEMER, MENDEN = "05962024", "05962032", "05962016", "05962040"
NEUENRADE, PLETTENBERG = "05962048", "05962052"

SEARCHES = [
    # (language, parameters)
    ("de", {}),
    ("de", {"page": "2"}),
    ("de", {"page": "50"}),
    ("de", {"q": "Deutschkurs"}),
    ("de", {"q": "Sprachkurse"}),
    ("de", {"q": "Integrationskurs", "town": ISERLOHN}),
    ("de", {"q": "Integrationskurs", "childcare": "1", "free": "1"}),
    ("de", {"q": "Beratung"}),
    ("de", {"q": "Beratung", "page": "3"}),
    ("de", {"q": "Migrationsberatung", "sort": "newest"}),
    ("de", {"q": "Sprachcafé"}),
    ("de", {"q": "Sprachcafe", "town": LUEDENSCHEID}),
    ("de", {"q": "Schülerin"}),
    ("de", {"q": "Schuelerin"}),
    ("de", {"q": "Kita"}),
    ("de", {"q": "Anerkennung Pflege"}),
    ("de", {"q": "Einbürgerung"}),
    ("de", {"q": "Wohnung"}),
    ("de", {"q": "Schwimmkurs Frauen"}),
    ("de", {"q": "Hausaufgabenhilfe", "town": HEMER}),
    ("de", {"q": "Jobcenter", "target_group": "gefluechtete"}),
    ("de", {"q": "Deutschkrus"}),
    ("de", {"q": "Integartionskurs"}),
    ("de", {"q": "Beratnug"}),
    ("de", {"q": "Sprachkaffee"}),
    ("de", {"q": "Anerkenungsberatung"}),
    ("de", {"q": "Quantenphysik"}),
    ("de", {"q": "Deutschkurs", "town": NEUENRADE, "online": "1"}),
    ("de", {"town": ISERLOHN}),
    ("de", {"town": LUEDENSCHEID, "category": "sprache"}),
    ("de", {"category": "beratung", "target_group": "frauen"}),
    ("de", {"free": "1", "childcare": "1", "barrier_free": "1"}),
    ("de", {"online": "1"}),
    ("de", {"language": "ar"}),
    ("de", {"category": "arbeit", "sort": "newest", "page": "2"}),
    ("de", {"near": MENDEN, "sort": "distance"}),
    ("de", {"category": "sprache", "near": PLETTENBERG, "sort": "distance", "page": "4"}),
    ("en", {"q": "German course"}),
    ("en", {"q": "counselling", "town": ISERLOHN}),
    ("en", {"q": "integration course women"}),
    ("en", {"q": "langauge cafe"}),
    ("en", {"category": "arbeit"}),
    ("ar", {}),
    ("ar", {"q": "دورة الاندماج"}),
    ("ar", {"q": "رعاية الأطفال", "town": ISERLOHN}),
    ("ar", {"q": "اللغة الألمانية", "free": "1"}),
    ("ar", {"q": "استشارات", "sort": "newest"}),
    ("uk", {"q": "інтеграційний курс"}),
    ("uk", {"q": "німецька", "childcare": "1"}),
    ("uk", {"q": "консультація", "town": LUEDENSCHEID}),
    ("uk", {"target_group": "ukraine"}),
]
API_QUERIES = [
    {},
    {"page": "2"},
    {"per_page": "100"},
    {"page": "40", "per_page": "50"},
    {"q": "Deutschkurs"},
    {"q": "Beratung", "municipality": "Iserlohn"},
    {"municipality": LUEDENSCHEID},
    {"category": "sprache"},
    {"category": "beratung", "municipality": "Hemer"},
    {"language": "ar"},
    {"lang": "en"},
    {"lang": "en", "q": "integration course"},
    {"lang": "ar", "q": "دورة"},
    {"lang": "uk", "q": "курс"},
    {"q": "Integrationskurs", "language": "uk"},
    {"q": "Sprachcafé", "lang": "en", "per_page": "10"},
    {"municipality": "05962", "page": "3"},
    {"q": "Frauen", "category": "freizeit"},
    {"lang": "fa"},
    {"q": "Anerkennung"},
]


def search_paths() -> list[str]:
    return [
        f"/{language}/offers/" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        for language, params in SEARCHES
    ]


def api_paths() -> list[str]:
    return [
        "/api/v1/services" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        for params in API_QUERIES
    ]


# --- Tools and data ----------------------------------------------------------------------


def wrk_ensure() -> str:
    """The wrk binary; installed from Debian when missing and we may."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit("wrk is missing: install it (Debian: apt-get install -y wrk) and run again.")
    print("Installing wrk from Debian …")
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, env=apt_env, check=False).returncode:  # noqa: S603
        subprocess.run(["apt-get", "update", "-q"], env=apt_env, check=False)  # noqa: S607
        subprocess.run(install, env=apt_env, check=False)  # noqa: S603
    found = shutil.which("wrk")
    if not found:
        sys.exit("Could not install wrk: run 'apt-get install -y wrk' yourself and run again.")
    return found


def manage(*args: str, env: dict | None = None) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env or dict(os.environ), check=True
    )


def demo_offers():
    """The demo offers themselves: they have a history, the copies made here do not."""
    return offers_public().filter(Exists(OfferEvent.objects.filter(offer=OuterRef("pk"))))


# Numbered variants: "<title> (Gruppe 7)" in the text's language.
GROUP_WORD = {
    "de": "Gruppe",
    "en": "group",
    "ar": "المجموعة",
    "uk": "група",
    "tr": "grup",
    "ru": "группа",
    "fa": "گروه",
}
EXTRA_SENTENCES = [
    "Neuer Durchgang, Einstieg jederzeit möglich.",
    "Auch samstags nach Absprache.",
    "Dolmetschung nach Absprache möglich.",
    "Treffpunkt im Stadtteilzentrum.",
    "Plätze frei – bitte vorher anrufen.",
    "Mit Unterstützung von Ehrenamtlichen.",
    "In Kooperation mit dem Familienzentrum.",
    "Termine auch am frühen Abend.",
]
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


def _short_town(municipality: Municipality) -> str:
    return municipality.name.split(" (")[0]  # "Menden (Sauerland)" is "Menden" in titles


def _town_words(templates) -> dict[tuple[str, int], str]:
    """How each town is written in the translated titles, per language: the last word of
    titles of offers whose German title names their town ("… في إيزرلون", "… в Ізерлоні")."""
    seen: dict[tuple[str, int], Counter] = {}
    for offer in templates:
        town = offer.offer_locations.all()[0].location.municipality
        if _short_town(town) not in offer.title:
            continue
        for translation in offer.translations.all():
            words = _TRAILING_NOTE.sub("", translation.title).split()
            if words:
                seen.setdefault((translation.language, town.pk), Counter())[words[-1]] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in seen.items()}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def offers_multiply(target: int) -> int:
    """Copy published demo offers until ``target`` offers are public; returns how many were
    made. Each copy: a numbered variant of its template, mostly moved to another town (German
    texts and, where the town's spelling is known, translations), published at a random
    moment of the last two years."""
    have = offers_public().count()
    if have >= target:
        return 0
    rng = random.Random(have)  # noqa: S311 — reproducible test data, not security
    templates = list(
        demo_offers()
        .order_by("pk")
        .prefetch_related(
            "categories",
            "target_groups",
            "translations",
            "contacts",
            Prefetch(
                "offer_locations",
                queryset=OfferLocation.objects.select_related(
                    "location__municipality"
                ).prefetch_related("schedules"),
            ),
        )
    )
    templates = [offer for offer in templates if offer.offer_locations.all()]
    towns = list(Municipality.objects.order_by("name"))
    town_words = _town_words(templates)
    locations_in_town: dict[int, list[Location]] = {}
    location_of: dict[tuple[int, int], Location] = {}
    for location in Location.objects.order_by("pk"):
        locations_in_town.setdefault(location.municipality_id, []).append(location)
        location_of.setdefault((location.organisation_id, location.municipality_id), location)
    copied = ("organisation_id", "description", "eligibility", "application_process")
    copied += ("cost_text", "languages", "min_age", "max_age", "is_free")
    copied += ("registration_required", "childcare", "barrier_free", "mode")
    copied += ("valid_from", "valid_until", "source_revision")
    translated = ("title", "summary", *Offer.TRANSLATED_FIELDS[2:])
    now = timezone.now()
    made, number = 0, have
    while made < target - have:
        batch = []
        for _ in range(min(1000, target - have - made)):
            number += 1
            template = templates[number % len(templates)]
            offer_location = template.offer_locations.all()[0]
            home = offer_location.location.municipality
            group = number // len(templates) + 1
            moves = _short_town(home) in template.title
            town = rng.choice(towns) if moves else home
            location = offer_location.location
            if town != home:
                location = location_of.get((template.organisation_id, town.pk)) or rng.choice(
                    locations_in_town.get(town.pk) or [location]
                )

            def moved(text, language="de", home=home, town=town):
                if town == home or not text:
                    return text
                if language == "de":
                    return re.sub(rf"\b{re.escape(_short_town(home))}\b", _short_town(town), text)
                old, new = town_words.get((language, home.pk)), town_words.get((language, town.pk))
                return text.replace(old, new) if old and new else text

            published = now - timedelta(days=rng.uniform(1, 730))
            summary = moved(template.summary)
            extra = rng.choice(EXTRA_SENTENCES)
            offer = Offer(
                **{name: getattr(template, name) for name in copied},
                title=_clip(f"{moved(template.title)} ({GROUP_WORD['de']} {group})", 200),
                summary=summary if len(summary) + len(extra) >= 400 else f"{summary} {extra}",
                status=Offer.Status.PUBLISHED,
                created_at=published - timedelta(days=rng.uniform(1, 30)),
                published_at=published,
                modified_at=published,
                last_reviewed_at=published,
            )
            for name in ("description", "eligibility", "application_process", "cost_text"):
                setattr(offer, name, moved(getattr(offer, name)))
            translations = [
                OfferTranslation(
                    language=translation.language,
                    source_revision=translation.source_revision,
                    modified_at=published,
                    **{
                        name: moved(getattr(translation, name), translation.language)
                        for name in translated
                    },
                )
                for translation in template.translations.all()
            ]
            for translation in translations:
                word = GROUP_WORD.get(translation.language, "#")
                translation.title = _clip(f"{translation.title} ({word} {group})", 200)
            batch.append((template, offer, translations, location, offer_location))
        with transaction.atomic():
            offers = Offer.objects.bulk_create([row[1] for row in batch])
            Offer.categories.through.objects.bulk_create(
                Offer.categories.through(offer_id=offer.pk, category_id=category.pk)
                for (template, *_), offer in zip(batch, offers, strict=True)
                for category in template.categories.all()
            )
            Offer.target_groups.through.objects.bulk_create(
                Offer.target_groups.through(offer_id=offer.pk, targetgroup_id=group.pk)
                for (template, *_), offer in zip(batch, offers, strict=True)
                for group in template.target_groups.all()
            )
            for _template, offer, translations, *_ in batch:
                for translation in translations:
                    translation.offer_id = offer.pk
            OfferTranslation.objects.bulk_create(
                translation
                for _template, _offer, translations, *_ in batch
                for translation in translations
            )
            new_places = OfferLocation.objects.bulk_create(
                OfferLocation(offer_id=offer.pk, location_id=location.pk)
                for (_t, offer, _tr, location, _ol) in batch
            )
            Schedule.objects.bulk_create(
                Schedule(
                    offer_location_id=place.pk,
                    **{
                        field.attname: getattr(schedule, field.attname)
                        for field in Schedule._meta.concrete_fields
                        if field.attname not in ("id", "offer_location_id")
                    },
                )
                for (*_, template_place), place in zip(batch, new_places, strict=True)
                for schedule in template_place.schedules.all()
            )
            Contact.objects.bulk_create(
                Contact(
                    offer_id=offer.pk,
                    **{
                        field.attname: getattr(contact, field.attname)
                        for field in Contact._meta.concrete_fields
                        if field.attname not in ("id", "offer_id")
                    },
                )
                for (template, offer, *_) in batch
                for contact in template.contacts.all()
            )
        made += len(batch)
        print(f"  {have + made:,} offers", end="\r", flush=True)
    print()
    return made


def database_prepare() -> dict:
    """Demo data and the 10,000 offers; returns what is in the database."""
    call_command("ensure_database", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
    if offers_public().count() < TARGET_OFFERS:
        print("Loading the demo data (seed_demo) …")
        # Its output lists the demo logins with a throwaway password: keep only the summary.
        seeded = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "seed_demo", "--password", secrets.token_urlsafe(12)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if seeded.returncode:
            sys.exit(f"seed_demo failed:\n{seeded.stderr}")
        print("\n".join(row for row in seeded.stdout.splitlines() if row.startswith("Offers:")))
    started = time.perf_counter()
    made = offers_multiply(TARGET_OFFERS)
    if made:
        print(f"Copied {made:,} offers in {time.perf_counter() - started:.0f} s.")
    with connection.cursor() as cursor:
        # Fresh statistics and visibility maps, as autovacuum would have them by now.
        cursor.execute("VACUUM ANALYZE")
    public = offers_public()
    return {
        "offers": public.count(),
        "demo": demo_offers().count(),
        "translations": OfferTranslation.objects.filter(offer__in=public).count(),
        "locations": OfferLocation.objects.filter(offer__in=public).count(),
    }


# --- gunicorn ----------------------------------------------------------------------------


# --- Load --------------------------------------------------------------------------------


def fetch(path: str, headers: dict | None = None) -> tuple[int, dict, bytes, int]:
    return harness.fetch(path, port=PORT, headers=headers)


def scenario(wrk: str, server, paths: list[str], warmup: int, seconds: int) -> dict:
    harness.quiet_wait()
    harness.wrk_run(wrk, paths, warmup, server, connections=CONNECTIONS)
    result = harness.wrk_run(wrk, paths, seconds, server, connections=CONNECTIONS)
    harness.drain(port=PORT)
    return result


def paths_check(paths: list[str]) -> None:
    """Every URL of the mix answers 200, so the load test measures pages, not errors."""
    bad = [(path, status) for path in paths if (status := fetch(path)[0]) != 200]
    if bad:
        raise RuntimeError(f"URLs that do not answer 200: {bad}")


# --- Page weight -------------------------------------------------------------------------


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel:
            self.found.append(("CSS", attrs["href"]))
        elif tag == "link" and "icon" in rel:
            self.found.append(("icon", attrs["href"]))
        elif tag == "link" and "preload" in rel:
            self.found.append((attrs.get("as") or "preload", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.found.append(("JS", attrs["src"]))


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_FAR_FUTURE = 365 * 24 * 3600


def _decoded(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        import gzip

        return gzip.decompress(body)
    if encoding == "br":
        import brotli  # WhiteNoise serves brotli when the package is there

        return brotli.decompress(body)
    return body


def page_weight(path: str) -> dict:
    """Bytes on the wire (response head + body as sent) for the first view of ``path`` and
    everything it references (CSS, JS, fonts and images named in CSS, the icon), and for a
    repeat view with the static files in the browser cache."""
    import gzip

    accept = {"Accept-Encoding": "gzip, br", "Accept-Language": "de"}
    status, headers, html, head = fetch(path, accept)
    assert status == 200, status
    rows = [
        {
            "kind": "HTML",
            "url": path,
            "encoding": headers.get("content-encoding", "none"),
            "bytes": head + len(html),
            "body": len(html),
            "cache": headers.get("cache-control", "—"),
            "immutable": False,
        }
    ]
    parser = _Assets()
    parser.feed(_decoded(html, headers.get("content-encoding")).decode())
    queue, seen = list(parser.found), set()
    while queue:
        kind, url = queue.pop(0)
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        status, asset_headers, body, asset_head = fetch(url, accept)
        cache = asset_headers.get("cache-control", "")
        max_age = re.search(r"max-age=(\d+)", cache)
        rows.append(
            {
                "kind": kind,
                "url": url,
                "encoding": asset_headers.get("content-encoding", "none"),
                "bytes": asset_head + len(body),
                "body": len(body),
                "cache": cache or "—",
                "immutable": bool(max_age and int(max_age.group(1)) >= _FAR_FUTURE),
                "status": status,
            }
        )
        if kind == "CSS":
            text = _decoded(body, asset_headers.get("content-encoding"))
            for ref in _CSS_URL.findall(text.decode()):
                if not ref.startswith("data:"):
                    ref_kind = "font" if re.search(r"\.(woff2?|ttf|otf)", ref) else "image"
                    queue.append((ref_kind, urllib.parse.urljoin(url, ref)))
    first = sum(row["bytes"] for row in rows)
    repeat = sum(row["bytes"] for row in rows if not row["immutable"])
    # The HTML as it would go out through GZipMiddleware or a compressing proxy.
    html_gzip = len(gzip.compress(html, compresslevel=6)) if rows[0]["encoding"] == "none" else 0
    saving = rows[0]["body"] - html_gzip if html_gzip else 0
    return {
        "rows": rows,
        "first": first,
        "repeat": repeat,
        "html_gzip_body": html_gzip,
        "first_if_gzip": first - saving,
        "repeat_if_gzip": repeat - saving,
        "html_etag": "etag" in headers or "last-modified" in headers,
    }


# --- Where the time goes -----------------------------------------------------------------


def slowest(paths: list[str], rounds: int = 3) -> list[tuple[str, float]]:
    """Each URL alone (one client, server otherwise idle): median of ``rounds``, slowest
    first."""
    timings = []
    for path in paths:
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            fetch(path)
            samples.append((time.perf_counter() - started) * 1000)
        timings.append((path, statistics.median(samples)))
    return sorted(timings, key=lambda row: -row[1])


def query_profile(path: str) -> dict:
    """The page rendered in this process with every SQL statement timed: count, SQL time,
    the slowest statement and its plan (EXPLAIN ANALYZE). DEBUG is on here, so totals run a
    little above gunicorn's; the SQL share is what matters."""
    statements = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, sql, params))

    client = Client(HTTP_HOST=HOST)
    client.get(path)  # warm: templates, translations
    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        status = client.get(path).status_code
        total = (time.perf_counter() - started) * 1000
    worst_ms, worst_sql, worst_params = max(statements, key=lambda row: row[0])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {worst_sql}", worst_params)
        plan = [row[0] for row in cursor.fetchall()]
    return {
        "path": path,
        "status": status,
        "total_ms": total,
        "queries": len(statements),
        "sql_ms": sum(row[0] for row in statements),
        "worst_ms": worst_ms,
        "worst_sql": worst_sql,
        "plan": plan,
    }


# --- Report ------------------------------------------------------------------------------


_ms = harness.ms


def _rps(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _kb(value: int) -> str:
    return f"{value / 1000:.1f} KB"


def results_table(results: dict) -> list[str]:
    lines = [
        "| Scenario | URLs | Requests | Requests/s | p50 ms | p95 ms | p99 ms | Non-2xx | "
        "CPU (cores): gunicorn / PostgreSQL / wrk / other |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in results.items():
        lines.append(
            f"| {name} | {row['urls']} | {row['requests']:,} | {_rps(row['rps'])} | "
            f"{_ms(row['p50'])} | {_ms(row['p95'])} | {_ms(row['p99'])} | {row['errors']} | "
            f"{row['cpu_gunicorn']:.2f} / {row['cpu_postgres']:.2f} / {row['cpu_wrk']:.2f} / "
            f"{row['cpu_other']:.2f} |"
        )
    return lines


def report(*, facts, data, trials, best, results, weight, slow_all, profiles, minutes) -> str:
    floor, search_row, api_row = results["floor"], results["search"], results["api"]
    slow = slow_all[: len(profiles)]
    share = search_row["rps"] / floor["rps"]
    named = {
        "(a) floor: /healthz": floor,
        "(b) search page": search_row,
        "(b′) search page, page cache off": results["search_uncached"],
        "(c) API /api/v1/services": api_row,
    }

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    lines = [
        BLOCK_START,
        f"Run of {timezone.localtime():%Y-%m-%d %H:%M} (Europe/Berlin), {minutes:.1f} min; "
        f"{facts['host']}: {facts['cores']} vCPU ({facts['cpu']}), "
        f"{facts['memory_gib']:.0f} GiB, PostgreSQL {facts['postgres']}, "
        f"Redis {facts['redis']}, Python {facts['python']}, Django {facts['django']}, "
        f"gunicorn {facts['gunicorn']}, wrk {facts['wrk']} (on the same machine).",
        "",
        f"Data: {data['offers']:,} public offers ({data['demo']} demo offers, the rest "
        f"copies), {data['translations']:,} translations, {data['locations']:,} offer "
        "locations.",
        "",
        f"gunicorn configurations tried on the search mix ({TRIAL_SECONDS} s after "
        f"{TRIAL_WARMUP_SECONDS} s warm-up, {CONNECTIONS} connections):",
        "",
        "| gunicorn options | Requests/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|",
        *(
            f"| `{options}`{' (chosen)' if options == best else ''} | {_rps(row['rps'])} | "
            f"{_ms(row['p50'])} | {_ms(row['p95'])} | {_ms(row['p99'])} |"
            for options, row in trials.items()
        ),
        "",
        f"Load with `gunicorn kim_portal.wsgi {best}` (gthread when threads > 1), "
        "DJANGO_DEBUG=false: wrk, 2 threads, "
        f"{CONNECTIONS} keep-alive connections, {WARMUP_SECONDS} s warm-up then "
        f"{DURATION_SECONDS} s measured per scenario, each request the next URL of the "
        "scenario's list (`bench/load.lua`). CPU is in cores of the "
        f'{facts["cores"]}; "other" is everything else on the machine.',
        "",
        *results_table(named),
        "",
        "Page weight of `/de/offers/` (bytes on the wire: response head + body as sent, "
        "`Accept-Encoding: gzip, br`):",
        "",
        "| Resource | Content-Encoding | Transferred | Cache-Control |",
        "|---|---|---|---|",
        *(
            f"| {row['kind']} `{row['url'].split('?')[0]}` | {row['encoding']} | "
            f"{row['bytes']:,} B | {row['cache']} |"
            for row in weight["rows"]
        ),
        f"| **First view** | | **{weight['first']:,} B** | |",
        f"| **Repeat view** (HTML only: the static files are cached for a year) | | "
        f"**{weight['repeat']:,} B** | |",
        "",
    ]
    if weight["html_gzip_body"]:
        lines += [
            f"The HTML goes out uncompressed ({weight['rows'][0]['body']:,} B); gzip would make "
            f"it {weight['html_gzip_body']:,} B, the first view {weight['first_if_gzip']:,} B "
            f"and the repeat view {weight['repeat_if_gzip']:,} B.",
            "",
        ]
    if not weight["html_etag"]:
        lines += [
            "The HTML has neither ETag nor Last-Modified: a repeat view downloads it in full.",
            "",
        ]
    lines += [
        "| Target | Measured | |",
        "|---|---|---|",
        f"| Search p95 ≤ {TARGET_SEARCH_P95_MS} ms at {CONNECTIONS} clients | "
        f"{_ms(search_row['p95'])} ms | {verdict(search_row['p95'] <= TARGET_SEARCH_P95_MS)} |",
        f"| Search throughput ≥ {TARGET_FLOOR_SHARE:.0%} of the floor's | "
        f"{_rps(search_row['rps'])} of {_rps(floor['rps'])} req/s = {share:.1%} | "
        f"{verdict(share >= TARGET_FLOOR_SHARE)} |",
        f"| (same, page cache off) | p95 {_ms(results['search_uncached']['p95'])} ms, "
        f"{_rps(results['search_uncached']['rps'])} req/s | for comparison |",
        f"| First view ≤ {TARGET_FIRST_LOAD_BYTES // 1000} KB | {_kb(weight['first'])} | "
        f"{verdict(weight['first'] <= TARGET_FIRST_LOAD_BYTES)} |",
        f"| Repeat view ≤ {TARGET_REPEAT_BYTES // 1000} KB | {_kb(weight['repeat'])} | "
        f"{verdict(weight['repeat'] <= TARGET_REPEAT_BYTES)} |",
        f"| No errors | {sum(row['errors'] for row in results.values())} non-2xx or socket "
        f"errors | {verdict(not any(row['errors'] for row in results.values()))} |",
        "",
        "Slowest search URLs, each alone with the page cache off: gunicorn ms is the median "
        "of 3 requests from one client; the page rendered once more in the benchmark process "
        "(DEBUG on) gives its queries and how much of its time was SQL:",
        "",
        "| URL | gunicorn ms | In-process ms | Queries | SQL ms | Slowest statement ms |",
        "|---|---|---|---|---|---|",
        *(
            f"| `{urllib.parse.unquote(profile['path'])}` | {_ms(ms)} | "
            f"{_ms(profile['total_ms'])} | {profile['queries']} | {_ms(profile['sql_ms'])} | "
            f"{_ms(profile['worst_ms'])} |"
            for (path, ms), profile in zip(slow, profiles, strict=True)
        ),
        f"| median of all {len(slow_all)} search URLs | "
        f"{_ms(statistics.median(ms for _path, ms in slow_all))} | | | | |",
        BLOCK_END,
    ]
    return "\n".join(lines)


def docs_write(block: str) -> None:
    rerun = (
        "Rerun: `.venv/bin/python bench/offers_load.py` (about 5 minutes; own database "
        "`kim_portal_bench_offers` and Redis db 9, filled on the first run; installs `wrk` "
        'from Debian if missing). `--gunicorn "--workers 2 --threads 4"` skips the '
        "configuration trials. Each run rewrites the block between the markers below."
    )
    harness.docs_block_write(block, start=BLOCK_START, end=BLOCK_END, section=SECTION, rerun=rerun)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gunicorn", help="gunicorn options; default: try a few, keep the best")
    parser.add_argument("--no-docs", action="store_true", help="print only")
    args = parser.parse_args()
    started = time.monotonic()
    wrk = wrk_ensure()
    print(f"Database {settings.DATABASES['default']['NAME']}, Redis {settings.REDIS_URL}")
    data = database_prepare()
    print(f"{data['offers']:,} public offers, {data['translations']:,} translations.")
    env = harness.production_env()
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    searches, apis = search_paths(), api_paths()
    log = Path(f"/tmp/offers_load_gunicorn_{os.getpid()}.log")  # noqa: S108
    print(f"gunicorn log: {log}")

    trials = {}
    for options in [args.gunicorn] if args.gunicorn else GUNICORN_CONFIGS:
        with harness.Gunicorn(options, env, log, port=PORT) as server:
            if not trials:
                paths_check(searches + apis)
            row = scenario(wrk, server, searches, TRIAL_WARMUP_SECONDS, TRIAL_SECONDS)
        trials[options] = row
        print(
            f"  trial {options}: {_rps(row['rps'])} req/s, p50 {_ms(row['p50'])} ms, "
            f"p95 {_ms(row['p95'])} ms, p99 {_ms(row['p99'])} ms"
        )
    # At a fixed number of clients, more requests/s is lower latency; the count of requests
    # is a steadier measure than a p95 from a few hundred samples.
    best = max(trials, key=lambda options: trials[options]["rps"])

    with harness.Gunicorn(best, env, log, port=PORT) as server:
        results = {}
        for name, paths in (("floor", ["/healthz"]), ("search", searches), ("api", apis)):
            print(f"Load: {name} ({len(paths)} URLs) …")
            results[name] = scenario(wrk, server, paths, WARMUP_SECONDS, DURATION_SECONDS)
        weight = page_weight("/de/offers/")
    # The same search mix with the page cache off: every request searches and renders.
    with harness.Gunicorn(
        best, {**env, "OFFERS_PAGE_CACHE_SECONDS": "0"}, log, port=PORT
    ) as server:
        print(f"Load: search without page cache ({len(searches)} URLs) …")
        results["search_uncached"] = scenario(
            wrk, server, searches, WARMUP_SECONDS, DURATION_SECONDS
        )
        slow_all = slowest(searches)
    slow = slow_all[:5]
    settings.OFFERS_PAGE_CACHE_SECONDS = 0  # profile the work, not the cache
    profiles = [query_profile(path) for path, _ms_ in slow]

    print()
    print("\n".join(results_table(results)))
    print(f"\nPage weight: first view {weight['first']:,} B, repeat view {weight['repeat']:,} B")
    for row in weight["rows"]:
        print(f"  {row['kind']:5} {row['bytes']:>8,} B {row['encoding']:5} {row['url']}")
    print("\nSearch URLs alone (one client, median of 3):")
    for path, ms in slow_all:
        print(f"  {_ms(ms):>6} ms  {urllib.parse.unquote(path)}")
    print("\nSlowest search URLs in this process (DEBUG on):")
    for (path, _gunicorn_ms), profile in zip(slow, profiles, strict=True):
        print(
            f"  {_ms(profile['total_ms']):>6} ms  {profile['queries']} queries, "
            f"SQL {_ms(profile['sql_ms'])} ms, "
            f"slowest {_ms(profile['worst_ms'])} ms  {urllib.parse.unquote(path)}"
        )
    worst = max(profiles, key=lambda profile: profile["worst_ms"])
    print(f"\nSlowest statement ({_ms(worst['worst_ms'])} ms, {worst['path']}):")
    print(worst["worst_sql"][:2000])
    print("\n".join(worst["plan"][:40]))

    block = report(
        facts=harness.machine(),
        data=data,
        trials=trials,
        best=best,
        results=results,
        weight=weight,
        slow_all=slow_all,
        profiles=profiles,
        minutes=(time.monotonic() - started) / 60,
    )
    print()
    print(block)
    if not args.no_docs:
        docs_write(block)
        print(f"\nWritten to {DOCS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
