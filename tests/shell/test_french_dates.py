"""Abbreviated months as French typography writes them, in every template that says ``N``."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

SHORT = Template('{{ day|date:"j N Y" }}')


@pytest.mark.parametrize(
    ("day", "french", "english"),
    [
        (date(2026, 1, 5), "5 janv. 2026", "5 Jan. 2026"),
        (date(2026, 2, 5), "5 févr. 2026", "5 Feb. 2026"),
        (date(2026, 7, 14), "14 juill. 2026", "14 July 2026"),
        (date(2026, 9, 1), "1 sept. 2026", "1 Sept. 2026"),
        (date(2026, 11, 20), "20 nov. 2026", "20 Nov. 2026"),
        (date(2026, 5, 8), "8 mai 2026", "8 May 2026"),
    ],
)
def test_months_are_abbreviated_the_french_way(day, french, english):
    with translation.override("fr"):
        assert SHORT.render(Context({"day": day})) == french
    with translation.override("en"):
        assert SHORT.render(Context({"day": day})) == english
