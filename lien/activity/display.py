"""The report's dict as people read it: key figures and labelled tables, each figure beside the
same figure a year earlier, shares and rates rounded by ``shares.py``, charts. The page, the PDF
and the spreadsheet are made of these same objects."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.activity import charts
from lien.activity.report import EPICES_BANDS, UNKNOWN
from lien.activity.shares import evolution_text, percent_text, rate, shares
from lien.appointments.enums import Status as AppointmentStatus
from lien.appointments.enums import Vehicle
from lien.orientations.enums import FAILED_OUTCOMES, Difficulty, Outcome, StructureKind
from lien.partners.enums import MeetingTheme
from lien.people.enums import AgeBand, Gender, ReferralSource
from lien.prevention.enums import TestKind, TestResult, Topic

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OTHERS = "others"
COMMUNES_SHOWN = 15  # the rest on one line « Autres communes », so that a table fits on a page

# How the share column of a table is computed.
PARTS = "parts"  # the lines make up a whole: largest remainder, the shares add up to 100 %
OF_TOTAL = "of"  # each line is a rate of a total (a person has several barriers)


@dataclass(frozen=True)
class Line:
    label: str
    count: int
    share: Decimal | None = None
    previous: int | None = None
    previous_share: Decimal | None = None

    @property
    def share_text(self) -> str:
        return percent_text(self.share)

    @property
    def evolution_text(self) -> str:
        return evolution_text(self.count, self.previous)


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    head: str
    unit: str
    lines: list[Line]
    share_rule: str | None = None
    chart: SafeString = field(default_factory=lambda: mark_safe(""))

    @property
    def with_shares(self) -> bool:
        return self.share_rule is not None


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: int | Decimal  # a count, or hours to the tenth
    previous: int | Decimal | None
    detail: str = ""

    @property
    def evolution_text(self) -> str:
        return evolution_text(self.value, self.previous)


def _lines(
    current: Mapping[str, int],
    previous: Mapping[str, int] | None,
    labels: Mapping[str, "StrOrPromise"],
    *,
    share_rule: str | None,
    of: tuple[int, int | None] | None = None,
    skip_zeros: bool = False,
) -> list[Line]:
    codes = list(dict.fromkeys([*current, *(previous or {})]))
    counts = [current.get(code, 0) for code in codes]
    before: list[int | None] = [None] * len(codes)
    if previous is not None:
        before = [previous.get(code, 0) for code in codes]
    nothing: list[Decimal | None] = [None] * len(codes)
    now_shares, before_shares = nothing, nothing
    if share_rule == PARTS:
        now_shares = shares(counts)
        if previous is not None:
            before_shares = shares([n or 0 for n in before])
    elif share_rule == OF_TOTAL and of is not None:
        now_shares = [rate(n, of[0]) for n in counts]
        before_shares = [rate(n or 0, of[1] or 0) for n in before]
    return [
        Line(str(labels.get(code, code)), count, share, prior, prior_share)
        for code, count, share, prior, prior_share in zip(
            codes, counts, now_shares, before, before_shares, strict=True
        )
        if not (skip_zeros and not count and not prior)
    ]


def _table(
    key: str,
    lines: list[Line],
    *,
    caption: "StrOrPromise",
    head: "StrOrPromise",
    unit: "StrOrPromise",
    share_rule: str | None = PARTS,
    chart: bool = False,
) -> Table:
    drawn = charts.bars(
        [(line.label, line.count, line.share_text if share_rule else "") for line in lines],
        title=str(caption),
    )
    return Table(
        key,
        str(caption),
        str(head),
        str(unit),
        lines,
        share_rule,
        drawn if chart else mark_safe(""),
    )


def _unknown(labels: Mapping[str, "StrOrPromise"], text: "StrOrPromise | None" = None) -> dict:
    return {**labels, UNKNOWN: text or _("Non renseigné")}


def _hours(value: float) -> Decimal:
    """Hours of the report (a float to the tenth, for JSON) as a quantity: « 7,5 » on the page,
    a number in the spreadsheet."""
    return Decimal(str(value)).quantize(Decimal("0.1"))


def _figures_table(
    key: str,
    section: Mapping[str, int],
    before: Mapping[str, int] | None,
    labels: Mapping[str, "StrOrPromise"],
    *,
    caption: "StrOrPromise",
    head: "StrOrPromise",
    unit: "StrOrPromise",
) -> Table:
    """A table of separate figures of one section (no shares: they do not add up), each beside
    the same figure a year earlier."""
    return _table(
        key,
        _lines(
            {code: section[code] for code in labels},
            {code: before[code] for code in labels} if before else None,
            labels,
            share_rule=None,
        ),
        caption=caption,
        head=head,
        unit=unit,
        share_rule=None,
    )


def _previous(report: dict, *path: str) -> Any:
    """The same entry of the previous year (``None`` when the section is not there)."""
    value: Any = report.get("previous")
    for key in path:
        if value is None:
            return None
        value = value.get(key)
    return value


def _communes(people: dict, previous: dict | None) -> list[Line]:
    """The communes of the people accompanied, most first; beyond ``COMMUNES_SHOWN``, one line."""

    def counts(section: dict | None) -> dict[str, int]:
        if section is None:
            return {}
        found = {row["insee_code"]: row["count"] for row in section["by_commune"]}
        return found | {UNKNOWN: section["without_commune"]}

    now, before = counts(people), counts(previous)
    names = {
        row["insee_code"]: row["name"]
        for row in [*people["by_commune"], *(previous or {}).get("by_commune", [])]
    }
    ranked = [row["insee_code"] for row in people["by_commune"]]
    shown = ranked[:COMMUNES_SHOWN]
    rest = [code for code in {*now, *before} - {*shown, UNKNOWN}]
    grouped_now = {code: now.get(code, 0) for code in shown}
    grouped_before = {code: before.get(code, 0) for code in shown}
    labels: dict[str, StrOrPromise] = dict(names)
    if rest:
        grouped_now[OTHERS] = sum(now.get(code, 0) for code in rest)
        grouped_before[OTHERS] = sum(before.get(code, 0) for code in rest)
        labels[OTHERS] = _("Autres communes")
    grouped_now[UNKNOWN], grouped_before[UNKNOWN] = now.get(UNKNOWN, 0), before.get(UNKNOWN, 0)
    labels[UNKNOWN] = _("Commune non renseignée")
    return _lines(
        grouped_now,
        grouped_before if previous is not None else None,
        labels,
        share_rule=PARTS,
        skip_zeros=True,
    )


def _people_tables(report: dict) -> list[Table]:
    people, before = report["people"], _previous(report, "people")

    def lines(key: str, labels: Mapping[str, "StrOrPromise"], **options: Any) -> list[Line]:
        return _lines(people[key], before and before[key], labels, share_rule=PARTS, **options)

    coverage: list[Table] = []
    if people["by_coverage"] is not None:
        from lien.people.models import Person

        labels = dict(Person._meta.get_field("coverage").choices or ())
        coverage = [
            _table(
                "coverage",
                lines("by_coverage", _unknown(labels, _("Non renseignée"))),
                caption=_("Couverture maladie des personnes accompagnées"),
                head=_("Couverture"),
                unit=_("Personnes"),
                chart=True,
            )
        ]
    return [
        _table(
            "ages",
            lines("by_age_band", _unknown(dict(AgeBand.choices))),
            caption=_("Personnes accompagnées par tranche d'âge"),
            head=_("Tranche d'âge"),
            unit=_("Personnes"),
            chart=True,
        ),
        _table(
            "genders",
            lines("by_gender", _unknown(dict(Gender.choices))),
            caption=_("Personnes accompagnées par genre"),
            head=_("Genre"),
            unit=_("Personnes"),
        ),
        _table(
            "referrals",
            lines("by_referral_source", _unknown(dict(ReferralSource.choices)), skip_zeros=True),
            caption=_("Personnes accompagnées selon qui les a orientées vers la médiation"),
            head=_("Orientée par"),
            unit=_("Personnes"),
            chart=True,
        ),
        *_referral_tables(report),
        _table(
            "communes",
            _communes(people, before),
            caption=_("Personnes accompagnées par commune de résidence"),
            head=_("Commune"),
            unit=_("Personnes"),
            chart=True,
        ),
        *coverage,
    ]


def _referral_tables(report: dict) -> list[Table]:
    """The referrals of the health centre's doctors (none where no doctor refers)."""
    referrals, before = report["referrals"], _previous(report, "referrals")
    if referrals is None or not (referrals["received"] or (before and before["received"])):
        return []
    from lien.referrals.enums import Status, Urgency

    received = {
        "received": _("Adressages reçus"),
        "referrers": _("Médecins ayant adressé au moins un·e patient·e"),
    }
    return [
        _figures_table(
            "doctor_referrals",
            referrals,
            before,
            received,
            caption=_("Adressages des médecins du centre de santé"),
            head=_("Adressages"),
            unit=_("Nombre"),
        ),
        _table(
            "doctor_referral_statuses",
            _lines(
                referrals["by_status"], before and before["by_status"], dict(Status.choices), share_rule=PARTS
            ),
            caption=_("Adressages des médecins selon leur suite à ce jour"),
            head=_("Suite"),
            unit=_("Adressages"),
        ),
        _table(
            "doctor_referral_urgencies",
            _lines(
                referrals["by_urgency"],
                before and before["by_urgency"],
                dict(Urgency.choices),
                share_rule=PARTS,
            ),
            caption=_("Adressages des médecins par urgence"),
            head=_("Urgence"),
            unit=_("Adressages"),
        ),
    ]


