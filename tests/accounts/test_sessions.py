"""Sessions end: at their absolute lifetime whatever the activity, when their owner ends one or
logs out everywhere (the API tokens with them), at a new password (the session that changed it
stays), a password reset, a deactivation, and a lockout from their own address. The page
« Mes sessions » lists one's own only; failed logins and lockouts are in the director's journal."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from lien.accounts.models import ApiToken, UserSession
from lien.accounts.services import api_token_create, user_update
from lien.journal.models import Action, JournalEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def _browser(user, *, address="198.51.100.10", agent=FIREFOX) -> Client:
    """A browser logged in through the login page, from an address, with a User-Agent."""
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _logged_in(client) -> bool:
    return client.get(reverse("me")).status_code == 200


def _security_details(user=None) -> list[str]:
    entries = JournalEntry.objects.filter(action=Action.SECURITY)
    if user is not None:
        entries = entries.filter(object_type="accounts.user", object_id=str(user.pk))
    return list(entries.values_list("detail", flat=True))


def test_it_lists_a_session_at_login_with_its_address_and_browser(mediator):
    _browser(mediator, address="203.0.113.5", agent=IPHONE)
    user_session = UserSession.objects.get(user=mediator)
    assert (user_session.ip_address, user_session.user_agent) == ("203.0.113.5", "Safari · iOS")
    assert Session.objects.filter(pk=user_session.session_id).exists()


def test_the_page_lists_the_users_own_sessions_only_and_marks_this_one(world, mediator):
    phone = _browser(mediator, address="203.0.113.5", agent=IPHONE)
    desk = _browser(mediator)
    _browser(world.users["assistant"], address="192.0.2.99")
    response = desk.get(reverse("user_sessions"))
    assert response.status_code == 200
    listed = list(response.context["user_sessions"])
    assert {s.user_agent for s in listed} == {"Safari · iOS", "Firefox · Windows"}
    assert all(s.user_id == mediator.pk for s in listed)
    page = response.content.decode()
    assert "192.0.2.99" not in page
    current = re.search(r"<tr>\s*<th scope=\"row\">([^<]*) <span class=\"tag\">cette session</span>", page)
    assert current and current.group(1) == "Firefox · Windows"
    on_phone = next(s for s in listed if s.user_agent == "Safari · iOS")
    at_desk = next(s for s in listed if s.user_agent == "Firefox · Windows")
    assert reverse("user_session_end", args=[on_phone.pk]) in page
    assert reverse("user_session_end", args=[at_desk.pk]) not in page  # this one: « Se déconnecter »
    assert _logged_in(phone)


def test_the_personal_page_links_to_the_sessions(mediator, client_for):
    assert reverse("user_sessions") in client_for(mediator).get(reverse("me")).content.decode()


def test_it_ends_another_session_of_ones_own_and_journals_it(world, mediator):
    phone = _browser(mediator, address="203.0.113.5", agent=IPHONE)
    desk = _browser(mediator)
    other = UserSession.objects.get(user=mediator, user_agent="Safari · iOS")
    response = desk.post(reverse("user_session_end", args=[other.pk]))
    assert response.url == reverse("user_sessions")
    assert not _logged_in(phone)
    assert _logged_in(desk)
    assert not UserSession.objects.filter(pk=other.pk).exists()
    assert any("Safari · iOS" in detail for detail in _security_details(mediator))


def test_it_answers_404_for_another_users_session_or_this_one(world, mediator):
    assistant = _browser(world.users["assistant"], address="192.0.2.99")
    desk = _browser(mediator)
    theirs = UserSession.objects.get(user=world.users["assistant"])
    mine = UserSession.objects.get(user=mediator)
    assert desk.post(reverse("user_session_end", args=[theirs.pk])).status_code == 404
    assert desk.post(reverse("user_session_end", args=[mine.pk])).status_code == 404  # « Se déconnecter »
    assert desk.get(reverse("user_session_end", args=[mine.pk])).status_code == 405
    assert _logged_in(assistant) and _logged_in(desk)


def test_logging_out_everywhere_ends_the_other_sessions_and_every_token(world, mediator):
    phone = _browser(mediator, address="203.0.113.5", agent=IPHONE)
    laptop = _browser(mediator, address="203.0.113.6")
    desk = _browser(mediator)
    colleague = _browser(world.users["assistant"])
    _token, clear = api_token_create(user=mediator, name="script")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 200

    refused = desk.post(reverse("logout_everywhere"), follow=True)  # not confirmed
    assert "Cochez la case de confirmation" in refused.content.decode()
    assert _logged_in(phone) and ApiToken.objects.active().exists()

    response = desk.post(reverse("logout_everywhere"), {"confirm": "on"}, follow=True)
    assert "2 autres sessions terminées, 1 jeton révoqué" in response.content.decode()
    assert not _logged_in(phone) and not _logged_in(laptop)
    assert _logged_in(desk) and _logged_in(colleague)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert response.status_code == 401
    assert list(UserSession.objects.filter(user=mediator).values_list("session_id", flat=True)) == [
        desk.session.session_key
    ]
    assert "déconnexion partout : 2 sessions terminées, 1 jeton révoqué" in _security_details(mediator)


def test_a_new_password_ends_the_other_sessions_and_keeps_this_one(mediator):
    phone = _browser(mediator, address="203.0.113.5", agent=IPHONE)
    desk = _browser(mediator)
    new = "une toute nouvelle phrase de passe"
    response = desk.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert not _logged_in(phone)
    assert _logged_in(desk)
    # The session moved to a new key: it is still listed, as this one.
    listed = desk.get(reverse("user_sessions")).context["user_sessions"]
    assert [s.session_id for s in listed] == [desk.session.session_key]
    assert any("nouveau mot de passe" in detail for detail in _security_details(mediator))


def test_a_password_reset_ends_every_session(client, mediator):
    desk = _browser(mediator)
    client.post(reverse("password_reset"), {"email": mediator.email})
    path = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)
    form = client.get(path, follow=True).redirect_chain[-1][0]
    new = "une autre phrase de passe"
    client.post(form, {"new_password1": new, "new_password2": new})
    assert not _logged_in(desk)
    assert not UserSession.objects.filter(user=mediator).exists()


def test_a_deactivation_ends_every_session(world, mediator):
    desk = _browser(mediator)
    user_update(acting_user=world.users["admin"], user=mediator, full_name="", is_active=False)
    assert not _logged_in(desk)
    assert not UserSession.objects.filter(user=mediator).exists()
    assert "1 session terminée : compte désactivé" in _security_details(mediator)


def test_a_password_set_by_an_administrator_ends_every_session(mediator):
    desk = _browser(mediator)
    mediator.set_password("choisi par l'administration")
    mediator.save()
    assert not _logged_in(desk)


def test_a_hash_upgraded_at_login_ends_no_session_and_no_token(mediator, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]
    from django.contrib.auth.hashers import make_password

    mediator.password = make_password(PASSWORD, hasher="pbkdf2_sha1")
    mediator.save(update_fields=["password"])
    desk = _browser(mediator)
    _token, clear = api_token_create(user=mediator, name="script")
    _browser(mediator, address="203.0.113.5")  # upgrades the hash to the first hasher
    mediator.refresh_from_db()
    assert mediator.password.startswith("md5$")
    assert _logged_in(desk)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 200


def test_a_session_ends_at_its_absolute_lifetime_whatever_the_activity(mediator, settings):
    settings.LIEN_SESSION_MAX_HOURS = 2
    with time_machine.travel(dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC), tick=False) as traveller:
        desk = _browser(mediator)
        for _step in range(5):  # a click every 20 minutes: never idle
            traveller.shift(dt.timedelta(minutes=20))
            assert _logged_in(desk)
        traveller.shift(dt.timedelta(minutes=20, seconds=1))  # 2 hours after the login
        response = desk.get(reverse("me"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("login"))
        page = response.content.decode()
        assert "Votre session a expiré : par sécurité, une session dure 2 heures au plus." in page
        assert not _logged_in(desk)
    assert not UserSession.objects.filter(user=mediator).exists()
    assert "1 session terminée : durée maximale de session atteinte (2 h)" in _security_details(mediator)


def test_the_absolute_lifetime_is_twelve_hours_by_default(settings):
    assert settings.LIEN_SESSION_MAX_HOURS == 12


def test_last_seen_moves_at_most_once_a_minute(mediator):
    with time_machine.travel(dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC), tick=False) as traveller:
        desk = _browser(mediator)
        user_session = UserSession.objects.get(user=mediator)
        traveller.shift(dt.timedelta(seconds=30))
        desk.get(reverse("me"))
        user_session.refresh_from_db()
        assert user_session.last_seen == dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
        traveller.shift(dt.timedelta(seconds=31))
        desk.get(reverse("me"))
        user_session.refresh_from_db()
        assert user_session.last_seen == dt.datetime(2026, 3, 10, 8, 1, 1, tzinfo=dt.UTC)


def test_a_logout_removes_the_session_from_the_list(mediator):
    desk = _browser(mediator)
    desk.post(reverse("logout"))
    assert not UserSession.objects.exists()


def test_a_failed_login_is_journalled_for_the_director_without_the_password(world, mediator, client_for):
    Client(REMOTE_ADDR="203.0.113.66").post(
        reverse("login"), {"username": mediator.email.upper(), "password": "le-mot-de-passe-essaye"}
    )
    Client().post(reverse("login"), {"username": "inconnu@lien.example", "password": "secret-essaye"})
    entries = JournalEntry.objects.filter(action=Action.SECURITY)
    assert [(e.user, e.object_id, e.organisation, e.detail) for e in entries] == [
        (None, str(mediator.pk), world.organisation, "connexion échouée depuis 203.0.113.66")
    ]
    page = client_for(world.users["director"]).get(reverse("journal"), {"action": "security"})
    content = page.content.decode()
    assert "connexion échouée depuis 203.0.113.66" in content
    assert "le-mot-de-passe-essaye" not in content and "inconnu@lien.example" not in content
    outsider_page = client_for(world.users["outsider"]).get(reverse("journal"))
    assert outsider_page.status_code == 404 or "203.0.113.66" not in outsider_page.content.decode()


def test_a_lockout_is_journalled_once_and_ends_the_sessions_from_that_address_only(mediator, settings):
    same_network = _browser(mediator, address="203.0.113.66")
    elsewhere = _browser(mediator, address="198.51.100.10")
    knocker = Client(REMOTE_ADDR="203.0.113.66")
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        knocker.post(reverse("login"), {"username": mediator.email, "password": "mauvais"})
    details = _security_details(mediator)
    assert details.count("compte bloqué 15 minutes après des échecs de connexion depuis 203.0.113.66") == 1
    assert not _logged_in(same_network)
    assert _logged_in(elsewhere)
    assert any("compte bloqué après des échecs de connexion depuis cette adresse" in d for d in details)
