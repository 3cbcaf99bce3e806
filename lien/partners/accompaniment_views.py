"""Pages of the accompaniment of a patient by a patient partner: the mediator proposes from the
person's page, records the signed consent, the choice and the withdrawal; the patient partner
reads their own accompaniments — through ``access.PartnerAccompanimentView`` only, never the
Person."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm
from lien.lib.signature import strokes_svg
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
    SuggestionFilterForm,
)
from lien.partners.information import PARTNER_INFORMATION_TEXTS
from lien.partners.models import PartnerAccompaniment, PartnerDifficulty, PatientPartner
from lien.partners.rules import partner_proposable
from lien.partners.suggestions import suggest_partners
from lien.partners.workflow import ACCOMPANIMENTS
from lien.people.access import get_person_with_perm
from lien.people.models import Person
from lien.referrals.access import get_referral_for_user
from lien.web.forms import add_service_error, apply_service
from lien.web.http import AuthenticatedHttpRequest
from lien.workflow.engine import ActionRefused


def _propose(
    request: AuthenticatedHttpRequest, person: Person, *, back: str, back_label: str, done: str
) -> HttpResponse:
    """The proposal page, from the person's file (the mediator, the coordination) or from a
    referral (the doctor who referred the patient)."""
    ranking = SuggestionFilterForm(request.GET)
    suggestions = suggest_partners(person, timezone.localdate(), ranking.pathology())
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
            return redirect(done)
    return render(
        request,
        "partners/accompaniment_propose.html",
        {
            "form": form,
            "ranking": ranking,
            "first_name": person.first_name,
            "back": back,
            "back_label": back_label,
            "has_suggestions": bool(suggestions),
        },
        status=422 if form.is_bound else 200,
    )


def accompaniment_propose(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    person = get_person_with_perm(request.user, person_pk, Perm.PARTNER_PROPOSE)
    url = reverse("person_detail", args=[person.pk])
    return _propose(request, person, back=url, back_label=_("← Retour à la fiche"), done=url)


def accompaniment_propose_from_referral(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    """The doctor proposes the programme to the patient they referred, once the health centre took
    the referral in charge with the patient's file — without reading that file: the page names
    the patient by first name only, as the referral does."""
    referral = get_referral_for_user(request.user, referral_pk)
    person = referral.person
    if person is None or not has_perm(request.user, Perm.PARTNER_PROPOSE, person.organisation_id):
        raise Http404("Adressage introuvable ou pas encore pris en charge.")
    url = reverse("referrals:detail", args=[referral.pk])
    return _propose(request, person, back=url, back_label=_("← Retour à l'adressage"), done=url)


def _signature_svg(accompaniment: PartnerAccompaniment) -> str:
    """The signature drawn on screen, drawn back from its strokes (numbers; the title escaped)."""
    if not accompaniment.signature_strokes:
        return ""
    svg = strokes_svg(accompaniment.signature_strokes, title=_("Signature du ou de la patient·e"))
    return mark_safe(svg)  # noqa: S308 - built from numbers only, the title escaped


def _detail(
    request: AuthenticatedHttpRequest,
    accompaniment: PartnerAccompaniment,
    *,
    consent_form: AccompanimentConsentForm | None = None,
    choose_form: ChoosePartnerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    partners = PatientPartner.objects.reaching(accompaniment.organisation_id).for_list()
    return render(
        request,
        "partners/accompaniment_detail.html",
        {
            "accompaniment": accompaniment,
            "person": accompaniment.person,
            "actions": [a.name for a in ACCOMPANIMENTS.available(request.user, accompaniment)],
            "consent_form": consent_form or AccompanimentConsentForm(),
            "choose_form": choose_form or ChoosePartnerForm(organisation_id=accompaniment.organisation_id),
            "partner_rows": [
                (partner, partner_proposable(partner, today, accompaniment.organisation_id))
                for partner in partners
            ],
            "meetings": accompaniment.meetings.prefetch_related("themes"),
            "difficulties": accompaniment.difficulties.all(),
            "signature_svg": _signature_svg(accompaniment),
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
    service: Callable[..., Any],
    done: Callable[[Any], str],
) -> HttpResponse:
    """A meeting or a difficulty written by the partner; once the accompaniment is closed the
    refusal goes to their list (its page is gone for them)."""
    accompaniment = get_accompaniment_to_log(request.user, pk)
    if form.is_valid():
        try:
            written = service(acting_user=request.user, accompaniment=accompaniment, **form.cleaned_data)
        except ActionRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("partners:my_accompaniments")
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done(written))
            return redirect("partners:my_accompaniment", pk=pk)
    if isinstance(form, MeetingForm):
        return _my_accompaniment(request, pk, meeting_form=form, status=422)
    return _my_accompaniment(request, pk, difficulty_form=form, status=422)


@require_POST
def my_meeting_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _log_write(
        request,
        pk,
        MeetingForm(request.POST),
        services.partner_meeting_record,
        lambda _meeting: _("Rencontre notée."),
    )


def _signalled(difficulty: PartnerDifficulty) -> str:
    """What the partner is told: who was notified, or that nobody could be."""
    if not difficulty.notified_count:
        return _(
            "Difficulté notée, mais aucun·e médiateur·rice de l'organisation n'a pu être prévenu·e : "
            "appelez l'équipe de médiation."
        )
    return ngettext(
        "Difficulté signalée : %(count)d médiateur·rice est prévenu·e.",
        "Difficulté signalée : %(count)d médiateur·rices sont prévenu·es.",
        difficulty.notified_count,
    ) % {"count": difficulty.notified_count}


@require_POST
def my_difficulty_signal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _log_write(
        request, pk, DifficultyForm(request.POST), services.partner_difficulty_signal, _signalled
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
