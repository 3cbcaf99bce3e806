"""The one way views reach an improvement proposal: scoped to the user's funds."""

from django.http import Http404

from lien.accounts.permissions import Perm, has_perm
from lien.improvements.models import ImprovementProposal


def get_proposal_for_user(user, pk: int, *, write: bool = False) -> ImprovementProposal:
    """The proposal if the user may read it (or change it, with ``write``); 404 otherwise."""
    proposal = (
        ImprovementProposal.objects.visible_to(user)
        .select_related("organisation", "created_by")
        .filter(pk=pk)
        .first()
    )
    if proposal is None or (write and not has_perm(user, Perm.SAISINE_CHANGE, proposal.organisation_id)):
        raise Http404("Proposition introuvable.")
    return proposal
