"""Synthetic data of a national network of community mediation associations, for
`lien bench-data --people N` and `make bench` (issue 15, point 4).

A national association, regions and local associations (slugs ``bench-asso-…``), community
mediators (about one per 600 people, their API tokens in the accounts file) and a national
coordinator; N people followed in the associations' départements (real communes, weighted by
population), each with a consent, a follow-up and a timeline — in regular contact, silent for
longer than the rupture delay, or ended — within which their follow-up contacts (about 10 N, the
note encrypted as the field does), appointments (about 2 N: attended, missed, cancelled, a few to
record and some to come), accompaniments, orientations to directory services, needs assessments
and the outreach permanences of the team are drawn; and a directory of min(N / 2, 50 000)
services with coordinates around the communes' centroids, published to the network.

Rows are written with ``bench.TableWriter`` (PostgreSQL's COPY, SQLite's ``executemany``, in
batches), in the order an installation would have written them (by date); the values a raw
INSERT cannot take as they are — an encrypted column, a UUID, JSON — are first turned by their
field into what it writes (``get_db_prep_save``: the note is sealed by ``EncryptedCharField``).
Derived columns are those the models compute (the directory's search columns as
``refresh_search_fields`` has them, part by part; ``epices_score``), which the tests check. On
SQLite, the search tables (FTS5) are filled once at the end. Deterministic: one seed.
"""

import functools
import json
import random
import time
import uuid
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from itertools import accumulate
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models
from django.utils import timezone

from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.models import Organisation, User
from lien.accounts.services import api_token_create, organisation_upsert, user_add
from lien.appointments.enums import BookedBy, ReminderChoice, Vehicle
from lien.appointments.enums import Status as AppointmentStatus
from lien.appointments.models import Accompaniment, Appointment
from lien.assessments.enums import Barrier, Need
from lien.assessments.epices import QUESTIONS, epices_score, is_precarious
from lien.assessments.models import Assessment, AssessmentBarrier, AssessmentNeed
from lien.communes.models import Commune
from lien.communes.services import communes_load
from lien.demo import bench
from lien.directory.enums import (
    FREE,
    THEMATIC_LABELS,
    THEMATICS,
    TYPOLOGY_LABELS,
    Visibility,
)
from lien.directory.enums import (
    SERVICE_TYPES as SERVICE_TYPE_CHOICES,
)
from lien.directory.models import Service, ServiceThematic, Structure
from lien.directory.opening_hours import open_days, parse_opening_hours
from lien.followup.contact_days import rebuild_contact_days
from lien.followup.enums import ContactChannel, EndReason, FollowupStatus
from lien.followup.models import Contact, ContactDay, Followup
from lien.lib import search
from lien.lib.encrypted import EncryptedTextField
from lien.lib.text import search_key
from lien.orientations.enums import Difficulty, Outcome, StructureKind
from lien.orientations.models import Orientation
from lien.outreach.enums import SessionKind
from lien.outreach.models import Contact as OutreachContact
from lien.outreach.models import OutreachSession
from lien.people.consent import CURRENT_INFORMATION_VERSION
from lien.people.enums import (
    AgeBand,
    Complementary,
    ConsentForm,
    ContactMode,
    Coverage,
    Gender,
    Housing,
    Language,
    ReferralSource,
    VulnerabilityFactor,
    age_band_for,
)
from lien.people.models import Consent, Person, PersonLanguage, PersonVulnerability

PREFIX = f"{bench.PREFIX}asso-"  # under bench.PREFIX: `lien bench-data --reset` deletes them too
NATIONAL_SLUG = f"{PREFIX}national"
COORDINATOR_EMAIL = f"coordination.associations@{bench.EMAIL_DOMAIN}"
PEOPLE_PER_MEDIATOR = 600
MAX_MEDIATORS = 12
MAX_SERVICES = 50_000
SERVICES_PER_STRUCTURE = 2.5
# The timelines of the people followed (shares of them): the others are in regular contact.
ENDED_SHARE = 0.12
SILENT_SHARE = 0.14  # last contact before the rupture delay (60 days by default)
REGULAR_SILENCE_DAYS = 45  # the regular ones were last met at most this long ago
UPCOMING_SHARE = 0.3  # of the regular ones: an appointment in the coming weeks
ORIENTED_SHARE = 0.35
ASSESSED_SHARE = 0.3
MET_OUTREACH_SHARE = 0.25  # met once at an outreach session (their other contacts are anonymous)

Progress = bench.Progress


