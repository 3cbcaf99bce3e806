"""Personas of a fund (caisse) for the saisine pages, and helpers to put a saisine at a step."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.models import Organisation, User
from lien.accounts.services import membership_add
from lien.people.models import Person
from lien.saisines import services
from lien.saisines.enums import Status
from lien.saisines.models import Saisine
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

FUND_ROLES = ("institutional_mediator", "assistant", "deputy", "director")


@dataclass
class Team:
    fund: Organisation
    other_fund: Organisation
    users: dict[str, User]

    @property
    def mediator(self) -> User:
        return self.users["institutional_mediator"]


@pytest.fixture
def team(db) -> Team:
    """One user per role in the fund, and ``outsider``: the mediator of another fund."""
    fund = OrganisationFactory(slug="cpam-lien", name="CPAM de Lien", fund=True)
    other = OrganisationFactory(slug="cpam-ailleurs", name="CPAM d'ailleurs", fund=True)
    users = {}
    for role in FUND_ROLES:
        users[role] = UserFactory(email=f"{role}@cpam-lien.example", full_name=role.title())
        membership_add(user=users[role], organisation=fund, role=Role(role))
    users["outsider"] = UserFactory(email="mediateur@cpam-ailleurs.example")
    membership_add(user=users["outsider"], organisation=other, role=Role.INSTITUTIONAL_MEDIATOR)
    return Team(fund, other, users)


@pytest.fixture
def requester(team) -> Person:
    return PersonFactory(organisation=team.fund, first_name="Hélène", last_name="Éluard")


@pytest.fixture
def receive(team):
    """Receive a saisine in the fund (by its mediator), with plain defaults."""

    def make(*, received_on: date | None = None, organisation=None, **fields) -> Saisine:
        values = {
            "channel": "letter",
            "author_type": "insured",
            "origin": "direct",
            "perimeter": "after_claim",
            "process": "cash_benefits",
            "subprocess": "sickness",
        } | fields
        return services.saisine_receive(
            acting_user=team.mediator if organisation is None else team.users["outsider"],
            organisation=organisation or team.fund,
            received_on=received_on or timezone.localdate(),
            **values,
        )

    return make


@pytest.fixture
def advance(team):
    """Take a received saisine to ``status`` through the services, as a mediator would."""

    def move(saisine: Saisine, status: str) -> Saisine:
        user, today = team.mediator, timezone.localdate()
        if status == Status.RECEIVED:
            return saisine
        if status == Status.UNDER_REVIEW:
            return services.saisine_examine(acting_user=user, saisine=saisine)
        if status == Status.ENDED_COURT_ACTION:
            return services.saisine_record_court_action(acting_user=user, saisine=saisine, on=today)
        services.saisine_record_perimeter(
            acting_user=user,
            saisine=saisine,
            perimeter=saisine.perimeter,
            matter="",
            prior_claim=True,
            court_action_pending=False,
        )
        receivable = status != Status.NOT_RECEIVABLE
        if receivable:
            services.saisine_declare_receivable(acting_user=user, saisine=saisine)
        else:
            services.saisine_declare_not_receivable(acting_user=user, saisine=saisine)
        if status in {Status.RECEIVABLE, Status.NOT_RECEIVABLE}:
            return saisine
        services.saisine_instruct(acting_user=user, saisine=saisine)
        if status == Status.PROPOSAL:
            services.saisine_propose_equity(acting_user=user, saisine=saisine, proposal="Remise de dette.")
        if status == Status.CLOSED:
            services.saisine_close(
                acting_user=user, saisine=saisine, closed_on=today, outcome="resolved_by_explanation"
            )
        return saisine

    return move
