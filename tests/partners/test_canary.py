"""The canary crawl of the patient partners' information barrier (issue 12).

The world (``seed``) is the access matrix's (tests/access/world.py: an association with every
role, a proposable patient partner with an account whom Josette Maury consented to and chose, a
fund of the same tree with a saisine, another association), with, through the apps' services, more
people of the association around the same partner — one who did not consent, one who consented
but has not chosen yet, one who withdrew, one whose accompaniment ended, one who withdrew their
consent to the file —, each with a file (``file_rows``), a row of each kind the access world
leaves empty, and a person with a file in the other association.

Every free-text field of every row of every model of the project then holds a marker of its own
(tests/partners/canary.py). The patient partner, logged in through the login page, reads every
page, link, named route and API operation they can reach: no marker comes back but the first name,
the phone and the e-mail of the patient who consented to them and chose them, and what says who
they are (their account, their organisation); nor the name of anyone else. A mediator of another
association reads nothing of the first one either, nor the names of its people.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from lien.accounts.models import Organisation, User, UserSession
from lien.appointments.services import accompaniment_record, reminder_send
from lien.assessments.services import assessment_create
from lien.directory.services import partnership_note_save
from lien.followup.services import (
    contact_record,
    followup_settings_save,
    goal_action_add,
    goal_create,
    prescription_add,
)
from lien.letters.defaults.conclusions import CONCLUSIONS
from lien.letters.services import letter_conclusions_save
from lien.lib.text import search_key
from lien.orientations.services import orientation_create
from lien.partners import services as partners
from lien.partners.models import PartnerAccompaniment, PartnerMeeting, PatientPartner
from lien.people.models import Person
from lien.people.services import ConsentInput, consent_withdraw, person_create
from lien.prevention.services import advice_record, rapid_test_orient, rapid_test_record
from lien.referrals.services import referral_take
from lien.reports.services import annual_report_text_save
from lien.rights.services import procedure_documents_update, procedure_file, procedure_start
from lien.saisines import services as saisines
from lien.workshops.models import WorkshopSession
from tests.access.world import World, build_world
from tests.community import aware, book
from tests.factories import DRAWN_SIGNATURE, CommuneFactory
from tests.partners.canary import (
    APPEND_ONLY,
    NOT_CANARIED,
    PUBLIC,
    Barrier,
    Canaries,
    Canary,
    FakeHTML,
    Report,
    anonymous_crawl,
    canaried_fields,
    crawl,
    ids_by_model,
    is_free_text,
    login,
    name_keys,
    project_models,
    refuses_updates,
    rows_of,
    too_short_fields,
    write_canaries,
)

pytestmark = pytest.mark.django_db

# Models of the project no row of the seed reaches, each with why (the test fails for any other).
_SECOND_FACTOR = (
    "a second-factor device of an account: an encrypted secret, a keyed digest and a device name, "
    "shown to their owner only on /moi/double-authentification/ (tests/accounts/test_two_factor.py); "
    "nothing about a patient"
)
NOT_SEEDED: dict[str, str] = {
    "accounts.TotpDevice": _SECOND_FACTOR,
    "accounts.RecoveryCodeDevice": _SECOND_FACTOR,
    "accounts.RecoveryCode": _SECOND_FACTOR,
}

# The people of the association around the patient partner, at each step of the story but the one
# that gives access (Josette Maury's, of the access world): their names, where they stopped.
STORY = {
    "not_consented": ("Ninon", "Bastidou", "proposed"),
    "not_chosen": ("Lucile", "Carbonnel", "consented"),
    "withdrawn": ("Gaspard", "Lhermitte", "chosen"),
    "ended": ("Irène", "Vaquier", "chosen"),
    "consent_withdrawn": ("Théodore", "Mirandol", "chosen"),
}
ACTORS = ("patient_partner", "outsider")  # logged in through the login page
PHONE = "06 99 88 77 66"


# -- the world ------------------------------------------------------------------------------------


@dataclass
class CanaryWorld:
    base: World
    partner: PatientPartner  # the association's patient partner with an account
    people: dict[str, Person]  # "accompanied", the keys of STORY, "elsewhere"
    # pk -> (organisation id, first name, last name) of every person, before the canaries
    names: dict[int, tuple[int, str, str]]
    media_root: Path
    canaries: Canaries = field(default_factory=Canaries)
    clients: dict[str, Client] = field(default_factory=dict)
    schema: dict[str, Any] = field(default_factory=dict)  # /api/v1/openapi.json
    anonymous: Report | None = None  # an anonymous visitor's crawl
    public: set[Canary] = field(default_factory=set)  # what they read: everyone may

    @property
    def organisation(self) -> Organisation:
        return self.base.organisations["asso"]

    def names_outside(self, organisation: Organisation | None = None, keep: tuple[str, ...] = ()) -> set[str]:
        """The names of every person but those of ``organisation`` and the words in ``keep``."""
        words = {
            word
            for organisation_id, *pair in self.names.values()
            if organisation is None or organisation_id != organisation.pk
            for word in pair
        }
        return name_keys(words) - name_keys(keep)


def new_person(
    user: User, organisation: Organisation, first_name: str, last_name: str, **fields: Any
) -> Person:
    return person_create(
        acting_user=user,
        organisation=organisation,
        consent=ConsentInput(
            given_on=date(2024, 1, 2), form="written", share_with_partners=True, advocacy_testimonies=True
        ),
        first_name=first_name,
        last_name=last_name,
        birth_year=1961,
        email=f"{search_key(first_name)}@example.org",
        contact_via=f"Sa sœur, Mme {last_name}",
        referral_detail="Adressée par la PASS",
        address_street="3 rue des Lilas",
        languages=["ar"],
        **{"commune": CommuneFactory(), "phone": "06 55 44 33 22"} | fields,
    )


@dataclass
class _Team:
    """What tests/community.py's ``book`` reads of a world: the organisation and its mediator."""

    organisation: Organisation
    users: dict[str, User]


