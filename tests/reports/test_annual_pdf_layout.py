"""The printed annual report reads well: a chart or a table is never parted from its caption, a
heading never ends a page, and no page but the last is left mostly empty.

Checked on the PDF itself (pypdf reads its text back), for a realistic year of a fund
(``hainaut`` in conftest.py: 558 saisines over every code, a dozen communes, proposals, text).
"""

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pypdf
import pytest
from django.urls import reverse

from lien.reports import pdf

pytestmark = pytest.mark.django_db

URL = reverse("report_annual_pdf")
PAGE_NUMBER = re.compile(r"^\d+ / \d+$")
MIN_FILL = 0.5  # the old layout left a page 48 % full, under a chart whose table went on


@dataclass
class Block:
    """A text and the one that must be printed on the same page (None: nothing to keep with)."""

    kind: str
    text: str
    keep_with: str | None = None


class _Outline(HTMLParser):
    """The headings, captions and first table rows of the printed HTML, in document order: each
    heading with the text that follows it, each caption with the first row of its table."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[Block] = []
        self._open: str | None = None  # the element whose text is being read
        self._text: list[str] = []
        self._hidden = 0  # depth inside an element that prints no text
        self._caption: Block | None = None  # waiting for the first row of its table
        self._heading: Block | None = None  # waiting for the next text
        self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self._hidden or "visually-hidden" in classes or tag in {"svg", "style", "title"}:
            self._hidden += tag not in {"br", "meta"}
            return
        if tag == "tbody":
            self._in_tbody = True
        if tag in {"h1", "h2", "h3", "figcaption", "caption", "p", "dt"} or (tag == "tr" and self._in_tbody):
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
        if self._heading is not None and text:
            self._heading.keep_with, self._heading = text, None
        if tag == "tr":
            if self._caption is not None:
                self._caption.keep_with, self._caption = text, None
            return
        if tag == "caption" and self._caption is not None and self._caption.kind == "figcaption":
            return  # the table of a chart's figure: its caption is the figure's, hidden on paper
        block = Block(tag, text)
        self.blocks.append(block)
        if tag in {"h2", "h3"}:
            self._heading = block
        elif tag in {"figcaption", "caption"}:
            self._caption = block

    def handle_data(self, data):
        if self._open and not self._hidden:
            self._text.append(data)


def _outline(html: str) -> list[Block]:
    parser = _Outline()
    parser.feed(html)
    return parser.blocks


def _pattern(text: str) -> re.Pattern:
    """The text as it comes out of the PDF: words in order, any spacing or line break between."""
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


@pytest.fixture
def printed(hainaut, client_for, monkeypatch) -> tuple[str, pypdf.PdfReader]:
    """The HTML handed to WeasyPrint, and the PDF it made of the realistic year."""
    seen: list[str] = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: seen.append(html) or real(html))
    response = client_for(hainaut.director).get(URL, {"organisation": hainaut.fund.slug, "year": 2022})
    assert response.status_code == 200
    return seen[0], pypdf.PdfReader(io.BytesIO(response.content))


def _pages_text(reader: pypdf.PdfReader) -> list[str]:
    return [" ".join(page.extract_text().replace("\xa0", " ").split()) for page in reader.pages]


def test_it_keeps_every_caption_and_heading_with_what_follows(printed):
    """Each figure's caption is on the page of the first row of its table (so of its chart, drawn
    between them), each table's caption on the page of its first row, each heading on the page of
    the text after it. Blocks are looked for in document order, so a repeated text is the next one."""
    html, reader = printed
    pages = _pages_text(reader)
    blocks = [block for block in _outline(html) if block.keep_with]
    assert {"figcaption", "caption", "h2", "h3"} <= {block.kind for block in blocks}
    assert len([block for block in blocks if block.kind == "figcaption"]) == 5

    page, position = 0, 0
    for block in blocks:
        found = _pattern(block.text).search(pages[page], position)
        while found is None:  # on a later page
            page, position = page + 1, 0
            assert page < len(pages), f"{block.text!r} is not in the PDF"
            found = _pattern(block.text).search(pages[page])
        position = found.end()
        assert _pattern(block.keep_with).search(pages[page], position), (
            f"page {page + 1} ends with {block.kind} {block.text!r}: {block.keep_with!r} is on the next page"
        )


def _lowest_lines(reader: pypdf.PdfReader) -> list[float | None]:
    """The baseline of the lowest line of text of each page, in points from the page's foot (the
    page number aside; None for a page without text)."""
    lowest: list[float | None] = []
    for page in reader.pages:
        baselines: list[float] = []

        def visit(text, cm, tm, _font, _size, baselines=baselines):
            # Text of the HTML is drawn through WeasyPrint's flipped page matrix (cm[3] < 0); a chart's
            # text comes in the chart's own coordinates, which tell nothing of its place on the page.
            if text.strip() and cm[3] < 0 and not PAGE_NUMBER.match(text.strip()):
                baselines.append(tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        lowest.append(min(baselines) if baselines else None)
    return lowest


def test_it_leaves_no_page_but_the_last_mostly_empty(printed):
    """No page but the last is less than half full. How full a page is: how far down its lowest
    line of text reaches, between the top of the text area and the lowest line any page reaches
    (the page number aside).

    Pages are filled from the top, so the lowest line shows how much of the page is used, whatever
    is on it. The amount of text would not do: a page of charts holds a few words, a page of tables
    hundreds. A chart's own text is left out (its coordinates are the chart's), but every chart is
    printed beside or above its table, whose rows mark where the figure ends."""
    html, reader = printed
    lowest = _lowest_lines(reader)
    assert None not in lowest
    height = float(reader.pages[0].mediabox.height)
    top = height - 16 / 25.4 * 72  # the top margin of @page, 16 mm
    bottom = min(line for line in lowest if line is not None)
    fill = [round((top - line) / (top - bottom), 2) for line in lowest if line is not None]
    assert 4 <= len(fill) <= 7, fill  # 9 pages before the figures were laid out for paper
    assert all(share >= MIN_FILL for share in fill[:-1]), fill


def test_it_prints_each_chart_beside_its_data_and_nothing_to_click(printed):
    html, _reader = printed
    assert html.count('role="img"') == 6
    assert "<details" not in html and "Voir les données" not in html
    assert html.count('class="report-figure ') == 6
