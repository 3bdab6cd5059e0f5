"""What the load benchmarks share: gunicorn with production settings in a subprocess, wrk
cycling through a list of URLs (``load.lua``, a closed loop: capacity), requests arriving
at a set rate (``open_loop``: what a person waits for at that load), where the CPU went
during a measurement, and the machine's facts for the write-up.

Used by bench/offers_load.py and bench/cases_load.py; those set up Django before
importing this module (``machine()`` asks PostgreSQL and Redis for their versions).
"""

import json
import os
import platform
import queue
import random
import re
import resource
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
LUA_SCRIPT = Path(__file__).with_name("load.lua")


def production_env(**extra: str) -> dict:
    """The environment of a production process on the loopback (plain HTTP)."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def fetch(path: str, *, port: int, headers: dict | None = None) -> tuple[int, dict, bytes, int]:
    """One GET: status, headers (lower-case names), the body as sent (not decompressed),
    and the size of the response head in bytes."""
    conn = HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + len(
            response.msg.as_bytes()
        )
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body, head
    finally:
        conn.close()


class Gunicorn:
    """gunicorn in a subprocess, stopped (SIGTERM, then SIGKILL) when the block ends."""

    def __init__(self, options: str, env: dict, log: Path, *, port: int):
        self.options, self.env, self.log, self.port = options, env, log, port
        self.process = None

    def __enter__(self):
        command = [str(Path(sys.executable).parent / "gunicorn"), "kim_portal.wsgi"]
        command += ["--bind", f"{HOST}:{self.port}", *shlex.split(self.options)]
        command += ["--error-logfile", str(self.log), "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)  # noqa: S603
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}: see {self.log}"
                )
            try:
                if fetch("/healthz", port=self.port)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within 30 s: see {self.log}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [pid, *map(int, children)]


# --- CPU accounting ----------------------------------------------------------------------


def _ticks_total() -> tuple[int, int]:
    """All CPU ticks of the machine and the idle ones (/proc/stat)."""
    values = list(map(int, Path("/proc/stat").read_text().split("\n")[0].split()[1:]))
    return sum(values[:8]), values[3] + values[4]


def _ticks_of(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _postgres_ticks() -> dict[int, int]:
    """CPU ticks per PostgreSQL process (all databases: other users of the server count)."""
    ticks = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if (proc / "comm").read_text().strip() == "postgres":
                    ticks[int(proc.name)] = _ticks_of(int(proc.name))
            except OSError:
                continue
    return ticks


def _ticks_spent(before: dict[int, int], after: dict[int, int]) -> int:
    # Processes that ended in between are lost; new ones count from zero.
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items())


def wrk_run(
    wrk: str,
    paths: list[str],
    seconds: int,
    server: Gunicorn,
    *,
    connections: int,
    headers: tuple[str, ...] = (),
) -> dict:
    """wrk over ``paths`` for ``seconds``: latency percentiles (ms), requests/s, errors,
    and where the CPU went (in cores: 2.0 is the whole of a 2-core machine)."""
    paths_file = Path(f"/tmp/bench_paths_{os.getpid()}.txt")  # noqa: S108
    paths_file.write_text("\n".join(paths) + "\n")
    command = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    command += ["-s", str(LUA_SCRIPT), f"http://{HOST}:{server.port}", "--", str(paths_file)]
    pids = server.pids()
    before = (_ticks_total(), sum(map(_ticks_of, pids)), _postgres_ticks())
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    elapsed = time.monotonic() - started
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = (_ticks_total(), sum(map(_ticks_of, pids)), _postgres_ticks())
    paths_file.unlink()
    line = next(row for row in output.splitlines() if row.startswith("load_result "))
    raw = json.loads(line.split(" ", 1)[1])
    hz = os.sysconf("SC_CLK_TCK")
    total, idle = after[0][0] - before[0][0], after[0][1] - before[0][1]
    cores = os.cpu_count() or 1
    busy = (total - idle) / total * cores if total else 0.0
    wrk_cpu = (after_children.ru_utime + after_children.ru_stime) - (
        children.ru_utime + children.ru_stime
    )
    gunicorn = (after[1] - before[1]) / hz / elapsed
    postgres = _ticks_spent(before[2], after[2]) / hz / elapsed
    wrk_cores = wrk_cpu / elapsed
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50": raw["p50_us"] / 1000,
        "p95": raw["p95_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "max": raw["max_us"] / 1000,
        "errors": raw["non_2xx"] + raw["socket_errors"] + raw["timeouts"],
        "cpu_busy": busy,
        "cpu_gunicorn": gunicorn,
        "cpu_postgres": postgres,
        "cpu_wrk": wrk_cores,
        "cpu_other": max(0.0, busy - gunicorn - postgres - wrk_cores),
        "urls": len(paths),
    }


def open_loop(
    paths: list[str],
    *,
    rate: float,
    seconds: float,
    server: Gunicorn,
    headers: dict | None = None,
    workers: int = 32,
    seed: int = 1,
) -> dict:
    """Requests arriving at ``rate`` per second (Poisson, like people who do not wait for
    each other) for ``seconds``, cycling through ``paths``: latency percentiles (ms), the
    rate achieved, errors, and where the CPU went (as ``wrk_run``).

    wrk's closed loop measures capacity: each connection sends its next request the moment
    the last one returns, so latency there is mostly the queue. This measures what a person
    waits for at a given load. Latency counts from the moment a request was due, not from
    when a worker got to it, so a backlog shows in the figures (no coordinated omission)."""
    rng = random.Random(seed)  # noqa: S311  (arrival times, not secrets)
    schedule, due = [], 0.0
    while True:
        due += rng.expovariate(rate)
        if due >= seconds:
            break
        schedule.append(due)
    jobs: queue.Queue = queue.Queue()
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    request_headers = {"Accept-Encoding": "gzip, br", "Accept-Language": "de", **(headers or {})}

    def work():
        conn = HTTPConnection(HOST, server.port, timeout=30)
        while (job := jobs.get()) is not None:
            due_at, path = job
            wait = due_at - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            try:
                conn.request("GET", path, headers=request_headers)
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 300
            except OSError:
                conn.close()
                conn = HTTPConnection(HOST, server.port, timeout=30)
                ok = False
            took = (time.perf_counter() - due_at) * 1000
            with lock:
                latencies.append(took)
                errors[0] += not ok
        conn.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    pids = server.pids()
    before = (_ticks_total(), sum(map(_ticks_of, pids)), _postgres_ticks())
    self_before = time.process_time()
    started = time.perf_counter() + 0.05
    for number, offset in enumerate(schedule):
        jobs.put((started + offset, paths[number % len(paths)]))
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    after = (_ticks_total(), sum(map(_ticks_of, pids)), _postgres_ticks())
    client = (time.process_time() - self_before) / elapsed
    hz = os.sysconf("SC_CLK_TCK")
    total, idle = after[0][0] - before[0][0], after[0][1] - before[0][1]
    busy = (total - idle) / total * (os.cpu_count() or 1) if total else 0.0
    gunicorn = (after[1] - before[1]) / hz / elapsed
    postgres = _ticks_spent(before[2], after[2]) / hz / elapsed
    ordered = sorted(latencies)

    def percentile(p):
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0

    return {
        "requests": len(ordered),
        "rate": rate,
        "rps": len(ordered) / elapsed,
        "p50": percentile(50),
        "p95": percentile(95),
        "p99": percentile(99),
        "max": ordered[-1] if ordered else 0.0,
        "errors": errors[0],
        "cpu_busy": busy,
        "cpu_gunicorn": gunicorn,
        "cpu_postgres": postgres,
        "cpu_wrk": client,
        "cpu_other": max(0.0, busy - gunicorn - postgres - client),
        "urls": len(paths),
    }


def quiet_wait(limit: float = 0.3, timeout: float = 45) -> float:
    """Wait (a while) until the rest of the machine is nearly idle: other work on these
    cores shows up directly in the figures. Returns the cores others used at the end."""
    deadline = time.monotonic() + timeout
    while True:
        before = _ticks_total()
        time.sleep(2)
        after = _ticks_total()
        total, idle = after[0] - before[0], after[1] - before[1]
        busy = (total - idle) / total * (os.cpu_count() or 1) if total else 0.0
        if busy < limit:
            return busy
        if time.monotonic() > deadline:
            print(f"  (the machine stays busy: {busy:.1f} cores used by others; measuring anyway)")
            return busy
        print(f"  waiting for a quiet machine ({busy:.1f} cores used by others) …")


def drain(*, port: int, timeout: float = 60) -> None:
    """Wait until requests that wrk left behind are done (gunicorn finishes them after wrk
    hangs up), so they do not weigh on the next measurement."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.perf_counter()
        fetch("/healthz", port=port)
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


