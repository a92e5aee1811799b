"""Where a case's funding stands, for the rules below `kring.funding` (decision 0130).

The conference's scheduling precondition asks `funding_blocks_scheduling`; the case page's
warning asks `funding_status`. Only `kring.funding` writes the row, through
`set_funding_status`, from the requests it keeps.
"""

from __future__ import annotations

from django.utils import timezone

from kring.cases.models import Case, CaseFunding, FundingStatus

__all__ = ["FundingStatus", "funding_blocks_scheduling", "funding_status", "set_funding_status"]


def funding_status(case: Case) -> str:
    """The case's funding status, or "" when nobody asked a funder yet (one query)."""
    return CaseFunding.objects.filter(case=case).values_list("status", flat=True).first() or ""


def funding_blocks_scheduling(case: Case) -> bool:
    """Does the case's region require approved funding, and is it not approved yet?"""
    return case.region.funding_required and funding_status(case) != FundingStatus.APPROVED


def set_funding_status(case: Case, status: FundingStatus | str) -> None:
    """Keep the case's funding row in step with its requests ("" removes it: none open)."""
    if not status:
        CaseFunding.objects.filter(case=case).delete()
        return
    CaseFunding.objects.update_or_create(
        case=case, defaults={"status": status, "changed_at": timezone.now()}
    )
