"""The intake queue: filters, search and the 'time left to call back' of each row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.audit.models import AuditEvent
from kring.audit.services import history as audit_history
from kring.core.rowlinks import link_to
from kring.core.workdays import working_days_between
from kring.intake import search
from kring.intake.models import Request
from kring.intake.states import OPEN_STATUSES, RequestStatus

REFERENCE_RE = re.compile(r"^(EK-?)?[0-9-]{3,}$", re.IGNORECASE)


def _search_term(filters: dict[str, Any]) -> tuple[str, bool]:
    """What was typed in the search box, and whether it is a reference (else a name)."""
    term = (filters.get("q") or "").strip()
    return term, bool(term) and REFERENCE_RE.match(term) is not None


def filtered(qs: QuerySet[Request], filters: dict[str, Any]) -> QuerySet[Request]:
    """Apply the queue's filters; without a status filter only open requests are shown."""
    status = filters.get("status")
    qs = qs.filter(status=status) if status else qs.filter(status__in=sorted(OPEN_STATUSES))
    topic = filters.get("topic")
    if topic:
        # Topics are a short JSON list of fixed codes; matching the quoted code in its text
        # works the same on SQLite and PostgreSQL, and the region and status filters above
        # have already narrowed the rows to one region's open requests.
        qs = qs.annotate(topics_text=Cast("topics", TextField())).filter(
            topics_text__contains=f'"{topic}"'
        )
    municipality = filters.get("municipality")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    term, is_reference = _search_term(filters)
    if term:
        if is_reference:
            qs = search.by_reference(qs, term)
        elif len(term) >= search.MIN_NAME_LENGTH:
            qs = search.by_name(qs, term)
        else:
            # Shorter than one trigram: the form says so, and the list shows nothing found.
            qs = qs.none()
    return qs


def order_field(filters: dict[str, Any]) -> str:
    """What the queue is sorted and paged on: a reference search in reference order (its
    index's, decision 203), every other list oldest first."""
    return search.REFERENCE_KEY if _search_term(filters)[1] else "created_at"


def search_too_short(filters: dict[str, Any]) -> bool:
    """A name search shorter than one trigram finds nothing: the page says why."""
    term, is_reference = _search_term(filters)
    return bool(term) and not is_reference and len(term) < search.MIN_NAME_LENGTH


@dataclass(frozen=True)
class Due:
    """How much time is left to call the requester back."""

    label: str
    css: str
    overdue: bool


def due_state(obj: Request) -> Due | None:
    """None once the first contact is made; otherwise working days left or overdue."""

    if obj.status != RequestStatus.NEW:
        return None
    left = working_days_between(timezone.localdate(), obj.contact_due)
    if left < 0:
        return Due(
            ngettext("%(days)d werkdag te laat", "%(days)d werkdagen te laat", -left)
            % {"days": -left},
            "badge--overdue",
            True,
        )
    if left == 0:
        if obj.contact_due < timezone.localdate():
            return Due(_("Te laat"), "badge--overdue", True)
        return Due(_("Vandaag bellen"), "badge--soon", False)
    return Due(
        ngettext("Nog %(days)d werkdag", "Nog %(days)d werkdagen", left) % {"days": left},
        "badge--soon" if left == 1 else "badge--ok",
        False,
    )


# The columns a queue row shows or decides on (`rows`, intake/queue.html): every column of the
# request and of its flagged original was ~90 to compile and load for 25 rows (issue 15). A
# column read later without being here would cost a query per row; the queue's exact query
# counts catch that.
ROW_FIELDS = (
    "uuid",
    "reference",
    "status",
    "created_at",
    "contact_due",
    "main_person_names",
    "merged_at",
    "safety_at_stake",
    "wants_info_conversation",
    "municipality__name",
    "duplicate_of__reference",
)


@dataclass(frozen=True)
class Row:
    req: Request
    due: Due | None
    url: str = ""


def rows(items: list[Request]) -> list[Row]:
    """Queue rows with their deadline state and link (computed in Python, no extra queries;
    one `reverse()` for all the links)."""
    link = link_to("intake:detail")
    return [Row(req=item, due=due_state(item), url=link(item.uuid)) for item in items]


def querystring(request: HttpRequest) -> str:
    """The current filters without the cursor, for the 'next page' link."""
    params: dict[str, str] = {k: str(v) for k, v in request.GET.items() if k != "na" and v}
    return urlencode(params)


def duplicate_reasons(obj: Request) -> list[str]:
    """Why a request looks like its flagged original, in words (the same requester contact,
    the same main person); empty when it is not flagged."""
    original = obj.duplicate_of
    if original is None:
        return []
    reasons = []
    if (obj.requester_email and obj.requester_email == original.requester_email) or (
        obj.requester_phone and obj.requester_phone == original.requester_phone
    ):
        reasons.append(_("dezelfde aanvrager (telefoon of e-mail)"))
    mine = set(obj.people.values_list("name_key", flat=True))
    if mine & set(original.people.values_list("name_key", flat=True)):
        reasons.append(_("dezelfde hoofdpersoon"))
    return reasons


HISTORY_LIMIT = 20


def history(obj: Request) -> list[AuditEvent]:
    """The latest changes to a request (not the reads), newest first, for its detail page."""
    return audit_history(obj=obj, since=obj.created_at, limit=HISTORY_LIMIT)[:HISTORY_LIMIT]
