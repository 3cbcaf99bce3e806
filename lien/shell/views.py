from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from lien.accounts.permissions import Perm, has_perm
from lien.people.forms import PersonSearchForm
from lien.shell.home import home_for
from lien.shell.selectors import activity_by_organisation, recently_viewed_people
from lien.web.http import AuthenticatedHttpRequest


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = home_for(request.user, today=timezone.localdate())
    can_see_people = page.community and has_perm(request.user, Perm.PERSON_VIEW)
    return render(
        request,
        "shell/home.html",
        {
            "home": page,
            "memberships": page.memberships,
            "can_see_people": can_see_people,
            "can_create_people": has_perm(request.user, Perm.PERSON_CHANGE),
            "search_form": PersonSearchForm(),
            "recent_people": recently_viewed_people(request.user) if can_see_people else [],
        },
    )


def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = activity_by_organisation(request.user)
    if not organisations:
        raise Http404
    return render(request, "shell/statistics.html", {"organisations": organisations})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 in JSON under /api/ (the API's error contract), as a French page elsewhere."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Introuvable."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Erreur interne : l'équipe technique est prévenue."}, status=500)
    return render(request, "500.html", status=500)
