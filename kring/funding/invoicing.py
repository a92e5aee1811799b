"""Invoicing: which case events are billable, the amounts, gapless numbers, credit notes.

Money rules (decision 0131):
- every amount is a `Decimal` in euros; a line's total is quantity x tariff, rounded to the
  cent (half up) on its own;
- the VAT of an invoice is computed once, on the sum of its lines (one VAT category per
  invoice: the contract's), rounded to the cent, as Peppol BIS Billing 3.0 (BR-CO-17) asks;
  so the total is always exactly net + VAT, and the database checks that too;
- invoice numbers run per year without gaps: a number is taken from the year's counter row
  under a lock, in the same transaction that writes the invoice, so a failed run hands its
  number back and two runs at once get consecutive numbers;
- an issued invoice is never changed; a credit note refers to it and reverses its lines.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.cases.states import Status
from kring.funding.models import (
    CONFERENCE_PRODUCT,
    BilledEvent,
    Contract,
    Funder,
    FundingRequest,
    Invoice,
    InvoiceCounter,
    InvoiceKind,
    InvoiceLine,
    Issuer,
    Product,
    RequestStatus,
    VatTreatment,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class InvoicingRefused(Exception):
    """A run or a credit note that cannot be made, with the reason in plain Dutch."""


def round_cents(value: Decimal) -> Decimal:
    """Round to the cent, half up (0.005 -> 0.01), as Dutch invoices do."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_total(quantity: int, unit_price: Decimal) -> Decimal:
    """One line's amount without VAT: rounded on its own."""
    return round_cents(Decimal(quantity) * unit_price)


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal


def totals(line_totals: Iterable[Decimal], vat_rate: Decimal) -> Totals:
    """The invoice's totals: the sum of the lines, VAT on that sum (rounded once), and both."""
    net = sum(line_totals, ZERO)
    vat = round_cents(net * vat_rate / Decimal(100))
    return Totals(net=net, vat=vat, gross=net + vat)


# --- Which case events are billable -----------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """A billable moment of a case: its timestamps say what happened and when."""

    case: Case
    product: str
    date: datetime.date
    order_number: str


def case_events(case: Case, order_number: str = "") -> list[Event]:
    """What a funder pays for in this case, from the case's own timestamps (never written):
    the informational conversation, the conference (by variant), preparation stopped before a
    conference, and the follow-up meeting."""

    def day(moment: datetime.datetime | None) -> datetime.date | None:
        return timezone.localdate(moment) if moment is not None else None

    found: list[Event] = []
    info = day(case.request.info_conversation_at) if case.request is not None else None
    if info is not None:
        found.append(Event(case, Product.INFO_CONVERSATION, info, order_number))
    held = day(case.conference_held_at)
    if held is not None:
        found.append(Event(case, CONFERENCE_PRODUCT[case.variant], held, order_number))
    stopped = day(case.stopped_at)
    if (
        case.status == Status.STOPPED
        and stopped is not None
        and held is None
        and case.in_preparation_at is not None
    ):
        found.append(Event(case, Product.PREPARATION_STOPPED, stopped, order_number))
    follow_up = day(case.follow_up_at)
    if follow_up is not None:
        found.append(Event(case, Product.FOLLOW_UP, follow_up, order_number))
    return found


def billable_events(funder: Funder, start: datetime.date, end: datetime.date) -> list[Event]:
    """The events from `start` to `end` (inclusive) of the cases this funder approved, that
    are not on an invoice yet (or were credited). Three queries, whatever the number."""
    approved = list(
        FundingRequest.objects.filter(funder=funder, status=RequestStatus.APPROVED)
        .select_related("case", "case__request")
        .order_by("id")
    )
    cases = [r.case for r in approved]
    billed = set(BilledEvent.objects.filter(case__in=cases).values_list("case_id", "product"))
    events = [
        event
        for r in approved
        for event in case_events(r.case, r.order_number)
        if start <= event.date <= end and (event.case.pk, event.product) not in billed
    ]
    return sorted(events, key=lambda e: (e.date, e.case.reference, e.product))


