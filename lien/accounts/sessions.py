"""Signed-in sessions: their list (``UserSession``), their end, their absolute lifetime.

A session ends after ``LIEN_SESSION_IDLE_MINUTES`` without a request (Django's cookie age, moved
at each request) and ``LIEN_SESSION_MAX_HOURS`` after the login whatever the activity
(``SessionLifetimeMiddleware``). ``sessions_end`` ends a user's sessions, from every path that
must: a new password and a deactivation (``User.save``, whatever changed them: the password
pages, the reset by e-mail, the administration, a command), « Se déconnecter partout », a
lockout. Ending a session deletes Django's session row (the database engine), and the
``UserSession`` row with it (``on_delete=CASCADE``).

The lockout (django-axes) is keyed by account *and* address: it says that someone at one address
failed five times on that account, not that the account is taken — those attempts failed. So it
ends only the account's sessions opened from that same address (a shared computer, a shared
network): ending every session would let anyone who knows an e-mail address log its owner out of
everywhere every 15 minutes, from anywhere. It is journalled for the director either way.
"""

import ipaddress
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.models import Session
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.translation import ngettext

from lien.accounts.client_ip import client_ip
from lien.accounts.models import User, UserSession
from lien.journal.models import JournalEntry
from lien.lib.useragent import summary

# What Lien keeps in the session (Unix timestamps, and the key last-seen was written for).
LOGIN_AT = "lien_login_at"
SEEN_AT = "lien_seen_at"
SEEN_KEY = "lien_seen_key"
# When the session's expiry was last moved (``SESSION_COOKIE_AGE`` from then).
REFRESHED_AT = "lien_refreshed_at"
# ``UserSession.last_seen`` moves at most once in this many seconds: not a write per request.
SEEN_EVERY = 60


class SessionEndReason(models.TextChoices):
    """Why sessions ended, as the journal writes it (in French, like every journal detail)."""

    LOGOUT_EVERYWHERE = "logout_everywhere", "déconnexion partout"
    ENDED = "ended", "terminée par son titulaire"
    PASSWORD = "password", "nouveau mot de passe"
    DEACTIVATION = "deactivation", "compte désactivé"
    LOCKOUT = "lockout", "compte bloqué après des échecs de connexion depuis cette adresse"
    MAX_AGE = "max_age", "durée maximale de session atteinte"


def _sessions_text(count: int) -> str:
    return f"{count} session terminée" if count == 1 else f"{count} sessions terminées"


@transaction.atomic
def sessions_end(
    *,
    user: User,
    reason: SessionEndReason,
    except_key: str | None = None,
    address: str | None = None,
    acting_user: User | None = None,
    journal: bool = True,
) -> int:
    """End ``user``'s sessions — all, all but ``except_key`` (the one asking), or those opened
    from ``address`` — and say how many were still open. Journalled in the user's organisations
    when any was, unless the caller writes its own entry (``journal=False``)."""
    user_sessions = UserSession.objects.filter(user=user)
    if except_key:
        user_sessions = user_sessions.exclude(session_id=except_key)
    if address is not None:
        ip_address = _ip_or_none(address)
        if ip_address is None:
            return 0
        user_sessions = user_sessions.filter(ip_address=ip_address)
    keys = list(user_sessions.values_list("session_id", flat=True))
    if not keys:
        return 0
    open_count = user_sessions.active().count()
    Session.objects.filter(pk__in=keys).delete()  # and their UserSession rows
    if journal and open_count:
        JournalEntry.log_security(
            user=acting_user, account=user, detail=f"{_sessions_text(open_count)} : {reason.label}"
        )
    return open_count


@transaction.atomic
def session_end(*, acting_user: User, user_session: UserSession) -> None:
    """End one of the acting user's own sessions (another device); journalled."""
    if user_session.user_id != acting_user.pk:
        raise ValueError("A user ends their own sessions only.")
    Session.objects.filter(pk=user_session.session_id).delete()
    started = timezone.localtime(user_session.created_at)
    JournalEntry.log_security(
        user=acting_user,
        detail=(
            f"session {SessionEndReason.ENDED.label} ({user_session.user_agent or 'navigateur inconnu'}, "
            f"{user_session.ip_address or 'adresse inconnue'}, ouverte le {started:%d/%m/%Y à %H:%M})"
        ),
    )


