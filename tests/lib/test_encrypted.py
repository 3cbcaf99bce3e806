"""Encryption at rest of the NIR and the health text, the keyed digest, the key rotation."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.lib import encrypted
from lien.people.models import Person
from lien.people.services import person_create, person_find_similar
from lien.shell.rotation import rotate_field_key
from tests.factories import OrganisationFactory, UserFactory

NIR = "185057800604830"
OLD_KEY = "an old key material, retired by the rotation, 32+ chars"
NEW_KEY = "the new key material of the operator, 32 characters+"

# The columns encrypted at rest: a new one is added here, and to SECURITY.md.
ENCRYPTED = {
    "people.Person": ["nir"],
    "assessments.Assessment": ["priority_words", "notes"],
    "followup.Contact": ["note"],
    "followup.Prescription": ["label"],
    "prevention.RapidTest": ["linkage_note"],
}


def stored(model: type, pk: int, column: str) -> str:
    """The value as the database holds it (what a dump or a replica shows)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def fund_agent(db):
    fund = OrganisationFactory(fund=True)
    agent = UserFactory()
    membership_add(user=agent, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    return fund, agent


def create(fund_agent, nir: str = NIR) -> Person:
    fund, agent = fund_agent
    return person_create(acting_user=agent, organisation=fund, first_name="Jean", last_name="Roux", nir=nir)


def test_the_encrypted_columns_are_those_declared():
    found = {
        model._meta.label: encrypted.encrypted_fields(model)
        for model in apps.get_models()
        if encrypted.encrypted_fields(model)
    }
    assert found == ENCRYPTED


def test_the_nir_is_stored_encrypted_and_found_by_its_digest(fund_agent):
    person = create(fund_agent, nir="1 85 05 78 006 048 30")
    raw = stored(Person, person.pk, "nir")
    assert raw.startswith(encrypted.PREFIX) and NIR not in raw
    assert NIR not in stored(Person, person.pk, "nir_digest")
    assert Person.objects.get(pk=person.pk).nir == NIR
    assert list(Person.objects.search("1 85 05 78 006 048 30")) == [person]
    _fund, agent = fund_agent
    assert person_find_similar(user=agent, first_name="Autre", nir=NIR) == [person]


def test_two_encryptions_of_the_same_value_differ_but_their_digests_match(fund_agent):
    first, second = create(fund_agent), create(fund_agent)
    assert stored(Person, first.pk, "nir") != stored(Person, second.pk, "nir")
    assert first.nir_digest == second.nir_digest != ""


def test_an_empty_value_stays_empty_and_is_the_only_comparison_allowed(fund_agent):
    fund, agent = fund_agent
    person = person_create(acting_user=agent, organisation=fund, first_name="Sans")
    assert stored(Person, person.pk, "nir") == "" and person.nir_digest == ""
    assert Person.objects.filter(nir="").count() == 1
    with pytest.raises(FieldError):
        Person.objects.filter(nir=NIR).count()
    with pytest.raises(FieldError):
        Person.objects.filter(nir__icontains="1850").count()


def test_the_health_text_is_stored_encrypted(world):
    from lien.assessments.services import assessment_create

    person = world.organisation.people.create(first_name="Awa", search_name="awa")
    assessment = assessment_create(
        acting_user=world.users["community_mediator"],
        person=person,
        assessed_on=person.created_at.date(),
        epices_answers=[],
        priority_need="",
        priority_words="soigner mon diabète",
        notes="suivi VIH à l'hôpital",
    )
    from lien.assessments.models import Assessment

    assert "diabète" not in stored(Assessment, assessment.pk, "priority_words")
    assert "VIH" not in stored(Assessment, assessment.pk, "notes")
    reread = Assessment.objects.get(pk=assessment.pk)
    assert (reread.priority_words, reread.notes) == ("soigner mon diabète", "suivi VIH à l'hôpital")


def test_a_value_written_before_the_encryption_is_read_then_encrypted_by_the_migration(fund_agent):
    person = create(fund_agent)
    with connection.cursor() as cursor:  # as the column held it before migration 0008
        cursor.execute("UPDATE people_person SET nir = %s, nir_digest = '' WHERE id = %s", [NIR, person.pk])
    assert Person.objects.get(pk=person.pk).nir == NIR
    step = encrypted.encrypt_existing_rows(
        "people", "Person", ["nir"], derived=["nir_digest"], derive=lambda p: {"nir_digest": p.nir_digest}
    )
    step.code(apps, SimpleNamespace(connection=connection))
    assert stored(Person, person.pk, "nir").startswith(encrypted.PREFIX)
    assert Person.objects.get(pk=person.pk).nir == NIR


def test_a_key_rotation_keeps_everything_readable_and_findable_then_drops_the_old_key(fund_agent, settings):
    settings.LIEN_FIELD_KEY, settings.LIEN_FIELD_KEYS_OLD = OLD_KEY, []
    person = create(fund_agent)
    before = stored(Person, person.pk, "nir")

    settings.LIEN_FIELD_KEY, settings.LIEN_FIELD_KEYS_OLD = NEW_KEY, [OLD_KEY]
    assert Person.objects.get(pk=person.pk).nir == NIR  # read with the old key meanwhile
    assert list(Person.objects.search(NIR)) == [person]  # found by the old key's digest
    assert rotate_field_key(dry_run=True).stale == {"people.Person.nir": 1}
    assert stored(Person, person.pk, "nir") == before  # a dry run writes nothing

    assert rotate_field_key().stale == {"people.Person.nir": 1}
    assert rotate_field_key(dry_run=True).total == 0

    settings.LIEN_FIELD_KEYS_OLD = []  # the old key is gone: nothing depended on it any more
    assert Person.objects.get(pk=person.pk).nir == NIR
    assert list(Person.objects.search(NIR)) == [person]


def test_without_the_key_the_column_does_not_open(fund_agent, settings):
    person = create(fund_agent)
    settings.LIEN_FIELD_KEY, settings.LIEN_FIELD_KEYS_OLD = NEW_KEY, []
    with pytest.raises(encrypted.secretbox.InvalidToken):
        Person.objects.get(pk=person.pk)


def test_the_rotation_reencrypts_the_two_factor_secrets_and_keeps_recovery_codes(world, settings):
    from lien.accounts import two_factor
    from lien.accounts.models import TotpDevice
    from tests.accounts.test_two_factor import KEY, code

    settings.LIEN_FIELD_KEY, settings.LIEN_FIELD_KEYS_OLD = OLD_KEY, []
    user = world.users["community_mediator"]
    _device, codes = two_factor.totp_enrol(user=user, key=KEY, code=code(KEY))
    settings.LIEN_FIELD_KEY, settings.LIEN_FIELD_KEYS_OLD = NEW_KEY, [OLD_KEY]
    out = call_command_output("rotate_field_key")
    assert "1 secret(s) rechiffré(s)" in out
    settings.LIEN_FIELD_KEYS_OLD = []
    assert TotpDevice.objects.get(user=user).bin_key == KEY
    assert "les anciennes clés peuvent être retirées" in call_command_output("rotate_field_key", "--dry-run")
    settings.LIEN_FIELD_KEYS_OLD = [OLD_KEY]  # codes made before the rotation, while the old key is listed
    assert two_factor.recovery_device_of(user).verify_token(codes[0])


def call_command_output(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@given(st.text(max_size=300))
def test_sealing_round_trips_any_text(value):
    sealed = encrypted.seal(value)
    assert sealed.startswith(encrypted.PREFIX)
    assert encrypted.unseal(sealed) == value
