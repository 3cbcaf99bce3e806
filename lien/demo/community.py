"""A year of community mediation for the demo: the Médecins du Monde programme of the Haute
Vallée de l'Aude (real communes, fictitious people) and the health centre of Bron.

Outreach sessions (with the volunteers' time) and their contacts, people with their consent,
needs assessments with the EPICES score, procedures of access to rights (some to renew soon),
exchange spaces, a users' group, community relays and testimonies. Deterministic (a fixed seed)
and idempotent: an organisation that already has sessions is left as it is.
"""

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.models import Organisation, User
from lien.accounts.services import user_add
from lien.assessments.enums import Barrier, Need
from lien.assessments.services import assessment_create
from lien.communes.models import Commune
from lien.communes.territory import TerritoryInput, territory_set
from lien.lib.text import search_key
from lien.outreach.enums import SessionKind, Topic
from lien.outreach.models import OutreachSession
from lien.outreach.services import contact_record, session_create
from lien.participation.enums import MeetingKind, Trouble
from lien.participation.services import meeting_save, relay_save, testimony_save
from lien.people.enums import (
    COMMUNITY_KINDS,
    AgeBand,
    Complementary,
    ConsentForm,
    ContactMode,
    Coverage,
    Gender,
    Housing,
    Language,
    ReferralSource,
    ReminderChoice,
    VulnerabilityFactor,
)
from lien.people.models import Person
from lien.people.services import ConsentInput, person_create, person_update
from lien.rights.enums import ProcedureKind
from lien.rights.models import Procedure
from lien.rights.services import (
    procedure_documents_update,
    procedure_file,
    procedure_grant,
    procedure_refuse,
    procedure_renew,
    procedure_start,
    rights_reminders_create,
)

DEMO_PASSWORD = "lien-demo-2026"  # noqa: S105 (the demo accounts' published password)

# The communes of the Haute Vallée de l'Aude where the team goes (INSEE codes).
HVA_COMMUNES = [
    "11304",  # Quillan
    "11129",  # Espéraza
    "11103",  # Couiza
    "11091",  # Chalabre
    "11021",  # Axat
    "11028",  # Belcaire
    "11303",  # Puivert
    "11063",  # Campagne-sur-Aude
    "11008",  # Alet-les-Bains
    "11240",  # Montazels
    "11310",  # Rennes-les-Bains
    "11055",  # Bugarach
    "11035",  # Belvianes-et-Cavirac
    "11263",  # Nébias
    "11165",  # Ginoles
    "11336",  # Sainte-Colombe-sur-l'Hers
    "11320",  # Roquefeuil
    "11302",  # Puilaurens
]
BRON_COMMUNES = ["69029", "69029", "69029", "69259", "69290", "69256"]

FIRST_NAMES = [
    "Martine",
    "Jean-Pierre",
    "Yasmina",
    "Kevin",
    "Odile",
    "Rachid",
    "Chantal",
    "Dylan",
    "Fatima",
    "Gilbert",
    "Mireille",
    "Bilal",
    "Sandrine",
    "Lucien",
    "Aminata",
    "Thierry",
    "Élodie",
    "Moussa",
    "Colette",
    "Vasile",
    "Nadia",
    "Patrick",
    "Zineb",
    "Marcel",
    "Aurore",
    "Oleksandr",
    "Brigitte",
    "Ibrahima",
    "Ginette",
    "Noémie",
    "Ahmad",
    "Simone",
    "Florin",
    "Jacqueline",
    "Mamadou",
    "Léa",
]
LAST_NAMES = [
    "Laffont",
    "Bousquet",
    "Cazals",
    "Mengaud",
    "Rouzaud",
    "Benhamou",
    "Esparza",
    "Tisseyre",
    "Marty",
    "Gleizes",
    "Sanchez",
    "Diop",
    "Bonnery",
    "Fourcade",
    "Coulibaly",
    "Dimitrov",
    "Alary",
    "Calmette",
    "",
    "",
    "",
]


