"""Receiving a request (exactly once per form), and data minimisation of old requests.

The triage decisions that change a request's status are in `kring.intake.transitions`.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation

from kring.accounts.models import Municipality, User
from kring.audit.services import Action, record
from kring.core.references import next_reference
from kring.core.workdays import add_working_days
from kring.intake import mail
from kring.intake.choices import MainPersonRelation, name_key
from kring.intake.models import CloseReason, ReceivedVia, Request, RequestPerson
from kring.intake.states import RequestStatus
from kring.outbox import services as outbox

# Fields copied from a validated form into a new request.
REQUEST_FIELDS = (
    "requester_type",
    "requester_name",
    "requester_organisation",
    "requester_phone",
    "requester_email",
    "minors_involved",
    "municipality",
    "coordinator_wish",
    "preferred_gender",
    "preferred_language",
    "preferred_culture",
    "question",
    "topics",
    "safety_at_stake",
    "court_measure",
    "wants_info_conversation",
)
# A request with the same requester contact or main person within this many days is flagged.
DUPLICATE_WINDOW_DAYS = 30


class MainPersonFacts(Protocol):
    """What the derived facts of a request or case need to know of a main person."""

    name: str
    main_language: str
    languages: list[str]
    is_minor: bool


def people_summary(people: Sequence[MainPersonFacts]) -> str:
    """The main people's names on one line ("Elif Yılmaz, Ayten Yılmaz"), for lists."""
    return ", ".join(p.name for p in people)[:300]


def family_language(people: Sequence[MainPersonFacts]) -> str:
    """The language to speak with the family: the main language of the first adult main person,
    or of the first main person when all are children; Dutch when nobody is named."""
    adults = [p for p in people if not p.is_minor]
    first = (adults or list(people))[:1]
    return first[0].main_language if first else "nl"


def spoken_languages(people: Sequence[MainPersonFacts], main: str) -> list[str]:
    """Every language the main people speak, the family's main language first."""
    codes = [main] if main else []
    for person in people:
        for code in person.languages or [person.main_language]:
            if code and code not in codes:
                codes.append(code)
    return codes


@dataclass(frozen=True)
class Submission:
    request: Request
    created: bool


def contact_days(municipality: Municipality) -> int:
    """Working days within which the region calls the requester back."""
    return int(municipality.region.contact_deadline_days or settings.KRING_DEFAULT_CONTACT_DAYS)


def _person(data: Mapping[str, Any], position: int, requester: Mapping[str, Any]) -> RequestPerson:
    name = str(data.get("name") or "").strip()
    main_language = str(data.get("main_language") or "nl")
    age = data.get("age")
    person = RequestPerson(
        position=position,
        name=name,
        name_key=name_key(name),
        relation=str(data.get("relation") or MainPersonRelation.OTHER),
        languages=list(data.get("languages") or [main_language]),
        main_language=main_language,
        phone=str(data.get("phone") or ""),
        email=str(data.get("email") or ""),
        age=age if isinstance(age, int) else None,
        is_minor=bool(data.get("is_minor")),
    )
    if person.relation == MainPersonRelation.SELF:
        # Someone who asks for themself gave their number once, as the requester.
        person.phone = person.phone or str(requester.get("requester_phone") or "")
        person.email = person.email or str(requester.get("requester_email") or "")
    return person


