"""The indexed substring search (lien/lib/search.py) answers ``key in column`` on SQLite and on
PostgreSQL alike, through its index, and the searches of the pages use it."""

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lien.directory.selectors import SearchCriteria, service_search
from lien.journal.models import JournalEntry
from lien.journal.selectors import journal_entries_for
from lien.lib import search
from lien.lib.text import search_key
from lien.people.models import Person
from lien.people.services import person_update
from lien.saisines.selectors import SaisineFilters, saisines_for
from tests.directory.factories import ServiceFactory, StructureFactory
from tests.factories import OrganisationFactory, PersonFactory
from tests.saisines.conftest import receive, requester, team  # noqa: F401 (fixtures)


@pytest.fixture
def dupre(world) -> Person:
    return PersonFactory(organisation=world.organisation, first_name="André", last_name="Dupré")


def _found(key: str, people=None) -> set[str]:
    people = Person.objects.all() if people is None else people
    return set(people.filter(search_name__indexed_contains=key).values_list("search_name", flat=True))


@pytest.mark.parametrize("query", ["andre", "André", "DUPR", "e dup", "ré Du", "du", "é", ""])
def test_it_finds_a_part_of_a_name_without_accents_or_case(dupre, query):
    PersonFactory(organisation=dupre.organisation, first_name="Hélène", last_name="Éluard")
    assert _found(search_key(query)) >= {"andre dupre"}
    assert "andre dupre" not in _found(search_key("andré x"))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("10%", {"marie 10%"}),
        ("0%", {"marie 10%"}),
        ("%", {"marie 10%"}),
        ("n_l", {"jean_luc"}),
        ("_", {"jean_luc"}),
        ('"a"', {'dit "a"'}),
        ("a*", set()),
        ("jean", {"jean_luc", "jean luc"}),
    ],
)
def test_it_takes_percent_underscore_and_quotes_literally(world, key, expected):
    for name in ["Marie 10%", "Marie 100", "Jean_Luc", "Jean Luc", 'Dit "A"', "Aa"]:
        PersonFactory(organisation=world.organisation, first_name=name, last_name="")
    assert _found(key) == expected


def test_it_is_case_sensitive_like_postgresql_since_both_sides_are_normalised(dupre):
    assert _found("DUPRE") == set()
    assert _found("DU") == set()


def test_it_finds_an_updated_row_by_its_new_text_only(dupre, world):
    person_update(acting_user=world.users["community_mediator"], person=dupre, last_name="Martin")
    assert _found("martin") == {"andre martin"}
    assert _found("dupre") == set()
    Person.objects.filter(pk=dupre.pk).update(search_name="zoe durand")  # below the ORM's save()
    assert _found("durand") == {"zoe durand"}
    assert _found("martin") == set()


def test_it_forgets_a_deleted_row(dupre):
    Person.objects.filter(pk=dupre.pk).delete()
    assert _found("dupre") == set()


def test_it_composes_with_other_conditions(dupre, world):
    other = PersonFactory(organisation=world.other_organisation, first_name="Andrea", last_name="Rossi")
    assert _found("andre", Person.objects.filter(organisation=world.organisation)) == {"andre dupre"}
    either = Q(search_name__indexed_contains="rossi") | Q(pk=dupre.pk)
    assert set(Person.objects.filter(either)) == {dupre, other}
    assert set(Person.objects.exclude(search_name__indexed_contains="dupre")) == {other}


def test_it_refuses_a_column_without_an_index(world):
    with pytest.raises(FieldError):
        Person.objects.filter(first_name__indexed_contains="abc")
    with pytest.raises(TypeError):
        Person.objects.filter(search_name__indexed_contains=None)


def test_it_reads_the_index_for_a_key_of_three_characters_or_more(dupre):
    sql, params = Person.objects.filter(search_name__indexed_contains="dupre").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "people_person_search_name_fts VIRTUAL TABLE" in plan
        else:
            # The test table is tiny: the planner rightly prefers reading it all, or the b-tree
            # of the ordering. Left with bitmap scans, it may only use the trigram index.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Bitmap Index Scan on people_person_search_name_trgm" in plan


