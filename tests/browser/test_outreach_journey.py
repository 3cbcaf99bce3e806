"""A volunteer records contacts on a phone, at a food distribution: a few taps each."""

import re

import pytest
from playwright.sync_api import expect

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from lien.outreach.models import Contact, OutreachSession
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, OrganisationFactory

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def volunteer(transactional_db):
    organisation = OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")
    CommuneFactory()
    user, _ = user_add(
        email="pierre@lien.example",
        organisation=organisation,
        role=Role.VOLUNTEER,
        full_name="Pierre Sabatier",
        password=PASSWORD,
    )
    return user


def _log_in(page, live_server):
    page.goto(live_server.url + "/sorties/saisie/")
    page.get_by_label("Adresse e-mail").fill("pierre@lien.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _fits_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_it_records_contacts_in_a_few_taps_on_a_phone(phone_page, live_server, volunteer):
    page = phone_page
    _log_in(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sortie du jour")
    assert_accessible(page)
    page.get_by_text("Distribution alimentaire").click()
    page.get_by_label("Lieu").fill("Distribution de colis")
    page.get_by_label("Commune").fill("Quillan — 11500 (11304)")
    page.get_by_role("button", name="Commencer la sortie").click()
    expect(page).to_have_url(re.compile(r"/sorties/saisie/\?session=\d+$"))
    assert_accessible(page)
    _fits_the_screen(page)
    # Thumb-sized targets.
    for label in ["35 à 44 ans", "Femme", "Droits santé"]:
        box = page.locator("label", has_text=label).bounding_box()
        assert box["height"] >= 44, label
    # One contact: four taps and the button.
    page.get_by_text("35 à 44 ans").click()
    page.get_by_text("Femme", exact=True).click()
    page.get_by_text("Droits santé").click()
    page.get_by_text("Orientation").click()
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(page.get_by_role("status")).to_contain_text("Contact enregistré")
    expect(page.get_by_text("1 contact", exact=False)).to_be_visible()
    assert_accessible(page)
    # The next one, anonymous again.
    page.get_by_text("75 ans et plus").click()
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(page.get_by_text("2 contacts", exact=False)).to_be_visible()
    session = OutreachSession.objects.get()
    contacts = list(Contact.objects.order_by("id").values_list("age_band", "gender", "commune_id"))
    assert (session.kind, contacts) == (
        "food_distribution",
        [("35-44", "female", "11304"), ("75+", "", "11304")],
    )
