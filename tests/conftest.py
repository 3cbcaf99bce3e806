"""Shared fixtures: named personas in two organisations, one of which must see nothing."""

from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from lien.accounts.enums import Role
from lien.accounts.models import Organisation, User
from lien.accounts.reauth import SESSION_KEY as REAUTH_SESSION_KEY
from lien.accounts.services import membership_add
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory


@dataclass
class World:
    national: Organisation
    regional: Organisation
    organisation: Organisation
    other_organisation: Organisation
    users: dict[str, User]


ROLE_EMAILS = {role: f"{role.value}@lien.example" for role in Role}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the counts of bad API tokens per address live there,
    and would otherwise add up across the tests of one worker."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language_and_timezone():
    """Each test starts in French and in the default time zone, and leaves them so.

    Both live in the thread, not in the test: the test client's LocaleMiddleware leaves the
    language of the last request active (a page asked in English kept the next test's labels in
    English), and the tests run in a random order (pytest-randomly).
    """
    translation.activate(django_settings.LANGUAGE_CODE)
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture
def world(db) -> World:
    """A national → regional → association tree, and another association elsewhere.

    ``users`` holds one user per role in ``organisation`` (named by the role code), a
    coordinator at the regional level (``regional_coordinator``), a mediator of the other
    organisation (``outsider``) and a user with no role at all (``nobody``).
    """
    national = OrganisationFactory(slug="national", national=True)
    regional = OrganisationFactory(slug="regional", regional=True, parent=national)
    organisation = OrganisationFactory(slug="asso", name="Association locale", parent=regional)
    other = OrganisationFactory(slug="autre", name="Autre association")
    users = {}
    for role, email in ROLE_EMAILS.items():
        users[role.value] = UserFactory(email=email)
        membership_add(user=users[role.value], organisation=organisation, role=role)
    users["regional_coordinator"] = MembershipFactory(
        user=UserFactory(email="coordination@lien.example"), organisation=regional, role=Role.COORDINATOR
    ).user
    users["outsider"] = MembershipFactory(
        user=UserFactory(email="outsider@lien.example"), organisation=other, role=Role.COMMUNITY_MEDIATOR
    ).user
    users["nobody"] = UserFactory(email="nobody@lien.example")
    return World(national, regional, organisation, other, users)


@pytest.fixture
def person(world):
    return PersonFactory(organisation=world.organisation, first_name="Hélène", last_name="Éluard")


def confirm_identity(client: Client) -> None:
    """As if the client had just confirmed their password on /compte/confirmation/ (the bulk
    exports, imports and anonymisations ask for it: lien/accounts/reauth.py)."""
    session = client.session
    session[REAUTH_SESSION_KEY] = timezone.now().timestamp()
    session.save()


@pytest.fixture
def client_for():
    """A logged-in test client for a user, who has just confirmed their identity (pass
    ``confirmed=False`` for one who has not: tests/accounts/test_reauth.py)."""

    def make(user: User, *, confirmed: bool = True) -> Client:
        client = Client()
        client.force_login(user)
        if confirmed:
            confirm_identity(client)
        return client

    return make
