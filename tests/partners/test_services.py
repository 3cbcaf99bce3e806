"""Each write checks ``partners.manage`` in the partner's organisation and journals; files are
PDF, PNG or JPEG of 5 MB at most, checked by their content; only the coordination validates."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lien.journal.models import JournalEntry
from lien.partners import services
from lien.partners.models import Convention, PatientPartner, Training
from lien.workflow.engine import ActionRefused
from tests.partners.conftest import add_convention, add_training

pytestmark = pytest.mark.django_db


def test_the_coordinator_creates_a_partner_with_codes_and_it_is_journalled(partner, coordinator):
    assert sorted(row.code for row in partner.languages.all()) == ["ar", "fr"]
    assert [row.code for row in partner.departements.all()] == ["11", "31"]
    entry = JournalEntry.objects.get(object_type="partners.patientpartner", action="create")
    assert entry.user == coordinator and entry.person is None and "Benali" not in entry.object_repr


@pytest.mark.parametrize("role", ["community_mediator", "director", "patient_partner", "outsider", "nobody"])
def test_only_the_coordination_writes_the_registry(world, role, partner):
    user = world.users[role]
    with pytest.raises(PermissionDenied):
        services.partner_create(acting_user=user, organisation=world.organisation, first_name="Paul")
    with pytest.raises(PermissionDenied):
        services.partner_update(acting_user=user, partner=partner, availability="Le mardi")
    with pytest.raises(PermissionDenied):
        add_training(user, partner)
    with pytest.raises(PermissionDenied):
        add_convention(user, partner, starts_on=date(2026, 1, 1))
    assert PatientPartner.objects.count() == 1 and not Training.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pathologies", ["flu"], "Pathologie inconnue : flu."),
        ("languages", ["xx"], "Langue inconnue : xx."),
        ("departements", ["99"], "Département inconnu : 99."),
        ("first_name", "  ", "Indiquez le prénom."),
    ],
)
def test_it_refuses_unknown_codes_in_french_and_writes_nothing(
    world, coordinator, departements, field, value, message
):
    fields = {"first_name": "Paul", field: value}
    with pytest.raises(ValidationError) as refusal:
        services.partner_create(acting_user=coordinator, organisation=world.organisation, **fields)
    assert refusal.value.message_dict[field] == [message]
    assert not PatientPartner.objects.exists() and not JournalEntry.objects.exists()


def test_it_links_only_an_account_with_the_patient_partner_role(world, coordinator, partner):
    with pytest.raises(ValidationError, match="rôle de patient·e partenaire"):
        services.partner_update(acting_user=coordinator, partner=partner, user=world.users["volunteer"])
    services.partner_update(acting_user=coordinator, partner=partner, user=world.users["patient_partner"])
    partner.refresh_from_db()
    assert partner.user == world.users["patient_partner"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "Déposez un fichier PDF, PNG ou JPEG."),
        ("logo.svg", b"<svg onload='alert(1)'/>", "Déposez un fichier PDF, PNG ou JPEG."),
        ("faux.pdf", b"<html>not a pdf</html>", "Le contenu de ce fichier ne correspond pas"),
        ("gros.pdf", b"%PDF-" + b"0" * (6 * 1024 * 1024), "Le fichier dépasse 5 Mo"),
        ("vide.pdf", b"", "Le fichier est vide."),
    ],
)
def test_it_refuses_a_file_that_is_not_a_small_pdf_or_image(
    partner, coordinator, media, name, content, message
):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError) as refusal:
        services.training_add(
            acting_user=coordinator,
            partner=partner,
            kind="university",
            body="DU",
            completed_on=date(2025, 6, 30),
            certificate=upload,
        )
    assert refusal.value.message_dict["certificate"][0].startswith(message)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.convention_add(
            acting_user=coordinator,
            partner=partner,
            party="Réseau",
            starts_on=date(2026, 1, 1),
            framework="paid",
            file=upload,
        )
    assert not Training.objects.exists() and not Convention.objects.exists()
    assert not any(media.rglob("*.*"))


def test_it_accepts_a_png_and_a_jpeg(partner, coordinator):
    png = SimpleUploadedFile("scan.PNG", b"\x89PNG\r\n\x1a\n" + b"0" * 10)
    jpeg = SimpleUploadedFile("photo.jpeg", b"\xff\xd8\xff\xe0" + b"0" * 10)
    training = services.training_add(
        acting_user=coordinator,
        partner=partner,
        kind="association",
        body="AFD",
        completed_on=date(2025, 1, 1),
        certificate=png,
    )
    convention = services.convention_add(
        acting_user=coordinator,
        partner=partner,
        party="CHU",
        starts_on=date(2026, 1, 1),
        framework="paid",
        file=jpeg,
    )
    # The stored name is random: the name given to a file may name someone.
    assert training.certificate.name.endswith(".png") and "scan" not in training.certificate.name
    assert convention.file.name.startswith(f"partners/{partner.organisation_id}/{partner.pk}/")


def test_a_convention_cannot_end_before_it_starts(partner, coordinator):
    with pytest.raises(ValidationError) as refusal:
        add_convention(coordinator, partner, starts_on=date(2026, 3, 1), ends_on=date(2026, 2, 1))
    assert "ends_on" in refusal.value.message_dict


def test_only_the_coordinator_validates_a_training_once_and_it_is_journalled(world, partner, coordinator):
    training = add_training(coordinator, partner)
    for role in ["community_mediator", "director", "patient_partner"]:
        with pytest.raises(PermissionDenied, match="Seule la coordination"):
            services.training_validate(acting_user=world.users[role], training=training)
    services.training_validate(acting_user=coordinator, training=training)
    training.refresh_from_db()
    assert training.validated_by == coordinator and training.validated_at is not None
    assert (
        JournalEntry.objects.filter(
            object_type="partners.training", action="update", detail="formation validée"
        ).count()
        == 1
    )
    with pytest.raises(ActionRefused):
        services.training_validate(acting_user=coordinator, training=training)
