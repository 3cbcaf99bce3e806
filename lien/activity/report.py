"""The activity report of a community mediation programme, per period (DOMAIN.md §3).

Everything is counted by the database (``Count`` with ``filter``, ``Sum``, ``Exists``). The
figures of outreach, doctors' referrals, needs assessments, rights and participation come from
their own apps and are ``None`` when an app is not installed, so the report always has the same
keys. What each figure counts is said once, in ``definitions.py`` (« personnes accompagnées »)
and its glossary. The same figures of the same period a year earlier are under ``previous``.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django.apps import apps
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)

from lien.accounts.models import Organisation
from lien.accounts.permissions import subtree_ids
from lien.activity.definitions import new_condition, people_accompanied, previous_period
from lien.appointments.enums import HANDED_OVER, Vehicle
from lien.appointments.enums import Status as AppointmentStatus
from lien.appointments.models import Accompaniment, Appointment, Reminder
from lien.communes.models import Commune
from lien.communes.territory import territory_communes
from lien.directory.models import PartnerMeeting
from lien.followup.enums import GoalStatus
from lien.followup.models import Followup, Goal
from lien.orientations.enums import FAILED_OUTCOMES, Difficulty, Outcome, StructureKind
from lien.orientations.models import Orientation
from lien.partners.enums import EndReason, MeetingTheme
from lien.partners.models import PartnerAccompaniment, PartnerDifficulty, PartnerMeetingTheme
from lien.partners.models import PartnerMeeting as PatientPartnerMeeting
from lien.people.enums import AgeBand, Gender, ReferralSource
from lien.people.models import Person
from lien.prevention.enums import LINKED, TestKind, TestResult, Topic
from lien.prevention.models import Advice, CollectiveAction, RapidTest

# The age bands of the person file and of outreach contacts ("18-24", "75+"), oldest first
# with their lower bound, so that identified and anonymous people are counted alike.
AGE_BAND_CODES = list(AgeBand.values)
AGE_BANDS = sorted(((int(code.split("-")[0].rstrip("+")), code) for code in AGE_BAND_CODES), reverse=True)
UNKNOWN = "unknown"
# The EPICES bands, from the lower bounds of its quintiles (assessments/data/epices.json): "q1"…
# "q4", where "q4" is precarity (30.17 and over; Q4 and Q5 together, the Q5 bound is not verified).
EPICES_BANDS = ["q1", "q2", "q3", "q4"]


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _counts(queryset, field: str, codes: list[str], *, unknown: bool = False) -> dict[str, int]:
    found = dict(queryset.order_by().values_list(field).annotate(n=Count("id")).values_list(field, "n"))
    counts = {code: found.get(code, 0) for code in codes}
    if unknown:
        counts[UNKNOWN] = sum(n for code, n in found.items() if code not in codes)
    return counts


def _distinct_people(queryset, field: str, codes: list[str]) -> dict[str, int]:
    """The number of distinct people of each code (a person counts once per code)."""
    found = dict(
        queryset.order_by()
        .values_list(field)
        .annotate(n=Count("person", distinct=True))
        .values_list(field, "n")
    )
    return {code: found.get(code, 0) for code in codes}


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _age_band(end: date) -> Case:
    """Age counted in years of difference, as the person file does (the birth date is not kept)."""
    whens = [When(birth_year__lte=end.year - lower, then=Value(code)) for lower, code in AGE_BANDS if lower]
    youngest = next(code for lower, code in AGE_BANDS if lower == 0)
    return Case(*whens, When(birth_year__isnull=False, then=Value(youngest)), default=Value(UNKNOWN))


def _tally(values: Iterable[Any], codes: list[str]) -> dict[str, int]:
    """Each code's number of rows, and under ``unknown`` those with none of the codes."""
    found = Counter(values)
    return {code: found.get(code, 0) for code in codes} | {
        UNKNOWN: sum(n for code, n in found.items() if code not in codes)
    }


