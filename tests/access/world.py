"""The world of the access matrix: who asks (one actor per role of DOMAIN.md §1, in the kind of
organisation where the role is held, plus outsiders, a user with no role and an anonymous visitor)
and what they ask about (one object of each kind, in the organisation of the roles under test).

Built once per test module through the apps' own services (a few rows without a service of their
own are created directly), inside a transaction rolled back at the end of the module.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.models import Organisation, User, UserSession
from lien.accounts.services import api_token_create, membership_add
from lien.advocacy import services as advocacy
from lien.appointments.services import accompaniment_record
from lien.assessments.services import assessment_create
from lien.directory import services as directory
from lien.directory.enums import Visibility
from lien.followup.services import contact_record as followup_contact_record
from lien.followup.services import followup_start, goal_action_add, goal_create, prescription_add
from lien.improvements.services import improvement_create
from lien.letters.enums import LetterKind
from lien.letters.services import letter_create, letter_template_save
from lien.notifications.enums import NotificationKind
from lien.notifications.services import notify
from lien.opendata import public
from lien.orientations.services import orientation_create
from lien.outreach.services import contact_record as outreach_contact_record
from lien.outreach.services import session_create
from lien.participation import services as participation
from lien.partners import services as partners
from lien.people.services import ConsentInput, person_create
from lien.prevention.services import collective_action_record, rapid_test_record
from lien.referrals.services import referral_create, referral_take
from lien.rights.enums import ReminderKind
from lien.rights.models import RightsReminder
from lien.rights.services import procedure_start
from lien.saisines import services as saisines
from lien.saisines.models import FollowUpTask
from lien.workshops import services as workshops
from tests.community import aware, book
from tests.factories import DRAWN_SIGNATURE, CommuneFactory, OrganisationFactory, UserFactory

ANONYMOUS = "anonymous"

# actor -> (organisation, role) of its one membership; ``None``: a user with no membership.
# Community roles are held in the association ("asso"), institutional ones in the fund ("cpam");
# the assistant, the deputy and the director exist in both kinds (DOMAIN.md §1, permissions.py).
ACTORS: dict[str, tuple[str, Role] | None] = {
    "community_mediator": ("asso", Role.COMMUNITY_MEDIATOR),
    "assistant": ("asso", Role.ASSISTANT),
    "deputy": ("asso", Role.DEPUTY),
    "director": ("asso", Role.DIRECTOR),
    "coordinator": ("asso", Role.COORDINATOR),
    "patient_partner": ("asso", Role.PATIENT_PARTNER),
    "volunteer": ("asso", Role.VOLUNTEER),
    # A doctor of the centre who refers patients: their referrals, nothing else.
    "doctor": ("asso", Role.REFERRING_DOCTOR),
    "admin": ("asso", Role.ADMIN),
    "institutional_mediator": ("cpam", Role.INSTITUTIONAL_MEDIATOR),
    "fund_assistant": ("cpam", Role.ASSISTANT),
    "fund_deputy": ("cpam", Role.DEPUTY),
    "fund_director": ("cpam", Role.DIRECTOR),
    # Above both: reads the statistics of the organisations below, never their files.
    "regional_coordinator": ("regional", Role.COORDINATOR),
    # A mediator of another organisation of the same kind (another association, another fund).
    "outsider": ("autre", Role.COMMUNITY_MEDIATOR),
    "fund_outsider": ("cpam-autre", Role.INSTITUTIONAL_MEDIATOR),
    "nobody": None,
}
ALL_ACTORS = (*ACTORS, ANONYMOUS)


@dataclass
class World:
    organisations: dict[str, Organisation]
    users: dict[str, User]
    objects: dict[str, Any] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]

    @property
    def organisation(self) -> Organisation:
        """The association (tests/community.py books appointments in ``world.organisation``)."""
        return self.organisations["asso"]


def _organisations() -> dict[str, Organisation]:
    national = OrganisationFactory(slug="national", name="Niveau national", national=True)
    regional = OrganisationFactory(slug="regional", name="Région", regional=True, parent=national)
    return {
        "national": national,
        "regional": regional,
        "asso": OrganisationFactory(slug="asso", name="Association locale", parent=regional),
        "cpam": OrganisationFactory(slug="cpam", name="CPAM de Lien", fund=True, parent=regional),
        "autre": OrganisationFactory(slug="autre", name="Autre association"),
        "cpam-autre": OrganisationFactory(slug="cpam-autre", name="CPAM d'ailleurs", fund=True),
    }


def _users(organisations: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    for name, membership in ACTORS.items():
        users[name] = UserFactory(email=f"{name}@lien.example", full_name=name.replace("_", " ").title())
        if membership is not None:
            organisation, role = membership
            membership_add(user=users[name], organisation=organisations[organisation], role=role)
    return users


def _community(world: World) -> None:
    """A person with a full consent in the association, and one object of each community kind."""
    asso, users, objects = world.organisations["asso"], world.users, world.objects
    mediator, volunteer = users["community_mediator"], users["volunteer"]
    today = timezone.localdate()
    held_on = today - timedelta(days=10)
    commune = CommuneFactory()
    consent = ConsentInput(
        given_on=date(2024, 1, 2), form="written", share_with_partners=True, advocacy_testimonies=True
    )
    person = person_create(
        acting_user=mediator,
        organisation=asso,
        consent=consent,
        first_name="Josette",
        last_name="Maury",
        birth_year=1948,
        phone="06 12 34 56 78",
        commune=commune,
    )
    objects["person"] = person
    objects["token"], _clear = api_token_create(user=mediator, name="matrice")

    # follow-up: started, a contact, a goal with a step, a prescription
    followup_start(acting_user=mediator, person=person, on=held_on)
    followup_contact_record(acting_user=mediator, person=person, on=held_on, channel="phone")
    objects["goal"] = goal_create(
        acting_user=mediator, person=person, title="Médecin traitant", agreed_on=held_on
    )
    objects["goal_action"] = goal_action_add(
        acting_user=mediator, goal=objects["goal"], description="Appeler le cabinet", owner="team"
    )
    objects["prescription"] = prescription_add(
        acting_user=mediator, person=person, kind="examination", label="Prise de sang", prescribed_on=held_on
    )
    objects["orientation"] = orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=held_on,
        structure_kind="pass",
        structure_name="PASS",
        reason="Soins",
    )
    objects["appointment"] = book(world, person, aware(today + timedelta(days=2)))
    accompaniment_record(
        acting_user=mediator,
        person=person,
        on=held_on,
        destination="Limoux",
        accompanied_by=mediator,
        vehicle="team_vehicle",
        distance_km=30,
        duration_minutes=90,
    )
    # prevention: a test performed by the volunteer, a collective action
    objects["test"] = rapid_test_record(
        acting_user=volunteer, person=person, kind="hiv", result="reactive", performed_on=held_on
    )
    collective_action_record(
        acting_user=mediator,
        organisation=asso,
        held_on=held_on,
        theme="vaccination",
        title="Atelier vaccination",
        attendance=12,
    )
    # outreach, assessment, rights
    objects["session"] = session_create(
        acting_user=mediator, organisation=asso, kind="permanence", held_on=held_on, place="Mairie"
    )
    objects["outreach_contact"] = outreach_contact_record(
        acting_user=mediator, session=objects["session"], person=person, topics=["rights"]
    )
    objects["assessment"] = assessment_create(
        acting_user=mediator, person=person, assessed_on=held_on, barriers=["no_gp"]
    )
    objects["procedure"] = procedure_start(
        acting_user=mediator, person=person, kind="c2s", started_on=held_on
    )
    # No service creates a reminder on demand (a daily job does, by date): created here.
    objects["reminder"] = RightsReminder.objects.create(
        organisation=asso, procedure=objects["procedure"], kind=ReminderKind.RENEWAL_DUE, due_on=today
    )
    # participation
    objects["meeting"] = participation.meeting_save(
        acting_user=mediator,
        organisation=asso,
        kind="users_group",
        held_on=held_on,
        place="Local",
        attendance=8,
    )
    objects["relay"] = participation.relay_save(
        acting_user=mediator, organisation=asso, commune=commune, name="Josiane", agreed_on=held_on
    )
    objects["testimony"], _findings = participation.testimony_save(
        acting_user=mediator,
        organisation=asso,
        person=person,
        meeting=objects["meeting"],
        collected_on=held_on,
        text="Trois mois pour un rendez-vous.",
        advocacy_use=True,
        troubles=["delays"],
    )
    # advocacy: a dossier with the testimony, reviewed, and a masked table
    objects["dossier"] = advocacy.dossier_create(
        acting_user=mediator, organisation=asso, title="Délais", recipient="ARS"
    )
    objects["excerpt"] = advocacy.excerpt_add(
        acting_user=mediator,
        dossier=objects["dossier"],
        source="testimony",
        testimony_id=objects["testimony"].pk,
    )
    advocacy.excerpt_review(
        acting_user=mediator, excerpt=objects["excerpt"], text="Trois mois pour un rendez-vous."
    )
    public.public_page_set(
        acting_user=mediator, organisation=asso, enabled=True, introduction="Nos chiffres."
    )
    objects["public_figure"] = public.public_figure_add(
        acting_user=mediator,
        organisation=asso,
        title="Genre",
        dimensions=["gender"],
        months=12,
        threshold=5,
        today=held_on,
    )
    objects["figure"] = advocacy.figure_add(
        acting_user=mediator,
        dossier=objects["dossier"],
        title="Genre",
        start=held_on.replace(month=1, day=1),
        end=held_on,
        dimensions=["gender"],
        threshold=5,
    )
    # directory: a structure kept by the association (not published), its service, a named
    # contact, and the partnership file (a meeting with partners, a difficulty)
    structure = directory.structure_create(
        acting_user=mediator,
        organisation=asso,
        name="PASS de Limoux",
        commune_name="Limoux",
        code_insee="11206",
        postal_code="11300",
        visibility=Visibility.PRIVATE,
    )
    objects["structure"] = structure
    objects["service"] = directory.service_create(
        acting_user=mediator,
        structure=structure,
        thematics=["sante--acces-aux-soins"],
        name="Consultation",
        description="Consultation sans couverture.",
    )
    objects["directory_contact"] = directory.contact_save(
        acting_user=mediator, structure=structure, name="Sophie Castel", role="Assistante sociale"
    )
    objects["partner_meeting"] = directory.meeting_save(
        acting_user=mediator,
        organisation=asso,
        structures=[structure],
        held_on=held_on,
        participants="Équipe de la PASS",
        topics="Accès",
    )
    directory.difficulty_report(
        acting_user=mediator, organisation=asso, structure=structure, kind="waiting_list", occurred_on=held_on
    )
    objects["referral"] = referral_create(
        acting_user=users["doctor"],
        organisation=asso,
        first_name="Jérôme",
        last_name="Perrin",
        reason="En rupture de soins après un infarctus, papiers à refaire.",
    )
    # a second referral, taken in charge with the person's file: the doctor may propose a partner
    objects["referral_taken"] = referral_take(
        acting_user=mediator,
        referral=referral_create(
            acting_user=users["doctor"],
            organisation=asso,
            first_name=objects["person"].first_name,
            reason="Diabète mal équilibré, isolé.",
        ),
        person=objects["person"],
    )
    # patient partners: one in the association's registry, with a training awaiting validation
    # and a convention in force
    coordinator = users["coordinator"]
    objects["partner"] = partners.partner_create(
        acting_user=coordinator,
        organisation=asso,
        first_name="Nadia",
        last_name="Benali",
        pathologies=["diabetes"],
        languages=["fr", "ar"],
    )
    objects["training"] = partners.training_add(
        acting_user=coordinator,
        partner=objects["partner"],
        kind="university",
        body="DU patient partenaire, Sorbonne Université",
        completed_on=held_on,
        certificate=SimpleUploadedFile(
            "attestation.pdf", b"%PDF-1.4 matrice", content_type="application/pdf"
        ),
    )
    objects["convention"] = partners.convention_add(
        acting_user=coordinator,
        partner=objects["partner"],
        party="Association locale",
        starts_on=held_on,
        framework="volunteer",
        file=SimpleUploadedFile("convention.pdf", b"%PDF-1.4 matrice", content_type="application/pdf"),
    )
    # and a patient partner of the association with an account, proposable, whom the person
    # consented to and chose: the patient partner's space shows them
    companion = partners.partner_create(
        acting_user=coordinator, organisation=asso, first_name="Marc", user=users["patient_partner"]
    )
    partners.training_validate(
        acting_user=coordinator,
        training=partners.training_add(
            acting_user=coordinator,
            partner=companion,
            kind="association",
            body="Association agréée",
            completed_on=held_on,
            certificate=SimpleUploadedFile("a.pdf", b"%PDF-1.4 matrice", content_type="application/pdf"),
        ),
    )
    partners.convention_add(
        acting_user=coordinator,
        partner=companion,
        party="Association locale",
        starts_on=held_on,
        framework="volunteer",
        file=SimpleUploadedFile("c.pdf", b"%PDF-1.4 matrice", content_type="application/pdf"),
    )
    accompaniment = partners.accompaniment_propose(acting_user=mediator, person=objects["person"])
    partners.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment,
        method="drawn",
        consented_on=today,
        signed_name="X",
        signature=DRAWN_SIGNATURE,
    )
    objects["accompaniment"] = partners.accompaniment_choose_partner(
        acting_user=mediator, accompaniment=accompaniment, partner=companion, contacted_on=today
    )
    # the partner's log of it: a meeting, and a difficulty signalled to the mediators
    objects["partner_log_meeting"] = partners.partner_meeting_record(
        acting_user=world.users["patient_partner"],
        accompaniment=objects["accompaniment"],
        met_on=today,
        duration_minutes=45,
        mode="in_person",
        themes=["care_path"],
        place="Café de la place",
    )
    objects["partner_difficulty"] = partners.partner_difficulty_signal(
        acting_user=world.users["patient_partner"],
        accompaniment=objects["accompaniment"],
        kind="needs_help",
        message="Rappeler l'équipe",
    )
    # a workshop programme of the association: a session held ten days ago, facilitated by the
    # mediator and the patient partner with an account, the person registered with their consent
    # and present
    objects["workshop_programme"] = workshops.programme_create(
        acting_user=coordinator,
        organisation=asso,
        title="Vivre avec son diabète",
        description="Six ateliers en groupe.",
        starts_on=held_on - timedelta(days=30),
    )
    objects["workshop_session"] = workshops.session_create(
        acting_user=coordinator,
        programme=objects["workshop_programme"],
        starts_at=aware(held_on, 14),
        duration_minutes=120,
        place="Maison de santé de Limoux",
        theme="nutrition",
        capacity=10,
        professionals=[mediator],
        partners=[companion],
    )
    objects["workshop_registration"] = workshops.registration_create(
        acting_user=mediator,
        programme=objects["workshop_programme"],
        person=person,
        consent_given=True,
        consented_on=held_on - timedelta(days=1),
        information_version="etp-2026-01",
        registered_on=held_on - timedelta(days=1),
    )
    workshops.attendance_record(
        acting_user=coordinator,
        session=objects["workshop_session"],
        entries={objects["workshop_registration"].pk: "present"},
    )


def _institutional(world: World) -> None:
    """A saisine of the fund in instruction, with a document, an exchange awaiting its answer, a
    task, a letter, a letter template and an improvement proposal."""
    cpam, objects = world.organisations["cpam"], world.objects
    mediator = world.users["institutional_mediator"]
    today = timezone.localdate()
    requester = person_create(
        acting_user=mediator,
        organisation=cpam,
        first_name="Martine",
        last_name="Dufour",
        email="m@example.org",
    )
    objects["requester"] = requester
    saisine = saisines.saisine_receive(
        acting_user=mediator,
        organisation=cpam,
        received_on=today - timedelta(days=3),
        channel="letter",
        author_type="insured",
        origin="direct",
        perimeter="first_intention",
        process="care_access_complaint",
        subprocess="gp_search",
        requester=requester,
        subject="Recherche d'un médecin traitant.",
    )
    saisines.saisine_examine(acting_user=mediator, saisine=saisine)
    saisines.saisine_record_perimeter(
        acting_user=mediator,
        saisine=saisine,
        perimeter="first_intention",
        matter="",
        prior_claim=True,
        court_action_pending=False,
    )
    saisines.saisine_declare_receivable(acting_user=mediator, saisine=saisine)
    objects["exchange"] = saisines.exchange_request(
        acting_user=mediator, saisine=saisine, service="Prestations", requested_on=today
    )
    objects["document"] = saisines.document_add(
        acting_user=mediator,
        saisine=saisine,
        file=SimpleUploadedFile("courrier.pdf", b"%PDF-1.4 matrice", content_type="application/pdf"),
    )
    # Tasks are created by the services on a non-receivable saisine only: one here, to check.
    objects["task"] = FollowUpTask.objects.create(
        saisine=saisine, kind=FollowUpTask.Kind.SERVICE_ANSWER, due_on=today + timedelta(days=7)
    )
    objects["letter"] = letter_create(acting_user=mediator, saisine=saisine, kind=LetterKind.ACKNOWLEDGEMENT)
    letter_template_save(
        acting_user=mediator, organisation=cpam, kind=LetterKind.CLOSURE, body="Bonjour {{ nom }},"
    )
    objects["proposal"] = improvement_create(
        acting_user=mediator,
        organisation=cpam,
        kind="dysfunction",
        title="Délais de la caisse",
        saisines=[saisine],
    )
    saisine.refresh_from_db()
    objects["saisine"] = saisine
    (objects["notification"],) = notify(
        users=[mediator],
        kind=NotificationKind.SERVICE_ANSWER_OVERDUE,
        text=f"La saisine {saisine.reference} attend la réponse d'un service.",
        url=reverse("saisines:detail", args=[saisine.pk]),
        key="matrice",
        organisation=cpam,
    )


def build_world() -> World:
    organisations = _organisations()
    world = World(organisations=organisations, users=_users(organisations))
    _community(world)
    _institutional(world)
    for name, user in world.users.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        world.clients[name] = client
    world.clients[ANONYMOUS] = Client(raise_request_exception=False)
    # The mediator signed in on another device too: a session they may end from theirs.
    phone = Client()
    phone.force_login(world.users["community_mediator"])
    world.objects["user_session"] = UserSession.objects.get(session_id=phone.session.session_key)
    return world
