"""Two-factor login in a real browser: a mediator enrols an authenticator application (QR code or
key typed by hand) and keeps recovery codes; an administrator registers a passkey (Chromium's
virtual authenticator, through django-otp-webauthn's scripts served from static) and logs in with
it."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from tests.browser.conftest import assert_accessible
from tests.factories import OrganisationFactory

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture(autouse=True)
def two_factor_on(settings, live_server):
    settings.LIEN_TWO_FACTOR = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url.replace("127.0.0.1", "localhost")]


@pytest.fixture
def organisation(transactional_db):
    return OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")


def _log_in(page, base_url, email):
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/compte/connexion/"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/connexion/"))


def _code(secret: str) -> str:
    compact = secret.replace(" ", "")
    generator = TOTP(base64.b32decode(compact + "=" * (-len(compact) % 8)), step=30, t0=0, digits=6)
    generator.time = time.time()
    return f"{generator.token():06d}"


def test_a_mediator_enrols_an_application_and_logs_in_with_a_recovery_code(
    desktop_page, live_server, organisation
):
    user_add(
        email="amina@lien.example",
        organisation=organisation,
        role=Role.COMMUNITY_MEDIATOR,
        full_name="Amina Ould",
        password=PASSWORD,
    )
    page = desktop_page
    _log_in(page, live_server.url, "amina@lien.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code affiché par l'application").fill(_code(secret))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Amina")

    page.get_by_role("button", name="Se déconnecter").first.click()
    _log_in(page, live_server.url, "amina@lien.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Double authentification")
    assert_accessible(page)
    page.get_by_label("Code de l'application ou code de secours").fill(codes[0])
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Amina")


def test_an_administrator_registers_a_passkey_then_logs_in_with_it(desktop_page, live_server, organisation):
    user_add(email="admin@lien.example", organisation=organisation, role=Role.ADMIN, password=PASSWORD)
    page = desktop_page
    base_url = live_server.url.replace("127.0.0.1", "localhost")  # a secure context without HTTPS
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    _log_in(page, base_url, "admin@lien.example")
    page.goto(base_url + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer une clé d'accès")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer une clé d'accès").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="Utilisateur·rices")).to_be_visible()

    page.goto(base_url + "/moi/")
    page.get_by_role("button", name="Se déconnecter").first.click()
    expect(page).to_have_url(re.compile(r"/compte/connexion/"))
    _log_in(page, base_url, "admin@lien.example")
    page.goto(base_url + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérification par clé d'accès")
    page.get_by_role("button", name="Utiliser ma clé d'accès").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="Utilisateur·rices")).to_be_visible()
