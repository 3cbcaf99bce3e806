"""The HTTP API under /api/v1/: same services and access helpers as the HTML views."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lien.accounts.permissions import RefusedNotFound
from lien.api.auth import AUTH
from lien.api.openapi import LienAPI
from lien.api.routers import activity as activity_router
from lien.api.routers import advocacy as advocacy_router
from lien.api.routers import appointments as appointments_router
from lien.api.routers import (
    assessments,
    communes,
    directory,
    me,
    outreach,
    participation,
    people,
    reports,
    rights,
    saisines,
)
from lien.api.routers import followup as followup_router
from lien.api.routers import network as network_router
from lien.api.routers import notifications as notifications_router
from lien.api.routers import opendata as opendata_router
from lien.api.routers import orientations as orientations_router
from lien.api.routers import partners as partners_router
from lien.api.routers import prevention as prevention_router
from lien.api.routers import referrals as referrals_router
from lien.api.routers import workshops as workshops_router
from lien.api.schemas import NO_NUL, NON_BLANK
from lien.journal.services import log_refused_access
from lien.workflow.engine import ActionRefused

api = LienAPI(
    title="Lien API",
    version="1",
    description="API de Lien, plateforme de la médiation en santé.",
    auth=AUTH,
    urls_namespace="api",
    docs_url=None,
)

api.add_router("/", me.router)
api.add_router("/people", people.router)
api.add_router("/communes", communes.router)
api.add_router("/reports", reports.router)
api.add_router("/saisines", saisines.router)
api.add_router("/directory", directory.router)
api.add_router("/outreach", outreach.router)
api.add_router("/assessments", assessments.router)
api.add_router("/rights", rights.router)
api.add_router("/participation", participation.router)
api.add_router("/followup", followup_router.router)
api.add_router("/orientations", orientations_router.router)
api.add_router("/appointments", appointments_router.router)
api.add_router("/prevention", prevention_router.router)
api.add_router("/network", network_router.router)
api.add_router("/activity", activity_router.router)
api.add_router("/open-data", opendata_router.router)
api.add_router("/advocacy", advocacy_router.router)
api.add_router("/notifications", notifications_router.router)
api.add_router("/referrals", referrals_router.router)
api.add_router("/partners", partners_router.router)
api.add_router("/workshops", workshops_router.router)


def _detail(request, message: str, status: int):
    return api.create_response(request, {"detail": message}, status=status)


# French wording of the most frequent validation errors (pydantic's error types).
_MESSAGES = {
    "missing": "champ obligatoire",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "string_type": "texte attendu",
    "string_too_short": "texte trop court",
    "string_too_long": "texte trop long",
    "greater_than_equal": "valeur trop petite",
    "less_than_equal": "valeur trop grande",
    "json_invalid": "JSON invalide",
    "model_attributes_type": "objet JSON attendu",
    "dict_type": "objet JSON attendu",
}


_PATTERN_MESSAGES = {
    NO_NUL: "caractère nul (U+0000) interdit",
    NON_BLANK: "texte attendu (sans caractère nul)",
}


def _message(error: dict) -> str:
    if error.get("type") == "string_pattern_mismatch":
        return _PATTERN_MESSAGES.get(error.get("ctx", {}).get("pattern"), "format invalide")
    if error.get("type") == "value_error":  # our own validators, which speak French
        return str(error.get("ctx", {}).get("error", "valeur invalide"))
    return _MESSAGES.get(error.get("type", ""), error.get("msg", "valeur invalide"))


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    parts = []
    for error in exc.errors:
        location = ".".join(str(item) for item in error.get("loc", [])[1:]) or "requête"
        parts.append(f"{location} : {_message(error)}")
    return _detail(request, "Données invalides — " + " ; ".join(parts), 422)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request, exc: DjangoValidationError):
    if isinstance(exc, ActionRefused):  # the case is not in a state where this action is open
        return _detail(request, " ; ".join(exc.messages), 409)
    return _detail(request, "Données invalides — " + " ; ".join(exc.messages), 422)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return _detail(request, "Authentification requise (session ou jeton personnel).", 401)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    if isinstance(exc, RefusedNotFound):  # a refusal of require_perm, journalled as on the pages
        log_refused_access(request=request, exception=exc)
    return _detail(request, "Introuvable.", 404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    log_refused_access(request=request, exception=exc)
    return _detail(request, str(exc) or "Accès refusé.", 403)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = "Corps de la requête illisible : un objet JSON est attendu."
    return _detail(request, message, exc.status_code)
