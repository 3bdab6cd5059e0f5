"""Client data is only queried through cases.selectors and cases.services.

Scans every Python file of the project (not the virtualenv, node_modules or migrations)
and fails on a client-data model queried any other way: ``Model.objects``, the private
``_unscoped`` manager, ``_default_manager``/``_base_manager``, ``apps.get_model`` on a
client-data model, or raw SQL naming one of their tables. The factories and tests of this
app may build and inspect rows directly."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from cases.models import CLIENT_DATA_MODELS

ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".venv", "node_modules", ".tools", ".git", "migrations", "staticfiles"}
ALLOWED = {
    Path("cases/selectors.py"),
    Path("cases/services.py"),
}
# Tests that check what is in the database behind the portal's back (that an attack changed
# nothing, that a form built from a real record is valid) read it directly.
ALLOWED_DIRS = {Path("tests/cases"), Path("tests/security")}
MANAGERS = {"objects", "_unscoped", "_default_manager", "_base_manager"}
MODEL_NAMES = {model.__name__ for model in CLIENT_DATA_MODELS}
TABLES = {model._meta.db_table for model in CLIENT_DATA_MODELS}


def violations_in(source: str) -> list[str]:
    """Where ``source`` reaches client data past the selectors, as ``line: what``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            if node.attr == "_unscoped":
                found.append(f"{node.lineno}: ._unscoped")
            elif (
                node.attr in MANAGERS
                and isinstance(node.value, ast.Name)
                and node.value.id in MODEL_NAMES
            ):
                found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_model":
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            label = ".".join(str(a) for a in args)
            if label.split(".")[0] == "cases" and label.split(".")[-1] in MODEL_NAMES:
                found.append(f"{node.lineno}: get_model({label})")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            lowered = node.value.lower()
            for table in TABLES:
                if table in lowered:
                    found.append(f"{node.lineno}: SQL on {table}")
    return found


def _project_files():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts):
            continue
        if relative in ALLOWED or any(d in relative.parents for d in ALLOWED_DIRS):
            continue
        yield relative


def test_client_data_is_queried_only_through_selectors_and_services():
    problems = [
        f"{relative}:{hit}"
        for relative in _project_files()
        for hit in violations_in((ROOT / relative).read_text(encoding="utf-8"))
    ]

    assert problems == []


def test_the_scan_covers_the_project():
    files = set(_project_files())

    assert Path("cases/models/clients.py") in files
    assert Path("kim_portal/models.py") in files


@pytest.mark.parametrize(
    "source",
    [
        "Case.objects.filter(pk=1)",
        "Client._default_manager.all()",
        "x = case._unscoped",
        "apps.get_model('cases', 'ContactLogEntry')",
        "cursor.execute('SELECT * FROM cases_client')",
    ],
)
def test_the_scan_detects_unscoped_queries(source):
    assert violations_in(source)


def test_the_scan_lets_other_models_alone():
    assert violations_in("Offer.objects.filter(pk=1); BarrierReport.objects.all()") == []