def _territory_table(report: dict) -> Table:
    territory, before = report["territory"], _previous(report, "territory")
    previous = {row["code"]: row["reached"] for row in (before or {}).get("by_departement", [])}
    lines = [
        Line(
            ngettext(
                "%(name)s (%(code)s) : %(n)s commune", "%(name)s (%(code)s) : %(n)s communes", row["communes"]
            )
            % {"name": row["name"], "code": row["code"], "n": row["communes"]},
            row["reached"],
            rate(row["reached"], row["communes"]),
            previous.get(row["code"], 0) if before is not None else None,
        )
        for row in territory["by_departement"]
    ]
    return _table(
        "territory",
        lines,
        caption=_("Communes atteintes par département du territoire"),
        head=_("Département"),
        unit=_("Communes atteintes"),
        share_rule=OF_TOTAL,
    )


def _outreach_tables(report: dict) -> list[Table]:
    outreach, before = report["outreach"], _previous(report, "outreach")
    if outreach is None:
        return []
    from lien.outreach.enums import SessionKind

    kinds = dict(SessionKind.choices)
    return [
        _table(
            "sessions",
            _lines(
                outreach["sessions_by_kind"], before and before["sessions_by_kind"], kinds, share_rule=PARTS
            ),
            caption=_("Sorties d'aller-vers par type"),
            head=_("Type de sortie"),
            unit=_("Sorties"),
        ),
        _table(
            "contacts",
            _lines(
                outreach["contacts_by_kind"], before and before["contacts_by_kind"], kinds, share_rule=PARTS
            ),
            caption=_("Contacts d'aller-vers par type de sortie"),
            head=_("Type de sortie"),
            unit=_("Contacts"),
            chart=True,
        ),
        _table(
            "contact_genders",
            _lines(
                outreach["contacts_by_gender"],
                before and before["contacts_by_gender"],
                _unknown(dict(Gender.choices)),
                share_rule=PARTS,
            ),
            caption=_("Contacts d'aller-vers par genre"),
            head=_("Genre"),
            unit=_("Contacts"),
        ),
        _table(
            "anonymous_ages",
            _lines(
                outreach["anonymous_by_age_band"],
                before and before["anonymous_by_age_band"],
                _unknown(dict(AgeBand.choices)),
                share_rule=PARTS,
            ),
            caption=_("Contacts anonymes par tranche d'âge"),
            head=_("Tranche d'âge"),
            unit=_("Contacts"),
        ),
    ]


