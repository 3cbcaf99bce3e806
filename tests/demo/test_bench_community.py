"""The association network of `lien bench-data --people` (lien/demo/bench_community.py), at a tiny
size: its tree and accounts, rows the services and the pages read as they would have written them
(the note sealed, the search columns of the directory), people on the call-back list and in
rupture, and a reset that takes it all away. Speed is measured by `make bench`, never here."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import ApiToken, Organisation, User
from lien.appointments.models import Appointment
from lien.demo import bench, bench_community
from lien.directory.models import Service, Structure
from lien.directory.selectors import SearchCriteria, service_search
from lien.followup.contact_days import _source_days
from lien.followup.models import Contact, ContactDay, Followup
from lien.followup.selectors import call_list_for, rupture_cutoffs, with_last_contact
from lien.lib.encrypted import PREFIX
from lien.orientations.models import Orientation
from lien.outreach.models import OutreachSession
from lien.people.models import Consent, Person
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)
COMMUNES = [  # (INSEE, name, département, latitude, longitude, population)
    ("11069", "Carcassonne", "11", 43.2130, 2.3491, 46000),
    ("11304", "Quillan", "11", 42.8760, 2.1830, 3000),
    ("69123", "Lyon", "69", 45.7578, 4.8320, 520000),
    ("69029", "Bron", "69", 45.7386, 4.9130, 42000),
]


@pytest.fixture
def communes():
    for insee, name, departement, latitude, longitude, population in COMMUNES:
        CommuneFactory(
            insee_code=insee,
            name=name,
            departement=departement,
            latitude=latitude,
            longitude=longitude,
            population=population,
        )


def load(**options) -> dict:
    options = {
        "people": 60,
        "associations": 3,
        "regions": 2,
        "contacts_per_person": 4,
        "services": 30,
        "years": 2,
        "batch_size": 40,
    } | options
    return bench_community.community_data_load(
        options=bench_community.CommunityOptions(**options), today=TODAY, progress=lambda line: None
    )


def test_it_builds_a_network_of_associations_with_their_people(communes):
    load()
    national = Organisation.objects.get(slug=bench_community.NATIONAL_SLUG)
    associations = Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION)
    assert Organisation.objects.filter(parent=national).count() == 2
    assert associations.count() == 3
    assert set(associations.values_list("parent__parent", flat=True)) == {national.pk}
    assert Person.objects.filter(organisation__in=associations).count() == 60
    assert Consent.objects.count() == Followup.objects.count() == 60
    assert 60 <= Contact.objects.count() <= 60 * 7
    assert Appointment.objects.exists() and Orientation.objects.exists()
    assert OutreachSession.objects.filter(team__isnull=False).exists()
    assert Service.objects.count() == 30
    assert not Service.objects.filter(thematics__isnull=True).exists()
    mediator = User.objects.get(email=f"asso001.mediateur01@{bench.EMAIL_DOMAIN}")
    assert mediator.check_password(bench.PASSWORD)


def test_it_writes_tokens_that_authenticate_and_people_the_mediator_may_open(communes, tmp_path):
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps({"funds": []}))
    community = load()
    bench_community.accounts_add_community(path=path, community=community)
    assert json.loads(path.read_text())["community"] == community
    coordinator = ApiToken.objects.authenticate(community["national"]["token"]).user
    assert coordinator.email == community["national"]["email"]
    for entry in community["associations"]:
        user = ApiToken.objects.authenticate(entry["token"]).user
        assert user.email == entry["email"]
        visible = Person.objects.visible_to(user).identified()
        assert visible.filter(pk__in=entry["person_ids"]).count() == len(entry["person_ids"]) > 0
        assert all(visible.search(name).exists() for name in entry["names"])  # the search index is filled


def test_it_seals_the_notes_as_the_field_does(communes):
    load()
    noted = Contact.objects.exclude(note="")
    assert noted.exists()
    assert {contact.note for contact in noted} <= set(bench_community.NOTES)
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM followup_contact WHERE note <> ''")
        assert all(note.startswith(PREFIX) for (note,) in cursor.fetchall())


def test_it_fills_the_search_columns_of_the_directory_as_the_models_do(communes):
    load()
    columns = ["search_name", "search_text", "place_insee", "place_lat", "place_lon", "hours_known"]
    columns += ["open_days", "coverage_key"]
    for service in Service.objects.select_related("structure").prefetch_related("thematics"):
        stored = {name: getattr(service, name) for name in columns}
        service.refresh_search_fields(thematics=service.thematic_codes)
        assert stored == {name: getattr(service, name) for name in columns}
    for structure in Structure.objects.all():
        stored = (structure.search_name, structure.languages_key)
        structure.refresh_search_fields()
        assert stored == (structure.search_name, structure.languages_key)


def test_the_directory_search_ranks_the_services_around_a_commune(communes):
    community = load()
    entry = community["associations"][0]
    user = User.objects.get(email=entry["email"])
    result = service_search(user=user, criteria=SearchCriteria(commune=entry["communes"][0], radius_km=50))
    assert result.origin is not None and result.count > 0
    distances = [hit.distance_km for hit in result.hits]
    assert distances == sorted(distances)


def test_the_people_are_on_the_call_back_list_the_silent_ones_in_rupture(communes):
    community = load(people=90)
    on_lists = 0
    for entry in community["associations"]:
        user = User.objects.get(email=entry["email"])
        organisation = Organisation.objects.get(slug=entry["slug"])
        rows = call_list_for(user, today=TODAY, mine=False).rows
        assert {row.followup.organisation_id for row in rows} <= {organisation.pk}
        cutoff = rupture_cutoffs({organisation.pk}, TODAY)[organisation.pk]
        silent = set(
            with_last_contact(Followup.objects.active().filter(organisation=organisation))
            .filter(last_contact_on__lt=cutoff)
            .values_list("person_id", flat=True)
        )
        assert silent <= {row.followup.person_id for row in rows if row.silent_since}
        on_lists += len(rows)
    assert on_lists > 0
    assert Followup.objects.active().exclude(next_contact_on=None).exists()


def test_the_days_of_contact_are_what_the_sources_say(communes):
    """The generator writes past the signals: it rebuilds the days of contact at the end."""
    load()
    days = set(ContactDay.objects.values_list("person_id", "day"))
    assert days
    assert days == {(pk, date.fromisoformat(str(day)[:10])) for pk, day in _source_days()}


def test_the_bench_reset_takes_the_network_away(communes):
    load()
    bench.bench_reset(progress=lambda line: None)
    assert not Organisation.objects.exists()
    assert not Person.objects.exists() and not Service.objects.exists()
    assert not User.objects.filter(email__endswith=f"@{bench.EMAIL_DOMAIN}").exists()


def test_the_command_adds_the_network_and_its_accounts(communes, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    arguments = ["--saisines", "20", "--funds", "1", "--years", "1", "--people", "30", "--associations", "2"]
    call_command("bench_data", *arguments, "--services", "10", stdout=open("/dev/null", "w"))
    accounts = json.loads((tmp_path / "bench" / "accounts.json").read_text())
    assert [fund["saisines"] for fund in accounts["funds"]] == [20]
    assert [entry["slug"] for entry in accounts["community"]["associations"]] == [
        f"{bench_community.PREFIX}001",
        f"{bench_community.PREFIX}002",
    ]
    assert Person.objects.filter(organisation__kind=OrganisationKind.ASSOCIATION).count() == 30
