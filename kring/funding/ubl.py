"""Invoices and credit notes as UBL 2.1 documents following Peppol BIS Billing 3.0, with the
Dutch rules (NLCIUS, the NL-R rules of Peppol BIS) that concern a Dutch supplier: the
supplier's address and KvK number, the customer's address, a credit note's reference to its
invoice, and payment by credit transfer with an IBAN (decision 0132).

Built with the standard library's ElementTree, in the element order the UBL 2.1 schema
requires; the tests validate every document against the OASIS schema shipped in
`kring/funding/schemas/ubl-2.1/`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from kring.funding.models import Invoice, InvoiceLine, Product, VatTreatment

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
KVK_SCHEME = "0106"
CURRENCY = "EUR"

for _prefix in ("cac", "cbc"):
    ET.register_namespace(_prefix, NS[_prefix])


def _cbc(parent: ET.Element, name: str, text: object, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS['cbc']}}}{name}", attrs)
    el.text = str(text)
    return el


def _cac(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{NS['cac']}}}{name}")


def _amount(parent: ET.Element, name: str, value: Decimal) -> None:
    _cbc(parent, name, f"{value:.2f}", currencyID=CURRENCY)


def _address(parent: ET.Element, street: str, city: str, postcode: str) -> None:
    address = _cac(parent, "PostalAddress")
    _cbc(address, "StreetName", street)
    _cbc(address, "CityName", city)
    _cbc(address, "PostalZone", postcode)
    _cbc(_cac(address, "Country"), "IdentificationCode", "NL")


def _supplier(root: ET.Element, invoice: Invoice) -> None:
    party = _cac(_cac(root, "AccountingSupplierParty"), "Party")
    _cbc(party, "EndpointID", invoice.seller_kvk, schemeID=KVK_SCHEME)
    _cbc(_cac(party, "PartyName"), "Name", invoice.seller_name)
    _address(party, invoice.seller_street, invoice.seller_city, invoice.seller_postcode)
    tax = _cac(party, "PartyTaxScheme")
    _cbc(tax, "CompanyID", invoice.seller_vat_number)
    _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", invoice.seller_name)
    _cbc(legal, "CompanyID", invoice.seller_kvk, schemeID=KVK_SCHEME)
    contact = _cac(party, "Contact")
    _cbc(contact, "ElectronicMail", invoice.seller_email)


def _customer(root: ET.Element, invoice: Invoice) -> None:
    party = _cac(_cac(root, "AccountingCustomerParty"), "Party")
    if invoice.buyer_endpoint_id:
        _cbc(party, "EndpointID", invoice.buyer_endpoint_id, schemeID=invoice.buyer_endpoint_scheme)
    _cbc(_cac(party, "PartyName"), "Name", invoice.buyer_name)
    _address(party, invoice.buyer_street, invoice.buyer_city, invoice.buyer_postcode)
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", invoice.buyer_name)
    if invoice.buyer_endpoint_id:
        _cbc(legal, "CompanyID", invoice.buyer_endpoint_id, schemeID=invoice.buyer_endpoint_scheme)


def _category(parent: ET.Element, name: str, invoice: Invoice, *, reason: bool) -> None:
    category = _cac(parent, name)
    exempt = invoice.vat == VatTreatment.EXEMPT
    _cbc(category, "ID", "E" if exempt else "S")
    _cbc(category, "Percent", f"{invoice.vat_rate:.2f}")
    if exempt and reason:
        _cbc(category, "TaxExemptionReason", invoice.exemption_text or "Vrijgesteld")
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _line(root: ET.Element, invoice: Invoice, line: InvoiceLine) -> None:
    credit = invoice.is_credit_note
    el = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
    _cbc(el, "ID", line.position)
    if line.order_number:
        _cbc(el, "Note", f"Ordernummer {line.order_number}")
    _cbc(el, "CreditedQuantity" if credit else "InvoicedQuantity", line.quantity, unitCode="C62")
    _amount(el, "LineExtensionAmount", line.line_total)
    period = _cac(el, "InvoicePeriod")
    _cbc(period, "StartDate", line.event_date.isoformat())
    _cbc(period, "EndDate", line.event_date.isoformat())
    item = _cac(el, "Item")
    # The case's reference and the product: never a name (decision 0132).
    _cbc(item, "Description", f"Traject {line.case_reference}")
    _cbc(item, "Name", str(Product(line.product).label)[:100])
    _cbc(_cac(item, "SellersItemIdentification"), "ID", line.product)
    _category(item, "ClassifiedTaxCategory", invoice, reason=False)
    _amount(_cac(el, "Price"), "PriceAmount", line.unit_price)


def document(invoice: Invoice, lines: list[InvoiceLine] | None = None) -> bytes:
    """The UBL 2.1 XML of this invoice or credit note (UTF-8 bytes)."""
    credit = invoice.is_credit_note
    root = ET.Element(f"{{{NS['cn' if credit else 'inv']}}}{'CreditNote' if credit else 'Invoice'}")
    _cbc(root, "CustomizationID", CUSTOMIZATION)
    _cbc(root, "ProfileID", PROFILE)
    _cbc(root, "ID", invoice.number)
    _cbc(root, "IssueDate", invoice.issue_date.isoformat())
    if not credit:
        _cbc(root, "DueDate", invoice.due_date.isoformat())
        _cbc(root, "InvoiceTypeCode", "380")
    else:
        _cbc(root, "CreditNoteTypeCode", "381")
        _cbc(root, "Note", invoice.credit_reason[:500])
    _cbc(root, "DocumentCurrencyCode", CURRENCY)
    _cbc(root, "BuyerReference", invoice.buyer_reference)
    period = _cac(root, "InvoicePeriod")
    _cbc(period, "StartDate", invoice.period_start.isoformat())
    _cbc(period, "EndDate", invoice.period_end.isoformat())
    if credit and invoice.credits is not None:
        # NL-R-001: a Dutch supplier's credit note names the invoice it corrects.
        ref = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(ref, "ID", invoice.credits.number)
        _cbc(ref, "IssueDate", invoice.credits.issue_date.isoformat())
    _supplier(root, invoice)
    _customer(root, invoice)
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", "30")  # credit transfer (NL-R-007)
    _cbc(means, "PaymentID", invoice.number)
    _cbc(_cac(means, "PayeeFinancialAccount"), "ID", invoice.seller_iban)
    if not credit:
        _cbc(_cac(root, "PaymentTerms"), "Note", f"Betalen vóór {invoice.due_date.isoformat()}")
    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", invoice.vat_total)
    subtotal = _cac(tax_total, "TaxSubtotal")
    _amount(subtotal, "TaxableAmount", invoice.net_total)
    _amount(subtotal, "TaxAmount", invoice.vat_total)
    _category(subtotal, "TaxCategory", invoice, reason=True)
    money = _cac(root, "LegalMonetaryTotal")
    _amount(money, "LineExtensionAmount", invoice.net_total)
    _amount(money, "TaxExclusiveAmount", invoice.net_total)
    _amount(money, "TaxInclusiveAmount", invoice.gross_total)
    _amount(money, "PayableAmount", invoice.gross_total)
    for line in lines if lines is not None else invoice.lines.order_by("position"):
        _line(root, invoice, line)
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