@transaction.atomic
def logout_everywhere(*, user: User, current_key: str | None) -> tuple[int, int]:
    """« Se déconnecter partout »: every other session of the user ends and every API token of
    theirs is revoked; the session asking stays open. Returns (sessions, tokens); journalled."""
    tokens = user.api_tokens.active().update(revoked_at=timezone.now())
    ended = sessions_end(
        user=user, reason=SessionEndReason.LOGOUT_EVERYWHERE, except_key=current_key, journal=False
    )
    revoked = f"{tokens} jeton révoqué" if tokens == 1 else f"{tokens} jetons révoqués"
    JournalEntry.log_security(
        user=user, detail=f"{SessionEndReason.LOGOUT_EVERYWHERE.label} : {_sessions_text(ended)}, {revoked}"
    )
    return ended, tokens


def _ip_or_none(value: str) -> str | None:
    """The address if it is one (a proxy may forward anything), for a GenericIPAddressField."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def session_record(request: HttpRequest, user: User) -> None:
    """At login: the login time in the session (the absolute lifetime counts from it) and the
    session's row in the user's list (address, browser)."""
    session = request.session
    if session.session_key is None:  # a login that flushed another user's session
        session.save()
    now = timezone.now()
    session[LOGIN_AT] = session[SEEN_AT] = session[REFRESHED_AT] = now.timestamp()
    session[SEEN_KEY] = session.session_key
    UserSession.objects.update_or_create(
        session_id=session.session_key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen": now,
            "ip_address": _ip_or_none(client_ip(request)),
            "user_agent": summary(str(request.META.get("HTTP_USER_AGENT", "")))[:100],
        },
    )


class SessionLifetimeMiddleware:
    """Ends a session ``LIEN_SESSION_MAX_HOURS`` after its login (the login page then says why),
    moves its expiry (the idle timeout) and its ``last_seen`` at most once a minute, for a page
    served (2xx): a refusal or a redirect writes nothing (the access matrix checks it) — except
    to list anew a session that moved to a new key (the password page's answer is a redirect).

    After the messages middleware (it leaves one) and before any view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if SESSION_KEY in request.session:
            self._end_if_too_old(request)
        response = self.get_response(request)
        session = request.session
        if SESSION_KEY in session and (
            200 <= response.status_code < 300 or session.get(SEEN_KEY) != session.session_key
        ):
            self._seen(request)
        if (
            SESSION_KEY in session
            and 200 <= response.status_code < 300
            and time.time() - float(session.get(REFRESHED_AT, 0)) >= SEEN_EVERY
        ):
            session[REFRESHED_AT] = time.time()  # saved by the session middleware, expiry moved
        return response

    def _end_if_too_old(self, request: HttpRequest) -> None:
        login_at = request.session.get(LOGIN_AT)
        if login_at is None:  # a session opened before Lien counted: from now on
            request.session[LOGIN_AT] = time.time()
            return
        max_age = timedelta(hours=settings.LIEN_SESSION_MAX_HOURS)
        if time.time() - float(login_at) < max_age.total_seconds():
            return
        user = request.user
        logout(request)  # deletes the session, and its UserSession row
        if isinstance(user, User):
            JournalEntry.log_security(
                user=None,
                account=user,
                detail=f"{_sessions_text(1)} : {SessionEndReason.MAX_AGE.label} "
                f"({settings.LIEN_SESSION_MAX_HOURS} h)",
            )
        messages.warning(
            request,
            ngettext(
                "Votre session a expiré : par sécurité, une session dure %(hours)d heure au plus. "
                "Reconnectez-vous.",
                "Votre session a expiré : par sécurité, une session dure %(hours)d heures au plus. "
                "Reconnectez-vous.",
                settings.LIEN_SESSION_MAX_HOURS,
            )
            % {"hours": settings.LIEN_SESSION_MAX_HOURS},
        )

    def _seen(self, request: HttpRequest) -> None:
        session = request.session
        key = session.session_key
        now = time.time()
        if key is None or (
            session.get(SEEN_KEY) == key and now - float(session.get(SEEN_AT, 0)) < SEEN_EVERY
        ):
            return
        moment = timezone.now()
        if not UserSession.objects.filter(session_id=key).update(last_seen=moment):
            # A session moved to a new key (the password page) or opened before Lien listed them.
            if not Session.objects.filter(pk=key).exists():  # ended meanwhile
                return
            login_at = session.get(LOGIN_AT)
            created = datetime.fromtimestamp(float(login_at), tz=UTC) if login_at else moment
            try:
                with transaction.atomic():
                    UserSession.objects.create(
                        session_id=key,
                        user_id=session[SESSION_KEY],
                        created_at=created,
                        last_seen=moment,
                        ip_address=_ip_or_none(client_ip(request)),
                        user_agent=summary(str(request.META.get("HTTP_USER_AGENT", "")))[:100],
                    )
            except IntegrityError:  # the session was ended meanwhile, or listed by a twin request
                return
        session[SEEN_AT] = now
        session[SEEN_KEY] = key
