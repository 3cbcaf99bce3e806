"""The demo dataset: the organisations of the seeds, their people, fictitious persons in real communes.

Idempotent: running it again updates names and passwords and adds nothing twice.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lien.accounts.enums import OrganisationKind as Kind
from lien.accounts.enums import Role
from lien.accounts.models import Organisation
from lien.accounts.services import organisation_upsert, user_add
from lien.communes.models import Commune
from lien.communes.services import communes_load
from lien.demo.advocacy import demo_advocacy_load
from lien.demo.community import demo_community_load, demo_consent
from lien.demo.directory import demo_directory_load
from lien.demo.partners import demo_accompaniments_load, demo_partners_load
from lien.demo.programmes import demo_programmes_load
from lien.demo.referrals import demo_referrals_load
from lien.demo.saisines import demo_saisines_load
from lien.demo.workshops import demo_workshops_load
from lien.lib.text import search_key
from lien.people.models import Person
from lien.people.services import person_create

DEMO_PASSWORD = "lien-demo-2026"

# slug, name, kind, parent slug
ORGANISATIONS = [
    ("assurance-maladie", "Assurance Maladie — Médiation nationale", Kind.NATIONAL, None),
    ("cpam-hainaut", "CPAM du Hainaut", Kind.FUND, "assurance-maladie"),
    ("medecins-du-monde", "Médecins du Monde", Kind.NATIONAL, None),
    ("mdm-occitanie", "Médecins du Monde — Occitanie", Kind.REGIONAL, "medecins-du-monde"),
    (
        "mdm-haute-vallee-aude",
        "Médecins du Monde — Haute Vallée de l'Aude",
        Kind.ASSOCIATION,
        "mdm-occitanie",
    ),
    ("centre-sante-bron", "Centre de santé de Bron", Kind.HEALTH_CENTRE, None),
    ("patients-partenaires-occitanie", "Réseau des patients partenaires d'Occitanie", Kind.ASSOCIATION, None),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    organisation: str
    role: Role


ACCOUNTS = [
    DemoAccount("admin@lien.example", "Administration Lien", "assurance-maladie", Role.ADMIN),
    DemoAccount(
        "marc.girard@assurance-maladie.example", "Marc Girard", "assurance-maladie", Role.COORDINATOR
    ),
    DemoAccount(
        "claire.lefebvre@cpam-hainaut.example", "Claire Lefebvre", "cpam-hainaut", Role.INSTITUTIONAL_MEDIATOR
    ),
    DemoAccount("nadia.benali@cpam-hainaut.example", "Nadia Benali", "cpam-hainaut", Role.ASSISTANT),
    DemoAccount("julien.delattre@cpam-hainaut.example", "Julien Delattre", "cpam-hainaut", Role.DEPUTY),
    DemoAccount("sophie.vandamme@cpam-hainaut.example", "Sophie Vandamme", "cpam-hainaut", Role.DIRECTOR),
    DemoAccount("laure.martinez@mdm-occitanie.example", "Laure Martinez", "mdm-occitanie", Role.COORDINATOR),
    DemoAccount("elise.fabre@mdm-hva.example", "Élise Fabre", "mdm-haute-vallee-aude", Role.COORDINATOR),
    DemoAccount("amina.ould@mdm-hva.example", "Amina Ould", "mdm-haute-vallee-aude", Role.COMMUNITY_MEDIATOR),
    DemoAccount(
        "pierre.sabatier@mdm-hva.example", "Pierre Sabatier", "mdm-haute-vallee-aude", Role.VOLUNTEER
    ),
    DemoAccount("jeanne.roux@mdm-hva.example", "Jeanne Roux", "mdm-haute-vallee-aude", Role.VOLUNTEER),
    DemoAccount(
        "karim.haddad@cds-bron.example", "Karim Haddad", "centre-sante-bron", Role.COMMUNITY_MEDIATOR
    ),
    DemoAccount("lucie.morel@cds-bron.example", "Lucie Morel", "centre-sante-bron", Role.COMMUNITY_MEDIATOR),
    DemoAccount("anne.perrin@cds-bron.example", "Anne Perrin", "centre-sante-bron", Role.DIRECTOR),
    DemoAccount(
        "benoit.blaes@cds-bron.example", "Dr Benoît Blaes", "centre-sante-bron", Role.REFERRING_DOCTOR
    ),
    DemoAccount(
        "isabelle.garcia@patients-partenaires.example",
        "Isabelle Garcia",
        "patients-partenaires-occitanie",
        Role.COORDINATOR,
    ),
    DemoAccount(
        "michel.bonnet@patients-partenaires.example",
        "Michel Bonnet",
        "patients-partenaires-occitanie",
        Role.PATIENT_PARTNER,
    ),
    # The network's nurse and mediator, who leads the therapeutic education workshops with Michel.
    DemoAccount(
        "helene.marty@patients-partenaires.example",
        "Hélène Marty",
        "patients-partenaires-occitanie",
        Role.COMMUNITY_MEDIATOR,
    ),
]

# organisation slug, author's e-mail, [(first name, last name, birth year, phone, INSEE code)]
PEOPLE = [
    (
        "mdm-haute-vallee-aude",
        "amina.ould@mdm-hva.example",
        [
            ("Josette", "Maury", 1948, "04 68 20 11 42", "11304"),
            ("Ahmed", "Benkirane", 1979, "06 12 44 80 17", "11206"),
            ("Lola", "", 1996, "", "11129"),
            ("Gérard", "Sarda", 1956, "04 68 74 02 93", "11103"),
            ("Nour", "Haddou", 1988, "07 81 22 65 09", "11091"),
            ("Raymond", "Cathala", 1941, "", "11021"),
            ("Sabine", "Estève", 1971, "06 47 90 31 55", "11303"),
            ("Tomás", "Ferreira", 1984, "", "11028"),
        ],
    ),
    (
        "centre-sante-bron",
        "karim.haddad@cds-bron.example",
        [
            ("Fatoumata", "Diallo", 1990, "06 51 73 28 40", "69029"),
            ("Irina", "Popescu", 1975, "07 66 12 09 83", "69029"),
            ("Mehdi", "Rahmani", 2001, "", "69259"),
            ("Yvette", "Bernard", 1952, "04 78 26 44 10", "69029"),
            ("Samuel", "Okafor", 1986, "", "69290"),
        ],
    ),
    (
        "patients-partenaires-occitanie",
        "helene.marty@patients-partenaires.example",
        [
            ("Robert", "Lafont", 1958, "06 31 52 74 10", "31555"),
            ("Nadia", "Ferrand", 1967, "07 62 18 40 93", "31555"),
            ("Jacques", "Escande", 1951, "05 61 44 20 87", "31149"),
            ("Maryse", "Bouissou", 1962, "", "31069"),
            ("Karim", "Benyahia", 1975, "06 77 03 91 25", "11069"),
        ],
    ),
    (
        "cpam-hainaut",
        "claire.lefebvre@cpam-hainaut.example",
        [
            ("Christophe", "Lemaire", 1969, "03 27 41 62 08", "59606"),
            ("Martine", "Dufour", 1958, "03 27 44 13 70", "59172"),
            ("Kévin", "Delcourt", 1992, "06 23 71 84 05", "59392"),
            ("Aïcha", "Mansouri", 1981, "07 52 19 63 44", "59014"),
            ("Bernard", "Lecomte", 1947, "03 27 22 58 91", "59526"),
        ],
    ),
]


@transaction.atomic
def demo_data_load() -> list[DemoAccount]:
    """Load communes, organisations, accounts and people; returns the demo accounts."""
    if not Commune.objects.exists():
        communes_load()
    organisations: dict[str, Organisation] = {}
    for slug, name, kind, parent in ORGANISATIONS:
        organisations[slug], _ = organisation_upsert(
            slug=slug, name=name, kind=kind, parent=organisations.get(parent) if parent else None
        )
    users = {}
    for account in ACCOUNTS:
        users[account.email], _ = user_add(
            email=account.email,
            organisation=organisations[account.organisation],
            role=account.role,
            full_name=account.name,
            password=DEMO_PASSWORD,
        )
    for slug, author, people in PEOPLE:
        organisation = organisations[slug]
        existing = set(Person.objects.filter(organisation=organisation).values_list("search_name", flat=True))
        for first_name, last_name, birth_year, phone, insee in people:
            if search_key(f"{first_name} {last_name}") in existing:
                continue
            person_create(
                acting_user=users[author],
                organisation=organisation,
                consent=demo_consent(organisation),
                first_name=first_name,
                last_name=last_name,
                birth_year=birth_year,
                phone=phone,
                commune=Commune.objects.get(insee_code=insee),
            )
    fund = organisations["cpam-hainaut"]
    demo_saisines_load(
        organisation=fund,
        mediator=users["claire.lefebvre@cpam-hainaut.example"],
        people=list(Person.objects.filter(organisation=fund).order_by("pk")),
        today=timezone.localdate(),
    )
    demo_directory_load(organisations=organisations, users=users, today=timezone.localdate())
    demo_community_load(organisations=organisations, users=users, today=timezone.localdate())
    demo_programmes_load(organisations=organisations, users=users, today=timezone.localdate())
    demo_referrals_load(organisations=organisations, users=users, today=timezone.localdate())
    demo_partners_load(organisations=organisations, users=users, today=timezone.localdate())
    demo_workshops_load(organisations=organisations, users=users, today=timezone.localdate())
    demo_accompaniments_load(organisations=organisations, users=users, today=timezone.localdate())
    demo_advocacy_load(organisations=organisations, users=users, today=timezone.localdate())
    return ACCOUNTS
