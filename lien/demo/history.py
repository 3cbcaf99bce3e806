"""The demo CPAM's history: every year since 2019, closed saisines shaped on the activity report
of the CPAM du Hainaut (seed 004, DOMAIN.md §2.9).

2019–2022 carry the published figures exactly as the annual report counts them (saisines
received: 249, 296, 867, 558; the months, authors, perimeters and médecin-traitant searches of
2022; mean processing delays of 17, 17.5, 40 and 39 days over the saisines closed in each year);
the years since carry plausible volumes, up to a few weeks before today (the recent open cases
are created by hand, ``lien/demo/saisines.py``).

The rows go through the CSV importer (``lien/saisines/importer.py``: rows as tuples, one
statement for all), not through the per-saisine services: a history needs no event log beyond
the importer's "imported". Deterministic (one seed per year, so a year's rows do not depend on
today) and idempotent (stable references, updated in place on a new run).
"""

import calendar
import csv
import io
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from lien.accounts.models import Organisation
from lien.saisines.importer import import_saisines
from lien.saisines.models import Saisine

# Hainaut 2022, January first: the season of the requests.
MONTH_WEIGHTS = [80, 52, 40, 29, 46, 46, 46, 45, 51, 40, 25, 58]
# Valenciennes, Maubeuge, Denain, Anzin, Saint-Amand-les-Eaux, Condé-sur-l'Escaut,
# Bruay-sur-l'Escaut, Aulnoye-Aymeries, Hautmont, Jeumont, Fourmies, Douchy-les-Mines, Escaudain:
# communes of the Hainaut (Nord, 59), in the referential of lien.communes.
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

GP_SEARCH = ("care_access_complaint", "gp_search")
# The first-intention matters of LR-DC-1/2019 other than the search for a médecin traitant
# (refusal of care, specialist delay, no income for two months, transport without prior
# agreement, care abroad, retroactive C2S, Vitale photo).
FIRST_INTENTION_PROCESSES = [
    ("care_access_complaint", "specialist_delay", 6),
    ("care_access_complaint", "care_refusal", 4),
    ("cash_benefits", "sickness", 9),
    ("cash_benefits", "invalidity", 3),
    ("cash_benefits", "work_accident", 2),
    ("cash_benefits", "maternity", 1),
    ("benefits_in_kind", "transport", 5),
    ("benefits_in_kind", "care_abroad", 2),
    ("beneficiary_management", "css", 2),
    ("beneficiary_management", "vitale_card", 1),
]
# After a claim, or sent by the direction, the national mediation or the Défenseur des droits:
# any other matter.
OTHER_PROCESSES = [entry for entry in PROCESSES if entry[0] != "care_access_complaint"]
SPECIAL_ORIGINS = {"fund_direction": 5, "rights_defender": 4, "national_mediation": 3}
COMMON_ORIGINS = {code: weight for code, weight in ORIGINS.items() if code not in SPECIAL_ORIGINS}
# A doctor found, a patient taken on by a practice after the mediator's call, the MAS.
GP_OUTCOMES = {"amicable_agreement": 5, "referred_mas": 3, "resolved_by_explanation": 1, "abandoned": 1}
# Days from receipt to the acknowledgement: most within the 7 days of §2.3.
ACK_DAYS = {1: 14, 2: 20, 3: 18, 4: 14, 5: 10, 6: 6, 7: 5, 8: 4, 9: 3, 12: 3, 15: 3}
DELAY_SIGMA = 0.6  # spread of the lognormal processing delays
REITERATION_SHARE = 0.08  # one saisine in twelve comes back from a requester already known
FIRST_YEAR = 2019
OPEN_WEEKS = timedelta(days=45)  # the last weeks are the open cases created by hand


@dataclass(frozen=True)
class YearShape:
    total: int  # saisines received in the year (the whole year, even the current one)
    mean_delay: float  # mean processing delay of the saisines closed in the year
    gp_searches: int
    first_intention: float  # share of the saisines received
    special: float = 0.0
    health_professionals: int = 1
    employers: int = 1
    by_month: tuple[int, ...] = field(default=())  # exact counts, January first; () for the season


