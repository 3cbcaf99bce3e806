"""The accompaniment through the API, on the mediator's side: the same services and rules as the
pages — suggestions ranked, the proposal, a consent signed on screen (strokes checked), the
patient's choice, the withdrawal that ends the partner's access at once."""

import json

import pytest

from lien.partners.models import PartnerAccompaniment
from tests.factories import DRAWN_SIGNATURE

pytestmark = pytest.mark.django_db

API = "/api/v1/partners"


def post(client, path, body):
    return client.post(f"{API}{path}", json.dumps(body), content_type="application/json")


def test_the_whole_accompaniment_through_the_api(world, client_for, mediator, patient, companion, today):
    client = client_for(mediator)
    suggestions = client.get(f"{API}/people/{patient.pk}/suggestions", {"pathology": "diabetes"})
    assert suggestions.status_code == 200
    assert [row["id"] for row in suggestions.json()] == [companion.pk]
    assert suggestions.json()[0]["pathologies"] == ["diabetes"]

    proposed = post(client, f"/people/{patient.pk}/accompaniments", {"suggested": [companion.pk]})
    assert proposed.status_code == 201, proposed.content
    accompaniment = proposed.json()
    assert accompaniment["status"] == "proposed" and accompaniment["suggested"] == [companion.pk]
    path = f"/accompaniments/{accompaniment['id']}"

    # Bad strokes: a French sentence, nothing recorded.
    refused = post(
        client,
        f"{path}/consent",
        {
            "consented_on": today.isoformat(),
            "signed_name": "Odile Quintal",
            "signature": [[[10, 10], [11, 11]]],
        },
    )
    assert refused.status_code == 422 and "trop courte" in refused.json()["detail"]
    outside = post(
        client,
        f"{path}/consent",
        {
            "consented_on": today.isoformat(),
            "signed_name": "Odile Quintal",
            "signature": [[[10, 10], [900, 11]]],
        },
    )
    assert outside.status_code == 422 and "déborde" in outside.json()["detail"]
    assert PartnerAccompaniment.objects.get().status == "proposed"

    consented = post(
        client,
        f"{path}/consent",
        {
            "consented_on": today.isoformat(),
            "signed_name": "Odile Quintal",
            "signature": json.loads(DRAWN_SIGNATURE),
        },
    )
    assert consented.status_code == 200, consented.content
    assert consented.json()["consent_method"] == "drawn"
    assert PartnerAccompaniment.objects.get().signature_strokes[0][0] == [40, 150]

    unknown = post(client, f"{path}/choice", {"partner_id": 999_999, "contacted_on": today.isoformat()})
    assert unknown.status_code == 422
    chosen = post(client, f"{path}/choice", {"partner_id": companion.pk, "contacted_on": today.isoformat()})
    assert chosen.status_code == 200 and chosen.json()["status"] == "contacted"

    partner = client_for(world.users["patient_partner"])
    assert [row["first_name"] for row in partner.get(f"{API}/accompaniments").json()] == ["Odile"]
    # The partner never reads the mediator's side of it.
    assert partner.get(f"{API}{path}").status_code == 404

    withdrawn = post(client, f"{path}/withdraw", {})
    assert withdrawn.status_code == 200 and withdrawn.json()["end_reason"] == "withdrawn"
    assert partner.get(f"{API}/accompaniments").json() == []
    again = post(client, f"{path}/withdraw", {})
    assert again.status_code == 409


@pytest.mark.parametrize("role", ["patient_partner", "outsider", "director", "nobody"])
def test_no_one_else_proposes_nor_reads(world, client_for, mediator, patient, companion, role):
    client = client_for(world.users[role])
    assert client.get(f"{API}/people/{patient.pk}/suggestions").status_code == 404
    assert post(client, f"/people/{patient.pk}/accompaniments", {"suggested": []}).status_code == 404
    accompaniment = post(client_for(mediator), f"/people/{patient.pk}/accompaniments", {}).json()
    assert client.get(f"{API}/accompaniments/{accompaniment['id']}").status_code == 404
    assert post(client, f"/accompaniments/{accompaniment['id']}/withdraw", {}).status_code == 404
    assert not PartnerAccompaniment.objects.exclude(status="proposed").exists()
