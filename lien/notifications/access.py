"""The one way views and the API reach a notification: one's own, 404 for any other."""

from django.http import Http404

from lien.accounts.models import User
from lien.notifications.models import Notification


def get_notification_for_user(user: User, pk: int) -> Notification:
    notification = Notification.objects.of(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("Notification introuvable.")
    return notification
