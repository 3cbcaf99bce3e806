"""The periodic job of lien/saisines/tasks.py: a service's answer overdue, notified once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.notifications.models import Notification
from lien.saisines.enums import Status
from lien.saisines.models import FollowUpTask, Saisine
from lien.saisines.tasks import notify_overdue_service_answers, overdue_service_answers_notify
from lien.shell.tasks import PERIODIC_JOBS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _task(saisine, *, days_ago: int = 1, done: bool = False, kind=FollowUpTask.Kind.SERVICE_ANSWER):
    today = timezone.localdate()
    return FollowUpTask.objects.create(
        saisine=saisine, kind=kind, due_on=today - timedelta(days=days_ago), done_on=today if done else None
    )


def test_it_notifies_the_assigned_mediator_once_even_when_run_twice(team, receive):
    saisine = receive()
    task = _task(saisine)
    notify_overdue_service_answers.enqueue()
    notify_overdue_service_answers.enqueue()
    (notification,) = Notification.objects.all()
    assert notification.user == team.mediator == saisine.assigned_to
    assert notification.key == f"service_answer_overdue:{task.pk}"
    assert notification.url == reverse("saisines:detail", args=[saisine.pk])
    assert notification.organisation == team.fund
    assert saisine.reference in notification.text


def test_without_anyone_assigned_it_notifies_the_funds_mediators_and_deputies(team, receive):
    saisine = receive()
    Saisine.objects.filter(pk=saisine.pk).update(assigned_to=None)
    second = UserFactory(email="mediateur2@cpam-lien.example")
    membership_add(user=second, organisation=team.fund, role=Role.INSTITUTIONAL_MEDIATOR)
    gone = UserFactory(email="parti@cpam-lien.example", is_active=False)
    membership_add(user=gone, organisation=team.fund, role=Role.DEPUTY)
    _task(saisine)
    assert overdue_service_answers_notify() == 3
    assert set(Notification.objects.values_list("user__email", flat=True)) == {
        team.mediator.email,
        team.users["deputy"].email,
        second.email,
    }


def test_it_leaves_tasks_not_due_done_of_another_kind_or_of_a_closed_saisine(team, receive, advance):
    open_saisine = receive()
    _task(open_saisine, days_ago=0)  # due today: not late yet
    _task(open_saisine, done=True)
    _task(open_saisine, kind=FollowUpTask.Kind.CLAIMS_TAKEOVER)
    closed = advance(receive(), Status.CLOSED)
    FollowUpTask.objects.create(
        saisine=closed, kind=FollowUpTask.Kind.SERVICE_ANSWER, due_on=timezone.localdate() - timedelta(days=3)
    )
    assert overdue_service_answers_notify() == 0


def test_it_is_a_periodic_job():
    assert notify_overdue_service_answers in PERIODIC_JOBS
