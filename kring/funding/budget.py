"""The budget per funder and year: committed, invoiced and remaining against the ceiling.

Amounts without VAT, like the ceiling. "Invoiced" is what the invoices for periods in that
year billed minus their credit notes; "committed" is what the approved cases are expected to
cost and has not been invoiced yet: the conference tariff (by the case's kind of conference)
of the contract, for every approved running case whose conference is not billed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from kring.cases.states import Status
from kring.funding.invoicing import ZERO
from kring.funding.models import (
    CONFERENCE_PRODUCT,
    BilledEvent,
    Contract,
    Funder,
    FundingRequest,
    Invoice,
    InvoiceKind,
    RequestStatus,
)

# From this share of the ceiling on, the overview warns.
WARNING_SHARE = Decimal("0.90")


@dataclass(frozen=True)
class BudgetRow:
    contract: Contract
    ceiling: Decimal
    invoiced: Decimal
    committed: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.invoiced - self.committed

    @property
    def used_percent(self) -> int:
        if not self.ceiling:
            return 100
        return int((self.invoiced + self.committed) * 100 / self.ceiling)

    @property
    def near_ceiling(self) -> bool:
        return self.invoiced + self.committed >= self.ceiling * WARNING_SHARE


def contracts_in_year(funders: QuerySet[Funder], year: int) -> QuerySet[Contract]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Contract.objects.filter(funder__in=funders, starts_on__lte=end, ends_on__gte=start)
        .select_related("funder")
        .prefetch_related("tariffs")
        .order_by("funder__name", "starts_on", "id")
    )


def overview(funders: QuerySet[Funder], year: int) -> list[BudgetRow]:
    """One row per contract running in `year`, for these funders (four queries)."""
    contracts = list(contracts_in_year(funders, year))
    if not contracts:
        return []
    invoiced: dict[int, Decimal] = {}
    sums = (
        # The year of the billed period, not of the issue date: December's run in January
        # counts for December's budget.
        Invoice.objects.filter(contract__in=contracts, period_start__year=year)
        .values("contract_id")
        .annotate(
            billed=Sum("net_total", filter=Q(kind=InvoiceKind.INVOICE)),
            credited=Sum("net_total", filter=Q(kind=InvoiceKind.CREDIT_NOTE)),
        )
    )
    for row in sums:
        invoiced[row["contract_id"]] = (row["billed"] or ZERO) - (row["credited"] or ZERO)
    approved = list(
        FundingRequest.objects.filter(
            funder__in=[c.funder_id for c in contracts],
            status=RequestStatus.APPROVED,
            decided_at__year=year,
        )
        # A case stopped before its conference will not cost a conference.
        .exclude(case__status=Status.STOPPED)
        .values_list("funder_id", "case_id", "case__variant")
    )
    billed = set(
        BilledEvent.objects.filter(
            case_id__in=[case_id for _f, case_id, _v in approved],
            product__in=list(CONFERENCE_PRODUCT.values()),
        ).values_list("case_id", flat=True)
    )
    rows = []
    for contract in contracts:
        tariffs = {t.product: t.amount for t in contract.tariffs.all()}
        committed = sum(
            (
                tariffs.get(CONFERENCE_PRODUCT[variant], ZERO)
                for funder_id, case_id, variant in approved
                if funder_id == contract.funder_id and case_id not in billed
            ),
            ZERO,
        )
        # A case approved in a year with two contracts counts once: under the newest.
        later = [
            c
            for c in contracts
            if c.funder_id == contract.funder_id and c.starts_on > contract.starts_on
        ]
        rows.append(
            BudgetRow(
                contract=contract,
                ceiling=contract.yearly_ceiling,
                invoiced=invoiced.get(contract.pk, ZERO),
                committed=ZERO if later else committed,
            )
        )
    return rows
