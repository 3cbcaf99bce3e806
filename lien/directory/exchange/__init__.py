"""Import and export of the directory in the two standards of the field (INTERFACES.md,
"Directory exchange"): data·inclusion v1 and Open Referral HSDS 3.1."""

import json

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, require_perm
from lien.directory.exchange.common import ExportError, ImportResult
from lien.directory.exchange.datainclusion import export_datainclusion, import_datainclusion
from lien.directory.exchange.hsds import export_hsds, import_hsds

_NOT_KEEPER = "Vous ne tenez pas l'annuaire de cette organisation."
FORMATS = {"datainclusion": "data·inclusion (v1)", "hsds": "Open Referral HSDS 3.1"}

__all__ = ["FORMATS", "ExportError", "ImportResult", "directory_export", "directory_import", "dumps"]


def directory_export(
    *, organisation: Organisation, fmt: str, include_contacts: bool = False, acting_user: User | None = None
) -> dict | list:
    """The organisation's own entries in ``fmt``; raises ``ExportError`` if one does not fit."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format: {fmt}")
    if acting_user is not None:
        require_perm(acting_user, Perm.DIRECTORY_CHANGE, organisation.pk, message=_NOT_KEEPER)
    export = export_datainclusion if fmt == "datainclusion" else export_hsds
    return export(organisation=organisation, include_contacts=include_contacts, acting_user=acting_user)


def directory_import(
    *, organisation: Organisation, fmt: str, data: bytes, acting_user: User | None = None
) -> ImportResult:
    """All or nothing, idempotent on the identifiers of the format. ``acting_user`` (absent for
    the command line) must keep the organisation's directory."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format: {fmt}")
    if acting_user is not None:
        require_perm(acting_user, Perm.DIRECTORY_CHANGE, organisation.pk, message=_NOT_KEEPER)
    importer = import_datainclusion if fmt == "datainclusion" else import_hsds
    return importer(organisation=organisation, data=data)


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
