"""A case through the hands of a CPAM's team (issue 10): the mediator declares a conflict of
interest, the deputy finds the case on their home and proposes equity, the director finds the
proposal on theirs and decides, the closure letter is produced with a postal address block."""

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from lien.people.models import Person
from lien.saisines import services
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, OrganisationFactory

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def team(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fund = OrganisationFactory(slug="cpam-hainaut", name="CPAM du Hainaut", fund=True)
    maubeuge = CommuneFactory(insee_code="59392", name="Maubeuge", postal_codes="59600", departement="59")
    users = {}
    for role, email, name in [
        (Role.INSTITUTIONAL_MEDIATOR, "claire@cpam.example", "Claire Lefebvre"),
        (Role.DEPUTY, "karim@cpam.example", "Karim Benali"),
        (Role.DIRECTOR, "anne@cpam.example", "Anne Roussel"),
    ]:
        users[role], _ = user_add(
            email=email, organisation=fund, role=role, full_name=name, password=PASSWORD
        )
    requester = Person.objects.create(
        organisation=fund,
        first_name="Martine",
        last_name="Dufour",
        civility="madame",
        address_street="12 rue de la Croix",
        postal_code="59600",
        commune=maubeuge,
    )
    saisine = services.saisine_receive(
        acting_user=users[Role.INSTITUTIONAL_MEDIATOR],
        organisation=fund,
        received_on=timezone.localdate(),
        channel="letter",
        author_type="insured",
        origin="direct",
        perimeter="after_claim",
        process="cash_benefits",
        subprocess="sickness",
        requester=requester,
        prior_claim=True,
    )
    services.saisine_declare_receivable(acting_user=users[Role.INSTITUTIONAL_MEDIATOR], saisine=saisine)
    return fund, users, saisine


def _log_in(page, url: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_case_goes_from_a_conflict_to_the_deputy_to_the_director_to_the_letter(
    desktop_page, live_server, team
):
    page, url = desktop_page, live_server.url
    _fund, users, saisine = team

    # The mediator knows the requester: they declare a conflict of interest and leave the case.
    _log_in(page, url, "claire@cpam.example")
    page.goto(f"{url}/saisines/{saisine.pk}/")
    page.locator("summary", has_text="Déclarer un conflit d'intérêts").click()
    page.get_by_label("Nature du lien avec le requérant").fill("Voisine de la requérante.")
    page.get_by_role("button", name="Déclarer et confier le dossier").click()
    expect(page.get_by_role("heading", name="Accès refusé")).to_be_visible()
    expect(page.get_by_text(saisine.reference).first).to_be_visible()
    expect(page.get_by_text("Dufour")).to_have_count(0)

    # The deputy finds it on their home, under "Mes dossiers", with a notification.
    _log_in(page, url, "karim@cpam.example")
    expect(page.get_by_role("heading", name="Mes dossiers")).to_be_visible()
    expect(page.get_by_text(re.compile("vous est confiée"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("region", name="Mes dossiers").get_by_role("link", name=saisine.reference).click()
    page.locator("summary", has_text="Proposer une solution en équité").click()
    page.get_by_label("Solution proposée en équité").fill("Remise gracieuse de l'indu de 640 euros.")
    page.get_by_role("button", name="Transmettre au directeur").click()
    expect(page.get_by_text("En attente de la décision du directeur").first).to_be_visible()

    # The director finds the proposal on their home and decides.
    _log_in(page, url, "anne@cpam.example")
    proposals = page.get_by_role("region", name=re.compile("Propositions en équité à décider"))
    expect(proposals).to_be_visible()
    assert_accessible(page)
    proposals.get_by_role("link", name=saisine.reference).click()
    page.locator("summary", has_text="Décider de la proposition en équité").click()
    page.get_by_role("radio", name="Acceptée par le directeur").check()
    page.get_by_label("Motif de la décision").fill("Situation de grande précarité.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Acceptée par le directeur").first).to_be_visible()

    # The deputy closes in equity and produces the closure letter, with a postal address block.
    _log_in(page, url, "karim@cpam.example")
    page.goto(f"{url}/saisines/{saisine.pk}/")
    page.locator("summary", has_text="Clôturer la saisine").click()
    page.get_by_label("Mode de résolution").select_option(label="Proposition en équité")
    page.get_by_label("Suite donnée").select_option(label="Accord amiable")
    page.get_by_role("button", name="Clôturer", exact=True).click()
    expect(page.get_by_text("Clôturée").first).to_be_visible()
    page.get_by_role("link", name="Courrier de clôture").click()
    page.get_by_role("button", name="Enregistrer et produire le PDF").click()
    pdf_link = page.get_by_role("link", name=re.compile("PDF")).first
    response = page.request.get(url + pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    for line in ("Madame Martine DUFOUR", "12 rue de la Croix", "59600 MAUBEUGE", "Madame Dufour,"):
        assert line in text, (line, text)
    assert "&#" not in text and "Karim Benali" in text