def epices_labels() -> dict[str, str]:
    from lien.assessments.epices import PRECARITY_THRESHOLD, QUINTILE_LOWER_BOUNDS

    bounds = [number_format(bound, 2) for bound in QUINTILE_LOWER_BOUNDS]
    labels = {
        code: _("De %(low)s à moins de %(high)s") % {"low": low, "high": high}
        for code, low, high in zip(EPICES_BANDS, bounds, bounds[1:], strict=False)
    }
    labels[EPICES_BANDS[-1]] = _("%(threshold)s et plus (précarité)") % {
        "threshold": number_format(PRECARITY_THRESHOLD, 2)
    }
    return labels


def _assessment_tables(report: dict) -> list[Table]:
    barriers, before = report["barriers"], _previous(report, "barriers")
    if barriers is None:
        return []
    from lien.assessments.enums import Barrier

    return [
        _table(
            "barriers",
            _lines(
                barriers["people_by_barrier"],
                before and before["people_by_barrier"],
                dict(Barrier.choices),
                share_rule=OF_TOTAL,
                of=(barriers["people"], before and before["people"]),
                skip_zeros=True,
            ),
            caption=_("Freins à l'accès aux soins (part des personnes évaluées)"),
            head=_("Frein"),
            unit=_("Personnes"),
            share_rule=OF_TOTAL,
            chart=True,
        ),
        _table(
            "epices",
            _lines(
                barriers["epices"]["by_band"],
                before and before["epices"]["by_band"],
                epices_labels(),
                share_rule=PARTS,
            ),
            caption=_("Score EPICES des personnes évaluées"),
            head=_("Score EPICES"),
            unit=_("Personnes"),
            chart=True,
        ),
    ]


