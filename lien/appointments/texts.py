"""What the person reads: reminders, the appointment card and the calendar file, in plain French."""

from django.utils import formats, timezone, translation
from icalendar import Calendar, Event

from lien.appointments.enums import ReminderKind
from lien.appointments.models import Appointment


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
