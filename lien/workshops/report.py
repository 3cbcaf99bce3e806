"""The report of a workshop programme over a period: the sessions held, the registrations, the
people who came and the attendance rate — one object for the page, the PDF and the JSON. Three
queries whatever the size of the programme (its sessions, its registrations, their attendance);
a registration is counted without its person, so a withdrawal changes no figure of the past."""

from collections import Counter
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lien.workshops.enums import AttendanceStatus, SessionTheme
from lien.workshops.models import WorkshopAttendance, WorkshopProgramme, WorkshopRegistration, WorkshopSession


def definitions() -> list[tuple[str, str]]:
    """What each figure counts, in French, shown under the report."""
    return [
        (
            _("Séances tenues"),
            _("Les séances de la période qui ont commencé ; celles à venir sont comptées à part."),
        ),
        (
            _("Inscrit·es à une séance"),
            _(
                "Les personnes inscrites au programme le jour de la séance (inscription faite ce jour-là "
                "ou avant, pas retirée avant)."
            ),
        ),
        (
            _("Taux de présence"),
            _(
                "Les présences notées divisées par les places attendues : pour chaque séance tenue, le "
                "nombre d'inscrit·es ce jour-là, additionné sur les séances (inscrit·es × séances tenues "
                "quand les inscriptions ne changent pas)."
            ),
        ),
        (
            _("Participant·es"),
            _(
                "Les inscriptions qui comptent au moins une présence sur la période : une personne "
                "par inscription."
            ),
        ),
        (
            _("Inscriptions"),
            _(
                "Nouvelles : faites pendant la période ; retraits : retirées pendant la période ; en cours : "
                "en vigueur le dernier jour de la période."
            ),
        ),
    ]


def _in_force(registrations: list[tuple[date, date | None]], on: date) -> int:
    return sum(
        1
        for registered_on, withdrawn_on in registrations
        if registered_on <= on and (withdrawn_on is None or withdrawn_on > on)
    )


def programme_report(
    programme: WorkshopProgramme, start: date, end: date, now: datetime | None = None
) -> dict[str, Any]:
    now = now or timezone.now()
    sessions = [
        session
        for session in WorkshopSession.objects.filter(programme=programme).order_by("starts_at", "pk")
        if start <= session.day <= end
    ]
    registrations = list(
        WorkshopRegistration.objects.filter(programme=programme).values_list("registered_on", "withdrawn_on")
    )
    marks = list(
        WorkshopAttendance.objects.filter(session__in=[s.pk for s in sessions]).values_list(
            "session_id", "registration_id", "status"
        )
    )
    by_session: dict[int, Counter[str]] = {}
    for session_id, _registration, status in marks:
        by_session.setdefault(session_id, Counter())[status] += 1
    rows, totals, expected = [], Counter[str](), 0
    held = [session for session in sessions if session.starts_at <= now]
    for session in sessions:
        counts = by_session.get(session.pk, Counter())
        registered = _in_force(registrations, session.day)
        is_held = session.starts_at <= now
        if is_held:
            expected += registered
            totals.update(counts)
        rows.append(
            {
                "id": session.pk,
                "starts_at": timezone.localtime(session.starts_at),
                "theme": session.theme,
                "theme_label": str(SessionTheme(session.theme).label),
                "held": is_held,
                "registered": registered,
                "present": counts[AttendanceStatus.PRESENT],
                "absent": counts[AttendanceStatus.ABSENT],
                "excused": counts[AttendanceStatus.EXCUSED],
                "not_recorded": max(registered - sum(counts.values()), 0) if is_held else 0,
            }
        )
    present = totals[AttendanceStatus.PRESENT]
    held_ids = {session.pk for session in held}
    participants = {
        registration
        for session_id, registration, status in marks
        if status == AttendanceStatus.PRESENT and session_id in held_ids
    }
    return {
        "programme": {
            "id": programme.pk,
            "title": programme.title,
            "organisation": programme.organisation.slug,
        },
        "start": start,
        "end": end,
        "sessions": {"held": len(held), "planned": len(sessions) - len(held)},
        "registrations": {
            "new": sum(1 for registered_on, _w in registrations if start <= registered_on <= end),
            "withdrawn": sum(
                1 for _r, withdrawn_on in registrations if withdrawn_on and start <= withdrawn_on <= end
            ),
            "in_force_at_end": _in_force(registrations, end),
        },
        "participants": len(participants),
        "attendance": {
            "present": present,
            "absent": totals[AttendanceStatus.ABSENT],
            "excused": totals[AttendanceStatus.EXCUSED],
            "expected": expected,
            "rate": round(present / expected, 4) if expected else None,
        },
        "by_session": rows,
    }
