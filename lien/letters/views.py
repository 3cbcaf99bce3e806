from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for, require_perm
from lien.letters.access import get_letter_for_user
from lien.letters.enums import RECIPIENT, LetterKind
from lien.letters.forms import ConclusionsForm, LetterDraftForm, LetterSentForm, LetterTemplateForm
from lien.letters.services import (
    VARIABLES,
    conclusion_texts,
    letter_conclusions_save,
    letter_context,
    letter_create,
    letter_mark_sent,
    letter_send,
    letter_template_save,
    letter_warnings,
    render_body,
    template_body,
)
from lien.saisines.access import get_saisine_for_user
from lien.web.forms import apply_service
from lien.web.http import AuthenticatedHttpRequest


def _editable_organisations(user: User):
    return Organisation.objects.filter(pk__in=organisation_ids_for(user, Perm.LETTER_TEMPLATES_CHANGE))


def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request.user, Perm.LETTER_TEMPLATES_CHANGE, not_found=True)
    organisations = list(_editable_organisations(request.user))
    return render(
        request, "letters/template_list.html", {"organisations": organisations, "kinds": LetterKind.choices}
    )


# The sentences of the conclusions are edited beside the templates, on the same route.
CONCLUSIONS_PAGE = "conclusions"


def template_edit(request: AuthenticatedHttpRequest, slug: str, kind: str) -> HttpResponse:
    organisation = _editable_organisations(request.user).filter(slug=slug).first()
    if organisation is not None and kind == CONCLUSIONS_PAGE:
        return _conclusions_edit(request, organisation)
    if organisation is None or kind not in LetterKind.values:
        raise Http404
    form = LetterTemplateForm(request.POST or None, initial={"body": template_body(organisation, kind)})
    if request.method == "POST" and form.is_valid():
        try:
            letter_template_save(
                acting_user=request.user, organisation=organisation, kind=kind, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error("body", error.message_dict.get("body", error.messages))
        else:
            messages.success(request, _("Modèle enregistré."))
            return redirect("letters:templates")
    context = {"form": form, "organisation": organisation, "kind": LetterKind(kind), "variables": VARIABLES}
    return render(request, "letters/template_form.html", context)


def _conclusions_edit(request: AuthenticatedHttpRequest, organisation: Organisation) -> HttpResponse:
    form = ConclusionsForm(request.POST or None, texts=conclusion_texts(organisation))
    if request.method == "POST" and form.is_valid():
        saved = apply_service(
            form,
            letter_conclusions_save,
            acting_user=request.user,
            organisation=organisation,
            texts=form.cleaned_data,
        )
        if saved is not None:
            messages.success(request, _("Conclusions enregistrées."))
            return redirect("letters:templates")
    return render(request, "letters/conclusions_form.html", {"form": form, "organisation": organisation})


def letter_new(request: AuthenticatedHttpRequest, saisine_id: int, kind: str) -> HttpResponse:
    saisine = get_saisine_for_user(request.user, saisine_id, write=True)
    if kind not in LetterKind.values:
        raise Http404
    draft = render_body(
        template_body(saisine.organisation, kind),
        letter_context(saisine, author=request.user, today=timezone.localdate(), kind=kind),
    )
    form = LetterDraftForm(request.POST or None, initial={"body": draft})
    if request.method == "POST" and form.is_valid():
        try:
            letter = letter_create(
                acting_user=request.user, saisine=saisine, kind=kind, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Courrier enregistré avec son PDF."))
            return redirect("letters:detail", pk=letter.pk)
    context = {
        "form": form,
        "saisine": saisine,
        "kind": LetterKind(kind),
        "warnings": letter_warnings(saisine, kind),
    }
    return render(request, "letters/letter_form.html", context)


def letter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    requester = letter.saisine.requester
    can_email = RECIPIENT[LetterKind(letter.kind)] == "requester" and bool(requester and requester.email)
    return render(
        request,
        "letters/letter_detail.html",
        {
            "letter": letter,
            "can_email": can_email,
            "sent_form": LetterSentForm(),
            "warnings": [] if letter.sent_on else letter_warnings(letter.saisine, letter.kind),
        },
    )


def letter_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    letter = get_letter_for_user(request.user, pk)
    try:
        pdf = letter.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # A download, as every stored file: the browser's PDF viewer never runs inside Lien's origin.
    filename = (letter.pdf.name or "").split("/")[-1]
    return FileResponse(pdf, as_attachment=True, content_type="application/pdf", filename=filename)


@require_POST
def letter_send_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    try:
        letter_send(acting_user=request.user, letter=letter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Courrier envoyé par courriel à %(to)s.") % {"to": letter.sent_to})
    return redirect("letters:detail", pk=letter.pk)


@require_POST
def letter_mark_sent_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    form = LetterSentForm(request.POST)
    if form.is_valid():
        try:
            letter_mark_sent(
                acting_user=request.user,
                letter=letter,
                sent_on=form.cleaned_data["sent_on"],
                via=form.cleaned_data["via"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Date d'envoi enregistrée."))
    else:
        messages.error(request, _("Date d'envoi invalide."))
    return redirect("letters:detail", pk=letter.pk)
