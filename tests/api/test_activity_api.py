import pytest
from django.urls import reverse

from lien.activity.report import programme_report

pytestmark = pytest.mark.django_db

QUERY = {"organisation": "asso", "start": "2026-01-01", "end": "2026-06-30"}


def test_it_returns_the_same_object_as_the_page(world, client_for):
    client = client_for(world.users["coordinator"])
    response = client.get("/api/v1/activity/report", QUERY)
    assert response.status_code == 200
    from datetime import date

    assert response.json() == programme_report(world.organisation, date(2026, 1, 1), date(2026, 6, 30))
    assert reverse("api:activity_report") == "/api/v1/activity/report"


def test_the_regional_coordinator_reads_the_programmes_below(world, client_for):
    client = client_for(world.users["regional_coordinator"])
    assert client.get("/api/v1/activity/report", QUERY | {"organisation": "regional"}).status_code == 200
    assert client.get("/api/v1/activity/report", QUERY).status_code == 200


@pytest.mark.parametrize("who", ["volunteer", "patient_partner", "outsider", "nobody", "admin"])
def test_others_get_404(world, client_for, who):
    assert client_for(world.users[who]).get("/api/v1/activity/report", QUERY).status_code == 404


def test_a_reversed_period_is_refused(world, client_for):
    response = client_for(world.users["community_mediator"]).get(
        "/api/v1/activity/report", QUERY | {"start": "2026-07-01"}
    )
    assert response.status_code == 422
