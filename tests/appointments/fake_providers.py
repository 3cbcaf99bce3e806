"""Local fakes of the SMS providers, on httpx's MockTransport: no request leaves the machine.

Each fake checks every request against the provider's documented shape (URL, method, headers,
JSON keys and types, the number in international form without « + », the sender), answers as the
provider does (accepted by default, or what a test scripts first: a 503, a 429, a 400, a network
error), keeps the messages it accepted, and writes the delivery receipt it would post back
(``callback``), for the test to play into Lien's webhook.
"""

import itertools
import json
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

API_KEY = "test-api-key-0123456789"
SECRET = "webhook-secret-0123456789"
SENDER = "AssoLien"
BASE_URL = "https://lien.example.org"
INTERNATIONAL = re.compile(r"[1-9]\d{7,14}")  # E.164 digits, without the « + »


@dataclass
class Accepted:
    number: str
    text: str
    message_id: str
    reference: str = ""
    webhook: str = ""
    unicode: bool = False


@dataclass
class FakeProvider(ABC):
    name = "fake"
    api_url = ""
    script: list[httpx.Response | Exception] = field(default_factory=list)
    accepted: list[Accepted] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    calls: int = 0

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        try:
            body = json.loads(request.content)
        except ValueError:
            body = None
        self.problems += self.check(request, body)
        if self.script:
            answer = self.script.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        return self.accept(body)

    def expect(self, condition: bool, problem: str) -> list[str]:
        return [] if condition else [f"{self.name}: {problem}"]

    @abstractmethod
    def check(self, request: httpx.Request, body: Any) -> list[str]:
        """What the provider's documentation requires of the request, as problems."""

    @abstractmethod
    def accept(self, body: Any) -> httpx.Response:
        """The provider's answer to a request it accepts."""

    @abstractmethod
    def callback(self, message: Accepted, *, delivered: bool) -> tuple[str, dict[str, Any]]:
        """(path and query of Lien's webhook, JSON body) of the provider's delivery receipt."""


class FakeBrevo(FakeProvider):
    """Brevo, « Send transactional SMS » and its SMS webhook events."""

    name = "brevo"
    api_url = "https://brevo.test/v3"
    KEYS = {"sender", "recipient", "content", "type", "tag", "webUrl", "unicodeEnabled", "organisationPrefix"}
    _ids = itertools.count(1511882900176220)

    def check(self, request: httpx.Request, body: Any) -> list[str]:
        problems = self.expect(request.method == "POST", f"method {request.method}")
        problems += self.expect(
            str(request.url) == f"{self.api_url}/transactionalSMS/send", f"URL {request.url}"
        )
        problems += self.expect(request.headers.get("api-key") == API_KEY, "api-key header")
        problems += self.expect(request.headers.get("accept") == "application/json", "accept header")
        problems += self.expect(
            request.headers.get("content-type") == "application/json", "content-type header"
        )
        if not isinstance(body, dict):
            return [*problems, "brevo: the body is not a JSON object"]
        problems += self.expect(set(body) <= self.KEYS, f"unknown keys {set(body) - self.KEYS}")
        problems += self.expect(body.get("sender") == SENDER, f"sender {body.get('sender')!r}")
        problems += self.expect(
            INTERNATIONAL.fullmatch(str(body.get("recipient"))) is not None,
            f"recipient {body.get('recipient')!r} (international, without +)",
        )
        problems += self.expect(isinstance(body.get("content"), str) and body["content"] != "", "content")
        problems += self.expect(body.get("type") == "transactional", f"type {body.get('type')!r}")
        problems += self.expect(isinstance(body.get("unicodeEnabled", False), bool), "unicodeEnabled")
        problems += self.expect(
            str(body.get("webUrl", "")).startswith(f"{BASE_URL}/webhooks/sms/brevo/?token="), "webUrl"
        )
        return problems

    def accept(self, body: Any) -> httpx.Response:
        message_id = next(self._ids)
        self.accepted.append(
            Accepted(
                body["recipient"],
                body["content"],
                str(message_id),
                webhook=body.get("webUrl", ""),
                unicode=body.get("unicodeEnabled", False),
            )
        )
        return httpx.Response(
            201,
            json={
                "reference": f"ref-{message_id}",
                "messageId": message_id,
                "smsCount": 2,
                "usedCredits": 1.4,
                "remainingCredits": 98.6,
            },
        )

    def callback(self, message: Accepted, *, delivered: bool, at: datetime | None = None) -> tuple[str, dict]:
        url = urlsplit(message.webhook)
        stamp = int((at or datetime.now()).timestamp())  # noqa: DTZ005 — a timestamp
        return f"{url.path}?{url.query}", {
            "id": 26570,
            "to": message.number,
            "sms_count": 2,
            "credits_used": 1.4,
            "messageId": int(message.message_id),
            "remaining_credit": 98.6,
            "msg_status": "delivered" if delivered else "hard_bounce",
            "description": "delivered" if delivered else "invalid number",
            "date": "2026-03-10 10:00:00",
            "ts_event": stamp,
            "type": "transactional",
            "reference": {"1": f"ref-{message.message_id}"},
            "tag": "",
        }