# The Hainaut's published years (DOMAIN.md §2.3 and §2.9): 35 % + 65 % in 2022 leave no special.
PUBLISHED = {
    2019: YearShape(249, 17.0, gp_searches=42, first_intention=0.31, special=0.03),
    2020: YearShape(296, 17.5, gp_searches=61, first_intention=0.33, special=0.03, employers=0),
    2021: YearShape(867, 40.0, gp_searches=254, first_intention=0.38, special=0.02, health_professionals=3),
    2022: YearShape(558, 39.0, gp_searches=138, first_intention=0.35, by_month=tuple(MONTH_WEIGHTS)),
}
# Since then: volumes of 500–650 a year, delays back towards the 21-day objective.
RECENT = {2023: (604, 33.0), 2024: (571, 27.0), 2025: (622, 23.5)}


def year_shape(year: int) -> YearShape:
    if year in PUBLISHED:
        return PUBLISHED[year]
    if year in RECENT:
        total, mean_delay = RECENT[year]
    else:
        total, mean_delay = 560 + random.Random(f"demo-volume-{year}").randrange(80), 21.0  # noqa: S311
    return YearShape(
        total,
        mean_delay,
        gp_searches=round(total * 0.23),
        first_intention=0.36,
        special=0.02,
        health_professionals=2,
        employers=1,
    )


