"""Importing the yearly CBS list of municipalities (it changes every 1 January)."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from kring.accounts.models import Municipality, Region, User
from kring.audit.services import Action, record

CODE_RE = re.compile(r"^GM\d{4}$")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    errors: list[str] = field(default_factory=list)


def _rows(text: str) -> list[list[str]]:
    sample = text[:2048]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


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
    regions = {r.slug: r for r in Region.objects.all()} | {
        r.name.lower(): r for r in Region.objects.all()
    }
    existing = {m.code: m for m in Municipality.objects.all()}
    seen: set[str] = set()
    rows = _rows(text.lstrip("\ufeff"))
    for number, row in enumerate(rows, start=1):
        code = row[0].strip().upper() if row else ""
        if number == 1 and not CODE_RE.match(code):
            continue  # a header line
        if not CODE_RE.match(code):
            result.errors.append(
                f"Regel {number}: '{code[:20]}' is geen CBS-code (GM + 4 cijfers)."
            )
            continue
        name = row[1].strip() if len(row) > 1 else ""
        if not name or len(name) > 100:
            result.errors.append(f"Regel {number}: de naam ontbreekt of is te lang.")
            continue
        region_key = row[2].strip().lower() if len(row) > 2 else ""
        region = regions.get(region_key) if region_key else None
        if region_key and region is None:
            result.errors.append(f"Regel {number}: regio '{region_key[:40]}' bestaat niet.")
            continue
        seen.add(code)
        current = existing.get(code)
        if current is None:
            region = region or default_region
            if region is None:
                result.errors.append(f"Regel {number}: kies een regio voor nieuwe gemeente {code}.")
                continue
            Municipality.objects.create(code=code, name=name, region=region)
            result.created += 1
        else:
            changes: dict[str, list[object]] = {}
            if current.name != name:
                changes["name"] = [current.name, name]
                current.name = name
            if region is not None and current.region_id != region.pk:
                changes["region"] = [current.region_id, region.pk]
                current.region = region
            if not current.active:
                changes["active"] = [False, True]
                current.active = True
            if changes:
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
        changes={
            "created": result.created,
            "updated": result.updated,
            "deactivated": result.deactivated,
        },
        message="Gemeentelijst geïmporteerd",
    )
    return result