@dataclass
class Programme:
    slug: str
    communes: list[str]
    people_count: int
    # (kind, place, commune INSEE, sessions per year, contacts per session (min, max))
    sessions: list[tuple[str, str, str, int, tuple[int, int]]]
    referrals: list[str]
    mediators: list[str]
    volunteers: list[str] = field(default_factory=list)
    # The territory the programme declares, as postal codes (all their communes).
    territory: list[str] = field(default_factory=list)


HVA = Programme(
    slug="mdm-haute-vallee-aude",
    communes=HVA_COMMUNES,
    # Quillan, Espéraza, Couiza, Axat, Chalabre, Belcaire, Alet-les-Bains: 87 communes, about the 86
    # of the programme's own description (seed 001).
    territory=["11500", "11260", "11190", "11140", "11230", "11340", "11580"],
    people_count=34,
    sessions=[
        (SessionKind.PERMANENCE, "Maison des services au public", "11304", 48, (2, 6)),
        (SessionKind.PERMANENCE, "Salle associative", "11129", 24, (2, 5)),
        (SessionKind.PERMANENCE, "Centre social", "11103", 24, (1, 4)),
        (SessionKind.PERMANENCE, "Salle de la mairie", "11091", 12, (1, 4)),
        (SessionKind.PERMANENCE, "Salle de la mairie", "11021", 12, (1, 3)),
        (SessionKind.FOOD_DISTRIBUTION, "Distribution de colis alimentaires", "11304", 24, (5, 12)),
        (SessionKind.FOOD_DISTRIBUTION, "Épicerie solidaire", "11129", 12, (4, 9)),
        (SessionKind.HOME_VISIT, "Visite à domicile", "", 40, (1, 1)),
        (SessionKind.STREET, "Marché", "11129", 10, (3, 8)),
        (SessionKind.STREET, "Place de la République", "11304", 6, (2, 6)),
    ],
    referrals=[
        ReferralSource.OUTREACH,
        ReferralSource.OUTREACH,
        ReferralSource.PARTNER_STRUCTURE,
        ReferralSource.COMMUNITY_RELAY,
        ReferralSource.SELF,
        ReferralSource.HEALTH_PROFESSIONAL,
    ],
    mediators=["amina.ould@mdm-hva.example"],
    volunteers=["pierre.sabatier@mdm-hva.example", "jeanne.roux@mdm-hva.example"],
)
BRON = Programme(
    slug="centre-sante-bron",
    communes=BRON_COMMUNES,
    territory=["69500"],  # Bron
    people_count=28,
    sessions=[
        (SessionKind.PERMANENCE, "Centre de santé — bureau de médiation", "69029", 90, (2, 5)),
        (SessionKind.FOOD_DISTRIBUTION, "Épicerie sociale", "69029", 12, (4, 9)),
        (SessionKind.STREET, "Parc de Parilly", "69029", 6, (2, 5)),
    ],
    referrals=[
        ReferralSource.HEALTH_CENTRE_DOCTOR,
        ReferralSource.HEALTH_CENTRE_DOCTOR,
        ReferralSource.HEALTH_CENTRE_DOCTOR,
        ReferralSource.PARTNER_STRUCTURE,
        ReferralSource.SELF,
    ],
    mediators=["karim.haddad@cds-bron.example", "lucie.morel@cds-bron.example"],
)

# Extra volunteers of the Haute Vallée team (a doctor, a nurse, a "TRODeur").
HVA_VOLUNTEERS = [
    ("bernard.cathary@mdm-hva.example", "Bernard Cathary"),
    ("sylvie.bonnafous@mdm-hva.example", "Sylvie Bonnafous"),
    ("thomas.rey@mdm-hva.example", "Thomas Rey"),
]

