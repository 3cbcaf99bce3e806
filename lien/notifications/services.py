"""Notify users: one notification per user and key (idempotent), e-mailed once committed."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
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
    transaction commits; a failed sending is logged, tried again with back-off by ``lien tick``
    (``notification_emails_retry``) and, past ``EMAIL_ATTEMPTS``, given up — the notification still
    shows on the home page, which says so. Returns the notifications created.
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


# A failed e-mail is tried again 5, 10, 20 and 40 minutes later, then given up: the notification
# stays on the page, which says so.
EMAIL_ATTEMPTS = 5
EMAIL_FIRST_DELAY = timedelta(minutes=5)


def _send_email(notification: Notification, address: str) -> bool:
    """One attempt; a failure is logged and schedules the next attempt (``email_retry_at``), or
    gives up after ``EMAIL_ATTEMPTS``. Never raises: the notification is on the page anyway."""
    link = settings.LIEN_BASE_URL.rstrip("/") + notification.url
    with translation.override(settings.LANGUAGE_CODE):  # the text is French: so is the subject
        subject = f"Lien — {NotificationKind(notification.kind).label}"
    body = f"Bonjour,\n\n{notification.text}\n\n{link}\n\nCe message ne contient volontairement aucun nom."
    attempts = notification.email_attempts + 1
    now = timezone.now()
    try:
        EmailMessage(subject=subject, body=body, to=[address]).send()
    except Exception:  # the mail server is down: the notification waits on the home page
        logger.exception("Notification %s: the e-mail could not be sent.", notification.pk)
        retry_at = now + EMAIL_FIRST_DELAY * 2 ** (attempts - 1) if attempts < EMAIL_ATTEMPTS else None
        changes = {"email_attempts": attempts, "email_retry_at": retry_at}
    else:
        changes = {"email_attempts": attempts, "email_retry_at": None, "emailed_at": now}
    for name, value in changes.items():
        setattr(notification, name, value)
    Notification.objects.filter(pk=notification.pk).update(**changes)
    return "emailed_at" in changes


def notification_emails_retry(*, now: datetime | None = None) -> int:
    """Try again the e-mails whose next attempt has come (periodic job); returns how many left.
    A user who was deactivated or lost their address in the meantime is not written to."""
    due = Notification.objects.filter(
        emailed_at__isnull=True, email_retry_at__lte=now or timezone.now()
    ).select_related("user")
    sent = 0
    for notification in due:
        user = notification.user
        if not (user.is_active and user.email):
            Notification.objects.filter(pk=notification.pk).update(email_retry_at=None)
            continue
        sent += _send_email(notification, user.email)
    return sent


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
