"""Reads of notifications: a user reads their own only."""

from lien.accounts.models import User
from lien.notifications.models import Notification, NotificationQuerySet


def notifications_for(user: User) -> NotificationQuerySet:
    """The user's notifications, newest first."""
    return Notification.objects.of(user)


def unread_for(user: User) -> NotificationQuerySet:
    """The user's notifications not read yet, newest first (slice it for a short list)."""
    return Notification.objects.of(user).unread()
