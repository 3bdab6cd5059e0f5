"""Papers: PDF, ODT, DOCX, XLSX, PNG and JPEG up to 20 MB, checked by extension and
content; stored outside the media root without a URL; members only."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from steering.files import validate_upload
from steering.selectors import file_for_user
from steering.services import file_attach

from .factories import MeetingFactory, MembershipFactory, coordinator, steering_member

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.STEERING_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office_file(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def error_code(error: ValidationError) -> str:
    return error.error_dict["file"][0].code


def test_a_pdf_is_attached_and_stored_privately(tmp_path):
    meeting = MeetingFactory()

    paper = file_attach(by=coordinator(), meeting=meeting, upload=upload("Bericht.pdf", PDF_BYTES))

    assert (paper.mime_type, paper.size, paper.name) == (
        "application/pdf",
        len(PDF_BYTES),
        "Bericht.pdf",
    )
    assert paper.file.path.startswith(str((tmp_path / "private").resolve()))
    assert "Bericht" not in paper.file.name


def test_papers_have_no_public_url():
    paper = file_attach(
        by=coordinator(), meeting=MeetingFactory(), upload=upload("a.pdf", PDF_BYTES)
    )

    with pytest.raises(ValueError, match="no URL"):
        paper.file.url  # noqa: B018


def test_an_exe_renamed_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("Protokoll.pdf", EXE_BYTES))

    assert error_code(error.value) == "content_mismatch"


def test_a_png_labelled_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("Foto.pdf", PNG_BYTES))

    assert error_code(error.value) == "content_mismatch"


def test_an_oversized_file_is_refused():
    big = upload("gross.pdf", PDF_BYTES + b"0" * (20 * 1024 * 1024))

    with pytest.raises(ValidationError) as error:
        validate_upload(big)

    assert error_code(error.value) == "too_large"


def test_other_extensions_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("setup.exe", EXE_BYTES))

    assert error_code(error.value) == "extension_not_allowed"


def test_a_real_docx_is_accepted():
    content = office_file({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})

    file_type = validate_upload(upload("Vorlage.docx", content))

    assert file_type.extension == "docx"


def test_a_zip_renamed_xlsx_is_refused():
    content = office_file({"readme.txt": b"hallo"})

    with pytest.raises(ValidationError) as error:
        validate_upload(upload("Tabelle.xlsx", content))

    assert error_code(error.value) == "content_mismatch"


def test_an_odt_is_recognised_by_its_mimetype_entry():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<office/>")

    assert validate_upload(upload("Text.odt", buffer.getvalue())).extension == "odt"


def test_members_of_the_body_may_download_a_paper():
    meeting = MeetingFactory()
    member = MembershipFactory(body=meeting.body).user
    paper = file_attach(by=coordinator(), meeting=meeting, upload=upload("a.pdf", PDF_BYTES))

    assert file_for_user(user=member, pk=paper.pk) == paper


def test_steering_members_outside_the_body_may_not():
    meeting = MeetingFactory()
    paper = file_attach(by=coordinator(), meeting=meeting, upload=upload("a.pdf", PDF_BYTES))

    with pytest.raises(Http404):
        file_for_user(user=steering_member(), pk=paper.pk)
