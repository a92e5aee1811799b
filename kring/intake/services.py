"""Receiving a request (exactly once per form), and data minimisation of old requests.

The triage decisions that change a request's status are in `kring.intake.transitions`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kring.accounts.models import Municipality, User
from kring.audit.services import Action, record
from kring.core.references import next_reference
from kring.core.workdays import add_working_days
from kring.intake import mail
from kring.intake.models import ReceivedVia, Request
from kring.intake.states import RequestStatus
from kring.outbox import services as outbox

# Fields copied from a validated form into a new request.
REQUEST_FIELDS = (
    "requester_type",
    "requester_name",
    "requester_organisation",
    "requester_phone",
    "requester_email",
    "main_person_names",
    "minors_involved",
    "municipality",
    "languages",
    "coordinator_wish",
    "question",
    "topics",
    "safety_at_stake",
    "court_measure",
    "wants_info_conversation",
)


@dataclass(frozen=True)
class Submission:
    request: Request
    created: bool


def contact_days(municipality: Municipality) -> int:
    """Working days within which the region calls the requester back."""
    return int(municipality.region.contact_deadline_days or settings.KRING_DEFAULT_CONTACT_DAYS)


def receive_request(
    data: dict[str, Any],
    *,
    channel: str,
    submission_token: str,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> Submission:
    """Store a new request routed to its municipality's region, exactly once per token.

    A second call with the same `submission_token` (double click, reload, resubmitted form)
    returns the existing request and creates nothing. The confirmation mail is queued to go
    out after commit.
    """
    existing = Request.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return Submission(existing, created=False)
    municipality: Municipality = data["municipality"]
    now = timezone.now()
    fields = {name: data.get(name) for name in REQUEST_FIELDS}
    fields["requester_organisation"] = fields["requester_organisation"] or ""
    fields["requester_phone"] = fields["requester_phone"] or ""
    fields["requester_email"] = fields["requester_email"] or ""
    fields["coordinator_wish"] = fields["coordinator_wish"] or ""
    fields["languages"] = list(fields["languages"] or [])
    fields["topics"] = list(fields["topics"] or [])
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
            record(
                Action.CREATE,
                obj,
                actor=actor,
                request=request,
                changes={"channel": channel, "region": obj.region.slug},
                message=_("Aanvraag ontvangen"),
            )
            if obj.requester_email:
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
                    reason="retention",
                    changes={"reference": row["reference"]},
                    message=_("Aanvraag voor informatief gesprek verwijderd (bewaartermijn)"),
                )
            outbox.forget("intake.request", [r["uuid"] for r in rows])
            Request.objects.filter(pk__in=[r["pk"] for r in rows]).delete()
            deleted += len(rows)
