"""Writes of advocacy: dossiers, their excerpts (proposed by the pseudonymiser, validated by a
person) and their figures. Nothing is printed before every excerpt is reviewed
(``dossier_blockers``), and a reviewed text that still seems to identify someone is refused
unless its reviewer confirms it does not."""

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, require_perm, subtree_ids
from lien.advocacy.enums import Source
from lien.advocacy.figures import check_figure, shown
from lien.advocacy.models import Dossier, Excerpt, Figure
from lien.advocacy.needs import NeedsQuery, NeedsTables, needs_tables
from lien.journal.models import JournalEntry
from lien.lib.identifiers import KINDS, Finding
from lien.lib.pseudonymise import KnownNames, Pseudonymised, pseudonymise
from lien.participation.models import Meeting, Testimony
from lien.people.names import known_names
from lien.reports.pdf import html_to_pdf
from lien.saisines.models import Saisine


def _check(user: User, organisation_id: int) -> None:
    require_perm(user, Perm.ADVOCACY_DOSSIER, organisation_id)


def propose(text: str, organisation_ids: set[int], own_names: Iterable[str | None] = ()) -> Pseudonymised:
    """The pseudonymiser's proposal for a text of these organisations: the names Lien knows there
    (people, team, contacts) and those of the person the text is about."""
    names = known_names(organisation_ids, [text])
    return pseudonymise(text, KnownNames(names, own=own_names))


def findings_sentence(findings: Sequence[Finding]) -> str:
    listed = ", ".join(f"{finding.label} « {finding.text} »" for finding in findings)
    return _(
        "Le texte contient encore ce qui semble identifier quelqu'un : %(listed)s. Remplacez-le, ou "
        "cochez la case pour confirmer que rien n'identifie personne."
    ) % {"listed": listed}


@transaction.atomic
def dossier_create(
    *, acting_user: User, organisation: Organisation, title: str, recipient: str, introduction: str = ""
) -> Dossier:
    _check(acting_user, organisation.pk)
    dossier = Dossier(
        organisation=organisation,
        title=title.strip(),
        recipient=recipient.strip(),
        introduction=introduction.strip(),
        created_by=acting_user,
    )
    dossier.full_clean()
    dossier.save()
    JournalEntry.log_create(user=acting_user, obj=dossier, organisation=organisation)
    return dossier


@transaction.atomic
def dossier_update(
    *, acting_user: User, dossier: Dossier, title: str, recipient: str, introduction: str
) -> Dossier:
    _check(acting_user, dossier.organisation_id)
    dossier.title, dossier.recipient, dossier.introduction = (
        title.strip(),
        recipient.strip(),
        introduction.strip(),
    )
    dossier.full_clean()
    dossier.save()
    JournalEntry.log_update(user=acting_user, obj=dossier, organisation=dossier.organisation)
    return dossier


def _source_text(
    acting_user: User,
    dossier: Dossier,
    source: str,
    *,
    testimony_id,
    meeting_id,
    saisine_id,
    text: str,
    month,
) -> tuple[dict, str, date, list[str]]:
    """The source's row, words, month and the names of the person it is about — read only
    where the user may: another organisation's or a closed source is « introuvable »."""
    scope = subtree_ids(dossier.organisation_id)
    if source == Source.TESTIMONY:
        testimony = (
            Testimony.objects.for_advocacy(acting_user)
            .filter(organisation_id__in=scope, pk=testimony_id)
            .select_related("person", "organisation")
            .first()
        )
        if testimony is None:
            raise ValidationError(
                {"testimony": _("Témoignage introuvable, ou que la personne n'a pas ouvert au plaidoyer.")}
            )
        names = [testimony.person.first_name, testimony.person.last_name] if testimony.person else []
        return {"testimony": testimony}, testimony.text, testimony.collected_on, names
    if source == Source.MEETING:
        meeting = (
            Meeting.objects.visible_to(acting_user).filter(organisation_id__in=scope, pk=meeting_id).first()
        )
        if meeting is None or not meeting.summary.strip():
            raise ValidationError({"meeting": _("Rencontre introuvable, ou sans compte rendu.")})
        return {"meeting": meeting}, meeting.summary, meeting.held_on, []
    if source == Source.SAISINE:
        saisine = (
            Saisine.objects.visible_to(acting_user)
            .filter(organisation_id__in=scope, pk=saisine_id)
            .select_related("requester", "organisation")
            .first()
        )
        if saisine is None or not saisine.subject.strip():
            raise ValidationError({"saisine": _("Saisine introuvable, ou sans objet rédigé.")})
        requester = saisine.requester
        names = [requester.first_name, requester.last_name] if requester else []
        return {"saisine": saisine}, saisine.subject, saisine.received_on, names
    if source == Source.TEXT:
        if not text.strip():
            raise ValidationError({"text": _("Le texte est vide.")})
        if month is None:
            raise ValidationError({"month": _("Indiquez le mois du texte.")})
        if month > timezone.localdate():
            raise ValidationError({"month": _("Le mois ne peut pas être à venir.")})
        return {}, text, month, []
    raise ValidationError({"source": _("Source inconnue.")})


