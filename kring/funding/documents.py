"""An invoice or credit note as PDF (WeasyPrint, tagged like the plan PDF) and as CSV.

Both show the case's reference and the product per line, never a name; the file's properties
carry only the invoice number.
"""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from kring.funding.fees import Statement
from kring.funding.models import Invoice, InvoiceLine, Product


def _cell(value: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _lines(invoice: Invoice) -> list[InvoiceLine]:
    return list(invoice.lines.order_by("position"))


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as PDF bytes, in Dutch (invoices go to Dutch funders)."""
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(
            "funding/pdf/invoice.html",
            {
                "invoice": invoice,
                "lines": _lines(invoice),
                "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME,
            },
        )
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


CSV_HEADER = [
    "factuurnummer",
    "soort",
    "regel",
    "traject",
    "product",
    "datum",
    "ordernummer",
    "aantal",
    "tarief",
    "bedrag_zonder_btw",
]


def invoice_csv(invoice: Invoice) -> str:
    """The invoice's lines as CSV (semicolons and decimal commas: Dutch spreadsheets), with
    the totals as the last three rows."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)

    def money(value: object) -> str:
        return f"{value:.2f}".replace(".", ",")

    for line in _lines(invoice):
        writer.writerow(
            [
                invoice.number,
                invoice.get_kind_display(),
                line.position,
                line.case_reference,
                Product(line.product).label,
                line.event_date.isoformat(),
                _cell(line.order_number),
                line.quantity,
                money(line.unit_price),
                money(line.line_total),
            ]
        )
    for label, value in (
        ("totaal zonder btw", invoice.net_total),
        (f"btw {invoice.vat_rate:.0f}%", invoice.vat_total),
        ("totaal met btw", invoice.gross_total),
    ):
        writer.writerow([invoice.number, label, "", "", "", "", "", "", "", money(value)])
    return out.getvalue()


# --- A coordinator's monthly statement --------------------------------------------------------


def statement_pdf(statement: Statement) -> bytes:
    """A coordinator's month as PDF: case references, never a family's name; the file's
    properties carry only the month."""
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(
            "funding/pdf/statement.html",
            {"statement": statement, "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME},
        )
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


STATEMENT_HEADER = ["maand", "soort", "traject", "omschrijving", "datum", "kilometers", "bedrag"]


def statement_csv(statement: Statement) -> str:
    """The month's fees and approved expenses as CSV (semicolons, decimal commas), with the
    totals as the last rows."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(STATEMENT_HEADER)
    month = f"{statement.year:04d}-{statement.month:02d}"

    def money(value: object) -> str:
        return f"{value:.2f}".replace(".", ",") if value is not None else ""

    for fee in statement.fees:
        writer.writerow(
            [
                month,
                "vergoeding",
                fee.case.reference,
                fee.outcome_label,
                fee.date.isoformat(),
                "",
                money(fee.amount),
            ]
        )
    for expense in statement.expenses:
        writer.writerow(
            [
                month,
                "declaratie",
                expense.case.reference,
                _cell(expense.description),
                expense.spent_on.isoformat(),
                expense.km if expense.km is not None else "",
                money(expense.amount),
            ]
        )
    for label, value in (
        ("totaal vergoedingen", statement.fee_total),
        ("totaal declaraties", statement.expense_total),
        ("totaal", statement.total),
    ):
        writer.writerow([month, label, "", "", "", "", money(value)])
    return out.getvalue()