TESTIMONIES = [
    (
        "Le médecin de Quillan est parti à la retraite et personne ne prend de nouveaux patients. "
        "Pour renouveler mon traitement je fais 45 minutes de route, quand la voiture démarre.",
        [Trouble.NO_GP, Trouble.DISTANCE],
    ),
    (
        "Pour l'AME il fallait prendre rendez-vous sur internet, je n'ai pas d'ordinateur et le guichet "
        "de Limoux n'ouvre plus que le mardi matin.",
        [Trouble.DIGITAL_ONLY, Trouble.SERVICE_CLOSURE],
    ),
    (
        "Le dentiste m'a dit qu'il ne prenait pas la C2S. Je suis reparti avec ma dent cassée.",
        [Trouble.CARE_REFUSAL],
    ),
    (
        "Trois mois pour avoir un rendez-vous chez l'ophtalmo, à Carcassonne. "
        "Sans bus, je n'y suis pas allée.",
        [Trouble.DELAYS, Trouble.DISTANCE],
    ),
    (
        "On me demande toujours des papiers que j'ai déjà envoyés. Mon dossier est perdu deux fois.",
        [Trouble.ADMINISTRATIVE],
    ),
    (
        "À l'accueil on m'a parlé comme si je ne comprenais rien. Depuis je n'y retourne plus.",
        [Trouble.RECEPTION],
    ),
    (
        "Je ne savais pas que j'avais droit à la complémentaire gratuite. J'ai payé pendant deux ans.",
        [Trouble.INFORMATION, Trouble.COST],
    ),
    (
        "J'étais suivie par le Dr Fabre, puis plus rien après l'opération : personne ne m'a rappelée.",
        [Trouble.NO_GP],
    ),
]


_COMMUNES: dict[str, Commune] = {}


def _phone(rng: random.Random) -> str:
    return "06 " + " ".join(f"{rng.randint(10, 99)}" for _ in range(4))


def _commune(code: str) -> Commune:
    if code not in _COMMUNES:
        _COMMUNES[code] = Commune.objects.get(insee_code=code)
    return _COMMUNES[code]


def demo_consent(organisation: Organisation, given_on: date | None = None) -> ConsentInput | None:
    """An oral consent (a year ago by default) for a person of a community organisation; a fund's
    requester needs none."""
    if organisation.kind not in COMMUNITY_KINDS:
        return None
    given_on = given_on or timezone.localdate() - timedelta(days=360)
    return ConsentInput(given_on=given_on, form=ConsentForm.ORAL, share_with_partners=True)


