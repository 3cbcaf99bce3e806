"""Secrets kept encrypted at rest (the two-factor keys): Fernet (AES-128-CBC + HMAC-SHA256), with
a key derived by HKDF-SHA256 from the operator's key material and a purpose, so that one key
material gives a different key to each use and a ciphertext of one use opens nowhere else.

Framework-free: the caller passes the key material (``settings.LIEN_FIELD_KEY``, else the
``SECRET_KEY``), never a key written in the code.
"""

import base64
import hashlib
import hmac
from collections.abc import Sequence
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "InvalidToken",
    "decrypt",
    "decrypt_any",
    "derive_key",
    "encrypt",
    "keyed_digest",
    "keyed_digests",
    "reencrypt",
]


def derive_key(key_material: str, *, purpose: str, length: int = 32) -> bytes:
    """A key of ``length`` bytes for ``purpose`` only (HKDF-SHA256, info ``lien:<purpose>``): for
    a cipher of the caller's own (the backups' AES-GCM chunks, ``shell/backup.py``)."""
    if not key_material:
        raise ValueError("No key material to encrypt with.")
    derived = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=b"lien:" + purpose.encode())
    return derived.derive(key_material.encode())


@lru_cache(maxsize=16)
def _fernet(key_material: str, purpose: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derive_key(key_material, purpose=purpose)))


def encrypt(value: bytes, *, key_material: str, purpose: str) -> str:
    """The value encrypted and authenticated, as ASCII text (a fresh IV each time)."""
    return _fernet(key_material, purpose).encrypt(value).decode("ascii")


def decrypt(token: str, *, key_material: str, purpose: str) -> bytes:
    """The value back; ``InvalidToken`` if the text was altered or made with another key."""
    return _fernet(key_material, purpose).decrypt(token.encode("ascii"))


def keyed_digest(value: bytes, *, key_material: str, purpose: str) -> str:
    """HMAC-SHA256 of the value under a key derived for ``purpose``, in hexadecimal."""
    if not key_material:
        raise ValueError("No key material to digest with.")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"lien-hmac:" + purpose.encode())
    return hmac.new(derived.derive(key_material.encode()), value, hashlib.sha256).hexdigest()


def _multi(key_materials: Sequence[str], purpose: str) -> MultiFernet:
    if not key_materials or not all(key_materials):
        raise ValueError("No key material to decrypt with.")
    return MultiFernet([_fernet(material, purpose) for material in key_materials])


def decrypt_any(token: str, *, key_materials: Sequence[str], purpose: str) -> bytes:
    """The value back, whichever of ``key_materials`` (the current one first, then the retired
    ones a rotation still has to go through) it was encrypted with."""
    return _multi(key_materials, purpose).decrypt(token.encode("ascii"))


def reencrypt(token: str, *, key_materials: Sequence[str], purpose: str) -> str:
    """The same value encrypted under the first of ``key_materials`` (a key rotation)."""
    return _multi(key_materials, purpose).rotate(token.encode("ascii")).decode("ascii")


def keyed_digests(value: bytes, *, key_materials: Sequence[str], purpose: str) -> list[str]:
    """The keyed digests of the value under each key material, the current one first: a lookup
    matches rows not yet rotated too."""
    return [keyed_digest(value, key_material=material, purpose=purpose) for material in key_materials]