@transaction.atomic
def excerpt_add(
    *,
    acting_user: User,
    dossier: Dossier,
    source: str,
    testimony_id: int | None = None,
    meeting_id: int | None = None,
    saisine_id: int | None = None,
    text: str = "",
    month: date | None = None,
) -> Excerpt:
    """Add a source's words to the dossier as the pseudonymiser proposes them: to review."""
    _check(acting_user, dossier.organisation_id)
    row, original, day, names = _source_text(
        acting_user,
        dossier,
        source,
        testimony_id=testimony_id,
        meeting_id=meeting_id,
        saisine_id=saisine_id,
        text=text,
        month=month,
    )
    proposal = propose(original.strip(), subtree_ids(dossier.organisation_id), names)
    excerpt = Excerpt.objects.create(
        dossier=dossier,
        source=source,
        month=day.replace(day=1),
        proposal=proposal.text,
        added_by=acting_user,
        **row,
    )
    JournalEntry.log_create(user=acting_user, obj=excerpt, organisation=dossier.organisation)
    return excerpt


def excerpt_original(acting_user: User, excerpt: Excerpt) -> Pseudonymised | None:
    """The words the excerpt was taken from, with what the pseudonymiser found in them, for a
    reviewer who may read them (the journal keeps the reading); None for anyone else."""
    source: Testimony | Meeting | Saisine | None = None
    names: list[str] = []
    if excerpt.testimony_id:
        source = Testimony.objects.visible_to(acting_user).filter(pk=excerpt.testimony_id).first()
        if source is not None:
            text, person = source.text, source.person
            names = [person.first_name, person.last_name] if person else []
    elif excerpt.meeting_id:
        source = Meeting.objects.visible_to(acting_user).filter(pk=excerpt.meeting_id).first()
        text, person = (source.summary, None) if source is not None else ("", None)
    elif excerpt.saisine_id:
        source = Saisine.objects.visible_to(acting_user).filter(pk=excerpt.saisine_id).first()
        if source is not None:
            text, person = source.subject, source.requester
            names = [person.first_name, person.last_name] if person else []
    if source is None:
        return None
    JournalEntry.log_view(user=acting_user, obj=source, organisation=source.organisation, person=person)
    return propose(text, subtree_ids(excerpt.dossier.organisation_id), names)


def _own_names(excerpt: Excerpt) -> list[str]:
    """The names of the person the excerpt's source is about, if any."""
    person = None
    if excerpt.testimony_id and excerpt.testimony:
        person = excerpt.testimony.person
    elif excerpt.saisine_id and excerpt.saisine:
        person = excerpt.saisine.requester
    return [person.first_name, person.last_name] if person else []


def _remaining(excerpt: Excerpt, text: str) -> list[Finding]:
    result = propose(text, subtree_ids(excerpt.dossier.organisation_id), _own_names(excerpt))
    return list(dict.fromkeys(Finding(KINDS[entity.label], entity.text) for entity in result.entities))


@transaction.atomic
def excerpt_review(*, acting_user: User, excerpt: Excerpt, text: str, confirm: bool = False) -> Excerpt:
    """Validate the text of an excerpt as its reviewer wrote it. What still seems to identify
    someone is refused unless the reviewer confirms it does not (a street name, a public
    figure): the pseudonymiser proposes, a person decides."""
    _check(acting_user, excerpt.dossier.organisation_id)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Le texte relu est vide.")})
    remaining = _remaining(excerpt, text)
    if remaining and not confirm:
        raise ValidationError({"text": findings_sentence(remaining)})
    excerpt.text, excerpt.reviewed_by, excerpt.reviewed_at = text, acting_user, timezone.now()
    excerpt.save(update_fields=["text", "reviewed_by", "reviewed_at"])
    JournalEntry.log_update(user=acting_user, obj=excerpt, organisation=excerpt.dossier.organisation)
    return excerpt


