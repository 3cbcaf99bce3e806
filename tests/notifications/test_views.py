import pytest
from django.conf import settings
from django.urls import reverse

from lien.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_page_lists_ones_own_notifications_newest_first_unread_marked(team, notify_one, client_for):
    old = notify_one(team.mediator, key="old", text="La saisine 2026-0001 attend votre décision.")
    notify_one(team.mediator, key="new", text="La saisine 2026-0002 attend votre décision.")
    notify_one(team.users["deputy"], key="theirs", text="La saisine 2026-0099 est confiée au suppléant.")
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    page = client_for(team.mediator).get(reverse("notifications:list")).content.decode()
    assert page.index("2026-0002") < page.index("2026-0001")
    assert "2026-0099" not in page
    assert page.count("Non lue :") == 1 and page.count("Marquer comme lue") == 1
    assert "Tout marquer comme lu" in page


def test_the_menu_shows_the_unread_count(team, notify_one, client_for):
    notify_one(team.mediator, key="a")
    notify_one(team.mediator, key="b")
    page = client_for(team.mediator).get(reverse("home")).content.decode()
    assert '<span class="queue-count">2</span><span class="visually-hidden"> non lues</span>' in page


def test_a_user_marks_their_notification_read(team, notify_one, client_for):
    notification = notify_one(team.mediator)
    response = client_for(team.mediator).post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_answers_404_and_stays_unread(team, notify_one, client_for):
    notification = notify_one(team.mediator)
    response = client_for(team.users["deputy"]).post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_all_are_marked_read_at_once(team, notify_one, client_for):
    notify_one(team.mediator, key="a")
    notify_one(team.mediator, key="b")
    theirs = notify_one(team.users["deputy"], key="a")
    client = client_for(team.mediator)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Toutes vos notifications sont marquées comme lues." in response.content.decode()
    assert not Notification.objects.filter(user=team.mediator, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_page_renders_in_english(team, notify_one, client_for):
    notify_one(team.mediator)
    client = client_for(team.mediator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