def file_rows(user: User, person: Person, *, held_on: date) -> None:
    """One row of each kind a mediator keeps in a person's file, through the services."""
    assessment_create(
        acting_user=user,
        person=person,
        assessed_on=held_on,
        barriers=["mobility", "no_gp"],
        needs=["find_gp"],
        epices_answers=[1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1],
        priority_words="Trouver un médecin",
        notes="Vit seule, diabète mal équilibré",
    )
    contact_record(acting_user=user, person=person, on=held_on, channel="phone", note="A rappelé la PASS")
    goal = goal_create(acting_user=user, person=person, title="Médecin traitant", agreed_on=held_on)
    goal_action_add(acting_user=user, goal=goal, description="Appeler le cabinet", owner="team")
    prescription_add(
        acting_user=user, person=person, kind="examination", label="Bilan sanguin", prescriber="Dr Vidal"
    )
    orientation = orientation_create(
        acting_user=user,
        person=person,
        oriented_on=held_on,
        structure_kind="pass",
        structure_name="PASS de Limoux",
        reason="Soins sans couverture",
        help_detail="Rendez-vous pris avec elle",
    )
    appointment = book(
        _Team(person.organisation, {"community_mediator": user}),
        person,
        aware(timezone.localdate() + timedelta(days=3)),
        address="3 place de la République",
        to_bring="Carte Vitale",
        reminder="sms",
        orientation=orientation,
    )
    reminder_send(appointment=appointment, kind="reminder", acting_user=user)
    accompaniment_record(
        acting_user=user,
        person=person,
        on=held_on,
        destination="Hôpital de Carcassonne",
        accompanied_by=user,
        vehicle="team_vehicle",
        distance_km=40,
        duration_minutes=90,
        appointment=appointment,
        note="Accompagnée en voiture",
    )
    test = rapid_test_record(
        acting_user=user, person=person, kind="hcv", result="reactive", performed_on=held_on
    )
    rapid_test_orient(acting_user=user, test=test, structure="cegidd", note="Orientée au CeGIDD")
    advice_record(acting_user=user, topics=["vaccination"], given_on=held_on, person=person)
    procedure = procedure_start(
        acting_user=user, person=person, kind="ame", started_on=held_on, notes="Sans titre de séjour"
    )
    procedure_documents_update(
        acting_user=user,
        procedure=procedure,
        gathered_ids=set(),
        on=held_on,
        new_label="Attestation d'hébergement",
    )
    procedure_file(acting_user=user, procedure=procedure, filed_on=held_on, detail="Déposé à la CPAM")


