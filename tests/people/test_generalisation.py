"""What an anonymised file keeps does not single the person out, and the report's figures stay:
the age band instead of the birth year, the commune only where enough people are followed."""

from datetime import date

import pytest
from django.db.models import Count
from django.utils import timezone

from lien.activity.report import programme_report
from lien.followup.services import contact_record as followup_contact
from lien.outreach.models import Contact
from lien.outreach.services import contact_record, session_create
from lien.people.anonymity import COMMUNE_KEPT_FROM, age_band_of, departement_of
from lien.people.models import Person
from lien.people.services import consent_withdraw
from tests.factories import CommuneFactory
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db


def flat(figures: dict, prefix: str = "") -> dict[str, object]:
    """``{"people.by_age_band.45-54": 1, …}``: every figure of the report by its path."""
    found: dict[str, object] = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            found |= flat(value, f"{prefix}{key}.")
        else:
            found[f"{prefix}{key}"] = value
    return found


def by_departement() -> dict[str | None, int]:
    rows = Person.objects.values(code=departement_of()).annotate(n=Count("id")).order_by()
    return {row["code"]: row["n"] for row in rows}


def test_the_report_counts_the_same_people_in_the_same_bands_and_departements(world):
    mediator = world.users["community_mediator"]
    today = timezone.localdate()
    town, village = CommuneFactory(), CommuneFactory(insee_code="11999", name="Escouloubre")
    # 45 this year: the first year of "45-54" (a birth year blurred to its five years, 1981 → 1982,
    # moved this person to "35-44").
    on_a_bound = consented_person(world, birth_year=today.year - 45, commune=village, gender="female")
    in_town = consented_person(world, birth_year=today.year - 30, commune=town, gender="male")
    for number in range(COMMUNE_KEPT_FROM - 1):
        consented_person(world, first_name=f"Voisin {number}", birth_year=1960, commune=town)
    for person in (on_a_bound, in_town):
        followup_contact(acting_user=mediator, person=person, on=today, channel="phone")
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    before, departements = flat(programme_report(world.organisation, start, end)), by_departement()

    for person in (on_a_bound, in_town):
        consent_withdraw(acting_user=mediator, person=Person.objects.get(pk=person.pk))

    after = flat(programme_report(world.organisation, start, end))
    moved = {path: (before[path], after[path]) for path in before if before[path] != after[path]}
    # The follow-ups ended (a fact, not a blur); the village's only file left its commune for its
    # département, so the figures by commune lose it; nothing else moved, the age bands included.
    assert moved.pop("people.followups_ended") == (0, 2)
    assert moved.pop("people.without_commune") == (0, 1)
    town_row = {"insee_code": town.pk, "name": town.name, "count": 1}
    village_row = {"insee_code": village.pk, "name": village.name, "count": 1}
    assert moved.pop("people.by_commune") == ([village_row, town_row], [town_row])  # by name
    by_commune = {"territory.communes_reached", "territory.by_departement"}  # communes reached
    assert set(moved) <= by_commune, moved
    assert before["people.by_age_band.45-54"] == 1
    assert by_departement() == departements
    on_a_bound.refresh_from_db()
    in_town.refresh_from_db()
    assert (on_a_bound.commune, on_a_bound.departement, age_band_of(on_a_bound)) == (None, "11", "45-54")
    assert (in_town.commune, in_town.departement, age_band_of(in_town)) == (town, "11", "25-34")


@pytest.mark.parametrize(("others", "kept"), [(COMMUNE_KEPT_FROM - 1, True), (COMMUNE_KEPT_FROM - 2, False)])
def test_the_commune_stays_only_where_enough_people_are_followed(world, others, kept):
    commune = CommuneFactory()
    person = consented_person(world, commune=commune)
    for number in range(others):
        consented_person(world, first_name=f"Voisin {number}", commune=commune)
    consented_person(world, first_name="Ailleurs", commune=CommuneFactory(insee_code="11001", name="Aigne"))

    consent_withdraw(acting_user=world.users["community_mediator"], person=person)

    person.refresh_from_db()
    assert (person.commune, person.departement) == (commune if kept else None, commune.departement)


def test_an_outreach_contact_of_the_person_loses_a_commune_that_would_name_them(world):
    mediator = world.users["community_mediator"]
    village = CommuneFactory()
    person = consented_person(world, commune=village)
    session = session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="permanence",
        held_on=timezone.localdate(),
        place="Mairie",
        commune=village,
    )
    identified = contact_record(acting_user=mediator, session=session, person=person)
    anonymous = contact_record(acting_user=mediator, session=session, age_band="35-44")

    consent_withdraw(acting_user=mediator, person=person)

    assert Contact.objects.get(pk=identified.pk).commune is None
    assert Contact.objects.get(pk=anonymous.pk).commune == village  # not about the person
