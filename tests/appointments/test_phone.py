"""French phone numbers, as people write them, to E.164."""

import pytest

from lien.appointments.phone import is_mobile, to_e164


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("07 81 23 45 67", "+33781234567"),
        ("04 68 11 22 33", "+33468112233"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+330612345678", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("33612345678", "+33612345678"),
        ("\u00a006\u202f12 34 56 78 ", "+33612345678"),
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe
        ("0594 30 00 00", "+594594300000"),  # Guyane
        ("0696 12 34 56", "+596696123456"),  # Martinique
        ("0692 12 34 56", "+262692123456"),  # La Réunion
        ("0639 12 34 56", "+262639123456"),  # Mayotte
        ("+32 470 12 34 56", "+32470123456"),  # Belgium
        ("0041 79 123 45 67", "+41791234567"),
    ],
)
def test_it_writes_the_number_in_e164(written, e164):
    assert to_e164(written) == e164


@pytest.mark.parametrize(
    "written",
    ["", "12", "06 12 34 56", "06 12 34 56 78 90", "6 12 34 56 78", "+33 6 12", "+33 6 12 34 56 7X", "n/a"],
)
def test_it_refuses_what_it_cannot_read(written):
    with pytest.raises(ValueError, match="numéro de téléphone non reconnu"):
        to_e164(written)


@pytest.mark.parametrize(
    ("e164", "mobile"),
    [
        ("+33612345678", True),
        ("+33712345678", True),
        ("+33468112233", False),
        ("+33912345678", False),
        ("+590690123456", True),
        ("+590590123456", False),
        ("+262639123456", True),
        ("+262262123456", False),
        ("+32470123456", True),
    ],
)
def test_it_tells_a_mobile(e164, mobile):
    assert is_mobile(e164) is mobile
