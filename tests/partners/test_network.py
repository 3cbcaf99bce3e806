"""A network's patient partners accompany the patients of an establishment that signed a
convention with them (seed 003: the convention is « with an establishment or a network »): the
mediators of the association find them among the suggestions, the patient chooses one, and the
partner — a member of the network only — reads that patient in their space; no convention with
the association, or a convention ended, and they cannot be proposed nor chosen."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.partners import services
from lien.partners.models import PatientPartner
from lien.partners.rules import partner_proposable
from lien.partners.suggestions import suggest_partners
from lien.workflow.engine import ActionRefused
from tests.factories import DRAWN_SIGNATURE, OrganisationFactory, UserFactory
from tests.partners.conftest import add_training, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db):
    return OrganisationFactory(slug="reseau-pp", name="Réseau des patients partenaires")


@pytest.fixture
def network_coordinator(network):
    user = UserFactory(email="coordination@reseau-pp.example")
    membership_add(user=user, organisation=network, role=Role.COORDINATOR)
    return user


@pytest.fixture
def network_partner_user(network):
    user = UserFactory(email="karim@reseau-pp.example")
    membership_add(user=user, organisation=network, role=Role.PATIENT_PARTNER)
    return user


def _convention(coordinator, partner, establishment, today, *, ends_in=None):
    return services.convention_add(
        acting_user=coordinator,
        partner=partner,
        party=establishment.name,
        establishment=establishment,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=ends_in) if ends_in is not None else None,
        framework="volunteer",
        file=pdf("convention.pdf"),
    )


@pytest.fixture
def karim(world, network, network_coordinator, network_partner_user, today):
    """A partner of the network, trained, with a convention signed with the world's association."""
    partner = services.partner_create(
        acting_user=network_coordinator,
        organisation=network,
        first_name="Karim",
        last_name="Haddad",
        user=network_partner_user,
        pathologies=["hiv"],
        languages=["ar"],
    )
    add_training(network_coordinator, partner, validated=True)
    _convention(network_coordinator, partner, world.organisation, today)
    return partner


@pytest.fixture
def unconventioned(network, network_coordinator, today):
    """Trained, a convention with the network itself only: not for the association's patients."""
    partner = services.partner_create(acting_user=network_coordinator, organisation=network, first_name="Léa")
    add_training(network_coordinator, partner, validated=True)
    services.convention_add(
        acting_user=network_coordinator,
        partner=partner,
        party="Réseau",
        starts_on=today - timedelta(days=60),
        framework="volunteer",
        file=pdf("convention.pdf"),
    )
    return partner


def test_the_association_finds_the_network_partner_with_a_convention_only(
    world, patient, karim, unconventioned, today
):
    suggested = suggest_partners(patient, today)
    assert karim in suggested and unconventioned not in suggested
    assert partner_proposable(unconventioned, today, world.organisation.pk).reasons == (
        "Aucune convention avec votre structure",
    )
    # The same rule in SQL and in Python, for the association and for the network itself.
    for partner in (karim, unconventioned):
        for organisation_id in (world.organisation.pk, partner.organisation_id):
            in_sql = PatientPartner.objects.proposable(today, organisation_id).filter(pk=partner.pk).exists()
            assert in_sql is bool(partner_proposable(partner, today, organisation_id))


def test_the_pathology_named_by_the_proposer_ranks_the_suggestions(world, patient, karim, companion, today):
    """Nadia (diabetes, arabic) and Karim (HIV, arabic): the pathology decides the first."""
    assert suggest_partners(patient, today, "hiv")[0] == karim
    assert suggest_partners(patient, today, "diabetes")[0] == companion


def test_the_propose_page_ranks_by_pathology_and_stores_none(
    world, client_for, mediator, patient, karim, companion
):
    client = client_for(mediator)
    url = reverse("partners:accompaniment_propose", args=[patient.pk])
    page = client.get(url, {"pathologie": "hiv"}).content.decode()
    assert page.index("Karim Haddad") < page.index("Nadia Benali")
    assert "VIH" in page and "Pathologie vécue recherchée" in page
    page = client.get(url, {"pathologie": "diabetes"}).content.decode()
    assert page.index("Nadia Benali") < page.index("Karim Haddad")
    response = client.post(url + "?pathologie=hiv", {"suggested": [karim.pk]})
    assert response.status_code == 302


def test_the_network_partner_accompanies_the_associations_patient(
    world, client_for, mediator, patient, karim, unconventioned, network_partner_user, today
):
    with pytest.raises(ValidationError, match="réseau conventionné"):
        services.accompaniment_propose(acting_user=mediator, person=patient, suggested=[unconventioned])
    accompaniment = services.accompaniment_propose(acting_user=mediator, person=patient, suggested=[karim])
    services.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment,
        method="drawn",
        consented_on=today,
        signed_name="Odile Quintal",
        signature=DRAWN_SIGNATURE,
    )
    with pytest.raises(ValidationError, match="réseau conventionné"):
        services.accompaniment_choose_partner(
            acting_user=mediator, accompaniment=accompaniment, partner=unconventioned, contacted_on=today
        )
    services.accompaniment_choose_partner(
        acting_user=mediator, accompaniment=accompaniment, partner=karim, contacted_on=today
    )
    client = client_for(network_partner_user)
    page = client.get(reverse("partners:my_accompaniment", args=[accompaniment.pk]))
    assert page.status_code == 200 and "Odile" in page.content.decode()
    assert "Quintal" not in page.content.decode()
    assert [row["first_name"] for row in client.get("/api/v1/partners/accompaniments").json()] == ["Odile"]
    response = client.post(
        f"/api/v1/partners/accompaniments/{accompaniment.pk}/meetings",
        {"met_on": today.isoformat(), "duration_minutes": 30, "mode": "phone", "themes": ["morale"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    # The person's file stays the association's: the partner does not reach it.
    assert client.get(reverse("person_detail", args=[patient.pk])).status_code == 404


def test_a_convention_ended_blocks_the_choice(world, mediator, patient, network_coordinator, today):
    partner = services.partner_create(
        acting_user=network_coordinator, organisation=karim_network(network_coordinator), first_name="Zoé"
    )
    add_training(network_coordinator, partner, validated=True)
    _convention(network_coordinator, partner, world.organisation, today, ends_in=-1)
    assert partner not in suggest_partners(patient, today)
    accompaniment = services.accompaniment_propose(acting_user=mediator, person=patient)
    services.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment,
        method="drawn",
        consented_on=today,
        signed_name="Odile Quintal",
        signature=DRAWN_SIGNATURE,
    )
    with pytest.raises(ActionRefused, match="Convention expirée"):
        services.accompaniment_choose_partner(
            acting_user=mediator, accompaniment=accompaniment, partner=partner, contacted_on=today
        )


def karim_network(user):
    return user.memberships.get().organisation


def test_a_convention_names_a_mediation_structure_other_than_the_partners_own(
    world, network, network_coordinator, today
):
    partner = services.partner_create(acting_user=network_coordinator, organisation=network, first_name="Ana")
    with pytest.raises(ValidationError, match="autre que la vôtre"):
        _convention(network_coordinator, partner, network, today)
    fund = OrganisationFactory(slug="cpam-test", fund=True)
    with pytest.raises(ValidationError, match="autre que la vôtre"):
        _convention(network_coordinator, partner, fund, today)
