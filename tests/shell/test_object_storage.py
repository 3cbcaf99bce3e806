"""Attachments in an S3-compatible object store (LIEN_S3_BUCKET; moto stands for the store): a
saisine's document and a partner's certificate land in the bucket under a name Lien generates,
private and encrypted, come back only through Lien's access-checked views as downloads, go with
their row (retention, erasure), and survive `lien backup` then `lien restore`."""

import re
import secrets
from datetime import date

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws
from storages.backends.s3 import S3Storage

from lien.accounts.enums import OrganisationKind
from lien.lib import env
from lien.partners import services as partners
from lien.partners.models import Training
from lien.people.services import person_anonymise
from lien.retention.services import retention_run
from lien.saisines import services as saisines
from lien.saisines.enums import Status
from lien.saisines.models import Document, Saisine
from lien.shell.backup import BackupError, backup_create, backup_restore
from tests.factories import PersonFactory

BUCKET, REGION, PREFIX = "lien-pieces", "eu-west-3", "instance"
PDF = b"%PDF-1.7\nle courrier de la caisse"


@pytest.fixture
def bucket(settings, monkeypatch):
    """An empty bucket in moto, and Lien's default storage pointed at it as LIEN_S3_* would."""
    for name, value in {
        "LIEN_S3_BUCKET": BUCKET,
        "LIEN_S3_REGION": REGION,
        "LIEN_S3_ACCESS_KEY_ID": "testing",
        "LIEN_S3_SECRET_ACCESS_KEY": "testing",
        "LIEN_S3_PREFIX": PREFIX,
        "LIEN_S3_SSE": "AES256",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client(
            "s3", region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
        )
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        # The setting_changed signal resets default_storage; FileFields without a storage of their
        # own resolve it at each use.
        settings.STORAGES = {**settings.STORAGES, "default": env.file_storage()}
        assert isinstance(default_storage, S3Storage)
        assert isinstance(Document._meta.get_field("file").storage, S3Storage)
        yield client


def _objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        entry["Key"]: client.get_object(Bucket=BUCKET, Key=entry["Key"])["Body"].read() for entry in listed
    }


@pytest.fixture
def fund(world):
    """The world's organisation as a fund (saisines are worked in a fund only), and its mediator."""
    world.organisation.kind = OrganisationKind.FUND
    world.organisation.save(update_fields=["kind"])
    return world.organisation, world.users["institutional_mediator"]


def _saisine(fund, *, received_on: date | None = None, **fields) -> Saisine:
    organisation, mediator = fund
    return saisines.saisine_receive(
        acting_user=mediator,
        organisation=organisation,
        received_on=received_on or timezone.localdate(),
        channel="letter",
        author_type="insured",
        origin="direct",
        perimeter="after_claim",
        process="cash_benefits",
        subprocess="sickness",
        **fields,
    )


def _document(fund, saisine: Saisine, name: str = "Courrier de Mme Éluard.pdf") -> Document:
    return saisines.document_add(
        acting_user=fund[1], saisine=saisine, file=SimpleUploadedFile(name, PDF, content_type="text/html")
    )


