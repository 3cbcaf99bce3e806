"""Pluggable text-message senders, chosen by ``LIEN_SMS_BACKEND``; none of them uses the network.

``console`` (default) prints the message, ``file`` writes one file per message under the data
directory, ``locmem`` keeps them in ``outbox`` (tests). A provider's backend is a dotted path to
a subclass of ``SmsBackend`` whose ``send`` raises ``SmsError`` on failure.
"""

import sys
from abc import ABC, abstractmethod
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The message could not be handed over."""


class SmsBackend(ABC):
    name = "base"

    @abstractmethod
    def send(self, *, to: str, body: str) -> None:
        """Hand the message over, or raise SmsError."""


class ConsoleBackend(SmsBackend):
    name = "console"

    def send(self, *, to: str, body: str) -> None:
        sys.stdout.write(f"SMS to {to}\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()


class FileBackend(SmsBackend):
    name = "file"

    def send(self, *, to: str, body: str) -> None:
        directory = Path(settings.SMS_FILE_PATH)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 — a local file name
            path = directory / f"{stamp}-{get_random_string(8)}.txt"
            path.write_text(f"To: {to}\n\n{body}\n", encoding="utf-8")
        except OSError as error:
            raise SmsError(str(error)) from error


class LocmemBackend(SmsBackend):
    name = "locmem"
    outbox: list[dict[str, str]] = []

    def send(self, *, to: str, body: str) -> None:
        LocmemBackend.outbox.append({"to": to, "body": body})


ALIASES: dict[str, type[SmsBackend]] = {
    "console": ConsoleBackend,
    "file": FileBackend,
    "locmem": LocmemBackend,
}


def get_backend() -> SmsBackend:
    name = settings.SMS_BACKEND
    if name in ALIASES:
        return ALIASES[name]()
    try:
        backend_class = import_string(name)
    except ImportError:
        raise ImproperlyConfigured(
            f"LIEN_SMS_BACKEND must be one of {', '.join(ALIASES)} or a dotted path, not {name!r}."
        ) from None
    if not (isinstance(backend_class, type) and issubclass(backend_class, SmsBackend)):
        raise ImproperlyConfigured(f"LIEN_SMS_BACKEND {name!r} is not an SmsBackend.")
    return backend_class()