def contract_for(funder: Funder, start: datetime.date, end: datetime.date) -> Contract | None:
    """The funder's contract that covers the whole period (the newest if several do)."""
    return (
        Contract.objects.filter(funder=funder, starts_on__lte=start, ends_on__gte=end)
        .prefetch_related("tariffs")
        .order_by("-starts_on", "-id")
        .first()
    )


@dataclass(frozen=True)
class PlannedLine:
    event: Event
    unit_price: Decimal
    amount: Decimal

    @property
    def product_label(self) -> str:
        return str(Product(self.event.product).label)


@dataclass(frozen=True)
class Preview:
    """What a run for this funder and period would invoice (nothing written)."""

    contract: Contract | None
    lines: list[PlannedLine]
    totals: Totals
    problems: list[str]


def preview(funder: Funder, start: datetime.date, end: datetime.date) -> Preview:
    """The lines and totals an invoice run would make, and why it could not (if so)."""
    problems: list[str] = []
    if end < start:
        return Preview(None, [], totals([], ZERO), [_("De einddatum ligt voor de begindatum.")])
    if not Issuer.objects.exists():
        problems.append(_("De eigen factuurgegevens van de organisatie zijn nog niet ingevuld."))
    contract = contract_for(funder, start, end)
    if contract is None:
        problems.append(_("Er is geen contract met deze financier voor deze hele periode."))
        return Preview(None, [], totals([], ZERO), problems)
    tariffs = {t.product: t.amount for t in contract.tariffs.all()}
    lines = []
    for event in billable_events(funder, start, end):
        price = tariffs.get(event.product)
        if price is None:
            problems.append(
                _("Het contract heeft geen tarief voor: %(product)s.")
                % {"product": Product(event.product).label}
            )
            continue
        lines.append(PlannedLine(event, price, line_total(1, price)))
    if not lines and not problems:
        problems.append(_("Er is in deze periode niets te factureren."))
    return Preview(contract, lines, totals([x.amount for x in lines], contract.vat_rate), problems)


# --- Numbers and issuing ------------------------------------------------------------------------


def next_number(year: int) -> int:
    """The next invoice number of `year`. Call inside the transaction that writes the invoice:
    the counter row stays locked until it commits, so the next run waits and never skips."""
    InvoiceCounter.objects.bulk_create([InvoiceCounter(year=year)], ignore_conflicts=True)
    counter = InvoiceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _frozen_parties(funder: Funder, contract: Contract, issuer: Issuer) -> dict[str, object]:
    return {
        "buyer_name": funder.name,
        "buyer_street": funder.invoice_street,
        "buyer_postcode": funder.invoice_postcode,
        "buyer_city": funder.invoice_city,
        "buyer_endpoint_scheme": funder.endpoint_scheme,
        "buyer_endpoint_id": funder.endpoint_id,
        "buyer_reference": funder.required_reference or contract.number,
        "seller_name": issuer.name,
        "seller_street": issuer.street,
        "seller_postcode": issuer.postcode,
        "seller_city": issuer.city,
        "seller_kvk": issuer.kvk,
        "seller_vat_number": issuer.vat_number,
        "seller_iban": issuer.iban,
        "seller_email": issuer.invoice_email,
        "vat": contract.vat,
        "vat_rate": contract.vat_rate,
        "exemption_text": issuer.exemption_text if contract.vat == VatTreatment.EXEMPT else "",
    }


def _number(year: int, sequence: int) -> str:
    return f"KR-{year}-{sequence:05d}"


def cents(amount: Decimal) -> int:
    """An amount as a whole number of cents (how audit events carry money)."""
    return int(amount * 100)


