"""Schemas and field types shared by the routers.

Every string a client sends is typed ``Text`` (or ``NonBlankText``): the OpenAPI schema then says
that NUL characters are refused (PostgreSQL cannot store them), and the refusal is a 422 of the
field like any other invalid value."""

import re
from datetime import date
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema, model_validator

from lien.web.http import MAX_ID

NO_NUL = r"^[^\x00]*$"
# What ``strip_whitespace`` strips (Unicode White_Space), spelled out: ``\s`` differs between the
# regular expressions of Python, of pydantic (Rust) and of JSON Schema (ECMA-262).
_WHITE_SPACE = r"\t\n\x0b\x0c\r\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NON_BLANK = rf"^[^\x00]*[^\x00{_WHITE_SPACE}][^\x00]*$"

Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
"""Any text but NUL characters."""

NonBlankText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=NON_BLANK)]
"""Text with at least one visible character, stored without its surrounding white space."""


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise ValueError("adresse e-mail invalide") from None
    return value


def _email_or_blank(value: str) -> str:
    return value and _email(value)


_EMAIL_SCHEMA = {"type": "string", "format": "email", "maxLength": 254}

EmailAddress = Annotated[
    str, StringConstraints(max_length=254), AfterValidator(_email), WithJsonSchema(_EMAIL_SCHEMA)
]
"""An e-mail address as Django validates it (``EmailField``: 254 characters at most)."""

EmailOrBlank = Annotated[
    str,
    StringConstraints(max_length=254),
    AfterValidator(_email_or_blank),
    WithJsonSchema({"anyOf": [{"type": "string", "maxLength": 0}, _EMAIL_SCHEMA]}),
]
"""An e-mail address, or nothing."""

InseeCode = Annotated[
    str,
    StringConstraints(pattern=r"^(([0-9]{2}|2[AB])[0-9]{3})?$"),
    Field(description="Code INSEE de la commune (« 2A004 »), ou vide ; 404 si Lien ne le connaît pas"),
]


def _iso_date(value):
    """Only ``YYYY-MM-DD``: pydantic would otherwise read ``0`` as a Unix timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("date attendue au format AAAA-MM-JJ")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _json_integer(value):
    """As JSON Schema's ``integer``: a number without a fractional part (``1`` or ``1.0``), never a
    string or a boolean (pydantic would read ``"1"`` and ``true`` as 1)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("nombre entier attendu")
    return value


JSON_INTEGER = BeforeValidator(_json_integer)
"""For the integers of a JSON body (query parameters, which are text, keep ``int``), after their
bounds: ``Annotated[int, Field(ge=0), JSON_INTEGER]`` (before them, pydantic would not document
the bounds as ``minimum``/``maximum``)."""

Id = Annotated[int, Field(ge=1, le=MAX_ID), JSON_INTEGER]
"""The identifier of an object, in a JSON body."""


def _json_number(value):
    """As JSON Schema's ``number``: never a string or a boolean (pydantic would read ``"7.5"``
    and ``true``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("nombre attendu")
    return value


JSON_NUMBER = BeforeValidator(_json_number)
"""``JSON_INTEGER`` for the numbers of a JSON body that may have decimals, after their bounds:
``Annotated[float, Field(ge=0, allow_inf_nan=False), JSON_NUMBER]``."""


class BodyIn(Schema):
    """A JSON object a client sends. Ninja's ``Schema`` reads the attributes of any value (a list,
    a number…): a body whose fields are all optional would take ``[]`` for ``{}``."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # After ninja's own validator, which wraps the value in a ``DjangoGetter``.
        if not isinstance(data._obj if isinstance(data, DjangoGetter) else data, dict):
            raise ValueError("objet JSON attendu")
        return data


class MembershipOut(Schema):
    organisation: str = Field(..., alias="organisation.slug")
    organisation_name: str = Field(..., alias="organisation.name")
    organisation_kind: str = Field(..., alias="organisation.kind")
    role: str


class MeOut(Schema):
    email: str
    full_name: str
    language: str
    memberships: list[MembershipOut]


class CommuneOut(Schema):
    insee_code: str
    name: str
    postal_codes: list[str]
    departement: str
    region: str
    population: int | None

    @staticmethod
    def resolve_postal_codes(obj) -> list[str]:
        return obj.postal_codes.split() if obj.postal_codes else []


class ErrorOut(Schema):
    detail: str


# What any operation may answer: an unreadable body (400), no credentials (401), a refusal (403:
# a right, or the CSRF check of a session cookie on a write) and invalid data (422).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
