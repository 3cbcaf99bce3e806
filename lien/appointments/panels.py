"""The next appointment on a person's page (registered in the people app's panels), under the
follow-up's section."""

from typing import Any

from django.utils import timezone

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.appointments.enums import Status
from lien.appointments.models import Appointment
from lien.appointments.states import reminder_states, with_reminder_state
from lien.people.models import Person
from lien.people.panels import register


@register(31)
def next_appointment_panel(user: User, person: Person) -> dict[str, Any] | None:
    if not has_perm(user, Perm.FOLLOWUP_VIEW, person.organisation_id):
        return None
    appointment = with_reminder_state(
        Appointment.objects.visible_to(user)
        .filter(person=person, status=Status.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at")
    ).first()
    if appointment is None:
        return None
    return {
        "template": "appointments/_person_panel.html",
        "appointment": appointment,
        "reminder": reminder_states([appointment])[appointment.pk],
    }