def _weekday_dates(rng: random.Random, today: date, count: int) -> list[date]:
    """``count`` working days spread over the last year, the most recent last."""
    days = [today - timedelta(days=offset) for offset in range(1, 365)]
    days = [day for day in days if day.weekday() < 5]
    step = max(1, len(days) // max(count, 1))
    chosen = [days[min(len(days) - 1, index * step + rng.randrange(step))] for index in range(count)]
    return sorted(set(chosen))


def _people(
    rng: random.Random, programme: Programme, organisation: Organisation, mediator: User, today: date
) -> list[Person]:
    existing = set(Person.objects.filter(organisation=organisation).values_list("search_name", flat=True))
    people = []
    for index in range(programme.people_count):
        first_name = FIRST_NAMES[(index * 7 + len(programme.slug)) % len(FIRST_NAMES)]
        last_name = LAST_NAMES[(index * 5 + 3) % len(LAST_NAMES)]
        if search_key(f"{first_name} {last_name}") in existing:
            continue
        existing.add(search_key(f"{first_name} {last_name}"))
        exile = rng.random() < (0.35 if programme.slug == BRON.slug else 0.1)
        coverage = (
            Coverage.AME
            if exile and rng.random() < 0.6
            else rng.choice([Coverage.PUMA] * 5 + [Coverage.NONE])
        )
        complementary = (
            Complementary.NONE
            if coverage != Coverage.PUMA
            else rng.choice([Complementary.NONE, Complementary.C2S, Complementary.C2S, Complementary.PRIVATE])
        )
        factors = rng.sample(
            [
                VulnerabilityFactor.GEOGRAPHIC_ISOLATION
                if programme.slug == HVA.slug
                else VulnerabilityFactor.LANGUAGE_BARRIER,
                VulnerabilityFactor.SOCIAL_ISOLATION,
                VulnerabilityFactor.FINANCIAL_PRECARITY,
                VulnerabilityFactor.SOCIAL_MINIMA,
                VulnerabilityFactor.DIGITAL_DIVIDE,
                VulnerabilityFactor.HEALTH_SYSTEM_UNFAMILIAR,
                VulnerabilityFactor.CARE_RUPTURE,
                VulnerabilityFactor.NEO_RURAL
                if programme.slug == HVA.slug
                else VulnerabilityFactor.UNHEALTHY_ENVIRONMENT,
                VulnerabilityFactor.PSYCHOACTIVE_USE,
            ],
            k=rng.randint(1, 4),
        )
        if exile:
            factors.append(VulnerabilityFactor.EXILE)
        phone = _phone(rng)
        has_phone = rng.random() < 0.7
        languages = (
            [Language.FRENCH]
            if not exile
            else rng.choice(
                [
                    [Language.ARABIC],
                    [Language.ROMANIAN, Language.FRENCH],
                    [Language.DARI_PERSIAN],
                    [Language.GEORGIAN],
                ]
            )
        )
        people.append(
            person_create(
                acting_user=mediator,
                organisation=organisation,
                consent=replace(
                    # A community organisation: a consent, never None.
                    cast(
                        ConsentInput, demo_consent(organisation, today - timedelta(days=rng.randint(20, 360)))
                    ),
                    advocacy_testimonies=rng.random() < 0.5,
                ),
                first_name=first_name,
                last_name=last_name,
                birth_year=rng.randint(1945, 2004),
                gender=rng.choice([Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.MALE, Gender.OTHER]),
                phone=phone if has_phone else "",
                contact_mode=ContactMode.PHONE
                if has_phone
                else rng.choice([ContactMode.RELAY, ContactMode.STRUCTURE]),
                contact_via="" if has_phone else "Par l'épicerie solidaire",
                commune=_commune(rng.choice(programme.communes)),
                housing=rng.choice(
                    [Housing.TENANT, Housing.SOCIAL_HOUSING, Housing.HOSTED, Housing.OWNER]
                    + (
                        [Housing.MOBILE, Housing.MOBILE]
                        if programme.slug == HVA.slug
                        else [Housing.SHELTER, Housing.SQUAT]
                    )
                ),
                coverage=coverage,
                complementary=complementary,
                has_gp=rng.random() < 0.45,
                referral_source=rng.choice(programme.referrals),
                interpreter_needed=exile and Language.FRENCH not in languages,
                languages=languages,
                vulnerabilities=factors,
            )
        )
    return people


def _volunteer_hours(rng: random.Random, kind: str, volunteers: int) -> Decimal | None:
    """The volunteers' time of a session: two to four of them for three to four hours (one or
    two for a home visit); one session in six where nobody wrote it down."""
    if not volunteers or rng.random() < 1 / 6:
        return None
    if kind == SessionKind.HOME_VISIT:
        return Decimal(rng.randint(1, 2)) * rng.choice([Decimal("1"), Decimal("1.5"), Decimal("2")])
    return Decimal(rng.randint(2, 4)) * rng.choice([Decimal("3"), Decimal("3.5"), Decimal("4")])


def _sessions(rng, programme, organisation, team, people, today) -> None:
    # Apart from ``rng``: the rest of the demo stays as it was before the volunteers' time.
    hours_rng = random.Random(f"{programme.slug}-volunteer-hours")  # noqa: S311 (fictitious data)
    for kind, place, insee, count, (low, high) in programme.sessions:
        for held_on in _weekday_dates(rng, today, count):
            commune_code = insee or rng.choice(programme.communes)
            author = rng.choice(team["mediators"])
            session = session_create(
                acting_user=author,
                organisation=organisation,
                kind=kind,
                held_on=held_on,
                place=place if insee else "Domicile",
                commune=_commune(commune_code),
                team=[
                    *team["mediators"][:1],
                    *rng.sample(team["volunteers"], k=min(2, len(team["volunteers"]))),
                ],
                volunteer_hours=_volunteer_hours(hours_rng, kind, len(team["volunteers"])),
            )
            for _ in range(rng.randint(low, high)):
                recorder = rng.choice([author, *team["volunteers"]]) if team["volunteers"] else author
                identified = bool(people) and (kind == SessionKind.HOME_VISIT or rng.random() < 0.25)
                topics = rng.sample(Topic.values, k=rng.randint(1, 3))
                if identified:
                    contact_record(
                        acting_user=recorder, session=session, person=rng.choice(people), topics=topics
                    )
                else:
                    contact_record(
                        acting_user=recorder,
                        session=session,
                        age_band=rng.choice(AgeBand.values[1:] + [AgeBand.FROM_55, AgeBand.FROM_65]),
                        gender=rng.choice([Gender.FEMALE, Gender.MALE, ""]),
                        commune=_commune(rng.choice(programme.communes)),
                        topics=topics,
                    )


def _previous_year_sessions(
    programme: Programme, organisation: Organisation, team: dict, today: date
) -> None:
    """The programme's year before the demo's: fewer sessions (it was starting), anonymous contacts
    only — the people of the demo gave their consent this year — so that the report's « un an plus
    tôt » column has figures. Its own random generator: the rest of the demo stays as it was."""
    rng = random.Random(f"{programme.slug}-previous-year")  # noqa: S311 (fictitious data)
    year_before = today - timedelta(days=365)
    for kind, place, insee, count, (low, high) in programme.sessions:
        if kind == SessionKind.HOME_VISIT:
            continue  # a home visit is a known person's
        for held_on in _weekday_dates(rng, year_before, round(count * 0.7)):
            author = rng.choice(team["mediators"])
            session = session_create(
                acting_user=author,
                organisation=organisation,
                kind=kind,
                held_on=held_on,
                place=place,
                commune=_commune(insee),
                team=[
                    *team["mediators"][:1],
                    *rng.sample(team["volunteers"], k=min(2, len(team["volunteers"]))),
                ],
                volunteer_hours=_volunteer_hours(rng, kind, len(team["volunteers"])),
            )
            for _ in range(rng.randint(low, max(low, high - 1))):
                contact_record(
                    acting_user=author,
                    session=session,
                    age_band=rng.choice(AgeBand.values[1:] + [AgeBand.FROM_55, AgeBand.FROM_65]),
                    gender=rng.choice([Gender.FEMALE, Gender.MALE, ""]),
                    commune=_commune(rng.choice(programme.communes)),
                    topics=rng.sample(Topic.values, k=rng.randint(1, 3)),
                )


def _epices(rng: random.Random, precarious: bool) -> list[bool]:
    # Items 1 and 5 raise the score, the others lower it.
    if precarious:
        return [
            rng.random() < 0.6,
            rng.random() < 0.3,
            rng.random() < 0.3,
            rng.random() < 0.2,
            rng.random() < 0.7,
        ]
    return [
        rng.random() < 0.1,
        rng.random() < 0.8,
        rng.random() < 0.6,
        rng.random() < 0.5,
        rng.random() < 0.2,
    ]


def _assessments(rng: random.Random, people: list[Person], mediator: User, today: date) -> None:
    for person in people:
        if rng.random() < 0.3:
            continue
        barriers = set(rng.sample(Barrier.values, k=rng.randint(2, 5)))
        precarious = rng.random() < 0.7
        first_on = today - timedelta(days=rng.randint(120, 340))
        for round_number in range(rng.randint(1, 3)):
            head = _epices(rng, precarious)
            tail = [rng.random() < (0.3 if precarious else 0.7) for _ in range(6)]
            assessment_create(
                acting_user=mediator,
                person=person,
                assessed_on=min(today, first_on + timedelta(days=round_number * rng.randint(60, 110))),
                barriers=sorted(barriers),
                needs=rng.sample(Need.values, k=rng.randint(1, 4)),
                epices_answers=head + tail,
                priority_need=rng.choice(
                    [Need.HEALTH_COVERAGE, Need.FIND_GP, Need.DENTAL, Need.MENTAL_HEALTH]
                ),
            )
            # Over time some barriers are lifted (coverage opened, a médecin traitant found).
            barriers -= set(rng.sample(sorted(barriers), k=min(len(barriers) - 1, rng.randint(0, 2))))


def _file(mediator: User, procedure: Procedure, on: date) -> None:
    """Every document gathered, then the file sent."""
    procedure_documents_update(
        acting_user=mediator,
        procedure=procedure,
        gathered_ids=set(procedure.documents.values_list("pk", flat=True)),
        on=on,
    )
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=on)


