"""Two-factor login: enrolment of an application, the second step, codes usable once, recovery
codes, throttling, secrets encrypted at rest, administrators sent to a passkey, the setting off."""

import base64
import datetime as dt
import re
import time

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from lien.accounts import two_factor
from lien.accounts.models import RecoveryCode, TotpDevice
from lien.journal.models import Action, JournalEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
KEY = bytes(range(20))


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.LIEN_TWO_FACTOR = True


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def code(key: bytes = KEY, shift: int = 0) -> str:
    """The code an application shows now (``shift`` steps of 30 seconds later)."""
    generator = TOTP(key, step=30, t0=0, digits=6)
    generator.time = time.time() + 30 * shift
    return f"{generator.token():06d}"


def enrolled(user, key: bytes = KEY) -> list[str]:
    """The user's application enrolled with ``key`` (the enrolment code is then spent) and their
    recovery codes."""
    _device, codes = two_factor.totp_enrol(user=user, key=key, code=code(key))
    return codes


def log_in(client: Client, user) -> object:
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def reaches_pages(client: Client) -> bool:
    return client.get(reverse("me")).status_code == 200


def security_details(user) -> list[str]:
    return list(
        JournalEntry.objects.filter(action=Action.SECURITY, user=user)
        .order_by("id")
        .values_list("detail", flat=True)
    )


def test_a_user_without_a_device_is_sent_to_the_enrolment_and_reaches_nothing_else(client, mediator, clock):
    assert log_in(client, mediator).status_code == 302
    response = client.get(reverse("me"))
    assert response.status_code == 302
    assert response.url == f"{reverse('two_factor_enrol')}?next=%2Fmoi%2F"
    assert client.get(reverse("person_list")).url.startswith(reverse("two_factor_enrol"))
    # The API answers the session with 401 too, in JSON.
    api = client.get("/api/v1/me")
    assert api.status_code == 401
    assert "Double authentification" in api.json()["detail"]
    # The logout and the public pages stay open.
    assert client.get(reverse("password_reset")).status_code == 200


def test_it_enrols_an_application_then_shows_the_recovery_codes_once(client, mediator, clock):
    log_in(client, mediator)
    page = client.get(reverse("two_factor_enrol") + "?next=/moi/")
    content = page.content.decode()
    assert "<svg" in content and "otpauth" not in content  # the QR code drawn inline, no image URL
    assert not re.search(r'<img[^>]+src="https?:', content)
    secret = re.search(r'<code class="token" id="totp-secret">([A-Z2-7 ]+)</code>', content).group(1)
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    assert not TotpDevice.objects.exists()  # nothing written before the code proves the phone has it

    wrong = client.post(reverse("two_factor_enrol"), {"code": "000000", "next": "/moi/"})
    assert "ne correspond pas" in wrong.content.decode()
    response = client.post(reverse("two_factor_enrol"), {"code": code(key), "next": "/moi/"})
    codes = re.findall(
        r"<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code></li>", response.content.decode()
    )
    assert len(set(codes)) == 10
    assert reaches_pages(client)
    assert codes[0] not in client.get(reverse("two_factor_settings")).content.decode()
    assert "10 codes de secours restants" in client.get(reverse("two_factor_settings")).content.decode()
    assert security_details(mediator) == ["double authentification : application enregistrée"]


def test_the_secret_and_the_recovery_codes_are_not_stored_in_clear(mediator, clock):
    codes = enrolled(mediator)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_totpdevice")
        row = " ".join(str(value) for value in cursor.fetchone())
        cursor.execute("SELECT digest FROM accounts_recoverycode")
        digests = {value for (value,) in cursor.fetchall()}
    for clear in (KEY.hex(), base64.b32encode(KEY).decode().rstrip("="), base64.b64encode(KEY).decode()):
        assert clear.lower() not in row.lower()
    assert TotpDevice.objects.get().bin_key == KEY
    assert not digests & {c.replace("-", "") for c in codes} and not digests & set(codes)
    assert len(digests) == RecoveryCode.objects.count() == 10


def test_after_the_password_a_code_is_asked_and_a_code_serves_once(client, mediator, clock):
    enrolled(mediator)
    clock.shift(dt.timedelta(seconds=60))
    log_in(client, mediator)
    assert not reaches_pages(client)
    assert client.get(reverse("me")).url == f"{reverse('two_factor_verify')}?next=%2Fmoi%2F"

    response = client.post(reverse("two_factor_verify"), {"code": "123456", "next": "/moi/"})
    assert "Code incorrect" in response.content.decode()
    assert not reaches_pages(client)

    clock.shift(dt.timedelta(seconds=2))  # past the throttle of the wrong code
    current = code()
    response = client.post(reverse("two_factor_verify"), {"code": current, "next": "/moi/"})
    assert response.url == "/moi/"
    assert reaches_pages(client)

    # The same code, replayed in another session within its 30 seconds, is refused.
    other = Client()
    log_in(other, mediator)
    response = other.post(reverse("two_factor_verify"), {"code": current, "next": "/moi/"})
    assert "déjà utilisé" in response.content.decode()
    assert not reaches_pages(other)
    assert "connexion : code de double authentification refusé" in security_details(mediator)


