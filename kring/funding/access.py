"""Who may see and keep money (decision 0133).

- Administrators keep every funder; a regional manager the municipalities of their own
  regions and the institutions (which are not tied to a region); both keep contracts,
  funding per case and invoices of those funders. Only administrators keep the
  organisation's own invoicing details.
- A funder user sees only their own funder(s): a municipality's users by their municipality,
  an institution's by being named on it; their contracts, invoices and budget. Never a case:
  the case-bound money pages go through `kring.cases.access.get_case_for`, which has no door
  for funders.
- Everything else is 404: for a funder another funder's invoice does not exist.
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from kring.accounts.access import is_admin, is_staff
from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Role, User
from kring.audit.services import Action, record
from kring.cases.access import get_case_for
from kring.cases.models import Case
from kring.coordinators.access import coordinators_for
from kring.core.access import Purpose, parse_uuid
from kring.funding.models import (
    Contract,
    Expense,
    Funder,
    FunderKind,
    FundingRequest,
    Invoice,
)


def may_keep_money(viewer: Viewer | None) -> bool:
    """Administrators and regional managers: funders, contracts, funding, invoices."""
    return is_staff(viewer)


def may_keep_issuer(viewer: Viewer | None) -> bool:
    """Only administrators keep the organisation's own invoicing details."""
    return is_admin(viewer)


def is_funder_user(viewer: Viewer | None) -> bool:
    user = active_user(viewer)
    return user is not None and user.role == Role.FUNDER


def funders_for(viewer: Viewer | None) -> QuerySet[Funder]:
    """The funders this viewer may see: all for an administrator, the municipalities of their
    regions and the institutions for a regional manager, their own for a funder user."""
    user = active_user(viewer)
    if user is None:
        return Funder.objects.none()
    if is_admin(user):
        return Funder.objects.all()
    if is_staff(user):
        return Funder.objects.filter(
            Q(municipality__region__in=user.regions.all()) | Q(kind=FunderKind.INSTITUTION)
        )
    if user.role == Role.FUNDER:
        own = Q(accounts=user)
        if user.funder_municipality_id is not None:
            own |= Q(municipality_id=user.funder_municipality_id)
        return Funder.objects.filter(own).distinct()
    return Funder.objects.none()


def get_funder_for(viewer: Viewer | None, funder_uuid: uuid.UUID | str) -> Funder:
    """One funder the viewer may see, or 404."""
    funder = funders_for(viewer).filter(uuid=parse_uuid(funder_uuid)).first()
    if funder is None:
        raise Http404
    return funder


def get_kept_funder(viewer: Viewer | None, funder_uuid: uuid.UUID | str) -> Funder:
    """One funder the viewer may change (staff), or 404."""
    if not may_keep_money(viewer):
        raise Http404
    return get_funder_for(viewer, funder_uuid)


def get_kept_contract(viewer: Viewer | None, contract_uuid: uuid.UUID | str) -> Contract:
    """One contract the viewer may change (staff), or 404."""
    if not may_keep_money(viewer):
        raise Http404
    contract = (
        Contract.objects.select_related("funder")
        .filter(funder__in=funders_for(viewer), uuid=parse_uuid(contract_uuid))
        .first()
    )
    if contract is None:
        raise Http404
    return contract


def invoices_for(viewer: Viewer | None) -> QuerySet[Invoice]:
    """The invoices and credit notes of the funders this viewer may see."""
    return Invoice.objects.filter(funder__in=funders_for(viewer))


def get_invoice_for(request: HttpRequest, invoice_uuid: uuid.UUID | str) -> Invoice:
    """One invoice the signed-in user may see, or 404; writes a read event (an invoice names
    case references)."""
    invoice = (
        invoices_for(request.user)
        .select_related("funder", "contract", "credits")
        .filter(uuid=parse_uuid(invoice_uuid))
        .first()
    )
    if invoice is None:
        raise Http404
    record(Action.VIEW, invoice, request=request, key="funding.invoice_viewed")
    return invoice


def get_case_for_funding(
    request: HttpRequest, case_uuid: uuid.UUID | str, purpose: Purpose
) -> Case:
    """A case whose funding the signed-in staff member keeps, or 404 (coordinators,
    professionals and funders never reach a case's money)."""
    if not may_keep_money(request.user):
        raise Http404
    return get_case_for(request, case_uuid, purpose)


def get_funding_request(case: Case, request_uuid: uuid.UUID | str) -> FundingRequest:
    """One funding request of a case the caller already got, or 404."""
    obj = (
        FundingRequest.objects.select_related("funder")
        .filter(case=case, uuid=parse_uuid(request_uuid))
        .first()
    )
    if obj is None:
        raise Http404
    return obj


# --- Coordinator fees and expenses (decision 0137) --------------------------------------------


def may_keep_fee_tariffs(viewer: Viewer | None) -> bool:
    """Administrators and regional managers keep the coordinators' tariffs and km rate."""
    return is_staff(viewer)


def money_coordinators_for(viewer: Viewer | None) -> QuerySet[User]:
    """Whose fees and expenses this viewer may see: a coordinator only themself, a manager the
    coordinators of their regions, an administrator every coordinator."""
    user = active_user(viewer)
    if user is None:
        return User.objects.none()
    if user.role == Role.COORDINATOR:
        return User.objects.filter(pk=user.pk)
    return coordinators_for(user)


def get_money_coordinator_for(viewer: Viewer | None, user_uuid: uuid.UUID | str) -> User:
    """A coordinator whose money the viewer may see, or 404."""
    coordinator = money_coordinators_for(viewer).filter(uuid=parse_uuid(user_uuid)).first()
    if coordinator is None:
        raise Http404
    return coordinator


def get_expense_for(request: HttpRequest, expense_uuid: uuid.UUID | str) -> Expense:
    """A declaration of a coordinator whose money the signed-in user may see, or 404."""
    expense = (
        Expense.objects.select_related("coordinator", "case")
        .filter(coordinator__in=money_coordinators_for(request.user), uuid=parse_uuid(expense_uuid))
        .first()
    )
    if expense is None:
        raise Http404
    return expense


def get_expense_to_decide(request: HttpRequest, expense_uuid: uuid.UUID | str) -> Expense:
    """A declaration the signed-in manager may decide on (staff, their regions), or 404."""
    if not is_staff(request.user):
        raise Http404
    return get_expense_for(request, expense_uuid)
