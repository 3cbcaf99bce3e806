import pytest
from django.urls import reverse

from lien.journal.models import Action, JournalEntry
from lien.reports import pdf
from lien.reports.services import annual_report_text_save

pytestmark = pytest.mark.django_db

URL = reverse("report_annual_pdf")


@pytest.fixture
def printed(monkeypatch):
    """The HTML handed to WeasyPrint (the PDF's text is compressed and its fonts subset)."""
    seen: list[str] = []
    real = pdf.html_to_pdf

    def spy(html: str) -> bytes:
        seen.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", spy)
    return seen


def test_it_prints_the_report_as_a_pdf_and_journals_it(world, funds, client_for, printed):
    director = world.users["director"]
    annual_report_text_save(
        acting_user=director,
        organisation=funds.a,
        year=2022,
        highlights="Année <chargée>",
        improvement_actions="",
    )
    response = client_for(director).get(URL, {"organisation": "asso", "year": 2022})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="rapport-annuel-asso-2022.pdf"'
    assert response.content.startswith(b"%PDF")
    [html] = printed
    assert "Association locale" in html
    assert "<strong>5</strong>" in html  # the total
    assert "Valenciennes" in html and "Année &lt;chargée&gt;" in html
    assert html.count('role="img"') == 6
    assert "<a " not in html  # no link to follow on paper
    entry = JournalEntry.objects.get(action=Action.PRINT)
    assert (entry.user, entry.organisation, entry.object_type) == (director, funds.a, "accounts.organisation")


def test_it_prints_an_empty_year_without_error(world, funds, client_for, printed):
    response = client_for(world.users["regional_coordinator"]).get(
        URL, {"organisation": "regional", "year": 2018}
    )
    assert response.content.startswith(b"%PDF")
    assert "<strong>0</strong>" in printed[0]


def test_it_refuses_the_pdf_to_an_outsider(world, funds, client_for, printed):
    assert (
        client_for(world.users["outsider"]).get(URL, {"organisation": "asso", "year": 2022}).status_code
        == 404
    )
    assert client_for(funds.mediator_b).get(URL, {"organisation": "asso", "year": 2022}).status_code == 404
    assert printed == []
    assert not JournalEntry.objects.filter(action=Action.PRINT).exists()
