"""What the accounts app does when someone logs in, fails to, or is locked out (connected in
``AccountsConfig.ready``).

A failed login on an account that exists is journalled in its organisations, where their director
reads it: the address it came from, never what was typed as a password (Django hands it over
masked anyway). A failed login for an e-mail address no account has is journalled nowhere — the
journal belongs to an organisation, and that address belongs to none — but logged (the ``lien``
logger, with the address it came from, not what was typed: a password typed in the e-mail field
would end up in the logs). Both count towards the throttle per address and per account
(``throttle.py``)."""

import logging
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest

from lien.accounts.client_ip import client_ip
from lien.accounts.models import User
from lien.accounts.sessions import SessionEndReason, session_record, sessions_end
from lien.accounts.throttle import login_keys, throttle_hit, throttle_key
from lien.journal.models import JournalEntry

logger = logging.getLogger("lien.accounts")


def _account(email: object) -> User | None:
    if not isinstance(email, str) or not email.strip():
        return None
    return User.objects.filter(email=email.strip().lower()).first()


@receiver(user_logged_in, dispatch_uid="lien.accounts.logged_in")
def logged_in(sender: type, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_record(request, user)


@receiver(user_login_failed, dispatch_uid="lien.accounts.login_failed")
def login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is None:  # authenticate() called without a request (a command): nobody knocked
        return
    email = str(credentials.get("username") or credentials.get("email") or "")
    for key in login_keys(request, email):
        throttle_hit(key)
    address = client_ip(request)
    account = _account(email)
    if account is None:
        logger.warning("Failed login for an unknown account from %s", address)
        return
    during_lockout = " (compte bloqué)" if getattr(request, "axes_locked_out", False) else ""
    JournalEntry.log_security(
        user=None,
        account=account,
        detail=f"connexion échouée depuis {address or 'une adresse inconnue'}{during_lockout}",
    )


@receiver(user_locked_out, dispatch_uid="lien.accounts.locked_out")
def locked_out(
    sender: str, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    """Journalled once per lockout (axes signals it again at each attempt while it lasts); the
    account's sessions from that address end (sessions.py says why not the others)."""
    account = _account(username)
    if account is None:
        return
    cooloff = int(float(settings.AXES_COOLOFF_TIME) * 3600)
    if not cache.add(throttle_key("lockout", f"{account.pk}:{ip_address}"), 1, cooloff):
        return
    JournalEntry.log_security(
        user=None,
        account=account,
        detail=f"compte bloqué {cooloff // 60} minutes après des échecs de connexion depuis {ip_address}",
    )
    sessions_end(user=account, reason=SessionEndReason.LOCKOUT, address=ip_address)
