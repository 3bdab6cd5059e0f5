"""Fault drills: the portal under a killed worker, a failing mail server, a stopped Redis and
a restarted PostgreSQL — each asserting that nothing is lost.

Everything runs on private instances, so the drills never touch the machine's own
services: a PostgreSQL cluster of its own (initdb in a temporary folder, its own port), a
Redis of its own, an SMTP server in this process that records every message (and can be
told to refuse mail), gunicorn with production settings and a real Celery worker. Nothing
is mocked; the portal's code runs unchanged.

Drills (``--only`` picks some):

* ``worker-kill``: N reminders fall due; while the worker delivers them, it is killed with
  SIGKILL (the whole process group), and a new worker is started. The dead worker's
  claims are taken over after the claim timeout (REMINDER_CLAIM_TIMEOUT_SECONDS, set to
  CLAIM_SECONDS for the drill instead of 10 minutes). Every reminder must be emailed and
  shown once; a message the dead worker handed over but could not record would arrive a
  second time with the same Message-ID (counted separately: what a mail system drops).
* ``smtp-outage``: the mail server refuses every message (451) for ``--smtp-outage``
  seconds (default 600, as the issue asks) while N reminders fall due. The reminders stay
  in the portal (bell) and are retried with the engine's back-off (1, 2, 4, 8 … minutes);
  afterwards all must arrive, each once.
* ``redis-stop``: under steady traffic (public pages, search, API and a logged-in staff
  page), Redis is stopped for REDIS_DOWN seconds and started again. Pages must keep
  answering (200), the staff session must survive, and reminders that fall due meanwhile
  (the dispatcher cannot be reached: Redis is Celery's broker) must be delivered once
  Redis is back — none lost, none doubled.
* ``postgres-restart``: under the same traffic, PostgreSQL is restarted (fast shutdown).
  ``/readyz`` must show the outage and the recovery, and the same gunicorn must serve
  again afterwards, without a restart of its own.

Run:  .venv/bin/python bench/faults.py [--only worker-kill,smtp-outage] [--smtp-outage 600]
        [--no-docs]
Needs initdb/pg_ctl (PostgreSQL 15), redis-server and the project's .venv. Writes the
results to docs/reliability.md between markers. Exits 1 if anything was lost.
"""

# Processes are started by name from PATH (redis-server, runuser) with arguments this
# script builds itself:
# ruff: noqa: S603, S607

