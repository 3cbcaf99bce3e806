"""The directory pages: forms, the orientation sheet (page and PDF), import through the page."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from lien.directory.models import (
    Contact,
    OrientationDifficulty,
    PartnerMeeting,
    PartnershipNote,
    Service,
    Structure,
)
from lien.journal.models import Action, JournalEntry
from tests.directory.factories import ServiceFactory, StructureFactory
from tests.factories import CommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _structure_form(**fields) -> dict:
    data = {
        "name": "",
        "typology": "",
        "description": "",
        "address": "",
        "address_complement": "",
        "commune": "",
        "postal_code": "",
        "phone": "",
        "email": "",
        "website": "",
        "opening_hours": "",
        "access_directions": "",
        "accessibility_url": "",
        "latitude": "",
        "longitude": "",
        "siret": "",
        "visibility": "private",
    }
    return data | fields


def test_it_creates_a_structure_from_the_form_with_its_commune(world, mediator, client_for):
    CommuneFactory()
    response = client_for(mediator).post(
        reverse("directory:structure_create"),
        _structure_form(
            organisation=world.organisation.pk,
            name="Maison de santé de Quillan",
            typology="MSP",
            commune="Quillan — 11500 (11304)",
            opening_hours="lundi au vendredi",
            languages=["fr", "es"],
            latitude="42.8756",
            longitude="2.1819",
        ),
        follow=True,
    )
    structure = Structure.objects.get()
    assert response.redirect_chain[-1][0] == reverse("directory:structure_detail", args=[structure.pk])
    assert (structure.code_insee, structure.commune_name, structure.postal_code) == (
        "11304",
        "Quillan",
        "11500",
    )
    assert structure.languages == ["fr", "es"]
    assert "pas reconnu" in response.content.decode()


def test_it_refuses_half_coordinates_and_a_short_name(world, mediator, client_for):
    response = client_for(mediator).post(
        reverse("directory:structure_create"),
        _structure_form(organisation=world.organisation.pk, name="AB", latitude="42.1"),
    )
    assert response.status_code == 200
    assert not Structure.objects.exists()
    assert "latitude et la longitude" in response.content.decode()


def test_it_edits_a_service_with_its_thematics_and_what_it_accepts(world, mediator, client_for):
    service = ServiceFactory(structure__organisation=world.organisation, thematics=["sante--addictions"])
    client = client_for(mediator)
    form = client.get(reverse("directory:service_edit", args=[service.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data |= {
        "thematics": ["sante--acces-aux-soins", "sante--sante-mentale"],
        "accepts_ame": "true",
        "accepts_c2s": "false",
        "fees": "gratuit",
        "coverage": "11 11304",
    }
    response = client.post(reverse("directory:service_edit", args=[service.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    service.refresh_from_db()
    assert service.thematic_codes == ["sante--acces-aux-soins", "sante--sante-mentale"]
    assert (service.accepts_ame, service.accepts_c2s, service.fees, service.coverage) == (
        True,
        False,
        "gratuit",
        ["11", "11304"],
    )


def test_it_marks_an_entry_verified(world, mediator, client_for):
    structure = StructureFactory(organisation=world.organisation, verified_on=None)
    response = client_for(mediator).post(reverse("directory:structure_verify", args=[structure.pk]))
    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.verified_on is not None


def test_it_keeps_the_partnership_file_from_the_pages(world, mediator, client_for):
    structure = StructureFactory(organisation=world.organisation)
    service = ServiceFactory(structure=structure)
    client = client_for(mediator)
    client.post(
        reverse("directory:partnership_edit", args=[structure.pk]),
        {"how_to_reach": "Le matin", "waiting_times": "", "what_works": "", "notes": ""},
    )
    client.post(
        reverse("directory:difficulty_create", args=[structure.pk]),
        {
            "organisation": world.organisation.pk,
            "kind": "unreachable",
            "service": service.pk,
            "occurred_on": "2025-02-03",
            "description": "",
        },
    )
    client.post(
        reverse("directory:meeting_create"),
        {
            "organisation": world.organisation.pk,
            "held_on": "2025-02-04",
            "structures": [structure.pk],
            "participants": "Nous et eux",
            "topics": "Les délais",
            "follow_ups": "",
            "follow_up_due_on": "",
        },
    )
    client.post(
        reverse("directory:contact_create", args=[structure.pk]),
        {"name": "Nathalie Brun", "role": "", "phone": "", "email": "", "service": "", "notes": ""},
    )
    assert PartnershipNote.objects.get().how_to_reach == "Le matin"
    assert OrientationDifficulty.objects.get().service == service
    assert list(PartnerMeeting.objects.get().structures.all()) == [structure]
    contact = Contact.objects.get()
    assert JournalEntry.objects.filter(
        action=Action.CREATE, object_type="directory.contact", object_id=str(contact.pk)
    ).exists()


def _search_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(20) as captured:
        response = client.get(
            reverse("directory:search"), {"thematic": "sante", "commune": "11304", "radius": "50"}
        )
    assert response.status_code == 200
    return len(captured)


def test_it_lists_results_with_a_constant_number_of_queries(
    world, mediator, client_for, django_assert_max_num_queries
):
    CommuneFactory()
    client = client_for(mediator)
    ServiceFactory(
        structure=StructureFactory(organisation=world.organisation, located=True),
        thematics=["sante--addictions"],
    )
    with_one = _search_queries(client, django_assert_max_num_queries)
    for _ in range(24):
        ServiceFactory(
            structure=StructureFactory(organisation=world.organisation, located=True),
            thematics=["sante--addictions"],
        )
    assert _search_queries(client, django_assert_max_num_queries) == with_one


def test_it_prints_a_sheet_for_a_person_and_journals_it(world, mediator, client_for):
    person = PersonFactory(organisation=world.organisation, first_name="Josette")
    structure = StructureFactory(
        organisation=world.organisation,
        name="PASS de Carcassonne",
        address="Route de Saint-Hilaire",
        phone="04 65 71 10 10",
        opening_hours="Mo-Fr 09:00-12:00",
        access_directions="Bus 2, arrêt Hôpital.",
    )
    service = ServiceFactory(structure=structure, name="Consultation", free=True, accepts_ame=True)
    client = client_for(mediator)
    query = f"?v={service.pk}&person={person.pk}"
    page = client.get(reverse("directory:sheet") + query).content.decode()
    for text in (
        "Pour Josette",
        "PASS de Carcassonne",
        "Du lundi au vendredi : de 9 h à 12 h",
        "Bus 2, arrêt Hôpital.",
        "04 65 71 10 10",
        "gratuit",
    ):
        assert text in page
    pdf = client.get(reverse("directory:sheet_pdf") + query)
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "PASS de Carcassonne" in text and "Route de Saint-Hilaire" in text
    actions = list(JournalEntry.objects.filter(person=person).values_list("action", flat=True).order_by("pk"))
    assert actions == [Action.VIEW, Action.VIEW, Action.PRINT]


def test_it_refuses_a_sheet_for_a_person_the_user_cannot_read(world, client_for):
    person = PersonFactory(organisation=world.other_organisation)
    response = client_for(world.users["community_mediator"]).get(
        reverse("directory:sheet") + f"?person={person.pk}"
    )
    assert response.status_code == 404


def test_it_imports_through_the_page_all_or_nothing(world, mediator, client_for):
    client = client_for(mediator)
    good = {"structures": [{"source": "s", "id": "s--1", "nom": "Centre social", "date_maj": "2025-01-01"}]}
    bad = {
        "structures": good["structures"]
        + [{"source": "s", "id": "s--2", "nom": "X", "date_maj": "2025-01-01"}]
    }
    response = client.post(
        reverse("directory:exchange"),
        {
            "action": "import",
            "import-format": "datainclusion",
            "import-organisation": world.organisation.pk,
            "import-file": SimpleUploadedFile("a.json", json.dumps(bad).encode()),
        },
    )
    assert "rien n'a été importé" in response.content.decode()
    assert "structures[1] (id=s--2): nom:" in response.content.decode()
    assert not Structure.objects.exists()
    response = client.post(
        reverse("directory:exchange"),
        {
            "action": "import",
            "import-format": "datainclusion",
            "import-organisation": world.organisation.pk,
            "import-file": SimpleUploadedFile("a.json", json.dumps(good).encode()),
        },
    )
    assert "Structures : 1 créées" in response.content.decode()
    assert Structure.objects.get().organisation == world.organisation


def test_it_removes_a_service_after_confirmation(world, mediator, client_for):
    service = ServiceFactory(structure__organisation=world.organisation)
    client = client_for(mediator)
    assert client.get(reverse("directory:service_delete", args=[service.pk])).status_code == 200
    assert Service.objects.exists()
    client.post(reverse("directory:service_delete", args=[service.pk]))
    assert not Service.objects.exists()


def test_it_lists_structures_by_name_without_accents_or_by_commune(world, mediator, client_for):
    StructureFactory(organisation=world.organisation, name="Épicerie solidaire", commune_name="Espéraza")
    StructureFactory(organisation=world.organisation, name="CCAS", commune_name="Quillan")
    client = client_for(mediator)
    for query, expected in (
        ("epicerie", ["Épicerie solidaire"]),
        ("Espéraza", ["Épicerie solidaire"]),
        ("11304", ["CCAS", "Épicerie solidaire"]),
    ):
        page = client.get(reverse("directory:structure_list"), {"q": query}).context["page"]
        assert [s.name for s in page.object_list] == expected, query


def test_it_removes_a_contact_and_journals_it(world, mediator, client_for):
    from tests.directory.factories import ContactFactory

    contact = ContactFactory(structure__organisation=world.organisation)
    response = client_for(mediator).post(reverse("directory:contact_delete", args=[contact.pk]))
    assert response.status_code == 302
    assert not Contact.objects.exists()
    assert JournalEntry.objects.filter(
        action=Action.UPDATE, detail="supprimé", object_type="directory.contact"
    ).exists()


def test_it_edits_the_zones_written_as_text_and_keeps_them_for_the_export(world, mediator, client_for):
    service = ServiceFactory(
        structure__organisation=world.organisation,
        thematics=["sante--acces-aux-soins"],
        coverage_areas=[{"name": "Haute vallée de l'Aude", "description": "hors Limoux"}],
    )
    client = client_for(mediator)
    form = client.get(reverse("directory:service_edit", args=[service.pk])).context["form"]
    assert form["coverage_areas"].value() == "Haute vallée de l'Aude : hors Limoux"
    names = list(form.fields)
    assert names.index("coverage_areas") == names.index("coverage") + 1
    data = {k: ("" if v is None else v) for k, v in ((name, form[name].value()) for name in form.fields)}
    data["coverage_areas"] = "Haute vallée de l'Aude : hors Limoux\n\nPays de Sault\n"
    response = client.post(reverse("directory:service_edit", args=[service.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    service.refresh_from_db()
    assert service.coverage_areas == [
        {"name": "Haute vallée de l'Aude", "description": "hors Limoux"},
        {"name": "Pays de Sault", "description": ""},
    ]