def _people(scope: set[int], start: date, end: date) -> dict:
    """The people accompanied and their make-up: one read of their rows (a few columns each, with
    their commune's name), counted here, where one grouped query per dimension probed each
    person's days of contact again (seconds for a national programme). The names come with the
    rows: asking for them by code afterwards sent thousands of parameters (0.4 s on PostgreSQL)."""
    has_coverage = any(field.name == "coverage" for field in Person._meta.get_fields())
    columns = ["band", "gender", "referral_source", "commune_id", "commune__name", "is_new"] + (
        ["coverage"] if has_coverage else []
    )
    rows = list(
        people_accompanied(scope, start, end)
        .annotate(
            band=_age_band(end), is_new=ExpressionWrapper(new_condition(start), output_field=BooleanField())
        )
        .order_by()
        .values_list(*columns)
    )
    by_column = (
        dict(zip(columns, zip(*rows, strict=True), strict=True)) if rows else {name: () for name in columns}
    )
    followed = Followup.objects.filter(organisation_id__in=scope, started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    followups = followed.aggregate(
        followed=Count("id"),
        started=Count("id", filter=Q(started_on__gte=start)),
        ended=Count("id", filter=Q(ended_on__range=(start, end))),
    )
    communes = Counter(code for code in by_column["commune_id"] if code is not None)
    names = dict(zip(by_column["commune_id"], by_column["commune__name"], strict=True))
    result = {
        "accompanied": len(rows),
        "new": sum(1 for is_new in by_column["is_new"] if is_new),
        "followed": followups["followed"],
        "followups_started": followups["started"],
        "followups_ended": followups["ended"],
        "by_age_band": _tally(by_column["band"], AGE_BAND_CODES),
        "by_gender": _tally(by_column["gender"], Gender.values),
        "by_referral_source": _tally(by_column["referral_source"], ReferralSource.values),
        "by_commune": [
            {"insee_code": code, "name": names[code], "count": n}
            for code, n in sorted(communes.items(), key=lambda item: (-item[1], names[item[0]]))
        ],
        "without_commune": sum(1 for code in by_column["commune_id"] if code is None),
        "by_coverage": None,
    }
    if has_coverage:
        codes = [code for code, _label in Person._meta.get_field("coverage").choices or ()]
        result["by_coverage"] = _tally(by_column["coverage"], codes)
    return result


def _outreach(scope: set[int], start: date, end: date) -> dict | None:
    contact_model = _model("outreach", "Contact")
    if contact_model is None:
        return None
    contacts = contact_model.objects.filter(organisation_id__in=scope, on__range=(start, end))
    anonymous = contacts.filter(person__isnull=True)
    totals = contacts.aggregate(
        contacts=Count("id"),
        anonymous=Count("id", filter=Q(person__isnull=True)),
        identified=Count("id", filter=Q(person__isnull=False)),
    )
    by_commune = (
        anonymous.exclude(commune__isnull=True)
        .order_by()
        .values("commune__insee_code", "commune__name")
        .annotate(n=Count("id"))
        .order_by("-n", "commune__name")
    )
    from lien.outreach.enums import SessionKind

    sessions = apps.get_model("outreach", "OutreachSession").objects.filter(
        organisation_id__in=scope, held_on__range=(start, end)
    )
    sessions_by_kind = _counts(sessions, "kind", SessionKind.values)
    volunteers = sessions.aggregate(
        hours=Sum("volunteer_hours"), sessions=Count("id", filter=Q(volunteer_hours__isnull=False))
    )
    return totals | {
        "sessions": sum(sessions_by_kind.values()),
        "sessions_by_kind": sessions_by_kind,
        # A float, so that the JSON has a number; with how many sessions recorded it.
        "volunteer_hours": round(float(volunteers["hours"] or 0), 1),
        "sessions_with_volunteer_hours": volunteers["sessions"],
        "contacts_by_kind": _counts(contacts, "session__kind", SessionKind.values),
        "contacts_by_gender": _counts(contacts, "gender", Gender.values, unknown=True),
        "anonymous_by_age_band": _counts(anonymous, "age_band", AGE_BAND_CODES, unknown=True),
        "anonymous_by_commune": [
            {"insee_code": row["commune__insee_code"], "name": row["commune__name"], "count": row["n"]}
            for row in by_commune
        ],
    }


def _referrals(scope: set[int], start: date, end: date) -> dict | None:
    """The referrals of the health centre's doctors received in the period (lien/referrals), by
    their status today and their urgency. Lien keeps no date of the referral's taking in charge on
    the referral itself, so the report gives no delay."""
    referral_model = _model("referrals", "Referral")
    if referral_model is None:
        return None
    from lien.referrals.enums import Status, Urgency

    referrals = referral_model.objects.filter(organisation_id__in=scope, referred_on__range=(start, end))
    totals = referrals.aggregate(received=Count("id"), referrers=Count("referred_by", distinct=True))
    return {
        "received": totals["received"],
        "by_status": _counts(referrals, "status", Status.values),
        "by_urgency": _counts(referrals, "urgency", Urgency.values),
        "referrers": totals["referrers"],
    }


def _barriers(scope: set[int], start: date, end: date) -> dict | None:
    barrier_model = _model("assessments", "AssessmentBarrier")
    if barrier_model is None:
        return None
    from lien.assessments.enums import Barrier

    rows = dict(
        barrier_model.objects.filter(
            assessment__organisation_id__in=scope, assessment__assessed_on__range=(start, end)
        )
        .order_by()
        .values_list("barrier")
        .annotate(n=Count("assessment__person", distinct=True))
    )
    assessments = apps.get_model("assessments", "Assessment").objects.filter(
        organisation_id__in=scope, assessed_on__range=(start, end)
    )
    totals = assessments.aggregate(
        assessments=Count("id"),
        people=Count("person", distinct=True),
        epices_scored=Count("id", filter=Q(epices_score__isnull=False)),
        epices_precarious=Count("id", filter=Q(epices_precarious=True)),
    )
    by_barrier = dict(
        sorted(((code, rows.get(code, 0)) for code in Barrier.values), key=lambda item: -item[1])
    )
    return totals | {"people_by_barrier": by_barrier, "epices": _epices(assessments)}


def _epices(assessments) -> dict:
    """The EPICES score of each person: their last complete assessment of the period."""
    from lien.assessments.epices import QUINTILE_LOWER_BOUNDS

    scored = assessments.filter(epices_score__isnull=False)
    later = scored.filter(person_id=OuterRef("person_id")).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
    )
    last = scored.filter(~Exists(later))
    bounds = sorted(QUINTILE_LOWER_BOUNDS, reverse=True)
    band = Case(
        *[
            When(epices_score__gte=bound, then=Value(EPICES_BANDS[len(bounds) - 1 - i]))
            for i, bound in enumerate(bounds)
        ],
        default=Value(EPICES_BANDS[0]),
    )
    found = dict(last.annotate(band=band).order_by().values_list("band").annotate(n=Count("id")))
    totals = last.aggregate(
        people=Count("id"), mean=Avg("epices_score"), precarious=Count("id", filter=Q(epices_precarious=True))
    )
    return {
        "people": totals["people"],
        "precarious": totals["precarious"],
        "mean": None if totals["mean"] is None else round(float(totals["mean"]), 1),
        "by_band": {code: found.get(code, 0) for code in EPICES_BANDS},
    }


