"""Helpers of the community mediation tests (people with consent, outreach, assessments, rights,
participation) in the ``world`` association of tests/conftest.py."""

from datetime import date

from lien.people.services import ConsentInput, person_create
from tests.factories import CommuneFactory

CONSENT = ConsentInput(given_on=date(2024, 1, 2), form="oral")
FULL_CONSENT = ConsentInput(
    given_on=date(2024, 1, 2), form="written", share_with_partners=True, advocacy_testimonies=True
)


def consented_person(world, consent: ConsentInput = CONSENT, **fields):
    """A person of the world's association, created by its mediator with a recorded consent."""
    fields = {"first_name": "Josette", "last_name": "Maury", "birth_year": 1948} | fields
    if "commune" not in fields:
        fields["commune"] = CommuneFactory()
    return person_create(
        acting_user=world.users["community_mediator"],
        organisation=world.organisation,
        consent=consent,
        **fields,
    )


def consent_form(**fields) -> dict:
    """The consent part of the person form, as a browser posts it."""
    return {
        "consent_given": "on",
        "consent_given_on": "2024-01-02",
        "consent_form": "oral",
        "consent_information_version": "2026-01",
    } | fields
