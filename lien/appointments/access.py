"""The one way views and the API reach an appointment or an accompaniment: scoped, journalled."""

import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from lien.accounts.permissions import Perm, has_perm
from lien.appointments.models import Appointment
from lien.journal.models import JournalEntry


def get_appointment_for_user(user, pk: int, *, write: bool = False) -> Appointment:
    """The appointment if ``user`` may read it (or change it); 404 otherwise."""
    appointment = (
        Appointment.objects.visible_to(user)
        .select_related("person__organisation", "organisation", "mediator", "orientation")
        .filter(pk=pk)
        .first()
    )
    if appointment is None or (
        write and not has_perm(user, Perm.FOLLOWUP_CHANGE, appointment.organisation_id)
    ):
        raise Http404("Rendez-vous introuvable.")
    JournalEntry.log_view(
        user=user, obj=appointment, organisation=appointment.organisation, person=appointment.person
    )
    return appointment


def require_webhook_secret(request: HttpRequest) -> None:
    """A provider's delivery receipt carries the shared secret ``LIEN_SMS_WEBHOOK_SECRET``: as
    ``?token=`` in the URL declared at the provider, or as ``Authorization: Bearer`` (a Brevo
    webhook created with bearer authentication). Anything else is refused (403); so is every call
    while no secret is set."""
    secret = settings.SMS_WEBHOOK_SECRET
    given = request.GET.get("token") or request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not (secret and given and hmac.compare_digest(given.encode(), secret.encode())):
        raise PermissionDenied("Secret du webhook absent ou faux.")
