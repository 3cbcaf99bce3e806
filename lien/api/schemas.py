import re
from datetime import date
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator


def _iso_date(value):
    """Only ``YYYY-MM-DD``: pydantic would otherwise read ``0`` as a Unix timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("date attendue au format AAAA-MM-JJ")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


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


ERRORS = {400: ErrorOut, 401: ErrorOut, 422: ErrorOut}
