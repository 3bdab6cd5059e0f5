"""The proof's load run: 50 concurrent users for 5 minutes — 80 % public browsing and search,
10 % open-data API, 10 % staff pages (bench/locustfile.py) — against gunicorn with
production settings, with a Celery worker and beat running.

Goals (proof issue): 0 errors; p95 per page type within budget (public ≤ 100 ms, staff ≤
200 ms on this machine); the memory of each process stable (RSS at the start of the
measured load and at its end).

1. A database of its own (kim_portal_proof_load, Redis db 7) with the demo data
   (seed_demo), made on the first run.
2. Staff sessions from real logins: a case manager (password, then TOTP) and a
   steering-group member; the URLs of real offers and cases go into the plan for locust.
3. gunicorn (4 workers), one Celery worker and one beat, all with production settings.
4. locust, headless: 50 users, 10 started per second, ``--minutes`` (default 5) of load;
   RSS of every process 30 s in and at the end.
5. Results printed and written to docs/performance.md between markers. Exits 1 on any
   error or a missed budget.

Run:  .venv/bin/python bench/proof_load.py [--minutes 5] [--no-docs]
"""

# Processes are started by name from PATH (psql) with arguments this script builds itself:
# ruff: noqa: S603

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DATABASE = "kim_portal_proof_load"
PORT = 8793
USERS, SPAWN_RATE = 50, 10
BUDGET_MS = {"public": 100, "api": 100, "staff": 200}
SECRET_KEY = secrets.token_urlsafe(50)
BLOCK_START, BLOCK_END = "<!-- proof_load:start -->", "<!-- proof_load:end -->"
SECTION = "## The proof's load run (`bench/proof_load.py`)"

ENV = {
    "DATABASE_URL": f"postgres:///{DATABASE}",
    "REDIS_URL": "redis://127.0.0.1:6379/7",
}


def django_setup() -> dict:
    import harness

    env = harness.production_env(SECRET_KEY=SECRET_KEY, **ENV)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_portal.settings")
    import django

    django.setup()
    return env


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def login_case_manager() -> tuple[str, object]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings

    from kim_portal.models import User
    from tests.totp import totp_code

    user = User.objects.get(email="fallmanagement@kim-demo.example")
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    user.authenticator_set.all().delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    browser = _client()
    first = browser.post("/de/accounts/login/", {"login": user.email, "password": password})
    second = browser.post(first["Location"], {"code": totp_code(secret, valid_for=2)})
    if second.status_code != 302:
        raise RuntimeError(f"case manager login failed: {second.status_code}")
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={browser.cookies[name].value}", user


def login_member() -> str:
    from django.conf import settings

    from kim_portal.models import User

    user = User.objects.get(email="lenkungsgruppe@kim-demo.example")
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    browser = _client()
    answer = browser.post("/de/accounts/login/", {"login": user.email, "password": password})
    if answer.status_code != 302:
        raise RuntimeError(f"member login failed: {answer.status_code}")
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={browser.cookies[name].value}"


