"""Everything the team knows of a person's follow-up, for their follow-up page — each part
read through its own user-scoped queryset (medical parts only for those entitled)."""

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from lien.accounts.permissions import Perm, has_perm
from lien.appointments.enums import Status
from lien.appointments.models import Accompaniment, Appointment
from lien.followup.models import Contact, Followup, Goal, GoalAction, Prescription
from lien.followup.selectors import rupture_cutoffs, with_last_contact
from lien.orientations.models import Orientation
from lien.people.models import Person
from lien.prevention.access import rapid_tests_visible_to
from lien.prevention.models import Advice


def person_followup_page(user, person: Person, *, today: date) -> dict:
    organisation_id = person.organisation_id
    followup = with_last_contact(Followup.objects.filter(person=person)).select_related("referent").first()
    silent = bool(
        followup
        and followup.status == "active"
        and followup.last_contact_on < rupture_cutoffs({organisation_id}, today)[organisation_id]
    )
    can_see_medical = has_perm(user, Perm.MEDICAL_VIEW, organisation_id)
    now = timezone.now()
    appointments = Appointment.objects.visible_to(user).filter(person=person).select_related("mediator")
    return {
        "followup": followup,
        "silent": silent,
        "can_change": has_perm(user, Perm.FOLLOWUP_CHANGE, organisation_id),
        "can_record_prevention": has_perm(user, Perm.PREVENTION_RECORD, organisation_id),
        "can_see_medical": can_see_medical,
        "contacts": list(Contact.objects.filter(person=person).select_related("created_by")[:10]),
        "goals": list(
            Goal.objects.visible_to(user)
            .filter(person=person)
            .prefetch_related(
                Prefetch("actions", queryset=GoalAction.objects.order_by("done_on", "due_on", "id"))
            )
        ),
        "prescriptions": list(Prescription.objects.visible_to(user).filter(person=person))
        if can_see_medical
        else [],
        "orientations": list(Orientation.objects.visible_to(user).filter(person=person)[:20]),
        "upcoming": list(appointments.filter(status=Status.PLANNED, starts_at__gte=now)),
        "past_appointments": list(
            appointments.exclude(status=Status.PLANNED, starts_at__gte=now).order_by("-starts_at")[:10]
        ),
        "accompaniments": list(
            Accompaniment.objects.visible_to(user).filter(person=person).select_related("accompanied_by")[:10]
        ),
        "advice": list(Advice.objects.visible_to(user).filter(person=person)[:20]),
        "tests": list(rapid_tests_visible_to(user).filter(person=person).select_related("performed_by")),
    }