def _orientations(scope: set[int], start: date, end: date) -> dict:
    orientations = Orientation.objects.filter(organisation_id__in=scope, oriented_on__range=(start, end))
    outcome_counts = {outcome: Count("id", filter=Q(outcome=outcome)) for outcome in Outcome.values}
    totals = orientations.aggregate(
        total=Count("id"),
        appointment_booked=Count("id", filter=Q(appointment_booked=True)),
        needs_prepared=Count("id", filter=Q(needs_prepared=True)),
        **outcome_counts,
    )
    # The plugin types these rows without the counts of ``**outcome_counts``.
    by_kind: dict[str, dict[str, Any]] = {
        row["structure_kind"]: cast(dict[str, Any], row)
        for row in orientations.order_by()
        .values("structure_kind")
        .annotate(total=Count("id"), **outcome_counts)
    }
    # An orientation's result is known when the person went or it failed, whatever the outcomes
    # of the enum are (a waiting list is neither).
    settled = [Outcome.WENT, *sorted(FAILED_OUTCOMES)]
    known = sum(totals[outcome] for outcome in settled)
    return {
        "total": totals["total"],
        "appointment_booked": totals["appointment_booked"],
        "needs_prepared": totals["needs_prepared"],
        "by_outcome": {outcome: totals[outcome] for outcome in Outcome.values},
        "went_rate": _rate(totals[Outcome.WENT], known),
        "by_structure_kind": {
            kind: {
                "total": by_kind.get(kind, {}).get("total", 0),
                **{outcome: by_kind.get(kind, {}).get(outcome, 0) for outcome in Outcome.values},
                "went_rate": _rate(
                    by_kind.get(kind, {}).get(Outcome.WENT, 0),
                    sum(by_kind.get(kind, {}).get(o, 0) for o in settled),
                ),
            }
            for kind in StructureKind.values
        },
        "by_difficulty": _counts(orientations.exclude(difficulty=""), "difficulty", Difficulty.values),
    }


