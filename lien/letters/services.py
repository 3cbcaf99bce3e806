"""Letters of a saisine: French templates editable by each organisation, rendered to PDF
(WeasyPrint), sent by e-mail when an address exists, and kept with the date sent."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import formats, timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm, require_perm
from lien.journal.models import JournalEntry
from lien.letters.enums import RECIPIENT, LetterKind
from lien.letters.models import Letter, LetterTemplate
from lien.saisines.enums import AppealKind, Outcome, ResolutionMode
from lien.saisines.models import Saisine
from lien.saisines.rules import suggest_receivability
from lien.saisines.services import mediation_settings, saisine_acknowledge

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULTS = Path(__file__).resolve().parent / "defaults"
# A separate engine without the project's tags: organisations edit plain text with variables.
_ENGINE = Engine(autoescape=False)

VARIABLES = {
    "salutation": "Madame, Monsieur",
    "requester": "nom du requérant",
    "reference": "référence de la saisine",
    "organisation": "nom de la caisse",
    "received_on": "date de réception",
    "acknowledged_on": "date de l'accusé de recevabilité",
    "closed_on": "date de clôture",
    "today": "date du jour",
    "objective_days": "objectif de traitement (jours)",
    "suspended_appeals": "recours dont les délais sont suspendus",
    "reason": "motif de non-recevabilité",
    "subject": "objet de la demande",
    "outcome": "suite donnée",
    "resolution_mode": "mode de résolution",
    "equity_proposal": "proposition en équité",
    "mediator": "nom du médiateur",
}


def letter_kinds_for(user: User, saisine: Saisine) -> list[tuple[str, "StrOrPromise"]]:
    """The kinds of letter the user may write for this saisine (the equity note: the mediator)."""
    if not has_perm(user, Perm.SAISINE_CHANGE, saisine.organisation_id):
        return []
    may_propose = has_perm(user, Perm.EQUITY_PROPOSE, saisine.organisation_id)
    return [
        (code, label) for code, label in LetterKind.choices if code != LetterKind.EQUITY_NOTE or may_propose
    ]


def default_body(kind: str) -> str:
    return (DEFAULTS / f"{kind}.txt").read_text(encoding="utf-8")


def template_body(organisation: Organisation, kind: str) -> str:
    custom = LetterTemplate.objects.filter(organisation=organisation, kind=kind).first()
    return custom.body if custom else default_body(kind)


def _day(value: date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def letter_context(saisine: Saisine, *, author: User, today: date) -> dict[str, str]:
    """Plain strings only: an edited template can read nothing else."""
    suggestion = suggest_receivability(
        perimeter=saisine.perimeter,
        matter=saisine.matter,
        prior_claim=saisine.prior_claim,
        court_action_pending=saisine.court_action_pending,
    )
    return {
        "salutation": "Madame, Monsieur",
        "requester": str(saisine.requester) if saisine.requester else "le requérant",
        "reference": saisine.reference,
        "organisation": saisine.organisation.name,
        "received_on": _day(saisine.received_on),
        "acknowledged_on": _day(saisine.acknowledged_on),
        "closed_on": _day(saisine.closed_on),
        "today": _day(today),
        "objective_days": str(mediation_settings(saisine.organisation).objective_days),
        "suspended_appeals": ", ".join(str(AppealKind(code).label) for code in saisine.suspended_appeals),
        "reason": suggestion.reason if not suggestion.receivable else "",
        "subject": saisine.subject,
        "outcome": str(Outcome(saisine.outcome).label) if saisine.outcome else "",
        "resolution_mode": str(ResolutionMode(saisine.resolution_mode).label)
        if saisine.resolution_mode
        else "",
        "equity_proposal": saisine.equity_proposal,
        "mediator": author.get_full_name(),
    }


def render_body(body: str, context: dict[str, str]) -> str:
    return _ENGINE.from_string(body).render(Context(context)).strip() + "\n"


def letter_template_save(
    *, acting_user: User, organisation: Organisation, kind: str, body: str
) -> LetterTemplate:
    require_perm(
        acting_user,
        Perm.LETTER_TEMPLATES_CHANGE,
        organisation.pk,
        message="Votre rôle ne permet pas de modifier les modèles de courrier.",
    )
    try:
        _ENGINE.from_string(body)
    except TemplateSyntaxError as error:
        raise ValidationError({"body": f"Modèle invalide : {error}"}) from None
    template, _ = LetterTemplate.objects.update_or_create(
        organisation=organisation, kind=kind, defaults={"body": body, "updated_by": acting_user}
    )
    return template


def render_pdf(*, letter_body: str, saisine: Saisine, kind: str, recipient: str, today: date) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "letters/print.html",
        {
            "organisation": saisine.organisation,
            "body": letter_body,
            "kind": LetterKind(kind).label,
            "recipient": recipient,
            "today": today,
            "reference": saisine.reference,
        },
    )
    return HTML(string=html).write_pdf()


def _recipient_text(saisine: Saisine, kind: str) -> str:
    who = RECIPIENT[LetterKind(kind)]
    if who == "cra":
        return f"Commission de recours amiable — {saisine.organisation.name}"
    if who == "director":
        return f"Direction — {saisine.organisation.name}"
    requester = saisine.requester
    if requester is None:
        return ""
    lines = [requester.display_name]
    if requester.commune is not None:
        lines.append(requester.commune.label)
    return "\n".join(lines)


@transaction.atomic
def letter_create(*, acting_user: User, saisine: Saisine, kind: str, body: str | None = None) -> Letter:
    """Write the letter from the organisation's template (or the given text) and keep its PDF."""
    require_perm(
        acting_user,
        Perm.SAISINE_CHANGE,
        saisine.organisation_id,
        message="Votre rôle ne permet pas d'écrire de courrier pour cette saisine.",
    )
    if kind == LetterKind.EQUITY_NOTE:
        require_perm(
            acting_user,
            Perm.EQUITY_PROPOSE,
            saisine.organisation_id,
            message="Seul le médiateur adresse une proposition en équité au directeur.",
        )
    today = timezone.localdate()
    context = letter_context(saisine, author=acting_user, today=today)
    try:
        text = render_body(body if body is not None else template_body(saisine.organisation, kind), context)
    except TemplateSyntaxError as error:
        raise ValidationError({"body": f"Texte invalide : {error}"}) from None
    pdf = render_pdf(
        letter_body=text, saisine=saisine, kind=kind, recipient=_recipient_text(saisine, kind), today=today
    )
    letter = Letter(saisine=saisine, kind=kind, body=text, created_by=acting_user)
    letter.pdf.save(f"{saisine.reference}-{kind}-{today:%Y%m%d}.pdf", ContentFile(pdf), save=False)
    letter.save()
    JournalEntry.log_print(
        user=acting_user, obj=letter, organisation=saisine.organisation, person=saisine.requester
    )
    return letter


