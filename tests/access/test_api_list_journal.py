"""Every list of personal records read through the API writes one journal entry per request and
per organisation, with the count of records shown (issue 14, point 2; ASVS 16.3.2): a script that
pages through the files is in the director's journal. The other lists are named here with the
reason they are not journalled, so that a new list must be classified to pass.

Each list is requested, in the access matrix's world, by every actor that the matrix lets read it."""

import pytest

from lien.journal.models import JournalEntry
from tests.access.world import ACTORS
from tests.test_list_queries import api_get_paths

pytestmark = pytest.mark.django_db

JOURNALLED = {
    "/appointments",
    "/appointments/accompaniments",
    "/appointments/agenda",
    "/assessments",
    "/followup/callbacks",
    "/orientations",
    "/partners",
    "/people",
    "/prevention/tests",
    "/referrals",
    "/rights/procedures",
    "/rights/reminders",
    "/saisines",
    "/participation/relays",
    "/participation/testimonies",
}
NOT_JOURNALLED = {
    "/advocacy/dossiers": "dossiers of figures and testimonies already pseudonymised",
    "/communes": "the official list of communes",
    "/directory/services": "the directory's public services",
    "/directory/structures": "the directory's structures",
    "/notifications": "the user's own notifications",
    "/orientations/difficulties": "counts per structure, no person",
    "/outreach/sessions": "outreach sessions: places and counts of anonymous contacts",
    "/participation/advocacy": "testimonies masked again, without the person",
    "/participation/meetings": "community meetings, no person",
    "/partners/accompaniments": "the patient partner's own accompaniments; opening one is journalled",
    "/prevention/collective-actions": "collective actions: counts, no person",
    "/workshops/my-sessions": "sessions the partner facilitates, without names",
    "/workshops/programmes": "programmes of workshops, no person",
}


def _list_paths() -> set[str]:
    return {path for path, is_list in api_get_paths().items() if is_list and "{" not in path}


def test_every_api_list_without_parameters_is_classified():
    paths = _list_paths()
    assert sorted(paths - JOURNALLED - set(NOT_JOURNALLED)) == [], "unclassified API lists"
    assert sorted((JOURNALLED | set(NOT_JOURNALLED)) - paths) == [], "classified lists that do not exist"


def _list_entries():
    return JournalEntry.objects.filter(object_id="liste")


def _shown(body) -> int:
    if isinstance(body, dict):
        return len(body["items"])
    if body and isinstance(body[0], dict) and "items" in body[0]:  # the agenda, by day
        return sum(len(day["items"]) for day in body)
    return len(body)


@pytest.mark.parametrize("path", sorted(JOURNALLED))
def test_a_personal_list_read_is_journalled_with_its_count(world, path):
    readers = 0
    for actor in ACTORS:
        before = set(_list_entries().values_list("pk", flat=True))
        response = world.clients[actor].get(f"/api/v1{path}")
        written = _list_entries().exclude(pk__in=before)
        if response.status_code != 200 or not _shown(response.json()):
            assert not written.exists(), f"{actor} read nothing of {path} and an entry was written"
            continue
        readers += 1
        entries = list(written)
        assert entries, f"{actor} read {path} unjournalled"
        assert sum(int(entry.object_repr.split()[2]) for entry in entries) == _shown(response.json())
        assert {entry.user_id for entry in entries} == {world.users[actor].pk}
        assert all(entry.detail.startswith(f"API GET /api/v1{path}") for entry in entries)
    assert readers, f"nobody of the world reads anything of {path}: the test proves nothing"


@pytest.mark.parametrize("path", sorted(NOT_JOURNALLED))
def test_the_other_lists_write_no_list_entry(world, path):
    for actor in ACTORS:
        before = _list_entries().count()
        world.clients[actor].get(f"/api/v1{path}")
        assert _list_entries().count() == before


def test_the_search_words_are_not_written(world):
    """They may be a name: the entry says there was a search, not what it was."""
    response = world.clients["community_mediator"].get("/api/v1/people", {"q": world["person"].last_name})
    assert response.status_code == 200 and response.json()["items"]
    entry = _list_entries().latest("pk")
    assert entry.detail == "API GET /api/v1/people (q=…)"
    assert world["person"].last_name not in entry.detail
    assert entry.object_repr == "Liste : 1 personne"
