"""The rotation of the field key (``lien rotate-field-key``): every encrypted column, the keyed
digests beside them and the two-factor secrets rewritten under the current ``LIEN_FIELD_KEY``.

The operator puts the new key material in ``LIEN_FIELD_KEY`` and the old one in
``LIEN_FIELD_KEYS_OLD``: Lien reads both meanwhile (``lib/encrypted.py``, ``lib/secretbox.py``),
so the instance keeps working during the rotation; once this has run (a dry run then says
nothing is left), the old key material is removed from the configuration.
"""

from dataclasses import dataclass, field
from typing import cast

from django.apps import apps
from django.db import connection, models, transaction

from lien.accounts.models import TotpDevice
from lien.lib.encrypted import BATCH, encrypted_fields, is_sealed_under_current_key
from lien.people.models import Person, nir_digest


@dataclass
class RotationResult:
    # "app.Model.field" -> the number of values not (or no longer, after the run) under the current key
    stale: dict[str, int] = field(default_factory=dict)
    totp_devices: int = 0

    @property
    def total(self) -> int:
        return sum(self.stale.values()) + self.totp_devices


def _stale_pks(model: type[models.Model], name: str) -> list[object]:
    """The rows whose stored value does not open with the current key, read as stored."""
    meta = model._meta
    quote = connection.ops.quote_name
    column = quote(cast(str, cast(models.Field, meta.get_field(name)).column))
    pk = quote(cast(str, meta.pk.column))
    sql = f"SELECT {pk}, {column} FROM {quote(meta.db_table)} WHERE {column} <> ''"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [pk for pk, stored in cursor.fetchall() if not is_sealed_under_current_key(stored)]


def _rewrite(model: type[models.Model], names: list[str], pks: list[object]) -> None:
    """Read through the field (any accepted key), write back (the current key)."""
    written = [*names, "nir_digest"] if model is Person else names
    for start in range(0, len(pks), BATCH):
        rows = list(model._default_manager.filter(pk__in=pks[start : start + BATCH]).only("pk", *names))
        if model is Person:
            for person in rows:
                person.nir_digest = nir_digest(person.nir)  # type: ignore[attr-defined]
        model._default_manager.bulk_update(rows, written)


def rotate_field_key(*, dry_run: bool = False) -> RotationResult:
    result = RotationResult()
    with transaction.atomic():
        for model in apps.get_models():
            names = encrypted_fields(model)
            stale = {name: _stale_pks(model, name) for name in names}
            for name, pks in stale.items():
                if pks:
                    result.stale[f"{model._meta.label}.{name}"] = len(pks)
            pks = sorted({pk for pks in stale.values() for pk in pks}, key=str)
            if pks and not dry_run:
                _rewrite(model, names, pks)
        for device in TotpDevice.objects.all():
            if dry_run:
                rotated = device.rotate_key()
            elif rotated := device.rotate_key():
                device.save(update_fields=["encrypted_key"])
            result.totp_devices += rotated
    return result
