"""Every generated UBL document validates against the OASIS UBL 2.1 schema (lxml)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from kring.cases.tests.factories import new_case
from kring.funding import invoicing, ubl
from kring.funding.models import VatTreatment
from kring.funding.tests.factories import IssuerFactory, approve, new_contract

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas" / "ubl-2.1" / "maindoc"


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"UBL-{name}-2.1.xsd")))


INVOICE_SCHEMA = None
CREDIT_SCHEMA = None


def validate(xml: bytes) -> None:
    """Raise with the schema's own messages when `xml` is not valid UBL 2.1."""
    global INVOICE_SCHEMA, CREDIT_SCHEMA
    doc = etree.fromstring(xml)
    if doc.tag.endswith("}CreditNote"):
        CREDIT_SCHEMA = CREDIT_SCHEMA or _schema("CreditNote")
        schema = CREDIT_SCHEMA
    else:
        INVOICE_SCHEMA = INVOICE_SCHEMA or _schema("Invoice")
        schema = INVOICE_SCHEMA
    if not schema.validate(doc):
        raise AssertionError("\n".join(str(e) for e in schema.error_log))


@pytest.mark.parametrize("vat", [VatTreatment.STANDARD, VatTreatment.EXEMPT])
def test_invoice_and_credit_note_validate(vat, manager, municipality):
    IssuerFactory()
    contract = new_contract(funder__municipality=municipality, vat=vat)
    cases = [new_case(held=True, municipality=municipality) for _ in range(3)]
    for n, case in enumerate(cases):
        approve(case, contract.funder, manager, order_number=f"PO-{n}")
    today = datetime.date.today()
    invoice = invoicing.run_invoice(
        contract.funder, today - datetime.timedelta(days=30), today, actor=manager
    )
    xml = ubl.document(invoice)
    validate(xml)
    assert b"<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>" in xml
    for case in cases:
        assert case.reference.encode() in xml
        assert case.main_person_names.encode() not in xml
    note = invoicing.credit(invoice, reason="Verkeerde maand", actor=manager)
    credit_xml = ubl.document(note)
    validate(credit_xml)
    assert invoice.number.encode() in credit_xml  # the BillingReference (NL-R-001)
    assert invoice.gross_total == note.gross_total
    assert invoice.gross_total > Decimal("0")


def test_a_broken_document_does_not_validate():
    """The validator really checks: an Invoice without its required ID fails."""
    bad = (
        b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
        b'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        b"<cbc:IssueDate>2026-01-01</cbc:IssueDate></Invoice>"
    )
    with pytest.raises(AssertionError):
        validate(bad)
