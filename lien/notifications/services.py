"""Notify users: one notification per user and key (idempotent), e-mailed once committed."""

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation

from lien.accounts.models import Organisation, User
from lien.notifications.enums import NotificationKind
from lien.notifications.models import Notification

logger = logging.getLogger(__name__)


@transaction.atomic
def notify(
    *,
    users: Iterable[User],
    kind: str,
    text: str,
    url: str,
    key: str,
    organisation: Organisation | None = None,
) -> list[Notification]:
    """Notify each active user who does not hold a notification with this ``key`` yet.

    ``text`` is a short French sentence that names nobody (it is e-mailed): a saisine's reference,
    never a requester's name. ``url`` is a path of Lien. Each new notification is e-mailed once the
    transaction commits; a failed sending is logged and leaves ``emailed_at`` empty (the
    notification still shows on the home page). Returns the notifications created.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"A notification links to a path of Lien, not {url!r}")
    recipients = {user.pk: user for user in users if user.is_active}
    already = set(
        Notification.objects.filter(key=key, user_id__in=recipients).values_list("user_id", flat=True)
    )
    created = []
    for user_id, user in recipients.items():
        if user_id in already:
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, organisation=organisation, kind=kind, text=text, url=url, key=key
                )
        except IntegrityError:  # another worker created it between the check and the insert
            continue
        created.append(notification)
        if user.email:
            transaction.on_commit(partial(_send_email, notification, user.email))
    return created


def _send_email(notification: Notification, address: str) -> None:
    link = settings.LIEN_BASE_URL.rstrip("/") + notification.url
    with translation.override(settings.LANGUAGE_CODE):  # the text is French: so is the subject
        subject = f"Lien — {NotificationKind(notification.kind).label}"
    body = f"Bonjour,\n\n{notification.text}\n\n{link}\n\nCe message ne contient volontairement aucun nom."
    try:
        EmailMessage(subject=subject, body=body, to=[address]).send()
    except Exception:  # the mail server is down: the notification waits on the home page
        logger.exception("Notification %s: the e-mail could not be sent.", notification.pk)
        return
    notification.emailed_at = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=notification.emailed_at)


@transaction.atomic
def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """Mark one's own notification as read (again: nothing changes)."""
    if notification.user_id != user.pk:  # the access helper already refused it
        raise Http404("Notification introuvable.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    """Mark all of one's notifications as read; returns how many were unread."""
    return Notification.objects.of(user).unread().update(read_at=timezone.now())
