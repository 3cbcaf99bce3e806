from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.notifications.access import get_notification_for_user
from lien.notifications.selectors import notifications_for
from lien.notifications.services import notification_mark_read, notifications_mark_all_read
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator


def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = CappedPaginator(notifications_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk)
    notification_mark_read(user=request.user, notification=notification)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    if notifications_mark_all_read(user=request.user):
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("notifications:list")