def test_wrong_codes_are_throttled_with_a_clear_message(client, mediator, clock):
    enrolled(mediator)
    log_in(client, mediator)
    client.post(reverse("two_factor_verify"), {"code": "111111"})
    response = client.post(reverse("two_factor_verify"), {"code": code(shift=1)})
    assert "Trop de codes erronés : patientez 1 seconde" in response.content.decode()
    assert not reaches_pages(client)


def test_a_recovery_code_works_once(client, mediator, clock):
    codes = enrolled(mediator)
    log_in(client, mediator)
    response = client.post(reverse("two_factor_verify"), {"code": codes[3].upper(), "next": "/moi/"})
    assert response.url == "/moi/"
    assert reaches_pages(client)
    assert "connexion : code de secours utilisé (9 restants)" in security_details(mediator)

    other = Client()
    log_in(other, mediator)
    response = other.post(reverse("two_factor_verify"), {"code": codes[3]})
    assert "Code de secours incorrect ou déjà utilisé" in response.content.decode()
    assert not reaches_pages(other)


def test_the_lockout_after_wrong_passwords_still_holds(client, mediator, clock):
    enrolled(mediator)
    for _attempt in range(4):
        assert client.post(reverse("login"), {"username": mediator.email, "password": "x"}).status_code == 200
    assert client.post(reverse("login"), {"username": mediator.email, "password": "x"}).status_code == 429
    assert log_in(client, mediator).status_code == 429


def test_with_the_setting_off_the_password_is_enough(client, mediator, settings, clock):
    settings.LIEN_TWO_FACTOR = False
    enrolled(mediator)
    assert log_in(client, mediator).url == reverse("home")
    assert reaches_pages(client)
    assert "pas demandée sur cette instance" in client.get(reverse("two_factor_settings")).content.decode()


def test_an_administrator_is_sent_to_register_a_passkey_an_application_is_not_enough(client, world, clock):
    admin = world.users["admin"]
    assert admin.is_staff
    log_in(client, admin)
    response = client.get(reverse("admin:index"))
    assert response.url.startswith(reverse("two_factor_enrol"))
    page = client.get(response.url)
    content = page.content.decode()
    assert 'id="passkey-registration-available-template"' in content
    assert "django_otp_webauthn/otp_webauthn_register.js" in content and "https://cdn" not in content
    assert 'id="otp_webauthn_config"' in content

    # An administrator with an application proves it, and is still asked for a passkey.
    enrolled(admin)
    clock.shift(dt.timedelta(seconds=60))
    other = Client()
    log_in(other, admin)
    enrol = other.get(reverse("two_factor_enrol"))
    assert 'name="code"' in enrol.content.decode()
    assert (
        other.post(reverse("two_factor_enrol"), {"code": code()}).url
        == reverse("two_factor_enrol") + "?next=%2F"
    )
    assert other.get(reverse("admin:index")).url.startswith(reverse("two_factor_enrol"))
    assert (
        'id="passkey-registration-available-template"'
        in other.get(reverse("two_factor_enrol")).content.decode()
    )


def _verified_client(user) -> Client:
    client = Client()
    log_in(client, user)
    client.post(reverse("two_factor_verify"), {"code": code()})
    assert reaches_pages(client)
    return client


def _confirm(client: Client, *, with_code: str) -> None:
    client.post(reverse("reauthenticate"), {"password": PASSWORD, "code": with_code, "next": "/"})


def test_removing_the_application_needs_a_confirmation_then_asks_for_a_new_one(mediator, clock):
    enrolled(mediator)
    clock.shift(dt.timedelta(seconds=60))
    client = _verified_client(mediator)
    response = client.post(reverse("two_factor_totp_remove"))
    assert response.url == f"{reverse('reauthenticate')}?next=%2Fmoi%2Fdouble-authentification%2F"
    assert TotpDevice.objects.exists()

    clock.shift(dt.timedelta(seconds=60))
    _confirm(client, with_code=code())
    assert client.post(reverse("two_factor_totp_remove")).url == reverse("two_factor_settings")
    assert not TotpDevice.objects.exists() and not RecoveryCode.objects.exists()
    assert client.get(reverse("me")).url.startswith(reverse("two_factor_enrol"))
    assert "double authentification : application retirée" in security_details(mediator)


def test_new_recovery_codes_need_a_confirmation_and_replace_the_old_ones(mediator, clock):
    old = enrolled(mediator)
    clock.shift(dt.timedelta(seconds=60))
    client = _verified_client(mediator)
    assert client.post(reverse("two_factor_recovery_codes")).url.startswith(reverse("reauthenticate"))
    clock.shift(dt.timedelta(seconds=60))
    _confirm(client, with_code=code())
    response = client.post(reverse("two_factor_recovery_codes"))
    new = re.findall(r"<li><code>([a-z2-9-]{14})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    other = Client()
    log_in(other, mediator)
    assert "incorrect" in other.post(reverse("two_factor_verify"), {"code": old[0]}).content.decode()
    clock.shift(dt.timedelta(seconds=2))  # past the throttle of the wrong code
    assert other.post(reverse("two_factor_verify"), {"code": new[0]}).status_code == 302
