"""A small hand-made dataset imported through the CSV import of INTERFACES.md."""

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
