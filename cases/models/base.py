"""The access guard shared by every model that holds client data.

``Model.objects`` is closed on these models: any use raises ``UnscopedQueryError``. The
selectors and services of this app use the private manager ``_unscoped`` (the models'
default manager, so Django's own machinery — related managers, unique checks, deletion —
keeps working), and every other module must go through them. ``tests/cases/
test_query_guard.py`` scans the source tree for anything else.
"""

from django.db import models


class UnscopedQueryError(RuntimeError):
    """Client data was queried without an access-scoped selector."""


class ClosedManager(models.Manager):
    """``objects`` of a client-data model: refuses every query."""

    def get_queryset(self):
        raise UnscopedQueryError(
            f"{self.model.__name__}.objects is closed: client data is read through "
            "cases.selectors and written through cases.services."
        )


class ClientDataModel(models.Model):
    """Abstract base of every model holding personal data of clients (GDPR Art. 9).

    FKs from these models to shared models (users, organisations, towns, offers) use
    ``related_name="+"``: no reverse accessor leads from shared objects to client data."""

    # Declared first: the default manager Django's internals use.
    _unscoped = models.Manager()
    objects = ClosedManager()

    class Meta:
        abstract = True
        default_manager_name = "_unscoped"
