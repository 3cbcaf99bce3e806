"""Demo patient partners: the registry of the Occitanie network, kept by its coordinator — most
may be proposed, one training awaits validation, one convention ends within 30 days, one ended —
and, under conventions the network signed with the demo association and the health centre, the
patients their mediators followed: consents signed (on screen or scanned), partners chosen,
meetings logged by Michel Bonnet, one proposal still waiting for the patient."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from lien.accounts.models import Organisation, User
from lien.partners.models import PartnerAccompaniment, PatientPartner
from lien.partners.services import (
    accompaniment_choose_partner,
    accompaniment_propose,
    accompaniment_record_consent,
    convention_add,
    partner_create,
    partner_meeting_record,
    training_add,
    training_validate,
)
from lien.people.models import Person

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


# The establishments of the demo that signed a convention with the network, their mediator, and
# for each patient: (days ago proposed, consent "drawn"/"scan"/None, partner's first name or None,
# meetings as (days ago, minutes, mode, themes)).
SIGNATORIES = [
    ("mdm-haute-vallee-aude", "amina.ould@mdm-hva.example"),
    ("centre-sante-bron", "lucie.morel@cds-bron.example"),
]
type Meeting = tuple[int, int, str, list[str]]
type Story = tuple[int, str | None, str | None, list[Meeting]]
STORIES: dict[str, list[Story]] = {
    "mdm-haute-vallee-aude": [
        (
            75,
            "drawn",
            "Michel",
            [(60, 60, "in_person", ["daily_life", "morale"]), (30, 45, "phone", ["care_path"])],
        ),
        (40, "scan", "Thomas", []),
        (6, None, None, []),
    ],
    "centre-sante-bron": [
        (50, "drawn", "Michel", [(35, 90, "in_person", ["consultation"]), (10, 30, "phone", ["morale"])]),
        (12, "drawn", None, []),
    ],
}
# A signature drawn on screen: the strokes of « M. » in the 600 × 200 frame (lien.lib.signature).
SIGNATURE = (
    "[[[60,160],[90,50],[130,130],[170,50],[200,160]],[[240,150],[246,156]],[[280,120],[420,100],[520,140]]]"
)


def demo_accompaniments_load(
    *, organisations: dict[str, Organisation], users: dict[str, User], today: date
) -> None:
    """Conventions with the two establishments, then their patients' accompaniments."""
    network = organisations[NETWORK]
    coordinator = users[COORDINATOR]
    if PartnerAccompaniment.objects.filter(partner__organisation=network).exists():
        return
    partners = {p.first_name: p for p in PatientPartner.objects.filter(organisation=network)}
    for slug, mediator_email in SIGNATORIES:
        establishment = organisations[slug]
        for name in ("Michel", "Thomas", "Aïssatou"):
            convention_add(
                acting_user=coordinator,
                partner=partners[name],
                party=establishment.name,
                establishment=establishment,
                starts_on=today - timedelta(days=180),
                ends_on=today + timedelta(days=545),
                framework="volunteer",
                file=_pdf("convention-etablissement.pdf"),
            )
        mediator = users[mediator_email]
        people = Person.objects.filter(organisation=establishment, anonymised_at__isnull=True).order_by("pk")
        for person, (ago, consent, chosen, meetings) in zip(people, STORIES[slug], strict=False):
            proposed_on = today - timedelta(days=ago)
            suggested = [partners["Michel"], partners["Thomas"]]
            accompaniment = accompaniment_propose(
                acting_user=mediator, person=person, suggested=suggested, proposed_on=proposed_on
            )
            if consent is None:
                continue
            accompaniment_record_consent(
                acting_user=mediator,
                accompaniment=accompaniment,
                method=consent,
                consented_on=proposed_on + timedelta(days=3),
                signed_name=f"{person.first_name} {person.last_name}" if consent == "drawn" else "",
                signature=SIGNATURE if consent == "drawn" else "",
                scan=_pdf("consentement-signe.pdf") if consent == "scan" else None,
            )
            if chosen is None:
                continue
            accompaniment_choose_partner(
                acting_user=mediator,
                accompaniment=accompaniment,
                partner=partners[chosen],
                contacted_on=proposed_on + timedelta(days=7),
            )
            partner_user = partners[chosen].user
            for days_ago, minutes, mode, themes in meetings:
                if partner_user is None:
                    break
                partner_meeting_record(
                    acting_user=partner_user,
                    accompaniment=accompaniment,
                    met_on=today - timedelta(days=days_ago),
                    duration_minutes=minutes,
                    mode=mode,
                    themes=themes,
                    place="Café associatif" if mode == "in_person" else "",
                )
