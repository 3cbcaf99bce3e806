"""What an uploaded file may be, judged by its content, and the name Lien stores it under.

The name and the content type a browser sends are the sender's word: a page saved as ``.pdf``
or an SVG would run scripts if a browser ever opened it. A file is accepted when its suffix is on
the caller's allow-list *and* its first bytes (or, for office documents, the inside of its ZIP)
are those of that suffix's kind. It is then stored under a random name (``storage_name``): the
name a user gave a file may name someone; the caller keeps it as metadata.
"""

import re
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import File

PDF = "pdf"
PNG = "png"
JPEG = "jpeg"
WEBP = "webp"
OOXML = "ooxml"  # Word, Excel, PowerPoint since 2007: a ZIP with [Content_Types].xml
OPENDOCUMENT = "opendocument"  # LibreOffice: a ZIP whose first member, mimetype, names the kind
OLE = "ole"  # Word and Excel before 2007: a compound file

_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"


@dataclass(frozen=True)
class Suffix:
    kind: str
    content_type: str
    ooxml_folder: str = ""  # where the main part of an OOXML document lives in its ZIP


SUFFIXES = {
    ".pdf": Suffix(PDF, "application/pdf"),
    ".png": Suffix(PNG, "image/png"),
    ".jpg": Suffix(JPEG, "image/jpeg"),
    ".jpeg": Suffix(JPEG, "image/jpeg"),
    ".webp": Suffix(WEBP, "image/webp"),
    ".docx": Suffix(OOXML, f"{_OOXML}.wordprocessingml.document", "word/"),
    ".xlsx": Suffix(OOXML, f"{_OOXML}.spreadsheetml.sheet", "xl/"),
    ".pptx": Suffix(OOXML, f"{_OOXML}.presentationml.presentation", "ppt/"),
    ".odt": Suffix(OPENDOCUMENT, f"{_ODF}.text"),
    ".ods": Suffix(OPENDOCUMENT, f"{_ODF}.spreadsheet"),
    ".odp": Suffix(OPENDOCUMENT, f"{_ODF}.presentation"),
    ".doc": Suffix(OLE, "application/msword"),
    ".xls": Suffix(OLE, "application/vnd.ms-excel"),
}

_MAGIC = {
    PDF: b"%PDF-",
    PNG: b"\x89PNG\r\n\x1a\n",
    JPEG: b"\xff\xd8\xff",
    OOXML: b"PK\x03\x04",
    OPENDOCUMENT: b"PK\x03\x04",
    OLE: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
}


@dataclass(frozen=True)
class AllowList:
    suffixes: tuple[str, ...]
    wording: str  # what to deposit, for « Déposez … . »


# A certificate, a convention, a signed consent: a PDF or a scan.
SCANS = AllowList((".pdf", ".png", ".jpg", ".jpeg"), "un fichier PDF, PNG ou JPEG")
# A saisine's documents: also what people write with an office suite.
DOCUMENTS = AllowList(
    tuple(SUFFIXES),
    "un fichier PDF, une image (PNG, JPEG, WebP) ou un document bureautique (Word, Excel, OpenDocument)",
)

MISMATCH = "Le contenu de ce fichier ne correspond pas à son extension."


@dataclass(frozen=True)
class Checked:
    """What an accepted file is: its suffix as stored, its kind and the content type it is served
    with."""

    suffix: str
    kind: str
    content_type: str


def check_upload(file: File[bytes], *, allowed: AllowList, max_bytes: int, field: str = "file") -> Checked:
    """The file's kind if its suffix is allowed, its size between 1 byte and ``max_bytes`` and its
    content of that suffix's kind; else a ``ValidationError`` on ``field`` that says why."""
    suffix = PurePath(file.name or "").suffix.lower()
    if not suffix:  # a name without a suffix (a scanner, an API client): its content says
        suffix = _sniffed(file, allowed)
    if suffix not in allowed.suffixes or suffix not in SUFFIXES:
        raise ValidationError({field: f"Déposez {allowed.wording}."})
    size = file.size or 0
    if not size:
        raise ValidationError({field: "Le fichier est vide."})
    if size > max_bytes:
        raise ValidationError(
            {
                field: f"Le fichier dépasse {max_bytes // (1024 * 1024)} Mo : réduisez-le (PDF compressé, "
                "numérisation ou photo moins fine)."
            }
        )
    expected = SUFFIXES[suffix]
    file.seek(0)
    try:
        matches = _matches(file, expected)
    finally:
        file.seek(0)
    if not matches:
        raise ValidationError({field: MISMATCH})
    return Checked(suffix=suffix, kind=expected.kind, content_type=expected.content_type)


def _sniffed(file: File[bytes], allowed: AllowList) -> str:
    """The first allowed suffix whose kind the content is of; empty if none."""
    for suffix in allowed.suffixes:
        file.seek(0)
        try:
            if suffix in SUFFIXES and _matches(file, SUFFIXES[suffix]):
                return suffix
        finally:
            file.seek(0)
    return ""


def _matches(file: IO[bytes], expected: Suffix) -> bool:
    head = file.read(16)
    if expected.kind == WEBP:
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if not head.startswith(_MAGIC[expected.kind]):
        return False
    if expected.kind == OOXML:
        return _inside_zip(file, lambda archive: _is_ooxml(archive, expected.ooxml_folder))
    if expected.kind == OPENDOCUMENT:
        return _inside_zip(file, lambda archive: _is_opendocument(archive, expected.content_type))
    return True


def _inside_zip(file: IO[bytes], test: Callable[[zipfile.ZipFile], bool]) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return test(archive)
    # What a damaged or hostile ZIP raises while its directory (or the small mimetype member) is read.
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError):
        return False


def _is_ooxml(archive: zipfile.ZipFile, folder: str) -> bool:
    names = archive.namelist()
    # Macros (vbaProject.bin) make a .docm, .xlsm or .pptm, which Office refuses under a plain suffix.
    return (
        "[Content_Types].xml" in names
        and any(name.startswith(folder) for name in names)
        and not any(name.lower().endswith("vbaproject.bin") for name in names)
    )


def _is_opendocument(archive: zipfile.ZipFile, content_type: str) -> bool:
    members = archive.infolist()
    if not members or members[0].filename != "mimetype" or members[0].file_size > 100:
        return False
    with archive.open(members[0]) as member:
        return member.read(100) == content_type.encode()


def content_type_for(name: str) -> str:
    """The content type of a stored file by its suffix (checked when it was uploaded); a suffix
    Lien does not accept is served as bytes, never as something a browser would render."""
    found = SUFFIXES.get(PurePath(name).suffix.lower())
    return found.content_type if found else "application/octet-stream"


_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")


def storage_name(filename: str) -> str:
    """A random name with the file's suffix (lower case, letters and digits only): the name a
    user gave a file may name someone, and is kept as metadata, not as the stored path."""
    suffix = PurePath(filename).suffix.lower()
    return uuid.uuid4().hex + (suffix if _SAFE_SUFFIX.fullmatch(suffix) else "")
