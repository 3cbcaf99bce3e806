"""Letters of a saisine: French templates editable by each organisation, rendered to PDF
(WeasyPrint), sent by e-mail when an address exists, and kept with the date sent."""

from collections.abc import Mapping
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

from lien.accounts.enums import Role
from lien.accounts.models import Membership, Organisation, User
from lien.accounts.permissions import Perm, has_perm, require_perm
from lien.journal.models import JournalEntry
from lien.letters.address import AddressBlock, PostalAddress, address_block, salutation
from lien.letters.defaults.conclusions import CONCLUSIONS
from lien.letters.enums import RECIPIENT, LetterKind, NonReceivabilityReason
from lien.letters.models import Letter, LetterConclusion, LetterTemplate
from lien.people.models import Person
from lien.saisines.enums import AppealKind, Perimeter, ResolutionMode
from lien.saisines.models import Saisine
from lien.saisines.services import mediation_settings, saisine_record_letter_sent

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULTS = Path(__file__).resolve().parent / "defaults"
# A separate engine without the project's tags: organisations edit plain text with variables.
# The text is plain text, not HTML: nothing is escaped here (the context of ``render_body`` says
# so too: a ``Context`` escapes by default, whatever the engine). The PDF's HTML template escapes
# the whole text once.
_ENGINE = Engine(autoescape=False)

