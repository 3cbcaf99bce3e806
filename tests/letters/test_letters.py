import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.journal.models import Action, JournalEntry
from lien.letters.enums import LetterKind
from lien.letters.models import Letter, LetterTemplate
from lien.letters.services import letter_create, letter_mark_sent, letter_send, letter_template_save
from lien.saisines.enums import AppealKind, Status
from lien.saisines.services import saisine_declare_receivable, saisine_receive
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pdf_text(letter: Letter) -> str:
    with letter.pdf.open("rb") as handle:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


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
        organisation=fund,
        first_name="Martine",
        last_name="Dufour",
        email="martine@example.org",
        commune=CommuneFactory(),
    )
    return saisine_receive(
        acting_user=mediator,
        organisation=fund,
        received_on=date(2024, 2, 27),
        channel="letter",
        author_type="insured",
        origin="direct",
        perimeter="first_intention",
        process="care_access_complaint",
        subprocess="gp_search",
        requester=requester,
        subject="Recherche d'un médecin traitant depuis six mois.",
    )


def test_it_renders_the_acknowledgement_pdf_with_the_requester_and_the_dates(saisine, mediator):
    letter = letter_create(acting_user=mediator, saisine=saisine, kind=LetterKind.ACKNOWLEDGEMENT)
    text = _pdf_text(letter)
    assert "Martine DUFOUR" in text  # the name line of the address block
    assert "27 février 2024" in text  # date of receipt
    assert saisine.reference in text
    assert "rôle" in letter.body and "médiation" in letter.body  # explains the mediator's role
    assert "suspend" in letter.body


def test_it_journals_the_printing_of_a_letter(saisine, mediator):
    letter = letter_create(acting_user=mediator, saisine=saisine, kind=LetterKind.CLOSURE)
    entry = JournalEntry.objects.get(action=Action.PRINT)
    assert entry.object_id == str(letter.pk) and entry.person_id == saisine.requester_id


def test_it_uses_the_organisation_template_when_edited(saisine, mediator, fund):
    letter_template_save(
        acting_user=mediator,
        organisation=fund,
        kind=LetterKind.PERSONALISED,
        body="Bonjour {{ requester }} ({{ reference }})",
    )
    letter = letter_create(acting_user=mediator, saisine=saisine, kind=LetterKind.PERSONALISED)
    assert letter.body.strip() == f"Bonjour Martine Dufour ({saisine.reference})"


def test_it_refuses_a_template_with_a_syntax_error(mediator, fund):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        letter_template_save(
            acting_user=mediator, organisation=fund, kind=LetterKind.CLOSURE, body="{% if %}"
        )
    assert not LetterTemplate.objects.exists()


def test_it_cannot_read_anything_but_the_plain_variables(saisine, mediator, fund):
    letter_template_save(
        acting_user=mediator,
        organisation=fund,
        kind=LetterKind.PERSONALISED,
        body="[{{ saisine.requester.phone }}]",
    )
    letter = letter_create(acting_user=mediator, saisine=saisine, kind=LetterKind.PERSONALISED)
    assert letter.body.strip() == "[]"


def test_it_sends_by_email_with_the_pdf_and_records_the_acknowledgement(saisine, mediator):
    saisine_declare_receivable(acting_user=mediator, saisine=saisine)
    letter = letter_create(acting_user=mediator, saisine=saisine, kind=LetterKind.ACKNOWLEDGEMENT)
    letter_send(acting_user=mediator, letter=letter, today=date(2024, 3, 1))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["martine@example.org"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    letter.refresh_from_db()
    saisine.refresh_from_db()
    assert letter.sent_on == date(2024, 3, 1)
    assert saisine.acknowledged_on == date(2024, 3, 1)
    assert saisine.appeal_suspended_from == date(2024, 3, 1)
    assert set(saisine.suspended_appeals) == set(AppealKind.values)
    assert saisine.answer_delay_days == 3
    assert saisine.status == Status.RECEIVABLE


def test_it_records_a_letter_sent_by_post_when_there_is_no_address(saisine, mediator):
    from django.core.exceptions import ValidationError

    saisine.requester.email = ""
    saisine.requester.save()
    letter = letter_create(acting_user=mediator, saisine=saisine, kind=LetterKind.CLOSURE)
    with pytest.raises(ValidationError):
        letter_send(acting_user=mediator, letter=letter)
    letter_mark_sent(acting_user=mediator, letter=letter, sent_on=date(2024, 3, 4), via=Letter.Via.POST)
    letter.refresh_from_db()
    assert (letter.sent_on, letter.sent_via) == (date(2024, 3, 4), "post")


def test_it_keeps_the_equity_note_for_the_mediator_not_the_assistant(saisine, fund):
    from django.core.exceptions import PermissionDenied

    assistant = UserFactory()
    membership_add(user=assistant, organisation=fund, role=Role.ASSISTANT)
    with pytest.raises(PermissionDenied):
        letter_create(acting_user=assistant, saisine=saisine, kind=LetterKind.EQUITY_NOTE)


def test_it_serves_letter_pages_to_the_fund_only(saisine, mediator, client_for):
    letter = letter_create(acting_user=mediator, saisine=saisine, kind=LetterKind.CLOSURE)
    outsider = UserFactory()
    membership_add(
        user=outsider, organisation=OrganisationFactory(fund=True), role=Role.INSTITUTIONAL_MEDIATOR
    )
    for url in [reverse("letters:detail", args=[letter.pk]), reverse("letters:pdf", args=[letter.pk])]:
        assert client_for(mediator).get(url).status_code == 200
        assert client_for(outsider).get(url).status_code == 404
    response = client_for(mediator).get(reverse("letters:pdf", args=[letter.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_it_edits_a_template_through_the_page(fund, mediator, client_for):
    client = client_for(mediator)
    url = reverse("letters:template_edit", args=[fund.slug, LetterKind.CLOSURE])
    assert "conclusions" in client.get(url).content.decode()
    response = client.post(url, {"body": "Madame, Monsieur, {{ outcome }}."})
    assert response.status_code == 302
    assert (
        LetterTemplate.objects.get(organisation=fund, kind=LetterKind.CLOSURE).body
        == "Madame, Monsieur, {{ outcome }}."
    )
    assert client.post(url, {"body": "{% for %}"}).status_code == 200
