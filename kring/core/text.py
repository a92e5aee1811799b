"""One clean-up for free text from outside: no control characters, no bidirectional overrides.

A right-to-left override (U+202E) in a name turns "Ayten.pdf" into something else on screen,
in a letter, an .ics file or the plan PDF; control characters break documents and logs. Line
breaks and tabs stay; everything is normalised to NFC so that "é" is always one character.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls except tab, line feed and carriage return; DEL.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Bidirectional embeddings, overrides and isolates; zero-width no-break space.
_BIDI = "\u202a-\u202e\u2066-\u2069\ufeff"
_UNWANTED = re.compile(f"[{_CONTROL}{_BIDI}]")


def clean_text(value: str) -> str:
    """`value` in NFC without control characters or bidirectional overrides."""
    return _UNWANTED.sub("", unicodedata.normalize("NFC", value))


def is_clean(value: str) -> bool:
    """Would `clean_text` leave `value` as it is?"""
    return clean_text(value) == value