def orientation_series() -> list[str]:
    """Every outcome of the enum, the person went first, then the failures, then the others."""
    failed = [code for code in Outcome.values if code in FAILED_OUTCOMES]
    others = [code for code in Outcome.values if code != Outcome.WENT and code not in FAILED_OUTCOMES]
    return [Outcome.WENT, *failed, *others]


def _orientation_rows(report: dict) -> list[dict]:
    orientations, before = report["orientations"], _previous(report, "orientations")
    kinds = dict(StructureKind.choices)
    return [
        {
            "label": str(kinds[kind]),
            "total": row["total"],
            "previous": before["by_structure_kind"][kind]["total"] if before else None,
            "evolution": evolution_text(
                row["total"], before["by_structure_kind"][kind]["total"] if before else None
            ),
            "values": [row[outcome] for outcome in orientation_series()],
            "went_share": _as_percent(row["went_rate"]),
            "went_rate": percent_text(_as_percent(row["went_rate"])),
        }
        for kind, row in orientations["by_structure_kind"].items()
        if row["total"] or (before and before["by_structure_kind"][kind]["total"])
    ]


def _as_percent(value: float | None) -> Decimal | None:
    """A rate of the report (0 to 1, four decimals) as a percentage rounded to the nearest."""
    if value is None:
        return None
    return rate(round(value * 10_000), 10_000)


def _care_tables(report: dict) -> list[Table]:
    orientations, before = report["orientations"], _previous(report, "orientations")
    appointments, accompaniments = report["appointments"], report["accompaniments"]
    prevention, previous_prevention = report["prevention"], _previous(report, "prevention")
    return [
        _table(
            "difficulties",
            _lines(
                orientations["by_difficulty"],
                before and before["by_difficulty"],
                dict(Difficulty.choices),
                share_rule=PARTS,
                skip_zeros=True,
            ),
            caption=_("Difficultés d'orientation"),
            head=_("Difficulté"),
            unit=_("Orientations"),
        ),
        _table(
            "appointments",
            _lines(
                appointments["by_status"],
                _previous(report, "appointments", "by_status"),
                dict(AppointmentStatus.choices),
                share_rule=PARTS,
            ),
            caption=_("Rendez-vous par statut"),
            head=_("Statut"),
            unit=_("Rendez-vous"),
        ),
        _table(
            "vehicles",
            _lines(
                accompaniments["by_vehicle"],
                _previous(report, "accompaniments", "by_vehicle"),
                dict(Vehicle.choices),
                share_rule=PARTS,
                skip_zeros=True,
            ),
            caption=_("Accompagnements par moyen de transport"),
            head=_("Moyen de transport"),
            unit=_("Accompagnements"),
        ),
        _table(
            "advice",
            _lines(
                prevention["advice"]["by_topic"],
                previous_prevention and previous_prevention["advice"]["by_topic"],
                dict(Topic.choices),
                share_rule=PARTS,
                skip_zeros=True,
            ),
            caption=_("Conseils de prévention par thème"),
            head=_("Thème"),
            unit=_("Conseils"),
            chart=True,
        ),
        _table(
            "themes",
            _lines(
                prevention["collective_actions"]["by_theme"],
                previous_prevention and previous_prevention["collective_actions"]["by_theme"],
                dict(Topic.choices),
                share_rule=PARTS,
                skip_zeros=True,
            ),
            caption=_("Actions collectives par thème"),
            head=_("Thème"),
            unit=_("Actions"),
        ),
    ]


