from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What Lien tells a user: a short sentence naming nobody, a link, shown at home and e-mailed."""

    name = "lien.notifications"
    verbose_name = "Notifications"
