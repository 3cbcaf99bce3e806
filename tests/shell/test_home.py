"""The home page per role (lien/shell/home.py): a fund team's queues and cases, a director's
proposals and key figures, a network's figures, the community home as it was, and everyone's
unread notifications."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.notifications.enums import NotificationKind
from lien.notifications.services import notify
from lien.people.access import get_person_for_user
from lien.saisines.enums import Status
from lien.saisines.services import saisine_receive
from tests.factories import OrganisationFactory, UserFactory
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db


def _home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _headings(page: str) -> list[str]:
    return re.findall(r"<h2[^>]*>(.*?)</h2>", page)


def test_a_mediator_sees_the_queues_and_their_cases(team, receive, advance, client_for):
    mine = receive(reference="M-1")
    late = receive(reference="M-LATE", received_on=timezone.localdate() - timedelta(days=30))
    advance(receive(reference="M-EQUITY"), Status.PROPOSAL)
    page = _home(client_for(team.mediator))
    assert "À traiter" in page and "Mes dossiers" in page
    for code, count in {"due_soon": 2, "late": 1, "awaiting_director": 1, "mine": 3}.items():
        assert re.search(
            rf'href="/saisines/\?queue={code}"><span class="queue-count">{count}</span>', page
        ), code
    for saisine in (mine, late):
        assert f'<a href="{reverse("saisines:detail", args=[saisine.pk])}">{saisine.reference}</a>' in page
    assert "Reçue" in page  # the status of the case
    assert "en retard de" in page  # its deadline
    assert "Retrouver une personne" not in page  # the community home is not theirs


def test_the_assistant_and_the_deputy_see_the_queues_too(team, client_for):
    for role in ("assistant", "deputy"):
        page = _home(client_for(team.users[role]))
        assert "À traiter" in page and "Aucun dossier en cours ne vous est confié." in page


def test_the_home_of_a_mediator_makes_as_many_queries_for_many_saisines(team, receive, client_for):
    client = client_for(team.mediator)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            _home(client)
        return len(captured)

    receive()
    client.get(reverse("home"))  # the first request fills the caches of the process
    few = count()
    for _ in range(14):
        receive()
    assert count() == few <= 20


def test_a_director_sees_the_proposals_awaiting_their_decision_and_the_key_figures(
    team, receive, advance, client_for, django_assert_max_num_queries
):
    pending = advance(receive(reference="D-EQUITY"), Status.PROPOSAL)
    receive(reference="D-OTHER")
    advance(receive(reference="D-CLOSED"), Status.CLOSED)
    client = client_for(team.users["director"])
    with django_assert_max_num_queries(30):
        page = _home(client)
    assert "Propositions en équité à décider — CPAM de Lien" in page
    assert f'<a href="{reverse("saisines:detail", args=[pending.pk])}">D-EQUITY</a>' in page
    assert "D-OTHER" not in page
    assert f"Chiffres clés {timezone.localdate().year}" in page
    figures = dict(re.findall(r"<dt>(.*?)</dt><dd><strong>(.*?)</strong>", page))
    assert figures["Saisines reçues"] == "3"
    assert figures["Saisines clôturées"] == "1"
    assert figures["Réitérations"] == "0"
    assert "À traiter" not in page  # the queues are the team's


def test_a_director_without_pending_proposals_is_told_so(team, client_for):
    page = _home(client_for(team.users["director"]))
    assert "Aucune proposition n'attend votre décision." in page
    figures = dict(re.findall(r"<dt>(.*?)</dt><dd><strong>(.*?)</strong>", page))
    assert figures["Saisines reçues"] == "0" and figures["Délai moyen de traitement"] == "—"


def test_a_coordinator_sees_the_figures_of_their_network(world, client_for):
    fund = OrganisationFactory(slug="cpam-reseau", name="CPAM du réseau", fund=True, parent=world.regional)
    mediator = UserFactory(email="mediateur@cpam-reseau.example")
    membership_add(user=mediator, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    saisine_receive(
        acting_user=mediator,
        organisation=fund,
        received_on=timezone.localdate(),
        channel="letter",
        author_type="insured",
        origin="direct",
        perimeter="after_claim",
        process="cash_benefits",
        subprocess="sickness",
    )
    page = _home(client_for(world.users["regional_coordinator"]))
    assert "Médiation institutionnelle du réseau" in page
    figures = dict(re.findall(r"<dt>(.*?)</dt><dd><strong>(.*?)</strong>", page))
    assert figures["Saisines reçues"] == "1"
    assert f'href="{reverse("statistics")}"' in page


def test_the_community_mediators_home_is_unchanged(world, client_for):
    mediator = world.users["community_mediator"]
    person = consented_person(world)
    get_person_for_user(mediator, person.pk)
    page = _home(client_for(mediator))
    assert _headings(page) == ["Retrouver une personne", "Fiches consultées récemment", "Vos organisations"]
    assert person.display_name in page


def test_a_user_without_a_role_is_told_to_ask_for_one(world, client_for):
    page = _home(client_for(world.users["nobody"]))
    assert _headings(page) == ["Vos organisations"]
    assert "Vous n'avez encore aucun rôle" in page


def test_everyone_sees_up_to_five_unread_notifications(world, client_for):
    mediator = world.users["community_mediator"]
    for i in range(7):
        notify(
            users=[mediator],
            kind=NotificationKind.SERVICE_ANSWER_OVERDUE,
            text=f"La saisine 2026-{i:04d} attend la réponse d'un service.",
            url="/saisines/",
            key=f"k{i}",
        )
    page = _home(client_for(mediator))
    assert _headings(page)[0] == "Notifications non lues"
    assert page.count("attend la réponse d") == 5
    assert "2026-0006" in page and "2026-0001" not in page  # the newest
    assert f'href="{reverse("notifications:list")}"' in page


@pytest.mark.parametrize("role", ["institutional_mediator", "director"])
def test_the_home_renders_in_english(team, receive, advance, client_for, role):
    advance(receive(), Status.PROPOSAL)
    client = client_for(team.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in _home(client)
