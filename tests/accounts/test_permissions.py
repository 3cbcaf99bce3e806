import pytest

from lien.accounts.enums import Role
from lien.accounts.permissions import ROLE_PERMISSIONS, Perm, has_perm, organisation_ids_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_defines_permissions_for_every_role():
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_it_never_grants_medical_information_to_patient_partners_or_volunteers():
    assert Perm.MEDICAL_VIEW not in ROLE_PERMISSIONS[Role.PATIENT_PARTNER]
    assert Perm.MEDICAL_VIEW not in ROLE_PERMISSIONS[Role.VOLUNTEER]


def test_it_grants_a_role_only_in_its_own_organisation(world):
    mediator = world.users["community_mediator"]
    assert organisation_ids_for(mediator, Perm.PERSON_VIEW) == {world.organisation.pk}
    assert not has_perm(mediator, Perm.PERSON_VIEW, world.other_organisation.pk)


def test_it_lets_a_coordinator_above_read_statistics_but_no_file(world):
    coordinator = world.users["regional_coordinator"]
    assert organisation_ids_for(coordinator, Perm.STATISTICS_VIEW) == {
        world.regional.pk,
        world.organisation.pk,
    }
    assert organisation_ids_for(coordinator, Perm.PERSON_VIEW) == set()
    assert world.other_organisation.pk not in organisation_ids_for(coordinator, Perm.STATISTICS_VIEW)


def test_it_reaches_every_level_below_a_national_coordinator(db):
    national = OrganisationFactory(national=True)
    regional = OrganisationFactory(regional=True, parent=national)
    local = OrganisationFactory(fund=True, parent=regional)
    user = MembershipFactory(organisation=national, role=Role.COORDINATOR).user
    assert organisation_ids_for(user, Perm.STATISTICS_VIEW) == {national.pk, regional.pk, local.pk}


def test_it_grants_nothing_to_a_user_without_role_or_inactive(world):
    assert organisation_ids_for(world.users["nobody"], Perm.STATISTICS_VIEW) == set()
    mediator = world.users["community_mediator"]
    mediator.is_active = False
    assert organisation_ids_for(mediator, Perm.PERSON_VIEW) == set()


def test_it_combines_roles_held_in_several_organisations(world):
    user = UserFactory()
    MembershipFactory(user=user, organisation=world.organisation, role=Role.VOLUNTEER)
    MembershipFactory(user=user, organisation=world.other_organisation, role=Role.DIRECTOR)
    assert organisation_ids_for(user, Perm.PERSON_VIEW) == {
        world.organisation.pk,
        world.other_organisation.pk,
    }
    assert organisation_ids_for(user, Perm.JOURNAL_VIEW) == {world.other_organisation.pk}