def _appointments(scope: set[int], start: date, end: date) -> dict:
    appointments = Appointment.objects.filter(organisation_id__in=scope).on_days(start, end)
    totals = appointments.aggregate(
        total=Count("id"),
        accompaniment_needed=Count("id", filter=Q(accompaniment_needed=True)),
        **{status: Count("id", filter=Q(status=status)) for status in AppointmentStatus.values},
    )
    reminders = Reminder.objects.filter(
        appointment__organisation_id__in=scope, sent_at__date__range=(start, end), status__in=HANDED_OVER
    ).count()
    return {
        "total": totals["total"],
        "by_status": {status: totals[status] for status in AppointmentStatus.values},
        "attendance_rate": _rate(
            totals[AppointmentStatus.ATTENDED],
            totals[AppointmentStatus.ATTENDED] + totals[AppointmentStatus.MISSED],
        ),
        "accompaniment_needed": totals["accompaniment_needed"],
        "reminders_sent": reminders,
    }


def _accompaniments(scope: set[int], start: date, end: date) -> dict:
    accompaniments = Accompaniment.objects.filter(organisation_id__in=scope, on__range=(start, end))
    totals = accompaniments.aggregate(
        count=Count("id"), km=Sum("distance_km"), minutes=Sum("duration_minutes")
    )
    return {
        "count": totals["count"],
        "km": totals["km"] or 0,
        "minutes": totals["minutes"] or 0,
        "people": accompaniments.values("person").distinct().count(),
        "by_vehicle": _counts(accompaniments, "vehicle", Vehicle.values),
    }


def _prevention(scope: set[int], start: date, end: date) -> dict:
    advice = Advice.objects.filter(organisation_id__in=scope, given_on__range=(start, end))
    tests = RapidTest.objects.filter(organisation_id__in=scope, performed_on__range=(start, end))
    results = {
        f"{kind}.{result}": Count("id", filter=Q(kind=kind, result=result))
        for kind in TestKind.values
        for result in TestResult.values
    }
    totals = tests.aggregate(
        total=Count("id"),
        anonymous=Count("id", filter=Q(person__isnull=True)),
        reactive=Count("id", filter=Q(result=TestResult.REACTIVE)),
        linked=Count("id", filter=Q(result=TestResult.REACTIVE, linkage_status__in=LINKED)),
        confirmed=Count("id", filter=Q(result=TestResult.REACTIVE, linkage_status="confirmed")),
        **results,
    )
    actions = CollectiveAction.objects.filter(organisation_id__in=scope, held_on__range=(start, end))
    action_totals = actions.aggregate(count=Count("id"), attendance=Sum("attendance"))
    return {
        "advice": {
            "total": advice.count(),
            "people": advice.exclude(person__isnull=True).values("person").distinct().count(),
            "by_topic": _counts(advice, "topic", Topic.values),
        },
        "tests": {
            "total": totals["total"],
            "anonymous": totals["anonymous"],
            "by_kind": {
                kind: {result: totals[f"{kind}.{result}"] for result in TestResult.values}
                for kind in TestKind.values
            },
            "reactive": totals["reactive"],
            "linked_to_care": totals["linked"],
            "confirmed": totals["confirmed"],
            "linkage_rate": _rate(totals["linked"], totals["reactive"]),
        },
        "collective_actions": {
            "count": action_totals["count"],
            "attendance": action_totals["attendance"] or 0,
            "by_theme": _counts(actions, "theme", Topic.values),
        },
    }