import argparse
import os
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "kim_portal_faults"
REMINDERS = 300
CLAIM_SECONDS = 20
REDIS_DOWN = 20
TRAFFIC_RATE = 10  # requests per second during the Redis and PostgreSQL drills
SECTION = "## Fault drills (`bench/faults.py`)"
BLOCK_START, BLOCK_END = "<!-- faults:start -->", "<!-- faults:end -->"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, *, timeout: float, interval: float = 0.2, what: str = "") -> float:
    """Seconds until ``check()`` is true; RuntimeError after ``timeout``."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)
    return time.monotonic() - started


# --- Private services ---------------------------------------------------------------------


class PrivatePostgres:
    """A PostgreSQL cluster of its own in a temporary folder (run as the postgres user when
    this script runs as root, as initdb refuses root)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_postgres, *command], check=True, stdout=subprocess.DEVNULL)

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()
        for sql in ("CREATE ROLE kim SUPERUSER LOGIN", f"CREATE DATABASE {DATABASE} OWNER kim"):
            self._run(
                str(PG_BIN / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-q",
                "-c",
                sql,
            )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.folder / "log"),
            "start",
        )

    def restart(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "restart")

    def __exit__(self, *exc):
        subprocess.run(
            [
                *self.as_postgres,
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    @property
    def url(self) -> str:
        return f"postgres://kim@127.0.0.1:{self.port}/{DATABASE}"


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=10, what="Redis")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


class SmtpSink(socketserver.ThreadingTCPServer):
    """A mail server that records every accepted message's Message-ID; while ``refusing``
    it answers 451 to each message (a temporary failure, as a server under maintenance)."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.received: list[str] = []
        self.refused = 0
        self.refusing = False
        self.delay = 0.0
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class _SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        server: SmtpSink = self.server
        self.reply("220 kim-proof ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 kim-proof")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                message_id = ""
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    if data.lower().startswith(b"message-id:"):
                        message_id = data.split(b":", 1)[1].strip().decode()
                time.sleep(server.delay)
                with server.lock:
                    if server.refusing:
                        server.refused += 1
                        self.reply("451 4.3.0 Try again later")
                        continue
                    server.received.append(message_id)
                self.reply("250 OK queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


# --- The portal's processes ---------------------------------------------------------------


def portal_env(pg: PrivatePostgres, redis: PrivateRedis, smtp: SmtpSink, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": pg.url,
        "REDIS_URL": redis.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_USE_TLS": "false",
        "REMINDER_CLAIM_TIMEOUT_SECONDS": str(CLAIM_SECONDS),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


SECRET_KEY = secrets.token_urlsafe(50)


class Worker:
    """``celery -A kim_portal worker`` in its own process group (so SIGKILL takes the pool
    processes with it, as the kernel's OOM killer or a lost machine would)."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log = env, log
        self.process = None

    def start(self) -> "Worker":
        celery = Path(sys.executable).parent / "celery"
        self.process = subprocess.Popen(
            [
                str(celery),
                "-A",
                "kim_portal",
                "worker",
                "--concurrency=2",
                "--loglevel=WARNING",
                f"--logfile={self.log}",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        return self

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Dispatcher(threading.Thread):
    """Sends ``dispatch_due_reminders`` to the broker every ``every`` seconds, as beat does
    every minute; a failed send (broker away) is counted, not fatal."""

    def __init__(self, every: float = 1.0):
        super().__init__(daemon=True)
        self.every = every
        self.sent = self.failed = 0
        self.stopping = threading.Event()

    def run(self):
        import kim_portal.celery  # noqa: F401  (the app with the broker from the settings)
        from kim_portal.tasks import dispatch_due_reminders

        while not self.stopping.wait(self.every):
            try:
                dispatch_due_reminders.apply_async(retry=False)
                self.sent += 1
            except Exception:
                self.failed += 1


# --- Data ---------------------------------------------------------------------------------


def django_setup(env: dict) -> None:
    """This process as one more portal process (the same settings as gunicorn and worker)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def reminders_make(n: int, *, due_in: timedelta = timedelta(0), label: str) -> list[int]:
    """``n`` unaccepted invitations whose reminders fall due ``due_in`` from now."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from kim_portal.models import Invitation, Organisation, Reminder, Role, User
    from kim_portal.reminder_engine import reminder_schedule
    from kim_portal.reminders import INVITATION_NOT_ACCEPTED

    organisation, _ = Organisation.objects.get_or_create(
        name="Kreis (Übung)", defaults={"kind": Organisation.Kind.DISTRICT_DEPARTMENT}
    )
    inviter, created = User.objects.get_or_create(
        email="koordination@faults.example", defaults={"display_name": "Koordination (Übung)"}
    )
    if created:
        inviter.groups.add(Group.objects.get_or_create(name=Role.COORDINATOR)[0])
    now = timezone.now()
    ids = []
    for number in range(n):
        email = f"{label}-{number}@faults.example"
        invited = User.objects.create(email=email, display_name=email, is_active=False)
        invitation = Invitation.objects.create(
            email=email,
            role=Role.CASE_MANAGER,
            organisation=organisation,
            user=invited,
            # Without an inviter the core's own producer leaves these invitations alone (it
            # would schedule a second reminder for each); the drill names the recipient.
            invited_by=None,
            token_digest=secrets.token_hex(32),
            created_at=now - timedelta(days=8),
            expires_at=now + timedelta(days=30),
        )
        reminder_schedule(
            kind=INVITATION_NOT_ACCEPTED, target=invitation, due_at=now + due_in, recipient=inviter
        )
        ids.append(
            Reminder.objects.filter(target_id=str(invitation.pk)).values_list("pk", flat=True)[0]
        )
    return ids


def delivery(ids: list[int], smtp: SmtpSink) -> dict:
    from kim_portal.models import Reminder

    rows = Reminder.objects.filter(pk__in=ids)
    expected = {f"<reminder-{pk}@kim-portal>" for pk in ids}
    with smtp.lock:
        received = [m for m in smtp.received if m in expected]
    return {
        "reminders": len(ids),
        "shown": rows.exclude(notified_at=None).count(),
        "emailed": rows.exclude(emailed_at=None).count(),
        "messages": len(received),
        "distinct": len(set(received)),
        "missing": len(expected - set(received)),
    }


def all_emailed(ids: list[int]) -> bool:
    from kim_portal.models import Reminder

    return not Reminder.objects.filter(pk__in=ids, emailed_at=None).exists()


# --- Traffic ------------------------------------------------------------------------------


class Traffic(threading.Thread):
    """Requests at ``rate`` per second over ``paths`` (with the staff cookie for /de/staff…
    paths); records (time, path, status, ms) for every request."""

    def __init__(self, port: int, paths: list[str], cookie: str, rate: float):
        super().__init__(daemon=True)
        self.port, self.paths, self.cookie, self.rate = port, paths, cookie, rate
        self.records: list[tuple[float, str, int, float]] = []
        self.stopping = threading.Event()

    def run(self):
        number = 0
        while not self.stopping.wait(1 / self.rate):
            path = self.paths[number % len(self.paths)]
            number += 1
            headers = {"Accept-Language": "de"}
            if path.startswith(("/de/staff", "/de/steering", "/de/cases")):
                headers["Cookie"] = self.cookie
            started = time.perf_counter()
            try:
                conn = HTTPConnection("127.0.0.1", self.port, timeout=15)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                conn.close()
            except OSError:
                status = 0
            self.records.append(
                (time.monotonic(), path, status, (time.perf_counter() - started) * 1000)
            )

    def window(self, start: float, end: float) -> dict:
        rows = [r for r in self.records if start <= r[0] < end]
        bad = [r for r in rows if r[2] != 200]
        latencies = sorted(r[3] for r in rows)
        return {
            "requests": len(rows),
            "not_ok": len(bad),
            "statuses": sorted({r[2] for r in bad}),
            "p95": latencies[int(len(latencies) * 0.95)] if latencies else 0.0,
            "staff_ok": sum(1 for r in rows if r[1].startswith("/de/staff") and r[2] == 200),
            "staff": sum(1 for r in rows if r[1].startswith("/de/staff")),
        }


def staff_cookie() -> str:
    """A logged-in steering-group member (no second factor required for the role)."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client

    from kim_portal.models import Role, User

    user, _ = User.objects.get_or_create(
        email="mitglied@faults.example", defaults={"display_name": "Mitglied (Übung)"}
    )
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.STEERING_MEMBER)[0])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    browser = Client(HTTP_HOST="127.0.0.1")
    answer = browser.post("/de/accounts/login/", {"login": user.email, "password": password})
    if answer.status_code != 302:
        raise RuntimeError(f"staff login failed: {answer.status_code}")
    return f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"


TRAFFIC_PATHS = [
    "/de/offers/",
    "/de/offers/?q=Deutschkurs",
    "/api/v1/services",
    "/de/staff/",
    "/de/offers/?category=sprache",
]


def readyz(port: int) -> int:
    try:
        conn = HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/readyz")
        status = conn.getresponse().status
        conn.close()
    except OSError:
        status = 0
    return status


# --- Drills -------------------------------------------------------------------------------


def drill_worker_kill(env, smtp, folder) -> dict:
    ids = reminders_make(REMINDERS, label="kill")
    smtp.delay = 0.02  # a mail server takes a moment: the kill lands mid-batch
    dispatcher = Dispatcher()
    first = Worker(env, folder / "worker-1.log").start()
    dispatcher.start()
    try:
        wait_until(
            lambda: len(smtp.received) >= REMINDERS // 3, timeout=120, what="the first third"
        )
        before_kill = len(smtp.received)
        first.kill()
        killed_at = time.monotonic()
        second = Worker(env, folder / "worker-2.log").start()
        try:
            wait_until(lambda: all_emailed(ids), timeout=CLAIM_SECONDS + 240, what="all")
            done_at = time.monotonic()
            time.sleep(2)  # anything sent twice would arrive now
        finally:
            second.stop()
    finally:
        dispatcher.stopping.set()
        first.stop()
        smtp.delay = 0.0
    result = delivery(ids, smtp)
    result.update(before_kill=before_kill, after_kill_seconds=done_at - killed_at)
    result["ok"] = result["missing"] == 0 and result["shown"] == result["emailed"] == REMINDERS
    return result


def drill_smtp_outage(env, smtp, folder, outage: float) -> dict:
    ids = reminders_make(REMINDERS // 3, label="smtp")
    dispatcher = Dispatcher(every=5.0)
    worker = Worker(env, folder / "worker-smtp.log").start()
    smtp.refusing = True
    dispatcher.start()
    started = time.monotonic()
    try:
        time.sleep(outage)
        shown_during = delivery(ids, smtp)["shown"]
        refused = smtp.refused
        smtp.refusing = False
        took = wait_until(
            lambda: all_emailed(ids), timeout=outage + 20 * 60, interval=2, what="all"
        )
        time.sleep(2)
    finally:
        smtp.refusing = False
        dispatcher.stopping.set()
        worker.stop()
    result = delivery(ids, smtp)
    result.update(
        outage_seconds=outage,
        refused=refused,
        shown_during=shown_during,
        arrived_after_seconds=took,
        total_seconds=time.monotonic() - started,
    )
    result["ok"] = result["missing"] == 0 and result["distinct"] == result["messages"]
    return result


def drill_redis_stop(env, smtp, redis, folder, port) -> dict:
    from harness import Gunicorn

    cookie = staff_cookie()
    worker = Worker(env, folder / "worker-redis.log").start()
    dispatcher = Dispatcher()
    with Gunicorn("--workers 2 --threads 1", env, folder / "gunicorn-redis.log", port=port):
        traffic = Traffic(port, TRAFFIC_PATHS, cookie, TRAFFIC_RATE)
        traffic.start()
        dispatcher.start()
        try:
            time.sleep(10)
            stopped_at = time.monotonic()
            redis.stop()
            ids = reminders_make(20, label="redis")  # fall due while Redis is away
            time.sleep(REDIS_DOWN)
            redis.start()
            back_at = time.monotonic()
            took = wait_until(lambda: all_emailed(ids), timeout=180, what="reminders after Redis")
            time.sleep(5)
        finally:
            traffic.stopping.set()
            dispatcher.stopping.set()
            traffic.join()
            worker.stop()
    before = traffic.window(stopped_at - 10, stopped_at)
    during = traffic.window(stopped_at, back_at)
    after = traffic.window(back_at, time.monotonic())
    result = {
        "down_seconds": back_at - stopped_at,
        "before": before,
        "during": during,
        "after": after,
        "dispatch_failed": dispatcher.failed,
        "reminders": delivery(ids, smtp),
        "delivered_after_seconds": took,
    }
    result["ok"] = (
        during["not_ok"] == 0
        and after["not_ok"] == 0
        and result["reminders"]["missing"] == 0
        and result["reminders"]["distinct"] == result["reminders"]["messages"]
    )
    return result


def drill_postgres_restart(env, pg, folder, port) -> dict:
    from harness import Gunicorn

    cookie = staff_cookie()
    with Gunicorn("--workers 2 --threads 1", env, folder / "gunicorn-pg.log", port=port) as server:
        traffic = Traffic(port, TRAFFIC_PATHS, cookie, TRAFFIC_RATE)
        traffic.start()
        probes: list[tuple[float, int]] = []
        probing = threading.Event()

        def probe():
            while not probing.wait(0.2):
                probes.append((time.monotonic(), readyz(port)))

        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        try:
            time.sleep(10)
            restart_at = time.monotonic()
            pg.restart()
            restarted_at = time.monotonic()
            time.sleep(15)
        finally:
            probing.set()
            traffic.stopping.set()
            traffic.join()
            prober.join()
        gunicorn_pids = server.pids()
    unready = [t for t, status in probes if status != 200 and t >= restart_at - 1]
    ready_again = next((t for t, status in probes if status == 200 and t > restarted_at), None)
    after = traffic.window(restarted_at + 2, time.monotonic())
    result = {
        "restart_seconds": restarted_at - restart_at,
        "readyz_unready": len(unready),
        "readyz_ready_after_seconds": (ready_again - restarted_at) if ready_again else None,
        "during": traffic.window(restart_at, restarted_at + 2),
        "after": after,
        "gunicorn_processes": len(gunicorn_pids),
    }
    # During the restart a request may get 503 (the database is away: "try again in a few
    # seconds", kim_portal.views.server_error), never a 500 or a dropped connection.
    during = result["during"]["statuses"]
    result["ok"] = (
        bool(unready) and ready_again is not None and after["not_ok"] == 0 and set(during) <= {503}
    )
    return result


# --- Report -------------------------------------------------------------------------------


def report(results: dict, started: float) -> str:
    from harness import machine

    facts = machine()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    lines = [
        BLOCK_START,
        f"Run of {datetime.now(ZoneInfo('Europe/Berlin')):%Y-%m-%d %H:%M} (Europe/Berlin), "
        f"{(time.monotonic() - started) / 60:.1f} min; {facts['host']}: {facts['cores']} vCPU, "
        f"Python {facts['python']}, Django {facts['django']}. Private PostgreSQL 15 cluster, "
        "private Redis, SMTP recorder in the script, gunicorn with production settings, real "
        f"Celery worker (concurrency 2); claim timeout {CLAIM_SECONDS} s for the drill "
        "(production: 600 s).",
        "",
        "| Drill | What happened | Nothing lost |",
        "|---|---|---|",
    ]
    if "worker-kill" in results:
        r = results["worker-kill"]
        lines.append(
            f"| Worker killed (SIGKILL, process group) mid-dispatch | {r['reminders']} due; "
            f"{r['before_kill']} emailed before the kill, the rest by a new worker "
            f"{r['after_kill_seconds']:.0f} s later; shown {r['shown']}, emailed {r['emailed']}; "
            f"{r['messages']} messages, {r['distinct']} distinct, {r['missing']} missing | "
            f"{'**yes**' if r['ok'] else '**no**'} |"
        )
    if "smtp-outage" in results:
        r = results["smtp-outage"]
        lines.append(
            f"| Mail server refusing (451) for {r['outage_seconds']:.0f} s | {r['reminders']} "
            f"due; {r['refused']} attempts refused; {r['shown_during']} shown in the portal "
            f"during the outage; all emailed {r['arrived_after_seconds']:.0f} s after it ended "
            f"(back-off); {r['messages']} messages, {r['distinct']} distinct, {r['missing']} "
            f"missing | {'**yes**' if r['ok'] else '**no**'} |"
        )
    if "redis-stop" in results:
        r = results["redis-stop"]
        d, a = r["during"], r["after"]
        rem = r["reminders"]
        lines.append(
            f"| Redis stopped for {r['down_seconds']:.0f} s under {TRAFFIC_RATE} requests/s | "
            f"during: {d['requests']} requests, {d['not_ok']} not 200, p95 {d['p95']:.0f} ms, "
            f"staff page {d['staff_ok']}/{d['staff']} 200 (session kept); after: "
            f"{a['not_ok']} not 200; {r['dispatch_failed']} dispatcher sends failed while away; "
            f"{rem['reminders']} reminders due meanwhile, all emailed "
            f"{r['delivered_after_seconds']:.0f} s after Redis was back, {rem['messages']} "
            f"messages, {rem['missing']} missing | {'**yes**' if r['ok'] else '**no**'} |"
        )
    if "postgres-restart" in results:
        r = results["postgres-restart"]
        ready = r["readyz_ready_after_seconds"]
        lines.append(
            f"| PostgreSQL restarted (fast) under {TRAFFIC_RATE} requests/s | restart took "
            f"{r['restart_seconds']:.1f} s; `/readyz` not ready {r['readyz_unready']}× "
            f"(every 0.2 s), ready again {ready:.1f} s after; requests in the window: "
            f"{r['during']['not_ok']} of {r['during']['requests']} not 200 "
            f"({', '.join(map(str, r['during']['statuses'])) or '–'}); afterwards "
            f"{r['after']['not_ok']} of {r['after']['requests']} not 200, same gunicorn "
            f"({r['gunicorn_processes']} processes, not restarted) | "
            f"{'**yes**' if r['ok'] else '**no**'} |"
            if ready is not None
            else "| PostgreSQL restarted | `/readyz` never ready again | **no** |"
        )
    lines.append(BLOCK_END)
    return "\n".join(lines)


DRILLS = ("worker-kill", "smtp-outage", "redis-stop", "postgres-restart")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(DRILLS))
    parser.add_argument("--smtp-outage", type=float, default=600.0)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    chosen = [d for d in DRILLS if d in args.only.split(",")]
    sys.path.insert(0, str(ROOT / "bench"))
    started = time.monotonic()
    results = {}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kim-faults-")))
        os.chmod(folder, 0o755)  # noqa: S103 — the postgres user creates its cluster inside
        pg = stack.enter_context(PrivatePostgres(folder / "pg"))
        redis = stack.enter_context(PrivateRedis())
        smtp = stack.enter_context(SmtpSink())
        env = portal_env(pg, redis, smtp)
        django_setup(env)
        port = free_port()
        for drill in chosen:
            print(f"Drill: {drill} …", flush=True)
            if drill == "worker-kill":
                results[drill] = drill_worker_kill(env, smtp, folder)
            elif drill == "smtp-outage":
                results[drill] = drill_smtp_outage(env, smtp, folder, args.smtp_outage)
            elif drill == "redis-stop":
                results[drill] = drill_redis_stop(env, smtp, redis, folder, port)
            elif drill == "postgres-restart":
                results[drill] = drill_postgres_restart(env, pg, folder, port)
                from django.db import connections

                connections.close_all()  # this process's connection died with the restart
            print(f"  {results[drill]}", flush=True)
        block = report(results, started)  # asks the private PostgreSQL for its version
    print(block)
    if not args.no_docs:
        from harness import docs_block_write

        rerun = (
            "Rerun: `.venv/bin/python bench/faults.py` (part of `make proof`; about 20 minutes "
            "with the 10-minute mail outage; `--smtp-outage 60` for a short run)."
        )
        docs_block_write(
            block, start=BLOCK_START, end=BLOCK_END, section=SECTION, rerun=rerun,
            docs="reliability.md",
        )  # fmt: skip
    if not all(result["ok"] for result in results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
