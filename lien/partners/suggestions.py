"""Which patient partners to suggest to a patient: those proposable that day in the person's
organisation, ranked by the languages they share and by the département of the person's
commune. Pathologies are left out on purpose: matching them needs medical data that only the
proposer sees (a later slice, with ``medical.view``)."""

from datetime import date

from lien.partners.models import PatientPartner
from lien.people.models import Person


def suggest_partners(person: Person, on: date) -> list[PatientPartner]:
    """The proposable partners of the person's organisation, best match first (shared languages,
    then the same département), then by name."""
    languages = set(person.languages.values_list("language", flat=True))
    partners = list(
        PatientPartner.objects.filter(organisation_id=person.organisation_id).proposable(on).for_list()
    )

    def score(partner: PatientPartner) -> tuple[int, int]:
        shared = len(languages & {row.code for row in partner.languages.all()})
        here = int(
            bool(person.departement)
            and person.departement in {row.code for row in partner.departements.all()}
        )
        return (-shared, -here)

    return sorted(partners, key=score)
