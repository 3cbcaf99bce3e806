"""The demo programme of the Occitanie network: five sessions facilitated by the nurse and Michel
Bonnet, three held with their attendance; loading twice adds nothing."""

import pytest
from django.utils import timezone

from lien.accounts.services import organisation_upsert, user_add
from lien.demo import load as demo_load
from lien.demo.community import demo_consent
from lien.demo.partners import demo_partners_load
from lien.demo.workshops import demo_workshops_load
from lien.people.services import person_create
from lien.workshops.models import WorkshopAttendance, WorkshopProgramme, WorkshopRegistration
from lien.workshops.report import programme_report
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_the_demo_programme():
    for index, code in enumerate(["11", "09", "31", "34", "69"]):
        CommuneFactory(insee_code=f"{code}{index:03d}", departement=code)
    slug = "patients-partenaires-occitanie"
    network, _ = organisation_upsert(slug=slug, name="Patients partenaires Occitanie", kind="association")
    users = {}
    for account in demo_load.ACCOUNTS:
        if account.organisation == slug:
            users[account.email], _ = user_add(email=account.email, organisation=network, role=account.role)
    (_slug, author, people) = next(entry for entry in demo_load.PEOPLE if entry[0] == slug)
    for first_name, last_name, *_rest in people:
        person_create(
            acting_user=users[author],
            organisation=network,
            consent=demo_consent(network),
            first_name=first_name,
            last_name=last_name,
        )
    today = timezone.localdate()
    demo_partners_load(organisations={slug: network}, users=users, today=today)
    demo_workshops_load(organisations={slug: network}, users=users, today=today)
    demo_workshops_load(organisations={slug: network}, users=users, today=today)
    programme = WorkshopProgramme.objects.get()
    assert programme.title == "Vivre avec son diabète"
    assert programme.sessions.count() == 5
    assert {p.user.email for s in programme.sessions.all() for p in s.partners.all()} == {
        "michel.bonnet@patients-partenaires.example"
    }
    assert WorkshopRegistration.objects.filter(person__isnull=False).count() == 5
    assert WorkshopAttendance.objects.count() == 15
    report = programme_report(programme, programme.starts_on, programme.ends_on)
    assert report["sessions"] == {"held": 3, "planned": 2}
    assert report["attendance"]["present"] == 11 and report["attendance"]["expected"] == 15
