"""Text-message senders, chosen by ``LIEN_SMS_BACKEND``, and the delivery receipts of providers.

Two providers send real messages, each through its documented HTTP API (httpx, 10 s timeout):

``brevo`` — Brevo transactional SMS (developers.brevo.com, « Send transactional SMS »)::

    POST https://api.brevo.com/v3/transactionalSMS/send
    api-key: <LIEN_SMS_API_KEY>        accept: application/json      content-type: application/json
    {"sender": "<LIEN_SMS_SENDER>", "recipient": "33612345678", "content": "<text>",
     "type": "transactional", "unicodeEnabled": <text outside the GSM alphabet>,
     "webUrl": "<LIEN_BASE_URL>/webhooks/sms/brevo/?token=<LIEN_SMS_WEBHOOK_SECRET>"}
    201 {"reference": "…", "messageId": 1511882900176220, "smsCount": 1, "usedCredits": 0.7, …}
    400 {"code": "invalid_parameter", "message": "…"} · 401 key · 402 credits · 429 · 5xx

  The recipient is the international number without « + ». Brevo posts each event of the message
  to ``webUrl`` (« Transactional webhooks », SMS): ``{"messageId": 1511882900176220,
  "msg_status": "sent" | "delivered" | "soft_bounce" | "hard_bounce", "to": "33612345678",
  "date": "…", "reference": "…", …}``.

``smsfactor`` — SMSFactor, a French provider (dev.smsfactor.com, « Campaign »)::

    POST https://api.smsfactor.com/send
    Authorization: Bearer <LIEN_SMS_API_KEY>   Accept: application/json   Content-Type: application/json
    {"sms": {"message": {"text": "<text>", "pushtype": "alert", "sender": "<LIEN_SMS_SENDER>",
                         "unicode": 0 | 1},
             "recipients": {"gsm": [{"gsmsmsid": "<receipt number>", "value": "33612345678"}]}}}
    200 {"status": 1, "message": "OK", "ticket": "14672468", "cost": 1, "credits": 642,
         "total": 1, "sent": 1, "blacklisted": 0, "duplicated": 0, "invalid": 0, "npai": 0}

  A ``status`` other than 1 is a refusal (-1 authentication, -3 credits…), ``sent: 0`` a number
  filtered out (invalid, blacklisted, NPAI). The delivery receipts go to the DLR webhook declared
  once in the account: ``{"date": "…", "status": 3, "destination": "33612345678",
  "message_id": "<gsmsmsid>", "campaign_id": "<ticket>", "country_code": "FR"}``, status 3
  DELIVERED; 2 NOT_DELIVERED, 4 NOT_ALLOWED, 5 INVALID_DESTINATION, 6 INVALID_SENDER,
  7 ROUTE_NOT_AVAILABLE, 9 REJECTED, 11 NETWORK_ERROR, 12 EXPIRED are failures; 0 and 1 wait.

A network error, a 429 or a 5xx is transient (``SmsError``: the periodic job tries again later);
any other refusal is permanent (``SmsError(permanent=True)``). ``LIEN_SMS_API_URL`` replaces the
provider's base URL (a local fake in tests).

Development backends send nothing and say so (``delivers = False``, the receipt is "not sent"):
``console`` (default) prints the message, ``file`` writes one file per message under the data
directory. ``locmem`` keeps them in ``outbox`` and answers like a provider (tests). Any other
value is the dotted path of an ``SmsBackend`` subclass.
"""

import itertools
import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string

NOT_CONFIGURED = "aucun fournisseur SMS configuré"


class SmsError(Exception):
    """The message could not be handed over; ``permanent``: trying again will not help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsBackend(ABC):
    name = "base"
    # False for a backend through which nothing reaches anybody (development).
    delivers: ClassVar[bool] = True

    @abstractmethod
    def send(self, *, to: str, body: str, reference: str) -> str:
        """Hand the message to ``to`` (E.164: +33612345678) over and return the provider's id of
        the message ("" when it gives none), or raise SmsError. ``reference`` is Lien's own."""


