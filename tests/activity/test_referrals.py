"""The referrals of the health centre's doctors in the programme report: received in the period,
by status and urgency, the doctors who referred, the year before; another organisation's left out."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.activity.report import programme_report
from lien.referrals import services
from tests.activity.conftest import END, QUERY, START
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(world):
    """In the period: four referrals of two doctors (one taken, one declined); a year earlier: one;
    between the two periods: one; another organisation's doctor: two in the period."""
    mediator, outsider = world.users["community_mediator"], world.users["outsider"]
    doctors = {}
    for name, organisation in [("blaes", world.organisation), ("roux", world.organisation)]:
        doctors[name] = UserFactory(email=f"dr.{name}@centre.example")
        membership_add(user=doctors[name], organisation=organisation, role=Role.REFERRING_DOCTOR)
    elsewhere = UserFactory(email="dr.autre@ailleurs.example")
    membership_add(user=elsewhere, organisation=world.other_organisation, role=Role.REFERRING_DOCTOR)

    def refer(doctor, on: date, urgency: str, organisation=world.organisation):
        return services.referral_create(
            acting_user=doctor,
            organisation=organisation,
            first_name="Jérôme",
            reason="Droits à ouvrir.",
            urgency=urgency,
            referred_on=on,
        )

    taken = refer(doctors["blaes"], date(2026, 1, 12), "soon")
    services.referral_take(
        acting_user=mediator, referral=taken, person=PersonFactory(organisation=world.organisation)
    )
    declined = refer(doctors["blaes"], date(2026, 3, 2), "routine")
    services.referral_decline(acting_user=mediator, referral=declined, feedback="Déjà suivi ailleurs.")
    refer(doctors["roux"], date(2026, 5, 20), "urgent")
    refer(doctors["roux"], date(2026, 6, 30), "urgent")
    refer(doctors["roux"], date(2025, 6, 1), "routine")  # a year earlier
    refer(doctors["blaes"], date(2025, 11, 3), "soon")  # between the two periods
    for on in (date(2026, 2, 1), date(2026, 2, 2)):
        declined_elsewhere = refer(elsewhere, on, "urgent", organisation=world.other_organisation)
    services.referral_decline(acting_user=outsider, referral=declined_elsewhere, feedback="Hors secteur.")
    return world


def test_it_counts_the_referrals_received_by_status_urgency_and_doctor(referrals):
    report = programme_report(referrals.organisation, START, END)
    assert report["referrals"] == {
        "received": 4,
        "by_status": {"new": 2, "taken": 1, "closed": 0, "declined": 1},
        "by_urgency": {"routine": 1, "soon": 1, "urgent": 2},
        "referrers": 2,
    }
    assert report["previous"]["referrals"] == {
        "received": 1,
        "by_status": {"new": 1, "taken": 0, "closed": 0, "declined": 0},
        "by_urgency": {"routine": 1, "soon": 0, "urgent": 0},
        "referrers": 1,
    }


def test_it_counts_the_referrals_of_the_organisations_of_the_report_only(referrals):
    assert programme_report(referrals.regional, START, END)["referrals"]["received"] == 4
    elsewhere = programme_report(referrals.other_organisation, START, END)["referrals"]
    assert elsewhere == {
        "received": 2,
        "by_status": {"new": 1, "taken": 0, "closed": 0, "declined": 1},
        "by_urgency": {"routine": 0, "soon": 0, "urgent": 2},
        "referrers": 1,
    }


def test_the_period_bounds_the_referrals(referrals):
    report = programme_report(referrals.organisation, date(2026, 3, 2), date(2026, 5, 20))
    assert (report["referrals"]["received"], report["referrals"]["referrers"]) == (2, 2)
    assert programme_report(referrals.organisation, date(2024, 1, 1), date(2024, 12, 31))["referrals"] == {
        "received": 0,
        "by_status": {"new": 0, "taken": 0, "closed": 0, "declined": 0},
        "by_urgency": {"routine": 0, "soon": 0, "urgent": 0},
        "referrers": 0,
    }


def test_the_people_are_still_counted_by_who_referred_them(referrals):
    assert "by_referral_source" in programme_report(referrals.organisation, START, END)["people"]


def test_the_page_shows_the_referrals_beside_the_year_before(referrals, client_for):
    response = client_for(referrals.users["community_mediator"]).get(reverse("activity:report"), QUERY)
    tables = response.context["page"]["tables"]
    received = {line.label: (line.count, line.previous) for line in tables["doctor_referrals"].lines}
    assert received == {
        "Adressages reçus": (4, 1),
        "Médecins ayant adressé au moins un·e patient·e": (2, 1),
    }
    statuses = {line.label: (line.count, line.previous) for line in tables["doctor_referral_statuses"].lines}
    assert statuses == {
        "Reçu, pas encore pris en charge": (2, 1),
        "Pris en charge par la médiation": (1, 0),
        "Accompagnement terminé": (0, 0),
        "Non pris en charge": (1, 0),
    }
    assert sum(line.share for line in tables["doctor_referral_statuses"].lines) == 100
    urgencies = {line.label: line.count for line in tables["doctor_referral_urgencies"].lines}
    assert urgencies == {"Quand c'est possible": 1, "Dans la semaine": 1, "Urgent (sous 48 heures)": 2}
    html = response.content.decode()
    people = html.split('id="people-title"')[1].split("</section>")[0]
    for caption in (
        "Adressages des médecins du centre de santé",
        "Adressages des médecins selon leur suite à ce jour",
        "Adressages des médecins par urgence",
    ):
        assert f"<caption>{caption}</caption>" in people
    assert "Adressages des médecins" in [term for term, _definition in response.context["glossary"]]


def test_the_page_leaves_the_referrals_out_where_no_doctor_refers(world, client_for):
    response = client_for(world.users["community_mediator"]).get(reverse("activity:report"), QUERY)
    assert "doctor_referrals" not in response.context["page"]["tables"]
    assert "Adressages des médecins du centre de santé" not in response.content.decode()


def test_the_spreadsheet_has_the_referrals_in_the_people_sheet(referrals, client_for):
    response = client_for(referrals.users["coordinator"]).get(reverse("activity:report_xlsx"), QUERY)
    sheet = load_workbook(io.BytesIO(response.content))["Personnes"]
    rows = {
        (row[0], row[1]): (row[2], row[4])
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if str(row[0]).startswith("Adressages des médecins")
    }
    assert rows[("Adressages des médecins du centre de santé", "Adressages reçus")] == (4, 1)
    assert rows[("Adressages des médecins par urgence", "Urgent (sous 48 heures)")] == (2, 0)