def run_invoice(
    funder: Funder,
    start: datetime.date,
    end: datetime.date,
    *,
    actor: User,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> Invoice:
    """Issue one invoice for this funder and period: a line per billable case event.

    Raises `InvoicingRefused` (nothing written) when there is nothing to bill, no contract or
    no invoicing details.
    """
    issue_date = today or timezone.localdate()
    with transaction.atomic():
        # One run per funder at a time: a second waits here and then finds the events billed.
        funder = Funder.objects.select_for_update().get(pk=funder.pk)
        issuer = Issuer.objects.first()
        plan = preview(funder, start, end)
        if plan.problems or plan.contract is None or issuer is None:
            raise InvoicingRefused(" ".join(plan.problems))
        contract = plan.contract
        sequence = next_number(issue_date.year)
        invoice = Invoice.objects.create(
            kind=InvoiceKind.INVOICE,
            year=issue_date.year,
            sequence=sequence,
            number=_number(issue_date.year, sequence),
            funder=funder,
            contract=contract,
            issue_date=issue_date,
            due_date=issue_date + datetime.timedelta(days=contract.payment_days),
            period_start=start,
            period_end=end,
            net_total=plan.totals.net,
            vat_total=plan.totals.vat,
            gross_total=plan.totals.gross,
            issued_by=actor,
            **_frozen_parties(funder, contract, issuer),
        )
        lines = InvoiceLine.objects.bulk_create(
            [
                InvoiceLine(
                    invoice=invoice,
                    position=n,
                    case=line.event.case,
                    case_reference=line.event.case.reference,
                    product=line.event.product,
                    event_date=line.event.date,
                    order_number=line.event.order_number,
                    quantity=1,
                    unit_price=line.unit_price,
                    line_total=line.amount,
                )
                for n, line in enumerate(plan.lines, start=1)
            ]
        )
        BilledEvent.objects.bulk_create(
            [BilledEvent(case_id=x.case_id, product=x.product, line=x) for x in lines]
        )
        record(
            Action.CREATE,
            invoice,
            actor=actor,
            request=request,
            key="funding.invoice_issued",
            changes={
                "number": invoice.number,
                "funder": str(funder.uuid),
                "lines": len(lines),
                "net_cents": cents(invoice.net_total),
                "vat_cents": cents(invoice.vat_total),
                "gross_cents": cents(invoice.gross_total),
            },
        )
    return invoice


def may_credit(invoice: Invoice) -> bool:
    """An invoice (not a credit note) that has no credit note yet."""
    return invoice.kind == InvoiceKind.INVOICE and not invoice.credit_notes.exists()


def credit(
    invoice: Invoice,
    *,
    reason: str,
    actor: User,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> Invoice:
    """A credit note for the whole invoice: the same lines and amounts, referring to it. The
    credited events may be billed again (corrected) in a later run."""
    issue_date = today or timezone.localdate()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not may_credit(invoice):
            raise InvoicingRefused(_("Deze factuur is al gecrediteerd."))
        originals = list(invoice.lines.order_by("position"))
        sequence = next_number(issue_date.year)
        fields = {
            f.name: getattr(invoice, f.name)
            for f in Invoice._meta.concrete_fields
            if f.name.startswith(("buyer_", "seller_"))
            or f.name
            in {"funder", "contract", "period_start", "period_end", "vat", "vat_rate",
                "exemption_text", "net_total", "vat_total", "gross_total"}
        }  # fmt: skip
        note = Invoice.objects.create(
            kind=InvoiceKind.CREDIT_NOTE,
            year=issue_date.year,
            sequence=sequence,
            number=_number(issue_date.year, sequence),
            credits=invoice,
            credit_reason=reason,
            issue_date=issue_date,
            due_date=issue_date,
            issued_by=actor,
            **fields,
        )
        InvoiceLine.objects.bulk_create(
            [
                InvoiceLine(
                    invoice=note,
                    position=line.position,
                    case_id=line.case_id,
                    case_reference=line.case_reference,
                    product=line.product,
                    event_date=line.event_date,
                    order_number=line.order_number,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    line_total=line.line_total,
                    credits_line=line,
                )
                for line in originals
            ]
        )
        BilledEvent.objects.filter(line__in=originals).delete()
        record(
            Action.CREATE,
            note,
            actor=actor,
            request=request,
            key="funding.credit_note_issued",
            changes={
                "number": note.number,
                "credits": invoice.number,
                "lines": len(originals),
                "gross_cents": cents(note.gross_total),
            },
        )
    return note


def signed(invoice: Invoice, amount: Decimal) -> Decimal:
    """An amount as it counts in a budget: a credit note takes it off."""
    return -amount if invoice.kind == InvoiceKind.CREDIT_NOTE else amount