class ConsoleBackend(SmsBackend):
    name = "console"
    delivers = False

    def send(self, *, to: str, body: str, reference: str) -> str:
        sys.stdout.write(f"SMS to {to} (not sent: {NOT_CONFIGURED})\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()
        return ""


class FileBackend(SmsBackend):
    name = "file"
    delivers = False

    def send(self, *, to: str, body: str, reference: str) -> str:
        directory = Path(settings.SMS_FILE_PATH)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 — a local file name
            path = directory / f"{stamp}-{get_random_string(8)}.txt"
            path.write_text(f"To: {to}\n\n{body}\n", encoding="utf-8")
        except OSError as error:
            raise SmsError(str(error)) from error
        return ""


class LocmemBackend(SmsBackend):
    name = "locmem"
    outbox: ClassVar[list[dict[str, str]]] = []
    _ids: ClassVar[Iterator[int]] = itertools.count(1)

    def send(self, *, to: str, body: str, reference: str) -> str:
        LocmemBackend.outbox.append({"to": to, "body": body, "reference": reference})
        return f"locmem-{next(LocmemBackend._ids)}"


# -- providers -----------------------------------------------------------------------------------

# GSM 03.38: the basic alphabet and its extension. A text outside it goes as Unicode (70
# characters a part instead of 160), so that « À apporter », « empêchement » arrive as written.
GSM_ALPHABET = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f"
)
# What the providers accept as a sender: 3 to 11 letters and digits (a name), or up to 15 digits.
SENDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ]{1,9}[A-Za-z0-9]|\d{3,15}")


def needs_unicode(text: str) -> bool:
    return any(character not in GSM_ALPHABET for character in text)


def webhook_url(provider: str) -> str:
    """The public URL of the delivery receipts of ``provider``, with the shared secret."""
    path = reverse("sms:webhook", args=[provider])
    return f"{settings.LIEN_BASE_URL.rstrip('/')}{path}?token={settings.SMS_WEBHOOK_SECRET}"


@dataclass(frozen=True)
class DeliveryReport:
    """What a provider's callback says of one message: ``delivered`` True, False (failed for
    good) or None (still on its way: nothing to record)."""

    message_id: str
    delivered: bool | None
    detail: str = ""
    at: datetime | None = None


def _items(payload: Any) -> list[dict[str, Any]]:
    """A callback holds one event, or a list of them (batched webhooks)."""
    items = payload if isinstance(payload, list) else [payload]
    return [item for item in items if isinstance(item, dict)]