def _rights(rng: random.Random, people: list[Person], mediator: User, today: date) -> None:
    for person in people:
        if rng.random() < 0.35:
            continue
        kind = (
            ProcedureKind.AME
            if person.coverage == Coverage.AME
            else rng.choice(
                [ProcedureKind.C2S, ProcedureKind.C2S, ProcedureKind.PUMA, ProcedureKind.GP_DECLARATION]
            )
        )
        kind = rng.choice([kind, kind, kind, ProcedureKind.MDPH, ProcedureKind.VITALE_CARD])
        started_on = today - timedelta(days=rng.randint(15, 400))
        procedure = procedure_start(acting_user=mediator, person=person, kind=kind, started_on=started_on)
        stage = rng.random()
        if stage < 0.2:
            continue  # still gathering documents
        filed_on = min(today, started_on + timedelta(days=rng.randint(5, 30)))
        _file(mediator, procedure, filed_on)
        decided_on = filed_on + timedelta(days=rng.randint(20, 60))
        if stage < 0.35 or decided_on > today:
            continue  # waiting for the decision
        if stage < 0.42:
            procedure_refuse(acting_user=mediator, procedure=procedure, decision_on=decided_on)
            continue
        procedure_grant(acting_user=mediator, procedure=procedure, decision_on=decided_on)
        procedure.refresh_from_db()
        # Rights granted over a year ago are renewed (most of the time in time).
        if procedure.rights_end and procedure.rights_end < today and rng.random() < 0.8:
            renewal = procedure_renew(
                acting_user=mediator,
                procedure=procedure,
                started_on=procedure.rights_end - timedelta(days=50),
            )
            _file(mediator, renewal, procedure.rights_end - timedelta(days=40))
            procedure_grant(
                acting_user=mediator,
                procedure=renewal,
                decision_on=procedure.rights_end,
                rights_start=procedure.rights_end + timedelta(days=1),
            )


