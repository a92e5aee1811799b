"""Searching the intake queue by name or reference without scanning every request ever made.

Closed and converted requests are kept, so the table grows by some 50 000 rows a year. A name
is found through a trigram index: on PostgreSQL a GIN index with `gin_trgm_ops` on both name
columns (an `ILIKE '%term%'` is answered from it), on SQLite an FTS5 table with the trigram
tokenizer, kept in step by triggers (migration intake 0005). Both need at least three
characters, the length of one trigram. A reference is matched from its start, which the
pattern index of the unique `reference` column answers.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from kring.intake.models import Request

MIN_NAME_LENGTH = 3

_REFERENCE_PARTS = re.compile(r"^(?:EK)?-?(.*)$")


def reference_prefix(term: str) -> str:
    """'2026-0004', 'ek2026-0004' and 'EK-2026-0004' all become 'EK-2026-0004'."""
    rest = _REFERENCE_PARTS.match(term.strip().upper())
    digits = rest.group(1) if rest else term
    return f"EK-{digits}"


def by_reference(qs: QuerySet[Request], term: str) -> QuerySet[Request]:
    """Requests whose reference starts with what was typed (an index range, not a scan)."""
    return qs.filter(reference__startswith=reference_prefix(term))


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
