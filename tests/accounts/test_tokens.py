"""Personal API tokens end: at their expiry, when the password changes, when the account is
deactivated; a read-only one never writes; one is made only after the password again; bad tokens
from one address are throttled. The lockout after failed logins lasts its 15 minutes whoever
knocks, and counts the client behind a trusted proxy, not the proxy."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lien.accounts.client_ip import client_ip
from lien.accounts.models import ApiToken
from lien.accounts.services import api_token_create
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def _me(token: str, **extra):
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}", **extra)


def test_a_token_is_made_only_after_the_password_and_says_when_it_ends(mediator, client_for):
    client = client_for(mediator)
    refused = client.post(reverse("me"), {"name": "script", "days": "30", "password": "pas le bon"})
    assert "Mot de passe incorrect." in refused.content.decode()
    assert not ApiToken.objects.exists()
    page = client.post(
        reverse("me"), {"name": "script", "days": "30", "read_only": "on", "password": PASSWORD}
    ).content.decode()
    token = re.search(r'<code class="token">(lien_[\w-]+)</code>', page).group(1)
    saved = ApiToken.objects.get()
    assert saved.read_only and round((saved.expires_at - saved.created_at).total_seconds() / 86400) == 30
    assert _me(token).status_code == 200
    assert "lecture seule" in client.get(reverse("me")).content.decode()


def test_a_token_ends_at_its_expiry(mediator):
    _token, clear = api_token_create(user=mediator, name="script", days=1)
    assert _me(clear).status_code == 200
    with time_machine.travel(_token.expires_at, tick=False):
        assert _me(clear).status_code == 401


def test_a_new_password_or_a_deactivation_ends_every_token(mediator, world):
    _t, first = api_token_create(user=mediator, name="a")
    mediator.set_password("un-tout-nouveau-mot-de-passe")
    mediator.save()
    assert _me(first).status_code == 401
    other = world.users["assistant"]
    _t, second = api_token_create(user=other, name="b")
    other.is_active = False
    other.save()
    other.is_active = True
    other.save()
    assert _me(second).status_code == 401  # reactivated: the old token stays ended


def test_a_read_only_token_reads_and_never_writes(mediator):
    _t, clear = api_token_create(user=mediator, name="lecture", read_only=True)
    assert _me(clear).status_code == 200
    response = Client().post(
        "/api/v1/notifications/1/read",
        HTTP_AUTHORIZATION=f"Bearer {clear}",
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "lecture seule" in response.json()["detail"]


def test_bad_tokens_from_one_address_are_throttled_and_others_are_not(mediator, settings):
    settings.LIEN_BAD_TOKEN_LIMIT = 5
    _t, good = api_token_create(user=mediator, name="script")
    for attempt in range(5):
        assert _me(f"lien_guess-{attempt}", REMOTE_ADDR="203.0.113.7").status_code == 401
    response = _me(good, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429 and "15 minutes" in response.json()["detail"]
    assert _me(good, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_one_account_paging_through_the_api_is_stopped_and_another_is_not(
    mediator, world, settings, client_for
):
    """A stolen token or a runaway script: past LIEN_API_ACCOUNT_LIMIT calls in 15 minutes, the
    account gets 429 — by token and by session alike — until the window is over."""
    settings.LIEN_API_ACCOUNT_LIMIT = 5
    _t, token = api_token_create(user=mediator, name="script")
    for _call in range(3):
        assert _me(token).status_code == 200
    session = client_for(mediator)
    for _call in range(2):
        assert session.get("/api/v1/me").status_code == 200
    refused = _me(token)
    assert refused.status_code == 429 and "Trop de requêtes pour ce compte" in refused.json()["detail"]
    assert session.get("/api/v1/me").status_code == 429
    assert client_for(world.users["director"]).get("/api/v1/me").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _me(token).status_code == 200


def test_the_client_behind_a_trusted_proxy_is_the_right_most_untrusted_address(rf, settings):
    settings.LIEN_TRUSTED_PROXIES = ["10.0.0.1"]
    forged = "6.6.6.6, 203.0.113.7"  # the client wrote the left part, the proxy appended its view
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forged)) == "203.0.113.7"
    # Not from the proxy: the header is anyone's to write, the connection's address is kept.
    assert client_ip(rf.get("/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR=forged)) == "198.51.100.2"


def test_an_attempt_during_a_lockout_does_not_prolong_it(mediator, settings):
    client = Client()

    def attempt(password):
        return client.post(reverse("login"), {"username": mediator.email, "password": password})

    with time_machine.travel("2026-03-02 10:00", tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt("mauvais")
        assert attempt(PASSWORD).status_code == 429
        traveller.shift(60 * 10)
        assert attempt("encore-mauvais").status_code == 429  # a knock during the lockout
        traveller.shift(60 * 6)  # 16 minutes after the lockout began
        assert attempt(PASSWORD).status_code == 302
