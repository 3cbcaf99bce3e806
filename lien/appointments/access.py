"""The one way views and the API reach an appointment or an accompaniment: scoped, journalled."""

from django.http import Http404

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
