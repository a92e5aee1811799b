"""From an installation with one administrator: the organisation's invoicing details, a
funder, its contract with tariffs, funding for a case, a month's invoice with its PDF, CSV
and UBL, a credit note, and what a funder user sees. Every money object is made through the
screens (the case's own lifecycle is the cases app's and comes from a factory)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.accounts.tests.factories import MunicipalityFactory, UserFactory
from kring.cases.tests.factories import new_case
from kring.funding import invoicing
from kring.funding.models import Contract, Funder, FundingRequest, Invoice, Issuer
from kring.funding.tests.factories import IssuerFactory, approve, new_contract
from kring.funding.tests.test_ubl_validates import validate

pytestmark = pytest.mark.django_db

TARIFFS = {
    "tariff_conference_family": "2450,00",
    "tariff_conference_group": "3100",
    "tariff_conference_learning": "1875.50",
    "tariff_conference_restoration": "2200,00",
    "tariff_info_conversation": "95",
    "tariff_preparation_stopped": "812,33",
    "tariff_follow_up": "425,00",
}


def test_money_from_an_empty_installation(client_for, admin_user, region):
    amsterdam: Any = MunicipalityFactory(code="GM0363", name="Amsterdam", region=region)
    client = client_for(admin_user)
    # The money page says the invoicing details are missing, and where to fill them in.
    assert "nog niet ingevuld" in client.get(reverse("funding:index")).content.decode()
    response = client.post(reverse("funding:issuer"), {"kvk": "123"})
    assert response.status_code == 400
    assert "Een KvK-nummer bestaat uit 8 cijfers." in response.content.decode()
    response = client.post(
        reverse("funding:issuer"),
        {
            "name": "Eigen Kracht Centrale",
            "street": "Stationsplein 1",
            "postcode": "1012 AB",
            "city": "Amsterdam",
            "kvk": "12345678",
            "vat_number": "NL 123456789 B01",
            "iban": "NL91 ABNA 0417 1643 00",
            "invoice_email": "facturen@kring.test",
            "exemption_text": "Vrijgesteld van btw (art. 11 Wet OB)",
        },
    )
    assert response.status_code == 302
    assert Issuer.objects.get().iban == "NL91ABNA0417164300"

    funder_data = {
        "kind": "municipality",
        "name": "Gemeente Amsterdam",
        "municipality": amsterdam.pk,
        "invoice_street": "Amstel 1",
        "invoice_postcode": "1011 PN",
        "invoice_city": "Amsterdam",
        "endpoint_scheme": "0190",
        "endpoint_id": "123",
        "required_reference": "INK-77",
    }
    response = client.post(reverse("funding:funder_new"), funder_data)
    assert response.status_code == 400
    assert "Een OIN bestaat uit 20 cijfers." in response.content.decode()
    assert "Gemeente Amsterdam" in response.content.decode()  # nothing typed is lost
    response = client.post(
        reverse("funding:funder_new"), {**funder_data, "endpoint_id": "00000001002564440000"}
    )
    funder = Funder.objects.get()
    assert response["Location"] == reverse("funding:funder", args=[funder.uuid])

    this_year = timezone.localdate().year
    contract_data = {
        "number": "2026-EK-01",
        "starts_on": f"{this_year}-01-01",
        "ends_on": f"{this_year}-12-31",
        "vat": "standard",
        "yearly_ceiling": "5000,00",
        "payment_days": "30",
        **TARIFFS,
        "tariff_follow_up": "-1",
    }
    response = client.post(reverse("funding:contract_new", args=[funder.uuid]), contract_data)
    assert response.status_code == 400
    assert "Een bedrag kan niet negatief zijn." in response.content.decode()
    response = client.post(
        reverse("funding:contract_new", args=[funder.uuid]),
        {**contract_data, "tariff_follow_up": "425,00"},
    )
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert dict(contract.tariffs.values_list("product", "amount"))["conference_learning"] == (
        Decimal("1875.50")
    )

    # A case whose conference was held last week; the manager asks for and records funding.
    case = new_case(held=True, municipality=amsterdam)
    held_on = timezone.localdate(case.conference_held_at)
    client.post(reverse("funding:case_request", args=[case.uuid]), {"funder": str(funder.uuid)})
    pending = FundingRequest.objects.get()
    client.post(
        reverse("funding:case_decide", args=[case.uuid, pending.uuid]),
        {"decision": "approved", "order_number": "PO-4711"},
    )

    # The run: first what it would bill, then the invoice.
    period = {"start": held_on.replace(day=1).isoformat(), "end": held_on.isoformat()}
    page = client.get(reverse("funding:run", args=[funder.uuid]), period).content.decode()
    assert case.reference in page and "2.964,50" in page  # 2450.00 + 21% VAT
    assert case.main_person_names not in page
    response = client.post(reverse("funding:run", args=[funder.uuid]), {**period, "issue": "1"})
    invoice = Invoice.objects.get()
    assert response["Location"] == reverse("funding:invoice", args=[invoice.uuid])
    assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (
        Decimal("2450.00"),
        Decimal("514.50"),
        Decimal("2964.50"),
    )
    assert invoice.buyer_reference == "INK-77"
    pdf = client.get(reverse("funding:invoice_pdf", args=[invoice.uuid]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv = client.get(reverse("funding:invoice_csv", args=[invoice.uuid])).content.decode()
    assert f"{invoice.number};Factuur;1;{case.reference};" in csv and "2964,50" in csv
    xml = client.get(reverse("funding:invoice_ubl", args=[invoice.uuid])).content
    validate(xml)
    assert b"PO-4711" in xml and case.main_person_names.encode() not in xml

    # Budget on the funder's page: 2450 of 5000 invoiced.
    page = client.get(reverse("funding:funder", args=[funder.uuid])).content.decode()
    assert "2.550,00" in page  # remaining

    # A credit note needs a reason; then it refers to the invoice.
    assert client.post(reverse("funding:credit", args=[invoice.uuid]), {}).status_code == 400
    client.post(reverse("funding:credit", args=[invoice.uuid]), {"reason": "Verkeerde maand"})
    note = Invoice.objects.get(kind="credit_note")
    assert note.credits == invoice
    validate(client.get(reverse("funding:invoice_ubl", args=[note.uuid])).content)

    # The funder's user: their budget on the start page, their invoice, never the case.
    funder_user = UserFactory(
        role=Role.FUNDER, organisation="Gemeente Amsterdam", funder_municipality=amsterdam
    )
    theirs = client_for(funder_user)
    start = theirs.get(reverse("portal:start")).content.decode()
    assert "Uw budget in" in start and "2026-EK-01" in start
    assert theirs.get(reverse("funding:invoice", args=[invoice.uuid])).status_code == 200
    assert theirs.get(reverse("cases:detail", args=[case.uuid])).status_code == 404
    assert theirs.get(reverse("funding:case", args=[case.uuid])).status_code == 404


def test_a_funder_user_gets_404_on_another_funders_invoice(client_for, manager, municipality):
    IssuerFactory()
    other = MunicipalityFactory(code="GM0599", name="Rotterdam", region=municipality.region)
    invoices = {}
    for place in (municipality, other):
        contract = new_contract(funder__municipality=place)
        approve(new_case(held=True, municipality=place), contract.funder, manager)
        today = timezone.localdate()
        invoices[place.code] = invoicing.run_invoice(
            contract.funder, today - datetime.timedelta(days=30), today, actor=manager
        )
    amsterdam_user = UserFactory(role=Role.FUNDER, funder_municipality=municipality)
    client = client_for(amsterdam_user)
    own, foreign = invoices["GM0363"], invoices["GM0599"]
    assert client.get(reverse("funding:invoice", args=[own.uuid])).status_code == 200
    for name in ("invoice", "invoice_pdf", "invoice_csv", "invoice_ubl"):
        url = reverse(f"funding:{name}", args=[foreign.uuid])
        assert client.get(url).status_code == 404, name
    assert client.get(reverse("funding:funder", args=[foreign.funder.uuid])).status_code == 404
    start = client.get(reverse("portal:start")).content.decode()
    assert "Rotterdam" not in start