def accompaniment_to(
    mediator: User, person: Person, partner: PatientPartner, *, up_to: str
) -> PartnerAccompaniment:
    """An accompaniment of ``person`` suggesting ``partner``, taken to ``up_to`` (proposed,
    consented, chosen)."""
    today = timezone.localdate()
    accompaniment = partners.accompaniment_propose(acting_user=mediator, person=person, suggested=[partner])
    if up_to == "proposed":
        return accompaniment
    accompaniment = partners.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment,
        method="drawn",
        consented_on=today,
        signed_name=f"{person.first_name} {person.last_name}",
        signature=DRAWN_SIGNATURE,
        scope="Mise en relation avec un patient partenaire",
    )
    if up_to == "consented":
        return accompaniment
    return partners.accompaniment_choose_partner(
        acting_user=mediator, accompaniment=accompaniment, partner=partner, contacted_on=today
    )


def seed(media_root: Path) -> CanaryWorld:
    base = build_world()
    asso, users = base.organisations["asso"], base.users
    mediator, coordinator = users["community_mediator"], users["coordinator"]
    held_on = timezone.localdate() - timedelta(days=10)
    partner = PatientPartner.objects.get(user=users["patient_partner"])
    partners.partner_update(acting_user=coordinator, partner=partner, departements=["11"], experience="VIH")
    # Josette Maury consented to this partner and chose them.
    people = {"accompanied": base["person"]}
    file_rows(mediator, base["person"], held_on=held_on)
    referral_take(
        acting_user=mediator, referral=base["referral"], person=base["person"], feedback="Prise en charge"
    )
    accompaniments = {}
    for number, (key, (first_name, last_name, up_to)) in enumerate(STORY.items()):
        people[key] = new_person(mediator, asso, first_name, last_name, phone=f"06 7{number} 11 22 33")
        file_rows(mediator, people[key], held_on=held_on)
        accompaniments[key] = accompaniment_to(mediator, people[key], partner, up_to=up_to)
    # The partner's log of those who withdrew or ended (kept for the figures, never read again).
    for key in ("withdrawn", "ended"):
        partners.partner_meeting_record(
            acting_user=users["patient_partner"],
            accompaniment=accompaniments[key],
            met_on=timezone.localdate(),
            duration_minutes=30,
            mode="in_person",
            themes=["morale"],
            place=f"Café {key}",
        )
    partners.accompaniment_withdraw(acting_user=mediator, accompaniment=accompaniments["withdrawn"])
    partners.accompaniment_end(acting_user=mediator, accompaniment=accompaniments["ended"])
    # A person followed by the other association, by its mediator.
    toulouse = CommuneFactory(
        insee_code="31555",
        name="Toulouse",
        postal_codes="31000",
        departement="31",
        departement_name="Haute-Garonne",
    )
    people["elsewhere"] = new_person(
        users["outsider"], base.organisations["autre"], "Armand", "Teulière", commune=toulouse
    )
    file_rows(users["outsider"], people["elsewhere"], held_on=held_on)
    _rows_the_access_world_leaves_empty(base, held_on)
    names = {
        pk: (org, first, last)
        for pk, org, first, last in Person.objects.values_list(
            "pk", "organisation", "first_name", "last_name"
        )
    }
    consent_withdraw(acting_user=mediator, person=people["consent_withdrawn"])
    return CanaryWorld(base, partner, people, names, media_root)


def _rows_the_access_world_leaves_empty(base: World, held_on: date) -> None:
    asso, cpam, users = base.organisations["asso"], base.organisations["cpam"], base.users
    fund_mediator, fund_director = users["institutional_mediator"], users["fund_director"]
    saisine = base["saisine"]
    saisines.note_add(acting_user=fund_mediator, saisine=saisine, text="Appel de la requérante")
    saisines.saisine_propose_equity(acting_user=fund_mediator, saisine=saisine, proposal="Remise gracieuse")
    saisines.saisine_declare_conflict(acting_user=fund_mediator, saisine=saisine, link="Voisine")
    annual_report_text_save(
        acting_user=fund_director,
        organisation=cpam,
        year=held_on.year,
        highlights="Délais",
        improvement_actions="Délais",
    )
    letter_conclusions_save(
        acting_user=fund_director, organisation=cpam, texts={next(iter(CONCLUSIONS)): "Conclusion"}
    )
    followup_settings_save(
        acting_user=users["community_mediator"],
        organisation=asso,
        rupture_days=60,
        reminder_days_before=2,
        contact_phone="04 68 00 00 00",
    )
    partnership_note_save(
        acting_user=users["coordinator"], organisation=asso, structure=base["structure"], notes="Sophie"
    )


