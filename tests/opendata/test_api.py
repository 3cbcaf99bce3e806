"""GET /api/v1/open-data: the object of `lien open-data --format json`, French 422s, 404 for an
organisation the user may not publish, each call journalled."""

import pytest

from lien.journal.models import Action, JournalEntry

pytestmark = pytest.mark.django_db

URL = "/api/v1/open-data"
QUERY = {"organisation": "asso", "start": "2026-01-01", "end": "2026-06-30", "by": "barrier,gender"}


def test_it_answers_the_table_as_the_command_does(community, client_for):
    mediator = community.users["community_mediator"]
    response = client_for(mediator).get(URL, QUERY)
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in body if key != "rows"} == {
        "organisation": "asso",
        "population": "people",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "threshold": 5,
        "dimensions": ["barrier", "gender"],
    }
    assert body["rows"][0] == {"barrier": "mobility", "gender": "female", "count": None}
    assert {"barrier": "mobility", "gender": "inconnu", "count": 0} in body["rows"]
    assert len(body["rows"]) == 16
    entry = JournalEntry.objects.get(action=Action.EXPORT)
    assert (entry.user, entry.organisation) == (mediator, community.organisation)
    assert entry.detail.endswith("seuil 5 (JSON, API)")


def test_a_fund_answers_its_saisines(fund, client_for, settings):
    settings.LIEN_OPEN_DATA_THRESHOLD = 1
    query = QUERY | {"organisation": "cpam-od", "by": "process,outcome"}
    body = client_for(fund["mediator"]).get(URL, query).json()
    assert body["population"] == "saisines" and body["threshold"] == 1
    assert {"process": "cash_benefits", "outcome": "decision_upheld", "count": 1} in body["rows"]
    assert body["rows"][-1] == {"process": "*", "outcome": "*", "count": 3}


def test_a_coordinator_above_reads_the_aggregated_subtree(community, client_for, settings):
    settings.LIEN_OPEN_DATA_THRESHOLD = 1
    body = (
        client_for(community.users["regional_coordinator"])
        .get(URL, QUERY | {"organisation": "regional", "by": "gender"})
        .json()
    )
    assert body["rows"] == [
        {"gender": "female", "count": 2},
        {"gender": "male", "count": 1},
        {"gender": "inconnu", "count": 1},
        {"gender": "*", "count": 4},
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"threshold": "2"}, "Le seuil ne peut être inférieur à 5, celui de cette instance."),
        ({"threshold": "0"}, "threshold : valeur trop petite"),
        ({"by": "colour"}, "Dimension inconnue : « colour »"),
        ({"by": "gender,"}, "Dimension vide"),
        ({"by": ""}, "Choisissez au moins une dimension."),
        ({"by": "gender,gender"}, "La dimension « gender » est demandée deux fois."),
        ({"by": "channel"}, "La dimension « channel » ne concerne que les saisines."),
        ({"end": "2025-12-31"}, "La fin de la période précède son début."),
        ({"start": "2026-1-1"}, "date attendue au format AAAA-MM-JJ"),
        ({"start": "2026-02-30"}, "start"),
    ],
)
def test_bad_input_is_a_french_422(community, client_for, change, message):
    response = client_for(community.users["community_mediator"]).get(URL, QUERY | change)
    assert response.status_code == 422, response.content
    assert message in response.json()["detail"]
    assert not JournalEntry.objects.filter(action=Action.EXPORT).exists()


def test_an_organisation_the_user_may_not_publish_is_not_found(community, fund, client_for):
    for user, organisation in [
        (community.users["volunteer"], "asso"),
        (community.users["outsider"], "asso"),
        (community.users["community_mediator"], "cpam-od"),
        (community.users["community_mediator"], "nowhere"),
        (fund["assistant"], "cpam-od"),
    ]:
        response = client_for(user).get(URL, QUERY | {"organisation": organisation, "by": "gender"})
        assert response.status_code == 404, (user, organisation)
        assert response.json() == {"detail": "Introuvable."}
    assert not JournalEntry.objects.filter(action=Action.EXPORT).exists()
