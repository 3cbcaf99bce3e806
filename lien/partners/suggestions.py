"""Which patient partners to suggest to a patient: those proposable that day to the person's
organisation (its own, and those of a network with a convention signed with it), ranked by the
pathology the proposer names, then by the languages they share and by the département of the
person's commune. The pathology is a choice of the proposal page, used to rank and never stored:
Lien keeps no diagnosis on the person's file for this."""

from datetime import date

from lien.partners.models import PatientPartner
from lien.people.models import Person


def suggest_partners(person: Person, on: date, pathology: str = "") -> list[PatientPartner]:
    """The partners proposable to the person's organisation, best match first (the pathology
    named by the proposer, shared languages, then the same département), then by name."""
    languages = set(person.languages.values_list("language", flat=True))
    partners = list(PatientPartner.objects.proposable(on, person.organisation_id).for_list())

    def score(partner: PatientPartner) -> tuple[int, int, int]:
        lived = int(bool(pathology) and pathology in {row.code for row in partner.pathologies.all()})
        shared = len(languages & {row.code for row in partner.languages.all()})
        here = int(
            bool(person.departement)
            and person.departement in {row.code for row in partner.departements.all()}
        )
        return (-lived, -shared, -here)

    return sorted(partners, key=score)