def _rights_tables(report: dict) -> list[Table]:
    rights, before = report["rights"], _previous(report, "rights")
    if rights is None:
        return []
    from lien.rights.enums import ProcedureKind

    kinds = dict(ProcedureKind.choices)
    obtained = {
        "people_obtaining": _("Personnes ayant obtenu au moins un droit"),
        "first_coverage": _("Ouverture d'une couverture maladie (PUMa, AME)"),
        "c2s_obtained": _("Complémentaire santé solidaire (C2S) obtenue"),
        "gp_declared": _("Médecin traitant déclaré"),
    }
    per_person = {
        "1": _("Un droit obtenu"),
        "2": _("Deux droits obtenus"),
        "3+": _("Trois droits ou plus"),
    }
    return [
        _figures_table(
            "rights_people",
            rights,
            before,
            obtained,
            caption=_("Droits obtenus par les personnes accompagnées"),
            head=_("Droit"),
            unit=_("Personnes"),
        ),
        _table(
            "rights_per_person",
            _lines(
                rights["rights_per_person"],
                before and before["rights_per_person"],
                per_person,
                share_rule=PARTS,
            ),
            caption=_("Nombre de droits obtenus par personne"),
            head=_("Droits obtenus"),
            unit=_("Personnes"),
        ),
        _table(
            "rights_opened",
            _lines(
                rights["opened_by_kind"],
                before and before["opened_by_kind"],
                kinds,
                share_rule=PARTS,
                skip_zeros=True,
            ),
            caption=_("Démarches d'accès aux droits ouvertes sur la période"),
            head=_("Démarche"),
            unit=_("Démarches"),
        ),
        _table(
            "rights_granted",
            _lines(
                rights["granted_by_kind"],
                before and before["granted_by_kind"],
                kinds,
                share_rule=PARTS,
                skip_zeros=True,
            ),
            caption=_("Décisions favorables sur la période, renouvellements compris"),
            head=_("Démarche"),
            unit=_("Décisions"),
        ),
    ]


