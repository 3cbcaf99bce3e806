"""Every letter, as it leaves Lien: each kind for each outcome of a saisine, for a requester with a
civility and a postal address and for one without, rendered to PDF and read back with pypdf.

What the requester reads must have its address block (or the name alone when the address is
incomplete), its greeting, real apostrophes, and nothing of the machine: no HTML entity, no code,
no template syntax, no « None », no variable printed empty."""

import io
import re
from datetime import date

import pytest
from django.template.base import VariableNode
from django.template.defaulttags import IfNode
from pypdf import PdfReader

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.letters.address import address_block
from lien.letters.defaults.conclusions import OUTCOMES as DEFAULT_OUTCOMES
from lien.letters.enums import RECIPIENT, LetterKind, NonReceivabilityReason
from lien.letters.services import (
    _ENGINE,
    default_body,
    letter_context,
    letter_create,
    postal_address,
)
from lien.saisines.enums import ResolutionMode, Status
from lien.saisines.models import Saisine
from lien.saisines.services import saisine_receive
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every outcome a saisine can hold (the closure's and the end by a court action, if any).
OUTCOMES = [code for code, _label in Saisine._meta.get_field("outcome").choices if code]
CODES = {
    *OUTCOMES,
    *ResolutionMode.values,
    *NonReceivabilityReason.values,
    *LetterKind.values,
    *Status.values,
}
ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)
TODAY = date(2024, 5, 6)


def _pdf_text(letter) -> str:
    with letter.pdf.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def _variables(nodelist, guarded: frozenset[str] = frozenset()):
    """The variables a template prints without an ``{% if %}`` on them."""
    for node in nodelist:
        if isinstance(node, VariableNode):
            name = node.filter_expression.var.var
            if name not in guarded:
                yield name
        elif isinstance(node, IfNode):
            for condition, nodes in node.conditions_nodelists:
                value = getattr(condition, "value", None)
                names = {value.var.var} if value is not None and hasattr(value.var, "var") else set()
                yield from _variables(nodes, guarded | names)
        else:
            for attribute in node.child_nodelists:
                yield from _variables(getattr(node, attribute, None) or [], guarded)


@pytest.fixture
def fund(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return OrganisationFactory(slug="cpam-aude", name="CPAM de l'Aude", fund=True)


@pytest.fixture
def mediator(fund):
    user = UserFactory(email="mediatrice@cpam.example", full_name="Claire Lefebvre")
    membership_add(user=user, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    return user


def _requester(fund, *, addressed: bool):
    quillan = CommuneFactory()  # Quillan, 11500
    if addressed:
        return PersonFactory(
            organisation=fund,
            civility="madame",
            first_name="Hélène",
            last_name="D'Arc",
            commune=quillan,
            address_recipient="Chez M. Martin",
            address_street="1 place de l'Église",
            postal_code="11500",
        )
    return PersonFactory(organisation=fund, first_name="<b>Jo", last_name="", commune=None)


def _saisine(fund, mediator, requester) -> Saisine:
    return saisine_receive(
        acting_user=mediator,
        organisation=fund,
        received_on=date(2024, 2, 27),
        channel="letter",
        author_type="insured",
        origin="direct",
        perimeter="after_claim",
        process="cash_benefits",
        subprocess="sickness",
        requester=requester,
        subject="Indemnités de l'assurée suspendues depuis trois mois & aucune réponse <b>.",
        prior_claim=True,
    )


def _as_closed_with(saisine: Saisine, outcome: str) -> Saisine:
    """The saisine as its closure with this outcome leaves it (set directly: the letters are under
    test here, the lifecycle has its own tests)."""
    Saisine.objects.filter(pk=saisine.pk).update(
        status=Status.CLOSED,
        closed_on=date(2024, 4, 30),
        acknowledged_on=date(2024, 3, 1),
        suspended_appeals=["cra"],
        outcome=outcome,
        resolution_mode=ResolutionMode.EQUITY_PROPOSAL,
        equity_proposal="Remise de l'indu de 640 €.",
        # The end of a mediation by a court action (an outcome without a conclusion of its own).
        court_action_pending=outcome not in DEFAULT_OUTCOMES,
    )
    return Saisine.objects.select_related("organisation", "requester__commune").get(pk=saisine.pk)


@pytest.mark.parametrize("addressed", [True, False], ids=["with-address", "without-address"])
def test_every_letter_for_every_outcome_reads_as_a_letter(fund, mediator, addressed):
    requester = _requester(fund, addressed=addressed)
    saisine = _saisine(fund, mediator, requester)
    block = address_block(postal_address(requester))
    assert block.complete is addressed
    greeting = "Madame D'Arc," if addressed else "Madame, Monsieur,"
    problems = []
    for outcome in OUTCOMES:
        saisine = _as_closed_with(saisine, outcome)
        for kind in LetterKind.values:
            context = letter_context(saisine, author=mediator, today=TODAY, kind=kind)
            template = _ENGINE.from_string(default_body(kind))
            empty = [name for name in set(_variables(template.nodelist)) if not context[name].strip()]
            text = _pdf_text(letter_create(acting_user=mediator, saisine=saisine, kind=kind))
            lines = [line.strip() for line in text.splitlines()]
            where = f"{kind} / {outcome}"
            problems += [f"{where}: empty variable {name}" for name in empty]
            problems += [f"{where}: entity {found}" for found in ENTITY.findall(text)]
            problems += [f"{where}: {word!r}" for word in ("{{", "{%", "}}", "None") if word in text]
            problems += [f"{where}: code {code}" for code in CODES if re.search(rf"\b{code}\b", text)]
            if "Claire Lefebvre" not in lines or "Médiateur de la CPAM de l'Aude" not in lines:
                problems.append(f"{where}: no signature")
            if RECIPIENT[LetterKind(kind)] == "requester":
                if not set(block.printed) <= set(lines):
                    problems.append(f"{where}: address block {block.printed} not in {lines[:8]}")
                if greeting not in lines:
                    problems.append(f"{where}: no greeting {greeting!r}")
            else:  # the note and the report quote the subject: escaped once, as typed
                if not _words_in(
                    "Indemnités de l'assurée suspendues depuis trois mois & aucune réponse <b>.", text
                ):
                    problems.append(f"{where}: the subject is not printed as typed")
            if kind in {LetterKind.CLOSURE, LetterKind.NON_RECEIVABILITY} and not (
                context["conclusion"] and _words_in(context["conclusion"], text)
            ):
                problems.append(f"{where}: no conclusion")
    assert problems == [], "\n".join(problems)


def _words_in(sentence: str, text: str) -> bool:
    return " ".join(sentence.split()) in " ".join(text.split())
