"""The confirmation of the password (and the second factor) before a bulk export, an import or an
anonymisation: asked, given, journalled, expired. Every such route asks for it:
tests/access/test_reauthentication.py."""

import datetime as dt
import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP

from lien.accounts import two_factor
from lien.journal.models import Action, JournalEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def _withdraw_url(person) -> str:
    return reverse("consent_withdraw", args=[person.pk])


def test_a_bulk_page_asks_for_the_password_then_opens_and_the_confirmation_expires(
    mediator, person, client_for, clock
):
    client = client_for(mediator, confirmed=False)
    url = _withdraw_url(person)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('reauthenticate')}?next={url.replace('/', '%2F')}"

    page = client.get(response.url)
    assert page.status_code == 200 and "code" not in page.context["form"].fields  # 2FA off: password only
    wrong = client.post(response.url, {"password": "pas-le-bon", "next": url})
    assert "Mot de passe incorrect" in wrong.content.decode()
    assert client.get(url).status_code == 302

    assert client.post(response.url, {"password": PASSWORD, "next": url}).url == url
    assert client.get(url).status_code == 200
    details = (
        JournalEntry.objects.filter(action=Action.SECURITY, user=mediator)
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert list(details) == ["confirmation : mot de passe refusé", "confirmation avant : consent_withdraw"]

    clock.shift(dt.timedelta(minutes=4, seconds=59))
    assert client.get(url).status_code == 200
    clock.shift(dt.timedelta(seconds=2))
    assert client.get(url).url.startswith(reverse("reauthenticate"))


def test_a_refused_user_is_refused_before_being_asked_anything(world, person, client_for):
    client = client_for(world.users["outsider"], confirmed=False)
    assert client.get(_withdraw_url(person)).status_code == 404


def test_the_confirmation_is_of_this_session_only(mediator, person, client_for):
    confirmed = client_for(mediator, confirmed=False)
    confirmed.post(reverse("reauthenticate"), {"password": PASSWORD, "next": "/"})
    other = client_for(mediator, confirmed=False)
    assert other.get(_withdraw_url(person)).status_code == 302
    assert confirmed.get(_withdraw_url(person)).status_code == 200


def test_it_never_sends_elsewhere_after_the_confirmation(mediator, client_for):
    client = client_for(mediator, confirmed=False)
    response = client.post(reverse("reauthenticate"), {"password": PASSWORD, "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_wrong_passwords_on_the_confirmation_lock_the_account_as_at_login(mediator, client_for):
    client = client_for(mediator, confirmed=False)
    for _attempt in range(4):
        assert client.post(reverse("reauthenticate"), {"password": "non"}).status_code == 200
    assert client.post(reverse("reauthenticate"), {"password": "non"}).status_code == 429
    assert client.post(reverse("reauthenticate"), {"password": PASSWORD}).status_code == 429


def test_with_two_factor_login_the_confirmation_needs_a_code_too(
    mediator, person, client_for, settings, clock
):
    settings.LIEN_TWO_FACTOR = True
    key = bytes(range(20))

    def code() -> str:
        generator = TOTP(key, step=30, t0=0, digits=6)
        generator.time = time.time()
        return f"{generator.token():06d}"

    two_factor.totp_enrol(user=mediator, key=key, code=code())
    clock.shift(dt.timedelta(seconds=60))
    client = client_for(mediator, confirmed=False)
    client.post(reverse("two_factor_verify"), {"code": code()})
    url = _withdraw_url(person)
    assert client.get(url).url.startswith(reverse("reauthenticate"))

    clock.shift(dt.timedelta(seconds=60))
    response = client.post(reverse("reauthenticate"), {"password": PASSWORD, "next": url})
    assert response.context["form"].errors["code"]
    response = client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": "000000", "next": url})
    assert response.context["form"].errors["code"] == [
        "Code incorrect ou déjà utilisé : attendez le code suivant de l'application."
    ]
    clock.shift(dt.timedelta(seconds=2))
    assert (
        client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": code(), "next": url}).url == url
    )
    assert client.get(url).status_code == 200
