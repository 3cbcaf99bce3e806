"""The POST view of a named action (``lien.workflow``), shared by the apps' pages."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from lien.web.forms import apply_service
from lien.web.http import AuthenticatedHttpRequest
from lien.workflow.engine import Workflow

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def action_view[T: Model](
    *,
    workflow: Workflow[T],
    name: str,
    service: Callable[..., T],
    success: "str | StrPromise",
    get_object: Callable[[Any, int], T],
    object_arg: str,
    form_class: type[forms.Form],
    detail: str,
    page: Callable[[AuthenticatedHttpRequest, T, forms.Form], HttpResponse],
) -> Callable[..., HttpResponse]:
    """Refused with its reason when the action is not open now; else its form, then its service:
    success → the case's page (``detail``, a URL name) with ``success``; a refusal of the service
    → ``page`` with the bound form (422)."""

    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        obj = get_object(request.user, pk)
        reason = workflow.refusal(obj, name, request.user)
        if reason:
            messages.error(request, reason)
            return redirect(detail, pk=obj.pk)
        form = form_class(request.POST, prefix=name)
        if form.is_valid() and (
            apply_service(form, service, acting_user=request.user, **{object_arg: obj}, **form.cleaned_data)
            is not None
        ):
            messages.success(request, success)
            return redirect(detail, pk=obj.pk)
        obj.refresh_from_db()  # the service may have set facts in memory before refusing
        return page(request, obj, form)

    view.__name__ = name
    return view
