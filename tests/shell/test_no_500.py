"""No 500 on any input (issue 14, point 10): ids of twenty digits or written in other digits in
query strings, JSON nested a thousand times deep or with a number of ten thousand digits, a NUL
byte in an import — each gets a clear answer and changes nothing."""

import pytest
from django.urls import reverse

from lien.directory.exchange import directory_import
from lien.directory.models import Structure
from lien.saisines.importer import import_saisines
from lien.saisines.models import Saisine
from lien.web.http import id_from, ids_from
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 20


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("0", None),
        ("", None),
        (None, None),
        (HUGE, None),
        ("²", None),
        ("١٢", None),
        ("-3", None),
    ],
)
def test_an_id_from_a_query_string_is_ascii_digits_within_a_database_id(value, expected):
    assert id_from(value) == expected


def test_ids_keep_the_valid_ones_up_to_the_limit():
    assert ids_from(["3", HUGE, "x", "4", "5"], limit=2) == [3, 4]


@pytest.mark.parametrize(
    ("route", "query", "status"),
    [
        ("directory:sheet", f"v={HUGE}&s=²&person={HUGE}", 200),
        ("directory:sheet_pdf", f"v={HUGE}", 404),
        ("prevention:test_create", "personne=²", 404),
        ("prevention:test_create", f"personne={HUGE}", 404),
        ("participation:testimony_create", f"person={HUGE}&organisation=asso", 200),
        ("directory:meeting_create", f"structure={HUGE}", 200),
    ],
)
def test_a_page_answers_an_impossible_id_without_an_error(world, client_for, route, query, status):
    response = client_for(world.users["community_mediator"]).get(f"{reverse(route)}?{query}")
    assert response.status_code == status


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[" * 5000 + b"]" * 5000, "JSON imbriqué sur plus de 32 niveaux"),
        (b'{"structures": [' * 40 + b"]}" * 40, "JSON imbriqué sur plus de 32 niveaux"),
        (b'{"structures": [], "n": ' + b"1" * 10_000 + b"}", "JSON invalide (nombre trop long)"),
        (b'{"structures": [{"nom": "Centre\\u0000"}]}', "caractère nul"),
    ],
)
@pytest.mark.parametrize("fmt", ["datainclusion", "hsds"])
def test_a_directory_file_that_no_format_can_hold_is_refused_whole(world, fmt, data, message):
    result = directory_import(organisation=world.organisation, fmt=fmt, data=data)
    assert any(message in error for error in result.errors), result.errors
    assert not Structure.objects.exists()


def test_a_saisine_file_with_a_nul_byte_is_refused_with_its_line():
    fund = OrganisationFactory(fund=True)
    data = b"reference,received_on\nS-1,2026-01-05\nS-2,2026-01-06\x00\n"
    result = import_saisines(organisation=fund, data=data)
    assert result.errors == ["line 3: -: caractère nul (octet 0) : le fichier n'est pas un CSV texte"]
    assert not Saisine.objects.exists()