@transaction.atomic
def excerpt_remove(*, acting_user: User, excerpt: Excerpt) -> None:
    _check(acting_user, excerpt.dossier.organisation_id)
    JournalEntry.log_update(user=acting_user, obj=excerpt.dossier, organisation=excerpt.dossier.organisation)
    excerpt.delete()


@transaction.atomic
def figure_remove(*, acting_user: User, figure: Figure) -> None:
    _check(acting_user, figure.dossier.organisation_id)
    JournalEntry.log_update(user=acting_user, obj=figure.dossier, organisation=figure.dossier.organisation)
    figure.delete()


def dossier_blockers(dossier: Dossier) -> list[str]:
    """Why the dossier cannot be printed yet; empty when it can."""
    excerpts = list(dossier.excerpts.all())
    figures = list(dossier.figures.all())
    blockers = []
    if not excerpts and not figures:
        blockers.append(_("Le dossier est vide : ajoutez des extraits ou des chiffres."))
    unreviewed = sum(1 for excerpt in excerpts if not excerpt.reviewed)
    if unreviewed:
        blockers.append(
            ngettext(
                "%(count)d extrait n'est pas encore relu.",
                "%(count)d extraits ne sont pas encore relus.",
                unreviewed,
            )
            % {"count": unreviewed}
        )
    return blockers


@transaction.atomic
def figure_add(
    *,
    acting_user: User,
    dossier: Dossier,
    title: str,
    start: date,
    end: date,
    dimensions: Sequence[str],
    threshold: int,
) -> Figure:
    """A table of open data in the dossier, masked with ``threshold`` (never below the instance's)."""
    _check(acting_user, dossier.organisation_id)
    figure = Figure(
        dossier=dossier,
        title=title.strip(),
        start=start,
        end=end,
        dimensions=",".join(dimensions),
        threshold=threshold,
        added_by=acting_user,
    )
    if not figure.title:
        raise ValidationError({"title": _("Donnez un titre au tableau.")})
    check_figure(figure)
    figure.save()
    JournalEntry.log_update(user=acting_user, obj=dossier, organisation=dossier.organisation)
    return figure


def dossier_pdf(*, acting_user: User, dossier: Dossier) -> bytes:
    """The printed dossier, its figures computed now; refused while an excerpt is not reviewed
    (``dossier_blockers``); journalled as a print."""
    _check(acting_user, dossier.organisation_id)
    if blockers := dossier_blockers(dossier):
        raise ValidationError(blockers)
    html = render_to_string(
        "advocacy/dossier_print.html",
        {
            "dossier": dossier,
            "excerpts": dossier.excerpts.all(),
            "figures": [shown(figure) for figure in dossier.figures.all()],
            "printed_at": timezone.localtime(),
        },
    )
    document = html_to_pdf(html)
    JournalEntry.log_print(user=acting_user, obj=dossier, organisation=dossier.organisation)
    return document


def _territory_text(query: NeedsQuery) -> str:
    parts = []
    if query.departements:
        parts.append(f"départements {' '.join(query.departements[:10])}")
    if query.insee_codes:
        more = f" (+{len(query.insee_codes) - 10})" if len(query.insee_codes) > 10 else ""
        parts.append(f"communes {' '.join(query.insee_codes[:10])}{more}")
    return ", ".join(parts) or "tout le programme"


@transaction.atomic
def needs_export(
    *, acting_user: User, query: NeedsQuery, threshold: int, fmt: str, via: str, table: str = ""
) -> NeedsTables:
    """The barriers and needs without answers of ``query``, for a file (``fmt``: csv, json) made by
    the page or the API (``via``), journalled as an export of the programme (counts only, no
    person: the entry keeps the period, the territory, the distance and whether it was masked)."""
    require_perm(acting_user, Perm.ADVOCACY_DOSSIER, query.organisation.pk)
    tables = needs_tables(query, threshold=threshold)
    what = f"{fmt.upper()} {table}".strip()
    JournalEntry.log_export(
        user=acting_user,
        obj=query.organisation,
        organisation=query.organisation,
        detail=(
            f"freins et besoins sans réponse du {query.start.isoformat()} au {query.end.isoformat()}, "
            f"{_territory_text(query)}, services à {query.radius_km} km, "
            f"{'masqués au seuil ' + str(threshold) if query.masked else 'chiffres exacts'} ({what}, {via})"
        ),
    )
    return tables
