import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lien.journal.models import Action, JournalEntry
from lien.reports.models import AnnualReportText
from lien.reports.services import annual_report_text_save

pytestmark = pytest.mark.django_db

URL = reverse("report_annual")
TEXT = {
    "highlights": "  Forte hausse des recherches de médecin traitant.  ",
    "improvement_actions": "Permanences.",
}


def _post(client, organisation, data, year=2022):
    return client.post(f"{URL}?organisation={organisation.slug}&year={year}", data)


@pytest.mark.parametrize("who", ["institutional_mediator", "deputy", "assistant", "director"])
def test_it_lets_the_fund_team_and_its_director_write_the_text(who, world, funds, client_for):
    client = client_for(world.users[who])
    assert _get_context(client, funds.a)["form"] is not None
    response = _post(client, funds.a, TEXT)
    assert response.status_code == 302
    assert response.url == f"{URL}?organisation=asso&year=2022"
    text = AnnualReportText.objects.get(organisation=funds.a, year=2022)
    assert text.highlights == "Forte hausse des recherches de médecin traitant."
    assert text.updated_by == world.users[who]
    page = client.get(response.url).content.decode()
    assert "Forte hausse des recherches de médecin traitant." in page


def _get_context(client, organisation):
    return client.get(URL, {"organisation": organisation.slug, "year": 2022}).context


def test_it_keeps_one_text_per_organisation_and_year(world, funds, client_for):
    client = client_for(world.users["institutional_mediator"])
    _post(client, funds.a, TEXT)
    _post(client, funds.a, TEXT | {"highlights": "Deuxième version"})
    _post(client, funds.a, TEXT, year=2021)
    assert AnnualReportText.objects.filter(organisation=funds.a).count() == 2
    assert AnnualReportText.objects.get(organisation=funds.a, year=2022).highlights == "Deuxième version"
    assert (
        JournalEntry.objects.filter(action=Action.UPDATE, object_type="reports.annualreporttext").count() == 3
    )


@pytest.mark.parametrize("who", ["regional_coordinator", "coordinator", "community_mediator"])
def test_it_shows_the_text_read_only_to_those_who_only_read_statistics(who, world, funds, client_for):
    annual_report_text_save(
        acting_user=world.users["director"],
        organisation=funds.a,
        year=2022,
        highlights="Bilan",
        improvement_actions="",
    )
    client = client_for(world.users[who])
    context = _get_context(client, funds.a)
    assert context["form"] is None
    assert "Bilan" in client.get(URL, {"organisation": "asso", "year": 2022}).content.decode()
    assert _post(client, funds.a, TEXT).status_code == 404
    assert AnnualReportText.objects.get().highlights == "Bilan"


def test_it_refuses_the_text_to_the_mediator_of_another_fund(world, funds, client_for):
    assert _post(client_for(funds.mediator_b), funds.a, TEXT).status_code == 404
    with pytest.raises(PermissionDenied):
        annual_report_text_save(
            acting_user=funds.mediator_b,
            organisation=funds.a,
            year=2022,
            highlights="x",
            improvement_actions="",
        )
    assert not AnnualReportText.objects.exists()
