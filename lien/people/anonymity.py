"""What an anonymised file keeps, generalised so that it no longer singles the person out.

In a territory of 19 000 inhabitants, a birth year, a gender and a village point to one person.
An anonymised file keeps only what the programme report (lien/activity/report.py) counts, as
coarsely as it counts it:

- **the age band, not the birth year.** The report puts a person in the band of their age at the
  end of the period (years of difference, ``enums.age_band_for``), read from ``birth_year``. The
  file keeps as birth year the *middle of the person's band* on the day of the anonymisation
  (``band_birth_year``), the same year for everyone of that band that year: the report counts
  the person in the same band for every period ending that year (and, the middle ageing with
  the periods, some years around it); ``age_band_of`` is the band to show.
- **the commune only where many people are followed**: at least ``COMMUNE_KEPT_FROM`` files of
  the organisation in that commune, the person's included. Elsewhere the commune is cleared and
  ``Person.departement`` keeps its département, so that the figures by département do not move
  (``departement_of``) and those by commune lose the person only where they would name them.
"""

from datetime import date

from django.db.models import F, Func, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from lien.people.enums import AgeBand, age_band_for
from lien.people.models import Person

COMMUNE_KEPT_FROM = 10


def _middle_age(band: str) -> int:
    """The age in the middle of a band ("45-54" → 49); an open band ("75+") takes five years above
    its lower bound."""
    lower, _, upper = band.rstrip("+").partition("-")
    return (int(lower) + int(upper)) // 2 if upper else int(lower) + 5


MIDDLE_AGE = {band: _middle_age(band) for band in AgeBand.values}


def band_birth_year(birth_year: int | None, on: date) -> int | None:
    """The birth year at the middle of the age band of someone born in ``birth_year``, at ``on``
    (1980 in 2026, aged 46, "45-54" → 1977); None when unknown."""
    band = age_band_for(birth_year, on)
    return on.year - MIDDLE_AGE[band] if band else None


def age_band_of(person: Person, on: date | None = None) -> str:
    """The person's age band at ``on`` (today by default); for an anonymised file, the band kept
    on the day of the anonymisation, the only one it knows. "" when unknown."""
    if person.anonymised_at is not None:
        on = timezone.localdate(person.anonymised_at)
    return age_band_for(person.birth_year, on or timezone.localdate())


def commune_is_kept(*, organisation_id: int, commune_id: str) -> bool:
    """Whether an anonymised file of the organisation may keep this commune: enough people of the
    organisation live there (anonymised files included) for it to name nobody."""
    people = Person.objects.filter(organisation_id=organisation_id, commune_id=commune_id)
    return people.count() >= COMMUNE_KEPT_FROM


def departement_of() -> Func:
    """The département code of a person in a query (that of the commune, or the one an
    anonymised file keeps), NULL when unknown: ``people.values(departement=departement_of())``."""
    return Coalesce(F("commune__departement"), NullIf(F("departement"), Value("")))