# --- Write-up ----------------------------------------------------------------------------


def machine() -> dict:
    """The machine and software versions, for the heading of a result block."""
    import django
    import gunicorn
    import redis
    from django.conf import settings
    from django.db import connection

    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout  # noqa: S607
    model = re.search(r"Model name:\s*(.+)", lscpu)
    memory = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    info = redis.Redis.from_url(settings.REDIS_URL).info("server")
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S607
    return {
        "host": platform.node(),
        "cores": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory_gib": int(memory.group(1)) / 1024 / 1024 if memory else 0,
        "postgres": postgres,
        "redis": info.get("redis_version", "?"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "wrk": (wrk_version.stdout or wrk_version.stderr).split()[1],
    }


def ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def docs_block_write(
    block: str, *, start: str, end: str, section: str, rerun: str, docs: str = "performance.md"
) -> None:
    """Put ``block`` (which begins with ``start`` and ends with ``end``) into its section of
    ``docs/<docs>``: replace the last run's block, or append the section with its rerun
    line (creating the file with a heading if it is new)."""
    path = ROOT / "docs" / docs
    text = path.read_text() if path.exists() else f"# {docs.removesuffix('.md').title()}\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = f"{text.rstrip()}\n\n{section}\n\n{rerun}\n\n{block}\n"
    path.write_text(text)


def demo_database(name: str, **env: str) -> None:
    """The portal with the demo data in a database of its own: created, migrated to the
    current code, and seeded when it is new (``env`` for manage.py, e.g. REDIS_URL)."""
    exists = subprocess.run(  # noqa: S603
        ["psql", "-XAt", "-d", "postgres", "-c",  # noqa: S607
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # noqa: S608
        capture_output=True, text=True, check=True,
    ).stdout.strip() == "1"  # fmt: skip
    environment = {**os.environ, **env, "DATABASE_URL": f"postgres:///{name}"}
    environment["DJANGO_DEBUG"] = "true"  # seed_demo only runs in development settings
    commands = [["ensure_database"], ["migrate", "--noinput", "-v", "0"]]
    if not exists:
        commands.append(["seed_demo"])
    for command in commands:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
