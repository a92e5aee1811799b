"""The money demo: funders and contracts for the demo municipalities with cases, invoices,
one credit note; seeding twice adds nothing."""

import pytest
from django.core.management import call_command

from kring.funding import fees
from kring.funding.models import (
    Contract,
    Expense,
    ExpenseStatus,
    FeeTariff,
    Funder,
    FundingRequest,
    Invoice,
    InvoiceKind,
)

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Funder.objects.count(),
        Contract.objects.count(),
        FundingRequest.objects.count(),
        Invoice.objects.count(),
        FeeTariff.objects.count(),
        Expense.objects.count(),
    )


def test_seed_demo_makes_invoices_and_a_credit_note_once():
    call_command("seed_demo", stdout=None)
    first = _counts()
    assert first[0] >= 2 and first[3] >= 3
    assert Funder.objects.filter(municipality__code="GM0363").exists()
    note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE)
    assert note.credits is not None and note.credits.funder == note.funder
    # Every invoice adds up.
    for invoice in Invoice.objects.prefetch_related("lines"):
        assert invoice.net_total == sum(x.line_total for x in invoice.lines.all())
    call_command("seed_demo", stdout=None)
    assert _counts() == first
    # Coordinators' statements: tariffs, approved, rejected and waiting declarations.
    assert set(Expense.objects.values_list("status", flat=True)) == set(ExpenseStatus)
    approved = Expense.objects.filter(status=ExpenseStatus.APPROVED).first()
    assert approved is not None
    statement = fees.statement(
        approved.coordinator, approved.spent_on.year, approved.spent_on.month
    )
    assert statement.expense_total > 0 and statement.fee_total > 0