@pytest.mark.django_db
def test_a_document_goes_to_the_bucket_under_a_generated_name_and_out_as_a_download(
    bucket, fund, world, client_for
):
    saisine = _saisine(fund)
    client = client_for(fund[1])
    upload = SimpleUploadedFile("Courrier de Mme Éluard.pdf", PDF, content_type="text/html")
    response = client.post(reverse("saisines:add_document", args=[saisine.pk]), {"add_document-file": upload})
    assert response.status_code == 302

    document = Document.objects.get()
    assert (document.original_name, document.content_type, document.size) == (
        "Courrier de Mme Éluard.pdf",
        "application/pdf",
        len(PDF),
    )
    key = f"{PREFIX}/{document.file.name}"
    assert re.fullmatch(rf"{PREFIX}/saisines/{fund[0].pk}/{saisine.pk}/[0-9a-f]{{32}}\.pdf", key)
    assert _objects(bucket) == {key: PDF}
    head = bucket.head_object(Bucket=BUCKET, Key=key)
    assert head["ServerSideEncryption"] == "AES256"
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only: private

    url = reverse("saisines:document", args=[saisine.pk, document.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "Courrier%20de%20Mme%20%C3%89luard.pdf" in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    assert client_for(world.users["outsider"]).get(url).status_code == 404


@pytest.mark.django_db
def test_a_page_renamed_pdf_never_reaches_the_bucket(bucket, fund, client_for):
    saisine = _saisine(fund)
    upload = SimpleUploadedFile(
        "courrier.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
    )
    response = client_for(fund[1]).post(
        reverse("saisines:add_document", args=[saisine.pk]), {"add_document-file": upload}
    )
    assert "ne correspond pas à son extension" in response.content.decode()
    assert not Document.objects.exists() and _objects(bucket) == {}


@pytest.mark.django_db
def test_a_partner_certificate_goes_to_the_bucket_and_out_as_a_download(bucket, world, client_for):
    coordinator = world.users["coordinator"]
    partner = partners.partner_create(
        acting_user=coordinator, organisation=world.organisation, first_name="Nadia"
    )
    client = client_for(coordinator)
    response = client.post(
        reverse("partners:training_add", args=[partner.pk]),
        {
            "kind": "university",
            "body": "DU",
            "completed_on": "2025-06-30",
            "certificate": SimpleUploadedFile("attestation Nadia.PDF", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    training = Training.objects.get()
    key = f"{PREFIX}/{training.certificate.name}"
    assert re.fullmatch(rf"{PREFIX}/partners/{world.organisation.pk}/{partner.pk}/[0-9a-f]{{32}}\.pdf", key)
    assert _objects(bucket) == {key: PDF}

    download = client.get(reverse("partners:training_certificate", args=[partner.pk, training.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="attestation-{training.pk}.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_an_erased_requester_s_documents_leave_the_bucket(bucket, fund, django_capture_on_commit_callbacks):
    requester = PersonFactory(organisation=fund[0], last_name="Éluard")
    _document(fund, _saisine(fund, requester=requester))
    assert len(_objects(bucket)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        person_anonymise(person=requester, acting_user=None, reason="test")
    assert not Document.objects.exists() and _objects(bucket) == {}


@pytest.mark.django_db
def test_expired_documents_leave_the_bucket(bucket, fund, settings, django_capture_on_commit_callbacks):
    old, recent = _saisine(fund, received_on=date(2009, 11, 2)), _saisine(fund)
    _document(fund, old)
    kept = _document(fund, recent)
    Saisine.objects.filter(pk=old.pk).update(
        status=Status.CLOSED, closed_on=date(2010, 1, 4), outcome="granted"
    )
    with django_capture_on_commit_callbacks(execute=True):
        retention_run(today=timezone.localdate(), dry_run=False)
    assert list(Document.objects.all()) == [kept]
    assert list(_objects(bucket)) == [f"{PREFIX}/{kept.file.name}"]


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_go_through_the_bucket(bucket, fund, settings, tmp_path):
    settings.LIEN_JOURNAL_ARCHIVE_DIR = tmp_path / "journal-archive"
    settings.LIEN_BACKUP_KEY = secrets.token_urlsafe(32)
    document = _document(fund, _saisine(fund))
    default_storage.save("notes/à part.txt", ContentFile(b"stored beside"))
    before = _objects(bucket)
    assert len(before) == 2

    path = tmp_path / "lien.tar.gz.enc"
    written = backup_create(path=path)
    assert written.files == 2
    call_command("flush", interactive=False, verbosity=0)
    for key in before:
        bucket.delete_object(Bucket=BUCKET, Key=key)
    bucket.put_object(Bucket=BUCKET, Key=f"{PREFIX}/after/the-backup.txt", Body=b"later")

    # A bucket that holds files is not written over without --yes; then it holds the archive's only.
    with pytest.raises(BackupError, match=f"s3://{BUCKET}/{PREFIX} contient déjà des fichiers"):
        backup_restore(path)
    restored = backup_restore(path, replace=True)
    assert restored.files == 2
    assert _objects(bucket) == before
    restored_document = Document.objects.get()
    assert restored_document.file.name == document.file.name
    assert restored_document.file.read() == PDF