def fingerprint(data: Mapping[str, Any], people: Sequence[Mapping[str, Any]]) -> str:
    """A hash of what makes a request the same request (requester contact, main people,
    question), kept in the sender's session only: sending it again is not a new request."""
    parts = [
        str(data.get("requester_email") or ""),
        str(data.get("requester_phone") or ""),
        *sorted(name_key(str(p.get("name") or "")) for p in people),
        " ".join(str(data.get("question") or "").casefold().split()),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def find_duplicate(obj: Request, people: Sequence[RequestPerson]) -> tuple[Request | None, bool]:
    """An earlier request of the last DUPLICATE_WINDOW_DAYS in the same region with the same
    requester contact or the same main person, and whether both match (a resubmission).

    Exact comparisons on indexed, normalised values (lower-case address, international phone
    number, the name without case and spaces); the oldest match is the original. The match
    comes with its id and uuid only, which is what the caller records.

    The candidates are found through the three value indexes first (a name key, the address,
    the phone number) and only then checked for region and window: the region's requests of
    the last month, which a flood of posts makes as many as it likes, are never walked
    (issue 15: 374 -> 13 buffers at 100k; what it reads no longer depends on the window).

    One fixed statement (`_duplicate_sql`), the same on PostgreSQL and SQLite: built with the
    ORM, this lookup (a union, two subqueries and a computed column) cost 2.4-3.3 ms of Python
    to put together on every public post, a tenth of the post (issue 15, ninth round).
    """
    keys = [p.name_key for p in people if p.name_key]
    contact = [
        (column, value)
        for column, value in (
            ("requester_email", obj.requester_email),
            ("requester_phone", obj.requester_phone),
        )
        if value
    ]
    if not keys and not contact:
        return None, False
    since = obj.created_at - datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    sql, params = _duplicate_sql(keys, contact)
    params += [
        obj.region_id,
        connection.ops.adapt_datetimefield_value(since),
        obj.pk,
        CloseReason.DUPLICATE,
    ]
    found = next(iter(Request.objects.raw(sql, params)), None)
    if found is None:
        return None, False
    return found, bool(getattr(found, "both", False))  # the computed column of the statement


def _duplicate_sql(
    keys: Sequence[str], contact: Sequence[tuple[str, str]]
) -> tuple[str, list[object]]:
    """The statement of `find_duplicate` and the parameters of its match conditions; the
    region, the window's start, the request itself and the duplicate close reason follow.

    Only table and column names from the models and placeholders are in the SQL, never input.
    It is the statement the ORM wrote before: sorted on the computed `both` first (both the
    contact and a main person the same), then the oldest.
    """
    qn = connection.ops.quote_name
    requests = qn(Request._meta.db_table)
    persons = qn(RequestPerson._meta.db_table)
    key_marks = ", ".join(["%s"] * len(keys))
    by_person = f"SELECT p.request_id FROM {persons} p WHERE p.name_key IN ({key_marks})"  # noqa: S608

    def same_contact(alias: str) -> str:
        return " OR ".join(f"{alias}.{qn(column)} = %s" for column, _value in contact)

    values = [value for _column, value in contact]
    params: list[object] = []
    both = "(1 = 0)"
    if keys and contact:
        both = f"(({same_contact('r')}) AND r.id IN ({by_person}))"
        params += [*values, *keys]
    candidates = []
    if keys:
        candidates.append(by_person)
        params += keys
    if contact:
        candidates.append(f"SELECT c.id FROM {requests} c WHERE {same_contact('c')}")  # noqa: S608
        params += values
    sql = (
        f"SELECT r.id, r.uuid, {both} AS {qn('both')} FROM {requests} r "  # noqa: S608
        f"WHERE r.id IN ({' UNION '.join(candidates)}) "
        "AND r.region_id = %s AND r.created_at >= %s AND NOT (r.id = %s OR r.close_reason = %s) "
        "ORDER BY 3 DESC, r.created_at ASC, r.id ASC LIMIT 1"
    )
    return sql, params


def receive_request(
    data: dict[str, Any],
    *,
    people: Sequence[Mapping[str, Any]],
    channel: str,
    submission_token: str,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> Submission:
    """Store a new request with its main people, routed to its municipality's region, exactly
    once per token.

    A second call with the same `submission_token` (double click, reload, resubmitted form)
    returns the existing request and creates nothing. A request that matches an earlier one
    (`find_duplicate`) is flagged for the queue; when both the requester contact and a main
    person match, it is a resubmission and gets no second confirmation mail. The confirmation
    mail is queued to go out after commit.
    """
    # A token used before is refused by its unique index (the IntegrityError below), so a
    # request sent again costs no extra read on the way in.
    municipality: Municipality = data["municipality"]
    now = timezone.now()
    fields = {name: data.get(name) for name in REQUEST_FIELDS}
    for name in (
        "requester_organisation",
        "requester_phone",
        "requester_email",
        "coordinator_wish",
        "preferred_gender",
        "preferred_language",
        "preferred_culture",
    ):
        fields[name] = fields[name] or ""
    fields["topics"] = list(fields["topics"] or [])
    rows = [_person(person, position, data) for position, person in enumerate(people)]
    main = family_language(rows)
    fields["main_person_names"] = people_summary(rows)
    fields["main_language"] = main
    fields["languages"] = spoken_languages(rows, main)
    # A main person under 18 is a child involved, whatever the yes/no answer said.
    fields["minors_involved"] = bool(fields["minors_involved"]) or any(p.is_minor for p in rows)
    try:
        with transaction.atomic():
            obj = Request.objects.create(
                reference=next_reference("EK"),
                channel=channel,
                submission_token=submission_token,
                entered_by=actor if channel != ReceivedVia.WEB else None,
                region=municipality.region,
                consent_at=now,
                created_at=now,
                contact_due=add_working_days(timezone.localdate(now), contact_days(municipality)),
                **fields,
            )
            for row in rows:
                row.request = obj
            RequestPerson.objects.bulk_create(rows)
            original, resubmission = find_duplicate(obj, rows)
            if original is not None:
                obj.duplicate_of = original
                obj.is_resubmission = resubmission
                obj.save(update_fields=["duplicate_of", "is_resubmission", "updated_at"])
            record(
                Action.CREATE,
                obj,
                actor=actor,
                request=request,
                key="intake.request_received",
                changes={
                    "channel": channel,
                    "region": obj.region.slug,
                    "people": len(rows),
                    "duplicate_of": str(original.uuid) if original else None,
                    "resubmission": resubmission,
                },
            )
            if obj.requester_email and not obj.is_resubmission:
                # Someone who filled in the form in English gets the mail in English; a
                # request typed in by staff gets it in Dutch.
                language = translation.get_language() if channel == ReceivedVia.WEB else None
                mail.queue_confirmation(obj, language=language)
    except IntegrityError:
        # Two submissions with one token raced; the first one won and is the request.
        existing = Request.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        return Submission(existing, created=False)
    return Submission(obj, created=True)


# --- Data minimisation -----------------------------------------------------------------------


def expired_info_requests(now: datetime.datetime | None = None) -> QuerySet[Request]:
    """Informational-conversation requests that did not become a conference, past retention.

    Counted from the conversation (or from closing, or receipt when neither is set), so a
    request is never deleted while the regional manager is still working on it.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.KRING_INFO_REQUEST_RETENTION_DAYS)
    is_info = Q(wants_info_conversation=True) | Q(info_conversation_at__isnull=False)
    finished = Q(status=RequestStatus.INFO_CONVERSATION) | Q(status=RequestStatus.CLOSED)
    old_enough = (
        Q(closed_at__lt=cutoff)
        | Q(closed_at__isnull=True, info_conversation_at__lt=cutoff)
        | Q(closed_at__isnull=True, info_conversation_at__isnull=True, created_at__lt=cutoff)
    )
    return Request.objects.filter(is_info & finished & old_enough, case__isnull=True)


def purge_info_requests(now: datetime.datetime | None = None, batch: int = 500) -> int:
    """Delete expired informational-conversation requests; audit each without personal data."""
    deleted = 0
    while True:
        with transaction.atomic():
            rows = list(
                expired_info_requests(now).order_by("id").values("pk", "uuid", "reference")[:batch]
            )
            if not rows:
                return deleted
            for row in rows:
                record(
                    Action.DELETE,
                    object_type="intake.request",
                    object_id=str(row["uuid"]),
                    actor_label="system",
                    key="intake.request_purged",
                    changes={"reference": row["reference"], "basis": "retention"},
                )
            outbox.forget("intake.request", [r["uuid"] for r in rows])
            Request.objects.filter(pk__in=[r["pk"] for r in rows]).delete()
            deleted += len(rows)
