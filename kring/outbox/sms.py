"""Sending a text message (SMS): one small, pluggable backend, chosen by `KRING_SMS_BACKEND`.

- `ConsoleBackend` (development): writes the message to the log, as Django's console mail
  backend does; nothing leaves the machine.
- `LocmemBackend` (tests): keeps the messages in `sent`, like `django.core.mail.outbox`.
- `HttpGatewayBackend` (production): POSTs the message as JSON to an SMS gateway's HTTP API
  (`KRING_SMS_GATEWAY_URL`, with `KRING_SMS_GATEWAY_TOKEN` as a bearer token and
  `KRING_SMS_SENDER` as the sender name). Most Dutch gateways accept this shape, or a small
  proxy translates it (decision 0171).

The outbox calls `send` from its worker, after the commit that queued the message; an exception
is a failed attempt that the outbox retries with backoff.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("kring.sms")

_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def normalise_phone(text: str) -> str | None:
    """A phone number as a gateway takes it (digits, an optional leading +), or None when it
    cannot be a mobile number at all. A Dutch 06 number becomes +316..."""
    number = "".join(ch for ch in text.strip() if ch not in " -().")
    if number.startswith("00"):
        number = "+" + number[2:]
    if number.startswith("06") and len(number) == 10:
        number = "+31" + number[1:]
    return number if _PHONE.match(number) else None


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


class BaseSmsBackend:
    """Send one text message or raise."""

    def send(self, message: Sms) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseSmsBackend):
    """Development: the message goes to the log (the console of `make run`)."""

    def send(self, message: Sms) -> None:
        logger.warning("SMS to %s:\n%s", message.to, message.text)


sent: list[Sms] = []


class LocmemBackend(BaseSmsBackend):
    """Tests: the message is kept in `kring.outbox.sms.sent`."""

    def send(self, message: Sms) -> None:
        sent.append(message)


class HttpGatewayBackend(BaseSmsBackend):
    """Production: one JSON POST to the gateway; any answer other than 2xx is a failure."""

    def send(self, message: Sms) -> None:
        url = settings.KRING_SMS_GATEWAY_URL
        if not url.startswith(("https://", "http://")):
            raise RuntimeError("KRING_SMS_GATEWAY_URL is not an http(s) address")
        body = json.dumps(
            {"to": message.to, "from": settings.KRING_SMS_SENDER, "text": message.text}
        ).encode()
        headers = {"Content-Type": "application/json"}
        if settings.KRING_SMS_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.KRING_SMS_GATEWAY_TOKEN}"
        # The scheme is checked above: only http(s), never file: or a custom one.
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            if not 200 <= response.status < 300:
                raise RuntimeError(f"gateway answered {response.status}")


def backend() -> BaseSmsBackend:
    """The configured backend."""
    cls: type[BaseSmsBackend] = import_string(settings.KRING_SMS_BACKEND)
    return cls()
