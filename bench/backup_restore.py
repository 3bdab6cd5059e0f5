"""Backup and restore, proven: ``pg_dump`` the portal's database, drop it, restore the dump,
and compare every table's row count and a sample of records with what was there before.

The commands are the ones the README's operations section gives (custom format, restored
with ``pg_restore --exit-on-error`` into a new, empty database); the audit log's
append-only trigger and the catalogue version's sequence and triggers come back with the
dump. Nothing is compared by trust: each table's rows are counted and up to SAMPLE rows
(spread over the primary key) are read as text before and after.

Run:  .venv/bin/python bench/backup_restore.py [--database NAME] [--no-docs]
Default database: kim_portal_proof, created and filled with the demo data (seed_demo)
when missing, so the portal's own database is never dropped. Writes its result to
docs/reliability.md between markers.
"""

# The PostgreSQL tools are run by name from PATH, on names this script chose itself (table
# names from pg_class, the database from the command line):
# ruff: noqa: S603, S607, S608

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import harness

SAMPLE = 25
SECTION = "## Backup and restore (`bench/backup_restore.py`)"
BLOCK_START, BLOCK_END = "<!-- backup_restore:start -->", "<!-- backup_restore:end -->"


def psql(database: str, sql: str) -> str:
    return subprocess.run(
        ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def database_exists(name: str) -> bool:
    return psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip() == "1"


def tables(database: str) -> list[tuple[str, str]]:
    """(table, primary-key column) of every table in the public schema."""
    rows = psql(
        database,
        """
        SELECT c.relname, a.attname
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
        WHERE n.nspname = 'public' AND c.relkind = 'r'
        ORDER BY c.relname
        """,
    )
    return [tuple(line.split("|")) for line in rows.splitlines() if line]


def snapshot(database: str) -> dict[str, tuple[int, str]]:
    """Per table: the row count and a digest of up to SAMPLE rows spread over the key."""
    result = {}
    for table, key in tables(database):
        count = int(psql(database, f'SELECT count(*) FROM "{table}"'))
        if key:
            step = max(1, count // SAMPLE)
            sample = psql(
                database,
                f"SELECT md5(string_agg(t::text, '|' ORDER BY \"{key}\")) FROM ("
                f'SELECT *, row_number() OVER (ORDER BY "{key}") AS kim_n FROM "{table}") t '
                f"WHERE (kim_n - 1) % {step} = 0",
            ).strip()
        else:
            sample = psql(
                database,
                f"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM \"{table}\" t",
            ).strip()
        result[table] = (count, sample)
    # The sequences (ids, the catalogue version) must go on where they stood.
    sequences = psql(
        database,
        "SELECT string_agg(sequencename || '=' || coalesce(last_value, 0), ',' "
        "ORDER BY sequencename) FROM pg_sequences WHERE schemaname = 'public'",
    ).strip()
    result["(sequences)"] = (sequences.count("="), sequences)
    return result


def trigger_names(database: str) -> list[str]:
    return psql(
        database,
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname",
    ).split()


def run(name: str) -> dict:
    harness.demo_database(name)
    before = snapshot(name)
    triggers_before = trigger_names(name)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / f"{name}.dump"
        started = time.monotonic()
        subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", name], check=True)
        dumped = time.monotonic() - started
        size = dump.stat().st_size
        subprocess.run(["dropdb", name], check=True)
        dropped_gone = not database_exists(name)
        started = time.monotonic()
        subprocess.run(["createdb", name], check=True)
        subprocess.run(
            ["pg_restore", "--exit-on-error", "--no-owner", f"--dbname={name}", str(dump)],
            check=True,
        )
        restored = time.monotonic() - started
    after = snapshot(name)
    differing = sorted(
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    )
    return {
        "database": name,
        "tables": len(before),
        "rows": sum(count for table, (count, _) in before.items() if table != "(sequences)"),
        "dump_bytes": size,
        "dump_seconds": dumped,
        "restore_seconds": restored,
        "dropped": dropped_gone,
        "differing": differing,
        "triggers_kept": trigger_names(name) == triggers_before,
        "triggers": len(triggers_before),
        "largest": sorted(
            ((t, v) for t, v in before.items() if t != "(sequences)"), key=lambda item: -item[1][0]
        )[:5],
        "sequences": before["(sequences)"][0],
    }


def report(result: dict) -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ok = result["dropped"] and not result["differing"] and result["triggers_kept"]
    largest = ", ".join(f"`{table}` {count:,}" for table, (count, _) in result["largest"])
    return "\n".join(
        [
            BLOCK_START,
            f"Run of {datetime.now(ZoneInfo('Europe/Berlin')):%Y-%m-%d %H:%M} (Europe/Berlin) "
            f"on database `{result['database']}` (the demo data): {result['tables'] - 1} tables, "
            f"{result['rows']:,} rows (largest: {largest}).",
            "",
            "| Step | Result |",
            "|---|---|",
            f"| `pg_dump --format=custom` | {result['dump_bytes'] / 1024:,.0f} KiB in "
            f"{result['dump_seconds']:.1f} s |",
            f"| `dropdb` | {'gone' if result['dropped'] else 'still there'} |",
            f"| `createdb` + `pg_restore --exit-on-error --no-owner` | "
            f"{result['restore_seconds']:.1f} s |",
            f"| Row counts and sampled rows (up to {SAMPLE} per table) | "
            + (
                "all tables equal"
                if not result["differing"]
                else f"**differ**: {', '.join(result['differing'])}"
            )
            + " |",
            f"| Sequences (ids, catalogue version) | {result['sequences']} where they stood |",
            f"| Triggers (audit log append-only, catalogue version) | {result['triggers']} "
            f"{'kept' if result['triggers_kept'] else '**missing**'} |",
            f"| Nothing lost | {'**yes**' if ok else '**no**'} |",
            BLOCK_END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="kim_portal_proof")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    result = run(args.database)
    block = report(result)
    print(block)
    if not args.no_docs:
        rerun = "Rerun: `.venv/bin/python bench/backup_restore.py` (part of `make proof`)."
        harness.docs_block_write(
            block, start=BLOCK_START, end=BLOCK_END, section=SECTION, rerun=rerun,
            docs="reliability.md",
        )  # fmt: skip
    if result["differing"] or not result["triggers_kept"] or not result["dropped"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
