"""Logins and password resets are throttled per address and per account (15 minutes, 429, a
French message), above the lockout of one account from one address; a reset answers the same
whether the account exists or not."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOO_MANY_LOGINS = "Trop de tentatives de connexion depuis cette adresse ou pour ce compte."
TOO_MANY_RESETS = "Trop de demandes de réinitialisation depuis cette adresse ou pour cette adresse e-mail."


def _login(email, password, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": email, "password": password})


def _reset(email, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": email})


def test_failed_logins_from_one_address_are_throttled_then_forgotten(world, settings):
    settings.LIEN_LOGIN_ADDRESS_LIMIT = 3
    users = world.users
    with time_machine.travel(dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC), tick=False) as traveller:
        for name in ["assistant", "deputy", "volunteer"]:  # a different account each time
            assert _login(users[name].email, "mauvais").status_code == 200
        response = _login(users["community_mediator"].email, PASSWORD)
        assert response.status_code == 429
        assert TOO_MANY_LOGINS in response.content.decode()
        assert "réessayez dans 15 minutes" in response.content.decode()
        admin_login = Client(REMOTE_ADDR="203.0.113.7").post(
            reverse("admin:login"), {"username": users["admin"].email, "password": PASSWORD}
        )
        assert admin_login.status_code == 429  # the administration's login page too
        # Another address is not concerned.
        assert _login(users["community_mediator"].email, PASSWORD, address="198.51.100.2").status_code == 302
        traveller.shift(dt.timedelta(minutes=15, seconds=1))
        assert _login(users["community_mediator"].email, PASSWORD).status_code == 302


def test_failed_logins_on_one_account_from_many_addresses_are_throttled(world, settings):
    settings.LIEN_LOGIN_ACCOUNT_LIMIT = 3
    mediator = world.users["community_mediator"]
    for attempt in range(3):
        assert _login(mediator.email, "mauvais", address=f"203.0.113.{attempt + 10}").status_code == 200
    response = _login(mediator.email, PASSWORD, address="198.51.100.2")
    assert response.status_code == 429 and TOO_MANY_LOGINS in response.content.decode()
    # Another account from the same addresses is not concerned.
    assert _login(world.users["assistant"].email, PASSWORD, address="203.0.113.10").status_code == 302


def test_successful_logins_count_for_nothing(world, settings):
    settings.LIEN_LOGIN_ADDRESS_LIMIT = settings.LIEN_LOGIN_ACCOUNT_LIMIT = 2
    for _attempt in range(4):  # a busy office behind one address
        assert _login(world.users["community_mediator"].email, PASSWORD).status_code == 302


def test_password_reset_requests_are_throttled_the_same_for_known_and_unknown_addresses(world, settings):
    settings.LIEN_PASSWORD_RESET_ACCOUNT_LIMIT = 2
    known, unknown = world.users["community_mediator"].email, "personne@lien.example"
    answers = {}
    for email in [known, unknown]:
        first = [_reset(email, address=f"198.51.100.{n}") for n in range(2)]
        assert all(response.url == reverse("password_reset_done") for response in first)
        refused = _reset(email, address="198.51.100.9")
        assert refused.status_code == 429
        answers[email] = refused.content.decode()
    assert TOO_MANY_RESETS in answers[known]
    alerts = {
        email: re.search(r'<p role="alert">(.*?)</p>', page).group(1) for email, page in answers.items()
    }
    assert alerts[known] == alerts[unknown]
    assert len(mail.outbox) == 2  # the two accepted requests for the known address


def test_password_reset_requests_from_one_address_are_throttled(world, settings):
    settings.LIEN_PASSWORD_RESET_ADDRESS_LIMIT = 2
    for n in range(2):
        assert _reset(f"quelqu-un-{n}@lien.example").status_code == 302
    response = _reset(world.users["community_mediator"].email)
    assert response.status_code == 429 and TOO_MANY_RESETS in response.content.decode()
    assert _reset(world.users["community_mediator"].email, address="198.51.100.2").status_code == 302


def test_the_limits_stand_above_the_lockout_of_one_account(settings):
    assert settings.AXES_FAILURE_LIMIT < settings.LIEN_LOGIN_ACCOUNT_LIMIT < settings.LIEN_LOGIN_ADDRESS_LIMIT
