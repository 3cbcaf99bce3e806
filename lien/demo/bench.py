"""Synthetic data of a national installation, for `lien bench-data` and `make bench`.

A national organisation, 13 regions and N funds (slugs ``bench-…``), one institutional mediator
per fund and a national coordinator (with API tokens written to a JSON file so that the load
run can authenticate), requesters for a share of the saisines, saisines with the distributions
of the demo (the Hainaut's report) spread over the years, and their events and exchanges.

Rows are written month after month across all funds, as a real installation fills its tables
(which matters for the physical order of rows), through PostgreSQL's COPY or SQLite's
``executemany`` in batches, never one ``save()`` per row. Events and exchanges are derived from
the saisines by one INSERT … SELECT per slice, inside the database. Derived fields use the same
functions as ``Saisine.refresh_derived``.
"""

import calendar
import csv
import functools
import itertools
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import cast

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.models import Organisation, User
from lien.accounts.services import api_token_create, organisation_upsert, user_add
from lien.demo.saisines import CHANNELS, MODE_FOR_OUTCOME, MONTH_WEIGHTS, ORIGINS, OUTCOMES, PROCESSES
from lien.journal.services import synthetic_entries_deletable
from lien.lib.text import search_key
from lien.people.models import Person
from lien.saisines import deadlines
from lien.saisines.enums import (
    COURT_ACTION_OUTCOME,
    MATTER_PERIMETER,
    EquityDecision,
    Matter,
    Perimeter,
    Status,
)
from lien.saisines.importer import OPTIONAL, REQUIRED
from lien.saisines.models import Saisine

PREFIX = "bench-"
NATIONAL_SLUG = "bench-national"
EMAIL_DOMAIN = "bench.lien.example"
PASSWORD = "lien-bench-2026"  # noqa: S105 — synthetic accounts of a local benchmark
BATCH_SIZE = 10_000
YEARLY_GROWTH = 0.03  # a little more activity every year

REGIONS = [
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
]
DEPARTMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]
FIRST_NAMES = (
    "Marie Jean Nathalie Pierre Isabelle Michel Sylvie Philippe Catherine Alain Françoise Nicolas "
    "Sandrine Patrick Valérie Christophe Céline Stéphane Aurélie Laurent Émilie Julien Camille Thomas "
    "Léa Hugo Chloé Lucas Inès Mohamed Fatima Karim Nadia Yasmine Mamadou Aïcha Kevin Océane Noé Zoé"
).split()
LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre "
    "Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont "
    "Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel "
    "Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez "
    "Benali Haddad Nguyen Diallo Traoré Kaya Da Silva Ferreira Rossi Schmitt Le Gall Hoarau Payet"
).split()
SUBJECTS = [
    "Sans médecin traitant depuis le départ en retraite du sien, refus de cinq cabinets.",
    "Indemnités journalières suspendues depuis trois mois malgré l'envoi des arrêts.",
    "Refus de remboursement des transports vers l'hôpital faute d'entente préalable.",
    "Complémentaire santé solidaire refusée, ressources mal calculées.",
    "Pension d'invalidité non versée depuis la reprise à temps partiel.",
    "Carte Vitale jamais reçue après trois demandes.",
    "Indu réclamé sur des soins infirmiers à domicile.",
    "Rendez-vous chez l'ophtalmologiste à plus d'un an.",
    "Soins reçus en Espagne non remboursés.",
    "Fauteuil roulant refusé, devis de 2 400 euros.",
    "Rente accident du travail versée en retard.",
    "Congé maternité indemnisé sur une mauvaise base.",
    "Refus de soins d'un dentiste au motif de l'AME.",
    "Affiliation perdue après un changement de régime.",
    "Remboursement d'une hospitalisation en attente depuis six mois.",
]
COMMUNE_WEIGHTS = [int(200 / rank) for rank in range(1, 41)]  # 40 communes per fund, a few large
COMMUNE_CUM_WEIGHTS = list(itertools.accumulate(COMMUNE_WEIGHTS))
AUTHOR_TYPES = {"insured": 996, "health_professional": 2, "employer": 2}
SPECIAL_MATTER_FOR_ORIGIN = {
    "national_mediation": Matter.NATIONAL_MEDIATION,
    "fund_direction": Matter.FUND_DIRECTION,
    "rights_defender": Matter.RIGHTS_DEFENDER,
}
FIRST_INTENTION_MATTER_FOR_SUBPROCESS = {
    "gp_search": Matter.GP_OR_SPECIALIST_ACCESS,
    "specialist_delay": Matter.GP_OR_SPECIALIST_ACCESS,
    "care_refusal": Matter.CARE_REFUSAL_C2S_AME,
    "transport": Matter.TRANSPORT_NO_PRIOR_AGREEMENT,
    "care_abroad": Matter.CNSE_REFUSAL,
    "vitale_card": Matter.VITALE_PHOTO_EXEMPTION,
}
MATTERS_OF = {
    perimeter: [matter for matter, of in MATTER_PERIMETER.items() if of == perimeter]
    for perimeter in Perimeter
}
# The life of a saisine, as SaisineEvent rows: (kind, from_status, to_status).
EVENT_STEPS = [
    ("received", "", Status.RECEIVED),
    ("transition", Status.RECEIVED, Status.UNDER_REVIEW),
    ("perimeter", "", ""),
    ("transition", Status.UNDER_REVIEW, Status.RECEIVABLE),
    ("acknowledged", "", ""),
    ("transition", Status.RECEIVABLE, Status.IN_INSTRUCTION),
    ("exchange_requested", "", ""),
    ("exchange_answered", "", ""),
    ("document_added", "", ""),
    ("transition", Status.IN_INSTRUCTION, Status.CLOSED),
]
SERVICES = ["Service prestations en espèces", "Service relations clients", "Service médical"]

