"""The administration site, as the ``admin`` persona (an administrator of "asso"): users,
organisations and reference lists through the same services, permissions and journal as the
pages — no back door."""

import re

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse

from lien.accounts.enums import Role
from lien.accounts.models import ApiToken, Membership, Organisation, User
from lien.accounts.services import api_token_create
from lien.journal.models import Action, JournalEntry
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

# Everything the administration site may show; anything else registered makes this fail.
ADMINISTERED = {"accounts.organisation", "accounts.user", "accounts.apitoken", "communes.commune"}


@pytest.fixture
def admin_user(world) -> User:
    return world.users["admin"]


@pytest.fixture
def client(admin_user, client_for):
    return client_for(admin_user)


def _user_form(user: User, memberships: list[Membership], **changes) -> dict:
    """The POST of the user change page, with its inline of memberships (and the fields the page
    had before it made them read-only, so that a refusal is not a mere missing field)."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "memberships-TOTAL_FORMS": str(len(memberships) + 1),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, membership in enumerate(memberships):
        data |= {
            f"memberships-{i}-id": str(membership.pk),
            f"memberships-{i}-user": str(user.pk),
            f"memberships-{i}-organisation": str(membership.organisation_id),
            f"memberships-{i}-role": membership.role,
        }
    data |= {f"memberships-{len(memberships)}-user": str(user.pk)}
    return data | changes


def _change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


# --- What is registered ------------------------------------------------------------------------


def test_it_registers_only_users_organisations_and_reference_lists():
    assert {model._meta.label_lower for model in admin.site._registry} == ADMINISTERED


def test_it_opens_the_site_to_the_admin_role_only(world, client, client_for):
    assert client.get(reverse("admin:index")).status_code == 200
    response = client_for(world.users["director"]).get(reverse("admin:index"))
    assert response.status_code == 302  # to the admin's login page: not staff


def test_it_shows_no_journal_in_the_administration_site(world, client, person):
    JournalEntry.log_view(user=world.users["director"], obj=person, organisation=world.organisation)
    JournalEntry.log_view(user=world.users["outsider"], obj=person, organisation=world.other_organisation)
    assert client.get("/admin/journal/journalentry/").status_code == 404
    page = client.get(reverse("admin:index")).content.decode()
    assert "journal" not in page.lower()
    assert person.last_name not in page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/people/person/",
        "/admin/people/consent/",
        "/admin/saisines/saisine/",
        "/admin/auth/group/",
        "/admin/axes/accesslog/",
        "/admin/django_tasks_database/dbtaskresult/",
    ],
)
def test_it_answers_404_for_what_it_does_not_administer(client, path):
    assert client.get(path).status_code == 404


def test_it_keeps_the_communes_read_only(client):
    assert client.get(reverse("admin:communes_commune_changelist")).status_code == 200
    assert client.get(reverse("admin:communes_commune_add")).status_code == 403


# --- API tokens --------------------------------------------------------------------------------


def test_it_never_gives_a_token_to_another_user(world, admin_user, client):
    victim = world.users["community_mediator"]
    token, _clear = api_token_create(user=victim, name="script")
    url = reverse("admin:accounts_apitoken_change", args=[token.pk])
    response = client.post(url, {"user": admin_user.pk, "name": "script"})
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.user == victim
    page = client.get(url).content.decode()
    assert 'name="user"' not in page  # shown, never editable


def test_it_lets_an_administrator_revoke_a_token_of_their_organisation(world, client):
    token, clear = api_token_create(user=world.users["community_mediator"], name="script")
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.objects.authenticate(clear) is None


def test_it_shows_no_token_of_another_organisation(world, client):
    token, _clear = api_token_create(user=world.users["outsider"], name="ailleurs")
    assert client.get(reverse("admin:accounts_apitoken_changelist")).content.decode().count("ailleurs") == 0
    assert client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).status_code == 302


# --- Memberships -------------------------------------------------------------------------------


def test_it_journals_a_role_given_through_the_admin(world, admin_user, client, client_for):
    volunteer = world.users["volunteer"]
    memberships = list(volunteer.memberships.all())
    data = _user_form(volunteer, memberships)
    data |= {
        f"memberships-{len(memberships)}-organisation": str(world.organisation.pk),
        f"memberships-{len(memberships)}-role": Role.COMMUNITY_MEDIATOR,
    }
    response = client.post(_change_url(volunteer), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert volunteer.memberships.filter(
        role=Role.COMMUNITY_MEDIATOR, organisation=world.organisation
    ).exists()
    entry = JournalEntry.objects.get(object_type="accounts.membership")
    assert (entry.user, entry.action, entry.organisation, entry.person) == (
        admin_user,
        Action.CREATE,
        world.organisation,
        None,
    )
    assert "Médiateur·rice en santé" in entry.detail
    # The director reads it on Lien's own journal page.
    page = client_for(world.users["director"]).get(reverse("journal")).content.decode()
    assert "Médiateur·rice en santé" in page


def test_it_journals_a_role_changed_and_a_role_removed_through_the_admin(world, admin_user, client):
    volunteer = world.users["volunteer"]
    [membership] = volunteer.memberships.all()
    data = _user_form(volunteer, [membership], **{"memberships-0-role": Role.ASSISTANT})
    assert client.post(_change_url(volunteer), data).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ASSISTANT

    data = _user_form(volunteer, [membership], **{"memberships-0-DELETE": "on"})
    assert client.post(_change_url(volunteer), data).status_code == 302
    assert not volunteer.memberships.exists()

    details = list(
        JournalEntry.objects.filter(object_type="accounts.membership", user=admin_user)
        .order_by("id")
        .values_list("action", "detail")
    )
    assert details == [
        (Action.UPDATE, "rôle changé : Bénévole → Assistant·e médiation"),
        (Action.UPDATE, "rôle retiré : Assistant·e médiation"),
    ]


def test_it_gives_no_role_in_an_organisation_the_administrator_does_not_administer(world, admin_user, client):
    memberships = list(admin_user.memberships.all())
    data = _user_form(admin_user, memberships)
    data |= {
        f"memberships-{len(memberships)}-organisation": str(world.other_organisation.pk),
        f"memberships-{len(memberships)}-role": Role.COMMUNITY_MEDIATOR,
    }
    response = client.post(_change_url(admin_user), data)
    assert response.status_code == 200  # the form, with its error
    assert not admin_user.memberships.filter(organisation=world.other_organisation).exists()
    assert not JournalEntry.objects.exists()


def test_it_does_not_let_an_administrator_manage_a_user_of_another_organisation(world, client):
    outsider = world.users["outsider"]
    response = client.post(_change_url(outsider), _user_form(outsider, [], is_active=""))
    assert response.status_code == 302  # to the index: "doesn't exist", like any object out of reach
    outsider.refresh_from_db()
    assert outsider.is_active


def test_it_keeps_the_superuser_flag_with_the_admin_role(world, client):
    mediator = world.users["community_mediator"]
    data = _user_form(mediator, list(mediator.memberships.all()), is_staff="on", is_superuser="on")
    assert client.post(_change_url(mediator), data).status_code == 302
    mediator.refresh_from_db()
    assert (mediator.is_staff, mediator.is_superuser) == (False, False)


# --- Users -------------------------------------------------------------------------------------


def test_it_never_sets_another_users_password_or_address(world, client):
    mediator = world.users["community_mediator"]
    url = reverse("admin:auth_user_password_change", args=[mediator.pk])
    response = client.post(url, {"password1": "une autre phrase", "password2": "une autre phrase"})
    assert response.status_code == 403
    data = _user_form(mediator, list(mediator.memberships.all()), email="admin@lien.example")
    assert client.post(_change_url(mediator), data).status_code == 302
    mediator.refresh_from_db()
    assert mediator.email == "community_mediator@lien.example"
    assert not mediator.check_password("une autre phrase")


def test_it_journals_a_deactivation_in_the_users_organisation(world, admin_user, client):
    mediator = world.users["community_mediator"]
    data = _user_form(mediator, list(mediator.memberships.all()), is_active="")
    assert client.post(_change_url(mediator), data).status_code == 302
    mediator.refresh_from_db()
    assert not mediator.is_active
    entry = JournalEntry.objects.get(object_type="accounts.user")
    assert (entry.user, entry.organisation, entry.detail) == (
        admin_user,
        world.organisation,
        "modifié : is_active",
    )


def test_it_creates_a_user_who_chooses_their_own_password(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_add"),
            {"email": "Nouvelle@Lien.example", "full_name": "Nina Nouvelle", **_empty_inline()},
        )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@lien.example")
    assert not user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["nouvelle@lien.example"]
    link = re.search(r"(/compte/mot-de-passe/nouveau/\S+)", message.body).group(1)
    assert client.get(link, follow=True).context["validlink"] is True


def _empty_inline() -> dict:
    return {
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }


# --- Organisations -----------------------------------------------------------------------------


def test_it_moves_no_organisation_under_the_administrators_own(world, client):
    other = world.other_organisation
    response = client.post(
        reverse("admin:accounts_organisation_change", args=[other.pk]),
        {"name": other.name, "kind": other.kind, "parent": world.organisation.pk},
    )
    assert response.status_code == 302  # out of reach: "doesn't exist"
    other.refresh_from_db()
    assert other.parent is None


def test_it_creates_an_organisation_below_the_administrators_own_and_journals_it(world, admin_user, client):
    response = client.post(
        reverse("admin:accounts_organisation_add"),
        {"slug": "antenne", "name": "Antenne", "kind": "association", "parent": world.organisation.pk},
    )
    assert response.status_code == 302
    antenne = Organisation.objects.get(slug="antenne")
    assert antenne.parent == world.organisation
    entry = JournalEntry.objects.get(object_type="accounts.organisation")
    assert (entry.user, entry.action, entry.organisation) == (admin_user, Action.CREATE, antenne)


def test_it_creates_no_organisation_elsewhere_in_the_tree(world, client):
    response = client.post(
        reverse("admin:accounts_organisation_add"),
        {"slug": "ailleurs", "name": "Ailleurs", "kind": "association", "parent": world.national.pk},
    )
    assert response.status_code == 200  # the form, with its error
    assert not Organisation.objects.filter(slug="ailleurs").exists()


def test_it_lists_only_the_users_the_administrator_reaches(world, client):
    PersonFactory(organisation=world.other_organisation)
    UserFactory(email="sans-role@lien.example")
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "community_mediator@lien.example" in page
    assert "sans-role@lien.example" in page
    assert "outsider@lien.example" not in page
    assert (
        OrganisationFactory(slug="x").name
        not in client.get(reverse("admin:accounts_organisation_changelist")).content.decode()
    )


def test_it_renders_every_page_the_administrator_uses(world, client):
    mediator = world.users["community_mediator"]
    token, _clear = api_token_create(user=mediator, name="script")
    for url in [
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_add"),
        _change_url(mediator),
        reverse("admin:accounts_organisation_changelist"),
        reverse("admin:accounts_organisation_add"),
        reverse("admin:accounts_organisation_change", args=[world.organisation.pk]),
        reverse("admin:accounts_apitoken_changelist"),
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        reverse("admin:communes_commune_changelist"),
        reverse("admin:autocomplete") + "?app_label=accounts&model_name=membership&field_name=organisation",
    ]:
        assert client.get(url).status_code == 200, url
