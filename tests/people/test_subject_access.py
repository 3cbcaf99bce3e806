"""A person's request of access (RGPD art. 15): the mediator downloads everything Lien holds
about them, as JSON and PDF, after confirming their identity; each export is journalled; the
coordinator, another organisation and the patient partner get nothing.

The person is built through every app's services (the same builder as the erasure test), so the
export is proven to reach each kind of record that points to a person."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from lien.journal.models import Action, JournalEntry
from lien.people.subject_access import NOT_GATHERED, person_data, person_data_export, person_models, rows_of
from tests.community import sms_outbox  # noqa: F401 — fixture
from tests.mediation import FULL_CONSENT, consented_person
from tests.people.test_erasure_coverage import _build_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world, settings, tmp_path, sms_outbox):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    person = consented_person(
        world,
        consent=FULL_CONSENT,
        first_name="Zéphyrine",
        last_name="Quintefeuille",
        phone="06 98 76 54 32",
        contact_via="Sa fille",
    )
    _build_everything(world, person)
    return person


def test_the_export_has_a_section_for_every_kind_of_record_about_the_person(person):
    data = person_data(person)
    expected = {
        model._meta.label_lower
        for model in person_models()
        if model._meta.label not in NOT_GATHERED and model._meta.label != "people.Person"
        if rows_of(model, person).exists()
    }
    assert len(expected) >= 25
    assert {section["model"] for section in data["records"]} == expected
    for section in data["records"]:
        model = next(m for m in person_models() if m._meta.label_lower == section["model"])
        assert len(section["rows"]) == rows_of(model, person).count()
    assert data["person"]["rows"][0]["last_name"] == "Quintefeuille"
    assert "search_name" not in data["person"]["fields"]  # a text Lien derives, not the person's
    assert data["accesses"] and {"at", "action"} == set(data["accesses"][0])
    assert all("user" not in access for access in data["accesses"])
    json.dumps(data)  # every value serialisable


def test_the_mediator_downloads_json_and_pdf_and_each_is_journalled(world, person, client_for):
    mediator = world.users["community_mediator"]
    client = client_for(mediator)
    response = client.get(reverse("person_data_export_json", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="donnees-personne-{person.pk}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["person"]["rows"][0]["first_name"] == "Zéphyrine"
    assert {"followup.followup", "appointments.appointment", "prevention.rapidtest"} <= {
        section["model"] for section in data["records"]
    }

    response = client.get(reverse("person_data_export_pdf", args=[person.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Vos données dans Lien" in text and "Quintefeuille" in text
    assert "Consultations et modifications de votre dossier" in text

    exports = JournalEntry.objects.filter(
        person=person, action=Action.EXPORT, user=mediator, detail__startswith="Droit d'accès"
    )
    assert sorted(exports.values_list("detail", flat=True)) == [
        "Droit d'accès de la personne : JSON",
        "Droit d'accès de la personne : PDF",
    ]
    page = client.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert reverse("person_data_export_pdf", args=[person.pk]) in page


def test_the_export_asks_for_the_password_again(world, person, client_for):
    client = client_for(world.users["community_mediator"], confirmed=False)
    response = client.get(reverse("person_data_export_json", args=[person.pk]))
    assert response.status_code == 302 and reverse("reauthenticate") in response["Location"]
    assert not JournalEntry.objects.filter(person=person, detail__startswith="Droit d'accès").exists()


@pytest.mark.parametrize("actor", ["coordinator", "patient_partner", "outsider", "volunteer"])
def test_others_get_nothing_and_nothing_is_journalled(world, person, client_for, actor):
    client = client_for(world.users[actor])
    for name in ("person_data_export_json", "person_data_export_pdf"):
        assert client.get(reverse(name, args=[person.pk])).status_code == 404
    assert not JournalEntry.objects.filter(person=person, detail__startswith="Droit d'accès").exists()
    page = client.get(reverse("person_detail", args=[person.pk]))
    assert reverse("person_data_export_pdf", args=[person.pk]) not in page.content.decode()


def test_the_api_gives_the_same_content_to_the_mediator_only(world, person, client_for):
    path = f"/api/v1/people/{person.pk}/data"
    response = client_for(world.users["community_mediator"]).get(path)
    assert response.status_code == 200
    body = response.json()
    assert [section["model"] for section in body["records"]] == [
        section["model"] for section in person_data(person)["records"]
    ]
    exports = JournalEntry.objects.filter(person=person, detail="Droit d'accès de la personne : API")
    assert exports.count() == 1
    assert client_for(world.users["coordinator"]).get(path).status_code == 404


def test_the_service_itself_refuses_a_role_without_the_permission(world, person):
    """The page and the API check first; the service holds the rule all the same."""
    with pytest.raises(PermissionDenied):
        person_data_export(acting_user=world.users["coordinator"], person=person, kind="JSON")
    assert not JournalEntry.objects.filter(person=person, detail__startswith="Droit d'accès").exists()
