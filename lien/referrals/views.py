"""Pages of referrals: the doctor's form and their own referrals; the mediator's inbox."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.people.models import Person
from lien.people.services import person_find_similar
from lien.referrals import services
from lien.referrals.access import get_referral_for_user
from lien.referrals.enums import Status
from lien.referrals.forms import FeedbackForm, ReferralForm, TakeForm
from lien.referrals.models import Referral
from lien.referrals.workflow import REFERRALS
from lien.web.forms import apply_service
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator


def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    may_handle = has_perm(request.user, Perm.REFERRAL_HANDLE)
    may_refer = has_perm(request.user, Perm.REFERRAL_CREATE)
    if not (may_handle or may_refer):
        raise Http404
    referrals = Referral.objects.visible_to(request.user).select_related("referred_by")
    if may_handle and request.GET.get("statut") != "tous":
        referrals = referrals.filter(status__in=[Status.NEW, Status.TAKEN])
    page = CappedPaginator(referrals, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/referral_list.html",
        {
            "page": page,
            "may_handle": may_handle,
            "may_refer": may_refer,
            "all": request.GET.get("statut") == "tous",
        },
    )


def referral_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = Organisation.objects.filter(
        pk__in=organisation_ids_for(request.user, Perm.REFERRAL_CREATE)
    ).first()
    if organisation is None:
        raise Http404
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = apply_service(
            form,
            services.referral_create,
            acting_user=request.user,
            organisation=organisation,
            **form.cleaned_data,
        )
        if referral is not None:
            messages.success(request, _("Adressage transmis à la médiation."))
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/referral_form.html",
        {"form": form, "organisation": organisation},
        status=422 if form.is_bound else 200,
    )


def _detail(
    request: AuthenticatedHttpRequest, referral: Referral, *, status: int = 200, bound=None
) -> HttpResponse:
    available = REFERRALS.available(request.user, referral)
    actions = {action.name for action in available}
    panels = [
        (
            action.name,
            action.label,
            bound if bound is not None and bound.prefix == action.name else FeedbackForm(prefix=action.name),
        )
        for action in available
        if action.name != "take"
    ]
    candidates: list[Person] = []
    if "take" in actions:
        candidates = person_find_similar(
            user=request.user,
            first_name=referral.first_name,
            last_name=referral.last_name,
            phone=referral.phone,
        )
        candidates = [person for person in candidates if person.organisation_id == referral.organisation_id]
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "actions": actions,
            "candidates": candidates,
            "panels": panels,
            "may_handle": has_perm(request.user, Perm.REFERRAL_HANDLE, referral.organisation_id),
            # The doctor may propose a patient partner to the patient once the referral has a file.
            "may_propose_partner": referral.person_id is not None
            and has_perm(request.user, Perm.PARTNER_PROPOSE, referral.organisation_id),
        },
        status=status,
    )


def referral_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_referral_for_user(request.user, pk))


# The services of the mediator's actions, by name (the page's and the API's).
ACTIONS: dict[str, Callable[..., Referral]] = {
    "take": services.referral_take,
    "decline": services.referral_decline,
    "close": services.referral_close,
    "give_feedback": services.referral_give_feedback,
}


@require_POST
def referral_action(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk, write=True)
    if name not in ACTIONS:
        raise Http404
    reason = REFERRALS.refusal(referral, name, request.user)
    if reason or not REFERRALS.permitted(request.user, referral, name):
        messages.error(request, reason or _("Votre rôle ne permet pas cette action."))
        return redirect("referrals:detail", pk=referral.pk)
    form = TakeForm(request.POST) if name == "take" else FeedbackForm(request.POST, prefix=name)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if name == "take":
            person = Person.objects.visible_to(request.user).filter(pk=data.pop("person")).first()
            if person is None:
                raise Http404
            data["person"] = person
        service = ACTIONS[name]
        if apply_service(form, service, acting_user=request.user, referral=referral, **data) is not None:
            messages.success(request, _("C'est noté : le médecin le voit sur son adressage."))
            return redirect("referrals:detail", pk=referral.pk)
    referral.refresh_from_db()
    return _detail(request, referral, status=422, bound=form)
