"""A small hand-made dataset imported through the CSV import of INTERFACES.md."""

from datetime import date, timedelta

from lien.accounts.models import Organisation
from lien.saisines.importer import import_saisines

HEADER = (
    "reference,received_on,channel,author_type,origin,commune_insee,perimeter,process,subprocess,"
    "acknowledged_on,closed_on,resolution_mode,outcome,requester_key"
)

# 2022 in fund A: 5 received (A1, A2, A3, A4, A9), 4 closed (A1, A2, A4 and A5 of 2021);
# delays 10, 49, 29, 16 days; 2 answered within 7 days; 2 médecin-traitant searches;
# A3 reiterates A1 (same requester key). Earlier years: 2021: 2, 2020: 1, 2019: 1.
FUND_A = """\
A1,2022-01-10,email,insured,direct,59606,first_intention,care_access_complaint,gp_search,2022-01-12,2022-01-20,explanation,resolved_by_explanation,k1
A2,2022-01-25,letter,insured,fund_service,59606,after_claim,benefits_in_kind,care,2022-02-10,2022-03-15,revision_request,decision_revised,k2
A3,2022-02-03,phone,health_professional,direct,11304,after_claim,cash_benefits,sickness,,,,,k1
A4,2022-03-01,front_desk,employer,rights_defender,,special,beneficiary_management,css,2022-03-04,2022-03-30,support_solution,payment_or_right_granted,
A5,2021-12-20,email,insured,direct,59606,first_intention,care_access_complaint,gp_search,,2022-01-05,,abandoned,k3
A6,2021-06-01,letter,insured,direct,,after_claim,other,,2021-06-03,2021-06-30,explanation,decision_upheld,
A7,2020-05-05,email,insured,direct,,after_claim,other,,,2020-06-01,,decision_upheld,
A8,2019-09-09,email,insured,direct,,after_claim,other,,,2019-09-30,,decision_upheld,
A9,2022-01-03,email,insured,direct,62041,first_intention,care_access_complaint,gp_search,,,,,k4
"""

FUND_B = """\
B1,2022-05-05,email,insured,direct,59350,first_intention,care_access_complaint,gp_search,2022-05-06,2022-05-30,explanation,decision_upheld,k1
B2,2022-06-01,phone,insured,direct,59350,after_claim,cash_benefits,maternity,,,,,
"""


def import_rows(organisation: Organisation, rows: str) -> None:
    result = import_saisines(organisation=organisation, data=f"{HEADER}\n{rows}".encode())
    assert result.ok, result.errors


# A year of a fund's mediation as it looks in a real annual report: a few hundred saisines over
# every channel, process and outcome, from a dozen communes, the year before for comparison.
COMMUNES = [
    ("59606", "Valenciennes", "59"),
    ("59350", "Lille", "59"),
    ("59122", "Bruay-sur-l'Escaut", "59"),
    ("59172", "Condé-sur-l'Escaut", "59"),
    ("59153", "Denain", "59"),
    ("59079", "Anzin", "59"),
    ("59392", "Maubeuge", "59"),
    ("59574", "Saint-Amand-les-Eaux", "59"),
    ("59383", "Marly", "59"),
    ("59569", "Saint-Saulve", "59"),
    ("59632", "Vieux-Condé", "59"),
    ("59616", "Trith-Saint-Léger", "59"),
    ("59013", "Aulnoy-lez-Valenciennes", "59"),
    ("59253", "Fresnes-sur-Escaut", "59"),
]
_CHANNELS = ["email"] * 5 + ["letter"] * 3 + ["phone"] * 2 + ["front_desk", "internal_transfer", "other"]
_AUTHORS = ["insured"] * 8 + ["health_professional", "employer"]
_ORIGINS = ["direct"] * 6 + ["fund_service", "fund_direction", "institutional_mediator", "rights_defender"]
_ORIGINS += ["other_partner", "national_mediation"]
_PERIMETERS = ["after_claim"] * 3 + ["first_intention"] * 2 + ["special"]
_SUBJECTS = [
    ("benefits_in_kind", sub)
    for sub in ("care", "transport", "ame", "care_abroad", "copayment_exemption", "no_rights_opened", "other")
]
_SUBJECTS += [
    ("cash_benefits", sub) for sub in ("sickness", "maternity", "invalidity", "work_accident", "annuity")
]
_SUBJECTS += [("beneficiary_management", sub) for sub in ("registration", "vitale_card", "css")]
_SUBJECTS += [("care_access_complaint", sub) for sub in ("care_refusal", "gp_search", "specialist_delay")]
_SUBJECTS += [("occupational_risks", ""), ("international_agreements", ""), ("social_action", "")]
_SUBJECTS += [("litigation", ""), ("other", ""), ("care_access_complaint", "gp_search")]
_CLOSURES = [
    ("explanation", "resolved_by_explanation"),
    ("explanation", "decision_upheld"),
    ("revision_request", "decision_revised"),
    ("support_solution", "payment_or_right_granted"),
    ("support_solution", "referred_social_service"),
    ("equity_proposal", "amicable_agreement"),
    ("explanation", "referred_cra"),
    ("support_solution", "ass_granted"),
    ("support_solution", "ass_refused"),
    ("", "abandoned"),
    ("support_solution", "referred_other_fund_service"),
    ("explanation", "referred_other_scheme"),
    ("support_solution", "referred_mas"),
]
_MONTH_WEIGHTS = [80, 52, 40, 29, 46, 46, 46, 45, 51, 40, 25, 58]  # 558 in a year


def realistic_rows(year: int, *, scale: float = 1.0, prefix: str = "R") -> str:
    """CSV rows of a year of saisines, spread over every code (deterministic, no randomness)."""
    lines = []
    i = 0
    for month, weight in enumerate(_MONTH_WEIGHTS, start=1):
        for n in range(round(weight * scale)):
            received = date(year, month, 1 + (n * 7) % 28)
            process, subprocess = _SUBJECTS[(i * 7) % len(_SUBJECTS)]
            commune = COMMUNES[min(i % 23, (i * 7) % 17) % len(COMMUNES)][0] if i % 19 else ""
            acknowledged = received + timedelta(days=2 + i % 9) if i % 5 else None
            closed = received + timedelta(days=5 + (i * 13) % 60) if i % 8 else None
            mode, outcome = _CLOSURES[(i * 5) % len(_CLOSURES)] if closed else ("", "")
            fields = [
                f"{prefix}{year}-{i:04d}",
                received.isoformat(),
                _CHANNELS[i % len(_CHANNELS)],
                _AUTHORS[(i * 3) % len(_AUTHORS)],
                _ORIGINS[(i * 5) % len(_ORIGINS)],
                commune,
                _PERIMETERS[i % len(_PERIMETERS)],
                process,
                subprocess,
                acknowledged.isoformat() if acknowledged else "",
                closed.isoformat() if closed else "",
                mode,
                outcome,
                f"key{year}-{i % 520}",  # a few requesters come back within the year
            ]
            lines.append(",".join(fields) + "\n")
            i += 1
    return "".join(lines)
