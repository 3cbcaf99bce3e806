"""The conclusion of a letter: a sentence to the requester for each outcome and each reason of
non-receivability, which a fund rewrites through a journalled service, beside its templates."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.journal.models import Action, JournalEntry
from lien.letters.defaults.conclusions import CONCLUSIONS, NON_RECEIVABILITY, OUTCOMES
from lien.letters.enums import LetterKind, NonReceivabilityReason
from lien.letters.models import LetterConclusion
from lien.letters.services import (
    conclusion_texts,
    letter_conclusions_save,
    letter_context,
    letter_template_save,
    letter_warnings,
    mediator_title,
    non_receivability_reason,
)
from lien.saisines.enums import Outcome
from lien.saisines.models import Saisine
from lien.saisines.rules import suggest_receivability
from lien.saisines.services import saisine_receive
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return OrganisationFactory(slug="cpam-test", name="CPAM de Test", fund=True)


@pytest.fixture
def mediator(fund):
    user = UserFactory(email="mediatrice@cpam.example", full_name="Claire Lefebvre")
    membership_add(user=user, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    return user


@pytest.fixture
def saisine(fund, mediator):
    requester = PersonFactory(
        organisation=fund, first_name="Martine", last_name="Dufour", commune=CommuneFactory()
    )
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
        subject="IJ suspendues.",
        prior_claim=False,
    )


def test_every_outcome_and_every_reason_has_a_sentence_to_the_requester():
    assert set(OUTCOMES) == set(Outcome.values)
    assert set(NON_RECEIVABILITY) == set(NonReceivabilityReason.values)
    for key, sentence in CONCLUSIONS.items():
        assert sentence[0].isupper() and sentence.endswith("."), key
        assert "_" not in sentence and "{" not in sentence, key
        assert re.search(r"\b[Vv](ous|otre|os)\b", sentence), key  # addressed to the requester


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        ({"court_action_pending": True}, NonReceivabilityReason.COURT_ACTION_PENDING),
        ({"perimeter": "after_claim", "prior_claim": False}, NonReceivabilityReason.NO_PRIOR_CLAIM),
        ({"perimeter": "special", "prior_claim": None}, NonReceivabilityReason.NO_PRIOR_CLAIM),
    ],
)
def test_the_reason_follows_the_receivability_rules(facts, reason):
    saisine = Saisine(
        **{"perimeter": "after_claim", "prior_claim": True, "court_action_pending": False, "matter": ""}
        | facts
    )
    assert non_receivability_reason(saisine) == reason
    assert not suggest_receivability(
        perimeter=saisine.perimeter,
        matter="",
        prior_claim=saisine.prior_claim,
        court_action_pending=saisine.court_action_pending,
    ).receivable


def test_the_notice_of_non_receivability_says_why_in_a_sentence(saisine, mediator):
    context = letter_context(
        saisine, author=mediator, today=timezone.localdate(), kind=LetterKind.NON_RECEIVABILITY
    )
    assert context["conclusion"] == NON_RECEIVABILITY[NonReceivabilityReason.NO_PRIOR_CLAIM]
    assert context["reason"] == context["conclusion"]


def test_a_fund_rewrites_a_conclusion_and_its_letters_print_it(saisine, mediator, fund):
    Saisine.objects.filter(pk=saisine.pk).update(outcome=Outcome.DECISION_UPHELD)
    saisine.refresh_from_db()
    texts = letter_conclusions_save(
        acting_user=mediator,
        organisation=fund,
        texts={Outcome.DECISION_UPHELD: "  La décision est maintenue ; je vous en explique les raisons.  "},
    )
    assert texts[Outcome.DECISION_UPHELD] == "La décision est maintenue ; je vous en explique les raisons."
    context = letter_context(saisine, author=mediator, today=timezone.localdate(), kind=LetterKind.CLOSURE)
    assert context["conclusion"] == "La décision est maintenue ; je vous en explique les raisons."
    entry = JournalEntry.objects.get(action=Action.UPDATE)
    assert (entry.user, entry.organisation, entry.detail) == (
        mediator,
        fund,
        "conclusions des courriers : decision_upheld",
    )
    # Another fund keeps the default.
    other = OrganisationFactory(fund=True)
    assert conclusion_texts(other)[Outcome.DECISION_UPHELD] == OUTCOMES[Outcome.DECISION_UPHELD]


def test_an_empty_text_or_the_default_restores_the_default(mediator, fund):
    letter_conclusions_save(acting_user=mediator, organisation=fund, texts={"abandoned": "Classée."})
    letter_conclusions_save(acting_user=mediator, organisation=fund, texts={"abandoned": ""})
    assert not LetterConclusion.objects.exists()
    assert conclusion_texts(fund)["abandoned"] == OUTCOMES["abandoned"]
    letter_conclusions_save(
        acting_user=mediator, organisation=fund, texts={"abandoned": OUTCOMES["abandoned"]}
    )
    assert not LetterConclusion.objects.exists()
    assert JournalEntry.objects.filter(action=Action.UPDATE).count() == 2  # the third changed nothing


def test_it_refuses_variables_unknown_keys_and_other_roles(mediator, fund):
    with pytest.raises(ValidationError) as refused:
        letter_conclusions_save(
            acting_user=mediator, organisation=fund, texts={"abandoned": "{{ requester }}"}
        )
    assert "pas de variable" in refused.value.message_dict["abandoned"][0]
    with pytest.raises(ValidationError):
        letter_conclusions_save(
            acting_user=mediator, organisation=fund, texts={"decision_revised_typo": "Oui."}
        )
    assistant = UserFactory()
    membership_add(user=assistant, organisation=fund, role=Role.ASSISTANT)
    with pytest.raises(PermissionDenied):
        letter_conclusions_save(acting_user=assistant, organisation=fund, texts={"abandoned": "Classée."})
    assert not LetterConclusion.objects.exists() and not JournalEntry.objects.exists()


def test_the_conclusions_page_is_reached_from_the_templates_and_saves_through_the_service(
    fund, mediator, client_for
):
    client = client_for(mediator)
    url = reverse("letters:template_edit", args=[fund.slug, "conclusions"])
    assert url in client.get(reverse("letters:templates")).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert OUTCOMES["referred_mas"] in page.content.decode()
    data = dict(CONCLUSIONS) | {"referred_mas": "Une conseillère vous appellera."}
    assert client.post(url, data).status_code == 302
    assert LetterConclusion.objects.get().text == "Une conseillère vous appellera."
    refused = client.post(url, data | {"abandoned": "{% if x %}"})
    assert refused.status_code == 200 and "pas de variable" in refused.content.decode()
    outsider = UserFactory()
    membership_add(
        user=outsider, organisation=OrganisationFactory(fund=True), role=Role.INSTITUTIONAL_MEDIATOR
    )
    assert client_for(outsider).get(url).status_code == 404


def test_saving_a_template_is_journalled(mediator, fund):
    template = letter_template_save(
        acting_user=mediator, organisation=fund, kind="closure", body="{{ conclusion }}"
    )
    entry = JournalEntry.objects.get(action=Action.UPDATE)
    assert (entry.object_id, entry.detail) == (str(template.pk), "modèle de courrier closure")


def test_the_signature_names_the_role_of_the_author(mediator, fund):
    assert mediator_title(mediator, fund) == "Médiateur de la CPAM de Test"
    deputy, assistant = UserFactory(), UserFactory()
    membership_add(user=deputy, organisation=fund, role=Role.DEPUTY)
    membership_add(user=assistant, organisation=fund, role=Role.ASSISTANT)
    assert mediator_title(deputy, fund) == "Médiateur suppléant de la CPAM de Test"
    assert mediator_title(assistant, fund) == "Pour le médiateur de la CPAM de Test"


def test_the_letter_page_warns_of_an_incomplete_postal_address(saisine, mediator, client_for):
    assert letter_warnings(saisine, LetterKind.ACKNOWLEDGEMENT) == [
        "Adresse postale incomplète : il manque le numéro et la voie (ou le lieu-dit). Le courrier "
        "n'imprime que le nom ; complétez la fiche de la personne avant un envoi par la poste."
    ]
    page = client_for(mediator).get(reverse("letters:new", args=[saisine.pk, LetterKind.ACKNOWLEDGEMENT]))
    assert "Adresse postale incomplète" in page.content.decode()
    saisine.requester.address_street = "3 rue Jean Jaurès"
    saisine.requester.save()
    assert letter_warnings(saisine, LetterKind.ACKNOWLEDGEMENT) == []  # Quillan has one postal code
    assert letter_warnings(saisine, LetterKind.MEDIATION_REPORT) == []  # to the CRA: no address


def test_a_closure_letter_without_an_outcome_says_so(saisine):
    assert any("Aucune suite" in warning for warning in letter_warnings(saisine, LetterKind.CLOSURE))
