"""A re-import updates rows in SQL batches (``importer._update``): each row must end up exactly as a
first import of the same line would have written it, values and empty cells alike."""

from datetime import date

import pytest

from lien.core.bench import bench_csv_write
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
