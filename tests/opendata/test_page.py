"""The page /donnees-ouvertes/: the form, the preview with masked cells, the downloads (each
journalled), who may use it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lien.journal.models import Action, JournalEntry

pytestmark = pytest.mark.django_db

QUERY = {
    "organisation": "asso",
    "start": "2026-01-01",
    "end": "2026-06-30",
    "by1": "barrier",
    "by2": "gender",
}


def exports():
    return JournalEntry.objects.filter(action=Action.EXPORT)


def test_the_page_shows_the_form_first(community, client_for):
    response = client_for(community.users["community_mediator"]).get(reverse("opendata:page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Données ouvertes" in html and "Première dimension" in html and "Seuil de masquage" in html
    assert response.context["table"] is None


def test_the_preview_labels_the_values_and_masks_small_cells(community, client_for):
    response = client_for(community.users["community_mediator"]).get(reverse("opendata:page"), QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    table = response.context["table"]
    # 3 people: every count but the zeros is small
    assert table.threshold == 5 and table.masked == sum(count != 0 for _cell, count in table.rows) == 11
    assert "du 1 janvier 2026 au 30 juin 2026" in html
    assert "Mobilité, distance" in html and "Femme" in html and "Ensemble" in html
    assert "Aucun frein enregistré" in html and "Non renseigné" in html
    assert "masqué" in html and "secret secondaire" in html
    assert "16 lignes, dont 11 cases masquées." in html
    assert not exports().exists()  # a preview is not an export


def test_the_preview_shows_counts_at_or_above_the_threshold(community, client_for, settings):
    settings.LIEN_OPEN_DATA_THRESHOLD = 2
    response = client_for(community.users["community_mediator"]).get(
        reverse("opendata:page"), QUERY | {"by1": "month", "by2": ""}
    )
    preview = response.context["preview"]
    assert [(row.labels, row.count) for row in preview.rows] == [
        (["février 2026"], None),
        (["mars 2026"], 2),
        (["avril 2026"], None),
        (["Ensemble"], 3),
    ]


def test_a_user_may_raise_the_threshold_not_lower_it(community, client_for):
    client = client_for(community.users["community_mediator"])
    assert client.get(reverse("opendata:page"), QUERY | {"threshold": "8"}).context["table"].threshold == 8
    response = client.get(reverse("opendata:page"), QUERY | {"threshold": "2"})
    assert response.status_code == 422
    assert response.context["form"].errors["threshold"] == [
        "Le seuil ne peut être inférieur à 5, celui de cette instance."
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"by1": "channel"}, "La dimension « channel » ne concerne que les saisines."),
        ({"by2": "barrier"}, "La dimension « barrier » est demandée deux fois."),
        ({"end": "2025-01-01"}, "La fin de la période précède son début."),
    ],
)
def test_it_says_what_makes_no_table(community, client_for, change, message):
    response = client_for(community.users["community_mediator"]).get(reverse("opendata:page"), QUERY | change)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_the_csv_download_is_the_table_and_is_journalled(community, client_for):
    mediator = community.users["community_mediator"]
    response = client_for(mediator).get(reverse("opendata:csv"), QUERY | {"threshold": "5"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="donnees-ouvertes-asso-2026-01-01-2026-06-30.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["barrier", "gender", "count"]
    assert rows[-1] == ["*", "*", ""]
    entry = exports().get()
    assert (entry.user, entry.organisation, entry.person) == (mediator, community.organisation, None)
    assert entry.detail.endswith("par barrier, gender, seuil 5 (CSV, page)")


def test_the_xlsx_download_holds_the_table_and_what_it_counts(community, client_for, settings):
    settings.LIEN_OPEN_DATA_THRESHOLD = 1
    response = client_for(community.users["director"]).get(reverse("opendata:xlsx"), QUERY)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Données", "À propos"]
    rows = list(workbook["Données"].iter_rows(values_only=True))
    assert rows[0] == ("barrier", "gender", "count")
    assert ("mobility", "female", 1) in rows and rows[-1] == ("*", "*", 3)
    about = dict(workbook["À propos"].iter_rows(values_only=True))
    assert about["Population"] == "Personnes accompagnées" and about["Seuil"] == "1"
    assert about["Période"] == "du 1 janvier 2026 au 30 juin 2026"
    assert exports().get().detail.endswith("(XLSX, page)")


def test_a_download_with_bad_parameters_shows_the_page_and_exports_nothing(community, client_for):
    client = client_for(community.users["community_mediator"])
    response = client.get(reverse("opendata:csv"), QUERY | {"by2": "barrier"})
    assert response.status_code == 422 and "demandée deux fois" in response.content.decode()
    assert client.get(reverse("opendata:xlsx")).status_code == 302
    assert not exports().exists()


def test_those_without_the_permission_find_nothing(community, client_for):
    for name in ("volunteer", "assistant", "nobody", "patient_partner"):
        client = client_for(community.users[name])
        assert client.get(reverse("opendata:page")).status_code == 404, name
        assert client.get(reverse("opendata:csv"), QUERY).status_code == 404, name
    # The mediator of another association publishes their own, never the association's.
    outsider = client_for(community.users["outsider"])
    assert outsider.get(reverse("opendata:page")).status_code == 200
    assert outsider.get(reverse("opendata:page"), QUERY).status_code == 404
    assert outsider.get(reverse("opendata:csv"), QUERY).status_code == 404
    assert not exports().exists()


def test_a_coordinator_above_publishes_the_aggregated_subtree(community, client_for, settings):
    settings.LIEN_OPEN_DATA_THRESHOLD = 1
    client = client_for(community.users["regional_coordinator"])
    response = client.get(
        reverse("opendata:page"), QUERY | {"organisation": "regional", "by1": "gender", "by2": ""}
    )
    assert response.status_code == 200
    assert dict(response.context["table"].rows) == {("female",): 2, ("male",): 1, ("inconnu",): 1, ("*",): 4}
    choices = [slug for slug, _name in response.context["form"].fields["organisation"].choices]
    assert set(choices) == {"regional", "asso", "antenne"}


def test_a_fund_publishes_its_saisines(fund, client_for, settings):
    settings.LIEN_OPEN_DATA_THRESHOLD = 1
    query = QUERY | {"organisation": "cpam-od", "by1": "channel", "by2": "outcome"}
    response = client_for(fund["director"]).get(reverse("opendata:page"), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Saisines reçues" in html
        and "Courriel" in html
        and "En cours" in html
        and "Décision maintenue" in html
    )
    assert client_for(fund["assistant"]).get(reverse("opendata:page"), query).status_code == 404
