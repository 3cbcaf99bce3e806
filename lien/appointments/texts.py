"""What the person reads: reminders, the appointment card and the calendar file, the message that
their rights are to renew, in plain French."""

from datetime import date

from django.utils import formats, timezone, translation
from icalendar import Calendar, Event

from lien.appointments.enums import ReminderKind
from lien.appointments.models import Appointment
from lien.rights.enums import ProcedureKind
from lien.rights.models import RightsReminder


def when(appointment: Appointment) -> str:
    """« mardi 3 mars 2026 à 14 h 30 »"""
    local = timezone.localtime(appointment.starts_at)
    with translation.override("fr"):
        day = formats.date_format(local, "l j F Y")
    return f"{day} à {local:%H} h {local:%M}"


def message(appointment: Appointment, *, kind: str, contact_phone: str = "") -> str:
    person = appointment.person
    opening = (
        "Votre rendez-vous est pris :"
        if kind == ReminderKind.BOOKING
        else "Nous vous rappelons votre rendez-vous :"
    )
    lines = [f"Bonjour {person.first_name},", opening, when(appointment), f"avec {appointment.professional}"]
    lines.append(f"à {appointment.place}" + (f", {appointment.address}" if appointment.address else ""))
    if appointment.to_bring:
        lines.append(f"À apporter : {appointment.to_bring}.")
    if appointment.accompaniment_needed:
        lines.append("Une personne de l'équipe vous accompagne.")
    if contact_phone:
        lines.append(f"En cas d'empêchement, appelez-nous au {contact_phone}.")
    lines.append(appointment.organisation.name)
    return "\n".join(lines)


def subject(appointment: Appointment, *, kind: str) -> str:
    local = timezone.localtime(appointment.starts_at)
    with translation.override("fr"):
        day = formats.date_format(local, "j F Y")
    label = "Rendez-vous pris" if kind == ReminderKind.BOOKING else "Rappel de votre rendez-vous"
    return f"{label} le {day}"


def calendar_file(appointment: Appointment) -> bytes:
    """An iCalendar file (RFC 5545) with one event, in the Paris time zone."""
    calendar = Calendar()
    calendar.add("prodid", "-//Lien//Rendez-vous//FR")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"rendez-vous-{appointment.pk}@lien")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(appointment.starts_at))
    event.add("dtend", timezone.localtime(appointment.ends_at))
    event.add("summary", f"Rendez-vous avec {appointment.professional}")
    event.add("location", ", ".join(part for part in (appointment.place, appointment.address) if part))
    description = f"À apporter : {appointment.to_bring}" if appointment.to_bring else ""
    if description:
        event.add("description", description)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


# The rights a renewal message names, in full and short. A phone's lock screen shows the message
# to whoever holds the phone: a right that tells more than a health coverage (the AME a residence
# status, the MDPH or an invalidity pension a disability) is not named.
RIGHTS_WORDS = {
    ProcedureKind.C2S: ("vos droits à la complémentaire santé solidaire", "vos droits à la C2S"),
    ProcedureKind.PUMA: ("vos droits à l'assurance maladie", "vos droits à l'assurance maladie"),
    ProcedureKind.AME: ("vos droits à la couverture santé", "vos droits santé"),
}
# One text message of the GSM alphabet (a longer one is sent in parts, each billed).
SMS_LENGTH = 160


def _day(day: date, pattern: str = "j F Y") -> str:
    with translation.override("fr"):
        return formats.date_format(day, pattern)


def renewal_message(rights_reminder: RightsReminder, *, contact_phone: str = "") -> str:
    """« Bonjour Awa, vos droits à la complémentaire santé solidaire finissent le 30/04/2027.
    Pour les renouveler, appelez Sophie au 04 68 20 00 00. » and the organisation: no medical
    detail, and one text message when it can: the first wording within ``SMS_LENGTH`` characters,
    the right named in full before short, then who to call (the follower by name, or the team,
    and « ou passez nous voir »), then the date in words before in figures; else the shortest."""
    procedure = rights_reminder.procedure
    rights_words = RIGHTS_WORDS.get(ProcedureKind(procedure.kind), ("vos droits", "vos droits"))
    follower = procedure.followed_by
    first_name = (
        follower.full_name.split()[0] if follower and follower.is_active and follower.full_name else ""
    )
    callers = [f"appelez {first_name} au {contact_phone}"] if first_name and contact_phone else []
    callers += [f"appelez-nous au {contact_phone}"] if contact_phone else []
    calls = [call for caller in callers for call in (f"{caller} ou passez nous voir", caller)]
    days = (_day(rights_reminder.due_on), _day(rights_reminder.due_on, "d/m/Y"))
    candidates = [
        f"Bonjour {procedure.person.first_name}, {rights} finissent le {day}. "
        f"Pour les renouveler, {call}.\n{procedure.organisation.name}"
        for rights in dict.fromkeys(rights_words)
        for call in calls or ["passez nous voir"]
        for day in days
    ]
    return next((text for text in candidates if len(text) <= SMS_LENGTH), min(candidates, key=len))


def renewal_subject(rights_reminder: RightsReminder) -> str:
    return f"Vos droits à renouveler avant le {_day(rights_reminder.due_on)}"
