"""The printed report a funder reads: the glossary, French month names, and no caption or heading
left alone at the foot of a page (read back from the PDF with pypdf)."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lien.journal.models import Action, JournalEntry
from lien.reports import pdf
from tests.activity.conftest import QUERY
from tests.activity.test_page import ENGLISH_MONTHS

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(year, client_for, monkeypatch) -> tuple[str, list[str]]:
    """The HTML handed to WeasyPrint and the text of each page of the PDF it made."""
    seen: list[str] = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: seen.append(html) or real(html))
    response = client_for(year.users["coordinator"]).get(reverse("activity:report_pdf"), QUERY)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    pages = [" ".join(page.extract_text().replace("\xa0", " ").split()) for page in reader.pages]
    return seen[0], pages


class _Captions(HTMLParser):
    """Each caption (and h2, h3) of the printed HTML with the text that must share its page: the
    first row of its table (the text after the heading)."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[list[str]] = []
        self._open: str | None = None
        self._text: list[str] = []
        self._hidden = 0
        self._waiting: list[str] | None = None
        self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        if self._hidden or tag in {"svg", "style", "title"}:
            self._hidden += 1
            return
        if tag == "tbody":
            self._in_tbody = True
        if tag in {"caption", "h2", "h3", "p", "dt"} or (tag == "tr" and self._in_tbody):
            self._open, self._text = tag, []

    def handle_endtag(self, tag):
        if self._hidden:
            self._hidden -= 1
            return
        if tag == "tbody":
            self._in_tbody = False
        if tag != self._open:
            return
        text = " ".join(" ".join(self._text).split())
        self._open = None
        if self._waiting is not None and text and (tag == "tr" or self._waiting[0] != "caption"):
            self._waiting.append(text)
            self._waiting = None
        if tag in {"caption", "h2", "h3"}:
            self._waiting = [tag, text]
            self.pairs.append(self._waiting)

    def handle_data(self, data):
        if self._open and not self._hidden:
            self._text.append(data)


def _pattern(text: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


def test_it_has_the_glossary_and_french_month_names(printed):
    _html, pages = printed
    text = " ".join(pages)
    assert "Glossaire : ce que compte chaque chiffre" in text
    assert _pattern("Personnes accompagnées Personnes ayant une fiche dans le programme").search(text)
    assert "Période du 1 janv. 2026 au 30 juin 2026" in text
    assert "édité le 30 juin 2026" in text
    assert not ENGLISH_MONTHS.search(text)


def test_no_caption_is_left_alone_at_the_foot_of_a_page(printed):
    """A table's caption is on the page of its first row; a heading on the page of what follows."""
    html, pages = printed
    pairs = _pairs(html)
    captions = [pair for pair in pairs if pair[0] == "caption"]
    assert len(captions) >= 20
    assert len(pages) >= 2
    page, position = 0, 0
    for kind, text, keep_with in pairs:
        found = _pattern(text).search(pages[page], position)
        while found is None:
            page, position = page + 1, 0
            assert page < len(pages), f"{text!r} is not in the PDF"
            found = _pattern(text).search(pages[page])
        position = found.end()
        assert _pattern(keep_with).search(pages[page], position), (
            f"page {page + 1} ends with the {kind} {text!r}: {keep_with!r} is on the next page"
        )


def _pairs(html: str) -> list[tuple[str, str, str]]:
    parser = _Captions()
    parser.feed(html)
    return [(pair[0], pair[1], pair[2]) for pair in parser.pairs if len(pair) == 3 and pair[1]]


def test_the_pdf_is_journalled_as_an_export(printed):
    assert JournalEntry.objects.filter(
        action=Action.EXPORT, object_type="accounts.organisation", detail__startswith="rapport d'activité"
    ).exists()
