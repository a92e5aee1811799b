"""Two invoice runs at once on PostgreSQL get consecutive numbers: no gap, no duplicate."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections

from kring.accounts.tests.factories import MunicipalityFactory
from kring.cases.tests.factories import new_case
from kring.funding import invoicing
from kring.funding.models import Invoice, InvoiceLine
from kring.funding.tests.factories import IssuerFactory, approve, new_contract


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.parametrize("same_funder", [False, True])
def test_two_runs_at_once_give_consecutive_numbers(same_funder, manager, region):
    IssuerFactory()
    contracts = [
        new_contract(funder__municipality=MunicipalityFactory(region=region)) for _ in range(2)
    ]
    if same_funder:
        contracts = [contracts[0], contracts[0]]
    for contract in {c.pk: c for c in contracts}.values():
        for _ in range(3):
            case = new_case(held=True, municipality=contract.funder.municipality)
            approve(case, contract.funder, manager)
    today = datetime.date.today()
    start = today - datetime.timedelta(days=30)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(funder) -> None:
        try:
            barrier.wait()
            invoice = invoicing.run_invoice(funder, start, today, actor=manager)
            outcomes.append(invoice.number)
        except invoicing.InvoicingRefused:
            outcomes.append("nothing left")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c.funder,)) for c in contracts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    year = today.year
    numbers = list(Invoice.objects.order_by("sequence").values_list("sequence", flat=True))
    if same_funder:
        # The second run waited for the first and found every event billed.
        assert sorted(outcomes) == [f"KR-{year}-00001", "nothing left"]
        assert numbers == [1]
    else:
        assert sorted(outcomes) == [f"KR-{year}-00001", f"KR-{year}-00002"]
        assert numbers == [1, 2]
    # Every approved conference is on exactly one invoice.
    assert InvoiceLine.objects.count() == (3 if same_funder else 6)
