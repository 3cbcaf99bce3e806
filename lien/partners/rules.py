"""Who may be proposed to a patient: the one rule of the programme (seed 003). A patient partner
is proposable on a day only if active, with at least one validated training and a convention in
force that day — for the patients of another organisation, a convention signed with it.
``models.proposable_condition`` says the same in SQL (tests/partners check that both agree); the
later slices (the proposal to a patient) call these, never a copy."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lien.partners.models import PatientPartner


@dataclass(frozen=True)
class Proposability:
    proposable: bool
    # Why not, in French sentences (empty when proposable).
    reasons: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.proposable


def partner_proposable(
    partner: PatientPartner, on: date, organisation_id: int | None = None
) -> Proposability:
    """Reads ``partner.trainings`` and ``partner.conventions`` through ``.all()``: a list
    prefetches them and costs no query per partner. With ``organisation_id`` (the organisation
    that follows the patient), only the conventions that reach it count: any of a partner of that
    organisation, or one signed with it as establishment."""
    reasons: list[str] = []
    if not partner.active:
        reasons.append(_("Fiche inactive"))
    trainings = list(partner.trainings.all())
    if not any(training.validated_at is not None for training in trainings):
        reasons.append(_("Aucune formation validée"))
    conventions = list(partner.conventions.all())
    if organisation_id is not None and partner.organisation_id != organisation_id:
        conventions = [c for c in conventions if c.establishment_id == organisation_id]
        if not conventions:
            reasons.append(_("Aucune convention avec votre structure"))
            return Proposability(proposable=False, reasons=tuple(reasons))
    if not any(convention.in_force_on(on) for convention in conventions):
        upcoming = [c.starts_on for c in conventions if c.starts_on > on]
        ended = [c.ends_on for c in conventions if c.ends_on is not None and c.ends_on < on]
        if upcoming:
            day = date_format(min(upcoming), "j F Y")
            reasons.append(
                _("Aucune convention en vigueur (la prochaine prend effet le %(day)s)") % {"day": day}
            )
        elif ended:
            day = date_format(max(ended), "j F Y")
            reasons.append(_("Convention expirée le %(day)s") % {"day": day})
        else:
            reasons.append(_("Aucune convention en vigueur"))
    return Proposability(proposable=not reasons, reasons=tuple(reasons))
