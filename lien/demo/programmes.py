"""A year of community mediation for the demo: the Médecins du Monde programme of the Haute
Vallée de l'Aude (rural: distances, one vehicle, volunteers who test) and the health centre of
Bron (doctors who knock on the mediators' door, "une masse d'examens").

Real communes and structures, fictitious people. Everything goes through the services, in the
order it happened, so the follow-ups, alerts and the activity report are those of real use.
Deterministic (a fixed seed) and idempotent: an organisation that already has follow-ups is
left alone.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.appointments.enums import BookedBy, ReminderChoice, Vehicle
from lien.appointments.services import (
    accompaniment_record,
    appointment_book,
    appointment_cancel,
    appointment_record_attended,
    appointment_record_missed,
)
from lien.communes.models import Commune
from lien.followup.enums import ContactChannel, EndReason, PrescriptionKind
from lien.followup.models import Followup
from lien.followup.services import (
    contact_record,
    followup_end,
    followup_schedule,
    followup_settings_save,
    goal_achieve,
    goal_action_mark,
    goal_create,
    prescription_add,
    prescription_mark,
)
from lien.orientations.enums import Difficulty
from lien.orientations.services import (
    orientation_create,
    orientation_record_did_not_go,
    orientation_record_refused,
    orientation_record_went,
)
from lien.people.enums import ConsentForm, Coverage, Gender
from lien.people.models import Person
from lien.people.services import ConsentInput, person_create
from lien.prevention.enums import LinkageStructure, TestKind, TestResult, Topic
from lien.prevention.models import RapidTest
from lien.prevention.services import (
    advice_record,
    collective_action_record,
    rapid_test_orient,
    rapid_test_record,
    rapid_test_record_confirmed,
    rapid_test_record_seen,
)


@dataclass(frozen=True)
class Target:
    """A structure people are oriented to, and the appointment it gives."""

    key: str  # the structure's identifier in the demo directory ("" when not in it)
    kind: str
    name: str
    reason: str
    professional: str
    place: str
    address: str
    km: int  # round trip from the person's commune, roughly


HVA_TARGETS = [
    Target(
        "pass-carcassonne",
        "pass",
        "PASS du Centre hospitalier de Carcassonne",
        "Consultation sans couverture maladie, en attendant l'ouverture des droits.",
        "Dr Marty, médecin de la PASS",
        "Centre hospitalier de Carcassonne",
        "Route de Saint-Hilaire, 11000 Carcassonne",
        120,
    ),
    Target(
        "msp-quillan",
        "gp",
        "Maison de santé pluriprofessionnelle de Quillan",
        "Trouver un médecin traitant : plus de médecin depuis le départ en retraite du sien.",
        "Dr Castel, médecin généraliste",
        "Maison de santé de Quillan",
        "11500 Quillan",
        20,
    ),
    Target(
        "cpam-aude-limoux",
        "health_insurance",
        "Assurance Maladie de l'Aude — accueil de Limoux",
        "Dossier de complémentaire santé solidaire (C2S) à déposer.",
        "Conseillère de l'Assurance Maladie",
        "Accueil de l'Assurance Maladie de Limoux",
        "11300 Limoux",
        70,
    ),
    Target(
        "cmp-limoux",
        "mental_health",
        "Centre médico-psychologique de Limoux",
        "Moral bas depuis des mois, souhaite parler à quelqu'un.",
        "Infirmière du CMP",
        "CMP de Limoux",
        "11300 Limoux",
        70,
    ),
    Target(
        "csapa-quillan",
        "addiction",
        "CSAPA — permanence de Quillan",
        "Souhaite réduire sa consommation d'alcool.",
        "Éducateur du CSAPA",
        "Permanence du CSAPA",
        "11500 Quillan",
        20,
    ),
    Target(
        "france-services-couiza",
        "digital_access",
        "France services de Couiza",
        "Créer son compte Ameli et scanner ses justificatifs.",
        "Agent France services",
        "France services de Couiza",
        "11190 Couiza",
        30,
    ),
    Target(
        "",
        "dental",
        "Cabinet dentaire d'Espéraza",
        "Douleurs dentaires, pas de dentiste depuis des années.",
        "Dr Roques, chirurgien-dentiste",
        "Cabinet dentaire d'Espéraza",
        "11260 Espéraza",
        30,
    ),
    Target(
        "",
        "specialist",
        "Cardiologie du Centre hospitalier de Limoux",
        "Suivi cardiologique interrompu.",
        "Dr Vidal, cardiologue",
        "Centre hospitalier de Limoux",
        "11300 Limoux",
        70,
    ),
]

BRON_TARGETS = [
    Target(
        "pass-edouard-herriot",
        "pass",
        "PASS de l'hôpital Édouard-Herriot",
        "Pas de couverture maladie, soins à faire sans attendre.",
        "Assistante sociale de la PASS",
        "Hôpital Édouard-Herriot",
        "5 place d'Arsonval, 69003 Lyon",
        16,
    ),
    Target(
        "cpam-rhone-bron",
        "health_insurance",
        "Assurance Maladie du Rhône — accueil de Bron",
        "Renouvellement de la C2S et mise à jour de la carte Vitale.",
        "Conseiller de l'Assurance Maladie",
        "Accueil de l'Assurance Maladie de Bron",
        "69500 Bron",
        4,
    ),
    Target(
        "cmp-vinatier-bron",
        "mental_health",
        "CMP adultes de Bron (Le Vinatier)",
        "Rupture de soins après un infarctus, découragement.",
        "Psychologue du CMP",
        "CMP adultes de Bron",
        "69500 Bron",
        6,
    ),
    Target(
        "",
        "specialist",
        "Cardiologie — Hôpital Louis-Pradel",
        "Examens prescrits par le médecin après un infarctus.",
        "Dr Morel, cardiologue",
        "Hôpital cardiologique Louis-Pradel",
        "59 boulevard Pinel, 69500 Bron",
        6,
    ),
    Target(
        "",
        "hospital",
        "Imagerie médicale — Hôpital Femme Mère Enfant",
        "Échographie prescrite par le médecin du centre.",
        "Service d'imagerie",
        "Hôpital Femme Mère Enfant",
        "59 boulevard Pinel, 69500 Bron",
        6,
    ),
    Target(
        "",
        "dental",
        "Centre dentaire mutualiste de Lyon",
        "Soins dentaires avec la C2S.",
        "Dr Nguyen, chirurgien-dentiste",
        "Centre dentaire mutualiste",
        "69003 Lyon",
        14,
    ),
]

# Fictitious people: first name, last name, birth year, phone (fictional ranges), INSEE, gender, coverage.
HVA_PEOPLE = [
    ("Marcelle", "Audouy", 1944, "04 65 71 20 01", "11304", "female", "puma"),
    ("Didier", "Bonnafous", 1962, "06 39 98 20 02", "11129", "male", "puma"),
    ("Sonia", "Mercadier", 1983, "06 39 98 20 03", "11103", "female", "none"),
    ("Julien", "Pech", 1991, "", "11021", "male", "puma"),
    ("Fatima", "Zerrouki", 1975, "06 39 98 20 05", "11304", "female", "puma"),
    ("René", "Castagné", 1939, "04 65 71 20 06", "11028", "male", "puma"),
    ("Élodie", "Rouquette", 1999, "06 39 98 20 07", "11091", "female", "puma"),
    ("Kevin", "Sabadie", 2003, "06 39 98 20 08", "11129", "male", "none"),
    ("Ginette", "Fourcade", 1950, "04 65 71 20 09", "11303", "female", "puma"),
    ("Luc", "Delpech", 1968, "", "11240", "male", "puma"),
    ("Aurore", "Vidal", 1987, "06 39 98 20 11", "11063", "female", "puma"),
    ("Mehmet", "Yilmaz", 1979, "06 39 98 20 12", "11304", "male", "ame"),
    ("Chantal", "Bourrel", 1958, "04 65 71 20 13", "11008", "female", "puma"),
    ("Thierry", "Guiraud", 1971, "06 39 98 20 14", "11055", "male", "none"),
    ("Maya", "", 1995, "06 39 98 20 15", "11165", "female", "puma"),
    ("Jean-Pierre", "Raynaud", 1953, "", "11130", "male", "puma"),
    ("Nadia", "Belkacem", 1984, "06 39 98 20 17", "11129", "female", "puma"),
    ("Olivier", "Marty", 1966, "06 39 98 20 18", "11103", "male", "puma"),
    ("Yvonne", "Sire", 1936, "04 65 71 20 19", "11263", "female", "puma"),
    ("Bastien", "Cazals", 1998, "06 39 98 20 20", "11209", "male", "puma"),
    ("Léa", "Gleizes", 2001, "06 39 98 20 21", "11304", "female", "puma"),
    ("Antoine", "Rigal", 1974, "", "11091", "male", "none"),
    ("Paulette", "Cathary", 1947, "04 65 71 20 23", "11035", "female", "puma"),
    ("Rachid", "Amrani", 1969, "06 39 98 20 24", "11206", "male", "puma"),
    ("Sylvie", "Escaffre", 1961, "06 39 98 20 25", "11240", "female", "puma"),
    ("Marius", "Fabre", 1989, "06 39 98 20 26", "11021", "male", "puma"),
    ("Inès", "Da Silva", 1993, "06 39 98 20 27", "11129", "female", "ame"),
    ("Gaston", "Lagarde", 1942, "04 65 71 20 28", "11010", "male", "puma"),
    ("Camille", "Orliac", 1997, "06 39 98 20 29", "11304", "female", "puma"),
    ("Hervé", "Bosc", 1957, "", "11302", "male", "puma"),
]

BRON_PEOPLE = [
    ("Jérôme", "Lambert", 1983, "06 39 98 30 01", "69029", "male", "puma"),
    ("Aminata", "Koné", 1990, "06 39 98 30 02", "69029", "female", "ame"),
    ("Mohamed", "Saïdi", 1958, "06 39 98 30 03", "69029", "male", "puma"),
    ("Elena", "Ionescu", 1978, "06 39 98 30 04", "69259", "female", "none"),
    ("Patrick", "Girard", 1964, "04 65 71 30 05", "69029", "male", "puma"),
    ("Khadija", "Ouali", 1972, "06 39 98 30 06", "69029", "female", "puma"),
    ("Ousmane", "Ba", 1995, "06 39 98 30 07", "69290", "male", "ame"),
    ("Monique", "Perret", 1949, "04 65 71 30 08", "69029", "female", "puma"),
    ("Tarek", "Haddadi", 1987, "06 39 98 30 09", "69029", "male", "puma"),
    ("Lina", "Petrova", 1999, "06 39 98 30 10", "69275", "female", "none"),
    ("Bernadette", "Roche", 1955, "04 65 71 30 11", "69029", "female", "puma"),
    ("Samir", "Benhamou", 1976, "06 39 98 30 12", "69029", "male", "puma"),
    ("Grace", "Mensah", 1992, "06 39 98 30 13", "69259", "female", "puma"),
    ("Alain", "Chevalier", 1961, "", "69029", "male", "puma"),
    ("Zohra", "Mekki", 1969, "06 39 98 30 15", "69029", "female", "puma"),
    ("Dragan", "Petrović", 1981, "06 39 98 30 16", "69266", "male", "none"),
    ("Nathalie", "Blanc", 1974, "06 39 98 30 17", "69029", "female", "puma"),
    ("Youssef", "El Idrissi", 2000, "06 39 98 30 18", "69029", "male", "puma"),
]

GOALS = [
    ("Retrouver un médecin traitant", ["Appeler la maison de santé", "Déclarer le médecin traitant"]),
    ("Ouvrir mes droits à la C2S", ["Réunir les justificatifs de ressources", "Déposer le dossier"]),
    ("Refaire ma carte Vitale", ["Faire une photo d'identité", "Envoyer le formulaire"]),
    ("Faire les examens demandés par le médecin", ["Prendre rendez-vous pour la prise de sang"]),
    ("Soigner mes dents", ["Trouver un dentiste qui accepte la C2S"]),
    ("Reprendre mon suivi cardiologique", ["Retrouver le compte rendu de l'hôpital", "Prendre rendez-vous"]),
]
PRESCRIPTIONS = [
    (PrescriptionKind.EXAMINATION, "Prise de sang (bilan complet)"),
    (PrescriptionKind.EXAMINATION, "Électrocardiogramme"),
    (PrescriptionKind.EXAMINATION, "Échographie abdominale"),
    (PrescriptionKind.EXAMINATION, "Radiographie du thorax"),
    (PrescriptionKind.CONSULTATION, "Cardiologue"),
    (PrescriptionKind.CONSULTATION, "Ophtalmologiste"),
    (PrescriptionKind.CONSULTATION, "Chirurgien-dentiste"),
]
COLLECTIVE_ACTIONS = {
    "mdm-haute-vallee-aude": [
        (
            Topic.ORAL_HEALTH,
            "Atelier santé bucco-dentaire aux Restos du cœur",
            "Restos du cœur d'Espéraza",
            "11129",
        ),
        (
            Topic.PSYCHOACTIVE,
            "Stand de réduction des risques à la fête de Quillan",
            "CSAPA de l'Aude",
            "11304",
        ),
        (
            Topic.VACCINATION,
            "Information vaccination à la salle des fêtes",
            "Centre de vaccination de Limoux",
            "11103",
        ),
        (Topic.SEXUAL_HEALTH, "Dépistage hors les murs avec le CeGIDD", "CeGIDD de l'Aude", "11304"),
        (Topic.NUTRITION, "Cuisine et santé à petit budget", "CCAS de Quillan", "11304"),
        (
            Topic.CANCER_SCREENING,
            "Octobre rose : dépistage du cancer du sein",
            "Ligue contre le cancer",
            "11021",
        ),
        (Topic.MENTAL_HEALTH, "Groupe de parole « Isolés à la campagne »", "CMP de Limoux", "11091"),
    ],
    "centre-sante-bron": [
        (Topic.CHRONIC_DISEASE, "Atelier diabète au centre de santé", "Patients partenaires", "69029"),
        (Topic.SEXUAL_HEALTH, "Information contraception", "Planning familial du Rhône", "69029"),
        (Topic.ORAL_HEALTH, "Dépistage bucco-dentaire des enfants", "UFSBD du Rhône", "69029"),
        (
            Topic.CANCER_SCREENING,
            "Mars bleu : dépistage du cancer colorectal",
            "CRCDC Auvergne-Rhône-Alpes",
            "69029",
        ),
    ],
}


class _Programme:
    """The demo year of one organisation, played in date order."""

    def __init__(self, *, organisation, mediators, testers, companions, targets, today, rng):
        self.organisation, self.mediators, self.testers = organisation, mediators, testers
        self.companions, self.targets, self.today, self.rng = companions, targets, today, rng
        self.services = {}
        from lien.directory.models import Service

        for target in targets:
            if target.key:
                self.services[target.key] = (
                    Service.objects.filter(organisation=organisation, structure__source_id=target.key)
                    .order_by("pk")
                    .first()
                )

    def at(self, day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, self.rng.choice([0, 15, 30, 45]))))

    def person(self, row, start: date) -> Person:
        first_name, last_name, birth_year, phone, insee, gender, coverage = row
        return person_create(
            acting_user=self.mediators[0],
            organisation=self.organisation,
            consent=ConsentInput(given_on=start, form=self.rng.choice(list(ConsentForm.values))),
            first_name=first_name,
            last_name=last_name,
            birth_year=birth_year,
            phone=phone,
            commune=Commune.objects.filter(insee_code=insee).first(),
            gender=Gender(gender),
            coverage=Coverage(coverage),
        )

    def follow(self, person: Person, start: date) -> None:
        """A year of one person: contacts, goals, orientations, appointments, prevention."""
        rng, today = self.rng, self.today
        mediator = rng.choice(self.mediators)
        contact_record(
            acting_user=mediator,
            person=person,
            on=start,
            channel=ContactChannel.OFFICE,
            note="Premier entretien.",
        )
        followup_schedule(acting_user=mediator, person=person, next_contact_on=None, referent=mediator)
        title, actions = rng.choice(GOALS)
        goal = goal_create(acting_user=mediator, person=person, title=title, agreed_on=start, actions=actions)
        if rng.random() < 0.4:
            for kind, label in rng.sample(PRESCRIPTIONS, rng.randint(2, 4)):
                prescription = prescription_add(
                    acting_user=mediator, person=person, kind=kind, label=label, prescriber="Médecin traitant"
                )
                done_on = start + timedelta(days=rng.randint(5, 60))
                if done_on <= today and rng.random() < 0.6:
                    prescription_mark(acting_user=mediator, prescription=prescription, done_on=done_on)
        if rng.random() < 0.5:
            topics = rng.sample(
                [Topic.SEXUAL_HEALTH, Topic.PSYCHOACTIVE, Topic.VACCINATION, Topic.NUTRITION], 2
            )
            advice_record(acting_user=mediator, person=person, topics=topics, given_on=start)
        day = start
        # Some people drift away: their follow-up goes silent (the rupture alert finds them).
        active_until = start + timedelta(days=rng.choice([40, 90, 400, 400, 400]))
        for target in rng.sample(self.targets, rng.randint(1, 3)):
            day += timedelta(days=rng.randint(5, 40))
            if day > min(today, active_until):
                break
            self.orient(person, target, day, mediator)
        while True:
            day += timedelta(days=rng.randint(18, 45))
            if day > min(today, active_until):
                break
            contact_record(
                acting_user=mediator,
                person=person,
                on=day,
                channel=rng.choice([ContactChannel.PHONE, ContactChannel.PHONE, ContactChannel.OFFICE]),
                reached=rng.random() < 0.85,
            )
        for action in goal.actions.all():
            done_on = start + timedelta(days=rng.randint(7, 90))
            if done_on <= min(today, active_until) and rng.random() < 0.7:
                goal_action_mark(acting_user=mediator, action=action, done_on=done_on)
        if all(action.done_on for action in goal.actions.all()) and goal.actions.exists():
            goal_achieve(acting_user=mediator, goal=goal, on=min(today, active_until))
        followup = Followup.objects.get(person=person)
        if active_until < today and rng.random() < 0.3:
            followup_end(
                acting_user=mediator,
                followup=followup,
                ended_on=active_until,
                reason=rng.choice([EndReason.AUTONOMOUS, EndReason.MOVED]),
            )
        elif active_until >= today:
            next_on = today + timedelta(days=rng.randint(-6, 30))
            followup_schedule(acting_user=mediator, person=person, next_contact_on=next_on)
            if rng.random() < 0.35:
                self.upcoming(person, mediator)

    def orient(self, person: Person, target: Target, day: date, mediator: User) -> None:
        rng, today = self.rng, self.today
        booked = rng.random() < 0.6
        orientation = orientation_create(
            acting_user=mediator,
            person=person,
            oriented_on=day,
            structure_kind=target.kind,
            structure_name=target.name,
            reason=target.reason,
            appointment_booked=booked,
            needs_prepared=rng.random() < 0.5,
            documents_prepared=target.kind == "health_insurance",
            directory_service=self.services.get(target.key),
        )
        visit = day + timedelta(days=rng.randint(3, 25))
        if visit > today:
            return
        roll = rng.random()
        if booked:
            needs_company = target.km >= 40 and rng.random() < 0.5
            appointment = appointment_book(
                acting_user=mediator,
                person=person,
                starts_at=self.at(visit, rng.choice([9, 10, 11, 14, 15, 16])),
                professional=target.professional,
                place=target.place,
                address=target.address,
                booked_by=rng.choice([BookedBy.WITH_PERSON, BookedBy.FOR_PERSON]),
                mediator=mediator,
                accompaniment_needed=needs_company,
                orientation=orientation,
                to_bring="Carte Vitale ou attestation de droits, ordonnance",
            )
            attended = roll < 0.75
            if attended:
                appointment_record_attended(acting_user=mediator, appointment=appointment)
            elif roll < 0.9:
                appointment_record_missed(acting_user=mediator, appointment=appointment)
            else:
                appointment_cancel(acting_user=mediator, appointment=appointment)
            if attended and needs_company:
                accompaniment_record(
                    acting_user=mediator,
                    person=person,
                    on=visit,
                    destination=target.place,
                    accompanied_by=rng.choice(self.companions),
                    vehicle=Vehicle.TEAM_VEHICLE if target.km >= 20 else Vehicle.ON_FOOT,
                    distance_km=target.km,
                    duration_minutes=rng.randint(6, 20) * 15,
                    appointment=appointment,
                )
            went = attended
        else:
            went = roll < 0.6
        if went:
            orientation_record_went(acting_user=mediator, orientation=orientation, on=visit)
        elif roll < 0.97:
            refused = target.kind in {"dental", "specialist"} and rng.random() < 0.5
            difficulty = (
                rng.choice([Difficulty.CARE_REFUSAL, Difficulty.NO_APPOINTMENT])
                if refused
                else rng.choice(
                    [Difficulty.DISTANCE, Difficulty.COST, Difficulty.PERSON_CHOICE, Difficulty.HEALTH]
                )
            )
            record = orientation_record_refused if refused else orientation_record_did_not_go
            record(acting_user=mediator, orientation=orientation, on=visit, difficulty=difficulty)

    def upcoming(self, person: Person, mediator: User) -> None:
        target = self.rng.choice(self.targets)
        day = self.today + timedelta(days=self.rng.randint(1, 13))
        appointment_book(
            acting_user=mediator,
            person=person,
            starts_at=self.at(day, self.rng.choice([9, 10, 14, 15])),
            professional=target.professional,
            place=target.place,
            address=target.address,
            booked_by=BookedBy.FOR_PERSON,
            mediator=mediator,
            accompaniment_needed=target.km >= 40,
            reminder=ReminderChoice.SMS if person.phone else ReminderChoice.NONE,
            to_bring="Carte Vitale, ordonnance",
        )

    def prevention(self, people: list[Person], year_ago: date) -> None:
        """Rapid tests at the permanences (most anonymous), a few reactive followed to care."""
        rng, today = self.rng, self.today
        for _ in range(len(people) * 2):
            day = year_ago + timedelta(days=rng.randint(0, (today - year_ago).days))
            person = rng.choice(people) if rng.random() < 0.25 else None
            rapid_test_record(
                acting_user=rng.choice(self.testers),
                person=person,
                organisation=None if person else self.organisation,
                kind=rng.choice([TestKind.HIV, TestKind.HCV, TestKind.HCV]),
                result=TestResult.INVALID if rng.random() < 0.03 else TestResult.NON_REACTIVE,
                performed_on=day,
            )
            if rng.random() < 0.3:
                advice_record(
                    acting_user=rng.choice(self.testers),
                    organisation=self.organisation,
                    topics=[Topic.SEXUAL_HEALTH, Topic.PSYCHOACTIVE],
                    given_on=day,
                )
        # Each reactive result is oriented to care, then followed as far as it went.
        steps: list[list[Callable[..., RapidTest]]] = [
            [rapid_test_record_seen, rapid_test_record_confirmed],
            [rapid_test_record_seen],
            [],
        ]
        for index, path in enumerate(steps):
            day = today - timedelta(days=200 - 70 * index)
            tester = self.testers[index % len(self.testers)]
            test = rapid_test_record(
                acting_user=tester,
                person=people[index],
                kind=TestKind.HCV if index < 2 else TestKind.HIV,
                result=TestResult.REACTIVE,
                performed_on=day,
            )
            rapid_test_orient(
                acting_user=tester,
                test=test,
                structure=LinkageStructure.CEGIDD if index != 1 else LinkageStructure.PASS,
                on=day + timedelta(days=7),
            )
            for offset, step in enumerate(path, start=1):
                step(acting_user=tester, test=test, on=day + timedelta(days=7 + 14 * offset))

    def collective_actions(self, year_ago: date) -> None:
        for index, (theme, title, partners, insee) in enumerate(
            COLLECTIVE_ACTIONS.get(self.organisation.slug, [])
        ):
            collective_action_record(
                acting_user=self.mediators[0],
                organisation=self.organisation,
                held_on=year_ago + timedelta(days=20 + index * 45),
                theme=theme,
                title=title,
                attendance=self.rng.randint(6, 35),
                partners=partners,
                commune=Commune.objects.filter(insee_code=insee).first(),
            )


def _load(*, organisation, rows, today, rng, **team) -> None:
    programme = _Programme(organisation=organisation, today=today, rng=rng, **team)
    year_ago = today - timedelta(days=365)
    people = []
    for row in rows:
        start = year_ago + timedelta(days=rng.randint(0, 340))
        person = programme.person(row, start)
        programme.follow(person, start)
        people.append(person)
    programme.prevention(people, year_ago)
    programme.collective_actions(year_ago)


def demo_programmes_load(
    *, organisations: dict[str, Organisation], users: dict[str, User], today: date
) -> None:
    """A year of the Haute Vallée de l'Aude programme and of the Bron health centre."""
    rng = random.Random(2026)  # noqa: S311 — demo data, not security
    hva = organisations["mdm-haute-vallee-aude"]
    bron = organisations["centre-sante-bron"]
    amina = users["amina.ould@mdm-hva.example"]
    karim, lucie = users["karim.haddad@cds-bron.example"], users["lucie.morel@cds-bron.example"]
    volunteers = [users["pierre.sabatier@mdm-hva.example"], users["jeanne.roux@mdm-hva.example"]]
    if not Followup.objects.filter(organisation=hva).exists():
        followup_settings_save(
            acting_user=amina,
            organisation=hva,
            rupture_days=45,
            reminder_days_before=2,
            contact_phone="04 65 71 00 12",
        )
        _load(
            organisation=hva,
            rows=HVA_PEOPLE,
            today=today,
            rng=rng,
            mediators=[amina],
            testers=[volunteers[0], amina],
            companions=[amina, volunteers[1]],
            targets=HVA_TARGETS,
        )
    if not Followup.objects.filter(organisation=bron).exists():
        followup_settings_save(
            acting_user=karim,
            organisation=bron,
            rupture_days=60,
            reminder_days_before=1,
            contact_phone="04 65 71 00 34",
        )
        _load(
            organisation=bron,
            rows=BRON_PEOPLE,
            today=today,
            rng=rng,
            mediators=[karim, lucie],
            testers=[lucie],
            companions=[karim, lucie],
            targets=BRON_TARGETS,
        )
