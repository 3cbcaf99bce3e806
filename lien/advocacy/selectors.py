"""Reads of advocacy: the dossiers a user builds and what may go into one."""

from django.http import Http404
from django.utils import formats

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm, subtree_ids
from lien.advocacy.models import Dossier, Excerpt, Figure
from lien.lib.identifiers import KINDS, Finding
from lien.lib.pseudonymise import Pseudonymised
from lien.participation.models import Meeting, Testimony


def get_dossier_for_user(user: User, pk: int) -> Dossier:
    dossier = (
        Dossier.objects.visible_to(user).select_related("organisation", "created_by").filter(pk=pk).first()
    )
    if dossier is None:
        raise Http404("Dossier introuvable.")
    return dossier


def get_excerpt_for_user(user: User, pk: int) -> Excerpt:
    excerpt = Excerpt.objects.select_related("dossier__organisation", "reviewed_by").filter(pk=pk).first()
    if excerpt is None or not has_perm(user, Perm.ADVOCACY_DOSSIER, excerpt.dossier.organisation_id):
        raise Http404("Extrait introuvable.")
    return excerpt


def get_figure_for_user(user: User, pk: int) -> Figure:
    figure = Figure.objects.select_related("dossier__organisation").filter(pk=pk).first()
    if figure is None or not has_perm(user, Perm.ADVOCACY_DOSSIER, figure.dossier.organisation_id):
        raise Http404("Tableau introuvable.")
    return figure


def testimony_choices(user: User, dossier: Dossier) -> list[tuple[int, str]]:
    """Testimonies the people opened to advocacy, not yet in the dossier: their date and
    organisation only — their words are read once pseudonymised."""
    taken = dossier.excerpts.exclude(testimony=None).values("testimony_id")
    testimonies = (
        Testimony.objects.for_advocacy(user)
        .filter(organisation_id__in=subtree_ids(dossier.organisation_id))
        .exclude(pk__in=taken)
        .select_related("organisation")
        .order_by("-collected_on", "-id")[:200]
    )
    return [
        (t.pk, f"{formats.date_format(t.collected_on, 'j F Y')} — {t.organisation.name} (n° {t.pk})")
        for t in testimonies
    ]


def meeting_choices(user: User, dossier: Dossier) -> list[tuple[int, str]]:
    taken = dossier.excerpts.exclude(meeting=None).values("meeting_id")
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(organisation_id__in=subtree_ids(dossier.organisation_id))
        .exclude(summary="")
        .exclude(pk__in=taken)
        .order_by("-held_on", "-id")[:200]
    )
    return [(meeting.pk, str(meeting)) for meeting in meetings]


def segments(result: Pseudonymised) -> list[tuple[str, str]]:
    """The original text as (text, what it is) pieces, "" where nothing was found: the review
    page marks what the pseudonymiser proposes to replace and says what it took it for."""
    pieces, position = [], 0
    for entity in result.entities:
        pieces.append((result.original[position : entity.start], ""))
        pieces.append((entity.text, Finding(KINDS[entity.label], entity.text).label))
        position = entity.end
    pieces.append((result.original[position:], ""))
    return [piece for piece in pieces if piece[0]]
