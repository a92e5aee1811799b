"""Password rules in plain Dutch: long enough and not common or breached (decision 0081).

Django 6.1 changed the wording of its own "too short" message, and its Dutch catalogue does not
have the new text yet, so staff saw "This password is too short." in English. These validators
carry their own Dutch texts. The list of common and breached passwords ships in the repository
(`data/common-passwords.txt.gz`), so the check works offline and sends no password anywhere.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PASSWORD_LIST = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"

# Letters that are often swapped for digits or signs ("w4chtw00rd").
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


class MinimumLengthValidator:
    """At least `min_length` characters (12 by default)."""

    def __init__(self, min_length: int = 12) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d teken.",
                    "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.",
                    self.min_length,
                ),
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Minstens %(min_length)d teken.",
            "Minstens %(min_length)d tekens. Een zin van een paar woorden is makkelijk te "
            "onthouden en moeilijk te raden.",
            self.min_length,
        ) % {"min_length": self.min_length}


@cache
def _known_passwords() -> frozenset[str]:
    with gzip.open(PASSWORD_LIST, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def _variants(password: str) -> set[str]:
    """The password as typed and its core: lower case, digits and signs at either end taken
    off, common letter swaps undone, a repeated part counted once ("welkomwelkom")."""
    lower = password.lower().strip()
    variants = {lower, lower.translate(_LEET)}
    for value in list(variants):
        core = _EDGES.sub("", value)
        variants.add(core)
        for size in range(1, len(core) // 2 + 1):
            if len(core) % size == 0 and core[:size] * (len(core) // size) == core:
                variants.add(core[:size])
                break
    return {v for v in variants if v}


def is_common(password: str) -> bool:
    """Is this password, or its core, on the list of common and breached passwords?"""
    known = _known_passwords()
    return any(variant in known for variant in _variants(password))


class BreachedPasswordValidator:
    """Refuses passwords (and simple variants of them) from the shipped list."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if is_common(password):
            raise ValidationError(
                _(
                    "Dit wachtwoord wordt veel gebruikt of is bekend uit datalekken. "
                    "Kies een ander wachtwoord."
                ),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Geen wachtwoord dat veel gebruikt wordt of bekend is uit datalekken.")
