"""The activity report of a programme: exact figures from a small known half-year and the same
half-year a year earlier (tests/activity/conftest.py)."""

from datetime import date, timedelta

import pytest

from lien.activity.report import programme_report
from lien.orientations.enums import Outcome
from tests.activity.conftest import END, START

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(year):
    return programme_report(year.organisation, START, END)


def test_it_counts_the_people_accompanied_new_and_followed(report):
    people = report["people"]
    # known, new and other had a contact in the period; former only the year before; stranger
    # belongs to another organisation.
    assert (people["accompanied"], people["new"], people["followed"]) == (3, 1, 3)
    assert people["by_age_band"] == {
        "0-17": 0,
        "18-24": 1,
        "25-34": 0,
        "35-44": 0,
        "45-54": 0,
        "55-64": 0,
        "65-74": 0,
        "75+": 1,
        "unknown": 1,
    }
    assert people["by_commune"] == [
        {"insee_code": "11304", "name": "Quillan", "count": 2},
        {"insee_code": "11021", "name": "Axat", "count": 1},
    ]
    # The PUMa granted to ``new`` is in their file now.
    assert people["by_coverage"] == {"none": 0, "puma": 2, "ame": 1, "unknown": 0}


def test_it_counts_the_people_by_gender_and_by_who_referred_them(report):
    people = report["people"]
    assert people["by_gender"] == {"female": 1, "male": 1, "other": 0, "undisclosed": 0, "unknown": 1}
    referrals = {code: n for code, n in people["by_referral_source"].items() if n}
    assert referrals == {"partner_structure": 1, "outreach": 1, "unknown": 1}


def test_it_counts_the_communes_reached_out_of_the_territory(report):
    """Reached: Quillan and Axat (people), Axat and Espéraza (contacts); the territory: the Aude
    communes known to Lien (Limoux: a person of the programme); Foix (Ariège) is another's."""
    assert report["territory"] == {
        "source": "departements",  # no territory declared
        "communes_reached": 3,
        "communes_reached_outside": 0,
        "territory_communes": 4,
        "by_departement": [{"code": "11", "name": "Aude", "communes": 4, "reached": 3}],
    }


def test_it_counts_outreach_by_kind_and_gender(report):
    outreach = report["outreach"]
    assert (outreach["contacts"], outreach["anonymous"], outreach["identified"], outreach["sessions"]) == (
        4,
        3,
        1,
        2,
    )
    assert outreach["sessions_by_kind"] == {
        "permanence": 1,
        "home_visit": 0,
        "food_distribution": 0,
        "street": 1,
    }
    assert outreach["contacts_by_kind"]["permanence"] == 3
    assert outreach["contacts_by_gender"] == {
        "female": 2,
        "male": 0,
        "other": 0,
        "undisclosed": 0,
        "unknown": 2,
    }
    assert outreach["anonymous_by_age_band"]["65-74"] == 1


def test_it_counts_barriers_and_the_epices_score_of_each_person_once(report):
    barriers = report["barriers"]
    assert (barriers["assessments"], barriers["people"]) == (3, 2)
    assert barriers["people_by_barrier"]["mobility"] == 2
    assert barriers["people_by_barrier"]["no_coverage"] == 0
    # ``new``: the last complete assessment (53.84, precarious), not the first (0); ``known``: 0.
    assert barriers["epices"] == {
        "people": 2,
        "precarious": 1,
        "mean": 26.9,
        "by_band": {"q1": 1, "q2": 0, "q3": 0, "q4": 1},
    }


def test_it_counts_the_rights_obtained_per_person(report):
    rights = report["rights"]
    assert (rights["opened"], rights["granted"], rights["refused"]) == (5, 4, 0)
    assert rights["people_obtaining"] == 2
    # ``new``: from no coverage to the PUMa, the C2S, a médecin traitant; ``other``: an AME renewed.
    assert (rights["first_coverage"], rights["c2s_obtained"], rights["gp_declared"], rights["renewed"]) == (
        1,
        1,
        1,
        1,
    )
    assert rights["rights_per_person"] == {"1": 1, "2": 0, "3+": 1}
    assert rights["people_by_kind"]["ame"] == 0  # a renewal opens nothing new
    assert rights["granted_by_kind"]["ame"] == 1


def test_it_counts_partner_meetings_and_participation(report):
    assert report["partners"] == {"meetings": 1, "structures": 2}
    assert (report["participation"]["meetings"], report["participation"]["attendance"]) == (1, 9)


