from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.forms import ApiTokenForm
from lien.accounts.services import api_token_create, api_token_revoke
from lien.web.http import AuthenticatedHttpRequest


def me(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The personal page: organisations and roles, API tokens."""
    memberships = request.user.memberships.select_related("organisation__parent")
    tokens = request.user.api_tokens.active()
    form = ApiTokenForm(request.POST or None, user=request.user)
    new_token = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _token, new_token = api_token_create(
            user=request.user, name=data["name"], days=data["days"], read_only=data["read_only"]
        )
        form = ApiTokenForm(user=request.user)
    return render(
        request,
        "accounts/me.html",
        {"memberships": memberships, "tokens": tokens, "form": form, "new_token": new_token},
    )


@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk, revoked_at__isnull=True)
    api_token_revoke(acting_user=request.user, token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("me")
