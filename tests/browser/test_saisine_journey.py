"""The working life of a saisine, as an Assurance Maladie mediator lives it (issue 3)."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, OrganisationFactory

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def mediator(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fund = OrganisationFactory(slug="cpam-hainaut", name="CPAM du Hainaut", fund=True)
    CommuneFactory(insee_code="59606", name="Valenciennes", postal_codes="59300", departement="59")
    user, _ = user_add(
        email="claire@cpam.example",
        organisation=fund,
        role=Role.INSTITUTIONAL_MEDIATOR,
        full_name="Claire Lefebvre",
        password=PASSWORD,
    )
    return user


def test_it_takes_a_letter_saisine_from_receipt_to_the_annual_report(desktop_page, live_server, mediator):
    page = desktop_page
    page.goto(live_server.url + "/saisines/")
    page.get_by_label("Adresse e-mail").fill("claire@cpam.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Saisines")
    assert_accessible(page)

    # Receipt of a letter.
    page.goto(live_server.url + "/saisines/nouvelle/")
    requester = page.get_by_role("group", name="Requérant·e")
    requester.get_by_label("Prénom ou pseudonyme").fill("Martine")
    requester.get_by_label(re.compile(r"^Nom\s*:?$")).fill("Dufour")
    requester.get_by_label("Adresse e-mail").fill("martine.dufour@example.org")
    request = page.get_by_role("group", name="La demande")
    request.get_by_label("Canal").select_option(label="Courrier")
    request.get_by_label("Périmètre").select_option(label="Première intention")
    request.get_by_label(re.compile(r"^Processus\s*:?$")).select_option(
        label="Plaintes assurés (accès aux soins)"
    )
    request.get_by_label("Sous-processus").select_option(label="Recherche de médecin traitant")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la saisine").click()
    expect(page.get_by_text(re.compile("Saisine .* enregistrée"))).to_be_visible()
    reference = page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)

    # Declared receivable.
    page.locator("summary", has_text="Décider de la recevabilité").click()
    page.get_by_role("radio", name="Recevable", exact=True).check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Recevable").first).to_be_visible()

    # The acknowledgement, written from the fund's template and sent by e-mail with its PDF.
    page.get_by_role("link", name="Accusé de réception et de recevabilité").click()
    expect(page.get_by_label("Texte du courrier")).to_contain_text("Votre demande est recevable")
    page.get_by_role("button", name="Enregistrer et produire le PDF").click()
    page.get_by_role("button", name="Envoyer par courriel avec le PDF").click()
    expect(page.get_by_text(re.compile("^Envoyé le"))).to_be_visible()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["martine.dufour@example.org"]
    page.get_by_role("link", name="Retour à la saisine").click()

    # A question to a service of the fund.
    page.locator("summary", has_text="Solliciter un service de la caisse").click()
    page.get_by_label("Service sollicité").fill("Service relations médecins")
    page.get_by_role("button", name="Enregistrer la demande").click()
    expect(page.get_by_text("Service relations médecins").first).to_be_visible()

    # Closed with an outcome.
    page.locator("summary", has_text="Clôturer la saisine").click()
    page.get_by_label("Mode de résolution").select_option(label="Solution d'accompagnement")
    page.get_by_label("Suite donnée").select_option(label="Orientation vers la MAS")
    page.get_by_role("button", name="Clôturer", exact=True).click()
    expect(page.get_by_text("Clôturée").first).to_be_visible()
    assert_accessible(page)

    # And there it is in the annual report.
    year = timezone.localdate().year
    page.goto(f"{live_server.url}/rapports/annuel/?organisation=cpam-hainaut&year={year}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Orientation vers la MAS").first).to_be_visible()
    assert_accessible(page)
    assert reference