@pytest.fixture(scope="module")
def canary(django_db_setup, django_db_blocker, tmp_path_factory) -> CanaryWorld:
    """The world, seeded and canaried once for the module, in a transaction rolled back at its end;
    each test runs in a savepoint of its own."""
    media = tmp_path_factory.mktemp("media")
    settings = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=media,
        SMS_BACKEND="locmem",
    )
    with django_db_blocker.unblock(), settings, mock.patch("weasyprint.HTML", FakeHTML), transaction.atomic():
        world = seed(media)
        # Logged in before the canaries are written: the e-mail addresses get one too.
        world.clients = {actor: login(world.base.users[actor].email) for actor in ACTORS}
        world.schema = world.clients["patient_partner"].get("/api/v1/openapi.json").json()
        world.canaries = write_canaries()
        world.anonymous = anonymous_crawl(world.canaries, world.schema, world.names_outside())
        world.public = {c for c in world.anonymous.seen if f"{c.model}.{c.field}" in PUBLIC}
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media(canary, settings):
    """The files the world stored (tests/partners/conftest.py gives each test a directory)."""
    settings.MEDIA_ROOT = canary.media_root


def own_sessions(canaries: Canaries, user: User) -> set[Canary]:
    """The browser of each of the user's own sessions (« Mes sessions » lists them to their owner)."""
    return {
        canaries.of("accounts.UserSession", "user_agent", pk)
        for pk in UserSession.objects.filter(user=user).values_list("pk", flat=True)
    }


def partner_barrier(world: CanaryWorld, canaries: Canaries | None = None) -> Barrier:
    """What the patient partner may read: the first name, the phone and the e-mail of the patient
    who consented to them and chose them; their own account; the name of their organisation and of
    the network above it (the home page and « Moi » say where they work); what is public."""
    canaries = canaries or world.canaries
    accompanied, user = world.people["accompanied"], world.base.users["patient_partner"]
    allowed = {
        canaries.of("people.Person", name, accompanied.pk) for name in ("first_name", "phone", "email")
    }
    allowed |= {canaries.of("accounts.User", name, user.pk) for name in ("full_name", "email")}
    allowed |= own_sessions(canaries, user)
    # the place of the meetings they noted themselves with that patient (their own words)
    meetings = PartnerMeeting.objects.filter(accompaniment__person=accompanied, recorded_by=user)
    allowed |= {
        canaries.of("partners.PartnerMeeting", "place", pk) for pk in meetings.values_list("pk", flat=True)
    }
    # the workshop sessions they facilitate: where, and for which programme (never who takes part)
    sessions = WorkshopSession.objects.filter(partners__user=user)
    allowed |= {
        canaries.of("workshops.WorkshopSession", "place", pk) for pk in sessions.values_list("pk", flat=True)
    }
    allowed |= {
        canaries.of("workshops.WorkshopProgramme", "title", pk)
        for pk in sessions.values_list("programme_id", flat=True)
    }
    tree = (world.organisation, *world.organisation.ancestors())
    allowed |= {canaries.of("accounts.Organisation", name, o.pk) for o in tree for name in ("name", "slug")}
    allowed |= {canaries.of(c.model, c.field, c.pk) for c in world.public}
    return Barrier(allowed, world.names_outside(keep=(world.names[accompanied.pk][1],)))


def assert_sealed(report: Report) -> None:
    print(report.summary())
    assert report.leaks == [], "What the actor must not read:\n" + "\n".join(report.leaks)
    assert report.errors == [], "Server errors during the crawl:\n" + "\n".join(report.errors)


# -- the canaries ---------------------------------------------------------------------------------


def test_every_free_text_field_of_every_model_holds_a_canary(canary):
    canaries = canary.canaries
    free_text = {
        f"{model._meta.label}.{one.name}"
        for model in project_models()
        for one in model._meta.fields
        if is_free_text(one)
    }
    assert sorted(set(NOT_CANARIED) - free_text) == []
    assert [label for label in APPEND_ONLY if not refuses_updates(label)] == []
    reasons = (*NOT_CANARIED.values(), *APPEND_ONLY.values(), *NOT_SEEDED.values(), *PUBLIC.values())
    assert all(len(reason) > 30 for reason in reasons)
    assert canaries.refused == {}, "The database refused a canary: say why in NOT_CANARIED"
    empty = {
        label
        for model in project_models()
        if canaried_fields(model) and not canaries.rows.get(label := model._meta.label)
    }
    assert sorted(empty - set(NOT_SEEDED)) == [], "No row of these models: build one in seed()"
    assert sorted(set(NOT_SEEDED) - empty) == [], "Seeded now (or gone): remove from NOT_SEEDED"
    declared = {name for name in free_text if name.rsplit(".", 1)[0] in {*APPEND_ONLY, *NOT_SEEDED}}
    skipped = set(NOT_CANARIED) | set(too_short_fields()) | declared
    assert sorted(free_text - skipped - canaries.fields) == []
    print(
        f"{len(canaries.by_number)} canaries in {len(canaries.fields)} fields of {len(canaries.rows)} "
        f"models; {len(skipped)} free-text fields without, of which too short: {too_short_fields()}"
    )