def plan() -> dict:
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from cases.selectors import cases_scope
    from offers.selectors import offers_public

    case_cookie, manager = login_case_manager()
    with translation.override("de"):
        offers = [
            reverse("offers:detail", args=[pk])
            for pk in offers_public().order_by("pk").values_list("pk", flat=True)[:200]
        ]
        cases = [
            reverse("cases:case_detail", args=[pk])
            for pk in cases_scope(user=manager).values_list("pk", flat=True)[:20]
        ]
    return {
        "languages": [code for code, _name in settings.LANGUAGES],
        "searches": [
            "q=Deutschkurs",
            "q=Sprachcaf%C3%A9",
            "q=Kinderbetreuung",
            "q=Beratung",
            "q=Deutshkurs",
            "q=Arbeit",
            "",
        ],
        "offers": offers,
        "api": ["", "?q=Deutsch", "?lang=ar", "?page=2"],
        "cookies": {"case": case_cookie, "steering": login_member()},
        "case_pages": ["/de/cases/", *cases],
        "steering_pages": [
            "/de/steering/dashboard/",
            "/de/steering/",
            "/de/steering/decisions/",
            "/de/steering/action-items/",
            "/de/steering/hurdles/",
        ],
    }


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def process_tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *(p for child in children for p in process_tree(int(child)))]


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def run(minutes: float) -> dict:
    import harness

    env = harness.production_env(SECRET_KEY=SECRET_KEY, **ENV)
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="kim-proof-load-") as folder:
        folder = Path(folder)
        plan_file = folder / "plan.json"
        plan_file.write_text(json.dumps(plan()))
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        processes = {
            "worker": start(
                [str(bin_dir / "celery"), "-A", "kim_portal", "worker", "--concurrency=1",
                 "--loglevel=WARNING"], env, folder / "worker.log"),
            "beat": start(
                [str(bin_dir / "celery"), "-A", "kim_portal", "beat", "--loglevel=WARNING",
                 f"--schedule={folder / 'beat-schedule'}"], env, folder / "beat.log"),
        }  # fmt: skip
        try:
            with harness.Gunicorn("--workers 4 --threads 1", env, folder / "gunicorn.log",
                                  port=PORT) as server:  # fmt: skip
                locust = start(
                    [str(bin_dir / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
                     "--headless", "-u", str(USERS), "-r", str(SPAWN_RATE),
                     "-t", f"{int(minutes * 60)}s", "--host", f"http://127.0.0.1:{PORT}",
                     "--csv", str(folder / "load"), "--only-summary", "--stop-timeout", "10"],
                    {**env, "PROOF_PLAN": str(plan_file)}, folder / "locust.log",
                )  # fmt: skip
                time.sleep(30)
                pids = {
                    "gunicorn": server.pids(),
                    "celery worker": process_tree(processes["worker"].pid),
                    "celery beat": process_tree(processes["beat"].pid),
                }
                rss_start = {name: [rss_kib(p) for p in ps] for name, ps in pids.items()}
                cpu_started = time.monotonic()
                while locust.poll() is None:
                    time.sleep(1)
                rss_end = {
                    name: [rss_kib(p) if Path(f"/proc/{p}").exists() else 0 for p in ps]
                    for name, ps in pids.items()
                }
                measured = time.monotonic() - cpu_started
                logs = (folder / "gunicorn.log").read_text()
        finally:
            for process in processes.values():
                stop(process)
        with (folder / "load_stats.csv").open() as stats:
            rows = list(csv.DictReader(stats))
        failures = (folder / "load_failures.csv").read_text()
    return {
        "rows": rows,
        "failures": failures,
        "rss_start": rss_start,
        "rss_end": rss_end,
        "minutes": minutes,
        "measured": measured,
        "server_errors_logged": logs.count("Internal Server Error"),
    }


def report(result: dict) -> tuple[str, bool]:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import harness

    facts = harness.machine()
    ok = True
    lines = [
        BLOCK_START,
        f"Run of {datetime.now(ZoneInfo('Europe/Berlin')):%Y-%m-%d %H:%M} (Europe/Berlin); "
        f"{facts['host']}: {facts['cores']} vCPU ({facts['cpu']}), {facts['memory_gib']:.0f} "
        f"GiB, PostgreSQL {facts['postgres']}, Python {facts['python']}, Django "
        f"{facts['django']}, gunicorn {facts['gunicorn']} (4 workers), locust (on the same "
        f"machine). {USERS} users ({SPAWN_RATE} started per second), each waiting 1–3 s "
        f"between pages, for {result['minutes']:g} minutes; demo data; Celery worker and beat "
        "running.",
        "",
        "| Page type | Requests | Failures | p50 ms | p95 ms | p99 ms | Budget p95 | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        name = row["Name"]
        if name == "Aggregated":
            continue
        kind = name.split(":")[0]
        budget = BUDGET_MS.get(kind)
        p95 = float(row["95%"])
        met = int(row["Failure Count"]) == 0 and (budget is None or p95 <= budget)
        ok = ok and met
        lines.append(
            f"| {name} | {int(row['Request Count']):,} | {row['Failure Count']} | "
            f"{float(row['50%']):.0f} | {p95:.0f} | {float(row['99%']):.0f} | "
            f"{f'≤ {budget} ms' if budget else '–'} | {'met' if met else '**missed**'} |"
        )
    total = next(r for r in result["rows"] if r["Name"] == "Aggregated")
    lines += [
        f"| all | {int(total['Request Count']):,} ({float(total['Requests/s']):.1f}/s) | "
        f"{total['Failure Count']} | {float(total['50%']):.0f} | {float(total['95%']):.0f} | "
        f"{float(total['99%']):.0f} | | |",
        "",
        "Memory (RSS, MiB) 30 s into the load and at its end, per process:",
        "",
        "| Process | Start | End |",
        "|---|---|---|",
    ]
    for name, start_values in result["rss_start"].items():
        end_values = result["rss_end"][name]
        for index, (begin, end) in enumerate(zip(start_values, end_values, strict=True)):
            label = name if len(start_values) == 1 else f"{name} #{index}"
            lines.append(f"| {label} | {begin / 1024:.0f} | {end / 1024:.0f} |")
    ok = ok and int(total["Failure Count"]) == 0 and result["server_errors_logged"] == 0
    lines += [
        "",
        f"Server errors in gunicorn's log: {result['server_errors_logged']}. "
        f"Verdict: {'**all budgets met, 0 errors**' if ok else '**missed** (see above)'}.",
        BLOCK_END,
    ]
    return "\n".join(lines), ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    import harness

    harness.demo_database(DATABASE, **ENV)
    django_setup()
    import harness

    harness.quiet_wait(timeout=60)
    result = run(args.minutes)
    block, ok = report(result)
    print(block)
    if result["failures"].count("\n") > 1:
        print(result["failures"])
    if not args.no_docs:
        rerun = "Rerun: `.venv/bin/python bench/proof_load.py` (part of `make proof`)."
        harness.docs_block_write(
            block, start=BLOCK_START, end=BLOCK_END, section=SECTION, rerun=rerun
        )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
