"""The Celery app, configured from Django settings (``CELERY_`` namespace).

Run one or more workers and exactly one beat: ``celery -A kim_portal worker`` and
``celery -A kim_portal beat``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_portal.settings")

app = Celery("kim_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
