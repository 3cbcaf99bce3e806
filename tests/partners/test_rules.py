"""The one rule: a partner may be proposed only if active, with a validated training and a
convention in force that day; the SQL of ``PatientPartner.objects.proposable`` says the same."""

from datetime import date

import pytest

from lien.partners.models import PatientPartner
from lien.partners.rules import partner_proposable
from lien.partners.services import partner_update
from tests.partners.conftest import add_convention, add_training

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 15)

CASES = {
    # name: (active, trainings (validated?), conventions (start, end), reasons)
    "ready": (True, [True], [(date(2026, 1, 1), None)], []),
    "ready until the day": (True, [True], [(date(2026, 1, 1), DAY)], []),
    "starting that day": (True, [True, False], [(DAY, date(2026, 12, 31))], []),
    "inactive": (False, [True], [(date(2026, 1, 1), None)], ["Fiche inactive"]),
    "training awaiting": (True, [False], [(date(2026, 1, 1), None)], ["Aucune formation validée"]),
    "no training": (True, [], [(date(2026, 1, 1), None)], ["Aucune formation validée"]),
    "expired": (
        True,
        [True],
        [(date(2025, 1, 1), date(2026, 3, 14))],
        ["Convention expirée le 14 mars 2026"],
    ),
    "renewed": (True, [True], [(date(2025, 1, 1), date(2026, 3, 14)), (date(2026, 3, 15), None)], []),
    "no convention": (True, [True], [], ["Aucune convention en vigueur"]),
    "future": (
        True,
        [True],
        [(date(2026, 4, 1), None)],
        ["Aucune convention en vigueur (la prochaine prend effet le 1 avril 2026)"],
    ),
    "nothing": (
        False,
        [],
        [],
        ["Fiche inactive", "Aucune formation validée", "Aucune convention en vigueur"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_it_says_the_same_in_python_and_in_sql(name, partner, coordinator):
    active, trainings, conventions, reasons = CASES[name]
    for validated in trainings:
        add_training(coordinator, partner, validated=validated)
    for starts_on, ends_on in conventions:
        add_convention(coordinator, partner, starts_on=starts_on, ends_on=ends_on)
    if not active:
        partner_update(acting_user=coordinator, partner=partner, active=False)
    partner = PatientPartner.objects.for_list().get(pk=partner.pk)

    status = partner_proposable(partner, DAY)

    assert list(status.reasons) == reasons
    assert status.proposable is (not reasons) is bool(status)
    in_sql = PatientPartner.objects.proposable(DAY).filter(pk=partner.pk).exists()
    assert in_sql is status.proposable
    assert PatientPartner.objects.not_proposable(DAY).filter(pk=partner.pk).exists() is not in_sql


def test_the_list_reads_the_rule_without_a_query_per_partner(partner, coordinator, django_assert_num_queries):
    add_training(coordinator, partner, validated=True)
    add_convention(coordinator, partner, starts_on=date(2026, 1, 1))
    partners = list(PatientPartner.objects.for_list())
    with django_assert_num_queries(0):
        assert all(partner_proposable(p, DAY) for p in partners)
