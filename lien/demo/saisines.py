"""Three years of saisines for the demo CPAM, with distributions modelled on the activity
report of the CPAM du Hainaut (seed 004): seasonality, 35 % first intention, a quarter of
médecin-traitant searches, most requests from insured people, delays around 20–40 days.

Deterministic (a fixed seed) and idempotent: the history goes through the CSV importer with
stable references, and the few recent open cases are created once.
"""

import csv
import io
import random
from datetime import date, timedelta

from lien.accounts.models import Organisation, User
from lien.people.models import Person
from lien.saisines.enums import Status
from lien.saisines.importer import import_saisines
from lien.saisines.models import Saisine
from lien.saisines.services import (
    exchange_request,
    saisine_declare_receivable,
    saisine_examine,
    saisine_propose_equity,
    saisine_receive,
)

# Hainaut 2022, January first: the season of the requests.
MONTH_WEIGHTS = [80, 52, 40, 29, 46, 46, 46, 45, 51, 40, 25, 58]
YEARLY_TOTALS = {0: 540, 1: 580}  # years before the current one, most recent last
COMMUNES = {
    "59606": 43,
    "59392": 29,
    "59172": 21,
    "59014": 13,
    "59526": 16,
    "59153": 9,
    "59112": 12,
    "59033": 9,
    "59291": 14,
    "59324": 10,
    "59249": 11,
    "59179": 10,
    "59205": 9,
}
CHANNELS = {"email": 45, "letter": 25, "phone": 15, "front_desk": 10, "internal_transfer": 4, "other": 1}
ORIGINS = {
    "direct": 70,
    "fund_service": 15,
    "fund_direction": 5,
    "rights_defender": 4,
    "national_mediation": 3,
    "institutional_mediator": 2,
    "other_partner": 1,
}
# (process, subprocess, weight)
PROCESSES = [
    ("care_access_complaint", "gp_search", 25),
    ("care_access_complaint", "specialist_delay", 3),
    ("care_access_complaint", "care_refusal", 2),
    ("benefits_in_kind", "care", 8),
    ("benefits_in_kind", "transport", 5),
    ("benefits_in_kind", "ame", 2),
    ("benefits_in_kind", "care_abroad", 2),
    ("benefits_in_kind", "copayment_exemption", 4),
    ("benefits_in_kind", "other", 6),
    ("cash_benefits", "sickness", 12),
    ("cash_benefits", "invalidity", 5),
    ("cash_benefits", "maternity", 3),
    ("cash_benefits", "work_accident", 3),
    ("beneficiary_management", "css", 6),
    ("beneficiary_management", "vitale_card", 3),
    ("beneficiary_management", "registration", 3),
    ("occupational_risks", "", 2),
    ("international_agreements", "", 2),
    ("social_action", "", 2),
    ("other", "", 2),
]
OUTCOMES = {
    "resolved_by_explanation": 32,
    "payment_or_right_granted": 20,
    "decision_upheld": 14,
    "decision_revised": 10,
    "referred_mas": 6,
    "referred_other_fund_service": 5,
    "referred_social_service": 3,
    "amicable_agreement": 3,
    "referred_cra": 2,
    "abandoned": 2,
    "ass_granted": 1,
    "ass_refused": 1,
    "referred_other_scheme": 1,
}
MODE_FOR_OUTCOME = {
    "resolved_by_explanation": "explanation",
    "decision_upheld": "explanation",
    "payment_or_right_granted": "revision_request",
    "decision_revised": "revision_request",
    "amicable_agreement": "equity_proposal",
}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _history_rows(today: date, rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    requesters = 0
    for offset, total in YEARLY_TOTALS.items():
        year = today.year - 2 + offset
        rows.extend(_year_rows(year, total, rng, len(rows), requesters_start=requesters))
        requesters += total
    # The current year up to last month: the same season, a little busier.
    this_year = _year_rows(today.year, 610, rng, len(rows), requesters_start=requesters, until=today)
    rows.extend(this_year)
    return rows


def _year_rows(
    year: int, total: int, rng: random.Random, start: int, *, requesters_start: int, until: date | None = None
) -> list[dict[str, str]]:
    rows = []
    months = rng.choices(range(1, 13), weights=MONTH_WEIGHTS, k=total)
    for index, month in enumerate(sorted(months)):
        received = date(year, month, rng.randint(1, 28))
        if until and received > until - timedelta(days=45):
            continue  # the last weeks are the open cases created by hand
        process, subprocess, _ = rng.choices(PROCESSES, weights=[p[2] for p in PROCESSES])[0]
        first_intention = process == "care_access_complaint" or rng.random() < 0.12
        perimeter = (
            "first_intention" if first_intention else ("special" if rng.random() < 0.04 else "after_claim")
        )
        ack = received + timedelta(days=rng.choice([1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 12]))
        delay = max(2, int(rng.lognormvariate(3.0, 0.55)))
        closed = received + timedelta(days=delay)
        outcome = _pick(rng, OUTCOMES)
        # About one requester in ten comes back: reuse an earlier key.
        key_number = requesters_start + index
        if index > 20 and rng.random() < 0.1:
            key_number = requesters_start + rng.randrange(index)
        rows.append(
            {
                "reference": f"H{year}-{start + index + 1:05d}",
                "received_on": received.isoformat(),
                "channel": _pick(rng, CHANNELS),
                "author_type": rng.choices(
                    ["insured", "health_professional", "employer"], weights=[996, 2, 2]
                )[0],
                "origin": _pick(rng, ORIGINS),
                "commune_insee": _pick(rng, COMMUNES) if rng.random() < 0.95 else "",
                "perimeter": perimeter,
                "process": process,
                "subprocess": subprocess,
                "acknowledged_on": ack.isoformat() if ack < closed else "",
                "closed_on": closed.isoformat(),
                "resolution_mode": MODE_FOR_OUTCOME.get(outcome, "support_solution"),
                "outcome": outcome,
                "requester_key": f"demo-{key_number:05d}",
            }
        )
    return rows


def _as_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def demo_saisines_load(
    *, organisation: Organisation, mediator: User, people: list[Person], today: date
) -> int:
    """Load the history and a few open cases at every step of their life; returns the count."""
    rng = random.Random(f"{organisation.slug}-{today.year}")  # noqa: S311 — demo data, not secrets
    result = import_saisines(organisation=organisation, data=_as_csv(_history_rows(today, rng)))
    if result.errors:  # the generator writes valid rows; anything else is a bug to see at once
        raise ValueError("\n".join(result.errors[:5]))
    if not Saisine.objects.filter(organisation=organisation, requester__isnull=False).exists():
        _open_cases(organisation=organisation, mediator=mediator, people=people, today=today)
    return Saisine.objects.filter(organisation=organisation).count()


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
