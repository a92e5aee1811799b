"""Property tests (Hypothesis): line totals always add up to the invoice total, to the cent,
for random tariffs and quantities; and an issued invoice's rows say the same."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kring.cases.models import Variant
from kring.cases.tests.factories import new_case
from kring.funding import invoicing
from kring.funding.models import Product, Tariff
from kring.funding.tests.factories import IssuerFactory, approve, new_contract

prices = st.decimals(
    min_value=Decimal("0.00"), max_value=Decimal("99999.99"), places=2, allow_nan=False
)
rates = st.sampled_from([Decimal("0"), Decimal("9"), Decimal("21")])


@given(lines=st.lists(st.tuples(st.integers(1, 50), prices), max_size=40), rate=rates)
def test_totals_are_the_sum_of_rounded_lines_plus_vat_on_that_sum(lines, rate):
    amounts = [invoicing.line_total(q, p) for q, p in lines]
    for (q, p), amount in zip(lines, amounts, strict=True):
        assert amount == amount.quantize(Decimal("0.01"))
        assert abs(amount - q * p) <= Decimal("0.005")
    result = invoicing.totals(amounts, rate)
    assert result.net == sum(amounts, Decimal(0))
    assert result.gross == result.net + result.vat
    assert result.vat == result.vat.quantize(Decimal("0.01"))
    assert abs(result.vat - result.net * rate / 100) <= Decimal("0.005")


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    tariffs=st.fixed_dictionaries({p.value: prices for p in Product}),
    variants=st.lists(st.sampled_from(list(Variant.values)), min_size=1, max_size=6),
)
def test_an_issued_invoice_adds_up(tariffs, variants, manager, municipality):
    with transaction.atomic():
        IssuerFactory()
        contract = new_contract(funder__municipality=municipality, tariffs=tariffs)
        for variant in variants:
            case = new_case(held=True, variant=variant, municipality=municipality)
            approve(case, contract.funder, manager)
        today = datetime.date.today()
        invoice = invoicing.run_invoice(
            contract.funder, today - datetime.timedelta(days=30), today, actor=manager
        )
        lines = list(invoice.lines.all())
        assert len(lines) == len(variants)
        assert invoice.net_total == sum((x.line_total for x in lines), Decimal(0))
        assert invoice.gross_total == invoice.net_total + invoice.vat_total
        assert invoice.vat_total == invoicing.round_cents(invoice.net_total * Decimal("0.21"))
        prices_by_product = dict(
            Tariff.objects.filter(contract=contract).values_list("product", "amount")
        )
        for x in lines:
            assert x.line_total == prices_by_product[x.product]
        transaction.set_rollback(True)
