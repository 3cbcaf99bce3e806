"""The allow-list of uploads, judged by content, and the names Lien stores files under."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from lien.lib.uploads import DOCUMENTS, MISMATCH, SCANS, check_upload, content_type_for, storage_name

MB = 1024 * 1024
REFUSED = (
    "Déposez un fichier PDF, une image (PNG, JPEG, WebP) ou un document bureautique "
    "(Word, Excel, OpenDocument)."
)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            # A fixed date: the same bytes (and test ids) in every process.
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def _ooxml(folder: str, *extra: str) -> bytes:
    return _zip(
        {"[Content_Types].xml": b"<Types/>", f"{folder}document.xml": b"<doc/>", **dict.fromkeys(extra, b"x")}
    )


def _odf(kind: str) -> bytes:
    return _zip({"mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(), "content.xml": b"<c/>"})


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100


def _check(name: str, content: bytes, allowed=DOCUMENTS, max_bytes=10 * MB):
    return check_upload(SimpleUploadedFile(name, content), allowed=allowed, max_bytes=max_bytes)


def _refusal(name: str, content: bytes, allowed=DOCUMENTS, max_bytes=10 * MB) -> str:
    with pytest.raises(ValidationError) as refusal:
        _check(name, content, allowed, max_bytes)
    return refusal.value.message_dict["file"][0]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("courrier.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("Scan.PNG", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        ("photo.jpeg", b"\xff\xd8\xff\xe1....", "image/jpeg"),
        ("photo.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (
            "lettre.docx",
            _ooxml("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("budget.xlsx", _ooxml("xl/"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "slides.pptx",
            _ooxml("ppt/"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("lettre.odt", _odf("text"), "application/vnd.oasis.opendocument.text"),
        ("budget.ods", _odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"),
        ("ancien.doc", OLE, "application/msword"),
        ("ancien.xls", OLE, "application/vnd.ms-excel"),
    ],
)
def test_it_accepts_a_pdf_an_image_or_an_office_document(name, content, content_type):
    checked = _check(name, content)
    assert checked.content_type == content_type == content_type_for(f"x/a{checked.suffix}")
    assert checked.suffix == name[name.rindex(".") :].lower()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script>", REFUSED),
        ("logo.svg", b"<svg onload='alert(1)'/>", REFUSED),
        ("sans-extension", b"<html><script>alert(1)</script>", REFUSED),
        ("archive.zip", _zip({"a.txt": b"a"}), REFUSED),
        ("page.pdf", b"<html><script>alert(1)</script>", MISMATCH),
        ("logo.png", b"<svg onload='alert(1)'/>", MISMATCH),
        ("photo.webp", b"RIFF\x10\x00\x00\x00WAVEfmt ", MISMATCH),
        ("archive.docx", _zip({"a.txt": b"a"}), MISMATCH),  # a ZIP, not an office document
        ("archive.odt", _zip({"a.txt": b"a"}), MISMATCH),
        ("lettre.xlsx", _ooxml("word/"), MISMATCH),  # a Word document under Excel's suffix
        ("macros.docx", _ooxml("word/", "word/vbaProject.bin"), MISMATCH),
        ("lettre.docx", _odf("text"), MISMATCH),
        ("budget.odt", _odf("spreadsheet"), MISMATCH),
        ("coupe.docx", _ooxml("word/")[:40], MISMATCH),  # cut: its directory is gone
        ("lettre.pdf", _ooxml("word/"), MISMATCH),
        ("ancien.doc", b"\xd0\xcf\x11\xe0 not quite", MISMATCH),
        ("vide.pdf", b"", "Le fichier est vide."),
    ],
)
def test_it_refuses_a_file_whose_content_is_not_an_allowed_kind(name, content, message):
    assert _refusal(name, content) == message


def test_it_refuses_a_file_over_the_limit_and_accepts_one_at_it():
    assert _refusal("gros.pdf", b"%PDF-" + b"0" * MB, max_bytes=MB).startswith("Le fichier dépasse 1 Mo")
    assert _check("juste.pdf", b"%PDF-" + b"0" * (MB - 5), max_bytes=MB).kind == "pdf"


def test_scans_are_pdf_png_and_jpeg_only():
    assert _refusal("lettre.docx", _ooxml("word/"), SCANS) == "Déposez un fichier PDF, PNG ou JPEG."
    assert (
        _refusal("photo.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", SCANS)
        == "Déposez un fichier PDF, PNG ou JPEG."
    )
    assert _check("scan.JPG", b"\xff\xd8\xff\xdb", SCANS).content_type == "image/jpeg"


def test_it_leaves_the_file_at_its_start():
    upload = SimpleUploadedFile("lettre.odt", _odf("text"))
    check_upload(upload, allowed=DOCUMENTS, max_bytes=MB, field="piece")
    assert upload.tell() == 0 and upload.read(2) == b"PK"


def test_the_refusal_names_the_field():
    with pytest.raises(ValidationError) as refusal:
        check_upload(SimpleUploadedFile("a.svg", b"<svg/>"), allowed=SCANS, max_bytes=MB, field="certificate")
    assert list(refusal.value.message_dict) == ["certificate"]


@given(content=st.binary(min_size=1, max_size=300), suffix=st.sampled_from([".pdf", ".png", ".jpg", ".webp"]))
def test_random_bytes_pass_only_with_their_kind_s_first_bytes(content, suffix):
    magic = {".pdf": b"%PDF-", ".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff"}
    try:
        _check(f"x{suffix}", content)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    if suffix == ".webp":
        assert accepted == (content[:4] == b"RIFF" and content[8:12] == b"WEBP")
    else:
        assert accepted == content.startswith(magic[suffix])


@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=400).map(lambda tail: b"PK\x03\x04" + tail),
        st.binary(max_size=400).map(lambda tail: _ooxml("word/")[:200] + tail),
        st.integers(min_value=0, max_value=400).map(lambda cut: _odf("text")[:cut]),
    ),
    suffix=st.sampled_from(sorted({*DOCUMENTS.suffixes, ".html", ".svg", ""})),
)
def test_random_bytes_raise_nothing_but_a_validation_error(content, suffix):
    try:
        _check(f"x{suffix}", content)
    except ValidationError:
        pass


def test_stored_names_are_random_with_a_clean_suffix():
    first, second = storage_name("Courrier de Mme Dupont.PDF"), storage_name("Courrier de Mme Dupont.PDF")
    assert first != second and first.endswith(".pdf") and len(first) == 36 and "Dupont" not in first
    assert len(storage_name("sans extension")) == 32
    assert len(storage_name("bizarre.p<d>f")) == 32
    assert content_type_for("saisines/1/2/page.html") == "application/octet-stream"


def test_a_name_without_a_suffix_is_judged_by_its_content():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lien.lib import uploads

    checked = uploads.check_upload(
        SimpleUploadedFile("scan", b"%PDF-1.7 scanned"), allowed=uploads.DOCUMENTS, max_bytes=1000
    )
    assert (checked.suffix, checked.content_type) == (".pdf", "application/pdf")
    with pytest.raises(ValidationError):
        uploads.check_upload(
            SimpleUploadedFile("page", b"<html><script>"), allowed=uploads.DOCUMENTS, max_bytes=1000
        )