class HttpSmsBackend(SmsBackend):
    """A provider reached over HTTPS; tests put a fake provider in ``transport``."""

    default_url: ClassVar[str]
    transport: ClassVar[httpx.BaseTransport | None] = None
    timeout: ClassVar[float] = 10.0

    def __init__(self) -> None:
        if not settings.SMS_API_KEY:
            raise ImproperlyConfigured(f"LIEN_SMS_BACKEND={self.name} needs LIEN_SMS_API_KEY.")
        if not SENDER.fullmatch(settings.SMS_SENDER):
            raise ImproperlyConfigured(
                "LIEN_SMS_SENDER must be 3 to 11 letters or digits (no accent, no punctuation), "
                f"or a number of up to 15 digits, not {settings.SMS_SENDER!r}."
            )
        self.api_url = (settings.SMS_API_URL or self.default_url).rstrip("/")

    def _post(self, path: str, *, payload: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
        try:
            with httpx.Client(transport=self.transport, timeout=self.timeout) as client:
                response = client.post(f"{self.api_url}{path}", json=payload, headers=headers)
        except httpx.HTTPError as error:  # timeout, refused connection, DNS…
            raise SmsError(f"fournisseur injoignable ({type(error).__name__})") from error
        status = response.status_code
        if status == 429 or status >= 500:
            raise SmsError(f"fournisseur indisponible (HTTP {status})")
        if status >= 400:
            raise SmsError(f"refusé par le fournisseur (HTTP {status}) : {_said(response)}", permanent=True)
        return response

    @classmethod
    @abstractmethod
    def parse_callback(cls, payload: Any) -> list[DeliveryReport]:
        """The delivery reports of one callback of the provider."""


def _said(response: httpx.Response) -> str:
    """The provider's own words about a refusal, short."""
    try:
        data = response.json()
    except ValueError:
        return response.text[:150]
    if isinstance(data, dict):
        return str(data.get("message") or data.get("details") or data.get("code") or data)[:150]
    return str(data)[:150]


class BrevoBackend(HttpSmsBackend):
    name = "brevo"
    default_url = "https://api.brevo.com/v3"
    FAILED: ClassVar[set[str]] = {
        "soft_bounce",
        "hard_bounce",
        "softBounce",
        "hardBounce",
        "rejected",
        "error",
    }

    def send(self, *, to: str, body: str, reference: str) -> str:
        payload: dict[str, Any] = {
            "sender": settings.SMS_SENDER,
            "recipient": to.removeprefix("+"),
            "content": body,
            "type": "transactional",
            "unicodeEnabled": needs_unicode(body),
        }
        if settings.SMS_WEBHOOK_SECRET:
            payload["webUrl"] = webhook_url(self.name)
        response = self._post(
            "/transactionalSMS/send",
            payload=payload,
            headers={"api-key": settings.SMS_API_KEY, "accept": "application/json"},
        )
        try:
            message_id = response.json().get("messageId")
        except (ValueError, AttributeError):
            message_id = None
        return "" if message_id is None else str(message_id)

    @classmethod
    def parse_callback(cls, payload: Any) -> list[DeliveryReport]:
        reports = []
        for item in _items(payload):
            message_id, event = item.get("messageId"), str(item.get("msg_status") or item.get("event") or "")
            if message_id in (None, ""):
                continue
            delivered = True if event == "delivered" else False if event in cls.FAILED else None
            at = item.get("ts_event")
            reports.append(
                DeliveryReport(
                    message_id=str(message_id),
                    delivered=delivered,
                    detail=str(item.get("description") or event)[:150],
                    at=datetime.fromtimestamp(at, UTC) if isinstance(at, int) else None,
                )
            )
        return reports


class SmsFactorBackend(HttpSmsBackend):
    name = "smsfactor"
    default_url = "https://api.smsfactor.com"
    FAILURES: ClassVar[dict[int, str]] = {
        2: "non distribué",
        4: "distribution non autorisée",
        5: "numéro invalide",
        6: "expéditeur invalide",
        7: "route indisponible",
        9: "rejeté",
        11: "erreur du réseau",
        12: "expiré",
    }

    def send(self, *, to: str, body: str, reference: str) -> str:
        payload = {
            "sms": {
                "message": {
                    "text": body,
                    "pushtype": "alert",
                    "sender": settings.SMS_SENDER,
                    "unicode": int(needs_unicode(body)),
                },
                "recipients": {"gsm": [{"gsmsmsid": reference, "value": to.removeprefix("+")}]},
            }
        }
        response = self._post(
            "/send",
            payload=payload,
            headers={"Authorization": f"Bearer {settings.SMS_API_KEY}", "Accept": "application/json"},
        )
        try:
            data = response.json()
        except ValueError:
            raise SmsError("réponse illisible de SMSFactor") from None
        if not isinstance(data, dict) or data.get("status") != 1:
            status = data.get("status") if isinstance(data, dict) else None
            raise SmsError(f"refusé par SMSFactor ({status}) : {_said(response)}", permanent=True)
        if not data.get("sent"):
            raise SmsError("numéro refusé par SMSFactor (invalide, liste noire ou NPAI)", permanent=True)
        return str(data.get("ticket") or "")

    @classmethod
    def parse_callback(cls, payload: Any) -> list[DeliveryReport]:
        reports = []
        for item in _items(payload):
            message_id = item.get("campaign_id")
            try:
                status = int(item.get("status", -1))
            except (TypeError, ValueError):
                continue
            if message_id in (None, ""):
                continue
            delivered = True if status == 3 else False if status in cls.FAILURES else None
            reports.append(
                DeliveryReport(
                    message_id=str(message_id),
                    delivered=delivered,
                    detail=cls.FAILURES.get(status, ""),
                )
            )
        return reports


ALIASES: dict[str, type[SmsBackend]] = {
    "console": ConsoleBackend,
    "file": FileBackend,
    "locmem": LocmemBackend,
    "brevo": BrevoBackend,
    "smsfactor": SmsFactorBackend,
}
# The providers whose delivery receipts /webhooks/sms/<provider>/ reads.
PROVIDERS: dict[str, type[HttpSmsBackend]] = {"brevo": BrevoBackend, "smsfactor": SmsFactorBackend}


def get_backend_class() -> type[SmsBackend]:
    name = settings.SMS_BACKEND
    if name in ALIASES:
        return ALIASES[name]
    try:
        backend_class = import_string(name)
    except ImportError:
        raise ImproperlyConfigured(
            f"LIEN_SMS_BACKEND must be one of {', '.join(ALIASES)} or a dotted path, not {name!r}."
        ) from None
    if not (isinstance(backend_class, type) and issubclass(backend_class, SmsBackend)):
        raise ImproperlyConfigured(f"LIEN_SMS_BACKEND {name!r} is not an SmsBackend.")
    return backend_class


def get_backend() -> SmsBackend:
    return get_backend_class()()


def sms_configured() -> bool:
    """Whether a text message can reach anybody (a provider, not a development backend)."""
    return get_backend_class().delivers