def _rights(scope: set[int], start: date, end: date) -> dict | None:
    procedure_model = _model("rights", "Procedure")
    if procedure_model is None:
        return None
    from lien.rights.enums import ProcedureKind, Status

    procedures = procedure_model.objects.filter(organisation_id__in=scope)
    opened = procedures.filter(started_on__range=(start, end))
    granted = procedures.filter(status=Status.GRANTED, decision_on__range=(start, end))
    refused = procedures.filter(status=Status.REFUSED, decision_on__range=(start, end))
    first = granted.filter(renewal_of__isnull=True)
    coverage_kinds = [ProcedureKind.PUMA, ProcedureKind.AME]  # from no basic coverage to one
    people = granted.aggregate(
        people=Count("person", distinct=True),
        first_coverage=Count(
            "person", distinct=True, filter=Q(renewal_of__isnull=True, kind__in=coverage_kinds)
        ),
        c2s=Count("person", distinct=True, filter=Q(renewal_of__isnull=True, kind=ProcedureKind.C2S)),
        gp_declared=Count("person", distinct=True, filter=Q(kind=ProcedureKind.GP_DECLARATION)),
        renewed=Count("id", filter=Q(renewal_of__isnull=False)),
    )
    per_person = list(granted.order_by().values("person").annotate(n=Count("id")).values_list("n", flat=True))
    return {
        "opened": opened.count(),
        "granted": granted.count(),
        "refused": refused.count(),
        "opened_by_kind": _counts(opened, "kind", ProcedureKind.values),
        "granted_by_kind": _counts(granted, "kind", ProcedureKind.values),
        "people_obtaining": people["people"],
        "people_by_kind": _distinct_people(first, "kind", ProcedureKind.values),
        "first_coverage": people["first_coverage"],
        "c2s_obtained": people["c2s"],
        "gp_declared": people["gp_declared"],
        "renewed": people["renewed"],
        "rights_per_person": {
            "1": sum(1 for n in per_person if n == 1),
            "2": sum(1 for n in per_person if n == 2),
            "3+": sum(1 for n in per_person if n >= 3),
        },
    }


def _participation(scope: set[int], start: date, end: date) -> dict | None:
    """Exchange spaces, users' group, community relays, testimonies (lien/participation)."""
    meeting_model = _model("participation", "Meeting")
    if meeting_model is None:
        return None
    from lien.participation.enums import MeetingKind

    meetings = meeting_model.objects.filter(organisation_id__in=scope, held_on__range=(start, end))
    totals = meetings.aggregate(meetings=Count("id"), attendance=Sum("attendance"))
    relays = apps.get_model("participation", "CommunityRelay").objects.filter(
        organisation_id__in=scope, agreed_on__lte=end
    )
    testimonies = apps.get_model("participation", "Testimony").objects.filter(
        organisation_id__in=scope, collected_on__range=(start, end)
    )
    return {
        "meetings": totals["meetings"],
        "attendance": totals["attendance"] or 0,
        "meetings_by_kind": _counts(meetings, "kind", MeetingKind.values),
        "active_relays": relays.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)).count(),
        "testimonies": testimonies.count(),
    }


def _followup(scope: set[int], start: date, end: date) -> dict:
    goals = Goal.objects.filter(organisation_id__in=scope)
    return {
        "goals_agreed": goals.filter(agreed_on__range=(start, end)).count(),
        "goals_achieved": goals.filter(status=GoalStatus.ACHIEVED, closed_on__range=(start, end)).count(),
    }


