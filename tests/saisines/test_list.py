"""The mediator's work list: queues, filters, search, pagination, deadlines and exports."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lien.journal.models import Action, JournalEntry
from lien.saisines import services
from lien.saisines.enums import Status
from lien.saisines.models import Saisine
from tests.factories import CommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _listed(response) -> list[str]:
    return [saisine.reference for saisine, _deadline in response.context["rows"]]


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def client(team, client_for):
    return client_for(team.mediator)


def test_it_counts_the_queues_and_lists_one_of_them(team, receive, advance, client):
    receive(received_on=_days_ago(2), reference="A-DUE")
    receive(received_on=_days_ago(10), reference="A-LATE")
    waiting = advance(receive(received_on=_days_ago(1), reference="A-SERVICE"), Status.RECEIVABLE)
    services.exchange_request(
        acting_user=team.mediator, saisine=waiting, service="Prestations", requested_on=_days_ago(0)
    )
    advance(receive(received_on=_days_ago(3), reference="A-EQUITY"), Status.PROPOSAL)

    response = client.get(reverse("saisines:list"))
    counts = {code: count for code, _label, count in response.context["queues"]}
    # None of them has had a first answer (acknowledgement or closure) yet.
    # The mediator received them all: they are all "mine".
    assert counts == {"due_soon": 3, "late": 1, "awaiting_service": 1, "awaiting_director": 1, "mine": 4}
    assert _listed(client.get(reverse("saisines:list"), {"queue": "late"})) == ["A-LATE"]
    due = _listed(client.get(reverse("saisines:list"), {"queue": "due_soon"}))
    assert due == ["A-SERVICE", "A-DUE", "A-EQUITY"]
    assert _listed(client.get(reverse("saisines:list"), {"queue": "awaiting_director"})) == ["A-EQUITY"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "under_review"}, ["F-2"]),
        ({"channel": "email"}, ["F-3"]),
        ({"process": "beneficiary_management"}, ["F-3"]),
        ({"perimeter": "first_intention"}, ["F-2"]),
        ({"commune": "11304"}, ["F-1"]),
        ({"commune": "Quillan — 11500 (11304)"}, ["F-1"]),
        ({"received_from": "DAY-5", "received_to": "DAY-3"}, ["F-2"]),
        ({"q": "f-3"}, ["F-3"]),
        ({"q": "HELENE eluard"}, ["F-1"]),
        ({"q": "indemnités"}, ["F-2"]),
        ({"status": "under_review", "channel": "email"}, []),
        ({}, ["F-3", "F-2", "F-1"]),
    ],
)
def test_it_filters_and_searches_the_list(filters, expected, team, receive, requester, client):
    CommuneFactory()
    receive(reference="F-1", received_on=_days_ago(10), requester=requester, commune_insee="11304")
    second = receive(
        reference="F-2",
        received_on=_days_ago(4),
        perimeter="first_intention",
        subject="Pas d'indemnites journalieres depuis trois mois",
    )
    services.saisine_examine(acting_user=team.mediator, saisine=second)
    receive(
        reference="F-3",
        received_on=_days_ago(1),
        channel="email",
        process="beneficiary_management",
        subprocess="",
    )
    days = {f"DAY-{n}": _days_ago(n).isoformat() for n in range(11)}
    query = {name: days.get(value, value) for name, value in filters.items()}
    assert _listed(client.get(reverse("saisines:list"), query)) == expected


def test_it_says_when_the_date_range_is_reversed(receive, client):
    receive(reference="R-1")
    response = client.get(
        reverse("saisines:list"), {"received_from": "2026-02-01", "received_to": "2026-01-01"}
    )
    assert "La date de début est après la date de fin." in response.content.decode()
    assert _listed(response) == []


def test_a_filter_in_error_does_not_drop_the_others(receive, client):
    receive(reference="C-1", channel="email")
    receive(reference="C-2", channel="letter")
    response = client.get(reverse("saisines:list"), {"channel": "email", "commune": "Atlantide"})
    assert "Commune inconnue" in response.content.decode()
    assert _listed(response) == ["C-1"]


def test_it_lists_only_the_saisines_of_the_users_fund(team, receive, client_for):
    receive(reference="OURS")
    receive(reference="THEIRS", organisation=team.other_fund)
    assert _listed(client_for(team.mediator).get(reverse("saisines:list"))) == ["OURS"]
    assert _listed(client_for(team.users["outsider"]).get(reverse("saisines:list"))) == ["THEIRS"]


def test_it_paginates_by_25(team, receive, client):
    for number in range(30):
        receive(reference=f"P-{number:02d}", received_on=_days_ago(number))
    first = client.get(reverse("saisines:list"))
    second = client.get(reverse("saisines:list"), {"page": 2})
    assert len(_listed(first)) == 25
    assert _listed(second) == [f"P-{number:02d}" for number in range(25, 30)]
    assert "Page 1 sur 2" in first.content.decode()


def test_it_shows_the_days_left_or_that_the_answer_is_late(receive, advance, client):
    receive(reference="D-NEW", received_on=_days_ago(2))
    receive(reference="D-LATE", received_on=_days_ago(9))
    advance(receive(reference="D-CLOSED", received_on=_days_ago(30)), Status.CLOSED)
    response = client.get(reverse("saisines:list"))
    deadlines = {saisine.reference: deadline for saisine, deadline in response.context["rows"]}
    assert (deadlines["D-NEW"].days_left, deadlines["D-NEW"].late) == (5, False)
    assert (deadlines["D-LATE"].days_left, deadlines["D-LATE"].late) == (-2, True)
    assert deadlines["D-CLOSED"].due_on is None
    html = response.content.decode()
    assert "5 jours restants" in html
    assert "en retard" in html


def _list_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(20) as captured:
        response = client.get(reverse("saisines:list"))
    assert response.status_code == 200
    return len(captured)


def test_it_lists_saisines_with_a_constant_number_of_queries(
    team, receive, client, django_assert_max_num_queries
):
    person = PersonFactory(organisation=team.fund)
    receive(requester=person)
    with_one = _list_queries(client, django_assert_max_num_queries)
    for _number in range(29):
        receive(requester=PersonFactory(organisation=team.fund))
    assert _list_queries(client, django_assert_max_num_queries) == with_one


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))


def test_it_exports_the_filtered_list_as_csv_and_journals_it(team, receive, requester, client):
    receive(reference="E-1", requester=requester, channel="email")
    receive(reference="E-2", channel="email")
    receive(reference="E-3", channel="letter")
    response = client.get(reverse("saisines:export_csv"), {"channel": "email", "page": "2"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="saisines-')
    rows = _csv_rows(response)
    assert rows[0][:3] == ["Référence", "Reçue le", "Canal"]
    assert sorted(row[0] for row in rows[1:]) == ["E-1", "E-2"]
    assert {row[5] for row in rows[1:]} == {"Hélène Éluard", ""}
    entry = JournalEntry.objects.get(action=Action.EXPORT)
    assert (entry.user, entry.organisation, entry.object_id) == (team.mediator, team.fund, str(team.fund.pk))
    assert entry.detail.startswith("2 saisines (CSV)")
    assert "channel=email" in entry.detail


def test_it_exports_the_filtered_list_as_xlsx(team, receive, client):
    receive(reference="X-1", process="beneficiary_management", subprocess="vitale_card")
    receive(reference="X-2")
    response = client.get(reverse("saisines:export_xlsx"), {"process": "beneficiary_management"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows] == ["Référence", "X-1"]
    assert rows[1][9] == "Carte Vitale"
    assert rows[1][1].date() == timezone.localdate()
    assert JournalEntry.objects.get(action=Action.EXPORT).detail.startswith("1 saisines (XLSX)")


def test_it_keeps_formulas_out_of_the_exports(team, receive, client):
    person = PersonFactory(organisation=team.fund, first_name="=HYPERLINK(1)", last_name="")
    receive(reference="INJ", requester=person)
    csv_row = _csv_rows(client.get(reverse("saisines:export_csv")))[1]
    assert csv_row[5] == "'=HYPERLINK(1)"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("saisines:export_xlsx")).getvalue())).active
    cell = sheet.cell(row=2, column=6)
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_it_journals_an_empty_export_too(team, client):
    response = client.get(reverse("saisines:export_csv"), {"status": "closed"})
    assert len(_csv_rows(response)) == 1
    entry = JournalEntry.objects.get(action=Action.EXPORT)
    assert (entry.organisation, entry.detail) == (team.fund, "0 saisines (CSV) ; status=closed")


def test_it_exports_nothing_of_another_fund(team, receive, client_for):
    receive(reference="THEIRS", organisation=team.other_fund)
    rows = _csv_rows(client_for(team.mediator).get(reverse("saisines:export_csv")))
    assert rows[1:] == []
    assert Saisine.objects.count() == 1
