"""The money pages' query counts do not grow with the data (1 and 30 rows)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.cases.tests.factories import new_case
from kring.funding import invoicing
from kring.funding.tests.factories import IssuerFactory, approve, new_contract

pytestmark = pytest.mark.django_db


def _invoice(n, manager, municipality):
    IssuerFactory()
    contract = new_contract(funder__municipality=municipality)
    for _ in range(n):
        approve(new_case(held=True, municipality=municipality), contract.funder, manager)
    today = timezone.localdate()
    return invoicing.run_invoice(
        contract.funder, today - datetime.timedelta(days=30), today, actor=manager
    )


@pytest.mark.parametrize("n", [1, 30])
def test_invoice_page(n, manager, municipality, client_for, django_assert_num_queries):
    invoice = _invoice(n, manager, municipality)
    client = client_for(manager)
    # session, user, invoice (+funder, contract, manager's funders), read event, lines,
    # credit notes, may credit
    with django_assert_num_queries(7):
        response = client.get(reverse("funding:invoice", args=[invoice.uuid]))
    assert response.content.decode().count("EK-2026-") >= n


@pytest.mark.parametrize("n", [1, 30])
def test_funder_page(n, manager, municipality, client_for, django_assert_num_queries):
    invoice = _invoice(n, manager, municipality)
    client = client_for(manager)
    # session, user, funder, contracts (+tariffs), invoices, budget: contracts (+tariffs),
    # sums, approved, billed; pending requests; the template's municipality and the first
    # contract's tariffs
    with django_assert_num_queries(13):
        response = client.get(reverse("funding:funder", args=[invoice.funder.uuid]))
    assert invoice.number in response.content.decode()


@pytest.mark.parametrize("n", [1, 30])
def test_run_preview(n, manager, municipality, client_for, django_assert_num_queries):
    invoice = _invoice(n, manager, municipality)
    for _ in range(n):
        approve(new_case(held=True, municipality=municipality), invoice.funder, manager)
    today = timezone.localdate()
    period = {"start": (today - datetime.timedelta(days=30)).isoformat(), "end": str(today)}
    client = client_for(manager)
    # session, user, funder, issuer exists, contract (+tariffs), approved (+case, request),
    # billed
    with django_assert_num_queries(8):
        response = client.get(reverse("funding:run", args=[invoice.funder.uuid]), period)
    assert response.status_code == 200
    assert response.content.decode().count("EK-2026-") >= n
