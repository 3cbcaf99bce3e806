"""Text kept encrypted at rest: the NIR and the health text of a file (issue 14, point 4).

A column of an ``EncryptedTextField`` holds ``lien:v1:`` and a Fernet token (AES-128-CBC +
HMAC-SHA256, ``secretbox``) made with a key derived from ``LIEN_FIELD_KEY``: a copy of the
database, a dump or a replica shows neither the number nor the words. The keys live outside the
database (environment); ``LIEN_FIELD_KEYS_OLD`` lists retired key materials still accepted for
reading until ``lien rotate-field-key`` has re-encrypted every row under the current one.

What it costs: the database cannot search, sort or compare such a column — only ``isnull`` and
the comparison with the empty string (an empty value is stored empty) are allowed, any other
lookup is refused rather than silently matching nothing. Where a lookup is needed (the NIR, to
find a person or a duplicate), the model keeps a keyed digest beside it (``digests``): equal
values, equal digests, and nothing to test guesses against without the key.

A value written before the column was encrypted (no prefix) is read as it is, and encrypted at
its next save; the migration that turns a column into this field encrypts the existing rows.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import FieldError
from django.db import migrations, models
from django.db.models.lookups import Exact

from lien.lib import secretbox

PREFIX = "lien:v1:"
PURPOSE = "field"


def key_materials() -> list[str]:
    """The current key material first, then the retired ones still accepted for reading."""
    return [str(settings.LIEN_FIELD_KEY), *(str(key) for key in settings.LIEN_FIELD_KEYS_OLD)]


def seal(value: str) -> str:
    """The text encrypted under the current key, as the column stores it."""
    return PREFIX + secretbox.encrypt(value.encode(), key_material=key_materials()[0], purpose=PURPOSE)


def unseal(stored: str) -> str:
    """The text of a stored value (a value without the prefix predates the encryption)."""
    if not stored.startswith(PREFIX):
        return stored
    token = stored.removeprefix(PREFIX)
    return secretbox.decrypt_any(token, key_materials=key_materials(), purpose=PURPOSE).decode()


def is_sealed_under_current_key(stored: str) -> bool:
    """Whether a stored value opens with the current key (the rotation's progress)."""
    if not stored.startswith(PREFIX):
        return not stored
    try:
        secretbox.decrypt(stored.removeprefix(PREFIX), key_material=key_materials()[0], purpose=PURPOSE)
    except secretbox.InvalidToken:
        return False
    return True


def digest(value: str, *, purpose: str) -> str:
    """The keyed digest of a value under the current key; empty for an empty value."""
    return digests(value, purpose=purpose)[0] if value else ""


def digests(value: str, *, purpose: str) -> Sequence[str]:
    """The keyed digests of a value under every accepted key (the current one first): a lookup
    also finds the rows a rotation has not reached yet."""
    return secretbox.keyed_digests(value.encode(), key_materials=key_materials(), purpose=purpose)


class EmptyOnlyExact(Exact):
    """``field=""`` (is it empty?) is the one comparison an encrypted column can answer."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: compare it with the empty string only "
                "(search it through its keyed digest)."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: object, connection: object) -> str | None:
        return None if value is None else unseal(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:  # None or empty: stored as it is (emptiness is not a secret)
            return value
        return seal(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"exact", "isnull"}:
            return None  # Django answers "Unsupported lookup … for EncryptedTextField"
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None


EncryptedTextField.register_lookup(EmptyOnlyExact)


class EncryptedCharField(EncryptedTextField):
    """A short encrypted value (a NIR, a label): a one-line input and a length checked before
    encryption (the column is text, as a ciphertext is longer than its value)."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(validators.MaxLengthValidator(max_length))

    def formfield(self, **kwargs: Any) -> Any:
        defaults = {"form_class": forms.CharField, "max_length": self.max_length, "widget": None}
        return models.Field.formfield(self, **{**defaults, **kwargs})


def encrypted_fields(model: type[models.Model]) -> list[str]:
    """The names of the model's encrypted columns."""
    return [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]


BATCH = 1000


def encrypt_existing_rows(
    app_label: str,
    model_name: str,
    fields: Sequence[str],
    *,
    derived: Sequence[str] = (),
    derive: Callable[[Any], dict[str, str]] | None = None,
) -> migrations.RunPython:
    """The migration step after turning ``fields`` into encrypted ones: the rows written before
    are encrypted (read as they are, written back sealed), ``derive`` giving the ``derived``
    columns computed from them (a digest). Backwards, the columns get their clear text back
    before the field goes."""

    def forward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        manager = model._default_manager.db_manager(schema_editor.connection.alias)
        written = [*fields, *derived]
        empty = models.Q(**{name: "" for name in fields})
        batch = []
        for row in manager.exclude(empty).only("pk", *fields).iterator(chunk_size=BATCH):
            for name, value in (derive(row) if derive else {}).items():
                setattr(row, name, value)
            batch.append(row)
            if len(batch) == BATCH:
                manager.bulk_update(batch, written)
                batch = []
        if batch:
            manager.bulk_update(batch, written)

    def backward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        manager = model._default_manager.db_manager(connection.alias)
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = [model._meta.get_field(name).column for name in fields]
        assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
        pk = quote(model._meta.pk.column)
        with connection.cursor() as cursor:
            for row in manager.exclude(models.Q(**{name: "" for name in fields})).iterator(chunk_size=BATCH):
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608 (names quoted)
                    [*(getattr(row, name) for name in fields), row.pk],
                )

    return migrations.RunPython(forward, backward, elidable=False)
