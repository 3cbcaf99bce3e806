import pytest

from lien.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_it_lists_ones_own_notifications(team, notify_one, client_for):
    mine = notify_one(team.mediator, url="/saisines/1/")
    notify_one(team.users["deputy"])
    body = client_for(team.mediator).get("/api/v1/notifications").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == mine.pk and item["kind"] == "equity_proposed" and item["url"] == "/saisines/1/"
    assert item["text"] == mine.text and item["read_at"] is None and item["created_at"]
    assert set(item) == {"id", "kind", "text", "url", "created_at", "read_at"}


def test_it_marks_ones_own_notification_read(team, notify_one, client_for):
    notification = notify_one(team.mediator)
    response = client_for(team.mediator).post(f"/api/v1/notifications/{notification.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_another_users_notification_is_not_found(team, notify_one, client_for):
    notification = notify_one(team.mediator)
    response = client_for(team.users["deputy"]).post(f"/api/v1/notifications/{notification.pk}/read")
    assert response.status_code == 404 and response.json() == {"detail": "Introuvable."}
    assert Notification.objects.get(pk=notification.pk).read_at is None
