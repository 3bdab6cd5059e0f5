"""Papers of meetings (OParl ``File``): where they are stored and which uploads are accepted.

**Storage.** Papers are for members only, so they are kept outside ``MEDIA_ROOT`` (which a
web server may serve as a whole) in ``settings.STEERING_FILES_ROOT`` (default
``<BASE_DIR>/private/steering``) and have no URL: a view streams them after
``steering.selectors.file_for_user`` has checked access. On disk a paper is named by a
random UUID; the uploaded name is only kept as the paper's title.

**Accepted uploads.** PDF, ODT, DOCX, XLSX, PNG and JPEG up to
``settings.STEERING_FILE_MAX_BYTES`` (default 20 MB). The extension must be on the list
**and** the first bytes must be those of that format (``%PDF-``, the PNG and JPEG
signatures; for the office formats a ZIP whose entries are those of the format), so an
``.exe`` renamed ``.pdf`` is refused. The declared content type of the browser is ignored.
"""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    mime_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", "ODT")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
PNG = FileType("png", "image/png", "PNG")
JPEG = FileType("jpeg", "image/jpeg", "JPEG")

ALLOWED_TYPES: dict[str, FileType] = {
    "pdf": PDF,
    "odt": ODT,
    "docx": DOCX,
    "xlsx": XLSX,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_ZIP_SIGNATURE = b"PK\x03\x04"


def max_upload_bytes() -> int:
    return getattr(settings, "STEERING_FILE_MAX_BYTES", DEFAULT_MAX_BYTES)


def files_root() -> Path:
    configured = getattr(settings, "STEERING_FILES_ROOT", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "private" / "steering"


class PrivateFileStorage(FileSystemStorage):
    """File system storage outside ``MEDIA_ROOT``, without URLs. The location is read from
    the settings at each use, so tests can point it at a temporary directory."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return files_root()

    @property
    def location(self):
        return str(files_root().resolve())

    def url(self, name):
        raise ValueError("Steering papers have no URL; stream them through an access check.")


def private_file_storage() -> PrivateFileStorage:
    """The storage of ``steering.File`` (a callable, so migrations do not record a path)."""
    return PrivateFileStorage()


def paper_upload_to(instance, filename: str) -> str:
    """``steering/<meeting id>/<uuid>.<ext>``: no uploaded name on disk."""
    extension = Path(filename).suffix.lower().lstrip(".")
    return f"steering/{instance.meeting_id}/{uuid.uuid4().hex}.{extension}"


def _zip_entries(upload) -> set[str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _odt_mimetype(upload) -> bytes:
    # ODF: the first entry, stored uncompressed, is "mimetype" with the media type.
    upload.seek(0)
    head = upload.read(30 + 8 + 64)
    upload.seek(0)
    return head[38:] if head[30:38] == b"mimetype" else b""


def _content_matches(upload, file_type: FileType) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if file_type is PDF:
        return head.startswith(b"%PDF-")
    if file_type is PNG:
        return head.startswith(_PNG_SIGNATURE)
    if file_type is JPEG:
        return head.startswith(_JPEG_SIGNATURE)
    if not head.startswith(_ZIP_SIGNATURE):
        return False
    entries = _zip_entries(upload)
    if entries is None:
        return False
    if file_type is ODT:
        return _odt_mimetype(upload).startswith(ODT.mime_type.encode())
    if file_type is DOCX:
        return "[Content_Types].xml" in entries and "word/document.xml" in entries
    if file_type is XLSX:
        return "[Content_Types].xml" in entries and "xl/workbook.xml" in entries
    return False


def validate_upload(upload) -> FileType:
    """The type of an uploaded paper, or ``ValidationError`` (field ``file``; codes
    ``empty``, ``too_large``, ``extension_not_allowed``, ``content_mismatch``)."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": ValidationError(_("Die Datei ist leer."), code="empty")})
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Die Datei ist zu groß (höchstens %(limit)s)."),
                    code="too_large",
                    params={"limit": filesizeformat(limit)},
                )
            }
        )
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    file_type = ALLOWED_TYPES.get(extension)
    if file_type is None:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Erlaubt sind PDF, ODT, DOCX, XLSX, PNG und JPEG."),
                    code="extension_not_allowed",
                )
            }
        )
    if not _content_matches(upload, file_type):
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Der Inhalt der Datei passt nicht zur Endung „.%(extension)s“."),
                    code="content_mismatch",
                    params={"extension": extension},
                )
            }
        )
    return file_type
