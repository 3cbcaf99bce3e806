"""Advocacy dossiers: pseudonymised words reviewed by a person, masked figures, a PDF that
nothing reaches before its review."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from lien.advocacy.enums import Source
from lien.advocacy.models import Excerpt
from lien.advocacy.services import (
    dossier_blockers,
    dossier_create,
    excerpt_add,
    excerpt_review,
    figure_add,
)
from lien.journal.models import JournalEntry
from lien.participation.services import testimony_save as save_testimony
from lien.people.services import consent_withdraw
from tests.mediation import FULL_CONSENT, consented_person

pytestmark = pytest.mark.django_db

WORDS = (
    "Josette a attendu trois mois ; le docteur lefebvre ne prend plus personne, appelez le 06 12 34 56 78."
)


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def dossier(world, mediator):
    return dossier_create(
        acting_user=mediator,
        organisation=world.organisation,
        title="Déserts médicaux",
        recipient="ARS Occitanie",
    )


@pytest.fixture
def testimony(world, mediator):
    person = consented_person(world, consent=FULL_CONSENT)
    testimony, _findings = save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=date(2025, 4, 3),
        text=WORDS,
        advocacy_use=True,
    )
    return testimony


def test_a_testimony_comes_in_pseudonymised_and_waits_for_its_review(dossier, testimony, mediator):
    excerpt = excerpt_add(
        acting_user=mediator, dossier=dossier, source=Source.TESTIMONY, testimony_id=testimony.pk
    )
    assert excerpt.proposal == (
        "[NOM] a attendu trois mois ; le docteur [NOM] ne prend plus personne, appelez le [TÉLÉPHONE]."
    )
    assert excerpt.text == "" and not excerpt.reviewed
    assert excerpt.month == date(2025, 4, 1)
    assert dossier_blockers(dossier) == ["1 extrait n'est pas encore relu."]


def test_a_review_that_leaves_a_name_is_refused_unless_confirmed(dossier, testimony, mediator):
    excerpt = excerpt_add(
        acting_user=mediator, dossier=dossier, source=Source.TESTIMONY, testimony_id=testimony.pk
    )
    with pytest.raises(ValidationError, match="Josette"):
        excerpt_review(acting_user=mediator, excerpt=excerpt, text="Josette a attendu trois mois.")
    excerpt.refresh_from_db()
    assert not excerpt.reviewed
    excerpt_review(acting_user=mediator, excerpt=excerpt, text=excerpt.proposal)
    excerpt.refresh_from_db()
    assert excerpt.reviewed and excerpt.reviewed_by == mediator
    assert dossier_blockers(dossier) == []


def test_only_testimonies_opened_to_advocacy_come_in(world, dossier, mediator):
    person = consented_person(world, consent=FULL_CONSENT)
    private, _ = save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=date(2025, 4, 3),
        text="x",
    )
    with pytest.raises(ValidationError, match="introuvable"):
        excerpt_add(acting_user=mediator, dossier=dossier, source=Source.TESTIMONY, testimony_id=private.pk)


def test_another_organisation_cannot_build_on_the_dossier(world, dossier, testimony):
    with pytest.raises(PermissionDenied):
        excerpt_add(
            acting_user=world.users["outsider"],
            dossier=dossier,
            source=Source.TESTIMONY,
            testimony_id=testimony.pk,
        )
    with pytest.raises(PermissionDenied):
        excerpt_add(
            acting_user=world.users["volunteer"],
            dossier=dossier,
            source=Source.TEXT,
            text="Texte",
            month=date(2025, 1, 1),
        )


def test_a_consent_withdrawn_takes_the_excerpt_away(world, dossier, testimony, mediator):
    excerpt_add(acting_user=mediator, dossier=dossier, source=Source.TESTIMONY, testimony_id=testimony.pk)
    consent_withdraw(acting_user=mediator, person=testimony.person, withdrawn_on=date(2025, 6, 1))
    assert not Excerpt.objects.exists()


def test_a_figure_refuses_a_threshold_below_the_instance_and_an_inapplicable_dimension(dossier, mediator):
    with pytest.raises(ValidationError, match="inférieur à 5"):
        figure_add(
            acting_user=mediator,
            dossier=dossier,
            title="Genre",
            start=date(2025, 1, 1),
            end=date(2025, 12, 31),
            dimensions=["gender"],
            threshold=2,
        )
    with pytest.raises(ValidationError, match="saisines"):
        figure_add(
            acting_user=mediator,
            dossier=dossier,
            title="Canal",
            start=date(2025, 1, 1),
            end=date(2025, 12, 31),
            dimensions=["channel"],
            threshold=5,
        )


def test_the_journey_through_the_pages_ends_with_a_pdf_of_reviewed_words(
    world, dossier, testimony, mediator, client_for
):
    client = client_for(mediator)
    response = client.post(
        reverse("advocacy:excerpt_add", args=[dossier.pk, "testimony"]), {"testimony-testimony": testimony.pk}
    )
    excerpt = Excerpt.objects.get()
    assert response.url == reverse("advocacy:review", args=[excerpt.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert '<mark class="entity" title="nom">Josette' in page.content.decode()
    # Not reviewed yet: no PDF.
    refused = client.get(reverse("advocacy:dossier_pdf", args=[dossier.pk]))
    assert refused.status_code == 302 and not JournalEntry.objects.filter(action="print").exists()
    client.post(reverse("advocacy:review", args=[excerpt.pk]), {"text": excerpt.proposal})
    figure = client.post(
        reverse("advocacy:figure_add", args=[dossier.pk]),
        {
            "figure-title": "Genre",
            "figure-start": "2025-01-01",
            "figure-end": "2025-12-31",
            "figure-first": "gender",
            "figure-threshold": "5",
        },
    )
    assert figure.status_code == 302
    response = client.get(reverse("advocacy:dossier_pdf", args=[dossier.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Déserts médicaux" in text and "[NOM] a attendu trois mois" in text
    assert "Josette" not in text and "06 12 34 56 78" not in text
    assert JournalEntry.objects.filter(action="print", organisation=world.organisation).count() == 1


def test_the_review_page_shows_the_original_only_to_whom_may_read_it(
    world, dossier, testimony, mediator, client_for
):
    excerpt = excerpt_add(
        acting_user=mediator, dossier=dossier, source=Source.TESTIMONY, testimony_id=testimony.pk
    )
    coordinator = world.users["regional_coordinator"]
    page = client_for(coordinator).get(reverse("advocacy:review", args=[excerpt.pk]))
    assert page.status_code == 200
    assert "Josette" not in page.content.decode()
    assert (
        client_for(world.users["outsider"]).get(reverse("advocacy:review", args=[excerpt.pk])).status_code
        == 404
    )
