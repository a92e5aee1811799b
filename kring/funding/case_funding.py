"""Funding per case: the regional manager asks a funder, and records the funder's answer.

The case row is never written here. The case's funding status for the conference's
scheduling precondition (`kring.cases.funding`) is kept in step in the same transaction; a
refusal lets the manager stop the case with the existing "no funding" reason, through the
case's own stop step.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases.funding import FundingStatus, set_funding_status
from kring.cases.models import Case
from kring.funding.models import Funder, FundingRequest, RequestStatus


class FundingRefused(Exception):
    """This step cannot be taken now (the reason in plain Dutch)."""


def summary_status(case: Case) -> str:
    """The case's funding in one word: approved if any funder approved, else pending if one
    is still deciding, else refused if one refused; "" when nobody was asked."""
    statuses = set(FundingRequest.objects.filter(case=case).values_list("status", flat=True))
    for status in (RequestStatus.APPROVED, RequestStatus.PENDING, RequestStatus.REFUSED):
        if status in statuses:
            return FundingStatus(status.value)
    return ""


def _sync(case: Case) -> None:
    set_funding_status(case, summary_status(case))


def request_funding(
    case: Case,
    funder: Funder,
    *,
    remind_on: datetime.date | None,
    actor: User,
    request: HttpRequest | None = None,
) -> FundingRequest:
    """Ask `funder` to pay for this case (one open or approved request per case)."""
    try:
        with transaction.atomic():
            obj = FundingRequest.objects.create(
                case=case, funder=funder, remind_on=remind_on, requested_by=actor
            )
            _sync(case)
            record(
                Action.CREATE,
                obj,
                actor=actor,
                request=request,
                case=case,
                key="funding.requested",
                changes={"funder": str(funder.uuid)},
            )
    except IntegrityError as error:
        raise FundingRefused(
            _("Er loopt al een aanvraag, of de financiering is al goedgekeurd.")
        ) from error
    return obj


def decide(
    obj: FundingRequest,
    *,
    approved: bool,
    order_number: str = "",
    reason: str = "",
    actor: User,
    request: HttpRequest | None = None,
) -> FundingRequest:
    """Record the funder's answer: approved with their order number, or refused with a reason.
    Only a pending request gets an answer; an answer is not changed afterwards."""
    with transaction.atomic():
        obj = FundingRequest.objects.select_for_update().select_related("case").get(pk=obj.pk)
        if obj.status != RequestStatus.PENDING:
            raise FundingRefused(_("Op deze aanvraag is al een besluit vastgelegd."))
        obj.status = RequestStatus.APPROVED if approved else RequestStatus.REFUSED
        obj.order_number = order_number if approved else ""
        obj.refusal_reason = "" if approved else reason
        obj.decided_at = timezone.now()
        obj.decided_by = actor
        obj.save()
        _sync(obj.case)
        record(
            Action.UPDATE,
            obj,
            actor=actor,
            request=request,
            case=obj.case,
            key="funding.approved" if approved else "funding.refused",
            changes={"funder": str(obj.funder.uuid), "status": obj.status},
        )
    return obj


def reminders_due(today: datetime.date | None = None) -> int:
    """How many pending requests reached their reminder date (shown on the case page and the
    money overview)."""
    return FundingRequest.objects.filter(
        status=RequestStatus.PENDING, remind_on__lte=today or timezone.localdate()
    ).count()
