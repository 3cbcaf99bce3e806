"""Demo patient partners: the registry of the Occitanie network, kept by its coordinator — most
may be proposed, one training awaits validation, one convention ends within 30 days, one ended."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from lien.accounts.models import Organisation, User
from lien.partners.models import PatientPartner
from lien.partners.services import convention_add, partner_create, training_add, training_validate

COORDINATOR = "isabelle.garcia@patients-partenaires.example"
NETWORK = "patients-partenaires-occitanie"
BODIES = {
    "university": "DU « Patient partenaire », Université Toulouse III",
    "association": "Association française des diabétiques (AFD)",
}

# first name, last name, account, pathologies, languages, départements, experience,
# (training kind, validated), (convention starts, ends: days from today, None: open-ended)
PARTNERS = [
    (
        "Michel",
        "Bonnet",
        "michel.bonnet@patients-partenaires.example",
        ["diabetes"],
        ["fr"],
        ["31", "11"],
        "Diabétique de type 1 depuis quarante ans ; j'ai appris à vivre avec la pompe à insuline.",
        ("association", True),
        (-400, None),
    ),
    (
        "Aïssatou",
        "Diop",
        "",
        ["hiv"],
        ["fr", "wo"],
        ["31", "34"],
        "Séropositive depuis 2004, je sais ce que c'est d'annoncer le diagnostic à sa famille.",
        ("university", True),
        (-200, 365),
    ),
    (
        "Claire",
        "Roux",
        "",
        ["cancer"],
        ["fr", "en"],
        ["34"],
        "Un cancer du sein soigné à Montpellier ; la reprise du travail a été le plus dur.",
        ("university", True),
        (-345, 20),
    ),
    (
        "Jean-Pierre",
        "V.",
        "",
        ["mental_health"],
        ["fr", "es"],
        ["11", "09"],
        "Trouble bipolaire, stabilisé ; je témoigne de l'hospitalisation et du retour chez soi.",
        ("association", False),
        (-30, 335),
    ),
    (
        "Samira",
        "Belkacem",
        "",
        ["mental_health", "addictions"],
        ["fr", "ar"],
        ["69"],
        "Sortie de l'alcool il y a huit ans, accompagnée par un CSAPA.",
        ("university", True),
        (-375, -10),
    ),
    (
        "Thomas",
        "Lefèvre",
        "",
        ["cardiovascular", "kidney_failure"],
        ["fr"],
        ["31", "09"],
        "Dialysé trois ans puis greffé ; je connais les trajets et la fatigue.",
        ("university", True),
        (-90, None),
    ),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n% document fictif de la demo\n", content_type="application/pdf"
    )


def demo_partners_load(
    *, organisations: dict[str, Organisation], users: dict[str, User], today: date
) -> None:
    network = organisations[NETWORK]
    coordinator = users[COORDINATOR]
    if PatientPartner.objects.filter(organisation=network).exists():
        return
    for first, last, account, pathologies, languages, departements, experience, training, dates in PARTNERS:
        partner = partner_create(
            acting_user=coordinator,
            organisation=network,
            first_name=first,
            last_name=last,
            user=users.get(account) if account else None,
            experience=experience,
            pathologies=pathologies,
            languages=languages,
            departements=departements,
            availability="En semaine, de préférence l'après-midi",
        )
        kind, validated = training
        done = training_add(
            acting_user=coordinator,
            partner=partner,
            kind=kind,
            body=BODIES[kind],
            completed_on=today - timedelta(days=500),
            certificate=_pdf("attestation.pdf"),
        )
        if validated:
            training_validate(acting_user=coordinator, training=done)
        starts, ends = dates
        convention_add(
            acting_user=coordinator,
            partner=partner,
            party=network.name,
            starts_on=today + timedelta(days=starts),
            ends_on=today + timedelta(days=ends) if ends is not None else None,
            framework="volunteer" if ends is None else "compensated",
            file=_pdf("convention.pdf"),
        )