def test_it_counts_orientations_appointments_accompaniments_and_their_rates(report):
    orientations = report["orientations"]
    assert (orientations["total"], orientations["went_rate"], orientations["appointment_booked"]) == (
        2,
        0.5,
        1,
    )
    assert orientations["by_structure_kind"]["pass"]["went"] == 1
    assert orientations["by_structure_kind"]["dental"]["refused"] == 1
    assert orientations["by_difficulty"]["care_refusal"] == 1
    assert report["appointments"]["by_status"] == {"planned": 0, "attended": 1, "missed": 1, "cancelled": 0}
    assert report["appointments"]["attendance_rate"] == 0.5
    assert (
        report["accompaniments"]["count"],
        report["accompaniments"]["km"],
        report["accompaniments"]["minutes"],
    ) == (1, 110, 240)


def test_every_outcome_of_an_orientation_is_counted(report):
    """The outcomes come from the enum: one added there (a waiting list) is in the report."""
    assert set(report["orientations"]["by_outcome"]) == set(Outcome.values)
    assert set(report["orientations"]["by_structure_kind"]["pass"]) == {"total", "went_rate", *Outcome.values}


def test_it_counts_prevention_and_the_linkage_rate(report):
    prevention = report["prevention"]
    assert prevention["advice"]["by_topic"]["sexual_health"] == 1
    assert prevention["tests"]["by_kind"] == {
        "hiv": {"non_reactive": 1, "reactive": 0, "invalid": 1},
        "hcv": {"non_reactive": 0, "reactive": 1, "invalid": 0},
    }
    assert (prevention["tests"]["anonymous"], prevention["tests"]["linkage_rate"]) == (2, 1.0)
    assert (prevention["collective_actions"]["count"], prevention["collective_actions"]["attendance"]) == (
        1,
        14,
    )


def test_it_gives_the_same_figures_for_the_same_period_a_year_earlier(year, report):
    previous = report["previous"]
    assert (previous["start"], previous["end"]) == ("2025-01-01", "2025-06-30")
    assert previous == {
        key: value
        for key, value in programme_report(year.organisation, date(2025, 1, 1), date(2025, 6, 30)).items()
        if key not in {"organisation", "organisation_name", "previous"}
    }
    # known (a call), former (a visit), other (the AME started): all three new then.
    assert (previous["people"]["accompanied"], previous["people"]["new"]) == (3, 3)
    assert previous["accompaniments"]["km"] == 40
    assert (previous["rights"]["first_coverage"], previous["rights"]["people_obtaining"]) == (1, 1)
    assert previous["territory"]["communes_reached"] == 3  # Quillan, Axat, Limoux
    assert previous["partners"] == {"meetings": 1, "structures": 1}
    assert previous["outreach"]["contacts"] == 0


def test_the_year_before_a_29_february_ends_on_the_28th(year):
    report = programme_report(year.organisation, date(2028, 2, 1), date(2028, 2, 29))
    assert (report["previous"]["start"], report["previous"]["end"]) == ("2027-02-01", "2027-02-28")


def test_a_regional_report_aggregates_the_programmes_below_and_nothing_else(year):
    report = programme_report(year.regional, START, END)
    assert report["people"]["accompanied"] == 3
    assert programme_report(year.other_organisation, START, END)["people"]["accompanied"] == 1


def test_the_period_bounds_the_figures(year):
    report = programme_report(year.organisation, date(2026, 5, 1), date(2026, 5, 31))
    # known: the AME started on 1 May (the missed appointment is no contact); the May street
    # contact is anonymous.
    assert report["people"]["accompanied"] == 1
    assert report["appointments"]["total"] == 1


def test_it_leaves_out_what_happened_outside_the_period(year):
    before = programme_report(year.organisation, START - timedelta(days=365), START - timedelta(days=1))
    assert before["people"]["accompanied"] == 3
    assert before["orientations"]["total"] == 0


def test_it_counts_the_followups_started_and_ended_in_the_period(year):
    from lien.followup.enums import FollowupEndReason, FollowupStatus
    from lien.followup.models import Followup

    followups = list(Followup.objects.filter(organisation=year.organisation).order_by("pk"))
    assert len(followups) >= 3
    Followup.objects.filter(organisation=year.organisation).update(started_on=START - timedelta(days=400))
    Followup.objects.filter(pk=followups[0].pk).update(started_on=START + timedelta(days=3))
    ended = {"status": FollowupStatus.ENDED, "end_reason": FollowupEndReason.AUTONOMOUS}
    Followup.objects.filter(pk=followups[1].pk).update(ended_on=END - timedelta(days=3), **ended)
    Followup.objects.filter(pk=followups[2].pk).update(ended_on=START - timedelta(days=1), **ended)  # before
    people = programme_report(year.organisation, START, END)["people"]
    assert (people["followed"], people["followups_started"], people["followups_ended"]) == (
        len(followups) - 1,
        1,
        1,
    )