Progress = Callable[[str], None]


@dataclass
class BenchOptions:
    saisines: int = 1_000_000
    funds: int = 100
    years: int = 10
    events_per_saisine: int = 10
    requester_share: float = 0.1
    seed: int = 2026
    batch_size: int = BATCH_SIZE


@dataclass
class Fund:
    organisation: Organisation
    index: int
    department: str
    mediator: User
    total: int = 0
    person_ids: list[int] = field(default_factory=list)
    used_persons: list[int] = field(default_factory=list)
    used_keys: list[str] = field(default_factory=list)
    next_reference: dict[int, int] = field(default_factory=dict)
    communes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.communes = _communes(self.department)


def _communes(department: str) -> list[str]:
    """Made-up INSEE codes of a département (5 characters, as the import checks)."""
    return [f"{department}{n:03d}"[:5] for n in range(1, len(COMMUNE_WEIGHTS) + 1)]


# --- distributions ---------------------------------------------------------------------------


class Draws:
    """Weighted draws of the codes of a saisine, by batches (``random.choices`` with ``k``)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def many(self, weights: dict[str, int], k: int) -> list[str]:
        return self.rng.choices(list(weights), weights=list(weights.values()), k=k)

    def facts(self, received: list[date], today: date) -> list[dict]:
        """The facts of the import file for saisines received on these days (sorted)."""
        rng, k = self.rng, len(received)
        channels, origins = self.many(CHANNELS, k), self.many(ORIGINS, k)
        authors, outcomes = self.many(AUTHOR_TYPES, k), self.many(OUTCOMES, k)
        processes = rng.choices(PROCESSES, weights=[p[2] for p in PROCESSES], k=k)
        rows = []
        for day, channel, origin, author, outcome, (process, subprocess, _) in zip(
            received, channels, origins, authors, outcomes, processes, strict=True
        ):
            first_intention = process == "care_access_complaint" or rng.random() < 0.12
            if first_intention:
                perimeter = Perimeter.FIRST_INTENTION
            else:
                perimeter = (
                    Perimeter.SPECIAL if origin in SPECIAL_MATTER_FOR_ORIGIN else Perimeter.AFTER_CLAIM
                )
            acknowledged = day + timedelta(days=rng.choice([1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 12]))
            closed = day + timedelta(days=max(2, int(rng.lognormvariate(3.0, 0.55))))
            # A few files stay open long after their objective: the "late" queue.
            if day > today - timedelta(days=150) and rng.random() < 0.03:
                closed = today + timedelta(days=1)
            rows.append(
                {
                    "received_on": day,
                    "channel": channel,
                    "author_type": author,
                    "origin": origin,
                    "perimeter": perimeter,
                    "process": process,
                    "subprocess": subprocess,
                    "acknowledged_on": acknowledged
                    if acknowledged < closed and acknowledged <= today
                    else None,
                    "closed_on": closed if closed <= today else None,
                    "outcome": outcome if closed <= today else "",
                    "resolution_mode": MODE_FOR_OUTCOME.get(outcome, "support_solution")
                    if closed <= today
                    else "",
                }
            )
        return rows


def _month_weights(today: date, years: int) -> list[tuple[int, int, float]]:
    """(year, month, weight) of every month of the span, the current one pro rata."""
    months = []
    year, month = today.year - years, today.month
    for _ in range(years * 12):
        month += 1
        if month == 13:
            year, month = year + 1, 1
        weight = MONTH_WEIGHTS[month - 1] * (1 + YEARLY_GROWTH) ** (year - today.year)
        if (year, month) == (today.year, today.month):
            weight *= today.day / calendar.monthrange(year, month)[1]
        months.append((year, month, weight))
    return months


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), summing exactly."""
    scale = sum(weights)
    exact = [total * w / scale for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# --- writing rows ----------------------------------------------------------------------------


class TableWriter:
    """Buffered inserts of plain rows: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model: type[models.Model], batch_size: int):
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.table = model._meta.db_table
        self.names = [f.attname for f in fields]
        self.columns = [cast(str, f.column) for f in fields]  # concrete fields: a column each
        self.defaults = [f.get_default() for f in fields]
        self.batch_size = batch_size
        self.buffer: list[tuple] = []
        self.written = 0
        self.postgres = connection.vendor == "postgresql"
        self.convert: list[tuple[int, Callable]] = []
        for i, f in enumerate(fields):
            if isinstance(f, models.JSONField):
                self.defaults[i] = json.dumps(self.defaults[i])
            elif not self.postgres and isinstance(f, models.DateTimeField):
                self.convert.append((i, connection.ops.adapt_datetimefield_value))
            elif not self.postgres and isinstance(f, models.DateField):
                self.convert.append((i, connection.ops.adapt_datefield_value))

    def add(self, values: dict) -> None:
        row = [values.get(name, default) for name, default in zip(self.names, self.defaults, strict=True)]
        for i, convert in self.convert:
            row[i] = convert(row[i])
        self.buffer.append(tuple(row))
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in self.columns)
        if self.postgres:
            connection.ensure_connection()
            with connection.connection.cursor() as cursor:
                with cursor.copy(f"COPY {quote(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in self.buffer:
                        copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, self.buffer)
        self.written += len(self.buffer)
        self.buffer = []


class Meter:
    """Progress lines with rows per second."""

    def __init__(self, progress: Progress, what: str, total: int):
        self.progress, self.what, self.total = progress, what, total
        self.started = self.last = time.monotonic()

    def tick(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last >= 5:
            self.last = now
            rate = done / max(now - self.started, 1e-9)
            self.progress(f"  {self.what}: {done:,}/{self.total:,} ({rate:,.0f} rows/s)")

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started


# --- the tree and the accounts ---------------------------------------------------------------


def bench_tree_create(*, funds: int) -> tuple[Organisation, list[Fund]]:
    """National → 13 regions → funds, one mediator per fund and a national coordinator."""
    national, _ = organisation_upsert(
        slug=NATIONAL_SLUG, name="Bench — médiation nationale", kind=OrganisationKind.NATIONAL
    )
    regions = [
        organisation_upsert(
            slug=f"{PREFIX}region-{n:02d}",
            name=f"Bench — {name}",
            kind=OrganisationKind.REGIONAL,
            parent=national,
        )[0]
        for n, name in enumerate(REGIONS, start=1)
    ]
    result = []
    for index in range(1, funds + 1):
        department = DEPARTMENTS[(index - 1) % len(DEPARTMENTS)]
        organisation, _ = organisation_upsert(
            slug=f"{PREFIX}fund-{index:03d}",
            name=f"Bench — CPAM {index:03d} ({department})",
            kind=OrganisationKind.FUND,
            parent=regions[(index - 1) % len(regions)],
        )
        mediator, _ = user_add(
            email=f"mediateur.{index:03d}@{EMAIL_DOMAIN}",
            organisation=organisation,
            role=Role.INSTITUTIONAL_MEDIATOR,
            full_name=f"Médiateur·rice {index:03d}",
        )
        result.append(Fund(organisation=organisation, index=index, department=department, mediator=mediator))
    user_add(
        email=f"coordination@{EMAIL_DOMAIN}",
        organisation=national,
        role=Role.COORDINATOR,
        full_name="Coordination nationale (bench)",
    )
    # One Argon2 hash for every bench account, instead of one per account.
    User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").update(password=make_password(PASSWORD))
    return national, result


def bench_accounts_write(*, path: Path, national: Organisation, funds: list[Fund], today: date, rng) -> dict:
    """Fresh API tokens and samples of ids, names and references, for the load run."""
    coordinator = User.objects.get(email=f"coordination@{EMAIL_DOMAIN}")
    _, national_token = api_token_create(user=coordinator, name="bench")
    entries = []
    for fund in funds:
        _, token = api_token_create(user=fund.mediator, name="bench")
        ids = list(Saisine.objects.filter(organisation=fund.organisation).values_list("id", flat=True))
        sample = rng.sample(ids, min(200, len(ids)))
        found = Saisine.objects.filter(pk__in=sample[:20]).values_list("reference", flat=True)
        names = Person.objects.filter(organisation=fund.organisation).values_list("last_name", flat=True)[:50]
        entries.append(
            {
                "slug": fund.organisation.slug,
                "email": fund.mediator.email,
                "token": token,
                "saisines": len(ids),
                "saisine_ids": sample,
                "references": sorted(found),
                "names": sorted(set(names)),
            }
        )
    accounts = {
        "password": PASSWORD,
        "today": today.isoformat(),
        "national": {"slug": national.slug, "email": coordinator.email, "token": national_token},
        "funds": entries,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(accounts, indent=1))
    path.chmod(0o600)
    return accounts


# --- reset -----------------------------------------------------------------------------------


def _purge(model: type[models.Model], condition: str, params: list, depth: int = 0) -> None:
    """DELETE the rows of ``model`` matching ``condition`` and, first, every row that points to
    them, in SQL: the ORM would load a million saisines to cascade their deletion."""
    if depth > 6:
        raise RuntimeError(f"Relations too deep under {model._meta.label}.")
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(cast(str, model._meta.pk.column))
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation and not relation.concrete):
            continue
        if not isinstance(relation, models.ForeignObjectRel):  # what the test above leaves
            continue
        if relation.many_to_many or relation.related_model is model:
            continue  # through tables come as their own foreign keys; the tree is deleted at once
        column = quote(cast(str, relation.field.column))
        subquery = f"{column} IN (SELECT {pk} FROM {table} WHERE {condition})"  # noqa: S608
        _purge(relation.related_model, subquery, params, depth + 1)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {condition}", params)  # noqa: S608


def bench_reset(*, progress: Progress) -> None:
    """Delete the bench organisations and everything below them, their journal included:
    synthetic data only (every slug starts with ``bench-``)."""
    org_ids = list(Organisation.objects.filter(slug__startswith=PREFIX).values_list("id", flat=True))
    if not org_ids:
        return
    started = time.monotonic()
    placeholders = ", ".join(["%s"] * len(org_ids))
    with transaction.atomic(), synthetic_entries_deletable():
        _purge(Organisation, f"id IN ({placeholders})", org_ids)
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    progress(f"Reset: {len(org_ids)} bench organisations deleted in {time.monotonic() - started:.0f} s.")


# --- saisines --------------------------------------------------------------------------------


def _persons(funds: list[Fund], options: BenchOptions, rng: random.Random, progress: Progress) -> None:
    writer = TableWriter(Person, options.batch_size)
    meter = Meter(progress, "persons", sum(round(f.total * options.requester_share) for f in funds))
    now = datetime.now(UTC)
    for fund in funds:
        for n in range(round(fund.total * options.requester_share)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            phone = f"06{rng.randrange(10**8):08d}" if rng.random() < 0.6 else ""
            writer.add(
                {
                    "organisation_id": fund.organisation.pk,
                    "first_name": first,
                    "last_name": last,
                    "birth_year": rng.randint(1935, 2006),
                    "phone": phone,
                    "email": f"{search_key(first)}.{n}@exemple.fr".replace(" ", "")
                    if rng.random() < 0.3
                    else "",
                    "search_name": search_key(f"{first} {last}"),
                    "phone_digits": phone,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            meter.tick(writer.written)
    writer.flush()
    meter.tick(writer.written, force=True)
    for fund in funds:
        fund.person_ids = list(
            Person.objects.filter(organisation=fund.organisation).order_by("pk").values_list("pk", flat=True)
        )


def _status(facts: dict, today: date, rng: random.Random) -> dict:
    """Status, receivability and equity of a saisine, consistent with its dates."""
    closed_on = facts["closed_on"]
    extra: dict = {"receivable": True}
    if closed_on is None:
        age = (today - facts["received_on"]).days
        if age < 3:
            extra.update(status=Status.RECEIVED, receivable=None, acknowledged_on=None)
        elif age < 7:
            extra.update(status=Status.UNDER_REVIEW, receivable=None)
        elif age < 14 or not facts["acknowledged_on"]:
            extra["status"] = Status.RECEIVABLE
        elif rng.random() < 0.1:
            extra.update(status=Status.PROPOSAL, equity_decision=EquityDecision.PENDING)
            extra["equity_proposal"] = "Remise gracieuse de l'indu au vu de la situation de précarité."
        else:
            extra["status"] = Status.IN_INSTRUCTION
        return extra
    roll = rng.random()
    if roll < 0.005:
        extra.update(
            status=Status.ENDED_COURT_ACTION,
            court_action_pending=True,
            outcome=COURT_ACTION_OUTCOME,
            resolution_mode="",
        )
    elif roll < 0.085:
        extra.update(status=Status.CLOSED, receivable=False, outcome="referred_other_fund_service")
    else:
        extra["status"] = Status.CLOSED
    if facts["resolution_mode"] == "equity_proposal" and extra["status"] == Status.CLOSED:
        extra["equity_decision"] = EquityDecision.ACCEPTED if rng.random() < 0.8 else EquityDecision.REFUSED
        extra["equity_proposal"] = "Prise en charge exceptionnelle des frais engagés."
        extra["equity_motive"] = "Situation de précarité établie."
        extra["equity_decided_on"] = max(facts["received_on"], closed_on - timedelta(days=2))
    return extra


def _matter(facts: dict, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return ""
    if facts["perimeter"] == Perimeter.SPECIAL:
        return SPECIAL_MATTER_FOR_ORIGIN[facts["origin"]]
    if facts["perimeter"] == Perimeter.FIRST_INTENTION:
        matter = FIRST_INTENTION_MATTER_FOR_SUBPROCESS.get(facts["subprocess"])
        return matter or rng.choice(MATTERS_OF[Perimeter.FIRST_INTENTION])
    return rng.choices(MATTERS_OF[Perimeter.AFTER_CLAIM], weights=[5, 15, 80])[0]


def _requester(fund: Fund, options: BenchOptions, rng: random.Random) -> tuple[int | None, str]:
    """(person id, requester key); about one requester in ten comes back."""
    if fund.person_ids and rng.random() < options.requester_share:
        if fund.used_persons and rng.random() < 0.1:
            person_id = rng.choice(fund.used_persons)
        else:
            person_id = fund.person_ids[len(fund.used_persons) % len(fund.person_ids)]
            fund.used_persons.append(person_id)
        return person_id, f"person-{person_id}"
    if fund.used_keys and rng.random() < 0.1:
        return None, rng.choice(fund.used_keys)
    key = f"B{fund.index:03d}-{len(fund.used_keys) + 1:07d}"
    fund.used_keys.append(key)
    return None, key


@functools.cache
def _key(text: str) -> str:
    return search_key(text)


def _saisine(fund: Fund, facts: dict, options: BenchOptions, today: date, rng, names: dict) -> dict:
    received_on = facts["received_on"]
    number = fund.next_reference[received_on.year] = fund.next_reference.get(received_on.year, 0) + 1
    reference = f"{received_on.year}-{number:04d}"
    person_id, key = _requester(fund, options, rng)
    subject = rng.choice(SUBJECTS) if rng.random() < 0.4 else ""
    row = {
        **facts,
        "organisation_id": fund.organisation.pk,
        "reference": reference,
        "requester_id": person_id,
        "requester_key": key,
        "commune_insee": rng.choices(fund.communes, cum_weights=COMMUNE_CUM_WEIGHTS)[0]
        if rng.random() < 0.95
        else "",
        "subject": subject,
        "matter": _matter(facts, rng),
        "prior_claim": facts["perimeter"] != Perimeter.FIRST_INTENTION,
        "assigned_to_id": fund.mediator.pk,
    }
    row.update(_status(facts, today, rng))
    # As Saisine.refresh_derived (deadlines of the default MediationSettings).
    row["answer_due_on"] = deadlines.due_date(received_on, deadlines.ANSWER_DAYS)
    row["objective_due_on"] = deadlines.due_date(received_on, deadlines.OBJECTIVE_DAYS)
    row["first_answer_on"], answer_delay, processing_delay = deadlines.delays(
        received_on,
        row["acknowledged_on"],
        row["closed_on"],
        ended_by_court_action=row["status"] == Status.ENDED_COURT_ACTION,
    )
    if answer_delay is not None:
        row["answer_delay_days"] = answer_delay
    if processing_delay is not None:
        row["processing_delay_days"] = processing_delay
    # search_key(f"{reference} {name} {subject}"), part by part (names and subjects repeat).
    parts = (search_key(reference), _key(names.get(person_id, "")), _key(subject))
    row["search_text"] = " ".join(part for part in parts if part)
    created = datetime.combine(received_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    row["created_at"] = row["updated_at"] = created
    return row


def _saisines(funds: list[Fund], options: BenchOptions, today: date, rng, progress: Progress) -> float:
    months = _month_weights(today, options.years)
    per_fund_month = {fund.index: _split(fund.total, [w for _, _, w in months]) for fund in funds}
    names = {
        pk: f"{first} {last}".strip()
        for pk, first, last in Person.objects.filter(
            organisation__in=[f.organisation for f in funds]
        ).values_list("pk", "first_name", "last_name")
    }
    draws = Draws(rng)
    writer = TableWriter(Saisine, options.batch_size)
    meter = Meter(progress, "saisines", options.saisines)
    for m, (year, month, _) in enumerate(months):
        last_day = (
            today.day if (year, month) == (today.year, today.month) else calendar.monthrange(year, month)[1]
        )
        for fund in funds:
            k = per_fund_month[fund.index][m]
            received = sorted(date(year, month, rng.randint(1, last_day)) for _ in range(k))
            for facts in draws.facts(received, today):
                writer.add(_saisine(fund, facts, options, today, rng, names))
        meter.tick(writer.written)
    writer.flush()
    meter.tick(writer.written, force=True)
    return meter.seconds


def _date_plus(column: str, days: str) -> str:
    """SQL for ``column + days`` (a date), on PostgreSQL or SQLite."""
    if connection.vendor == "postgresql":
        return f"({column} + ({days}))"
    return f"date({column}, '+' || ({days}) || ' days')"


def _case(steps: list[tuple[str, str, str]], position: int) -> str:
    whens = " ".join(f"WHEN {i} THEN '{step[position]}'" for i, step in enumerate(steps, start=1))
    return f"CASE n.i {whens} END"


def _events_sql(n: int, org_count: int) -> str:
    """INSERT … SELECT of ``n`` events per saisine of a slice of ids: the steps of EVENT_STEPS,
    then requests and answers of services, spread over the processing delay."""
    quote = connection.ops.quote_name
    steps = [EVENT_STEPS[i] if i < len(EVENT_STEPS) else EVENT_STEPS[6 + i % 2] for i in range(n)]
    step_days = f"(n.i - 1) * (COALESCE(s.processing_delay_days, {n}) / {n})"
    if connection.vendor == "postgresql":
        at = f"(s.received_on + {step_days}) + time '09:00' + n.i * interval '1 minute'"
    else:
        at = f"datetime(s.received_on, '+' || ({step_days}) || ' days', '+9 hours', '+' || n.i || ' minutes')"
    placeholders = ", ".join(["%s"] * org_count)
    return (
        f"INSERT INTO {quote('saisines_saisineevent')} "  # noqa: S608 — constants only
        "(saisine_id, at, user_id, kind, from_status, to_status, detail) "
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) "
        f"SELECT s.id, {at}, s.assigned_to_id, {_case(steps, 0)}, {_case(steps, 1)}, {_case(steps, 2)}, '' "
        f"FROM {quote('saisines_saisine')} s CROSS JOIN n "
        f"WHERE s.id BETWEEN %s AND %s AND s.organisation_id IN ({placeholders}) ORDER BY s.id, n.i"
    )


def _exchanges_sql(org_count: int) -> str:
    """One exchange with a service for a fifth of the saisines and for every open one in
    instruction, half of those still unanswered (the "awaiting service" queue)."""
    quote = connection.ops.quote_name
    service = " ".join(f"WHEN {i} THEN '{name}'" for i, name in enumerate(SERVICES))
    instructed = ", ".join(f"'{s}'" for s in (Status.RECEIVABLE, Status.IN_INSTRUCTION, Status.PROPOSAL))
    waiting = f"s.status IN ({instructed}) AND s.id %% 2 = 0"
    placeholders = ", ".join(["%s"] * org_count)
    return (
        f"INSERT INTO {quote('saisines_exchange')} "  # noqa: S608 — constants only
        "(saisine_id, service, requested_on, question, answered_on, answer, created_by_id) "
        f"SELECT s.id, CASE s.id %% {len(SERVICES)} {service} END, {_date_plus('s.received_on', '5')}, "
        "'Pouvez-vous vérifier le dossier ?', "
        f"CASE WHEN {waiting} THEN NULL ELSE {_date_plus('s.received_on', '12')} END, "
        f"CASE WHEN {waiting} THEN '' ELSE 'Dossier régularisé.' END, s.assigned_to_id "
        f"FROM {quote('saisines_saisine')} s "
        f"WHERE s.id BETWEEN %s AND %s AND s.organisation_id IN ({placeholders}) "
        f"AND (s.id %% 5 = 0 OR s.status IN ({instructed}))"
    )


def _derived_rows(org_ids: list[int], options: BenchOptions, progress: Progress) -> None:
    """Events and exchanges, by INSERT … SELECT in slices of saisine ids."""
    saisines = Saisine.objects.filter(organisation_id__in=org_ids)
    bounds = saisines.aggregate(low=models.Min("id"), high=models.Max("id"), total=models.Count("id"))
    if not bounds["total"]:
        return
    n = options.events_per_saisine
    meter = Meter(progress, "events", bounds["total"] * n)
    done, step = 0, 50_000
    for low in range(bounds["low"], bounds["high"] + 1, step):
        params = [low, low + step - 1, *org_ids]
        with transaction.atomic(), connection.cursor() as cursor:
            if n:
                cursor.execute(_events_sql(n, len(org_ids)), params)
                done += cursor.rowcount
            cursor.execute(_exchanges_sql(len(org_ids)), params)
        meter.tick(done)
    meter.tick(done, force=True)


def analyze_tables(tables: list[str], progress: Progress) -> None:
    """Update the planner's statistics after a bulk load (PostgreSQL: these tables; SQLite: all).
    VACUUM cannot run in a transaction: inside one (a test), nothing is done and it is said."""
    if connection.in_atomic_block:
        progress("  (statistics not updated inside a transaction)")
        return
    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:  # VACUUM also sets the visibility map for index-only scans
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
        else:
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")
    progress(f"  statistics updated in {time.monotonic() - started:.0f} s")


def bench_data_load(*, options: BenchOptions, today: date, accounts_path: Path, progress: Progress) -> dict:
    """Create the whole bench dataset; returns what the accounts file holds."""
    rng = random.Random(options.seed)  # noqa: S311 — synthetic data, not secrets
    started = time.monotonic()
    if connection.vendor == "postgresql":  # a crash loses the last batches, never consistency
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
    national, funds = bench_tree_create(funds=options.funds)
    sizes = [rng.lognormvariate(0, 0.6) for _ in funds]  # a few large funds, many small ones
    for fund, total in zip(funds, _split(options.saisines, sizes), strict=True):
        fund.total = total
    largest = max(fund.total for fund in funds)
    progress(
        f"Tree: 1 national, {len(REGIONS)} regions, {len(funds)} funds; the largest has {largest:,} saisines"
    )
    _persons(funds, options, rng, progress)
    seconds = _saisines(funds, options, today, rng, progress)
    progress(f"  saisines written in {seconds:.0f} s ({options.saisines / max(seconds, 1e-9):,.0f} rows/s)")
    _derived_rows([f.organisation.pk for f in funds], options, progress)
    tables = ["saisines_saisine", "saisines_saisineevent", "saisines_exchange", "people_person"]
    analyze_tables(tables, progress)
    accounts = bench_accounts_write(path=accounts_path, national=national, funds=funds, today=today, rng=rng)
    progress(f"Done in {time.monotonic() - started:.0f} s; accounts and tokens in {accounts_path}")
    return accounts


# --- the import file -------------------------------------------------------------------------


def bench_csv_write(*, path: Path, rows: int, today: date, prefix: str, seed: int = 2027) -> None:
    """A CSV in the format of `lien import-saisines`, over the last year, references ``prefix-N``."""
    rng = random.Random(seed)  # noqa: S311 — synthetic data, not secrets
    start = today - timedelta(days=365)
    days = sorted(start + timedelta(days=rng.randrange(366)) for _ in range(rows))
    columns = REQUIRED + OPTIONAL
    communes = [code for department in DEPARTMENTS for code in _communes(department)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for n, facts in enumerate(Draws(rng).facts(days, today), start=1):
            facts.update(
                reference=f"{prefix}-{n:06d}",
                commune_insee=rng.choice(communes) if rng.random() < 0.95 else "",
                requester_key=f"{prefix}-R{rng.randint(1, rows):06d}",
            )
            writer.writerow({c: _csv_value(facts.get(c)) for c in columns})


def _csv_value(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)
