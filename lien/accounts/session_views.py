"""« Mes sessions »: where the user is signed in, and the ways to end it."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lien.accounts.forms import LogoutEverywhereForm
from lien.accounts.models import UserSession
from lien.accounts.sessions import logout_everywhere, session_end
from lien.web.http import AuthenticatedHttpRequest


def user_sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's open sessions (this one marked) and how many API tokens they hold."""
    sessions = UserSession.objects.filter(user=request.user).active()
    return render(
        request,
        "accounts/sessions.html",
        {
            "user_sessions": sessions,
            "current_key": request.session.session_key,
            "token_count": request.user.api_tokens.active().count(),
            "session_max_hours": settings.LIEN_SESSION_MAX_HOURS,
            "form": LogoutEverywhereForm(),
        },
    )


@require_POST
def user_session_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """End another session of the user's (this one ends with « Se déconnecter »)."""
    own = (
        UserSession.objects.filter(user=request.user).active().exclude(session_id=request.session.session_key)
    )
    user_session = get_object_or_404(own, pk=pk)
    session_end(acting_user=request.user, user_session=user_session)
    messages.success(request, _("La session est terminée."))
    return redirect("user_sessions")


@require_POST
def logout_everywhere_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """End every other session and revoke every API token, once confirmed."""
    if not LogoutEverywhereForm(request.POST).is_valid():
        messages.error(request, _("Cochez la case de confirmation pour vous déconnecter partout."))
        return redirect("user_sessions")
    ended, revoked = logout_everywhere(user=request.user, current_key=request.session.session_key)
    sessions_text = ngettext("%(count)d autre session terminée", "%(count)d autres sessions terminées", ended)
    tokens_text = ngettext("%(count)d jeton révoqué", "%(count)d jetons révoqués", revoked)
    messages.success(
        request,
        _("Déconnexion partout ailleurs : %(sessions)s, %(tokens)s.")
        % {"sessions": sessions_text % {"count": ended}, "tokens": tokens_text % {"count": revoked}},
    )
    return redirect("user_sessions")
