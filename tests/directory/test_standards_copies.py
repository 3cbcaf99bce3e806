"""The copies of the standards shipped with Lien are those of shared/standards, byte for byte."""

import pytest

from lien.directory.enums import STANDARDS_DIR
from tests.directory.exchange_data import SHARED

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="shared/standards is not next to the project")


def test_the_hsds_schemas_are_those_of_the_standard():
    shipped = sorted((STANDARDS_DIR / "hsds-3.1" / "schema").glob("*.json"))
    assert len(shipped) == 24
    for path in shipped:
        assert path.read_bytes() == (SHARED / "hsds-3.1" / "schema" / path.name).read_bytes(), path.name
    assert (STANDARDS_DIR / "hsds-3.1" / "LICENSE").read_bytes() == (
        SHARED / "hsds-3.1" / "LICENSE"
    ).read_bytes()


def test_the_v0_typologies_are_those_of_the_standard():
    name = "typologies-de-structures.json"
    upstream = SHARED / "data-inclusion" / "v0-legacy" / "extra" / name
    assert (STANDARDS_DIR / "data-inclusion" / name).read_bytes() == upstream.read_bytes()


def test_the_package_schemas_are_those_copied_in_shared():
    import json

    from data_inclusion.schema.v1 import Service, Structure

    for model, name in ((Structure, "structure"), (Service, "service")):
        assert model.model_json_schema() == json.loads(
            (SHARED / "data-inclusion" / "v1" / f"{name}.json").read_text()
        )