def _expiring_rights(rng: random.Random, people: list[Person], mediator: User, today: date) -> None:
    """A few AME and C2S granted about a year ago: to renew soon, one already lapsed."""
    for days_ago in (345, 325, 310, 380)[: max(0, len(people) // 10)]:
        person = rng.choice(people)
        kind = ProcedureKind.AME if person.coverage == Coverage.AME else ProcedureKind.C2S
        started_on = today - timedelta(days=days_ago + 40)
        procedure = procedure_start(acting_user=mediator, person=person, kind=kind, started_on=started_on)
        _file(mediator, procedure, started_on + timedelta(days=10))
        # Those with a mobile number chose to be told by SMS before the end (the renewal message).
        procedure_grant(
            acting_user=mediator,
            procedure=procedure,
            decision_on=today - timedelta(days=days_ago),
            remind_person=ReminderChoice.SMS if person.phone else ReminderChoice.NONE,
        )


def _participation(
    rng: random.Random,
    programme: Programme,
    organisation: Organisation,
    mediator: User,
    people: list[Person],
    today: date,
) -> None:
    for index, held_on in enumerate(_weekday_dates(rng, today, 10 if programme.slug == HVA.slug else 4)):
        kind = (
            MeetingKind.USERS_GROUP
            if programme.slug == HVA.slug and index % 3 == 2
            else MeetingKind.EXCHANGE_SPACE
        )
        meeting_save(
            acting_user=mediator,
            organisation=organisation,
            kind=kind,
            held_on=held_on,
            place="Salle associative" if programme.slug == HVA.slug else "Centre de santé — salle de réunion",
            commune=_commune(programme.communes[index % len(programme.communes)]),
            theme=rng.choice(
                [
                    "Trouver un médecin traitant",
                    "Les démarches en ligne",
                    "Se déplacer pour se soigner",
                    "La C2S",
                ]
            ),
            attendance=rng.randint(4, 14),
            summary="Échanges sur les difficultés rencontrées ; propositions à porter aux partenaires.",
            troubles=rng.sample(Trouble.values[:-1], k=rng.randint(2, 4)),
        )
    if programme.slug == HVA.slug:
        relays = [
            ("11021", "Josiane", "Secrétaire de mairie"),
            ("11028", "Henri", "Agriculteur, conseiller municipal"),
            ("11303", "Maryse", "Épicière"),
            ("11055", "Alain", "Voisin, ancien facteur"),
            ("11336", "Nathalie", "Aide à domicile"),
            ("11263", "Paul", "Bénévole du comité des fêtes"),
        ]
        for insee, name, role in relays:
            if insee not in programme.communes:
                continue
            relay_save(
                acting_user=mediator,
                organisation=organisation,
                commune=_commune(insee),
                name=name,
                role=role,
                phone=_phone(rng),
                agreed_on=today - timedelta(days=rng.randint(30, 330)),
            )
    for text, troubles in rng.sample(TESTIMONIES, k=5 if programme.slug == HVA.slug else 3):
        person = rng.choice(people) if people else None
        consent = person.current_consent() if person else None
        testimony_save(
            acting_user=mediator,
            organisation=organisation,
            person=person,
            collected_on=today - timedelta(days=rng.randint(5, 300)),
            text=text,
            advocacy_use=bool(consent and consent.advocacy_testimonies) or person is None,
            troubles=troubles,
        )


def _with_known_communes(programme: Programme) -> Programme | None:
    """The programme in the communes that are loaded (all of them, unless a test loaded a few)."""
    known = set(Commune.objects.filter(insee_code__in=programme.communes).values_list("pk", flat=True))
    communes = [code for code in programme.communes if code in known]
    if not communes:
        return None
    sessions = [
        (kind, place, insee if not insee or insee in known else communes[0], count, contacts)
        for kind, place, insee, count, contacts in programme.sessions
    ]
    return replace(programme, communes=communes, sessions=sessions)


def _territory(programme: Programme, organisation: Organisation, mediator: User) -> None:
    """The programme's declared territory, from the postal codes the referential knows."""
    known = [
        code
        for code in programme.territory
        if Commune.objects.filter(postal_codes__regex=rf"(^| ){code}( |$)").exists()
    ]
    if known:
        territory_set(
            acting_user=mediator, organisation=organisation, data=TerritoryInput(postal_codes=known)
        )


def demo_community_load(
    *, organisations: dict[str, Organisation], users: dict[str, User], today: date
) -> None:
    """Load a year of community mediation for the two demo programmes (once)."""
    _COMMUNES.clear()
    volunteers = []
    for email, name in HVA_VOLUNTEERS:
        user, _ = user_add(
            email=email,
            organisation=organisations[HVA.slug],
            role=Role.VOLUNTEER,
            full_name=name,
            password=DEMO_PASSWORD,
        )
        volunteers.append(user)
    for full, seed in ((HVA, 2016), (BRON, 2024)):
        organisation = organisations[full.slug]
        programme = _with_known_communes(full)
        if programme is None or OutreachSession.objects.filter(organisation=organisation).exists():
            continue
        rng = random.Random(seed)  # noqa: S311 (fictitious data, reproducible)
        mediators = [users[email] for email in programme.mediators]
        team = {
            "mediators": mediators,
            "volunteers": [users[email] for email in programme.volunteers]
            + (volunteers if programme.slug == HVA.slug else []),
        }
        people = _people(rng, programme, organisation, mediators[0], today)
        # Give the files created by the core demo some situation too.
        for person in Person.objects.filter(organisation=organisation).exclude(pk__in=[p.pk for p in people]):
            person_update(
                acting_user=mediators[0],
                person=person,
                gender=rng.choice([Gender.FEMALE, Gender.MALE]),
                coverage=rng.choice([Coverage.PUMA, Coverage.PUMA, Coverage.NONE]),
                complementary=rng.choice([Complementary.NONE, Complementary.C2S]),
                has_gp=rng.random() < 0.5,
                referral_source=rng.choice(programme.referrals),
                contact_mode=ContactMode.PHONE if person.phone else ContactMode.RELAY,
            )
            people.append(person)
        _sessions(rng, programme, organisation, team, people, today)
        _previous_year_sessions(programme, organisation, team, today)
        _territory(programme, organisation, mediators[0])
        _assessments(rng, people, mediators[0], today)
        _rights(rng, people, mediators[-1], today)
        _expiring_rights(rng, people, mediators[-1], today)
        _participation(rng, programme, organisation, mediators[0], people, today)
    rights_reminders_create(today=today, notify=False)
