"""Shared fixtures: real PostgreSQL, real Redis (cache, sessions, rate limits, broker)."""

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import UserFactory, reference_data_restore


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT was never filled by collectstatic: expected in tests.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 costs ~0.3 s per hash and a login hashes twice (two auth backends); what the
    # tests check does not depend on the hash function. Production's choice is asserted in
    # test_configuration.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    # A request through the test client leaves its language active in the thread, and
    # reverse() in the next test would then build URLs in that language.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_redis() -> None:
    # Rate-limit counters, used TOTP codes and cached sessions live in Redis: every test
    # starts without them. Run the suite with REDIS_URL on a database of its own — this
    # empties that whole database (the Celery broker queues included).
    cache.clear()


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    # Transactional tests (live server, real Celery worker) end with a flush that also
    # empties the tables the data migrations filled; later tests rely on them.
    uses_db = request.node.get_closest_marker("django_db") or (
        _DB_FIXTURES & set(request.fixturenames)
    )
    if uses_db:
        with django_db_blocker.unblock():
            reference_data_restore()


@pytest.fixture
def celery_app():
    from kim_portal.celery import app

    return app


@pytest.fixture
def organisation():
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="Kommunales Integrationszentrum Märkischer Kreis")


@pytest.fixture
def user(db):
    return UserFactory()