def test_an_anonymous_visitor_reads_what_is_public_only(canary):
    """What every actor below may read of any organisation: the public page's."""
    assert_sealed(canary.anonymous)
    print("public:", sorted(map(str, canary.public)))


# -- the patient partner ----------------------------------------------------------------------------


def test_the_patient_partner_reads_their_patients_first_name_and_how_to_reach_them_only(canary):
    client, start = canary.clients["patient_partner"], [reverse("partners:my_accompaniments")]
    report = crawl(
        "patient partner", client, canary.canaries, partner_barrier(canary), canary.schema, start=start
    )
    assert_sealed(report)
    # The crawl reached the partner's space and read the patient's first name there...
    accompanied = canary.people["accompanied"]
    assert canary.canaries.of("people.Person", "first_name", accompanied.pk) in report.seen
    # ...and nothing of those who did not consent, have not chosen yet, withdrew or ended.
    others = {canary.people[key].pk for key in STORY}
    assert [c for c in report.seen if c.model == "people.Person" and c.pk in others] == []


def test_before_the_consent_and_after_the_withdrawal_the_partner_reads_nothing_of_the_patient(canary):
    """One patient through the story, in the same session: proposed, consented, chosen (the partner
    reads her first name and her phone), withdrawn (nothing again). Each crawl asks the routes and
    operations that name one of her rows (every other: the test above)."""
    mediator, client = canary.base.users["community_mediator"], canary.clients["patient_partner"]
    before = ids_by_model()
    person = new_person(mediator, canary.organisation, "Zélie", "Fontanges", phone=PHONE)
    file_rows(mediator, person, held_on=timezone.localdate() - timedelta(days=3))
    accompaniment = accompaniment_to(mediator, person, canary.partner, up_to="proposed")
    hers = {pk for model, pks in ids_by_model().items() for pk in set(pks) - set(before.get(model, []))}
    # Her file holds canaries too, but for her name and how to reach her, kept to be read as such.
    canaries = write_canaries()
    kept = {name: getattr(person, name) for name in ("first_name", "last_name", "phone", "email")}
    Person.objects.filter(pk=person.pk).update(**kept)
    allowed = partner_barrier(canary, canaries).allowed
    nothing = Barrier(allowed, name_keys(["Zélie", "Fontanges", PHONE, PHONE.replace(" ", "")]))

    def sealed(step: str, barrier: Barrier = nothing) -> None:
        assert_sealed(crawl(f"patient partner, {step}", client, canaries, barrier, canary.schema, only=hers))

    sealed("proposed")
    today = timezone.localdate()
    partners.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment,
        method="drawn",
        consented_on=today,
        signed_name="Z. F.",
        signature=DRAWN_SIGNATURE,
    )
    sealed("consented, not chosen")
    partners.accompaniment_choose_partner(
        acting_user=mediator, accompaniment=accompaniment, partner=canary.partner, contacted_on=today
    )
    page = client.get(reverse("partners:my_accompaniment", args=[accompaniment.pk])).content.decode()
    assert "Zélie" in page and PHONE in page
    sealed("chosen", Barrier(allowed, name_keys(["Fontanges"])))
    partners.accompaniment_withdraw(acting_user=mediator, accompaniment=accompaniment)
    sealed("withdrawn")


# -- a mediator of another association ----------------------------------------------------------------


def test_a_mediator_of_another_association_reads_nothing_of_the_first(canary):
    other = canary.base.organisations["autre"]
    own = rows_of(other)
    allowed = canary.canaries.where(lambda c: (c.model, c.pk) in own) | canary.public
    allowed |= own_sessions(canary.canaries, canary.base.users["outsider"])
    barrier = Barrier(allowed, canary.names_outside(organisation=other))
    client = canary.clients["outsider"]
    report = crawl("mediator of another association", client, canary.canaries, barrier, canary.schema)
    assert_sealed(report)
    # The crawl read the other association's own person.
    assert canary.canaries.of("people.Person", "last_name", canary.people["elsewhere"].pk) in report.seen