class FakeSmsFactor(FakeProvider):
    """SMSFactor, « Campaign » (POST /send) and its DLR webhook."""

    name = "smsfactor"
    api_url = "https://smsfactor.test"
    _tickets = itertools.count(14672468)

    def check(self, request: httpx.Request, body: Any) -> list[str]:
        problems = self.expect(request.method == "POST", f"method {request.method}")
        problems += self.expect(str(request.url) == f"{self.api_url}/send", f"URL {request.url}")
        problems += self.expect(
            request.headers.get("authorization") == f"Bearer {API_KEY}", "Authorization header"
        )
        problems += self.expect(request.headers.get("accept") == "application/json", "Accept header")
        problems += self.expect(
            request.headers.get("content-type") == "application/json", "Content-Type header"
        )
        try:
            message, recipients = body["sms"]["message"], body["sms"]["recipients"]["gsm"]
        except (KeyError, TypeError):
            return [*problems, f"smsfactor: not a campaign body: {body!r}"]
        problems += self.expect(
            set(body) == {"sms"} and set(body["sms"]) == {"message", "recipients"}, "keys"
        )
        problems += self.expect(
            set(message) <= {"text", "pushtype", "sender", "delay", "unicode"}, f"message keys {set(message)}"
        )
        problems += self.expect(message.get("sender") == SENDER, f"sender {message.get('sender')!r}")
        problems += self.expect(message.get("pushtype") == "alert", "pushtype")
        problems += self.expect(message.get("unicode") in (0, 1), "unicode")
        problems += self.expect(isinstance(message.get("text"), str) and message["text"] != "", "text")
        problems += self.expect(len(recipients) == 1, "one recipient")
        for gsm in recipients:
            problems += self.expect(set(gsm) == {"gsmsmsid", "value"}, f"gsm keys {set(gsm)}")
            problems += self.expect(
                INTERNATIONAL.fullmatch(str(gsm.get("value"))) is not None, f"value {gsm.get('value')!r}"
            )
        return problems

    def accept(self, body: Any) -> httpx.Response:
        ticket = str(next(self._tickets))
        gsm = body["sms"]["recipients"]["gsm"][0]
        message = body["sms"]["message"]
        self.accepted.append(
            Accepted(gsm["value"], message["text"], ticket, gsm["gsmsmsid"], unicode=message["unicode"] == 1)
        )
        return httpx.Response(
            200,
            json={
                "status": 1,
                "message": "OK",
                "ticket": ticket,
                "cost": 2,
                "credits": 640,
                "total": 1,
                "sent": 1,
                "blacklisted": 0,
                "duplicated": 0,
                "invalid": 0,
                "npai": 0,
            },
        )

    def callback(self, message: Accepted, *, delivered: bool, at: datetime | None = None) -> tuple[str, dict]:
        # The DLR webhook is declared once in the account, with Lien's URL and secret.
        return f"/webhooks/sms/smsfactor/?token={SECRET}", {
            "date": "2026-03-10T10:00:00+01:00",
            "status": 3 if delivered else 5,
            "destination": message.number,
            "message_id": message.reference,
            "campaign_id": message.message_id,
            "country_code": "FR",
        }


FAKES = {"brevo": FakeBrevo, "smsfactor": FakeSmsFactor}
