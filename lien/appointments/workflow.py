"""The lifecycle of an appointment: booked, then attended, missed or cancelled.

Each action names the statuses it is open from and the status it leads to. Whether the person
came is known once the day of the appointment has come; a status recorded by mistake is
corrected (attended after missed, or back to planned), and a cancelled appointment can be
restored. The services of ``services.py`` perform them; the page and the API list them from here.
"""

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm
from lien.appointments.enums import Status
from lien.appointments.models import Appointment
from lien.workflow.engine import Workflow, action, register

CHANGE = Perm.FOLLOWUP_CHANGE


def _day_has_come(appointment: Appointment, user: User | None) -> Promise | None:
    """Attended or missed: known from the day of the appointment on (the same morning too)."""
    if timezone.localtime(appointment.starts_at).date() > timezone.localdate():
        return _("Ce rendez-vous n'a pas encore eu lieu.")
    return None


APPOINTMENTS: Workflow[Appointment] = register(
    Workflow(
        key="appointment",
        model=Appointment,
        states=Status,
        actions=(
            action("book", _("Prendre un rendez-vous"), sources=(), target=Status.PLANNED, permission=CHANGE),
            action(
                "record_attended",
                _("La personne est venue"),
                sources=[Status.PLANNED, Status.MISSED],
                target=Status.ATTENDED,
                permission=CHANGE,
                guards=[_day_has_come],
            ),
            action(
                "record_missed",
                _("Rendez-vous manqué"),
                sources=[Status.PLANNED, Status.ATTENDED],
                target=Status.MISSED,
                permission=CHANGE,
                guards=[_day_has_come],
            ),
            action(
                "cancel",
                _("Annuler le rendez-vous"),
                sources=[Status.PLANNED],
                target=Status.CANCELLED,
                permission=CHANGE,
            ),
            action(
                "restore",
                _("Remettre en « prévu »"),
                sources=[Status.ATTENDED, Status.MISSED, Status.CANCELLED],
                target=Status.PLANNED,
                permission=CHANGE,
            ),
        ),
    )
)
