"""A day of community mediation on a phone: at a permanence a volunteer records an anonymous
contact and a known person; the mediator assesses the person's needs, orients her to the PASS
found in the directory, books an appointment, sends the reminder, marks it attended, and finds
it in the programme's activity report. Every page passes axe (WCAG 2.1 AA)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from lien.appointments.models import Appointment
from lien.appointments.sms import LocmemBackend
from lien.outreach.models import Contact
from tests.browser.conftest import assert_accessible
from tests.directory.factories import ServiceFactory, StructureFactory
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory

PASSWORD = "un-mot-de-passe-solide"
# A Tuesday morning: the appointment booked for 17:00 is still to come when the reminder leaves.
MORNING = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def team(transactional_db, settings):
    settings.SMS_BACKEND = "locmem"
    LocmemBackend.outbox.clear()
    organisation = OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")
    CommuneFactory()
    PersonFactory(organisation=organisation, first_name="Josette", last_name="Maury", phone="06 39 98 20 01")
    pass_ = StructureFactory(organisation=organisation, name="PASS de Carcassonne", typology="PASS")
    ServiceFactory(structure=pass_, name="Consultation sans couverture")
    for email, name, role in [
        ("pierre@lien.example", "Pierre Sabatier", Role.VOLUNTEER),
        ("amina@lien.example", "Amina Ould", Role.COMMUNITY_MEDIATOR),
    ]:
        user_add(email=email, organisation=organisation, role=role, full_name=name, password=PASSWORD)
    return organisation


@pytest.fixture
def morning():
    with time_machine.travel(MORNING, tick=True):
        yield


def _log_in(page, live_server, email):
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/connexion/"))


def _volunteer_at_the_permanence(page, live_server):
    _log_in(page, live_server, "pierre@lien.example")
    page.goto(live_server.url + "/sorties/saisie/")
    assert_accessible(page)
    page.get_by_label("Permanence").check()
    page.get_by_label("Lieu").fill("Salle de la mairie de Quillan")
    page.get_by_role("button", name="Commencer la sortie").click()
    # An anonymous contact: an age band, a gender, a topic.
    page.get_by_label("65 à 74 ans").check()
    page.get_by_label("Femme").check()
    page.get_by_label("Droits santé").check()
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(page.get_by_role("status")).to_contain_text("Contact enregistré")
    assert_accessible(page)
    # A person already followed, found by her name.
    page.get_by_text("Personne déjà suivie ?").click()
    page.get_by_label("Prénom, nom ou téléphone").fill("maury")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_label(re.compile("Josette Maury")).check()
    page.get_by_label("Rendez-vous").check()
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(page.get_by_role("status")).to_contain_text("Contact enregistré")
    page.get_by_role("button", name="Se déconnecter").click()


def test_a_day_of_community_mediation_on_a_phone(phone_page, live_server, team, morning):
    page = phone_page
    _volunteer_at_the_permanence(page, live_server)
    assert sorted(bool(contact.person_id) for contact in Contact.objects.all()) == [False, True]

    # The mediator opens Josette's file and assesses her needs.
    _log_in(page, live_server, "amina@lien.example")
    page.get_by_role("link", name="Personnes").click()
    page.get_by_label("Rechercher une personne").fill("josette")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Josette Maury").click()
    page.get_by_role("link", name="Nouvelle évaluation").click()
    page.get_by_label("Mobilité, distance").check()
    page.get_by_label("Droits : pas de couverture maladie").check()
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    expect(page.get_by_role("status")).to_contain_text("Évaluation enregistrée")

    # She orients Josette to the PASS, found in the directory, with an appointment taken for her.
    page.get_by_role("link", name="Personnes").click()
    page.get_by_label("Rechercher une personne").fill("josette")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Josette Maury").click()
    page.get_by_role("link", name="Ouvrir le suivi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suivi de Josette Maury")
    assert_accessible(page)
    page.get_by_role("link", name="Orienter", exact=True).click()
    page.get_by_label("Chercher la structure dans l'annuaire").fill("carcassonne")
    page.get_by_role("button", name="Chercher", exact=True).click()
    page.get_by_role("link", name="PASS de Carcassonne — Consultation sans couverture").click()
    expect(page.get_by_label("Type de structure")).to_have_value("pass")
    page.get_by_label("Motif de l'orientation").fill(
        "Soins sans couverture maladie, en attendant ses droits."
    )
    page.get_by_label("Rendez-vous pris pour la personne").check()
    page.get_by_label("Préparation avec la personne de ce qu'elle dira de ses besoins").check()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer l'orientation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Orientation vers PASS de Carcassonne — Consultation sans couverture"
    )
    assert_accessible(page)

    # The appointment, a reminder by text message, then the visit.
    page.get_by_role("link", name="Prendre un rendez-vous pour cette orientation").click()
    page.get_by_label(re.compile(r"^Date")).fill("2026-03-10")
    page.get_by_label("Heure").fill("17:00")
    page.get_by_label("Avec qui").fill("Dr Marty, médecin de la PASS")
    page.get_by_label(re.compile(r"^Lieu")).fill("Centre hospitalier de Carcassonne")
    page.get_by_label("Accompagnement physique nécessaire").check()
    expect(page.get_by_label("Par SMS")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le rendez-vous").click()
    expect(page.get_by_text("mardi 10 mars 2026 à 17 h 00")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer : rappel avant le rendez-vous").click()
    expect(page.get_by_role("status")).to_contain_text("envoyé par SMS à 06 39 98 20 01")
    assert len(LocmemBackend.outbox) == 1
    assert "mardi 10 mars 2026 à 17 h 00" in LocmemBackend.outbox[0]["body"]
    page.get_by_role("button", name="La personne est venue").click()
    expect(page.get_by_role("status")).to_contain_text("Honoré")
    assert Appointment.objects.get().status == "attended"

    # The programme's report counts it.
    page.get_by_role("link", name="Activité du programme").click()
    figures = page.locator(".key-figures")
    expect(figures).to_contain_text("Rendez-vous honorés")
    expect(figures.locator("div", has_text="Rendez-vous honorés").locator("strong")).to_have_text("1")
    expect(figures.locator("div", has_text="Contacts d'aller-vers")).to_contain_text("dont 1 anonyme")
    expect(figures.locator("div", has_text="Orientations").locator("strong")).to_have_text("1")
    expect(page.get_by_role("table", name=re.compile("Freins à l'accès aux soins"))).to_be_visible()
    expect(page.get_by_role("img", name="Orientations par type de structure et leur suite")).to_be_visible()
    assert_accessible(page)


def test_the_other_pages_of_the_follow_up_are_accessible_on_a_phone(phone_page, live_server, team, morning):
    from datetime import timedelta

    from django.utils import timezone

    from lien.accounts.models import User
    from lien.appointments.services import appointment_book
    from lien.followup.services import contact_record
    from lien.orientations.services import orientation_create, orientation_record_refused
    from lien.people.models import Person
    from lien.prevention.services import rapid_test_record

    amina = User.objects.get(email="amina@lien.example")
    josette = Person.objects.get()
    contact_record(
        acting_user=amina, person=josette, on=timezone.localdate() - timedelta(days=90), channel="phone"
    )
    orientation = orientation_create(
        acting_user=amina,
        person=josette,
        oriented_on=timezone.localdate() - timedelta(days=80),
        structure_kind="dental",
        structure_name="Cabinet dentaire d'Espéraza",
        reason="Douleurs",
    )
    orientation_record_refused(acting_user=amina, orientation=orientation, difficulty="care_refusal")
    test = rapid_test_record(
        acting_user=amina,
        person=josette,
        kind="hcv",
        result="reactive",
        performed_on=timezone.localdate() - timedelta(days=70),
    )
    appointment_book(
        acting_user=amina,
        person=josette,
        starts_at=timezone.now() + timedelta(hours=3),
        professional="Dr Roques",
        place="Cabinet dentaire",
        booked_by="for_person",
        mediator=amina,
    )
    page = phone_page
    _log_in(page, live_server, "amina@lien.example")
    for path, heading in [
        ("/suivi/", "À rappeler"),
        ("/suivi/reglages/", "Réglages du suivi"),
        (f"/suivi/personne/{josette.pk}/contact/", "Noter un contact"),
        ("/rendez-vous/agenda/", "Agenda de l'équipe"),
        ("/orientations/?toutes=1", "Orientations"),
        ("/orientations/difficultes/", "Difficultés d'orientation"),
        ("/prevention/", "Prévention et dépistage"),
        (f"/prevention/depistages/{test.pk}/", "TROD VHC du 30 décembre 2025"),
        ("/prevention/depistages/nouveau/?anonyme=1", "Nouveau dépistage (TROD)"),
        ("/prevention/actions-collectives/nouvelle/", "Nouvelle action collective"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    page.goto(live_server.url + "/suivi/")  # 70 days without contact: a rupture of follow-up
    expect(page.locator(".call-list")).to_contain_text("Rupture de suivi")
    expect(page.locator(".call-list")).to_contain_text("Josette Maury")
