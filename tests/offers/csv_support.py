"""Helpers shared by the CSV import and export tests."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from offers.csv_io import COLUMNS
from tests.factories import totp_activate, user_with_role


def coordinator():
    """A coordinator past the MFA gate (TOTP set up)."""
    person = user_with_role("coordinator")
    totp_activate(person)
    return person


def csv_text(rows: list[dict], *, columns=COLUMNS, delimiter: str = ";") -> str:
    """A CSV file with a header of ``columns``; cells missing from a row are empty."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(columns), delimiter=delimiter, restval="", lineterminator="\r\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def read_csv(content: bytes) -> list[dict]:
    """The rows of an exported file (BOM and ``;`` as the export writes them)."""
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def upload(content: str | bytes, name: str = "angebote.csv") -> SimpleUploadedFile:
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(name, content, content_type="text/csv")
