"""The saisines of the demo CPAM: its history since 2019, shaped on the activity report of the
CPAM du Hainaut (seed 004, ``lien/demo/history.py``), and a few recent open cases at every step
of their life, worked through the services.

Deterministic (fixed seeds) and idempotent: the history goes through the CSV importer with
stable references, and the few recent open cases are created once.
"""

from datetime import date, timedelta

from lien.accounts.models import Organisation, User

# The distributions of the history, which the bench data (lien/demo/bench.py) reads here too.
from lien.demo.history import CHANNELS as CHANNELS
from lien.demo.history import MODE_FOR_OUTCOME as MODE_FOR_OUTCOME
from lien.demo.history import MONTH_WEIGHTS as MONTH_WEIGHTS
from lien.demo.history import ORIGINS as ORIGINS
from lien.demo.history import OUTCOMES as OUTCOMES
from lien.demo.history import PROCESSES as PROCESSES
from lien.demo.history import demo_history_load
from lien.people.models import Person
from lien.people.services import person_update
from lien.saisines.enums import Status
from lien.saisines.models import Saisine
from lien.saisines.services import (
    exchange_request,
    saisine_declare_receivable,
    saisine_examine,
    saisine_propose_equity,
    saisine_receive,
)


def demo_saisines_load(
    *, organisation: Organisation, mediator: User, people: list[Person], today: date
) -> int:
    """Load the history and a few open cases at every step of their life; returns the count."""
    demo_history_load(organisation=organisation, today=today)
    if not Saisine.objects.filter(organisation=organisation, requester__isnull=False).exists():
        _open_cases(organisation=organisation, mediator=mediator, people=people, today=today)
    return Saisine.objects.filter(organisation=organisation).count()


# The postal addresses of the demo requesters (their letters are posted), by last name; the
# commune is the one of their file. Mr Lecomte's street is not known: his letters warn of it.
REQUESTER_ADDRESSES = {
    "Lemaire": {"civility": "monsieur", "address_street": "14 rue de Famars", "postal_code": "59300"},
    "Dufour": {
        "civility": "madame",
        "address_building": "Résidence Villars bâtiment B",
        "address_street": "3 rue Jean Jaurès",
        "postal_code": "59220",
    },
    "Delcourt": {
        "civility": "monsieur",
        "address_recipient": "Chez Mme Nadine Delcourt",
        "address_street": "27 avenue de France",
        "postal_code": "59600",
    },
    "Mansouri": {
        "civility": "madame",
        "address_recipient": "Appartement 12 3e étage",
        "address_street": "41 rue Jean Jaurès",
        "postal_code": "59410",
    },
    "Lecomte": {"civility": "monsieur", "postal_code": "59230"},
}


def _open_cases(*, organisation: Organisation, mediator: User, people: list[Person], today: date) -> None:
    subjects = [
        (
            "care_access_complaint",
            "gp_search",
            "first_intention",
            "Sans médecin traitant depuis le départ en retraite du sien, refus de cinq cabinets.",
        ),
        (
            "cash_benefits",
            "sickness",
            "after_claim",
            "Indemnités journalières suspendues depuis trois mois malgré l'envoi des arrêts.",
        ),
        (
            "benefits_in_kind",
            "transport",
            "first_intention",
            "Refus de remboursement des transports vers l'hôpital faute d'entente préalable.",
        ),
        (
            "beneficiary_management",
            "css",
            "after_claim",
            "Complémentaire santé solidaire refusée, ressources mal calculées.",
        ),
        (
            "cash_benefits",
            "invalidity",
            "after_claim",
            "Pension d'invalidité non versée depuis la reprise à temps partiel.",
        ),
    ]
    steps = [Status.RECEIVED, Status.UNDER_REVIEW, Status.RECEIVABLE, Status.IN_INSTRUCTION, Status.PROPOSAL]
    for index, (person, (process, subprocess, perimeter, subject)) in enumerate(
        zip(people, subjects, strict=False)
    ):
        if person.last_name in REQUESTER_ADDRESSES:
            person_update(acting_user=mediator, person=person, **REQUESTER_ADDRESSES[person.last_name])
        saisine = saisine_receive(
            acting_user=mediator,
            organisation=organisation,
            received_on=today - timedelta(days=2 + 4 * index),
            channel=["email", "letter", "phone", "front_desk", "email"][index],
            author_type="insured",
            origin="direct",
            perimeter=perimeter,
            process=process,
            subprocess=subprocess,
            requester=person,
            subject=subject,
            prior_claim=perimeter != "first_intention",
        )
        step = steps[index]
        if step == Status.UNDER_REVIEW:
            saisine_examine(acting_user=mediator, saisine=saisine)
        if step in {Status.RECEIVABLE, Status.IN_INSTRUCTION, Status.PROPOSAL}:
            saisine_declare_receivable(acting_user=mediator, saisine=saisine)
        if step in {Status.IN_INSTRUCTION, Status.PROPOSAL}:
            exchange_request(
                acting_user=mediator,
                saisine=saisine,
                service="Service prestations en espèces",
                requested_on=today - timedelta(days=3),
                question="Pouvez-vous vérifier la réception des arrêts de travail ?",
            )
        if step == Status.PROPOSAL:
            saisine_propose_equity(
                acting_user=mediator,
                saisine=saisine,
                proposal="Remise gracieuse de l'indu de 640 € au vu de la situation de précarité.",
            )
