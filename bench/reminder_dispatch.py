"""Benchmark: how fast the reminder engine delivers a backlog, and what the bell costs.

Creates N due reminders (default 5,000) for 50 recipients in a database of its own, runs
``reminders_dispatch`` until the backlog is gone (emails to Django's in-memory backend, so
SMTP latency is not measured), and times the bell's unread-count query.

Run:  DJANGO_DEBUG=true .venv/bin/python bench/reminder_dispatch.py [N]
Uses DATABASE_URL (default postgres:///kim_portal_bench), created and migrated if missing.
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_portal.settings")
os.environ.setdefault("DATABASE_URL", "postgres:///kim_portal_bench")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone


def main(n: int) -> None:
    call_command("ensure_database", verbosity=0)
    call_command("migrate", verbosity=0)
    from django.contrib.contenttypes.models import ContentType

    from kim_portal.models import Municipality, Reminder, User
    from kim_portal.reminder_engine import RenderedReminder, reminder_kind, reminders_dispatch

    @reminder_kind("bench.ping")
    def render(reminder):
        return RenderedReminder("Bench reminder", "A reminder for the benchmark.", "/de/staff/")

    from kim_portal.selectors import notification_unread_count

    Reminder.objects.filter(kind="bench.ping").delete()
    User.objects.filter(email__endswith="@bench.example").delete()
    users = [
        User.objects.create_user(email=f"u{i}@bench.example", display_name=f"Bench {i}")
        for i in range(50)
    ]
    town = Municipality.objects.first()
    ct = ContentType.objects.get_for_model(Municipality)
    now = timezone.now()
    Reminder.objects.bulk_create(
        Reminder(
            kind="bench.ping",
            target_type=ct,
            target_id=str(town.pk),
            due_at=now - timedelta(seconds=i),
            recipient=users[i % len(users)],
        )
        for i in range(n)
    )
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with (
        override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        ),
        connection.execute_wrapper(count),
    ):
        started = time.perf_counter()
        sent = 0
        while True:
            batch = reminders_dispatch()
            if not batch:
                break
            sent += batch
        elapsed = time.perf_counter() - started
    print(f"reminders delivered: {sent} in {elapsed:.2f} s = {sent / elapsed:.0f}/s")
    print(f"queries per reminder: {queries / max(sent, 1):.2f}")
    user = users[0]
    started = time.perf_counter()
    for _ in range(200):
        notification_unread_count(user=user)
    per_call = (time.perf_counter() - started) / 200 * 1000
    print(
        f"bell unread count ({Reminder.objects.filter(recipient=user).count()} rows): "
        f"{per_call:.2f} ms per call"
    )
    print(f"database: {settings.DATABASES['default']['NAME']}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
