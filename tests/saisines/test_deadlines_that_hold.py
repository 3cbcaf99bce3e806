"""Deadlines that lose no case, a conflicted mediator off the case, "Mes dossiers", and the
perimeter facts through the API — on the page, the API and the services alike."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lien.journal.models import JournalEntry
from lien.letters.enums import LetterKind
from lien.letters.services import letter_create, letter_mark_sent
from lien.saisines import services
from lien.saisines.display import deadline_of
from lien.saisines.enums import Status
from lien.saisines.selectors import SaisineFilters, queue_counts, saisines_for

pytestmark = pytest.mark.django_db


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def _in_queue(user, queue: str) -> list[str]:
    filters = SaisineFilters(queue=queue)
    return [s.reference for s in saisines_for(user, filters, today=timezone.localdate())]


@pytest.fixture
def mid_year():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


# A saisine declared not receivable owes its notice within 7 days


def test_a_not_receivable_saisine_stays_in_answer_due_until_its_notice_is_sent(team, receive, advance):
    saisine = advance(receive(received_on=_days_ago(2), reference="NR-1"), Status.NOT_RECEIVABLE)
    assert saisine.owes_first_answer
    assert _in_queue(team.mediator, "due_soon") == ["NR-1"]
    letter = letter_create(acting_user=team.mediator, saisine=saisine, kind=LetterKind.NON_RECEIVABILITY)
    letter_mark_sent(acting_user=team.mediator, letter=letter, sent_on=_days_ago(1), via="post")
    saisine.refresh_from_db()
    assert saisine.notice_sent_on == _days_ago(1)
    assert (saisine.first_answer_on, saisine.answer_delay_days) == (_days_ago(1), 1)
    assert not saisine.owes_first_answer
    assert _in_queue(team.mediator, "due_soon") == []
    assert saisine.events.filter(kind="notice_sent").count() == 1


def test_a_not_receivable_saisine_whose_notice_is_overdue_is_late_by_so_many_days(team, receive, advance):
    saisine = advance(receive(received_on=_days_ago(10), reference="NR-LATE"), Status.NOT_RECEIVABLE)
    assert _in_queue(team.mediator, "late") == ["NR-LATE"]
    deadline = deadline_of(saisine, timezone.localdate())
    assert (deadline.late, deadline.days_late) == (True, 3)
    page = team_page(team, "saisines:list", {"queue": "late"})
    assert "en retard de 3 jours" in page


def test_late_rows_say_by_how_many_days_with_the_right_plural(team, receive):
    receive(received_on=_days_ago(8), reference="ONE-DAY")
    page = team_page(team, "saisines:list", {"queue": "late"})
    assert "en retard de 1 jour<" in page


def team_page(team, name: str, params: dict | None = None, *args) -> str:
    from django.test import Client

    client = Client()
    client.force_login(team.mediator)
    response = client.get(reverse(name, args=args), params or {})
    assert response.status_code == 200
    return response.content.decode()


# A court action ends the mediation with its own outcome


def test_a_court_action_is_no_first_answer_and_leaves_the_queues(team, receive, advance):
    saisine = advance(receive(received_on=_days_ago(10), reference="CA-1"), Status.ENDED_COURT_ACTION)
    assert saisine.outcome == "court_action"
    assert saisine.first_answer_on is None
    assert not saisine.owes_first_answer
    assert deadline_of(saisine, timezone.localdate()).due_on is None
    assert "CA-1" not in _in_queue(team.mediator, "late")


def test_the_closure_letter_ends_the_appeal_suspension_not_the_closure(team, receive, advance):
    saisine = advance(receive(received_on=_days_ago(5)), Status.RECEIVABLE)
    services.saisine_acknowledge(
        acting_user=team.mediator, saisine=saisine, acknowledged_on=_days_ago(4), suspended_appeals=["cra"]
    )
    services.saisine_close(
        acting_user=team.mediator, saisine=saisine, closed_on=_days_ago(2), outcome="decision_revised"
    )
    saisine.refresh_from_db()
    assert saisine.appeal_suspended_until is None
    letter = letter_create(acting_user=team.mediator, saisine=saisine, kind=LetterKind.CLOSURE)
    letter_mark_sent(acting_user=team.mediator, letter=letter, sent_on=_days_ago(1), via="post")
    saisine.refresh_from_db()
    assert saisine.appeal_suspended_until == _days_ago(1)


# Conflict of interest: the declarant is off the case, on every path


@pytest.fixture
def conflicted(team, receive):
    saisine = receive(reference="CI-1", subject="Indemnités de Mme Éluard")
    services.saisine_declare_conflict(acting_user=team.mediator, saisine=saisine, link="Voisine.")
    return saisine


def test_the_conflicted_mediator_no_longer_lists_the_case(team, conflicted):
    assert _in_queue(team.mediator, "") == []
    assert queue_counts(team.mediator, today=timezone.localdate())["mine"] == 0
    assert _in_queue(team.users["deputy"], "mine") == ["CI-1"]


def test_the_conflicted_mediator_is_refused_in_the_api_with_the_reference_only(team, conflicted, client_for):
    client = client_for(team.mediator)
    response = client.get(f"/api/v1/saisines/{conflicted.pk}")
    assert response.status_code == 403
    assert "CI-1" in response.json()["detail"]
    assert "Éluard" not in response.content.decode()
    action = client.post(
        f"/api/v1/saisines/{conflicted.pk}/actions/add_note",
        {"text": "Je reviens sur ce dossier."},
        content_type="application/json",
    )
    assert action.status_code == 403
    assert not conflicted.notes.exists()
    listed = client.get("/api/v1/saisines").json()
    assert listed["count"] == 0
    assert JournalEntry.objects.filter(user=team.mediator, detail__startswith="accès refusé").count() == 2


def test_the_services_refuse_the_conflicted_mediator_whatever_the_path(team, conflicted):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="conflit d'intérêts"):
        services.note_add(acting_user=team.mediator, saisine=conflicted, text="Via l'import ou l'admin.")
    assert not conflicted.notes.exists()


def test_the_deputy_acts_on_the_case_and_finds_it_in_mes_dossiers(team, conflicted, client_for):
    client = client_for(team.users["deputy"])
    assert client.get(reverse("saisines:detail", args=[conflicted.pk])).status_code == 200
    listed = client.get(reverse("saisines:list"), {"queue": "mine"})
    assert [s.reference for s, _ in listed.context["rows"]] == ["CI-1"]


# Mes dossiers: every mediator, assistant and deputy


@pytest.mark.parametrize("role", ["institutional_mediator", "assistant", "deputy"])
def test_mes_dossiers_exists_for_every_fund_role(team, role, client_for):
    response = client_for(team.users[role]).get(reverse("saisines:list"), {"queue": "mine"})
    assert response.status_code == 200
    assert "Mes dossiers" in response.content.decode()


# The perimeter facts through the API, as on the page


def test_the_api_records_the_perimeter_facts_at_receipt_and_later(team, client_for):
    client = client_for(team.mediator)
    created = client.post(
        "/api/v1/saisines",
        {
            "organisation": team.fund.slug,
            "received_on": timezone.localdate().isoformat(),
            "channel": "letter",
            "author_type": "insured",
            "origin": "direct",
            "perimeter": "first_intention",
            "process": "care_access_complaint",
            "subprocess": "gp_search",
            "matter": "gp_or_specialist_access",
            "prior_claim": False,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["matter"], body["prior_claim"], body["court_action_pending"]) == (
        "gp_or_specialist_access",
        False,
        False,
    )
    later = client.post(
        f"/api/v1/saisines/{body['id']}/actions/record_perimeter",
        {
            "perimeter": "after_claim",
            "matter": "other_matter",
            "prior_claim": True,
            "court_action_pending": True,
        },
        content_type="application/json",
    )
    assert later.status_code == 200, later.content
    assert (later.json()["matter"], later.json()["prior_claim"], later.json()["court_action_pending"]) == (
        "other_matter",
        True,
        True,
    )


# Notifications: a link and a reference, no name


def test_each_step_notifies_who_acts_next_without_naming_the_requester(
    team, receive, advance, requester, mailoutbox, django_capture_on_commit_callbacks
):
    from lien.notifications.models import Notification

    director, deputy = team.users["director"], team.users["deputy"]
    with django_capture_on_commit_callbacks(execute=True):
        saisine = advance(receive(requester=requester, reference="N-1"), Status.PROPOSAL)
    proposed = Notification.objects.get(user=director)
    assert (proposed.kind, proposed.url) == ("equity_proposed", reverse("saisines:detail", args=[saisine.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        services.saisine_decide_equity(
            acting_user=director, saisine=saisine, accept=True, motive="Situation précaire."
        )
    assert Notification.objects.get(user=team.mediator).kind == "equity_decided"
    other = receive(requester=requester, reference="N-2")
    with django_capture_on_commit_callbacks(execute=True):
        services.saisine_declare_conflict(acting_user=team.mediator, saisine=other, link="Cousine.")
    handed = Notification.objects.get(user=deputy)
    assert handed.kind == "case_handed_to_deputy" and "N-2" in handed.text
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        assert "Éluard" not in message.subject + message.body
        assert "Hélène" not in message.subject + message.body


def test_the_report_counts_court_actions_apart_from_closures_and_delays(mid_year, team, receive, advance):
    from lien.reports.annual import annual_report
    from lien.reports.selectors import annual_report_page

    closed = advance(receive(received_on=_days_ago(20)), Status.CLOSED)
    advance(receive(received_on=_days_ago(30)), Status.ENDED_COURT_ACTION)
    year = timezone.localdate().year  # mid-June (``mid_year``): receipts and closures in one year
    report = annual_report(organisation=team.fund, year=year)
    assert report["processing_delay_days"]["closed"] == 1
    assert report["processing_delay_days"]["mean"] == closed.processing_delay_days
    assert sum(report["by_outcome"].values()) == 1
    assert "court_action" not in report["by_outcome"]
    page = annual_report_page(user=team.users["director"], organisation=team.fund, year=year)
    assert page["ended_by_court_action"] == 1


def test_the_report_page_shows_the_court_actions_apart(team, receive, advance, client_for):
    advance(receive(received_on=_days_ago(1)), Status.ENDED_COURT_ACTION)
    response = client_for(team.users["director"]).get(
        reverse("report_annual"), {"organisation": team.fund.slug, "year": timezone.localdate().year}
    )
    assert response.status_code == 200
    assert "1 médiation close par un recours contentieux" in response.content.decode()


def test_an_id_beyond_the_column_is_not_found_even_after_a_conflict(team, conflicted, client_for):
    response = client_for(team.mediator).get("/api/v1/saisines/5583173981744616133081836814336")
    assert response.status_code == 404
