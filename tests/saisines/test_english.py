"""The institutional mediator's pages in English (the language chosen in the page header)."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(team, client_for):
    client = client_for(team.mediator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_work_list_and_a_saisine_speak_english(english, receive):
    saisine = receive(reference="EN-1")
    page = english.get(reverse("saisines:list")).content.decode()
    assert '<html lang="en">' in page and "<h1>Referrals</h1>" in page and "<h1>Saisines</h1>" not in page
    page = english.get(reverse("saisines:detail", args=[saisine.pk])).content.decode()
    assert "EN-1" in page and "Receipt" in page and "Accusé de réception" not in page


def test_the_annual_and_monthly_reports_speak_english(english, team, receive):
    receive(reference="EN-2")
    page = english.get(reverse("report_annual"), {"organisation": team.fund.slug}).content.decode()
    assert "Activity report" in page and "Rapport d'activité" not in page
    page = english.get(reverse("report_monthly"), {"organisation": team.fund.slug}).content.decode()
    assert '<html lang="en">' in page and "Rapport mensuel" not in page
