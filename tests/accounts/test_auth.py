import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.models import ApiToken
from lien.accounts.services import membership_add
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED_OUT = "Compte temporairement bloqué"


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def _login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def _logged_in(client) -> bool:
    return client.get(reverse("me")).status_code == 200


def test_it_logs_in_by_email(client, mediator):
    response = _login(client, mediator.email, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert _logged_in(client)


def test_it_refuses_a_wrong_password_in_french(client, mediator):
    response = _login(client, mediator.email, "not-the-password")
    assert response.status_code == 200
    assert "mot de passe valides" in response.content.decode()
    assert not _logged_in(client)


def test_it_sends_anonymous_visitors_to_the_login_page_and_back(client, mediator):
    response = client.get(reverse("me"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('me')}"
    response = client.post(response.url, {"username": mediator.email, "password": PASSWORD})
    assert response.url == reverse("me")


def test_it_locks_an_account_out_after_repeated_failures(client, world, mediator):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert _login(client, mediator.email, "wrong-password").status_code == 200
    assert _login(client, mediator.email, "wrong-password").status_code == 429

    response = _login(client, mediator.email, PASSWORD)
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert response.context["failure_limit"] == 5
    assert not _logged_in(client)
    # The lock holds that account only: a colleague on the same network still logs in.
    assert _login(client, world.users["assistant"].email, PASSWORD).status_code == 302


def test_it_resets_the_count_of_failures_after_a_success(client, mediator):
    for _attempt in range(4):
        _login(client, mediator.email, "wrong-password")
    assert _login(client, mediator.email, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        _login(client, mediator.email, "wrong-password")
    assert _login(client, mediator.email, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Court-1!", "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."),
        ("password1234", "Ce mot de passe est trop courant."),
        ("480725196384", "Ce mot de passe est entièrement numérique."),
    ],
)
def test_it_refuses_weak_passwords(password, message, mediator, client_for):
    client = client_for(mediator)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["new_password2"]
    mediator.refresh_from_db()
    assert mediator.check_password(PASSWORD)


def test_it_sends_a_password_reset_link_that_works(client, mediator):
    response = client.post(reverse("password_reset"), {"email": mediator.email})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mediator.email]
    path = re.search(r"https?://testserver(/\S+)", message.body).group(1)

    response = client.get(path, follow=True)
    assert response.context["validlink"] is True
    password = "une autre phrase de passe"
    client.post(response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    mediator.refresh_from_db()
    assert mediator.check_password(password)


def test_it_sends_no_reset_email_to_an_unknown_address_but_answers_the_same(client, db):
    response = client.post(reverse("password_reset"), {"email": "inconnu@lien.example"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_it_sends_a_content_security_policy_with_a_fresh_nonce_used_by_the_script(client):
    nonces = []
    for _request in range(2):
        response = client.get(reverse("login"))
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        nonce = re.search(r"script-src [^;]*'nonce-([^']+)'", policy).group(1)
        assert re.search(rf'<script [^>]*nonce="{re.escape(nonce)}"', response.content.decode())
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_it_ends_sessions_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_a_session_is_written_at_most_once_a_minute(client, mediator):
    """The idle timeout moves with the requests without a write per page: a busy instance is not
    serialised on its sessions' table (SQLite)."""
    from django.contrib.sessions.models import Session

    start = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        _login(client, mediator.email, PASSWORD)
        traveller.shift(dt.timedelta(seconds=5))
        assert _logged_in(client)
        idle = dt.timedelta(minutes=30)
        assert Session.objects.get().expire_date == start + idle  # written at the login
        traveller.shift(dt.timedelta(seconds=30))
        assert _logged_in(client)
        assert Session.objects.get().expire_date == start + idle  # not again within the minute
        traveller.shift(dt.timedelta(seconds=40))
        assert _logged_in(client)
        assert Session.objects.get().expire_date == start + dt.timedelta(seconds=75) + idle


def test_it_keeps_an_active_session_and_ends_an_idle_one(client, mediator):
    start = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        _login(client, mediator.email, PASSWORD)
        for _step in range(3):  # active: a click every 25 minutes
            traveller.shift(dt.timedelta(minutes=25))
            assert _logged_in(client)
        traveller.shift(dt.timedelta(minutes=31))
        assert not _logged_in(client)


def test_it_shows_organisations_and_roles_on_the_personal_page(world, mediator, client_for):
    membership_add(user=mediator, organisation=world.other_organisation, role=Role.VOLUNTEER)
    response = client_for(mediator).get(reverse("me"))
    content = response.content.decode()
    for text in [
        "Association locale",
        world.regional.name,
        "Médiateur·rice en santé",
        "Autre association",
        "Bénévole",
        mediator.email,
    ]:
        assert text in content
    assert [(m.organisation, m.role) for m in response.context["memberships"]] == [
        (world.organisation, Role.COMMUNITY_MEDIATOR),
        (world.other_organisation, Role.VOLUNTEER),
    ]


def _new_token(client, name="script d'import", **fields) -> str:
    data = {"name": name, "days": "90", "read_only": "", "password": PASSWORD} | fields
    response = client.post(reverse("me"), data)
    assert response.status_code == 200
    return re.search(r'<code class="token">(lien_[\w-]+)</code>', response.content.decode()).group(1)


def test_it_creates_an_api_token_shown_once_that_authenticates_the_api(mediator, client_for):
    client = client_for(mediator)
    token = _new_token(client)
    assert token not in client.get(reverse("me")).content.decode()
    assert not ApiToken.objects.filter(digest=token).exists()  # only its digest is stored

    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["email"] == mediator.email
    assert [m["role"] for m in response.json()["memberships"]] == [Role.COMMUNITY_MEDIATOR]
    assert ApiToken.objects.get().last_used_at is not None


def test_a_tokens_last_use_is_written_at_most_once_a_minute(mediator, client_for):
    token = _new_token(client_for(mediator))
    first = timezone.now()
    with time_machine.travel(first, tick=False):
        Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    with time_machine.travel(first + dt.timedelta(seconds=50), tick=False):
        with CaptureQueriesContext(connection) as queries:
            Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert not [query for query in queries if "UPDATE" in query["sql"] and "apitoken" in query["sql"]]
    assert ApiToken.objects.get().last_used_at == first
    with time_machine.travel(first + dt.timedelta(seconds=61), tick=False):
        Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ApiToken.objects.get().last_used_at == first + dt.timedelta(seconds=61)


def test_it_refuses_a_revoked_or_unknown_token_with_json(mediator, client_for):
    client = client_for(mediator)
    token = _new_token(client)
    response = client.post(reverse("token_revoke", args=[ApiToken.objects.get().pk]))
    assert response.url == reverse("me")
    for value in [token, "lien_not-a-token"]:
        response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {value}")
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/json")
        assert isinstance(response.json()["detail"], str)


def test_it_lets_only_the_owner_revoke_a_token(world, mediator, client_for):
    client = client_for(mediator)
    token = _new_token(client)
    other = client_for(world.users["assistant"])
    assert other.post(reverse("token_revoke", args=[ApiToken.objects.get().pk])).status_code == 404
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
