"""Coordinator fees and expenses (decisions 0135-0137).

- A fee follows from the case's own timestamps (read, never written): the conference held,
  preparation stopped before a conference, or a plan delivered without a conference; the
  amount is the tariff for the case's variant and that outcome valid on the outcome's date.
- An expense is kilometres x the km rate valid on its date (rounded to the cent, half up), or
  another cost with its receipt. The regional manager approves or rejects it with a reason;
  after that it never changes (here, and in the database: migration 0004).
- A monthly statement: the fees of outcomes in that month and the expenses approved for dates
  in that month, for one coordinator.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.cases.states import Status
from kring.core.uploads import extension_for
from kring.funding.invoicing import ZERO, round_cents
from kring.funding.models import (
    Expense,
    ExpenseKind,
    ExpenseStatus,
    FeeOutcome,
    FeeTariff,
    KmRate,
)


class ExpenseRefused(Exception):
    """A change to a declaration that may not be made, with the reason in plain Dutch."""


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def outcome_of(case: Case) -> tuple[str, datetime.date] | None:
    """The fee outcome of a case and its date, or None while there is none yet."""
    held = _day(case.conference_held_at)
    if held is not None:
        return FeeOutcome.HELD, held
    stopped = _day(case.stopped_at)
    if case.status == Status.STOPPED and stopped is not None and case.in_preparation_at:
        return FeeOutcome.STOPPED, stopped
    delivered = _day(case.plan_delivered_at)
    if delivered is not None:
        return FeeOutcome.PLAN_ONLY, delivered
    return None


def tariff_on(
    tariffs: list[FeeTariff], variant: str, outcome: str, day: datetime.date
) -> Decimal | None:
    """The fee valid on `day` from `tariffs` (all rows, newest first per variant and outcome)."""
    for tariff in tariffs:
        if tariff.variant == variant and tariff.outcome == outcome and tariff.valid_from <= day:
            return tariff.amount
    return None


def km_rate_on(day: datetime.date) -> Decimal | None:
    rate = KmRate.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return rate.rate if rate is not None else None


@dataclass(frozen=True)
class Fee:
    case: Case
    outcome: str
    date: datetime.date
    amount: Decimal | None  # None: no tariff for this variant and outcome on that date

    @property
    def outcome_label(self) -> str:
        return str(FeeOutcome(self.outcome).label)


@dataclass(frozen=True)
class Statement:
    coordinator: User
    year: int
    month: int
    fees: list[Fee]
    expenses: list[Expense]
    fee_total: Decimal
    expense_total: Decimal
    total: Decimal
    missing_tariffs: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def fees_for(coordinator: User, year: int, month: int) -> list[Fee]:
    """The coordinator's fees for outcomes reached in this month (one query for the cases,
    one for the tariffs)."""
    start, end = month_bounds(year, month)
    lo, hi = _moment(start), _moment(end)
    cases = (
        Case.objects.filter(coordinator=coordinator)
        .filter(
            Q(conference_held_at__gte=lo, conference_held_at__lt=hi)
            | Q(stopped_at__gte=lo, stopped_at__lt=hi)
            | Q(plan_delivered_at__gte=lo, plan_delivered_at__lt=hi)
        )
        .order_by("id")
    )
    tariffs = list(FeeTariff.objects.order_by("variant", "outcome", "-valid_from"))
    fees = []
    for case in cases:
        found = outcome_of(case)
        if found is None or not start <= found[1] < end:
            continue
        outcome, day = found
        fees.append(Fee(case, outcome, day, tariff_on(tariffs, case.variant, outcome, day)))
    return sorted(fees, key=lambda f: (f.date, f.case.pk))


def statement(coordinator: User, year: int, month: int) -> Statement:
    """Fees and approved expenses of one month for one coordinator."""
    start, end = month_bounds(year, month)
    fees = fees_for(coordinator, year, month)
    expenses = list(
        Expense.objects.filter(
            coordinator=coordinator,
            status=ExpenseStatus.APPROVED,
            spent_on__gte=start,
            spent_on__lt=end,
        )
        .select_related("case")
        .order_by("spent_on", "id")
    )
    fee_total = sum((f.amount for f in fees if f.amount is not None), ZERO)
    expense_total = sum((e.amount for e in expenses), ZERO)
    return Statement(
        coordinator=coordinator,
        year=year,
        month=month,
        fees=fees,
        expenses=expenses,
        fee_total=fee_total,
        expense_total=expense_total,
        total=fee_total + expense_total,
        missing_tariffs=sum(1 for f in fees if f.amount is None),
    )


# --- Keeping the tariffs ----------------------------------------------------------------------


def add_fee_tariff(
    *,
    variant: str,
    outcome: str,
    amount: Decimal,
    valid_from: datetime.date,
    actor: User,
    request: HttpRequest | None = None,
) -> FeeTariff:
    with transaction.atomic():
        tariff = FeeTariff.objects.create(
            variant=variant, outcome=outcome, amount=amount, valid_from=valid_from
        )
        record(
            Action.CREATE,
            tariff,
            actor=actor,
            request=request,
            key="funding.fee_tariff_added",
            changes={
                "variant": variant,
                "outcome": outcome,
                "amount_cents": int(amount * 100),
                "valid_from": valid_from.isoformat(),
            },
        )
    return tariff


def add_km_rate(
    *, rate: Decimal, valid_from: datetime.date, actor: User, request: HttpRequest | None = None
) -> KmRate:
    with transaction.atomic():
        obj = KmRate.objects.create(rate=rate, valid_from=valid_from)
        record(
            Action.CREATE,
            obj,
            actor=actor,
            request=request,
            key="funding.km_rate_added",
            changes={"rate_cents": int(rate * 100), "valid_from": valid_from.isoformat()},
        )
    return obj


# --- Declarations -----------------------------------------------------------------------------


def declare(
    *,
    coordinator: User,
    case: Case,
    kind: str,
    spent_on: datetime.date,
    description: str,
    km: int | None = None,
    amount: Decimal | None = None,
    receipt: File | None = None,
    receipt_type: str = "",
    request: HttpRequest | None = None,
) -> Expense:
    """A new declaration by the coordinator of `case` (the caller checked that)."""
    if case.coordinator_id != coordinator.pk:
        raise ExpenseRefused(_("U kunt alleen kosten declareren voor uw eigen trajecten."))
    expense = Expense(
        coordinator=coordinator,
        case=case,
        kind=kind,
        spent_on=spent_on,
        description=description,
    )
    if kind == ExpenseKind.TRAVEL:
        rate = km_rate_on(spent_on)
        if rate is None or km is None:
            raise ExpenseRefused(
                _("Er is nog geen kilometervergoeding vastgesteld. Vraag het de regiomanager.")
            )
        expense.km = km
        expense.km_rate = rate
        expense.amount = round_cents(Decimal(km) * rate)
    else:
        if amount is None or receipt is None:
            raise ExpenseRefused(_("Vul het bedrag in en voeg de bon toe."))
        expense.amount = amount
    with transaction.atomic():
        if receipt is not None:
            expense.receipt_name = (receipt.name or "")[:200]
            expense.receipt_type = receipt_type
            expense.receipt.save(
                f"{uuid.uuid4().hex}.{extension_for(receipt_type)}", receipt, save=False
            )
        expense.save()
        record(
            Action.CREATE,
            expense,
            actor=coordinator,
            request=request,
            case=case,
            key="funding.expense_declared",
            changes={
                "kind": kind,
                "amount_cents": int(expense.amount * 100),
                "km": expense.km,
                "receipt": bool(expense.receipt),
            },
        )
    return expense


def decide(
    expense: Expense,
    *,
    approved: bool,
    reason: str = "",
    actor: User,
    request: HttpRequest | None = None,
) -> Expense:
    """Approve or reject a submitted declaration; a decided one is never changed."""
    with transaction.atomic():
        locked = Expense.objects.select_for_update().get(pk=expense.pk)
        if locked.is_decided:
            raise ExpenseRefused(_("Over deze declaratie is al besloten. Die blijft zo."))
        if not approved and not reason.strip():
            raise ExpenseRefused(_("Vul de reden van de afwijzing in."))
        locked.status = ExpenseStatus.APPROVED if approved else ExpenseStatus.REJECTED
        locked.rejection_reason = "" if approved else reason.strip()
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by"])
        record(
            Action.UPDATE,
            locked,
            actor=actor,
            request=request,
            case=locked.case,
            key="funding.expense_approved" if approved else "funding.expense_rejected",
            changes={"amount_cents": int(locked.amount * 100), "fields": ["status"]},
        )
    return locked


def change(expense: Expense, **fields: object) -> Expense:
    """Change a declaration that is still waiting for a decision (the coordinator corrects it);
    a decided one is refused."""
    with transaction.atomic():
        locked = Expense.objects.select_for_update().get(pk=expense.pk)
        if locked.is_decided:
            raise ExpenseRefused(_("Over deze declaratie is al besloten. Die blijft zo."))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(fields))
        record(
            Action.UPDATE,
            locked,
            actor=locked.coordinator,
            key="funding.expense_changed",
            changes={"fields": sorted(fields)},
        )
    return locked


def pending_for(coordinators: QuerySet[User]) -> QuerySet[Expense]:
    """Declarations waiting for a decision, of these coordinators."""
    return Expense.objects.filter(
        coordinator__in=coordinators, status=ExpenseStatus.SUBMITTED
    ).select_related("coordinator", "case")
