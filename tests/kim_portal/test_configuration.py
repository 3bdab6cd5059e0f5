"""Configuration promises: production settings pass ``check --deploy``; migrations are
complete; roles and towns come from the data migration."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from kim_portal.models import Municipality, Role

BASE_DIR = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    """Runs manage.py in a fresh process with only ``env`` set (not the test run's
    environment, which holds test-only variables such as DJANGO_ALLOW_ASYNC_UNSAFE)."""
    environment = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    alphabet = string.ascii_letters + string.digits + string.punctuation
    # Starting with "$" on purpose: generated keys may, and it must not be read as a
    # reference to another variable.
    secret_key = "$" + "".join(secrets.choice(alphabet) for _ in range(59))

    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="kim.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off():
    result = _manage("check", DJANGO_DEBUG="false", ALLOWED_HOSTS="kim.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_passwords_are_hashed_with_argon2_in_the_portals_settings():
    from kim_portal import settings as portal_settings

    assert portal_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


@pytest.mark.django_db
def test_migrations_are_up_to_date():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_role_groups_are_exactly_the_six_roles():
    assert set(Group.objects.values_list("name", flat=True)) == {
        "case_manager",
        "case_team_lead",
        "coordinator",
        "steering_member",
        "steering_chair",
        "provider_editor",
    }
    assert set(Role.values) == set(Group.objects.values_list("name", flat=True))


@pytest.mark.django_db
def test_the_districts_fifteen_towns_exist_with_their_ags_keys():
    assert dict(Municipality.objects.values_list("ags", "name")) == {
        "05962004": "Altena",
        "05962008": "Balve",
        "05962012": "Halver",
        "05962016": "Hemer",
        "05962020": "Herscheid",
        "05962024": "Iserlohn",
        "05962028": "Kierspe",
        "05962032": "Lüdenscheid",
        "05962036": "Meinerzhagen",
        "05962040": "Menden (Sauerland)",
        "05962044": "Nachrodt-Wiblingwerde",
        "05962048": "Neuenrade",
        "05962052": "Plettenberg",
        "05962056": "Schalksmühle",
        "05962060": "Werdohl",
    }