def test_every_registered_column_has_its_index_after_the_migrations(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes")
        names = {name for (name,) in cursor.fetchall()}
    for table, column in search._COLUMNS.values():
        if connection.vendor == "sqlite":
            fts = search.fts_table(table, column)
            assert {fts, f"{fts}_ai", f"{fts}_ad", f"{fts}_au"} <= names
        else:
            assert search.trigram_index(table, column) in names


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
def test_it_puts_back_the_triggers_a_rebuilt_table_lost(dupre, world):
    with connection.cursor() as cursor:
        for suffix in ("ai", "ad", "au"):
            cursor.execute(f'DROP TRIGGER "people_person_search_name_fts_{suffix}"')
    newcomer = PersonFactory(organisation=world.organisation, first_name="Zélie", last_name="Nouvelle")
    assert _found("nouvelle") == set()
    assert search.restore_sqlite_triggers() == ["people_person_search_name_fts"]
    assert _found("nouvelle") == {newcomer.search_name}
    assert search.restore_sqlite_triggers() == []


def test_it_rebuilds_every_search_table_from_its_rows(dupre):
    if connection.vendor != "sqlite":
        assert search.rebuild_all() == []  # PostgreSQL's trigram indexes follow the rows
        return
    with connection.cursor() as cursor:
        fts = '"people_person_search_name_fts"'
        cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")  # noqa: S608 (a fixed name)
    assert _found("dupre") == set()
    assert "people_person_search_name_fts" in search.rebuild_all()
    assert _found("dupre") == {dupre.search_name}


@pytest.mark.django_db(transaction=True)
def test_it_survives_the_flush_of_a_transactional_test():
    # The suite empties the tables with DELETE after such a test: the triggers must follow.
    PersonFactory(organisation=OrganisationFactory(), first_name="Transactionnel", last_name="")
    assert _found("action") == {"transactionnel"}


# Few letters, so that keys often hit; separators, accents, capitals, LIKE and FTS5 syntax.
# And now and then any character (but NUL, which PostgreSQL refuses in text).
NAME_CHARS = st.sampled_from(list("aabdeéÉèçœßİ -'%_\"*^:()Ǆﬁ\u0301")) | st.characters(
    codec="utf-8", exclude_characters="\x00"
)
NAMES = st.lists(st.text(NAME_CHARS, max_size=8), max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=NAMES, data=st.data())
def test_it_returns_exactly_the_rows_whose_column_contains_the_key(world, names, data):
    Person.objects.all().delete()
    for name in names:
        PersonFactory(organisation=world.organisation, first_name=name, last_name="")
    stored = list(Person.objects.values_list("pk", "search_name"))
    texts = [text for _pk, text in stored]
    if texts and data.draw(st.booleans()):
        text = data.draw(st.sampled_from(texts))
        start = data.draw(st.integers(0, len(text)))
        key = text[start : data.draw(st.integers(start, len(text)))]
    else:
        key = data.draw(st.text(NAME_CHARS, max_size=5).map(search_key))
    found = set(Person.objects.filter(search_name__indexed_contains=key).values_list("pk", flat=True))
    assert found == {pk for pk, text in stored if key in text}


def test_the_work_list_searches_through_the_index(team, receive, requester, client_for):  # noqa: F811
    receive(reference="S-1", requester=requester, subject="Remboursement de soins dentaires")
    receive(reference="S-2", subject="Indemnités journalières")
    client = client_for(team.mediator)

    def listed(q: str) -> list[str]:
        response = client.get(reverse("saisines:list"), {"q": q})
        return sorted(saisine.reference for saisine, _deadline in response.context["rows"])

    assert listed("HELENE") == ["S-1"]
    assert listed("journali") == ["S-2"]
    assert listed("s-2") == ["S-2"]
    assert listed("bo") == ["S-1"]
    assert listed("s") == ["S-1", "S-2"]
    found = saisines_for(team.mediator, SaisineFilters(q="dentaire"), today=timezone.localdate())
    assert [saisine.reference for saisine in found] == ["S-1"]


def test_the_person_search_goes_through_the_index(dupre, world, client_for):
    PersonFactory(organisation=world.organisation, first_name="Hélène", last_name="Éluard")
    client = client_for(world.users["community_mediator"])
    response = client.get(reverse("person_list"), {"q": "DUPR"})
    assert [person.pk for person in response.context["page"]] == [dupre.pk]
    assert set(Person.objects.search("ndré d")) == {dupre}


def test_the_journal_filters_people_through_the_index(dupre, world):
    director = world.users["director"]
    JournalEntry.log_view(user=director, obj=dupre, organisation=dupre.organisation, person=dupre)
    entries = journal_entries_for(director, filters={"person": "Dupré"})
    assert [entry.person_id for entry in entries] == [dupre.pk]
    assert not journal_entries_for(director, filters={"person": "Durand"}).exists()


def test_the_directory_searches_through_the_index(world, client_for):
    mediator = world.users["community_mediator"]
    structure = StructureFactory(organisation=world.organisation, name="Maison de santé Pasteur")
    ServiceFactory(structure=structure, name="Consultations dentaires", description="Soins à 50% remboursés")
    ServiceFactory(structure=structure, name="Aide administrative", description="Dossiers de 500 pages")
    found = service_search(user=mediator, criteria=SearchCriteria(text="DENTAIRE"), limit=10)
    assert [hit.service.name for hit in found.hits] == ["Consultations dentaires"]
    found = service_search(user=mediator, criteria=SearchCriteria(text="50%"), limit=10)
    assert [hit.service.name for hit in found.hits] == ["Consultations dentaires"]
    response = client_for(mediator).get(reverse("directory:structure_list"), {"q": "SANTÉ pasteur"})
    assert [row.pk for row in response.context["page"]] == [structure.pk]
    listed = client_for(mediator).get("/api/v1/directory/structures", {"q": "santé PAST"}).json()
    assert [item["id"] for item in listed["items"]] == [structure.pk]


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="FTS5 pages are SQLite's; PostgreSQL's dead row versions go with its autovacuum",
)
def test_the_daily_merge_writes_an_erased_name_out_of_the_index_pages(world):
    from lien.people.services import person_anonymise
    from lien.shell.tasks import PERIODIC_JOBS, purge_erased_search_terms

    person = PersonFactory(organisation=world.organisation, first_name="Xavière", last_name="Zwingli")
    fts = search.fts_table("people_person", "search_name")

    def pages() -> bytes:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT block FROM "{fts}_data"')  # noqa: S608
            return b"".join(bytes(block) for (block,) in cursor.fetchall() if block)

    assert b"zwi" in pages()
    person_anonymise(person=person, acting_user=None, reason="test")
    assert not Person.objects.search("zwingli").exists()
    assert b"zwi" in pages()  # no longer found, but still written in the index's pages
    assert purge_erased_search_terms in PERIODIC_JOBS
    assert fts in purge_erased_search_terms.call()
    assert b"zwi" not in pages()
