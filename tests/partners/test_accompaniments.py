"""The accompaniment of a patient by a patient partner: proposal, signed consent, choice,
withdrawal; and what the patient partner sees (their first name and how to reach them, nothing
else of the file)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lien.partners import services
from lien.partners.enums import AccompanimentStatus
from lien.partners.models import PartnerAccompaniment
from lien.partners.suggestions import suggest_partners
from lien.people.services import consent_withdraw
from lien.workflow.engine import ActionRefused
from tests.factories import DRAWN_SIGNATURE
from tests.partners.conftest import add_convention, add_training, pdf, proposable

pytestmark = pytest.mark.django_db

# Seeded in the person's file, never on a partner's page or in their API answer.
SECRETS = ("Quintal", "1937", "AME", "Aide médicale", "Jardinier-secret", "zqxnotes", "zqxwords")


def consented(mediator, patient, today):
    accompaniment = services.accompaniment_propose(acting_user=mediator, person=patient)
    return services.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment,
        method="drawn",
        consented_on=today,
        signed_name="Odile Quintal",
        signature=DRAWN_SIGNATURE,
    )


def chosen(mediator, patient, partner, today):
    return services.accompaniment_choose_partner(
        acting_user=mediator,
        accompaniment=consented(mediator, patient, today),
        partner=partner,
        contacted_on=today,
    )


def partner_pages(client, accompaniment):
    return [
        client.get(reverse("partners:my_accompaniments")),
        client.get(reverse("partners:my_accompaniment", args=[accompaniment.pk])),
        client.get("/api/v1/partners/accompaniments"),
    ]


# -- proposal -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["community_mediator", "coordinator", "referring_doctor"])
def test_it_lets_a_mediator_the_coordination_or_a_doctor_propose(world, patient, companion, role):
    accompaniment = services.accompaniment_propose(
        acting_user=world.users[role], person=patient, suggested=[companion]
    )
    assert accompaniment.status == AccompanimentStatus.PROPOSED
    assert list(accompaniment.suggested.all()) == [companion]


@pytest.mark.parametrize("role", ["volunteer", "patient_partner", "assistant", "outsider"])
def test_it_refuses_a_proposal_by_a_volunteer_and_others(world, patient, role):
    with pytest.raises(PermissionDenied):
        services.accompaniment_propose(acting_user=world.users[role], person=patient)
    assert not PartnerAccompaniment.objects.exists()


def test_it_refuses_to_suggest_a_partner_who_is_not_proposable(mediator, patient, partner):
    with pytest.raises(ActionRefused, match="Aucune formation validée"):
        services.accompaniment_propose(acting_user=mediator, person=patient, suggested=[partner])


def test_it_ranks_suggestions_by_language_and_departement(world, coordinator, patient, companion, today):
    plain = proposable(
        coordinator,
        services.partner_create(acting_user=coordinator, organisation=world.organisation, first_name="Aline"),
        today,
    )
    assert suggest_partners(patient, today) == [companion, plain]  # Nadia speaks Arabic


# -- consent and choice -------------------------------------------------------------------------


def test_it_records_a_scanned_consent_with_the_information_version(mediator, patient, today):
    accompaniment = services.accompaniment_propose(acting_user=mediator, person=patient)
    services.accompaniment_record_consent(
        acting_user=mediator, accompaniment=accompaniment, method="scan", consented_on=today, scan=pdf()
    )
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentStatus.CONSENTED
    assert accompaniment.consent_scan and accompaniment.consent_information_version == "pp-2026-01"


def test_it_refuses_a_consent_without_the_signature(mediator, patient, today):
    accompaniment = services.accompaniment_propose(acting_user=mediator, person=patient)
    with pytest.raises(ValidationError, match="nom complet") as refused:
        services.accompaniment_record_consent(
            acting_user=mediator, accompaniment=accompaniment, method="drawn", consented_on=today
        )
    assert "signe dans le cadre" in str(refused.value.message_dict["signature"])
    with pytest.raises(ValidationError, match="trop courte"):
        services.accompaniment_record_consent(
            acting_user=mediator,
            accompaniment=accompaniment,
            method="drawn",
            consented_on=today,
            signed_name="Odile Quintal",
            signature="[[[10, 10], [12, 12]]]",
        )
    with pytest.raises(ValidationError, match="PDF"):
        services.accompaniment_record_consent(
            acting_user=mediator,
            accompaniment=accompaniment,
            method="scan",
            consented_on=today,
            scan=pdf("consentement.html"),
        )


def test_it_refuses_to_choose_before_the_consent(mediator, patient, companion, today):
    accompaniment = services.accompaniment_propose(acting_user=mediator, person=patient)
    with pytest.raises(ActionRefused):
        services.accompaniment_choose_partner(
            acting_user=mediator, accompaniment=accompaniment, partner=companion, contacted_on=today
        )


def test_an_expired_convention_blocks_the_choice_with_its_reason(
    world, coordinator, mediator, patient, partner, today
):
    add_training(coordinator, partner, validated=True)
    add_convention(
        coordinator, partner, starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=1)
    )
    with pytest.raises(ActionRefused, match="Convention expirée le"):
        chosen(mediator, patient, partner, today)


def test_an_unvalidated_training_blocks_the_choice_with_its_reason(
    coordinator, mediator, patient, partner, today
):
    add_training(coordinator, partner)
    add_convention(coordinator, partner, starts_on=today - timedelta(days=30))
    with pytest.raises(ActionRefused, match="Aucune formation validée"):
        chosen(mediator, patient, partner, today)
    assert PartnerAccompaniment.objects.get().status == AccompanimentStatus.CONSENTED


def test_the_mediator_pages_propose_consent_choose_and_withdraw(
    world, client_for, mediator, patient, companion, today
):
    client = client_for(mediator)
    person_page = client.get(reverse("person_detail", args=[patient.pk]))
    assert "Proposer un·e patient·e partenaire" in person_page.content.decode()
    response = client.post(
        reverse("partners:accompaniment_propose", args=[patient.pk]), {"suggested": [companion.pk]}
    )
    accompaniment = PartnerAccompaniment.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("partners:accompaniment_detail", args=[accompaniment.pk]))
    assert "Signature dessinée à l&#x27;écran" in page.content.decode()
    assert "data-signature-target" in page.content.decode()
    day = today.isoformat()
    refused = client.post(
        reverse("partners:accompaniment_consent", args=[accompaniment.pk]),
        {"method": "drawn", "consented_on": day, "scope": "Mise en relation", "signed_name": "O. Q."},
    )
    assert refused.status_code == 422
    assert "signe dans le cadre" in refused.content.decode()
    response = client.post(
        reverse("partners:accompaniment_consent", args=[accompaniment.pk]),
        {
            "method": "drawn",
            "consented_on": day,
            "scope": "Mise en relation",
            "information_version": "pp-2026-01",
            "signed_name": "Odile Quintal",
            "signature": DRAWN_SIGNATURE,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("partners:accompaniment_detail", args=[accompaniment.pk])).content.decode()
    assert 'd="M40 150L90 60L140 150L190 70"' in page and "Signature dessinée à l&#x27;écran" in page
    response = client.post(
        reverse("partners:accompaniment_choose", args=[accompaniment.pk]),
        {"partner": companion.pk, "contacted_on": day},
    )
    assert response.status_code == 302
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentStatus.CONTACTED and accompaniment.partner == companion
    client.post(reverse("partners:accompaniment_withdraw", args=[accompaniment.pk]))
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentStatus.ENDED and accompaniment.end_reason == "withdrawn"


# -- what the patient partner sees ----------------------------------------------------------------


def test_no_access_before_the_consent_and_the_choice(world, client_for, mediator, patient, companion, today):
    client = client_for(world.users["patient_partner"])
    proposed = services.accompaniment_propose(acting_user=mediator, person=patient)
    assert client.get(reverse("partners:my_accompaniment", args=[proposed.pk])).status_code == 404
    services.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=proposed,
        method="drawn",
        consented_on=today,
        signed_name="O. Q.",
        signature=DRAWN_SIGNATURE,
    )
    # consented, but the patient has not chosen this partner yet
    assert client.get(reverse("partners:my_accompaniment", args=[proposed.pk])).status_code == 404
    assert client.get("/api/v1/partners/accompaniments").json() == []


def test_access_at_consent_and_choice_ends_at_withdrawal(
    world, client_for, mediator, patient, companion, today
):
    client = client_for(world.users["patient_partner"])
    accompaniment = chosen(mediator, patient, companion, today)
    path = reverse("partners:my_accompaniment", args=[accompaniment.pk])
    response = client.get(path)
    assert response.status_code == 200
    assert "Odile" in response.content.decode() and "06 11 22 33 44" in response.content.decode()
    assert client.get("/api/v1/partners/accompaniments").json() == [
        {
            "id": accompaniment.pk,
            "first_name": "Odile",
            "phone": "06 11 22 33 44",
            "email": "odile@example.org",
            "proposed_on": today.isoformat(),
            "consented_on": today.isoformat(),
            "contacted_on": today.isoformat(),
        }
    ]
    services.accompaniment_withdraw(acting_user=mediator, accompaniment=accompaniment)
    assert client.get(path).status_code == 404
    assert client.get("/api/v1/partners/accompaniments").json() == []
    assert "Odile" not in client.get(reverse("partners:my_accompaniments")).content.decode()


def test_access_ends_when_the_person_withdraws_their_consent(
    world, client_for, mediator, patient, companion, today
):
    client = client_for(world.users["patient_partner"])
    accompaniment = chosen(mediator, patient, companion, today)
    consent_withdraw(acting_user=mediator, person=patient)
    assert client.get(reverse("partners:my_accompaniment", args=[accompaniment.pk])).status_code == 404
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentStatus.ENDED and accompaniment.signed_name == ""


def test_a_partner_never_sees_another_partners_patient(
    world, client_for, mediator, patient, companion, other_partner, today
):
    accompaniment = chosen(mediator, patient, other_partner, today)
    client = client_for(world.users["patient_partner"])
    assert client.get(reverse("partners:my_accompaniment", args=[accompaniment.pk])).status_code == 404
    assert client.get("/api/v1/partners/accompaniments").json() == []
    assert list(PartnerAccompaniment.objects.visible_to_partner(world.users["patient_partner"])) == []
    assert list(PartnerAccompaniment.objects.visible_to_partner(other_partner.user)) == [accompaniment]


@pytest.mark.parametrize("role", ["community_mediator", "coordinator", "volunteer", "outsider"])
def test_the_partner_space_is_the_patient_partners_only(
    world, client_for, mediator, patient, companion, today, role
):
    accompaniment = chosen(mediator, patient, companion, today)
    client = client_for(world.users[role])
    assert client.get(reverse("partners:my_accompaniments")).status_code == 404
    assert client.get(reverse("partners:my_accompaniment", args=[accompaniment.pk])).status_code == 404


def test_the_partner_pages_show_nothing_else_of_the_file(
    world, client_for, mediator, patient, companion, today
):
    accompaniment = chosen(mediator, patient, companion, today)
    client = client_for(world.users["patient_partner"])
    for response in partner_pages(client, accompaniment):
        assert response.status_code == 200
        text = response.content.decode()
        assert "Odile" in text
        leaked = [secret for secret in SECRETS if secret in text]
        assert leaked == [], response.request["PATH_INFO"]
