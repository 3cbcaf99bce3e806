import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.models import User
from lien.accounts.permissions import (
    DESCENDANT_PERMISSIONS,
    ROLE_PERMISSIONS,
    Perm,
    has_perm,
    organisation_ids_for,
    require_perm,
)
from lien.reports.access import can_write_report_text
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


# --- One permission per capability -------------------------------------------------------------


def _roles_with(perm: Perm) -> set[Role]:
    return {role for role, perms in ROLE_PERMISSIONS.items() if perm in perms}


def test_it_lets_the_same_roles_write_the_report_text_as_before_its_own_permission():
    # Those who wrote it through saisine.change or equity.decide, and no one else.
    before = _roles_with(Perm.SAISINE_CHANGE) | _roles_with(Perm.EQUITY_DECIDE)
    assert _roles_with(Perm.REPORT_TEXT_CHANGE) == before


def test_it_lets_the_same_roles_keep_the_partnership_file_as_the_directory():
    assert _roles_with(Perm.PARTNERSHIP_CHANGE) == _roles_with(Perm.DIRECTORY_CHANGE)


def test_it_gives_the_administration_of_members_and_of_the_tree_to_the_admin_role_only():
    for perm in (Perm.MEMBERS_CHANGE, Perm.ORGANISATIONS_CHANGE):
        assert _roles_with(perm) == {Role.ADMIN}
        assert perm in DESCENDANT_PERMISSIONS[Role.ADMIN]


def test_it_writes_the_report_text_without_deciding_equity(world, monkeypatch):
    """A director who no longer decides equity still writes the report text (and the reverse)."""
    world.organisation.kind = OrganisationKind.FUND  # equity is decided in a fund only
    world.organisation.save(update_fields=["kind"])
    director = world.users["director"]
    table = dict(ROLE_PERMISSIONS)
    table[Role.DIRECTOR] = ROLE_PERMISSIONS[Role.DIRECTOR] - {Perm.EQUITY_DECIDE}
    monkeypatch.setattr("lien.accounts.permissions.ROLE_PERMISSIONS", table)
    assert can_write_report_text(director, world.organisation)
    table[Role.DIRECTOR] = ROLE_PERMISSIONS[Role.DIRECTOR] - {Perm.REPORT_TEXT_CHANGE}
    director = User.objects.get(pk=director.pk)  # a fresh cache of permissions
    assert not can_write_report_text(director, world.organisation)
    assert has_perm(director, Perm.EQUITY_DECIDE, world.organisation.pk)


# --- require_perm ------------------------------------------------------------------------------


def test_it_requires_a_permission_in_an_organisation_or_anywhere(world):
    director = world.users["director"]
    require_perm(director, Perm.JOURNAL_VIEW)
    require_perm(director, Perm.JOURNAL_VIEW, world.organisation.pk)
    with pytest.raises(PermissionDenied, match="Votre rôle ne permet pas cette action"):
        require_perm(director, Perm.JOURNAL_VIEW, world.other_organisation.pk)
    with pytest.raises(PermissionDenied, match="Pas ici"):
        require_perm(director, Perm.PERSON_CHANGE, message="Pas ici")


def test_it_answers_not_found_where_a_refusal_would_tell_too_much(world):
    with pytest.raises(Http404):
        require_perm(world.users["outsider"], Perm.JOURNAL_VIEW, not_found=True)
    with pytest.raises(Http404):
        require_perm(AnonymousUser(), Perm.PERSON_VIEW, not_found=True)


@pytest.mark.parametrize("role", [Role.ASSISTANT, Role.DIRECTOR, Role.DEPUTY, Role.INSTITUTIONAL_MEDIATOR])
@pytest.mark.parametrize("kind", [OrganisationKind.ASSOCIATION, OrganisationKind.HEALTH_CENTRE])
def test_institutional_mediation_exists_only_in_a_fund(role, kind, client):
    """Roles that hold: an assistant (or a director) of an association reads and writes no
    saisine, on the page or in the API, whatever their role's name."""
    organisation = OrganisationFactory(kind=kind)
    user = MembershipFactory(organisation=organisation, role=role).user
    for perm in (Perm.SAISINE_VIEW, Perm.SAISINE_CHANGE, Perm.EQUITY_PROPOSE, Perm.EQUITY_DECIDE):
        assert not has_perm(user, perm, organisation.pk)
    client.force_login(user)
    created = client.post(
        "/api/v1/saisines",
        {
            "organisation": organisation.slug,
            "received_on": "2026-01-05",
            "channel": "letter",
            "author_type": "insured",
            "origin": "direct",
            "perimeter": "after_claim",
            "process": "other",
        },
        content_type="application/json",
    )
    assert created.status_code in {403, 404}
    assert client.get("/saisines/").status_code in {403, 404}


def test_a_fund_keeps_its_institutional_roles(client):
    fund = OrganisationFactory(fund=True)
    assistant = MembershipFactory(organisation=fund, role=Role.ASSISTANT).user
    assert has_perm(assistant, Perm.SAISINE_CHANGE, fund.pk)
    assert not has_perm(assistant, Perm.EQUITY_PROPOSE, fund.pk)
