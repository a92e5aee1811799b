"""Keeping personal-link tokens out of every log line.

A personal link (`/u/<token>/`, `/plan/<token>/`, a password-reset link) is the key to a
family's pages: whoever reads it in a log file can open them. Django logs the path of every
4xx answer ("Not Found: /u/...") and the development server logs every request line, so the
token is removed from each log record when the record is made (`install()`, called from
`CoreConfig.ready()`), whichever logger writes it and whichever handler prints it.

Two rules, so that a link added later by another app is covered too:
- the path segment after a known link prefix (`settings.KRING_LINK_PREFIXES`) is replaced;
- any other word that looks like a random token (20 or more URL-safe characters mixing upper
  case, lower case and digits) is replaced. UUIDs stay: they name records behind an access
  check and open nothing on their own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

REDACTED = "[verborgen]"

# A run of URL-safe characters long enough to be a secret. Case UUIDs are let through below.
_TOKENISH = re.compile(r"(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]{20,}(?![A-Za-z0-9_\-])")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

DEFAULT_LINK_PREFIXES = ("/u/", "/plan/", "/wachtwoord-herstellen/")


def _looks_secret(word: str) -> bool:
    # Random tokens mix upper case, lower case and digits; identifiers in a traceback
    # (`select_for_update`), slugs and hex hashes do not, and UUIDs are not secrets.
    if _UUID.match(word):
        return False
    return (
        any(c.isupper() for c in word)
        and any(c.islower() for c in word)
        and any(c.isdigit() for c in word)
    )


def _prefix_pattern(prefixes: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape("/" + p.strip("/") + "/") for p in prefixes if p.strip("/"))
    # A link path starts a path: at the start of the text, after a space, quote or "=", or
    # after a scheme and host. The secret is the next segment; a password-reset link has two
    # (the user's id and the token).
    return re.compile(
        rf"(?P<lead>^|[\s\"'(=]|https?://[^/\s\"']+)(?P<prefix>{alternatives})"
        r"(?P<secret>[^/?#\s\"']+)(?P<second>/[^/?#\s\"']+)?"
    )


_prefixes = _prefix_pattern(DEFAULT_LINK_PREFIXES)


def configure(prefixes: Iterable[str]) -> None:
    """Set the link prefixes whose next path segment is always a secret."""
    global _prefixes
    _prefixes = _prefix_pattern(prefixes)


def _redact_prefixed(match: re.Match[str]) -> str:
    prefix, second = match.group("prefix"), match.group("second") or ""
    if prefix == "/wachtwoord-herstellen/" and second and second != "/set-password":
        second = "/" + REDACTED
    return f"{match.group('lead')}{prefix}{REDACTED}{second}"


def redact(text: str) -> str:
    """`text` with every personal-link token replaced by "[verborgen]"."""
    if not text:
        return text
    text = _prefixes.sub(_redact_prefixed, text)
    return _TOKENISH.sub(lambda m: REDACTED if _looks_secret(m.group(0)) else m.group(0), text)


def path_is_link(path: str) -> bool:
    """Whether a request path is a personal-link page (its URL holds a secret)."""
    return bool(_prefixes.match(path))


def _redact_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is the logger's problem, not ours
        return record
    cleaned = redact(message)
    if cleaned != message or record.args:
        record.msg, record.args = cleaned, None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


class RedactLinksFilter(logging.Filter):
    """A logging filter for handlers configured outside Kring (e.g. a server's own handlers):
    removes personal-link tokens from the record; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


_installed = False


def install() -> None:
    """Redact every log record when it is made, for every logger (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        return _redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