@dataclass
class CommunityOptions:
    people: int = 100_000
    associations: int = 40
    regions: int = 6
    contacts_per_person: int = 10
    appointments_per_person: int = 2
    services: int | None = None  # None: min(people / 2, 50 000)
    years: int = 3
    seed: int = 2027
    batch_size: int = bench.BATCH_SIZE

    @property
    def service_count(self) -> int:
        return self.services if self.services is not None else min(self.people // 2, MAX_SERVICES)


@dataclass
class Place:
    insee: str
    name: str
    postal_code: str
    latitude: float
    longitude: float
    population: int


@dataclass
class Association:
    organisation: Organisation
    index: int
    departement: str
    places: list[Place]
    mediators: list[User] = field(default_factory=list)
    people: int = 0
    cum_weights: list[int] = field(default_factory=list)
    # (service id, name, structure kind of the orientation) of its directory, for orientations.
    services: list[tuple[int, str, str]] = field(default_factory=list)
    structure_communes: Counter = field(default_factory=Counter)
    structure_ids: list[int] = field(default_factory=list)

    def place(self, rng: random.Random) -> Place:
        return rng.choices(self.places, cum_weights=self.cum_weights)[0]


@dataclass(slots=True)
class Story:
    """One person's timeline: followed from ``started``, last met on ``last``, ended or not."""

    association: int  # index in the list of associations
    organisation_id: int
    started: date
    last: date
    ended: date | None
    silent: bool  # last met before the rupture delay
    referent_id: int
    pk: int = 0
    # What an identified outreach contact copies from the file.
    gender: str = ""
    birth_year: int | None = None
    commune: str | None = None


# --- writing rows ----------------------------------------------------------------------------


def _json(value: Any) -> Any:
    return value if isinstance(value, str) else json.dumps(value)


@functools.lru_cache(maxsize=1 << 16)
def _sqlite_datetime(value: datetime | None) -> str | None:
    """A moment as the SQLite backend writes it (UTC, no offset); the moments repeat."""
    return connection.ops.adapt_datetimefield_value(value)


class Rows(bench.TableWriter):
    """``bench.TableWriter``, with what its raw INSERT or COPY cannot take as it is turned by the
    field into what it would write: an encrypted column sealed (``get_prep_value``), a UUID, JSON."""

    def __init__(self, model: type[models.Model], batch_size: int):
        super().__init__(model, batch_size)
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.convert = []
        for i, f in enumerate(fields):
            if isinstance(f, EncryptedTextField | models.UUIDField):
                self.convert.append((i, functools.partial(f.get_db_prep_save, connection=connection)))
            elif isinstance(f, models.JSONField):
                self.convert.append((i, _json))
            elif not self.postgres and isinstance(f, models.DateTimeField):
                self.convert.append((i, _sqlite_datetime))
            # (a date goes as it is: Django's adapter of sqlite3 writes it as the field would)


@contextmanager
def _search_indexes_filled_at_the_end() -> Iterator[None]:
    """On SQLite, the search tables (FTS5, ``lib/search.py``) of the people and the directory
    filled once when the rows are in, as ``lien restore`` does, instead of row by row by their
    triggers: several times faster for a bulk load. PostgreSQL's indexes follow the rows."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        for model, column in ((Person, "search_name"), (Structure, "search_name"), (Service, "search_text")):
            trigger = search.fts_table(model._meta.db_table, column) + "_ai"
            cursor.execute(f"DROP TRIGGER IF EXISTS {connection.ops.quote_name(trigger)}")
    try:
        yield
    finally:
        search.restore_sqlite_triggers()  # the missing triggers back, and their tables rebuilt


def _ids(model: type[models.Model], org_ids: list[int]) -> list[int]:
    """The ids of the rows just written for these organisations, in the order they were written."""
    return list(
        model._default_manager.filter(organisation_id__in=org_ids).order_by("pk").values_list("pk", flat=True)
    )


@functools.lru_cache(maxsize=1 << 16)
def _moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, clock(hour, minute), tzinfo=timezone.get_current_timezone())


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


class Weights[K: str]:
    """Codes drawn with their weights."""

    def __init__(self, weights: dict[K, int]):
        self.codes = list(weights)
        self.cum_weights = list(accumulate(weights.values()))

    def draw(self, rng: random.Random) -> K:
        return rng.choices(self.codes, cum_weights=self.cum_weights)[0]

    def draws(self, rng: random.Random, k: int) -> list[K]:
        return rng.choices(self.codes, cum_weights=self.cum_weights, k=k)


# --- the tree, the places, the accounts ------------------------------------------------------


def _places(progress: Progress) -> dict[str, list[Place]]:
    """The communes with a centroid, by département (loaded first if the referential is empty)."""
    geolocated = Commune.objects.filter(latitude__isnull=False, longitude__isnull=False)
    if not geolocated.exists():
        started = time.monotonic()
        count = communes_load()
        progress(f"  {count:,} communes loaded in {time.monotonic() - started:.0f} s")
    by_departement: dict[str, list[Place]] = defaultdict(list)
    rows = geolocated.order_by("insee_code").values_list(
        "insee_code", "name", "postal_codes", "departement", "latitude", "longitude", "population"
    )
    for insee, name, postal_codes, departement, lat, lon, population in rows:
        if lat is None or lon is None:
            continue  # (the query excludes them: the test tells mypy)
        postal_code = postal_codes.split(" ")[0] if postal_codes else ""
        by_departement[departement].append(Place(insee, name, postal_code, lat, lon, population or 1))
    if not by_departement:
        raise RuntimeError("No commune with coordinates: run `lien load-communes` first.")
    return by_departement


def community_tree_create(
    *, options: CommunityOptions, places: dict[str, list[Place]], rng: random.Random
) -> tuple[Organisation, User, list[Association]]:
    """National → regions → associations, each in a département (the most populated first),
    with their community mediators, and a national coordinator."""
    national, _ = organisation_upsert(
        slug=NATIONAL_SLUG,
        name="Bench — Fédération des associations de médiation",
        kind=OrganisationKind.NATIONAL,
    )
    regions = [
        organisation_upsert(
            slug=f"{PREFIX}region-{n:02d}",
            name=f"Bench associations — {name}",
            kind=OrganisationKind.REGIONAL,
            parent=national,
        )[0]
        for n, name in enumerate(bench.REGIONS[: options.regions], start=1)
    ]
    departements = sorted(places, key=lambda d: (-sum(p.population for p in places[d]), d))
    weights = [rng.lognormvariate(0, 0.6) for _ in range(options.associations)]
    associations = []
    for index, people in enumerate(bench._split(options.people, weights), start=1):
        departement = departements[(index - 1) % len(departements)]
        organisation, _ = organisation_upsert(
            slug=f"{PREFIX}{index:03d}",
            name=f"Bench — Association de médiation {index:03d} ({departement})",
            kind=OrganisationKind.ASSOCIATION,
            parent=regions[(index - 1) % len(regions)],
        )
        association = Association(organisation, index, departement, places[departement], people=people)
        association.cum_weights = list(accumulate(place.population for place in association.places))
        for n in range(1, min(MAX_MEDIATORS, max(1, round(people / PEOPLE_PER_MEDIATOR))) + 1):
            mediator, _ = user_add(
                email=f"asso{index:03d}.mediateur{n:02d}@{bench.EMAIL_DOMAIN}",
                organisation=organisation,
                role=Role.COMMUNITY_MEDIATOR,
                full_name=f"Médiateur·rice {n:02d} de l'association {index:03d}",
            )
            association.mediators.append(mediator)
        associations.append(association)
    coordinator, _ = user_add(
        email=COORDINATOR_EMAIL,
        organisation=national,
        role=Role.COORDINATOR,
        full_name="Coordination nationale des associations (bench)",
    )
    # One Argon2 hash for every account of the network, as bench.bench_tree_create does.
    users = [coordinator.pk, *(mediator.pk for a in associations for mediator in a.mediators)]
    User.objects.filter(pk__in=users).update(password=make_password(bench.PASSWORD))
    return national, coordinator, associations


# --- people, consents, follow-ups ------------------------------------------------------------

GENDERS = Weights({Gender.FEMALE: 54, Gender.MALE: 42, Gender.OTHER: 1, Gender.UNDISCLOSED: 1, "": 2})
HOUSING = Weights(
    {
        Housing.TENANT: 20,
        Housing.SOCIAL_HOUSING: 22,
        Housing.HOSTED: 16,
        Housing.SHELTER: 10,
        Housing.OWNER: 8,
        Housing.STREET: 6,
        Housing.SQUAT: 3,
        Housing.MOBILE: 3,
        Housing.OTHER: 2,
        "": 10,
    }
)
COVERAGE = Weights({Coverage.PUMA: 60, Coverage.AME: 14, Coverage.NONE: 16, "": 10})
COMPLEMENTARY = Weights({Complementary.C2S: 40, Complementary.NONE: 30, Complementary.PRIVATE: 15, "": 15})
REFERRALS = Weights(
    {
        ReferralSource.OUTREACH: 30,
        ReferralSource.PARTNER_STRUCTURE: 25,
        ReferralSource.SELF: 12,
        ReferralSource.HEALTH_PROFESSIONAL: 10,
        ReferralSource.COMMUNITY_RELAY: 8,
        ReferralSource.RELATIVE: 8,
        ReferralSource.OTHER: 2,
        "": 5,
    }
)
CONTACT_MODES = Weights(
    {
        ContactMode.PHONE: 70,
        ContactMode.RELAY: 8,
        ContactMode.STRUCTURE: 10,
        ContactMode.NONE: 4,
        "": 8,
    }
)
LANGUAGES = [Language.ARABIC, Language.ENGLISH, Language.ROMANIAN, Language.DARI_PERSIAN, Language.TAMAZIGHT]
VULNERABILITIES = list(VulnerabilityFactor.values)
END_REASONS = Weights(
    {
        EndReason.AUTONOMOUS: 50,
        EndReason.MOVED: 15,
        EndReason.DECLINED: 10,
        EndReason.TRANSFERRED: 15,
        EndReason.DECEASED: 2,
        EndReason.OTHER: 8,
    }
)


def _stories(associations: list[Association], options: CommunityOptions, today: date, rng) -> list[Story]:
    span = 365 * options.years
    stories = []
    for a, association in enumerate(associations):
        for n in range(association.people):
            started = today - timedelta(days=rng.randint(1, span))
            referent = association.mediators[n % len(association.mediators)].pk
            roll = rng.random()
            ended, silent = None, False
            if roll < ENDED_SHARE:
                last = _between(rng, started, today - timedelta(days=1))
                ended = min(today, last + timedelta(days=rng.randint(0, 30)))
            elif roll < ENDED_SHARE + SILENT_SHARE and started < today - timedelta(days=61):
                last = _between(rng, started, today - timedelta(days=61))
                silent = True
            else:
                last = max(started, today - timedelta(days=rng.randint(0, REGULAR_SILENCE_DAYS)))
            stories.append(Story(a, association.organisation.pk, started, last, ended, silent, referent))
    stories.sort(key=lambda story: story.started)  # files are created as people come
    return stories


def _people(
    associations: list[Association], options: CommunityOptions, today: date, rng, progress: Progress
) -> list[Story]:
    stories = _stories(associations, options, today, rng)
    writer = Rows(Person, options.batch_size)
    meter = bench.Meter(progress, "people", len(stories))
    extras: list[tuple[list[str], list[str]]] = []  # (languages, vulnerabilities) of each
    for n, story in enumerate(stories):
        association = associations[story.association]
        first, last = rng.choice(bench.FIRST_NAMES), rng.choice(bench.LAST_NAMES)
        if rng.random() < 0.15:
            last = ""  # a first name or a pseudonym is enough
        phone = f"0{rng.choice('67')}{rng.randrange(10**8):08d}" if rng.random() < 0.7 else ""
        created = _moment(story.started)
        languages = [rng.choice(LANGUAGES)] if rng.random() < 0.25 else []
        story.birth_year = rng.randint(1940, 2007) if rng.random() < 0.9 else None
        story.commune = association.place(rng).insee if rng.random() < 0.95 else None
        story.gender = GENDERS.draw(rng)
        writer.add(
            {
                "organisation_id": association.organisation.pk,
                "first_name": first,
                "last_name": last,
                "birth_year": story.birth_year,
                "phone": phone,
                "email": f"{search_key(first)}.{n}@exemple.fr".replace(" ", "") if rng.random() < 0.2 else "",
                "commune_id": story.commune,
                "gender": story.gender,
                "interpreter_needed": bool(languages) and rng.random() < 0.5,
                "contact_mode": CONTACT_MODES.draw(rng),
                "housing": HOUSING.draw(rng),
                "coverage": COVERAGE.draw(rng),
                "complementary": COMPLEMENTARY.draw(rng),
                "has_gp": rng.random() < 0.6 if rng.random() < 0.9 else None,
                "referral_source": REFERRALS.draw(rng),
                "search_name": search_key(f"{first} {last}"),
                "phone_digits": phone,
                "created_by_id": story.referent_id,
                "created_at": created,
                "updated_at": created,
            }
        )
        vulnerabilities = rng.sample(VULNERABILITIES, rng.randint(1, 2)) if rng.random() < 0.3 else []
        extras.append((languages, vulnerabilities))
        meter.tick(writer.written)
    writer.flush()
    meter.tick(writer.written, force=True)
    org_ids = [a.organisation.pk for a in associations]
    for story, pk in zip(stories, _ids(Person, org_ids), strict=True):
        story.pk = pk
    _files(stories, extras, options, rng)
    return stories


def _files(
    stories: list[Story], extras: list[tuple[list[str], list[str]]], options: CommunityOptions, rng
) -> None:
    """What each file holds besides the person: consent, languages, vulnerabilities, follow-up."""
    consents = Rows(Consent, options.batch_size)
    languages = Rows(PersonLanguage, options.batch_size)
    vulnerabilities = Rows(PersonVulnerability, options.batch_size)
    followups = Rows(Followup, options.batch_size)
    for story, (spoken, factors) in zip(stories, extras, strict=True):
        consents.add(
            {
                "person_id": story.pk,
                "given_on": story.started,
                "form": ConsentForm.ORAL if rng.random() < 0.7 else ConsentForm.WRITTEN,
                "information_version": CURRENT_INFORMATION_VERSION,
                "share_with_partners": rng.random() < 0.6,
                "advocacy_testimonies": rng.random() < 0.2,
                "recorded_by_id": story.referent_id,
                "recorded_at": _moment(story.started),
            }
        )
        for code in [Language.FRENCH, *spoken]:
            languages.add({"person_id": story.pk, "language": code})
        for code in factors:
            vulnerabilities.add({"person_id": story.pk, "factor": code})
        next_contact = None
        if story.ended is None and rng.random() < 0.3:
            # A call planned after the last contact: long due for the silent ones.
            next_contact = story.last + timedelta(days=rng.randint(7, 30 if story.silent else 60))
        followups.add(
            {
                "organisation_id": story.organisation_id,
                "person_id": story.pk,
                "referent_id": story.referent_id,
                "status": FollowupStatus.ENDED if story.ended else FollowupStatus.ACTIVE,
                "started_on": story.started,
                "next_contact_on": next_contact,
                "ended_on": story.ended,
                "end_reason": END_REASONS.draw(rng) if story.ended else "",
                "updated_at": _moment(story.ended or story.last),
            }
        )
    for writer in (consents, languages, vulnerabilities, followups):
        writer.flush()


# --- the directory ---------------------------------------------------------------------------

# Typologies of the structures (data·inclusion and Lien's), their weight, how a structure of the
# kind is named, and the kind of structure an orientation there records.
TYPOLOGIES: dict[str, tuple[int, str, str]] = {
    "MSP": (14, "Maison de santé", StructureKind.GP),
    "CDS": (10, "Centre de santé", StructureKind.GP),
    "CCAS": (12, "CCAS", StructureKind.SOCIAL_SERVICE),
    "MDS": (6, "Maison des solidarités", StructureKind.SOCIAL_SERVICE),
    "PASS": (4, "PASS", StructureKind.PASS),
    "CH": (4, "Centre hospitalier", StructureKind.HOSPITAL),
    "CMP": (6, "Centre médico-psychologique", StructureKind.MENTAL_HEALTH),
    "CSAPA": (3, "CSAPA", StructureKind.ADDICTION),
    "CAARUD": (2, "CAARUD", StructureKind.ADDICTION),
    "CEGIDD": (2, "CeGIDD", StructureKind.CEGIDD),
    "PMI": (5, "PMI", StructureKind.FAMILY_PLANNING),
    "CPAM": (3, "Accueil CPAM", StructureKind.HEALTH_INSURANCE),
    "MSAP": (6, "France services", StructureKind.DIGITAL_ACCESS),
    "AIDE_ALIM": (8, "Épicerie solidaire", StructureKind.ASSOCIATION),
    "ASSO": (15, "Association", StructureKind.ASSOCIATION),
}
HEALTH_THEMATICS = [code for code, _label in THEMATICS if code.startswith("sante--")]
ALL_THEMATICS = [code for code, _label in THEMATICS]
SERVICE_TYPES = [code for code, _label in SERVICE_TYPE_CHOICES]
OPENING_HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:00",
    "Mo,We,Fr 09:00-12:30",
    "Tu-Sa 08:30-12:00",
    "Mo-Th 13:30-17:30",
    "Mo-Fr 08:30-18:00",
    "",
]
STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "place de la Mairie",
    "rue Victor Hugo",
    "rue Pasteur",
]
PUBLICS = ["tous-publics", "familles", "femmes", "jeunes", "personnes-en-situation-durgence"]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@functools.cache
def _key(text: str) -> str:
    return search_key(text)


@functools.cache
def _hours(text: str) -> tuple[bool, str]:
    """(hours known, open days) of opening hours, as ``Service.refresh_search_fields`` has them."""
    hours = parse_opening_hours(text)
    return hours is not None, open_days(hours) if hours is not None else ""


def _keys(*parts: str) -> str:
    """``search_key(" ".join(parts))``, part by part: the parts repeat, their keys are cached."""
    return " ".join(key for key in map(_key, parts) if key)


def _directory(
    associations: list[Association], options: CommunityOptions, today: date, rng, progress: Progress
) -> None:
    """Structures in the associations' communes (the most populated get the most), one to four
    services each, published to the network (nine in ten), with their thematics. The search
    columns are those of ``refresh_search_fields``, computed part by part."""
    total = options.service_count
    if not total:
        return
    started = time.monotonic()
    typologies = Weights({code: TYPOLOGIES[code][0] for code in TYPOLOGIES if code in TYPOLOGY_LABELS})
    structures: list[tuple[Association, dict[str, Any], int]] = []
    writer = Rows(Structure, options.batch_size)
    shares = bench._split(total, [a.people or 1 for a in associations])
    for association, count in zip(associations, shares, strict=True):
        while count > 0:
            services = min(count, rng.randint(1, 4))
            count -= services
            place = association.place(rng)
            typology = typologies.draw(rng)
            updated = today - timedelta(days=rng.randint(0, 400))
            name = f"{TYPOLOGIES[typology][1]} — {place.name}"
            languages = ["fr", *rng.sample(["en", "ar", "es", "ro"], rng.randint(0, 2))]
            structure = {
                "uuid": _uuid(rng),
                "organisation_id": association.organisation.pk,
                "visibility": Visibility.NETWORK if rng.random() < 0.9 else Visibility.PRIVATE,
                "source_id": f"bench-{len(structures) + 1:06d}",
                "name": name,
                "description": "Accueil, information et accompagnement des personnes du territoire.",
                "typology": typology,
                "languages": languages,
                "source_updated_on": updated,
                "verified_on": updated if rng.random() < 0.7 else None,
                "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                "postal_code": place.postal_code,
                "commune_name": place.name,
                "code_insee": place.insee,
                "latitude": round(place.latitude + rng.gauss(0, 0.01), 6),
                "longitude": round(place.longitude + rng.gauss(0, 0.015), 6),
                "phone": f"0{rng.randint(1, 5)}{rng.randrange(10**8):08d}",
                "opening_hours": rng.choice(OPENING_HOURS),
                "search_name": _key(name),
                "languages_key": f" {' '.join(languages)} ",
                "created_at": _moment(updated),
                "updated_at": _moment(updated),
            }
            writer.add(structure)
            structures.append((association, structure, services))
            association.structure_communes[place.insee] += 1
    writer.flush()
    org_ids = [a.organisation.pk for a in associations]
    for (association, structure, _count), pk in zip(structures, _ids(Structure, org_ids), strict=True):
        structure["id"] = pk
        association.structure_ids.append(pk)
    offers: list[tuple[Association, str, str, list[str]]] = []  # (…, name and kind for orientations, …)
    writer = Rows(Service, options.batch_size)
    for association, structure, count in structures:
        hours_known, days = _hours(structure["opening_hours"])
        for n in range(1, count + 1):
            first = rng.choice(HEALTH_THEMATICS if rng.random() < 0.7 else ALL_THEMATICS)
            thematics = sorted({first, *rng.sample(ALL_THEMATICS, rng.randint(0, 2))})
            labels = [str(THEMATIC_LABELS.get(code, "")) for code in thematics]
            label = str(THEMATIC_LABELS.get(first, ""))
            name = label[:150]
            description = f"{label} : sur rendez-vous ou lors des permanences."
            coverage = [association.departement] if rng.random() < 0.25 else []
            typology_label = str(TYPOLOGY_LABELS.get(structure["typology"], ""))
            writer.add(
                {
                    "uuid": _uuid(rng),
                    "organisation_id": structure["organisation_id"],
                    "structure_id": structure["id"],
                    "source_id": f"{structure['source_id']}-{n}",
                    "name": name,
                    "description": description,
                    "type": rng.choice(SERVICE_TYPES),
                    "fees": FREE if rng.random() < 0.7 else "payant",
                    "accepts_c2s": rng.random() < 0.8 if rng.random() < 0.7 else None,
                    "accepts_ame": rng.random() < 0.6 if rng.random() < 0.7 else None,
                    "publics": [rng.choice(PUBLICS)],
                    "reception_modes": ["en-presentiel"],
                    "coverage": coverage,
                    "source_updated_on": structure["source_updated_on"],
                    "search_name": _key(name),
                    "search_text": _keys(
                        name,
                        structure["name"],
                        "",
                        structure["commune_name"],
                        *labels,
                        typology_label,
                        description,
                    ),
                    "place_insee": structure["code_insee"],
                    "place_lat": structure["latitude"],
                    "place_lon": structure["longitude"],
                    "hours_known": hours_known,
                    "open_days": days,
                    "coverage_key": " " + " ".join(_key(str(code)) for code in coverage) + " ",
                    "created_at": structure["created_at"],
                    "updated_at": structure["updated_at"],
                }
            )
            kind = TYPOLOGIES[structure["typology"]][2]
            offers.append((association, f"{structure['name']} — {name}"[:200], kind, thematics))
    writer.flush()
    thematic_rows = Rows(ServiceThematic, options.batch_size)
    for (association, name, kind, thematics), pk in zip(offers, _ids(Service, org_ids), strict=True):
        association.services.append((pk, name, kind))
        for code in thematics:
            thematic_rows.add({"service_id": pk, "code": code})
    thematic_rows.flush()
    progress(
        f"  directory: {len(structures):,} structures, {len(offers):,} services, "
        f"{thematic_rows.written:,} thematics in {time.monotonic() - started:.0f} s"
    )


# --- contacts, appointments, accompaniments --------------------------------------------------

CHANNELS = Weights(
    {
        ContactChannel.PHONE: 55,
        ContactChannel.OFFICE: 25,
        ContactChannel.SMS: 10,
        ContactChannel.HOME_VISIT: 5,
        ContactChannel.EMAIL: 3,
        ContactChannel.OTHER: 2,
    }
)
NOTES = [
    "A rappelé pour son rendez-vous chez le dentiste.",
    "Dossier de complémentaire santé solidaire envoyé, réponse attendue.",
    "Message laissé, pas de réponse.",
    "Inquiète pour le renouvellement de son AME.",
    "Accompagnement à la pharmacie prévu la semaine prochaine.",
    "Souhaite un interprète pour la prochaine consultation.",
    "Ordonnance récupérée, traitement commencé.",
]


def _contacts(stories: list[Story], options: CommunityOptions, rng, progress: Progress) -> None:
    """About ``contacts_per_person`` contacts each, from the first day to the last contact (both
    reached), in date order as the team records them."""
    k = options.contacts_per_person
    if not k:
        return
    rows: list[tuple[int, int, str, bool, str]] = []
    for i, story in enumerate(stories):
        count = rng.randint(1, 2 * k - 1)
        days = [story.last, story.started][:count]
        days += [_between(rng, story.started, story.last) for _ in range(count - len(days))]
        channels = CHANNELS.draws(rng, count)
        for n, (day, channel) in enumerate(zip(days, channels, strict=True)):
            reached = n < 2 or rng.random() < 0.85
            note = rng.choice(NOTES) if rng.random() < 0.3 else ""
            rows.append((day.toordinal(), i, channel, reached, note))
    rows.sort(key=lambda row: (row[0], row[1]))
    writer = Rows(Contact, options.batch_size)
    meter = bench.Meter(progress, "follow-up contacts", len(rows))
    for ordinal, i, code, reached, note in rows:
        story, day = stories[i], date.fromordinal(ordinal)
        writer.add(
            {
                "organisation_id": story.organisation_id,
                "person_id": story.pk,
                "on": day,
                "channel": code,
                "reached": reached,
                "note": note,
                "created_by_id": story.referent_id,
                "created_at": _moment(day, 17),
            }
        )
        meter.tick(writer.written)
    writer.flush()
    meter.tick(writer.written, force=True)


APPOINTMENT_OUTCOMES = Weights(
    {
        AppointmentStatus.ATTENDED: 80,
        AppointmentStatus.MISSED: 10,
        AppointmentStatus.CANCELLED: 10,
    }
)
PROFESSIONALS = [
    "Dr Martin, médecin généraliste",
    "Dr Benali, dentiste",
    "Dr Nguyen, ophtalmologiste",
    "Dr Durand, cardiologue",
    "Centre de radiologie",
    "Laboratoire d'analyses",
    "PASS, consultation sociale",
    "CMP, psychologue",
    "Sage-femme de la PMI",
]
PLACES = ["Cabinet médical", "Hôpital, consultations externes", "Centre de santé", "Laboratoire", "CMP"]
HOURS = [8, 9, 10, 11, 14, 15, 16, 17]
BOOKED_BY = list(BookedBy.values)
VEHICLES = list(Vehicle.values)


def _appointments(
    stories: list[Story],
    associations: list[Association],
    options: CommunityOptions,
    today: date,
    rng,
    progress,
) -> None:
    """About ``appointments_per_person`` each: past ones within the timeline (attended, missed,
    cancelled, the last days' still to record), one to come for some of those in regular
    contact, one missed after the last contact for some of the silent ones; their
    accompaniments."""
    a = options.appointments_per_person
    if not a:
        return
    rows: list[tuple[datetime, datetime, int, str]] = []  # (created, starts, story, status)
    for i, story in enumerate(stories):
        days: list[tuple[date, str]] = []
        for n in range(rng.randint(0, 2 * a)):
            if n == 0 and story.ended is None and not story.silent and rng.random() < UPCOMING_SHARE:
                days.append((today + timedelta(days=rng.randint(0, 45)), AppointmentStatus.PLANNED))
                continue
            day = _between(rng, story.started, story.last)
            status: str
            if day > today - timedelta(days=10) and rng.random() < 0.3:
                status = AppointmentStatus.PLANNED  # its outcome is still to record
            else:
                status = APPOINTMENT_OUTCOMES.draw(rng)
            days.append((day, status))
        if story.silent and rng.random() < 0.25:
            days.append((_between(rng, story.last + timedelta(days=1), today - timedelta(days=1)), "missed"))
        for day, status in days:
            starts = _moment(day, rng.choice(HOURS), rng.choice([0, 15, 30, 45]))
            created = max(starts - timedelta(days=rng.randint(1, 30)), _moment(story.started, 9))
            rows.append((created, starts, i, status))
    rows.sort(key=lambda row: (row[0], row[2]))
    writer = Rows(Appointment, options.batch_size)
    meter = bench.Meter(progress, "appointments", len(rows))
    accompanied: list[int] = []  # the rows whose person was accompanied there
    for n, (created, starts, i, status) in enumerate(rows):
        story = stories[i]
        needed = rng.random() < 0.1
        if needed and status == AppointmentStatus.ATTENDED and rng.random() < 0.6:
            accompanied.append(n)
        writer.add(
            {
                "organisation_id": story.organisation_id,
                "person_id": story.pk,
                "starts_at": starts,
                "duration_minutes": rng.choice([30, 30, 45, 60]),
                "professional": rng.choice(PROFESSIONALS),
                "place": rng.choice(PLACES),
                "booked_by": rng.choice(BOOKED_BY),
                "mediator_id": story.referent_id,
                "accompaniment_needed": needed,
                "reminder": ReminderChoice.SMS if rng.random() < 0.2 else ReminderChoice.NONE,
                "status": status,
                "status_changed_at": None
                if status == AppointmentStatus.PLANNED
                else starts + timedelta(hours=3),
                "created_by_id": story.referent_id,
                "created_at": created,
            }
        )
        meter.tick(writer.written)
    writer.flush()
    meter.tick(writer.written, force=True)
    ids = _ids(Appointment, [association.organisation.pk for association in associations])
    writer = Rows(Accompaniment, options.batch_size)
    for n in accompanied:
        _created, starts, i, _status = rows[n]
        story, day = stories[i], timezone.localdate(starts)
        writer.add(
            {
                "organisation_id": story.organisation_id,
                "person_id": story.pk,
                "appointment_id": ids[n],
                "on": day,
                "destination": rng.choice(PLACES),
                "accompanied_by_id": story.referent_id,
                "vehicle": rng.choice(VEHICLES),
                "distance_km": rng.randint(2, 80),
                "duration_minutes": rng.randint(60, 240),
                "created_by_id": story.referent_id,
                "created_at": starts + timedelta(hours=4),
            }
        )
    writer.flush()


# --- orientations, assessments, outreach -----------------------------------------------------

ORIENTATION_OUTCOMES = Weights(
    {
        Outcome.WENT: 55,
        Outcome.DID_NOT_GO: 12,
        Outcome.REFUSED: 5,
        Outcome.WAITING_LIST: 8,
        Outcome.PENDING: 20,  # 30 days on: a reason to call the person back
    }
)
STRUCTURE_KINDS = list(StructureKind.values)
DIFFICULTIES = list(Difficulty.values)
NEEDS = list(Need.values)
BARRIERS = list(Barrier.values)
AGE_BANDS = [*AgeBand.values, ""]
REASONS = [
    "Pas de médecin traitant depuis son arrivée.",
    "Douleurs dentaires, besoin de soins sans avance de frais.",
    "Renouvellement de l'AME et bilan de santé.",
    "Souffrance psychique, demande d'écoute.",
    "Dépistage proposé lors de la permanence.",
]


def _orientations(
    stories: list[Story], associations: list[Association], options: CommunityOptions, today: date, rng
) -> int:
    rows: list[tuple[int, int, tuple[int, str, str] | None]] = []
    for i, story in enumerate(stories):
        if rng.random() >= ORIENTED_SHARE:
            continue
        services = associations[story.association].services
        for _ in range(1 if rng.random() < 0.8 else 2):
            day = _between(rng, story.started, story.last)
            rows.append((day.toordinal(), i, rng.choice(services) if services else None))
    rows.sort(key=lambda row: (row[0], row[1]))
    writer = Rows(Orientation, options.batch_size)
    for ordinal, i, service in rows:
        story, day = stories[i], date.fromordinal(ordinal)
        outcome = Outcome.PENDING if day > today - timedelta(days=30) else ORIENTATION_OUTCOMES.draw(rng)
        writer.add(
            {
                "organisation_id": story.organisation_id,
                "person_id": story.pk,
                "oriented_on": day,
                "structure_kind": service[2] if service else rng.choice(STRUCTURE_KINDS),
                "structure_name": service[1] if service else "Cabinet médical du quartier",
                "directory_service_id": service[0] if service else None,
                "reason": rng.choice(REASONS),
                "appointment_booked": rng.random() < 0.4,
                "needs_prepared": rng.random() < 0.5,
                "documents_prepared": rng.random() < 0.3,
                "outcome": outcome,
                "outcome_on": None
                if outcome == Outcome.PENDING
                else min(today, day + timedelta(days=rng.randint(3, 30))),
                "difficulty": rng.choice(DIFFICULTIES)
                if outcome in (Outcome.DID_NOT_GO, Outcome.REFUSED)
                else "",
                "created_by_id": story.referent_id,
                "created_at": _moment(day, 11),
            }
        )
    writer.flush()
    return writer.written


def _assessments(
    stories: list[Story], associations: list[Association], options: CommunityOptions, rng
) -> int:
    rows: list[tuple[int, int]] = []
    for i, story in enumerate(stories):
        if rng.random() < ASSESSED_SHARE:
            for _ in range(1 if rng.random() < 0.8 else 2):
                rows.append((_between(rng, story.started, story.last).toordinal(), i))
    rows.sort()
    writer = Rows(Assessment, options.batch_size)
    codes: list[tuple[list[str], list[str]]] = []
    for ordinal, i in rows:
        story, day = stories[i], date.fromordinal(ordinal)
        answers = [rng.random() < 0.5 for _ in QUESTIONS] if rng.random() < 0.7 else []
        score = epices_score(answers) if answers else None
        writer.add(
            {
                "organisation_id": story.organisation_id,
                "person_id": story.pk,
                "assessed_on": day,
                "epices_answers": answers,
                "epices_score": score,
                "epices_precarious": is_precarious(score),
                "priority_need": rng.choice(NEEDS),
                "created_by_id": story.referent_id,
                "created_at": _moment(day, 15),
                "updated_at": _moment(day, 15),
            }
        )
        codes.append((rng.sample(BARRIERS, rng.randint(1, 3)), rng.sample(NEEDS, rng.randint(1, 2))))
    writer.flush()
    barriers = Rows(AssessmentBarrier, options.batch_size)
    needs = Rows(AssessmentNeed, options.batch_size)
    ids = _ids(Assessment, [association.organisation.pk for association in associations])
    for pk, (barrier_codes, need_codes) in zip(ids, codes, strict=True):
        for code in barrier_codes:
            barriers.add({"assessment_id": pk, "barrier": code})
        for code in need_codes:
            needs.add({"assessment_id": pk, "need": code})
    barriers.flush()
    needs.flush()
    return writer.written


SESSION_PLACES: dict[str, str] = {
    SessionKind.PERMANENCE: "Local de l'association",
    SessionKind.FOOD_DISTRIBUTION: "Distribution de colis alimentaires",
    SessionKind.STREET: "Marché",
    SessionKind.HOME_VISIT: "Visite à domicile",
}


def _outreach(
    stories: list[Story], associations: list[Association], options: CommunityOptions, today: date, rng
) -> tuple[int, int]:
    """A permanence every week and another session every other week, from the first year to two
    weeks ahead (the agenda shows them); anonymous contacts at the past ones, and some of the
    people followed met there within their timeline (a contact of theirs, as the follow-up says)."""
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=52 * options.years)
    planned: list[tuple[int, int, str]] = []  # (day, association, kind)
    for a in range(len(associations)):
        week = first
        while week <= monday + timedelta(weeks=2):
            planned.append(
                ((week + timedelta(days=rng.randint(0, 4))).toordinal(), a, SessionKind.PERMANENCE)
            )
            if rng.random() < 0.5:
                kind = rng.choice([SessionKind.FOOD_DISTRIBUTION, SessionKind.STREET, SessionKind.HOME_VISIT])
                planned.append(((week + timedelta(days=rng.randint(0, 4))).toordinal(), a, kind))
            week += timedelta(weeks=1)
    planned.sort()
    sessions = Rows(OutreachSession, options.batch_size)
    details = []
    for ordinal, a, kind in planned:
        association, day = associations[a], date.fromordinal(ordinal)
        place = association.place(rng)
        team = rng.sample(association.mediators, min(len(association.mediators), rng.randint(1, 2)))
        sessions.add(
            {
                "organisation_id": association.organisation.pk,
                "kind": kind,
                "held_on": day,
                "place": SESSION_PLACES[kind],
                "commune_id": place.insee,
                "volunteer_hours": (rng.randint(0, 16) / 2) if rng.random() < 0.6 else None,
                "created_by_id": team[0].pk,
                "created_at": _moment(day - timedelta(days=7)),
            }
        )
        details.append((association, day, place, team))
    sessions.flush()
    through = OutreachSession.team.through
    members = Rows(through, options.batch_size)
    contacts = Rows(OutreachContact, options.batch_size)
    ids = _ids(OutreachSession, [association.organisation.pk for association in associations])
    met = _met_at_sessions(stories, details, today, rng)
    for n, (pk, (association, day, place, team)) in enumerate(zip(ids, details, strict=True)):
        for user in team:
            members.add({"outreachsession_id": pk, "user_id": user.pk})
        for story in met.get(n, []):
            contacts.add(
                {
                    "organisation_id": association.organisation.pk,
                    "session_id": pk,
                    "on": day,
                    "person_id": story.pk,
                    "age_band": age_band_for(story.birth_year, day),
                    "gender": story.gender,
                    "commune_id": story.commune,
                    "recorded_by_id": team[0].pk,
                    "created_at": _moment(day, 16),
                }
            )
        if day >= today:
            continue
        for _ in range(rng.randint(0, 6)):
            contacts.add(
                {
                    "organisation_id": association.organisation.pk,
                    "session_id": pk,
                    "on": day,
                    "age_band": rng.choice(AGE_BANDS),
                    "gender": rng.choice([Gender.FEMALE, Gender.MALE, ""]),
                    "commune_id": place.insee if rng.random() < 0.7 else association.place(rng).insee,
                    "recorded_by_id": team[0].pk,
                    "created_at": _moment(day, 16),
                }
            )
    members.flush()
    contacts.flush()
    return sessions.written, contacts.written


def _met_at_sessions(
    stories: list[Story], details: list[tuple[Association, date, Place, list[User]]], today: date, rng
) -> dict[int, list[Story]]:
    """For a share of the people, a past session of their association within their timeline:
    {index of the session: the people met there}."""
    past: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for n, (association, day, _place, _team) in enumerate(details):
        if day < today:
            days, indexes = past[association.organisation.pk]
            days.append(day.toordinal())
            indexes.append(n)
    met: dict[int, list[Story]] = defaultdict(list)
    for story in stories:
        if rng.random() >= MET_OUTREACH_SHARE:
            continue
        days, indexes = past[story.organisation_id]
        low, high = bisect_left(days, story.started.toordinal()), bisect_right(days, story.last.toordinal())
        if low < high:
            met[indexes[rng.randrange(low, high)]].append(story)
    return met


# --- statistics and the accounts file --------------------------------------------------------

TABLES: list[type[models.Model]] = [
    Person,
    Consent,
    PersonLanguage,
    PersonVulnerability,
    Followup,
    Contact,
    ContactDay,
    Appointment,
    Accompaniment,
    Orientation,
    Assessment,
    AssessmentBarrier,
    OutreachSession,
    OutreachContact,
    Structure,
    Service,
    ServiceThematic,
]


def community_accounts(
    *, national: Organisation, coordinator: User, associations: list[Association], stories: list[Story], rng
) -> dict:
    """Fresh API tokens (the national coordinator, the first mediator of each association) and
    samples for the load run: people, names to search, communes with structures around."""
    _, national_token = api_token_create(user=coordinator, name="bench")
    people: dict[int, list[int]] = defaultdict(list)
    for story in stories:
        people[story.association].append(story.pk)
    entries = []
    for a, association in enumerate(associations):
        mediator = association.mediators[0]
        _, token = api_token_create(user=mediator, name="bench")
        sample = rng.sample(people[a], min(100, len(people[a])))
        names = Person.objects.filter(pk__in=sample[:40]).values_list("first_name", "last_name")
        entries.append(
            {
                "slug": association.organisation.slug,
                "email": mediator.email,
                "token": token,
                "people": association.people,
                "mediators": len(association.mediators),
                "person_ids": sample,
                "names": sorted({part for pair in names for part in pair if part}),
                "communes": [code for code, _n in association.structure_communes.most_common(20)],
                "structure_ids": rng.sample(
                    association.structure_ids, min(20, len(association.structure_ids))
                ),
            }
        )
    return {
        "national": {"slug": national.slug, "email": coordinator.email, "token": national_token},
        "associations": entries,
    }


def community_data_load(*, options: CommunityOptions, today: date, progress: Progress) -> dict:
    """Create the association network and its data; returns what the accounts file holds of it."""
    rng = random.Random(options.seed)  # noqa: S311 — synthetic data, not secrets
    started = time.monotonic()
    if connection.vendor == "postgresql":  # a crash loses the last batches, never consistency
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
    places = _places(progress)
    national, coordinator, associations = community_tree_create(options=options, places=places, rng=rng)
    progress(
        f"Associations: 1 national, {options.regions} regions, {len(associations)} associations "
        f"(the largest follows {max(a.people for a in associations):,} people), "
        f"{sum(len(a.mediators) for a in associations)} mediators"
    )
    with _search_indexes_filled_at_the_end():
        stories = _people(associations, options, today, rng, progress)
        _directory(associations, options, today, rng, progress)
    _contacts(stories, options, rng, progress)
    _appointments(stories, associations, options, today, rng, progress)
    orientations = _orientations(stories, associations, options, today, rng)
    assessments = _assessments(stories, associations, options, rng)
    sessions, outreach_contacts = _outreach(stories, associations, options, today, rng)
    progress(
        f"  {orientations:,} orientations, {assessments:,} assessments, {sessions:,} outreach sessions "
        f"with {outreach_contacts:,} contacts"
    )
    days_started = time.monotonic()
    days = rebuild_contact_days()  # the rows above bypass the signals that keep the days of contact
    progress(f"  {days:,} days of contact in {time.monotonic() - days_started:.0f} s")
    bench.analyze_tables([model._meta.db_table for model in TABLES], progress)
    community = community_accounts(
        national=national, coordinator=coordinator, associations=associations, stories=stories, rng=rng
    )
    progress(f"Association network done in {time.monotonic() - started:.0f} s")
    return community


def accounts_add_community(*, path: Path, community: dict) -> None:
    """Add the network's accounts to the accounts file of `lien bench-data` (kept private)."""
    accounts = json.loads(path.read_text())
    accounts["community"] = community
    path.write_text(json.dumps(accounts, indent=1))
    path.chmod(0o600)