def key_figures(report: dict) -> list[KeyFigure]:
    def previous(*path: str) -> int | None:
        value = _previous(report, *path)
        return value if isinstance(value, int) else None

    people, territory = report["people"], report["territory"]
    orientations, appointments = report["orientations"], report["appointments"]
    accompaniments, prevention = report["accompaniments"], report["prevention"]
    figures = [
        KeyFigure(
            "accompanied",
            _("Personnes accompagnées"),
            people["accompanied"],
            previous("people", "accompanied"),
            ngettext("dont %(n)s nouvelle", "dont %(n)s nouvelles", people["new"]) % {"n": people["new"]},
        ),
        KeyFigure("new", _("Nouvelles personnes"), people["new"], previous("people", "new")),
        KeyFigure("followed", _("Suivis en cours"), people["followed"], previous("people", "followed")),
    ]
    if report["outreach"] is not None:
        outreach, before_outreach = report["outreach"], _previous(report, "outreach")
        figures += [
            KeyFigure(
                "sessions", _("Sorties d'aller-vers"), outreach["sessions"], previous("outreach", "sessions")
            ),
            KeyFigure(
                "contacts",
                _("Contacts d'aller-vers"),
                outreach["contacts"],
                previous("outreach", "contacts"),
                ngettext("dont %(n)s anonyme", "dont %(n)s anonymes", outreach["anonymous"])
                % {"n": outreach["anonymous"]},
            ),
            KeyFigure(
                "volunteer_hours",
                _("Temps bénévole"),
                _hours(outreach["volunteer_hours"]),
                None if before_outreach is None else _hours(before_outreach["volunteer_hours"]),
                # How complete the figure is: the sessions where the time was recorded.
                ngettext(
                    "h, pour %(n)s sortie renseignée sur %(sessions)s",
                    "h, pour %(n)s sorties renseignées sur %(sessions)s",
                    outreach["sessions_with_volunteer_hours"],
                )
                % {"n": outreach["sessions_with_volunteer_hours"], "sessions": outreach["sessions"]},
            ),
        ]
    figures += [
        KeyFigure(
            "communes",
            _("Communes atteintes"),
            territory["communes_reached"],
            previous("territory", "communes_reached"),
            ngettext(
                "sur %(territory)s commune du territoire (%(share)s)",
                "sur %(territory)s communes du territoire (%(share)s)",
                territory["territory_communes"],
            )
            % {
                "territory": territory["territory_communes"],
                "share": percent_text(rate(territory["communes_reached"], territory["territory_communes"])),
            },
        ),
        KeyFigure(
            "orientations",
            _("Orientations"),
            orientations["total"],
            previous("orientations", "total"),
            _("%(rate)s abouties") % {"rate": percent_text(_as_percent(orientations["went_rate"]))},
        ),
        KeyFigure(
            "attended",
            _("Rendez-vous honorés"),
            appointments["by_status"][AppointmentStatus.ATTENDED],
            previous("appointments", "by_status", AppointmentStatus.ATTENDED),
            _("%(rate)s des rendez-vous passés")
            % {"rate": percent_text(_as_percent(appointments["attendance_rate"]))},
        ),
        KeyFigure(
            "accompaniments",
            _("Accompagnements physiques"),
            accompaniments["count"],
            previous("accompaniments", "count"),
            ngettext("%(hours)s heure", "%(hours)s heures", accompaniments["minutes"] // 60)
            % {"hours": number_format(Decimal(accompaniments["minutes"]) / 60, 1)},
        ),
        KeyFigure("km", _("Kilomètres parcourus"), accompaniments["km"], previous("accompaniments", "km")),
        KeyFigure(
            "tests",
            _("Dépistages (TROD)"),
            prevention["tests"]["total"],
            previous("prevention", "tests", "total"),
            _("lien vers le soin : %(rate)s")
            % {"rate": percent_text(_as_percent(prevention["tests"]["linkage_rate"]))},
        ),
        KeyFigure(
            "collective_actions",
            _("Actions collectives"),
            prevention["collective_actions"]["count"],
            previous("prevention", "collective_actions", "count"),
            ngettext(
                "%(n)s participation", "%(n)s participations", prevention["collective_actions"]["attendance"]
            )
            % {"n": prevention["collective_actions"]["attendance"]},
        ),
    ]
    if report["rights"] is not None:
        figures.append(
            KeyFigure(
                "rights",
                _("Personnes ayant obtenu un droit"),
                report["rights"]["people_obtaining"],
                previous("rights", "people_obtaining"),
                ngettext(
                    "dont %(n)s ouverture de couverture maladie",
                    "dont %(n)s ouvertures de couverture maladie",
                    report["rights"]["first_coverage"],
                )
                % {"n": report["rights"]["first_coverage"]},
            )
        )
    if report["barriers"] is not None:
        epices = report["barriers"]["epices"]
        figures.append(
            KeyFigure(
                "epices",
                _("Personnes en précarité (EPICES)"),
                epices["precarious"],
                previous("barriers", "epices", "precarious"),
                ngettext(
                    "sur %(n)s personne ayant un score",
                    "sur %(n)s personnes ayant un score",
                    epices["people"],
                )
                % {"n": epices["people"]},
            )
        )
    figures.append(
        KeyFigure(
            "partner_meetings",
            _("Rencontres partenaires"),
            report["partners"]["meetings"],
            previous("partners", "meetings"),
            ngettext(
                "%(n)s structure rencontrée", "%(n)s structures rencontrées", report["partners"]["structures"]
            )
            % {"n": report["partners"]["structures"]},
        )
    )
    return figures


def _patient_partner_tables(report: dict) -> list[Table]:
    """The accompaniment by patient partners: where the programme stands, then the themes of the
    partners' meetings (lien/partners; counts only)."""
    partners, before = report["patient_partners"], _previous(report, "patient_partners")
    if not (partners["proposals"] or partners["accompanied"] or partners["meetings"]):
        return []
    steps = {
        "proposals": _("Propositions d'un·e patient·e partenaire"),
        "consents": _("Consentements signés"),
        "accompanied": _("Patient·es accompagné·es par un·e patient·e partenaire"),
        "withdrawn": _("Retraits du ou de la patient·e"),
        "meetings": _("Rencontres notées par les patient·es partenaires"),
        "difficulties": _("Difficultés signalées à l'équipe"),
    }
    return [
        _figures_table(
            "patient_partners",
            partners,
            before,
            steps,
            caption=_("Accompagnement par des patient·es partenaires"),
            head=_("Étape"),
            unit=_("Nombre"),
        ),
        _table(
            "patient_partner_themes",
            _lines(
                partners["meetings_by_theme"],
                before and before["meetings_by_theme"],
                dict(MeetingTheme.choices),
                share_rule=PARTS,
                skip_zeros=True,
            ),
            caption=_("Thèmes des rencontres avec les patient·es partenaires"),
            head=_("Thème"),
            unit=_("Rencontres"),
        ),
    ]


def report_page(report: dict) -> dict:
    orientations = report["orientations"]
    series = orientation_series()
    orientation_rows = _orientation_rows(report)
    tests = report["prevention"]["tests"]
    tables = [
        *_people_tables(report),
        _territory_table(report),
        *_outreach_tables(report),
        *_assessment_tables(report),
        *_care_tables(report),
        *_rights_tables(report),
        *_patient_partner_tables(report),
    ]
    return {
        "key_figures": key_figures(report),
        "tables": {table.key: table for table in tables},
        "orientation_rows": orientation_rows,
        "orientation_series": [str(Outcome(code).label) for code in series],
        "orientations_chart": charts.stacked(
            [(row["label"], row["values"]) for row in orientation_rows],
            series=[str(Outcome(code).label) for code in series],
            title=_("Orientations par type de structure et leur suite"),
        ),
        "went_rate": percent_text(_as_percent(orientations["went_rate"])),
        "attendance_rate": percent_text(_as_percent(report["appointments"]["attendance_rate"])),
        "hours": number_format(Decimal(report["accompaniments"]["minutes"]) / 60, 1),
        "results": [str(label) for label in TestResult.labels],
        "test_rows": [
            {"label": str(TestKind(kind).label), "values": [counts[result] for result in TestResult.values]}
            for kind, counts in tests["by_kind"].items()
        ],
        "linkage_rate": percent_text(_as_percent(tests["linkage_rate"])),
    }


def sheets(page: dict) -> list[tuple[str, list[Table]]]:
    """The sections of the report as the spreadsheet has them: one sheet each."""
    tables = page["tables"]

    def some(*keys: str) -> list[Table]:
        return [tables[key] for key in keys if key in tables]

    partner_tables = some("patient_partners", "patient_partner_themes")
    return [
        (
            _("Personnes"),
            some(
                "ages",
                "genders",
                "referrals",
                "doctor_referrals",
                "doctor_referral_statuses",
                "doctor_referral_urgencies",
                "coverage",
            ),
        ),
        (_("Territoire"), some("communes", "territory")),
        (_("Aller-vers"), some("sessions", "contacts", "contact_genders", "anonymous_ages")),
        (_("Besoins et EPICES"), some("barriers", "epices")),
        (_("Orientations et RDV"), some("difficulties", "appointments", "vehicles")),
        (_("Prévention"), some("advice", "themes")),
        (
            _("Accès aux droits"),
            some("rights_people", "rights_per_person", "rights_opened", "rights_granted"),
        ),
        # A sheet only for a programme whose patients patient partners accompany.
        *([(_("Patient·es partenaires"), partner_tables)] if partner_tables else []),
    ]
