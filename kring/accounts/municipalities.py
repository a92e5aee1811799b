"""Importing the yearly CBS list of municipalities (it changes every 1 January).

All or nothing: one wrong line and nothing changes, with a plain Dutch message per line.
Never a crash on what a file holds: binary content, an enormous field or a code that appears
twice are errors in the list, not in Kring.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from kring.accounts.models import Municipality, Region, User
from kring.audit.services import Action, record

CODE_RE = re.compile(r"^GM\d{4}$")
MAX_ERRORS = 20


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    errors: list[str] = field(default_factory=list)


def _rows(text: str) -> list[list[str]]:
    """The non-empty rows; raises csv.Error for what is not a readable CSV."""
    sample = text[:2048]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _short(value: str, size: int = 20) -> str:
    return value if len(value) <= size else value[:size] + "…"


@transaction.atomic
def import_municipalities(
    text: str,
    *,
    actor: User | None = None,
    default_region: Region | None = None,
    deactivate_missing: bool = True,
) -> ImportResult:
    """Create or rename municipalities from CSV text (code, name[, region]); all or nothing."""
    result = ImportResult()
    all_regions = list(Region.objects.all())
    regions = {r.slug: r for r in all_regions} | {r.name.lower(): r for r in all_regions}
    existing = {m.code: m for m in Municipality.objects.all()}
    seen: dict[str, int] = {}
    try:
        rows = _rows(text.lstrip("\ufeff"))
    except csv.Error:
        result.errors.append(
            _("Dit bestand is geen leesbare CSV (een veld is te lang of het bevat geen tekst).")
        )
        return result
    for number, row in enumerate(rows, start=1):
        if len(result.errors) >= MAX_ERRORS:
            break
        code = row[0].strip().upper() if row else ""
        if number == 1 and not CODE_RE.match(code):
            continue  # a header line
        if not CODE_RE.match(code):
            result.errors.append(
                _("Regel %(n)d: '%(code)s' is geen CBS-code (GM en 4 cijfers).")
                % {"n": number, "code": _short(code)}
            )
            continue
        if code in seen:
            result.errors.append(
                _("Regel %(n)d: %(code)s stond al op regel %(first)d.")
                % {"n": number, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = number
        name = row[1].strip() if len(row) > 1 else ""
        if not name or len(name) > 100:
            result.errors.append(
                _("Regel %(n)d: de naam ontbreekt of is langer dan 100 tekens.") % {"n": number}
            )
            continue
        region_key = row[2].strip().lower() if len(row) > 2 else ""
        region = regions.get(region_key) if region_key else None
        if region_key and region is None:
            result.errors.append(
                _("Regel %(n)d: regio '%(region)s' bestaat niet.")
                % {"n": number, "region": _short(region_key, 40)}
            )
            continue
        current = existing.get(code)
        if current is None:
            region = region or default_region
            if region is None:
                result.errors.append(
                    _("Regel %(n)d: kies een regio voor de nieuwe gemeente %(code)s.")
                    % {"n": number, "code": code}
                )
                continue
            Municipality.objects.create(code=code, name=name, region=region)
            result.created += 1
        else:
            changed = False
            if current.name != name:
                current.name = name
                changed = True
            if region is not None and current.region_id != region.pk:
                current.region = region
                changed = True
            if not current.active:
                current.active = True
                changed = True
            if changed:
                current.save()
                result.updated += 1
    if result.errors:
        transaction.set_rollback(True)
        return result
    if deactivate_missing and seen:
        result.deactivated = (
            Municipality.objects.filter(active=True).exclude(code__in=seen).update(active=False)
        )
    record(
        Action.UPDATE,
        object_type="accounts.municipality",
        object_id="import",
        actor=actor,
        key="municipality.imported",
        changes={
            "created": result.created,
            "updated": result.updated,
            "deactivated": result.deactivated,
        },
    )
    return result
