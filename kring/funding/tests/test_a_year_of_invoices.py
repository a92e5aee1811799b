"""A tariff table and a year of case events give the expected invoices to the cent: VAT on
each invoice's sum, a credit note, numbers without gaps, and the budget that follows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from kring.cases.models import Case, Variant
from kring.cases.states import Status
from kring.cases.tests.factories import new_case
from kring.funding import budget, invoicing
from kring.funding.models import BilledEvent, Funder, Invoice, InvoiceLine
from kring.funding.tests.factories import IssuerFactory, approve, new_contract
from kring.intake.tests.factories import RequestFactory

pytestmark = pytest.mark.django_db

Y = 2025


def at(month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(Y, month, day, 14, 0))


def month(m: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(Y, m, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


@pytest.fixture
def year_of_events(manager, municipality):
    IssuerFactory()
    contract = new_contract(
        funder__municipality=municipality,
        starts_on=datetime.date(Y, 1, 1),
        ends_on=datetime.date(Y, 12, 31),
        yearly_ceiling=Decimal("12000.00"),
    )
    funder = contract.funder
    held = {"status": Status.CONFERENCE_HELD, "municipality": municipality}
    cases: list[Case] = [
        # January: a family conference, and an informational conversation of a case that
        # stops in February during its preparation.
        new_case(**held, variant=Variant.FAMILY, conference_held_at=at(1, 15)),
        new_case(
            status=Status.STOPPED,
            stop_reason="situation_changed",
            municipality=municipality,
            request=RequestFactory(municipality=municipality, info_conversation_at=at(1, 20)),
            in_preparation_at=at(1, 25),
            stopped_at=at(2, 10),
        ),
        # March: a group conference, with its follow-up meeting in June.
        new_case(**held, variant=Variant.GROUP, conference_held_at=at(3, 3), follow_up_at=at(6, 1)),
        new_case(**held, variant=Variant.LEARNING, conference_held_at=at(7, 7)),
        new_case(**held, variant=Variant.RESTORATION, conference_held_at=at(12, 31)),
        # Not approved by this funder: never on its invoices.
        new_case(**held, variant=Variant.FAMILY, conference_held_at=at(1, 16)),
    ]
    for n, case in enumerate(cases[:5]):
        approve(case, funder, manager, order_number=f"ORD-{n + 1}")
    return funder, cases


def run_months(funder: Funder, manager) -> list[Invoice]:
    """The monthly runs of the year, each on the second day of the next month; a month
    without events makes no invoice."""
    issued = []
    for m in range(1, 13):
        start, end = month(m)
        try:
            issued.append(
                invoicing.run_invoice(
                    funder, start, end, actor=manager, today=end + datetime.timedelta(days=2)
                )
            )
        except invoicing.InvoicingRefused:
            continue
    return issued


def test_a_year_of_events_gives_these_invoices_to_the_cent(year_of_events, manager):
    funder, cases = year_of_events
    invoices = run_months(funder, manager)
    # Worked out by hand: net, 21% VAT on each invoice's net sum (half up), gross.
    expected = [
        ("KR-2025-00001", "2545.00", "534.45", "3079.45"),  # 2450.00 + 95.00
        ("KR-2025-00002", "812.33", "170.59", "982.92"),  # 170.5893
        ("KR-2025-00003", "3100.00", "651.00", "3751.00"),
        ("KR-2025-00004", "425.00", "89.25", "514.25"),
        ("KR-2025-00005", "1875.50", "393.86", "2269.36"),  # 393.855 rounds up
        ("KR-2026-00001", "2200.00", "462.00", "2662.00"),  # December's, issued in January
    ]
    assert [
        (i.number, str(i.net_total), str(i.vat_total), str(i.gross_total)) for i in invoices
    ] == expected
    assert sum((i.gross_total for i in invoices), Decimal(0)) == Decimal("13258.98")
    lines = InvoiceLine.objects.filter(invoice__in=invoices)
    billed = [0, 1, 1, 2, 2, 3, 4]  # case 1: conversation and stop; case 2: and follow-up
    assert sorted(line.case_reference for line in lines) == sorted(
        cases[n].reference for n in billed
    )
    assert cases[5].reference not in {line.case_reference for line in lines}
    january = invoices[0].lines.order_by("position")
    assert [(x.product, x.order_number) for x in january] == [
        ("conference_family", "ORD-1"),
        ("info_conversation", "ORD-2"),
    ]

    # Nothing is billed twice: the same month again has nothing left.
    with pytest.raises(invoicing.InvoicingRefused):
        invoicing.run_invoice(funder, *month(1), actor=manager, today=datetime.date(Y, 2, 5))

    # The budget of the year: invoiced against the ceiling, near it, so a warning.
    (row,) = budget.overview(Funder.objects.filter(pk=funder.pk), Y)
    assert row.invoiced == Decimal("10957.83")
    assert row.remaining == Decimal("12000.00") - Decimal("10957.83")
    assert row.near_ceiling

    # A credit note for February: the same amounts, referring to it; the budget goes down,
    # and February's event can be billed again, corrected.
    note = invoicing.credit(
        invoices[1], reason="Dubbel", actor=manager, today=datetime.date(2026, 1, 5)
    )
    assert (note.number, note.credits, str(note.gross_total)) == (
        "KR-2026-00002",
        invoices[1],
        "982.92",
    )
    (row,) = budget.overview(Funder.objects.filter(pk=funder.pk), Y)
    assert row.invoiced == Decimal("10145.50")
    assert not row.near_ceiling
    again = invoicing.run_invoice(funder, *month(2), actor=manager, today=datetime.date(2026, 1, 6))
    assert (again.number, again.gross_total) == ("KR-2026-00003", Decimal("982.92"))
    with pytest.raises(invoicing.InvoicingRefused):
        invoicing.credit(invoices[1], reason="Nog eens", actor=manager)


def test_an_issued_invoice_cannot_be_changed_in_the_database(year_of_events, manager):
    funder, _cases = year_of_events
    invoice = invoicing.run_invoice(funder, *month(1), actor=manager, today=datetime.date(Y, 2, 2))
    # SQLite's trigger aborts with an integrity error, PostgreSQL's with insufficient privilege.
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(net_total=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        InvoiceLine.objects.filter(invoice=invoice).update(line_total=Decimal("1.00"))
    invoice.refresh_from_db()
    assert invoice.net_total == Decimal("2545.00")


def test_the_same_event_is_refused_twice_by_the_database(year_of_events, manager):
    funder, cases = year_of_events
    invoice = invoicing.run_invoice(funder, *month(1), actor=manager, today=datetime.date(Y, 2, 2))
    line = invoice.lines.get(product="conference_family")
    with pytest.raises(IntegrityError), transaction.atomic():
        BilledEvent.objects.create(case=cases[0], product="conference_family", line=line)
