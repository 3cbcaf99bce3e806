"""A food distribution in a valley without coverage: contacts recorded on a phone with the network
cut are kept on it, then sent once when it comes back — and never twice."""

import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from lien.outreach.models import Contact
from lien.outreach.services import session_create
from lien.people.services import person_create
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, OrganisationFactory
from tests.mediation import CONSENT

PASSWORD = "un-mot-de-passe-solide"
QUEUE = "lien.outreach.queue"


@pytest.fixture
def distribution(transactional_db):
    organisation = OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")
    quillan = CommuneFactory()
    volunteer, _ = user_add(
        email="pierre@lien.example",
        organisation=organisation,
        role=Role.VOLUNTEER,
        full_name="Pierre Sabatier",
        password=PASSWORD,
    )
    person_create(
        acting_user=volunteer,
        organisation=organisation,
        consent=CONSENT,
        first_name="Josette",
        last_name="Maury",
        birth_year=1948,
        commune=quillan,
    )
    return session_create(
        acting_user=volunteer,
        organisation=organisation,
        kind="food_distribution",
        held_on=timezone.localdate(),
        place="Distribution de colis",
        commune=quillan,
    )


def _queued(page) -> int:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{QUEUE}') || '[]').length")


def _record(page, *tiles: str) -> None:
    for tile in tiles:
        page.locator("form.quick-form label", has_text=tile).click()
    page.get_by_role("button", name="Enregistrer le contact").click()


def test_it_keeps_contacts_on_the_phone_until_the_network_returns(phone_page, live_server, distribution):
    page = phone_page
    answers: list[int] = []
    page.on(
        "response",
        lambda r: answers.append(r.status) if r.url.endswith("/api/v1/outreach/contacts") else None,
    )
    page.goto(f"{live_server.url}/sorties/saisie/?session={distribution.pk}")
    page.get_by_label("Adresse e-mail").fill("pierre@lien.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Aucun contact en attente d'envoi.")).to_be_visible()
    # The menu is folded on the phone: the entry takes the screen.
    expect(page.get_by_role("link", name="Accueil")).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("link", name="Accueil")).to_be_visible()
    page.get_by_text("Menu", exact=True).click()
    # Josette is looked for while there is still network; the page is kept for later.
    page.get_by_text("Personne déjà suivie ?").click()
    page.get_by_label("Prénom, nom ou téléphone").fill("Josette")
    page.get_by_role("button", name="Chercher").click()
    expect(page.get_by_text("Josette Maury (1948, Quillan)")).to_be_visible()
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    page.context.set_offline(True)
    # A known person: the anonymous profile tapped before is cleared, her file says it.
    page.locator("form.quick-form label", has_text="55 à 64 ans").click()
    page.locator("form.quick-form label", has_text="Josette Maury").click()
    expect(page.get_by_label("55 à 64 ans")).not_to_be_checked()
    _record(page, "Droits santé")
    expect(page.get_by_role("status")).to_contain_text("Contact gardé sur le téléphone : Josette M.")
    _record(page, "55 à 64 ans", "Femme")
    expect(page.get_by_role("status")).to_contain_text("contact anonyme, 55 à 64 ans, femme")
    # An empty contact is refused on the phone too, and queues nothing.
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(page.get_by_role("status")).to_contain_text("Contact vide")
    _record(page, "75 ans et plus", "Homme", "Orientation")
    expect(page.get_by_text("3 contacts en attente d'envoi")).to_be_visible()
    assert (_queued(page), Contact.objects.count()) == (3, 0)
    assert_accessible(page)
    # The page opens again without network (its service worker), the contacts still waiting.
    page.reload()
    expect(page.get_by_text("3 contacts en attente d'envoi (hors ligne)")).to_be_visible()
    # The copy kept is the session's page, without the search: it names no one.
    expect(page.get_by_text("Josette Maury")).to_have_count(0)
    kept = page.evaluate(f"localStorage.getItem('{QUEUE}')")
    assert not any("Josette" in json.dumps(item) for item in json.loads(kept))  # no name on the phone

    page.context.set_offline(False)
    # The queue is sent one contact after the other: on a loaded machine it takes a few seconds.
    expect(page.get_by_text("Aucun contact en attente d'envoi.")).to_be_visible(timeout=20_000)
    expect(page.locator("[data-quick-count]")).to_have_text("3 contacts", timeout=20_000)
    # Each contact recorded (201) — or, when its first answer did not reach the page (the phone gave
    # up waiting, or the answer came back while the page still believed it was offline), found
    # already recorded (200) at the next try: the rows below are three all the same, and the count
    # above is the server's either way.
    assert set(answers) <= {200, 201}
    contacts = list(
        Contact.objects.order_by("id").values_list("person__first_name", "age_band", "gender", "client_id")
    )
    assert [row[:3] for row in contacts] == [
        ("Josette", "75+", ""),
        (None, "55-64", "female"),
        (None, "75+", "male"),
    ]
    assert len({row[3] for row in contacts}) == 3 and None not in {row[3] for row in contacts}

    # The phone sends the same queue again (the answers were lost): nothing is recorded twice.
    page.evaluate(
        f"q => {{ localStorage.setItem('{QUEUE}', q); window.dispatchEvent(new Event('online')); }}", kept
    )
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem('{QUEUE}') || '[]').length === 0")
    assert answers[-3:] == [200, 200, 200]
    assert Contact.objects.count() == 3
    expect(page.locator("[data-quick-count]")).to_have_text("3 contacts")

    # The answer to a contact is lost on the way back (the server recorded it): the phone keeps
    # it, sends it again later, and the count says 4 — not 3 because the second answer is a 200.
    def lose_the_answer(route):
        route.fetch()  # the server records the contact…
        route.abort("connectionreset")  # …and the phone never hears of it

    page.route("**/api/v1/outreach/contacts", lose_the_answer)
    _record(page, "25 à 34 ans", "Femme")
    expect(page.get_by_role("status")).to_contain_text("Contact gardé sur le téléphone")
    expect(page.get_by_text("1 contact en attente d'envoi")).to_be_visible()
    assert Contact.objects.count() == 4
    page.unroute("**/api/v1/outreach/contacts")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_text("Aucun contact en attente d'envoi.")).to_be_visible()
    expect(page.locator("[data-quick-count]")).to_have_text("4 contacts")
    assert answers[-1] == 200 and Contact.objects.count() == 4

    # The session's contacts read on the phone: one stacked card per contact.
    page.get_by_role("link", name="Voir la sortie").click()
    expect(page).to_have_url(re.compile(rf"/sorties/{distribution.pk}/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("getComputedStyle(document.querySelector('table.stack tr')).display") == "block"
    assert_accessible(page)
