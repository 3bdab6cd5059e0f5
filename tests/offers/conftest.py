"""Fixtures of the offers tests."""

from datetime import UTC, datetime

import pytest

from offers.models import Category, TargetGroup

# Before any moment the tests travel to.
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def reference_data_long_unchanged(db):
    """The taxonomy (loaded by migrations, so dated when the test database was made) as
    last changed long ago: tests that travel back in time see their own changes as the
    newest in the catalogue, as in production."""
    for model in (Category, TargetGroup):
        model.objects.update(modified_at=LONG_AGO)
