"""The pages: the coordination plans and records, the mediator registers, the patient partner
reads their sessions without a name; another organisation's mediator gets 404."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lien.workshops import services
from lien.workshops.models import WorkshopAttendance, WorkshopProgramme, WorkshopRegistration, WorkshopSession
from tests.workshops.conftest import TODAY, register, session_on

pytestmark = pytest.mark.django_db


def test_the_coordination_creates_a_programme_and_a_session(
    world, client_for, coordinator, partner, mediator
):
    client = client_for(coordinator)
    response = client.post(
        reverse("workshops:programme_create"),
        {
            "title": "Vivre avec son diabète",
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
            "active": "on",
        },
    )
    programme = WorkshopProgramme.objects.get()
    assert response.url == reverse("workshops:programme_detail", args=[programme.pk])
    form = client.get(reverse("workshops:session_create", args=[programme.pk])).content.decode()
    assert "Nadia Benali" in form
    response = client.post(
        reverse("workshops:session_create", args=[programme.pk]),
        {
            "day": "2026-03-09",
            "time": "14:00",
            "duration_minutes": "120",
            "place": "Maison de santé",
            "theme": "nutrition",
            "capacity": "8",
            "professionals": [str(mediator.pk)],
            "partners": [str(partner.pk)],
        },
    )
    assert response.status_code == 302
    session = WorkshopSession.objects.get()
    assert list(session.partners.all()) == [partner] and session.day == date(2026, 3, 9)
    # on a day the partner's convention does not cover: the refusal on the form
    response = client.post(
        reverse("workshops:session_edit", args=[session.pk]),
        {
            "day": "2026-05-11",
            "time": "14:00",
            "duration_minutes": "120",
            "place": "Maison de santé",
            "theme": "nutrition",
            "capacity": "8",
            "partners": [str(partner.pk)],
        },
    )
    assert response.status_code == 422 and "ne peut pas animer" in response.content.decode()


def test_the_mediator_registers_a_person_with_consent(client_for, programme, mediator, people):
    client = client_for(mediator)
    url = reverse("workshops:register", args=[programme.pk])
    page = client.get(url).content.decode()
    assert "Texte d&#x27;information à lire" in page or "Texte d'information à lire" in page
    data = {
        "person": people[0].pk,
        "consented_on": TODAY.isoformat(),
        "registered_on": TODAY.isoformat(),
        "information_version": "etp-2026-01",
    }
    response = client.post(url, data)
    assert response.status_code == 422 and "consenti" in response.content.decode()
    response = client.post(url, data | {"consent_given": "on"})
    assert response.status_code == 302
    registration = WorkshopRegistration.objects.get()
    detail = client.get(reverse("workshops:programme_detail", args=[programme.pk])).content.decode()
    assert "Odile Quintal" in detail
    response = client.post(reverse("workshops:registration_withdraw", args=[registration.pk]))
    registration.refresh_from_db()
    assert response.status_code == 302 and registration.person is None


def test_the_attendance_sheet(client_for, programme, coordinator, mediator, people):
    session = session_on(programme, coordinator, TODAY - timedelta(days=1))
    first, second, third = (register(programme, mediator, person) for person in people[:3])
    client = client_for(coordinator)
    url = reverse("workshops:attendance", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Odile Quintal" in page and "Bruno Sarda" in page
    response = client.post(url, {"present": [str(first.pk)], "excused": [str(second.pk)]})
    assert response.status_code == 302
    marks = dict(WorkshopAttendance.objects.values_list("registration_id", "status"))
    assert marks == {first.pk: "present", second.pk: "excused", third.pk: "absent"}
    response = client.post(url, {"present": [str(first.pk)], "excused": [str(first.pk)]})
    assert response.status_code == 422
    # a session to come: no sheet yet
    later = session_on(programme, coordinator, TODAY + timedelta(days=7), capacity=5)
    page = client.get(reverse("workshops:attendance", args=[later.pk])).content.decode()
    assert "pas encore commencé" in page and 'name="present"' not in page


def test_the_patient_partner_reads_their_sessions_without_a_name(
    world, client_for, programme, coordinator, mediator, partner, people
):
    session_on(programme, coordinator, date(2026, 3, 9), partners=[partner])
    session_on(programme, coordinator, date(2026, 3, 16), place="Salle des fêtes")  # not theirs
    register(programme, mediator, people[0])
    register(programme, mediator, people[1])
    client = client_for(world.users["patient_partner"])
    page = client.get(reverse("workshops:my_sessions")).content.decode()
    assert "Maison de santé de Limoux" in page and "Vivre avec son diabète" in page
    assert "Salle des fêtes" not in page
    assert "Quintal" not in page and "Sarda" not in page and "Odile" not in page
    assert '<td class="num">2</td>' in page
    home = client.get(reverse("home")).content.decode()
    assert reverse("workshops:my_sessions") in home and f'href="{reverse("workshops:list")}"' not in home
    for name in ("list", "programme_detail", "report", "register"):
        args = [] if name == "list" else [programme.pk]
        assert client.get(reverse(f"workshops:{name}", args=args)).status_code == 404


def test_another_organisation_gets_404(world, client_for, programme, coordinator, mediator, people):
    session = session_on(programme, coordinator, TODAY - timedelta(days=1))
    registration = register(programme, mediator, people[0])
    client = client_for(world.users["outsider"])
    assert "Vivre avec son diabète" not in client.get(reverse("workshops:list")).content.decode()
    for name, pk in [
        ("programme_detail", programme.pk),
        ("programme_edit", programme.pk),
        ("register", programme.pk),
        ("report", programme.pk),
        ("report_pdf", programme.pk),
        ("report_json", programme.pk),
        ("session_edit", session.pk),
        ("attendance", session.pk),
    ]:
        assert client.get(reverse(f"workshops:{name}", args=[pk])).status_code == 404, name
    assert client.post(reverse("workshops:registration_withdraw", args=[registration.pk])).status_code == 404
    assert WorkshopRegistration.objects.get().person == people[0]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_make_as_many_queries_for_more_rows(
    world, client_for, coordinator, mediator, partner, people
):
    client = client_for(coordinator)

    def programme(i: int) -> WorkshopProgramme:
        made = services.programme_create(
            acting_user=coordinator, organisation=world.organisation, title=f"Programme {i}", starts_on=TODAY
        )
        session_on(made, coordinator, TODAY + timedelta(days=7), partners=[partner], professionals=[mediator])
        return made

    first = programme(0)
    register(first, mediator, people[0], on=TODAY)
    urls = [reverse("workshops:list"), reverse("workshops:programme_detail", args=[first.pk])]
    client.get(urls[0])
    few = [_count(client, url) for url in urls]
    for i in range(1, 4):
        programme(i)
        session_on(
            first, coordinator, TODAY + timedelta(days=7 + i), partners=[partner], professionals=[mediator]
        )
    for person in people[1:]:
        register(first, mediator, person, on=TODAY)
    assert [_count(client, url) for url in urls] == few


def test_the_coordinators_view_shows_the_programmes_of_the_period(
    client_for, coordinator, mediator, programme, people
):
    """The coordination of patient partners reads each programme's figures beside the registry's."""
    held = session_on(programme, coordinator, TODAY - timedelta(days=7))
    session_on(programme, coordinator, TODAY + timedelta(days=7))
    registration = register(programme, mediator, people[0])
    services.attendance_record(acting_user=coordinator, session=held, entries={registration.pk: "present"})
    page = client_for(coordinator).get(
        reverse("partners:coordination"), {"start": "2026-01-01", "end": TODAY.isoformat()}
    )
    text = page.content.decode()
    assert "Ateliers d'éducation thérapeutique de la période" in text
    row = re.search(r"Vivre avec son diabète</a></th>(.*?)</tr>", text, re.S)
    assert row is not None
    assert re.findall(r"<td>([^<]*)</td>", row[1]) == ["1", "0", "1", "100 %"]
    assert "Odile" not in text
