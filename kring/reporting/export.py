"""The pseudonymised research export (decision 0153; the codebook is docs/research-export.md).

One CSV row per case (a flow: a request and the trajectory it became) and one per participant
role in its circle. Identifiers are replaced by a keyed hash (HMAC-SHA256) under a key drawn
for this export alone and then thrown away, so two exports cannot be joined and nobody can
turn a pseudonym back into a case. Only codes, dates by month, counts and flags are exported;
no names, contact details or free text.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import io
import secrets
import zipfile

from kring.network.models import Person
from kring.network.states import PersonStatus
from kring.reporting.models import FlowFigure

CASE_COLUMNS = [
    "case_id",
    "request_month",
    "region",
    "municipality",
    "variant",
    "source",
    "topics",
    "language",
    "info_conversation",
    "trajectory",
    "conference",
    "plan_at_conference",
    "plan_without_conference",
    "follow_up",
    "stopped",
    "stopped_early",
    "stop_reason",
    "days_to_contact",
    "contact_in_time",
    "days_to_conference",
    "days_to_plan",
    "invited_family",
    "invited_network",
    "invited_professional",
    "present_family",
    "present_network",
    "present_professional",
    "requirements_set",
    "requirements_met",
]
PARTICIPANT_COLUMNS = [
    "participant_id",
    "case_id",
    "main_person",
    "party",
    "ring",
    "relation",
    "minor",
    "invited",
    "answer",
    "present",
]
NOT_INVITED = {PersonStatus.SUGGESTED, PersonStatus.INFORMED}
ANSWERS = {PersonStatus.COMING, PersonStatus.MAYBE, PersonStatus.NOT_COMING}


class Pseudonyms:
    """Keyed hashes under a fresh random key (one per export)."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def __call__(self, kind: str, value: int) -> str:
        digest = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256)
        return digest.hexdigest()[:20]


def _value(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    return "" if value is None else value


def rows(
    start: datetime.date, end: datetime.date, pseudonym: Pseudonyms
) -> tuple[list[list[object]], list[list[object]]]:
    """The case rows and participant rows for requests from `start` up to the month of `end`."""
    last = (end.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    flows = list(
        FlowFigure.objects.filter(requested_on__gte=start.replace(day=1), requested_on__lt=last)
        .select_related("region", "municipality")
        .order_by("requested_on", "id")
    )
    cases: list[list[object]] = []
    case_key: dict[int, str] = {}
    for flow in flows:
        key = pseudonym("case", flow.id)
        if flow.case_id is not None:
            case_key[flow.case_id] = key
        values = {
            "case_id": key,
            "request_month": flow.month.strftime("%Y-%m"),
            "region": flow.region.slug,
            "municipality": flow.municipality.code,
            "topics": "|".join(flow.topics),
        }
        cases.append([values[c] if c in values else _value(getattr(flow, c)) for c in CASE_COLUMNS])
    participants: list[list[object]] = []
    people = (
        Person.objects.filter(case_id__in=list(case_key))
        .order_by("case_id", "id")
        .values_list(
            "id", "case_id", "is_main_person", "party", "ring", "relation", "is_minor", "status"
        )
    )
    for pid, case_id, main, party, ring, relation, minor, status in people:
        participants.append(
            [
                pseudonym("participant", pid),
                case_key[case_id],
                int(main),
                party,
                ring,
                relation,
                int(minor),
                int(main or status not in NOT_INVITED),
                status if status in ANSWERS else "",
                int(status == PersonStatus.PRESENT),
            ]
        )
    return cases, participants


def _csv(columns: list[str], data: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(data)
    return buffer.getvalue()


README = """Kring research export (pseudonymised)
cases.csv: one row per request and the trajectory it became.
participants.csv: one row per person in a circle, by role; case_id joins the two files.
The identifiers are keyed hashes valid within this export only.
Codebook: docs/research-export.md in the Kring source.
"""


def research_zip(start: datetime.date, end: datetime.date) -> tuple[bytes, dict[str, int]]:
    """The export as a ZIP (cases.csv, participants.csv, README.txt) and its row counts."""
    cases, participants = rows(start, end, Pseudonyms())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cases.csv", _csv(CASE_COLUMNS, cases))
        archive.writestr("participants.csv", _csv(PARTICIPANT_COLUMNS, participants))
        archive.writestr("README.txt", README)
    return buffer.getvalue(), {"cases": len(cases), "participants": len(participants)}
