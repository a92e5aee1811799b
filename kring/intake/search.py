"""Searching the intake queue by name or reference without scanning every request ever made.

Closed and converted requests are kept, so the table grows by some 50 000 rows a year. A name
is found through a trigram index: on PostgreSQL a GIN index with `gin_trgm_ops` on both name
columns (an `ILIKE '%term%'` is answered from it), on SQLite an FTS5 table with the trigram
tokenizer, kept in step by triggers (migration intake 0005). Both need at least three
characters, the length of one trigram.

A reference is matched from its start, and the matches are listed in reference order (which
is the order they were made in, decision 203): a range on the reference compared byte by
byte, which an index on (region, status, reference) answers in the list's own order. Listed
oldest first instead, the search walked every older request of the region to find the newest
matches (a prefix such as `EK-2026-9`: 100 000 rows for 26 at 1M cases).
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Collate

from kring.intake.models import Request

MIN_NAME_LENGTH = 3

_REFERENCE_PARTS = re.compile(r"^(?:EK)?-?(.*)$")


def reference_prefix(term: str) -> str:
    """'2026-0004', 'ek2026-0004' and 'EK-2026-0004' all become 'EK-2026-0004'."""
    rest = _REFERENCE_PARTS.match(term.strip().upper())
    digits = rest.group(1) if rest else term
    return f"EK-{digits}"


# The annotation a reference search is sorted, paged and matched on.
REFERENCE_KEY = "reference_key"


def _reference_key() -> Expression | F:
    """The reference compared byte by byte: `COLLATE "C"` on PostgreSQL, as the index
    `request_reference_queue` holds it (migration intake 0007); SQLite compares text that way
    by default. In a language's collation a range of references would not be a prefix (some
    ignore the dashes)."""
    if connection.vendor == "postgresql":
        return Collate(F("reference"), "C")
    return F("reference")


def by_reference(qs: QuerySet[Request], term: str) -> QuerySet[Request]:
    """Requests whose reference starts with what was typed, as a range on `REFERENCE_KEY`:
    `EK-2026-9` is every reference from `EK-2026-9` up to, not including, `EK-2026-:` (the
    character after `9`). Sort the result on `REFERENCE_KEY` to read it in the index's order."""
    prefix = reference_prefix(term)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return qs.annotate(**{REFERENCE_KEY: _reference_key()}).filter(
        **{f"{REFERENCE_KEY}__gte": prefix, f"{REFERENCE_KEY}__lt": upper}
    )


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    # One FTS5 phrase: double quotes inside are doubled, so nothing typed becomes an operator.
    return '"' + term.replace('"', '""') + '"'


def by_name(qs: QuerySet[Request], term: str) -> QuerySet[Request]:
    """Requests with `term` in a main person's or the requester's name, found in the trigram
    index (PostgreSQL) or the FTS5 trigram table (SQLite); never a scan with `icontains`."""
    term = term.strip()
    if connection.vendor == "postgresql":
        pattern = _like_pattern(term)
        # Both patterns are bound parameters; the SQL itself is constant.
        return qs.filter(
            RawSQL(
                '("intake_request"."main_person_names" ILIKE %s'
                ' OR "intake_request"."requester_name" ILIKE %s)',
                (pattern, pattern),
                output_field=BooleanField(),
            )
        )
    return qs.filter(
        # The term is a bound parameter, quoted as one FTS5 phrase; the SQL itself is constant.
        id__in=RawSQL(
            "SELECT rowid FROM intake_request_search WHERE intake_request_search MATCH %s",
            (_fts_phrase(term),),
        )
    )
