"""The pages: the list and its filters, a partner's page with the rule's verdict, the forms, the
validation and the downloads (access-checked, not cached, journalled)."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lien.journal.models import JournalEntry
from lien.partners import services
from lien.partners.models import PatientPartner, Training
from tests.partners.conftest import add_convention, add_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(partner, coordinator):
    add_training(coordinator, partner, validated=True)
    add_convention(coordinator, partner, starts_on=timezone.localdate() - timedelta(days=30))
    return partner


@pytest.fixture
def waiting(world, coordinator):
    return services.partner_create(
        acting_user=coordinator, organisation=world.organisation, first_name="Paul", pathologies=["hiv"]
    )


def test_the_list_filters_by_pathology_departement_and_rule(world, ready, waiting, client_for):
    client = client_for(world.users["community_mediator"])
    page = client.get(reverse("partners:list")).content.decode()
    assert "Nadia Benali" in page and "Paul" in page and "Aucune formation validée" in page
    assert "2 patient·es partenaires" in page
    only = client.get(reverse("partners:list"), {"pathologie": "hiv"}).content.decode()
    assert "Paul" in only and "Nadia" not in only
    assert "Paul" not in client.get(reverse("partners:list"), {"departement": "11"}).content.decode()
    proposable = client.get(reverse("partners:list"), {"proposable": "oui"}).content.decode()
    assert "Nadia" in proposable and "Paul" not in proposable
    assert "Nadia" not in client.get(reverse("partners:list"), {"proposable": "non"}).content.decode()


def test_the_menu_shows_the_registry_to_those_who_read_it(world, client_for):
    assert "Patients partenaires" in client_for(world.users["director"]).get("/").content.decode()
    assert "Patients partenaires" not in client_for(world.users["volunteer"]).get("/").content.decode()


def test_the_detail_says_why_not_and_offers_validation_to_the_coordinator(
    world, partner, coordinator, client_for
):
    training = add_training(coordinator, partner)
    add_convention(coordinator, partner, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    page = client_for(coordinator).get(reverse("partners:detail", args=[partner.pk])).content.decode()
    assert "Aucune formation validée" in page and "Convention expirée le 31 décembre 2024" in page
    validate = reverse("partners:training_validate", args=[partner.pk, training.pk])
    assert validate in page
    mediator_page = client_for(world.users["community_mediator"]).get(
        reverse("partners:detail", args=[partner.pk])
    )
    assert validate not in mediator_page.content.decode()
    assert JournalEntry.objects.filter(object_type="partners.patientpartner", action="view").count() == 2


def test_the_coordinator_validates_after_a_confirmation(partner, coordinator, client_for):
    training = add_training(coordinator, partner)
    client = client_for(coordinator)
    url = reverse("partners:training_validate", args=[partner.pk, training.pk])
    assert "Valider la formation" in client.get(url).content.decode()
    assert not Training.objects.get().is_validated
    response = client.post(url)
    assert response.status_code == 302 and Training.objects.get().validated_by == coordinator
    assert client.post(url, follow=True).content.decode().count("déjà validée") == 1


def test_create_with_bad_input_shows_french_errors_and_writes_nothing(
    world, coordinator, departements, client_for
):
    response = client_for(coordinator).post(
        reverse("partners:create"),
        {"first_name": "", "email": "pas-un-mail", "departements": "11, Aude", "pathologies": ["flu"]},
    )
    page = response.content.decode()
    errors = re.findall(r'class="error"[^>]*>([^<]*)<', page)
    assert response.status_code == 422
    assert errors == [
        "Ce champ est obligatoire.",
        "Saisissez une adresse de courriel valide.",
        "Sélectionnez un choix valide. flu n’en fait pas partie.",
        "Ce n&#x27;est pas un code de département : AUDE.",
    ]
    assert not PatientPartner.objects.exists() and not JournalEntry.objects.exists()


def test_create_with_an_unknown_departement_says_so(world, coordinator, departements, client_for):
    response = client_for(coordinator).post(
        reverse("partners:create"), {"first_name": "Paul", "departements": "99"}
    )
    assert response.status_code == 422 and "Département inconnu : 99." in response.content.decode()
    assert not PatientPartner.objects.exists()


def test_create_and_edit(world, coordinator, departements, client_for):
    client = client_for(coordinator)
    response = client.post(
        reverse("partners:create"),
        {
            "first_name": "Paul",
            "last_name": "M.",
            "pathologies": ["hiv", "addictions"],
            "languages": ["fr", "es"],
            "departements": "31 11",
            "active": "on",
        },
    )
    partner = PatientPartner.objects.get()
    assert response["Location"] == reverse("partners:detail", args=[partner.pk])
    assert sorted(row.code for row in partner.departements.all()) == ["11", "31"]
    response = client.post(
        reverse("partners:edit", args=[partner.pk]),
        {"first_name": "Paul", "pathologies": ["hiv"], "departements": "31", "availability": "Le jeudi"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert not partner.active and partner.availability == "Le jeudi"
    assert [row.code for row in partner.pathologies.all()] == ["hiv"]


def test_an_upload_refused_on_the_page_says_why(partner, coordinator, client_for, media):
    response = client_for(coordinator).post(
        reverse("partners:training_add", args=[partner.pk]),
        {
            "kind": "university",
            "body": "DU",
            "completed_on": "2025-06-30",
            "certificate": SimpleUploadedFile("x.svg", b"<svg/>", content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 422 and "Déposez un fichier PDF, PNG ou JPEG." in response.content.decode()
    assert not Training.objects.exists() and not any(media.rglob("*.*"))


def test_a_convention_is_added_with_its_file_and_downloaded_without_cache(
    world, partner, coordinator, client_for
):
    client = client_for(coordinator)
    response = client.post(
        reverse("partners:convention_add", args=[partner.pk]),
        {
            "party": "CHU de Toulouse",
            "framework": "paid",
            "starts_on": "2026-01-01",
            "file": SimpleUploadedFile("convention signée.pdf", b"%PDF-1.4 x"),
        },
    )
    assert response.status_code == 302
    convention = partner.conventions.get()
    download = client_for(world.users["director"]).get(
        reverse("partners:convention_file", args=[partner.pk, convention.pk])
    )
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
    assert f'filename="convention-{convention.pk}.pdf"' in download["Content-Disposition"]
    assert JournalEntry.objects.filter(object_type="partners.convention", action="export").count() == 1
    outsider = client_for(world.users["outsider"])
    assert (
        outsider.get(reverse("partners:convention_file", args=[partner.pk, convention.pk])).status_code == 404
    )