def _territory(scope: set[int], start: date, end: date, people_communes: set[str]) -> dict:
    """Communes reached out of the communes of the territory (``definitions.glossary``): the
    territory the programme recorded (``lien.communes.territory``), else the départements where
    its people and contacts live. ``source`` says which. ``people_communes``: those of the people
    accompanied (``_people``'s ``by_commune``).

    The communes of the programme's rows are read once each (distinct codes, from the indexes),
    and the territory's communes once; the counting per département is done here. Grouping in the
    database through a join of every person with its commune took most of a national report's
    time (0.4 s a period for 100 000 people on SQLite)."""
    contact_model = _model("outreach", "Contact")
    reached = set(people_communes)
    contacts = None
    if contact_model is not None:
        contacts = contact_model.objects.filter(organisation_id__in=scope, commune__isnull=False).order_by()
        reached |= set(
            contacts.filter(on__range=(start, end)).values_list("commune_id", flat=True).distinct()
        )
    territory = territory_communes(scope)
    if territory.exists():
        source = "recorded"
    else:
        source = "departements"
        people = Person.objects.filter(organisation_id__in=scope, commune__isnull=False).order_by()
        lived = set(people.values_list("commune_id", flat=True).distinct())
        if contacts is not None:
            lived |= set(contacts.values_list("commune_id", flat=True).distinct())
        departements = set(
            Commune.objects.filter(pk__in=sorted(lived))
            .order_by()
            .values_list("departement", flat=True)
            .distinct()
        )
        territory = Commune.objects.filter(departement__in=sorted(departements))
    rows: dict[str, dict] = {}
    for code, departement, name in territory.order_by("departement").values_list(
        "insee_code", "departement", "departement_name"
    ):
        row = rows.setdefault(departement, {"code": departement, "name": name, "communes": 0, "reached": 0})
        row["communes"] += 1
        row["reached"] += code in reached
    by_departement = list(rows.values())
    reached_inside = sum(row["reached"] for row in by_departement)
    return {
        "source": source,
        "communes_reached": reached_inside,
        "communes_reached_outside": len(reached) - reached_inside,
        "territory_communes": sum(row["communes"] for row in by_departement),
        "by_departement": by_departement,
    }


def _partners(scope: set[int], start: date, end: date) -> dict:
    """Meetings with local partners, recorded in the directory's partnership file."""
    meetings = PartnerMeeting.objects.filter(organisation_id__in=scope, held_on__range=(start, end))
    return meetings.aggregate(
        meetings=Count("id", distinct=True), structures=Count("structures", distinct=True)
    )


def _patient_partners(scope: set[int], start: date, end: date) -> dict:
    """The accompaniment of the programme's patients by patient partners (lien/partners): the
    proposals, consents and withdrawals of the period, the patients accompanied in it (a contact
    made, not ended before the period), and the partners' log — meetings, their time and themes,
    difficulties signalled. Counts only: no word of the log."""
    accompaniments = PartnerAccompaniment.objects.filter(organisation_id__in=scope)
    counts = accompaniments.aggregate(
        proposals=Count("id", filter=Q(proposed_on__range=(start, end))),
        consents=Count("id", filter=Q(consented_on__range=(start, end))),
        withdrawn=Count("id", filter=Q(ended_on__range=(start, end), end_reason=EndReason.WITHDRAWN)),
        accompanied=Count(
            "person",
            distinct=True,
            filter=Q(contacted_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start)),
        ),
    )
    meetings = PatientPartnerMeeting.objects.filter(
        accompaniment__organisation_id__in=scope, met_on__range=(start, end)
    )
    log = meetings.aggregate(meetings=Count("id"), minutes=Sum("duration_minutes"))
    themes = PartnerMeetingTheme.objects.filter(meeting__in=meetings)
    difficulties = PartnerDifficulty.objects.filter(
        accompaniment__organisation_id__in=scope, signalled_on__range=(start, end)
    )
    return {
        **counts,
        "meetings": log["meetings"],
        "meeting_minutes": log["minutes"] or 0,
        "meetings_by_theme": _counts(themes, "code", MeetingTheme.values),
        "difficulties": difficulties.count(),
    }


def _figures(scope: set[int], start: date, end: date) -> dict:
    people = _people(scope, start, end)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "people": people,
        "referrals": _referrals(scope, start, end),
        "territory": _territory(scope, start, end, {row["insee_code"] for row in people["by_commune"]}),
        "outreach": _outreach(scope, start, end),
        "barriers": _barriers(scope, start, end),
        "followup": _followup(scope, start, end),
        "orientations": _orientations(scope, start, end),
        "appointments": _appointments(scope, start, end),
        "accompaniments": _accompaniments(scope, start, end),
        "prevention": _prevention(scope, start, end),
        "rights": _rights(scope, start, end),
        "participation": _participation(scope, start, end),
        "partners": _partners(scope, start, end),
        "patient_partners": _patient_partners(scope, start, end),
    }


def programme_report(organisation: Organisation, start: date, end: date) -> dict:
    """The machine-readable report of a programme (an organisation and everything below it), with
    the same figures for the same period a year earlier under ``previous``."""
    scope = subtree_ids(organisation.pk)
    return {
        "organisation": organisation.slug,
        "organisation_name": organisation.name,
        **_figures(scope, start, end),
        "previous": _figures(scope, *previous_period(start, end)),
    }
