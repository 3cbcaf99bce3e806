"""A re-import updates rows in SQL batches: each row must end up exactly as a first import of the
same line would have written it, values and empty cells alike — except the status of a case
worked in Lien, which a file only moves forward (to closed)."""

from datetime import date

import pytest

from lien.demo.bench import bench_csv_write
from lien.saisines.enums import Status
from lien.saisines.importer import DERIVED_FIELDS, IMPORTED_FIELDS, import_saisines
from lien.saisines.models import Saisine
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)


def _state(organisation) -> dict[str, tuple]:
    fields = ["reference", *IMPORTED_FIELDS, *DERIVED_FIELDS]
    return {row[0]: row[1:] for row in Saisine.objects.filter(organisation=organisation).values_list(*fields)}


def test_it_writes_on_update_what_a_first_import_writes(tmp_path):
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    # Same references, other facts: dates moved, cells emptied or filled, codes changed.
    bench_csv_write(path=before, rows=1200, today=TODAY, prefix="R", seed=1)
    bench_csv_write(path=after, rows=1200, today=TODAY, prefix="R", seed=2)
    updated, fresh = OrganisationFactory(fund=True), OrganisationFactory(fund=True)
    import_saisines(organisation=updated, data=before.read_bytes())
    ids = dict(Saisine.objects.filter(organisation=updated).values_list("reference", "pk"))

    result = import_saisines(organisation=updated, data=after.read_bytes())
    import_saisines(organisation=fresh, data=after.read_bytes())

    assert (result.errors, result.created, result.updated) == ([], 0, 1200)
    assert _state(updated) == _state(fresh)
    assert _state(updated) != {}
    assert dict(Saisine.objects.filter(organisation=updated).values_list("reference", "pk")) == ids


@pytest.mark.parametrize(
    ("worked", "closed_on", "expected"),
    [
        (Status.IN_INSTRUCTION, "", Status.IN_INSTRUCTION),
        (Status.PROPOSAL, "", Status.PROPOSAL),
        (Status.NOT_RECEIVABLE, "", Status.NOT_RECEIVABLE),
        (Status.IN_INSTRUCTION, "2026-03-10", Status.CLOSED),
        (Status.ENDED_COURT_ACTION, "2026-03-10", Status.ENDED_COURT_ACTION),
        (Status.CLOSED, "", Status.RECEIVABLE),  # the file takes back a closure it had said
    ],
)
def test_a_reimport_never_moves_a_case_worked_in_lien_backwards(worked, closed_on, expected):
    fund = OrganisationFactory(fund=True)
    header = (
        "reference,received_on,channel,author_type,origin,perimeter,process,"
        "acknowledged_on,closed_on,outcome\n"
    )
    line = "R-1,2026-03-02,letter,insured,direct,after_claim,cash_benefits,2026-03-05,{closed},{outcome}\n"
    import_saisines(organisation=fund, data=(header + line.format(closed="", outcome="")).encode())
    Saisine.objects.filter(reference="R-1").update(status=worked)
    outcome = "payment_or_right_granted" if closed_on else ""
    result = import_saisines(
        organisation=fund, data=(header + line.format(closed=closed_on, outcome=outcome)).encode()
    )
    assert (result.errors, Saisine.objects.get(reference="R-1").status) == ([], expected)