@transaction.atomic
def letter_send(*, acting_user: User, letter: Letter, today: date | None = None) -> Letter:
    """Send by e-mail with the PDF attached, to the requester's address."""
    saisine = letter.saisine
    require_perm(
        acting_user,
        Perm.SAISINE_CHANGE,
        saisine.organisation_id,
        message="Votre rôle ne permet pas d'envoyer ce courrier.",
    )
    address = saisine.requester.email if saisine.requester else ""
    if RECIPIENT[LetterKind(letter.kind)] != "requester" or not address:
        raise ValidationError(
            "Aucune adresse e-mail : imprimez le courrier et indiquez la date d'envoi postal."
        )
    message = EmailMessage(
        subject=f"{saisine.organisation.name} — {letter.get_kind_display()} ({saisine.reference})",
        body=letter.body,
        to=[address],
    )
    message.attach(Path(letter.pdf.name or "").name, letter.pdf.read(), "application/pdf")
    message.send()
    return letter_mark_sent(
        acting_user=acting_user,
        letter=letter,
        sent_on=today or timezone.localdate(),
        via=Letter.Via.EMAIL,
        to=address,
    )


@transaction.atomic
def letter_mark_sent(*, acting_user: User, letter: Letter, sent_on: date, via: str, to: str = "") -> Letter:
    saisine = letter.saisine
    require_perm(
        acting_user,
        Perm.SAISINE_CHANGE,
        saisine.organisation_id,
        message="Votre rôle ne permet pas de modifier ce courrier.",
    )
    if sent_on < saisine.received_on:
        raise ValidationError({"sent_on": "Un courrier ne peut partir avant la réception de la saisine."})
    letter.sent_on, letter.sent_via, letter.sent_to = sent_on, via, to
    letter.save(update_fields=["sent_on", "sent_via", "sent_to"])
    if letter.kind == LetterKind.ACKNOWLEDGEMENT and saisine.acknowledged_on is None:
        # Sending the acknowledgement is the answer within 7 days, and suspends the appeals.
        saisine_acknowledge(
            acting_user=acting_user,
            saisine=saisine,
            acknowledged_on=sent_on,
            suspended_appeals=saisine.suspended_appeals or AppealKind.values,
        )
    JournalEntry.log_export(
        user=acting_user,
        obj=letter,
        organisation=saisine.organisation,
        person=saisine.requester,
        detail=f"envoi {letter.get_sent_via_display()}",
    )
    return letter