@dataclass
class _Row:
    reference: str
    received: date
    channel: str
    author_type: str
    origin: str
    commune: str
    perimeter: str
    process: str
    subprocess: str
    ack_days: int
    delay: int
    outcome: str
    mode: str
    requester_key: str

    @property
    def closed(self) -> date:
        return self.received + timedelta(days=self.delay)

    def as_csv(self) -> dict[str, str]:
        acknowledged = self.received + timedelta(days=self.ack_days)
        return {
            "reference": self.reference,
            "received_on": self.received.isoformat(),
            "channel": self.channel,
            "author_type": self.author_type,
            "origin": self.origin,
            "commune_insee": self.commune,
            "perimeter": self.perimeter,
            "process": self.process,
            "subprocess": self.subprocess,
            # A case closed within the week had its closure letter as the first answer.
            "acknowledged_on": acknowledged.isoformat() if self.ack_days < self.delay else "",
            "closed_on": self.closed.isoformat(),
            "resolution_mode": self.mode,
            "outcome": self.outcome,
            "requester_key": self.requester_key,
        }


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _spread(total: int, weights: list[float]) -> list[int]:
    """``total`` shared in proportion to ``weights``, exactly (largest remainders)."""
    shares = [total * weight / sum(weights) for weight in weights]
    counts = [math.floor(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _month_counts(shape: YearShape, rng: random.Random) -> list[int]:
    if shape.by_month:
        return list(shape.by_month)
    return _spread(shape.total, [weight * rng.uniform(0.8, 1.2) for weight in MONTH_WEIGHTS])


def _receipt_dates(year: int, shape: YearShape, rng: random.Random) -> list[date]:
    """Working days of each month, as many as the month's count."""
    dates = []
    for month, count in enumerate(_month_counts(shape, rng), start=1):
        days = calendar.monthrange(year, month)[1]
        working = [date(year, month, d) for d in range(1, days + 1) if date(year, month, d).weekday() < 5]
        dates += rng.choices(working, k=count)
    return sorted(dates)


def _subjects(shape: YearShape, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(perimeter, origin, process, subprocess) of each saisine of the year, in a random order."""
    first_intention = round(shape.total * shape.first_intention)
    special = round(shape.total * shape.special)
    subjects = [("first_intention", _pick(rng, COMMON_ORIGINS), *GP_SEARCH) for _ in range(shape.gp_searches)]
    for _ in range(first_intention - shape.gp_searches):
        process, subprocess, _weight = rng.choices(
            FIRST_INTENTION_PROCESSES, weights=[p[2] for p in FIRST_INTENTION_PROCESSES]
        )[0]
        subjects.append(("first_intention", _pick(rng, COMMON_ORIGINS), process, subprocess))
    for index in range(shape.total - first_intention):
        process, subprocess, _weight = rng.choices(OTHER_PROCESSES, weights=[p[2] for p in OTHER_PROCESSES])[
            0
        ]
        if index < special:
            subjects.append(("special", _pick(rng, SPECIAL_ORIGINS), process, subprocess))
        else:
            subjects.append(("after_claim", _pick(rng, COMMON_ORIGINS), process, subprocess))
    rng.shuffle(subjects)
    return subjects


def _authors(shape: YearShape, rng: random.Random) -> list[str]:
    insured = shape.total - shape.health_professionals - shape.employers
    authors = (
        ["insured"] * insured
        + ["health_professional"] * shape.health_professionals
        + ["employer"] * shape.employers
    )
    rng.shuffle(authors)
    return authors


def _delay(mean: float, rng: random.Random) -> int:
    mu = math.log(mean) - DELAY_SIGMA**2 / 2  # a lognormal of this mean
    return max(1, round(rng.lognormvariate(mu, DELAY_SIGMA)))


def _year_rows(year: int, earlier_keys: list[str]) -> list[_Row]:
    rng = random.Random(f"demo-hainaut-{year}")  # noqa: S311 — demo data, not secrets
    shape = year_shape(year)
    rows: list[_Row] = []
    for index, (received, (perimeter, origin, process, subprocess), author) in enumerate(
        zip(_receipt_dates(year, shape, rng), _subjects(shape, rng), _authors(shape, rng), strict=True),
        start=1,
    ):
        channel = "internal_transfer" if origin == "fund_service" else _pick(rng, CHANNELS)
        if (process, subprocess) == GP_SEARCH:
            outcome, mode = _pick(rng, GP_OUTCOMES), "support_solution"
        else:
            outcome = _pick(rng, OUTCOMES)
            mode = MODE_FOR_OUTCOME.get(outcome, "support_solution")
        key = f"demo-{year}-{index:04d}"
        if rng.random() < REITERATION_SHARE:  # a requester known from this year or an earlier one
            same_year = [row.requester_key for row in rows if row.received < received]
            if same_year and (not earlier_keys or rng.random() < 0.6):
                key = rng.choice(same_year)
            elif earlier_keys:
                key = rng.choice(earlier_keys)
        rows.append(
            _Row(
                reference=f"H{year}-{index:05d}",
                received=received,
                channel=channel,
                author_type=author,
                origin=origin,
                commune=_pick(rng, COMMUNES) if rng.random() < 0.95 else "",
                perimeter=perimeter,
                process=process,
                subprocess=subprocess,
                ack_days=rng.choices(list(ACK_DAYS), weights=list(ACK_DAYS.values()))[0],
                delay=_delay(shape.mean_delay, rng),
                outcome=outcome,
                mode=mode,
                requester_key=key,
            )
        )
    return rows


def _calibrate(year: int, rows: list[_Row], last_closure: date) -> None:
    """Move closures of the year's own saisines by a day at a time until the saisines closed in the
    year (received this year or before) have the year's mean delay, none leaving the year."""
    closed = [row for row in rows if row.closed.year == year]
    if not closed:
        return
    movable = [row for row in closed if row.received.year == year]
    random.Random(f"demo-calibrate-{year}").shuffle(movable)  # noqa: S311
    missing = round(year_shape(year).mean_delay * len(closed)) - sum(row.delay for row in closed)
    step = 1 if missing > 0 else -1
    while missing:
        moved = False
        for row in movable:
            closure = row.closed + timedelta(days=step)
            if closure.year == year and closure <= last_closure and row.delay + step >= 1:
                row.delay += step
                missing -= step
                moved = True
                if not missing:
                    break
        if not moved:
            return  # as near as the year allows


def history_rows(today: date) -> list[dict[str, str]]:
    """The CSV rows of the history, from 2019 to a few weeks before ``today``."""
    cutoff, last_closure = today - OPEN_WEEKS, today - timedelta(days=1)
    rows: list[_Row] = []
    for year in range(FIRST_YEAR, today.year + 1):
        year_rows = [
            row for row in _year_rows(year, [row.requester_key for row in rows]) if row.received <= cutoff
        ]
        for row in year_rows:  # no closure in the future
            row.delay = min(row.delay, (last_closure - row.received).days)
        rows += year_rows
        # Closures in the year: of this year's saisines and of the previous year's.
        _calibrate(year, rows, last_closure)
    return [row.as_csv() for row in rows]


def _as_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def demo_history_load(*, organisation: Organisation, today: date) -> int:
    """Import (or update) the history of the demo fund; returns the number of its saisines."""
    rows = history_rows(today)
    result = import_saisines(organisation=organisation, data=_as_csv(rows)) if rows else None
    if result and result.errors:  # the generator writes valid rows; anything else is a bug to see at once
        raise ValueError("\n".join(result.errors[:5]))
    # A history written by an earlier version of this builder (other references): gone, so that
    # no year is counted twice. Only rows of the history: the cases worked in Lien have a requester.
    Saisine.objects.filter(
        organisation=organisation, requester__isnull=True, reference__regex=r"^H\d{4}-\d{5}$"
    ).exclude(reference__in=[row["reference"] for row in rows]).delete()
    return len(rows)
