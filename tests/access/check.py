"""Send one request of the matrix as one actor, and say what came back.

Every request runs in a savepoint rolled back afterwards, so that each actor finds the world as
it was built (an allowed action may change it), and reports whether it wrote to the database."""

import copy
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from lien.journal.models import Action, JournalEntry
from tests.access.expectations import ALLOWED, LOGIN, Expect
from tests.access.routes import FILE, Operation, Route, request_body, required_query
from tests.access.world import ANONYMOUS, World

# A refusal, whatever its form; an allowed action answers anything else below 500.
REFUSALS = {401, 403, 404, 405}


@dataclass(frozen=True)
class Outcome:
    status: int
    location: str
    wrote: bool | None  # None where the database cannot tell (not SQLite)
    detail: str = ""  # what an API error says
    cache_control: str = ""

    def matches(self, expected: int | str) -> bool:
        if expected == LOGIN:
            return self.status == 302 and self.location.startswith(reverse("login"))
        if expected == ALLOWED:
            return self.status not in REFUSALS and self.status < 500
        return self.status == expected

    def __str__(self) -> str:
        text = f"{self.status} → {self.location}" if self.location else str(self.status)
        return f"{text} {self.detail}" if self.detail else text


def _changes() -> int | None:
    """Rows written by this connection so far (SQLite's total_changes()), less the journal's
    entries of refusals: a refused request writes those, and nothing else
    (lien/journal/middleware.py)."""
    if connection.vendor != "sqlite":
        return None
    refusals = JournalEntry.objects.filter(
        action=Action.SECURITY, detail__startswith="Accès refusé : "
    ).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0] - refusals


def send(world: World, actor: str, method: str, path: str, **kwargs: Any) -> Outcome:
    client = world.clients[actor]
    cookies = copy.deepcopy(client.cookies)  # a logout must not log the actor out for good
    with transaction.atomic():
        before = _changes()
        response: HttpResponse = getattr(client, method.lower())(path, **kwargs)
        after = _changes()
        transaction.set_rollback(True)
    client.cookies = cookies
    wrote = None if before is None or after is None else after != before
    detail = ""
    if response.status_code >= 400 and response.get("Content-Type", "").startswith("application/json"):
        detail = response.content.decode()[:300]
    return Outcome(
        response.status_code, response.get("Location", ""), wrote, detail, response.get("Cache-Control", "")
    )


def route_path(world: World, route: Route, expect: Expect) -> str:
    args = [name[1:] if name.startswith("=") else world[name].pk for name in expect.args]
    path = reverse(route.name, args=args)
    if expect.query:
        path += "?" + expect.query.format(**{name: obj.pk for name, obj in world.objects.items()})
    return path


# API path parameters -> the world's object they name
API_OBJECTS = {
    "person_id": "person",
    "saisine_id": "saisine",
    "service_id": "service",
    "structure_id": "structure",
    "session_id": "session",
    "contact_id": "outreach_contact",
    "assessment_id": "assessment",
    "procedure_id": "procedure",
    "reminder_id": "reminder",
    "meeting_id": "meeting",
    "relay_id": "relay",
    "testimony_id": "testimony",
    "action_id": "goal_action",
    "prescription_id": "prescription",
    "goal_id": "goal",
    "orientation_id": "orientation",
    "appointment_id": "appointment",
    "test_id": "test",
    "notification_id": "notification",
    "referral_id": "referral",
    "partner_id": "partner",
    "training_id": "training",
    "dossier_id": "dossier",
    "excerpt_id": "excerpt",
    "figure_id": "figure",
    "accompaniment_id": "accompaniment",
    "programme_id": "workshop_programme",
    "workshop_session_id": "workshop_session",
    "registration_id": "workshop_registration",
}


def body_values(world: World, expect: Expect) -> dict[str, Any]:
    """The values of the body and query fields that name something of the world."""
    return {
        "organisation": "asso",
        "person": world["person"].pk,
        "person_id": world["person"].pk,
        "session": world["session"].pk,
        "exchange_id": world["exchange"].pk,
        "task_id": world["task"].pk,
        "accompanied_by_id": world.users["community_mediator"].pk,
        "commune": "11304",
        "consent": {"given_on": "2024-01-02", "form": "oral"},
        "year": timezone.localdate().year,
    } | dict(expect.values)


def api_request(world: World, operation: Operation, expect: Expect) -> tuple[str, dict[str, Any]]:
    path = operation.path
    for name in operation.params:
        assert name in API_OBJECTS, (
            f"{operation.key}: say which object of the world {{{name}}} names (API_OBJECTS)"
        )
        path = path.replace("{" + name + "}", str(world[API_OBJECTS[name]].pk))
    values = body_values(world, expect)
    kwargs: dict[str, Any] = {}
    query = required_query(operation, values)
    if query and operation.method == "GET":
        kwargs["data"] = query
    elif query:  # a write that names its object in the query string (the programme's slug)
        path += "?" + urlencode(query)
    body = request_body(operation, values)
    if body is not None:
        content_type, data = body
        if content_type == "application/json":
            kwargs.update(data=data, content_type=content_type)
        else:  # multipart: a file upload
            kwargs["data"] = {
                key: SimpleUploadedFile("note.pdf", b"%PDF-1.4 note") if value == FILE else value
                for key, value in data.items()
            }
    return path, kwargs


def actor_label(actor: str) -> str:
    return actor if actor != ANONYMOUS else "anonymous visitor"
