"""A small known half-year for the open data tables, recorded through the services.

Community (the ``world`` association "asso", under "regional"): three people met in the first half
of 2026, one met only in 2025, one of another association; a fourth person in a second association
under "regional" (what the regional coordinator aggregates). A fund ("cpam-od", alone in its tree):
three saisines received in the period, one before it, one in another fund.
"""

from datetime import date

import pytest
import time_machine

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.appointments.services import appointment_record_attended
from lien.assessments.services import assessment_create
from lien.followup.services import contact_record
from lien.orientations.services import orientation_create, orientation_record_refused, orientation_record_went
from lien.saisines.enums import Status
from lien.saisines.models import Saisine
from lien.saisines.services import saisine_receive
from tests.community import aware, book
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory, UserFactory

TODAY = date(2026, 6, 30)
START, END = date(2026, 1, 1), date(2026, 6, 30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(aware(TODAY, 18), tick=False):
        yield


def _orient(mediator, person, on):
    return orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=on,
        structure_kind="pass",
        structure_name="PASS",
        reason="Soins",
    )


@pytest.fixture
def community(world):
    """``female`` (born 1950, Quillan, PUMa): a call in February, an assessment (mobility, no GP)
    and an orientation that went; ``male`` (born 2005, Quillan, no coverage): a call in March, an
    assessment (mobility), an orientation pending and one refused; ``unknown`` (nothing known,
    Axat): a call in March and an appointment attended in April. ``former`` was met in 2025 only,
    ``stranger`` belongs to another association; ``antenna`` (born 1980, Axat) to a second
    association under "regional"."""
    mediator = world.users["community_mediator"]
    quillan = CommuneFactory()
    axat = CommuneFactory(insee_code="11021", name="Axat", postal_codes="11140", population=479)
    org = world.organisation
    female = PersonFactory(
        organisation=org,
        first_name="Anne",
        birth_year=1950,
        commune=quillan,
        coverage="puma",
        gender="female",
    )
    male = PersonFactory(
        organisation=org, first_name="Bruno", birth_year=2005, commune=quillan, coverage="none", gender="male"
    )
    unknown = PersonFactory(organisation=org, first_name="Cali", birth_year=None, commune=axat)
    former = PersonFactory(organisation=org, first_name="Denis", gender="male", commune=axat)
    stranger = PersonFactory(organisation=world.other_organisation, first_name="Eve", gender="female")

    contact_record(acting_user=mediator, person=female, on=date(2026, 2, 3), channel="phone")
    assessment_create(
        acting_user=mediator, person=female, assessed_on=date(2026, 2, 3), barriers=["mobility", "no_gp"]
    )
    went = _orient(mediator, female, date(2026, 2, 10))
    orientation_record_went(acting_user=mediator, orientation=went, on=date(2026, 2, 20))

    contact_record(acting_user=mediator, person=male, on=date(2026, 3, 1), channel="office")
    assessment_create(acting_user=mediator, person=male, assessed_on=date(2026, 3, 1), barriers=["mobility"])
    _orient(mediator, male, date(2026, 3, 2))
    refused = _orient(mediator, male, date(2026, 3, 5))
    orientation_record_refused(
        acting_user=mediator, orientation=refused, on=date(2026, 3, 9), difficulty="care_refusal"
    )
    # An orientation of 2025 is not an outcome of the period.
    _orient(mediator, male, date(2025, 11, 5))

    contact_record(acting_user=mediator, person=unknown, on=date(2026, 3, 15), channel="phone")
    appointment = book(world, unknown, aware(date(2026, 4, 2)))
    appointment_record_attended(acting_user=mediator, appointment=appointment)

    contact_record(acting_user=mediator, person=former, on=date(2025, 5, 5), channel="phone")
    contact_record(acting_user=world.users["outsider"], person=stranger, on=date(2026, 3, 1), channel="phone")

    antenna_org = OrganisationFactory(slug="antenne", name="Antenne", parent=world.regional)
    antenna_mediator = UserFactory(email="antenne@lien.example")
    membership_add(user=antenna_mediator, organisation=antenna_org, role=Role.COMMUNITY_MEDIATOR)
    antenna = PersonFactory(
        organisation=antenna_org, first_name="Fanny", birth_year=1980, commune=axat, gender="female"
    )
    contact_record(acting_user=antenna_mediator, person=antenna, on=date(2026, 5, 5), channel="phone")
    return world


@pytest.fixture
def fund(db):
    """The fund "cpam-od", its mediator and director; three saisines in the period: an open one
    (e-mail, Quillan, requester born 1980), a closed one of the same requester (letter, Valenciennes,
    decision upheld), a not receivable one without commune nor requester; one received in 2025, one
    in another fund."""
    cpam = OrganisationFactory(slug="cpam-od", name="CPAM des données", fund=True)
    other = OrganisationFactory(slug="cpam-autre-od", name="Autre CPAM", fund=True)
    mediator = UserFactory(email="mediateur@cpam-od.example")
    membership_add(user=mediator, organisation=cpam, role=Role.INSTITUTIONAL_MEDIATOR)
    director = UserFactory(email="direction@cpam-od.example")
    membership_add(user=director, organisation=cpam, role=Role.DIRECTOR)
    assistant = UserFactory(email="assistant@cpam-od.example")
    membership_add(user=assistant, organisation=cpam, role=Role.ASSISTANT)
    other_mediator = UserFactory(email="mediateur@cpam-autre-od.example")
    membership_add(user=other_mediator, organisation=other, role=Role.INSTITUTIONAL_MEDIATOR)
    CommuneFactory()
    CommuneFactory(
        insee_code="59606",
        name="Valenciennes",
        postal_codes="59300",
        departement="59",
        departement_name="Nord",
        region="32",
        region_name="Hauts-de-France",
        population=43000,
    )
    requester = PersonFactory(organisation=cpam, first_name="Gaëlle", birth_year=1980, gender="female")

    def receive(on, organisation=cpam, user=mediator, **fields):
        values = {
            "channel": "email",
            "author_type": "insured",
            "origin": "direct",
            "perimeter": "after_claim",
            "process": "cash_benefits",
        } | fields
        return saisine_receive(acting_user=user, organisation=organisation, received_on=on, **values)

    receive(date(2026, 1, 10), requester=requester, commune_insee="11304")
    closed = receive(date(2026, 1, 20), channel="letter", requester=requester, commune_insee="59606")
    refused = receive(date(2026, 2, 3), process="benefits_in_kind")
    receive(date(2025, 12, 31))
    receive(date(2026, 3, 3), organisation=other, user=other_mediator)
    # The reader counts statuses and outcomes as they stand: set them directly.
    Saisine.objects.filter(pk=closed.pk).update(
        status=Status.CLOSED, closed_on=date(2026, 2, 1), outcome="decision_upheld"
    )
    Saisine.objects.filter(pk=refused.pk).update(status=Status.NOT_RECEIVABLE, receivable=False)
    return {"fund": cpam, "other": other, "mediator": mediator, "director": director, "assistant": assistant}
