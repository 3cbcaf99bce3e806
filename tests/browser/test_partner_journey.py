"""A mediator proposes the patient partners' programme from a patient's file, records the signed
consent (a scanned form) and the patient's choice; the partner, in a browser of their own, sees the
patient's first name, notes a meeting, and gets the 404 page for the patient's needs assessment.
Every page of the partner passes axe."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from lien.assessments.services import assessment_create
from lien.partners import services as partners
from lien.partners.models import PartnerAccompaniment, PartnerMeeting
from lien.people.services import ConsentInput, person_create
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, OrganisationFactory

PASSWORD = "un-mot-de-passe-solide"
MEDIATOR, PARTNER = "amina@lien.example", "marc@lien.example"
SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def story(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    organisation = OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")
    mediator, _ = user_add(
        email=MEDIATOR, organisation=organisation, role=Role.COMMUNITY_MEDIATOR, password=PASSWORD
    )
    coordinator, _ = user_add(email="coord@lien.example", organisation=organisation, role=Role.COORDINATOR)
    partner_user, _ = user_add(
        email=PARTNER, organisation=organisation, role=Role.PATIENT_PARTNER, password=PASSWORD
    )
    partner = partners.partner_create(
        acting_user=coordinator,
        organisation=organisation,
        first_name="Marc",
        last_name="Durand",
        user=partner_user,
        languages=["fr"],
    )
    training = partners.training_add(
        acting_user=coordinator,
        partner=partner,
        kind="university",
        body="DU patient partenaire",
        completed_on=today - timedelta(days=200),
        certificate=SimpleUploadedFile("a.pdf", SCAN, content_type="application/pdf"),
    )
    partners.training_validate(acting_user=coordinator, training=training)
    partners.convention_add(
        acting_user=coordinator,
        partner=partner,
        party="MdM",
        starts_on=today - timedelta(days=30),
        framework="volunteer",
        file=SimpleUploadedFile("c.pdf", SCAN, content_type="application/pdf"),
    )
    person = person_create(
        acting_user=mediator,
        organisation=organisation,
        first_name="Odile",
        last_name="Quintal",
        commune=CommuneFactory(),
        consent=ConsentInput(given_on=today - timedelta(days=60), form="written", share_with_partners=True),
    )
    assessment = assessment_create(
        acting_user=mediator, person=person, assessed_on=today, barriers=["mobility"], notes="zqxnotes"
    )
    return person, assessment


def login(page, base: str, email: str) -> None:
    page.goto(base + "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/connexion/"))


def test_a_mediator_proposes_the_patient_consents_and_the_partner_notes_a_meeting(
    story, live_server, browser, desktop_page
):
    person, assessment = story
    base = live_server.url

    # The mediator, from the patient's file.
    page = desktop_page
    login(page, base, MEDIATOR)
    page.goto(base + reverse("person_detail", args=[person.pk]))
    page.get_by_role("link", name="Proposer un·e patient·e partenaire").click()
    page.get_by_label("Marc Durand").check()
    page.get_by_role("button", name="Enregistrer la proposition").click()
    expect(
        page.get_by_role("heading", name=re.compile("Accompagnement patient·e partenaire"))
    ).to_be_visible()
    page.get_by_label("Consentement papier signé, numérisé").check()
    page.locator("input[type=file][name=scan]").set_input_files(
        {"name": "consentement.pdf", "mimeType": "application/pdf", "buffer": SCAN}
    )
    page.get_by_role("button", name="Enregistrer le consentement").click()
    expect(page.get_by_text("Consentement enregistré.")).to_be_visible()
    page.get_by_label("Patient·e partenaire choisi·e").select_option(label="Marc Durand")
    page.get_by_role("button", name="Enregistrer le choix et la prise de contact").click()
    expect(page.get_by_text("Choix et prise de contact enregistrés.")).to_be_visible()

    # The patient partner, in a browser of their own.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    try:
        mine = context.new_page()
        login(mine, base, PARTNER)
        mine.goto(base + reverse("partners:my_accompaniments"))
        assert_accessible(mine)
        mine.get_by_role("link", name="Odile").click()
        expect(mine.get_by_role("heading", name="Odile", exact=True)).to_be_visible()
        expect(mine.get_by_text("Quintal")).to_have_count(0)
        assert_accessible(mine)
        mine.get_by_label("Durée (minutes)").fill("45")
        mine.get_by_label("En personne").check()
        mine.get_by_label("Lieu (facultatif)").fill("Café de la place")
        mine.get_by_label("Isolement et moral").check()
        mine.get_by_role("button", name="Noter la rencontre").click()
        expect(mine.get_by_text("Rencontre notée.")).to_be_visible()
        expect(mine.get_by_text("1 rencontre notée")).to_be_visible()
        expect(mine.get_by_role("cell", name="Café de la place")).to_be_visible()
        assert_accessible(mine)
        assert PartnerMeeting.objects.get().duration_minutes == 45

        # The patient's needs assessment, typed in the address bar: the 404 page.
        response = mine.goto(base + reverse("assessments:detail", args=[assessment.pk]))
        assert response is not None and response.status == 404
        expect(mine.get_by_text("zqxnotes")).to_have_count(0)
        assert_accessible(mine)
    finally:
        context.close()


def test_the_patient_signs_on_screen_and_the_signature_is_kept(story, live_server, desktop_page):
    """The on-screen consent: the patient types their name and draws in the frame with the mouse;
    the page shows the signature back, drawn from the strokes the server kept."""
    person, _assessment = story
    base = live_server.url
    page = desktop_page
    login(page, base, MEDIATOR)
    page.goto(base + reverse("partners:accompaniment_propose", args=[person.pk]))
    page.get_by_label("Marc Durand").check()
    page.get_by_role("button", name="Enregistrer la proposition").click()
    page.get_by_label("Signature dessinée à l'écran, avec le nom complet").check()
    page.get_by_label("Nom complet saisi par le ou la patient·e").fill("Odile Quintal")
    # Without a drawing: refused, with the reason next to the frame.
    page.get_by_role("button", name="Enregistrer le consentement").click()
    expect(page.get_by_text("Le ou la patient·e signe dans le cadre.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nom complet saisi par le ou la patient·e").fill("Odile Quintal")
    page.get_by_label("Signature dessinée à l'écran, avec le nom complet").check()
    pad = page.get_by_role("img", name=re.compile("Cadre de signature"))
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + box["height"] * (0.3 + 0.4 * (step % 2)))
    page.mouse.up()
    page.get_by_role("button", name="Enregistrer le consentement").click()
    expect(page.get_by_text("Consentement enregistré.")).to_be_visible()
    expect(page.get_by_role("img", name="Signature du ou de la patient·e")).to_be_visible()
    accompaniment = PartnerAccompaniment.objects.get()
    assert accompaniment.signed_name == "Odile Quintal" and len(accompaniment.signature_strokes[0]) >= 10
    assert_accessible(page)
