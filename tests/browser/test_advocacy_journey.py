"""A mediator selects a testimony the person opened to advocacy, reviews the pseudonymiser's
proposal, adds a masked table, builds the dossier and downloads its PDF; every page passes axe."""

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from lien.participation.services import testimony_save as save_testimony
from lien.people.services import ConsentInput, person_create
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, OrganisationFactory

PASSWORD = "un-mot-de-passe-solide"
WORDS = "Josiane Roux attend un médecin traitant depuis deux ans ; joignable au 06 12 34 56 78."


@pytest.fixture
def mediator(transactional_db):
    organisation = OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")
    user, _ = user_add(
        email="amina@lien.example",
        organisation=organisation,
        role=Role.COMMUNITY_MEDIATOR,
        full_name="Amina Ould",
        password=PASSWORD,
    )
    consent = ConsentInput(given_on=date(2025, 1, 6), form="written", advocacy_testimonies=True)
    person = person_create(
        acting_user=user,
        organisation=organisation,
        first_name="Josiane",
        last_name="Roux",
        commune=CommuneFactory(),
        consent=consent,
    )
    save_testimony(
        acting_user=user,
        organisation=organisation,
        person=person,
        collected_on=date(2025, 3, 12),
        text=WORDS,
        advocacy_use=True,
    )
    return user


def test_a_mediator_builds_a_reviewed_dossier_and_downloads_it(mediator, live_server, desktop_page):
    page = desktop_page
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("amina@lien.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/connexion/"))

    page.goto(live_server.url + "/plaidoyer/")
    assert_accessible(page)
    page.get_by_label("Titre").fill("Déserts médicaux dans la haute vallée")
    page.get_by_label("Destinataire").fill("ARS Occitanie")
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page.get_by_role("heading", name="Déserts médicaux dans la haute vallée")).to_be_visible()
    expect(page.get_by_text("Le dossier est vide")).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Un témoignage ouvert au plaidoyer").click()
    page.get_by_label("Témoignage ouvert au plaidoyer").select_option(index=0)
    page.get_by_role("button", name="Proposer une version pseudonymisée").first.click()

    # The review: the original with what Lien proposes to replace marked, the proposal to edit.
    expect(page.get_by_role("heading", name="Relire un extrait")).to_be_visible()
    expect(page.locator("mark.entity").first).to_contain_text("Josiane Roux")
    review = page.get_by_label("Texte relu")
    expect(review).to_have_value(
        "[NOM] attend un médecin traitant depuis deux ans ; joignable au [TÉLÉPHONE]."
    )
    assert_accessible(page)
    # The reviewer puts a name back: refused until confirmed, and not confirmed here.
    review.fill("Josiane attend un médecin traitant depuis deux ans.")
    page.get_by_role("button", name="Valider cette version").click()
    expect(page.get_by_text("semble identifier quelqu'un")).to_be_visible()
    page.get_by_label("Texte relu").fill("Une femme attend un médecin traitant depuis deux ans.")
    page.get_by_role("button", name="Valider cette version").click()
    expect(page.get_by_text("Extrait relu et validé.")).to_be_visible()

    page.get_by_text("Un tableau chiffré").click()
    page.get_by_label("Titre du tableau").fill("Personnes accompagnées selon le genre")
    page.get_by_label("Du :", exact=True).fill("2025-01-01")
    page.get_by_label("Au :", exact=True).fill("2025-12-31")
    page.get_by_label("Ventilé par").select_option("gender")
    page.get_by_role("button", name="Ajouter le tableau").click()
    expect(page.get_by_text("Tableau ajouté au dossier.")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger le dossier (PDF)")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le dossier (PDF)").click()
    path = download_info.value.path()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(open(path, "rb").read())).pages)
    assert "Une femme attend un médecin traitant" in text
    assert "Josiane" not in text and "06 12 34 56 78" not in text
    assert "Personnes accompagnées selon le genre" in text
