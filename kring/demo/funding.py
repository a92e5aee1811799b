"""Demo data for money: the office's invoicing details, a funder and a contract for every
demo municipality with cases, approved funding for those cases, a year of monthly invoice
runs, and one credit note (Amsterdam) with its corrected invoice; the coordinators' fee
tariffs, the km rate and a few months of declarations (approved, one rejected, one waiting),
so that coordinators see monthly statements.

Everything goes through `kring.funding`'s own functions, so the demo shows what the screens
make. Idempotent: funders and contracts are keyed on the municipality, a run that finds
nothing left to bill makes nothing, and the credit note is made once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from kring.accounts.models import Municipality, User
from kring.cases.models import Case, Variant
from kring.demo.accounts import DemoContext
from kring.funding import case_funding, fees, invoicing
from kring.funding.models import (
    Contract,
    Expense,
    ExpenseKind,
    FeeOutcome,
    FeeTariff,
    Funder,
    FunderKind,
    FundingRequest,
    Invoice,
    InvoiceKind,
    Issuer,
    KmRate,
    Product,
    Tariff,
    VatTreatment,
)

TARIFFS = {
    Product.CONFERENCE_FAMILY: Decimal("2450.00"),
    Product.CONFERENCE_GROUP: Decimal("3150.00"),
    Product.CONFERENCE_LEARNING: Decimal("1875.50"),
    Product.CONFERENCE_RESTORATION: Decimal("2295.00"),
    Product.INFO_CONVERSATION: Decimal("95.00"),
    Product.PREPARATION_STOPPED: Decimal("812.50"),
    Product.FOLLOW_UP: Decimal("425.00"),
}
# A made-up OIN per municipality: 0000000100 + the CBS number + 000000 (20 digits).
OIN = "00000001{number:06d}000000"


def _issuer() -> None:
    if not Issuer.objects.exists():
        Issuer.objects.create(
            name="Eigen Kracht Centrale",
            street="Stationsplein 45",
            postcode="3511 ED",
            city="Utrecht",
            kvk="41194893",
            vat_number="NL806512368B01",
            iban="NL91ABNA0417164300",
            invoice_email="facturen@eigen-kracht.example",
        )


def _funder(municipality: Municipality, year: int) -> Funder:
    funder, _ = Funder.objects.get_or_create(
        municipality=municipality,
        defaults={
            "kind": FunderKind.MUNICIPALITY,
            "name": f"Gemeente {municipality.name}",
            "invoice_street": "Postbus 1000",
            "invoice_postcode": "1000 AA",
            "invoice_city": municipality.name,
            "endpoint_scheme": "0190",
            "endpoint_id": OIN.format(number=int(municipality.code[2:])),
            "required_reference": f"JEUGD-{municipality.code}",
        },
    )
    contract, created = Contract.objects.get_or_create(
        funder=funder,
        number=f"EKC-{municipality.code}-{year - 1}",
        defaults={
            "starts_on": datetime.date(year - 1, 1, 1),
            "ends_on": datetime.date(year, 12, 31),
            # The smaller places are exempt (a welfare arrangement), the rest pay VAT.
            "vat": VatTreatment.STANDARD if int(municipality.code[2:]) % 3 else VatTreatment.EXEMPT,
            "yearly_ceiling": Decimal("15000.00"),
        },
    )
    if created:
        Tariff.objects.bulk_create(
            Tariff(contract=contract, product=p, amount=a) for p, a in TARIFFS.items()
        )
    return funder


def _months_back(today: datetime.date, n: int) -> list[tuple[datetime.date, datetime.date]]:
    first = today.replace(day=1)
    months = []
    for _ in range(n):
        end = first - datetime.timedelta(days=1)
        first = end.replace(day=1)
        months.append((first, end))
    return list(reversed(months))


def seed(ctx: DemoContext) -> None:
    """Funders, contracts, approved funding, a year of invoices and a credit note."""
    today = timezone.localdate()
    manager: User = ctx.users["admin"]
    _issuer()
    cases = list(
        Case.objects.filter(conference_held_at__isnull=False)
        .select_related("municipality")
        .order_by("reference")
    )
    for n, case in enumerate(cases):
        funder = _funder(case.municipality, today.year)
        if not FundingRequest.objects.filter(case=case).exists():
            obj = case_funding.request_funding(case, funder, remind_on=None, actor=manager)
            case_funding.decide(
                obj, approved=True, order_number=f"PO-{today.year}-{n + 101}", actor=manager
            )
    # Twelve monthly runs (issued two days after each month), then this month so far.
    periods = [*_months_back(today, 12), (today.replace(day=1), today)]
    for funder in Funder.objects.filter(requests__isnull=False).distinct().order_by("name"):
        for start, end in periods:
            issue = min(end + datetime.timedelta(days=2), today)
            try:
                invoicing.run_invoice(funder, start, end, actor=manager, today=issue)
            except invoicing.InvoicingRefused:
                continue
    # One correction: Amsterdam's first invoice credited and billed again.
    if not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).exists():
        first = (
            Invoice.objects.filter(kind=InvoiceKind.INVOICE, funder__municipality__code="GM0363")
            .order_by("year", "sequence")
            .first()
        )
        if first is not None:
            invoicing.credit(first, reason="Verkeerde referentie van de gemeente", actor=manager)
            invoicing.run_invoice(first.funder, first.period_start, first.period_end, actor=manager)


# The coordinators' fees (decision 0135): per variant for a conference held, and the same
# for every variant when preparation stopped or a plan came without a conference.
FEES = {
    Variant.FAMILY: Decimal("725.00"),
    Variant.GROUP: Decimal("850.00"),
    Variant.LEARNING: Decimal("600.00"),
    Variant.RESTORATION: Decimal("700.00"),
}


def seed_fees(ctx: DemoContext) -> None:
    """Fee tariffs, the km rate, and declarations for the coordinators' cases of the last
    three months: travel approved, one other cost rejected, the newest one waiting."""
    manager: User = ctx.users["admin"]
    today = timezone.localdate()
    since = datetime.date(today.year - 1, 1, 1)
    if not FeeTariff.objects.exists():
        for variant, amount in FEES.items():
            for outcome, value in (
                (FeeOutcome.HELD, amount),
                (FeeOutcome.STOPPED, Decimal("250.00")),
                (FeeOutcome.PLAN_ONLY, Decimal("400.00")),
            ):
                fees.add_fee_tariff(
                    variant=variant, outcome=outcome, amount=value, valid_from=since, actor=manager
                )
    if not KmRate.objects.exists():
        fees.add_km_rate(rate=Decimal("0.23"), valid_from=since, actor=manager)
    if Expense.objects.exists():
        return
    cases = list(
        Case.objects.filter(
            coordinator__isnull=False,
            conference_held_at__gte=timezone.now() - datetime.timedelta(days=90),
        )
        .select_related("coordinator")
        .order_by("reference")[:12]
    )
    for n, case in enumerate(cases):
        assert case.coordinator is not None
        held = timezone.localdate(case.conference_held_at)
        expense = fees.declare(
            coordinator=case.coordinator,
            case=case,
            kind=ExpenseKind.TRAVEL,
            spent_on=held,
            description="Rit naar de conferentie",
            km=18 + 7 * (n % 5),
        )
        if n < len(cases) - 1:
            fees.decide(expense, approved=True, actor=manager)
        if n == 0:
            other = fees.declare(
                coordinator=case.coordinator,
                case=case,
                kind=ExpenseKind.TRAVEL,
                spent_on=held,
                description="Tweede rit dezelfde dag",
                km=30,
            )
            fees.decide(other, approved=False, reason="Al gedeclareerd", actor=manager)
