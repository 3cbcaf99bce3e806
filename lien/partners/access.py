"""The one way views and the API reach a patient partner, a training or a convention: within the
organisations where the user reads the registry (``partners.view``), or keeps it (``write``:
``partners.manage``); 404 otherwise, for missing and forbidden alike. Reads are journalled."""

from django.db.models.fields.files import FieldFile
from django.http import Http404

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.partners.models import Convention, PatientPartner, Training


def get_partner_for_user(user: User, pk: int, *, write: bool = False) -> PatientPartner:
    partner = (
        PatientPartner.objects.visible_to(user).select_related("organisation", "user").filter(pk=pk).first()
    )
    if partner is None or (write and not has_perm(user, Perm.PARTNERS_MANAGE, partner.organisation_id)):
        raise Http404("Patient·e partenaire introuvable.")
    if not write:
        JournalEntry.log_view(user=user, obj=partner, organisation=partner.organisation)
    return partner


def get_training_for_user(user: User, partner_pk: int, pk: int, *, write: bool = False) -> Training:
    """A training of a partner the user reads (validates, with ``write``)."""
    training = (
        Training.objects.filter(pk=pk, partner__in=PatientPartner.objects.visible_to(user))
        .select_related("partner__organisation", "validated_by")
        .first()
    )
    # The partner is compared here: an out-of-range id in a foreign key lookup is not caught by
    # Django as one on a primary key is (a 404, never a 500).
    if (
        training is None
        or training.partner_id != partner_pk
        or (write and not has_perm(user, Perm.PARTNERS_MANAGE, training.partner.organisation_id))
    ):
        raise Http404("Formation introuvable.")
    return training


def get_convention_for_user(user: User, partner_pk: int, pk: int) -> Convention:
    convention = (
        Convention.objects.filter(pk=pk, partner__in=PatientPartner.objects.visible_to(user))
        .select_related("partner__organisation")
        .first()
    )
    if convention is None or convention.partner_id != partner_pk:
        raise Http404("Convention introuvable.")
    return convention


def open_file_for_user(user: User, obj: Training | Convention) -> FieldFile:
    """The certificate of a training or the signed convention, opened for download and journalled
    as an export (the user already reached ``obj`` through its access helper)."""
    file: FieldFile = obj.certificate if isinstance(obj, Training) else obj.file
    try:
        file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    organisation = obj.partner.organisation
    JournalEntry.log_export(user=user, obj=obj, organisation=organisation, detail="fichier téléchargé")
    return file