VARIABLES = {
    "salutation": "Madame Dupont, Monsieur Martin, ou Madame, Monsieur (civilité inconnue)",
    "requester": "nom du requérant",
    "reference": "référence de la saisine",
    "organisation": "nom de la caisse",
    "received_on": "date de réception",
    "acknowledged_on": "date de l'accusé de recevabilité",
    "closed_on": "date de clôture",
    "today": "date du jour",
    "objective_days": "objectif de traitement (jours)",
    "suspended_appeals": "recours dont les délais sont suspendus",
    "reason": "motif de non-recevabilité, en une phrase au requérant",
    "conclusion": "conclusion en une phrase au requérant : la suite donnée (motif de non-recevabilité "
    "dans la notification de non-recevabilité)",
    "subject": "objet de la demande",
    "outcome": "suite donnée (libellé court, pour la CRA ou la direction)",
    "resolution_mode": "mode de résolution (libellé court, pour la CRA ou la direction)",
    "equity_proposal": "proposition en équité",
    "mediator": "nom de l'auteur du courrier",
    "mediator_title": "titre de l'auteur du courrier (Médiateur de la …)",
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


def conclusion_texts(organisation: Organisation) -> dict[str, str]:
    """Every conclusion sentence of the organisation: its own, else the default."""
    own = dict(LetterConclusion.objects.filter(organisation=organisation).values_list("key", "text"))
    return {key: own.get(key, text) for key, text in CONCLUSIONS.items()}


def non_receivability_reason(saisine: Saisine) -> str:
    """The reason the letter gives, from the facts the receivability rules read
    (``saisines.rules.suggest_receivability``, in the same order)."""
    if saisine.court_action_pending:
        return NonReceivabilityReason.COURT_ACTION_PENDING
    if saisine.perimeter != Perimeter.FIRST_INTENTION and not saisine.prior_claim:
        return NonReceivabilityReason.NO_PRIOR_CLAIM
    return NonReceivabilityReason.OTHER


def postal_address(person: Person) -> PostalAddress:
    commune, abroad = person.commune, person.lives_abroad
    postal_code = person.postal_code
    if not abroad and not postal_code and commune is not None and len(commune.postal_codes.split()) == 1:
        postal_code = commune.postal_codes.strip()  # a commune with one postal code leaves no doubt
    return PostalAddress(
        civility=str(person.get_civility_display()) if person.civility else "",
        first_name=person.first_name,
        last_name=person.last_name,
        recipient=person.address_recipient,
        building=person.address_building,
        street=person.address_street,
        locality=person.address_locality,
        postal_code=postal_code,
        town=person.town if abroad else (commune.name if commune is not None else ""),
        country=person.country if abroad else "",
    )


def requester_address(saisine: Saisine) -> AddressBlock | None:
    return address_block(postal_address(saisine.requester)) if saisine.requester else None


def letter_warnings(saisine: Saisine, kind: str) -> list[str]:
    """What the author should know before sending: an address that cannot be posted, a
    conclusion not yet recorded."""
    warnings = []
    if RECIPIENT[LetterKind(kind)] == "requester":
        block = requester_address(saisine)
        if block is None:
            warnings.append("Aucun requérant enregistré : le courrier ne porte ni nom ni adresse.")
        elif not block.complete:
            warnings.append(
                f"Adresse postale incomplète : il manque {_and(block.missing)}. Le courrier n'imprime "
                "que le nom ; complétez la fiche de la personne avant un envoi par la poste."
            )
        elif block.shortened:
            warnings.append(
                "Une ligne de l'adresse dépasse 38 caractères : elle est abrégée. "
                "Vérifiez l'adresse imprimée."
            )
    if kind == LetterKind.CLOSURE and not saisine.outcome:
        warnings.append(
            "Aucune suite n'est enregistrée pour cette saisine : le courrier n'a pas de conclusion. "
            "Clôturez la saisine, ou écrivez la conclusion dans le texte."
        )
    if kind == LetterKind.EQUITY_NOTE and not saisine.equity_proposal:
        warnings.append("Aucune proposition en équité n'est enregistrée : écrivez-la dans le texte.")
    return warnings


def _and(items: tuple[str, ...]) -> str:
    return " et ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def mediator_title(author: User, organisation: Organisation) -> str:
    """The author's title under their name, from their role in the fund. The legal name of the
    function (Code de la sécurité sociale, art. L. 217-7-1) is « médiateur »: Lien knows no one's
    gender, and a fund that wants « Médiatrice » writes it in its template."""
    roles = set(
        Membership.objects.filter(user=author, organisation=organisation).values_list("role", flat=True)
    )
    if Role.INSTITUTIONAL_MEDIATOR in roles:
        return f"Médiateur de la {organisation.name}"
    if Role.DEPUTY in roles:
        return f"Médiateur suppléant de la {organisation.name}"
    return f"Pour le médiateur de la {organisation.name}"


def letter_context(saisine: Saisine, *, author: User, today: date, kind: str) -> dict[str, str]:
    """Plain strings only: an edited template can read nothing else."""
    conclusions = conclusion_texts(saisine.organisation)
    reason = conclusions[non_receivability_reason(saisine)]
    requester = saisine.requester
    if kind == LetterKind.NON_RECEIVABILITY:
        conclusion = reason
    elif saisine.outcome in conclusions:
        conclusion = conclusions[saisine.outcome]
    else:
        # No outcome yet, or the end of a mediation by a court action (an outcome of its own).
        conclusion = reason if saisine.outcome and saisine.court_action_pending else ""
    return {
        "salutation": salutation(str(requester.get_civility_display()), requester.last_name)
        if requester and requester.civility
        else "Madame, Monsieur",
        "requester": requester.display_name if requester else "le requérant",
        "reference": saisine.reference,
        "organisation": saisine.organisation.name,
        "received_on": _day(saisine.received_on),
        "acknowledged_on": _day(saisine.acknowledged_on),
        "closed_on": _day(saisine.closed_on),
        "today": _day(today),
        "objective_days": str(mediation_settings(saisine.organisation).objective_days),
        "suspended_appeals": ", ".join(str(AppealKind(code).label) for code in saisine.suspended_appeals),
        "reason": reason,
        "conclusion": conclusion,
        "subject": saisine.subject,
        "outcome": str(saisine.get_outcome_display()),
        "resolution_mode": str(ResolutionMode(saisine.resolution_mode).label)
        if saisine.resolution_mode
        else "",
        "equity_proposal": saisine.equity_proposal,
        "mediator": author.get_full_name(),
        "mediator_title": mediator_title(author, saisine.organisation),
    }


def render_body(body: str, context: dict[str, str]) -> str:
    return _ENGINE.from_string(body).render(Context(context, autoescape=False)).strip() + "\n"


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
    JournalEntry.log_update(
        user=acting_user, obj=template, organisation=organisation, detail=f"modèle de courrier {kind}"
    )
    return template


CONCLUSION_MAX_LENGTH = 1000


@transaction.atomic
def letter_conclusions_save(
    *, acting_user: User, organisation: Organisation, texts: Mapping[str, str]
) -> dict[str, str]:
    """Rewrite the organisation's conclusions; an empty text (or the default) restores the default.
    Returns every conclusion as the letters now print it."""
    require_perm(
        acting_user,
        Perm.LETTER_TEMPLATES_CHANGE,
        organisation.pk,
        message="Votre rôle ne permet pas de modifier les conclusions des courriers.",
    )
    unknown = sorted(set(texts) - set(CONCLUSIONS))
    if unknown:
        raise ValidationError(f"Conclusion inconnue : {', '.join(unknown)}.")
    texts = {key: text.strip() for key, text in texts.items()}
    errors = {}
    for key, text in texts.items():
        if "{" in text or "}" in text:
            errors[key] = "Une conclusion est une phrase au requérant : pas de variable entre accolades."
        elif len(text) > CONCLUSION_MAX_LENGTH:
            errors[key] = f"{CONCLUSION_MAX_LENGTH} caractères au plus."
    if errors:
        raise ValidationError(errors)
    own = {row.key: row for row in LetterConclusion.objects.filter(organisation=organisation)}
    changed = []
    for key, text in texts.items():
        row = own.get(key)
        if not text or text == CONCLUSIONS[key]:
            if row is not None:
                row.delete()
                changed.append(key)
        elif row is None or row.text != text:
            LetterConclusion.objects.update_or_create(
                organisation=organisation, key=key, defaults={"text": text, "updated_by": acting_user}
            )
            changed.append(key)
    if changed:
        JournalEntry.log_update(
            user=acting_user,
            obj=organisation,
            organisation=organisation,
            detail=f"conclusions des courriers : {', '.join(changed)}",
        )
    return conclusion_texts(organisation)


def render_pdf(*, letter_body: str, saisine: Saisine, kind: str, recipient: str, today: date) -> bytes:
    """The letter in A4, from an HTML template that escapes the plain text once."""
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
    """The address block, one line each; the requester's name alone while their address is
    incomplete (the letter page says what is missing)."""
    who = RECIPIENT[LetterKind(kind)]
    if who == "cra":
        return f"Commission de recours amiable\n{saisine.organisation.name}"
    if who == "director":
        return f"Direction\n{saisine.organisation.name}"
    block = requester_address(saisine)
    return "\n".join(block.printed) if block else ""


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
    context = letter_context(saisine, author=acting_user, today=today, kind=kind)
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
    # The acknowledgement, the notice and the closure letter each move the case's deadlines.
    saisine_record_letter_sent(acting_user=acting_user, saisine=saisine, kind=letter.kind, sent_on=sent_on)
    JournalEntry.log_export(
        user=acting_user,
        obj=letter,
        organisation=saisine.organisation,
        person=saisine.requester,
        detail=f"envoi {letter.get_sent_via_display()}",
    )
    return letter
