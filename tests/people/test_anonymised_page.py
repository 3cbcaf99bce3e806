"""The page of an anonymised file offers no action, and every link on it leads somewhere."""

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from lien.appointments.services import accompaniment_record
from lien.assessments.services import assessment_create
from lien.followup.services import contact_record as followup_contact
from lien.followup.services import goal_create
from lien.orientations.services import orientation_create
from lien.outreach.services import contact_record as outreach_contact
from lien.outreach.services import session_create
from lien.participation.services import testimony_save as save_testimony
from lien.people.services import consent_withdraw
from lien.prevention.services import rapid_test_record
from lien.rights.services import procedure_start
from tests.community import aware, book
from tests.mediation import FULL_CONSENT, consented_person

pytestmark = pytest.mark.django_db

# What a page may link to from an anonymised file: nothing that starts a new step or changes it.
ACTIONS = {
    "person_edit",
    "consent_record",
    "consent_withdraw",
    "followup:contact_add",
    "orientations:create",
    "appointments:create",
    "assessments:create",
    "rights:create",
    "participation:testimony_create",
    "prevention:test_create",
    "prevention:advice_create",
}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return [href for href in dict.fromkeys(parser.hrefs) if urlsplit(href).scheme in ("", "http", "https")]


@pytest.fixture
def anonymised(world):
    """A person with one of each thing the apps keep, then a consent withdrawal."""
    mediator = world.users["community_mediator"]
    person = consented_person(world, consent=FULL_CONSENT, phone="06 12 34 56 78")
    today = timezone.localdate()
    followup_contact(acting_user=mediator, person=person, on=today, channel="phone", note="Rappeler")
    goal_create(acting_user=mediator, person=person, title="Médecin traitant", agreed_on=today)
    orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=today,
        structure_kind="pass",
        structure_name="PASS",
        reason="Soins",
    )
    book(world, person, aware(today + timedelta(days=5)))
    book(world, person, aware(today - timedelta(days=5)))
    accompaniment_record(
        acting_user=mediator,
        person=person,
        on=today,
        destination="Limoux",
        accompanied_by=mediator,
        vehicle="team_vehicle",
        distance_km=30,
        duration_minutes=90,
    )
    assessment_create(acting_user=mediator, person=person, assessed_on=today, barriers=["no_gp"])
    procedure_start(acting_user=mediator, person=person, kind="c2s", started_on=today)
    rapid_test_record(
        acting_user=world.users["volunteer"],
        person=person,
        kind="hiv",
        result="non_reactive",
        performed_on=today,
    )
    session = session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="permanence",
        held_on=today,
        place="Mairie",
    )
    outreach_contact(acting_user=mediator, session=session, person=person, topics=["rights"])
    save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=today,
        text="Trop loin.",
        advocacy_use=True,
    )
    return consent_withdraw(acting_user=mediator, person=person)


@pytest.mark.parametrize("role", ["community_mediator", "volunteer", "assistant"])
def test_every_link_of_an_anonymised_file_leads_somewhere_and_none_is_an_action(
    world, anonymised, client_for, role
):
    client = client_for(world.users[role])
    page = client.get(reverse("person_detail", args=[anonymised.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "retiré son consentement" in html
    hrefs = [href for href in links_of(html) if not href.startswith("#")]
    assert hrefs  # the navigation at least
    offered = sorted(
        f"{match.namespace + ':' if match.namespace else ''}{match.url_name}"
        for href in hrefs
        if (match := resolve(urlsplit(href).path))
    )
    assert sorted(set(offered) & ACTIONS) == []
    content = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'method="post"' not in content  # nor a button that writes
    broken = {}
    for href in hrefs:
        status = client.get(href).status_code
        if status == 404 or status >= 500:
            broken[href] = status
    assert broken == {}


def test_an_anonymised_file_shows_its_age_band_and_no_birth_year(world, anonymised, client_for):
    html = (
        client_for(world.users["community_mediator"])
        .get(reverse("person_detail", args=[anonymised.pk]))
        .content.decode()
    )
    assert "au retrait du consentement" in html  # « 75 ans et plus au retrait du consentement »
    assert "Année de naissance" not in html and str(anonymised.birth_year) not in html
    assert "Département" in html  # one file in its commune: the commune would name the person
