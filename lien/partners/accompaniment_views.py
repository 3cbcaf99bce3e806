"""Pages of the accompaniment of a patient by a patient partner: the mediator proposes from the
person's page, records the signed consent, the choice and the withdrawal; the patient partner
reads their own accompaniments — through ``access.PartnerAccompanimentView`` only, never the
Person."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm
from lien.partners import services
from lien.partners.access import (
    get_accompaniment_for_partner,
    get_accompaniment_for_user,
    get_accompaniment_to_log,
    get_difficulty_for_user,
    partner_accompaniments,
    partner_meetings,
)
from lien.partners.forms import (
    AccompanimentConsentForm,
    ChoosePartnerForm,
    DifficultyForm,
    MeetingForm,
    ProposeForm,
)
from lien.partners.information import PARTNER_INFORMATION_TEXTS
from lien.partners.models import PartnerAccompaniment, PatientPartner
from lien.partners.rules import partner_proposable
from lien.partners.suggestions import suggest_partners
from lien.partners.workflow import ACCOMPANIMENTS
from lien.people.access import get_person_with_perm
from lien.web.forms import add_service_error, apply_service
from lien.web.http import AuthenticatedHttpRequest
from lien.workflow.engine import ActionRefused


def accompaniment_propose(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    person = get_person_with_perm(request.user, person_pk, Perm.PARTNER_PROPOSE)
    suggestions = suggest_partners(person, timezone.localdate())
    form = ProposeForm(request.POST or None, partners=suggestions)
    if request.method == "POST" and form.is_valid():
        accompaniment = apply_service(
            form,
            services.accompaniment_propose,
            acting_user=request.user,
            person=person,
            suggested=form.cleaned_data["suggested"],
        )
        if accompaniment is not None:
            messages.success(request, _("Proposition enregistrée : le ou la patient·e décide."))
            if has_perm(request.user, Perm.PARTNER_ACCOMPANY, person.organisation_id):
                return redirect("partners:accompaniment_detail", pk=accompaniment.pk)
            return redirect("person_detail", pk=person.pk)
    return render(
        request,
        "partners/accompaniment_propose.html",
        {"form": form, "person": person, "has_suggestions": bool(suggestions)},
        status=422 if form.is_bound else 200,
    )


def _detail(
    request: AuthenticatedHttpRequest,
    accompaniment: PartnerAccompaniment,
    *,
    consent_form: AccompanimentConsentForm | None = None,
    choose_form: ChoosePartnerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    partners = PatientPartner.objects.filter(organisation_id=accompaniment.organisation_id).for_list()
    return render(
        request,
        "partners/accompaniment_detail.html",
        {
            "accompaniment": accompaniment,
            "person": accompaniment.person,
            "actions": [a.name for a in ACCOMPANIMENTS.available(request.user, accompaniment)],
            "consent_form": consent_form or AccompanimentConsentForm(),
            "choose_form": choose_form or ChoosePartnerForm(organisation_id=accompaniment.organisation_id),
            "partner_rows": [(partner, partner_proposable(partner, today)) for partner in partners],
            "meetings": accompaniment.meetings.prefetch_related("themes"),
            "difficulties": accompaniment.difficulties.all(),
            "information_text": PARTNER_INFORMATION_TEXTS[
                accompaniment.consent_information_version or next(reversed(PARTNER_INFORMATION_TEXTS))
            ],
        },
        status=status,
    )


def accompaniment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_accompaniment_for_user(request.user, pk))


@require_POST
def accompaniment_consent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    accompaniment = get_accompaniment_for_user(request.user, pk, write=True)
    form = AccompanimentConsentForm(request.POST, request.FILES)
    if form.is_valid() and (
        apply_service(
            form,
            services.accompaniment_record_consent,
            acting_user=request.user,
            accompaniment=accompaniment,
            **form.cleaned_data,
        )
        is not None
    ):
        messages.success(request, _("Consentement enregistré."))
        return redirect("partners:accompaniment_detail", pk=pk)
    accompaniment.refresh_from_db()
    return _detail(request, accompaniment, consent_form=form, status=422)


@require_POST
def accompaniment_choose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    accompaniment = get_accompaniment_for_user(request.user, pk, write=True)
    form = ChoosePartnerForm(request.POST, organisation_id=accompaniment.organisation_id)
    if form.is_valid() and (
        apply_service(
            form,
            services.accompaniment_choose_partner,
            acting_user=request.user,
            accompaniment=accompaniment,
            **form.cleaned_data,
        )
        is not None
    ):
        messages.success(request, _("Choix et prise de contact enregistrés."))
        return redirect("partners:accompaniment_detail", pk=pk)
    accompaniment.refresh_from_db()
    return _detail(request, accompaniment, choose_form=form, status=422)


@require_POST
def accompaniment_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    accompaniment = get_accompaniment_for_user(request.user, pk, write=True)
    try:
        services.accompaniment_withdraw(acting_user=request.user, accompaniment=accompaniment)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Retrait enregistré : le ou la patient·e partenaire n'a plus accès."))
    return redirect("partners:accompaniment_detail", pk=pk)


def my_accompaniments(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.PARTNER_SPACE):
        raise Http404
    return render(
        request, "partners/my_accompaniments.html", {"accompaniments": partner_accompaniments(request.user)}
    )


def _my_accompaniment(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    meeting_form: MeetingForm | None = None,
    difficulty_form: DifficultyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    accompaniment = get_accompaniment_for_partner(request.user, pk)
    return render(
        request,
        "partners/my_accompaniment.html",
        {
            "accompaniment": accompaniment,
            "meetings": partner_meetings(request.user, accompaniment.id),
            "meeting_form": meeting_form or MeetingForm(),
            "difficulty_form": difficulty_form or DifficultyForm(),
        },
        status=status,
    )


def my_accompaniment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _my_accompaniment(request, pk)


def _log_write(
    request: AuthenticatedHttpRequest,
    pk: int,
    form: MeetingForm | DifficultyForm,
    service: Callable[..., object],
    done: str,
) -> HttpResponse:
    """A meeting or a difficulty written by the partner; once the accompaniment is closed the
    refusal goes to their list (its page is gone for them)."""
    accompaniment = get_accompaniment_to_log(request.user, pk)
    if form.is_valid():
        try:
            service(acting_user=request.user, accompaniment=accompaniment, **form.cleaned_data)
        except ActionRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("partners:my_accompaniments")
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("partners:my_accompaniment", pk=pk)
    if isinstance(form, MeetingForm):
        return _my_accompaniment(request, pk, meeting_form=form, status=422)
    return _my_accompaniment(request, pk, difficulty_form=form, status=422)


@require_POST
def my_meeting_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _log_write(
        request, pk, MeetingForm(request.POST), services.partner_meeting_record, _("Rencontre notée.")
    )


@require_POST
def my_difficulty_signal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _log_write(
        request,
        pk,
        DifficultyForm(request.POST),
        services.partner_difficulty_signal,
        _("Difficulté signalée : l'équipe de médiation est prévenue."),
    )


@require_POST
def difficulty_handle(request: AuthenticatedHttpRequest, pk: int, difficulty_pk: int) -> HttpResponse:
    accompaniment = get_accompaniment_for_user(request.user, pk, write=True)
    difficulty = get_difficulty_for_user(request.user, accompaniment, difficulty_pk)
    try:
        services.partner_difficulty_handle(acting_user=request.user, difficulty=difficulty)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Difficulté marquée comme traitée."))
    return redirect("partners:accompaniment_detail", pk=pk)
