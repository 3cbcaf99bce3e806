"""The report of a programme on a small known dataset: page, JSON and PDF say the same figures."""

import io
import json
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lien.journal.models import JournalEntry
from lien.workshops import services
from lien.workshops.report import programme_report
from tests.workshops.conftest import register, session_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(programme, coordinator, mediator, people):
    """Two sessions held (2 and 16 February) and one to come (9 March); A and B registered on
    20 January, C on 10 February, D on 20 January and withdrawn today (2 March)."""
    first = session_on(programme, coordinator, date(2026, 2, 2))
    second = session_on(programme, coordinator, date(2026, 2, 16), theme="nutrition")
    session_on(programme, coordinator, date(2026, 3, 9), theme="emotions")
    a, b, d = (
        register(programme, mediator, person, on=date(2026, 1, 20)) for person in people[:2] + people[3:]
    )
    c = register(programme, mediator, people[2], on=date(2026, 2, 10))
    services.attendance_record(
        acting_user=coordinator, session=first, entries={a.pk: "present", b.pk: "absent", d.pk: "present"}
    )
    services.attendance_record(
        acting_user=coordinator, session=second, entries={a.pk: "present", b.pk: "excused", c.pk: "present"}
    )
    services.registration_withdraw(acting_user=mediator, registration=d)
    return programme


def test_the_figures_of_the_programme(dataset):
    report = programme_report(dataset, date(2026, 1, 1), date(2026, 6, 30))
    assert report["sessions"] == {"held": 2, "planned": 1}
    assert report["registrations"] == {"new": 4, "withdrawn": 1, "in_force_at_end": 3}
    assert report["participants"] == 3  # A, C and D (withdrawn, counted without a name)
    # expected places: 3 registered on 2 February (A, B, D), 4 on 16 February (A, B, C, D)
    assert report["attendance"] == {"present": 4, "absent": 1, "excused": 1, "expected": 7, "rate": 0.5714}
    rows = [
        (row["registered"], row["present"], row["not_recorded"], row["held"]) for row in report["by_session"]
    ]
    assert rows == [(3, 2, 0, True), (4, 2, 1, True), (3, 0, 0, False)]


def test_the_period_filters_the_sessions_and_registrations(dataset):
    report = programme_report(dataset, date(2026, 2, 10), date(2026, 2, 28))
    assert report["sessions"] == {"held": 1, "planned": 0}
    assert report["registrations"] == {"new": 1, "withdrawn": 0, "in_force_at_end": 4}
    assert report["attendance"]["rate"] == 0.5 and report["participants"] == 2


def test_no_expected_place_has_no_rate(programme):
    report = programme_report(programme, date(2026, 1, 1), date(2026, 6, 30))
    assert report["attendance"]["rate"] is None and report["by_session"] == []


def test_the_page_shows_the_figures_and_the_definition(dataset, client_for, coordinator):
    response = client_for(coordinator).get(reverse("workshops:report", args=[dataset.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "57 %" in page and "4 sur 7 places attendues" in page
    assert "Les présences notées divisées par les places attendues" in page
    assert "Quintal" not in page  # figures, no name
    response = client_for(coordinator).get(
        reverse("workshops:report", args=[dataset.pk]), {"start": "2026-03-01", "end": "2026-02-01"}
    )
    assert response.status_code == 422


def test_the_json_download_says_the_same(dataset, client_for, coordinator):
    url = reverse("workshops:report_json", args=[dataset.pk])
    response = client_for(coordinator).get(url, {"start": "2026-01-01", "end": "2026-06-30"})
    assert response["Content-Disposition"].startswith("attachment;")
    figures = json.loads(response.content)
    assert figures["attendance"]["rate"] == 0.5714 and figures["start"] == "2026-01-01"
    assert JournalEntry.objects.filter(action="export", object_type="workshops.workshopprogramme").exists()


def test_the_pdf_is_readable(dataset, client_for, coordinator):
    url = reverse("workshops:report_pdf", args=[dataset.pk])
    response = client_for(coordinator).get(url, {"start": "2026-01-01", "end": "2026-06-30"})
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Vivre avec son diabète" in text and "57 %" in text and "Taux de présence" in text
    assert "Quintal" not in text
    assert JournalEntry.objects.filter(action="print", object_type="workshops.workshopprogramme").exists()
