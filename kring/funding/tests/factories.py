"""Factories for money tests. Journeys make these through the screens instead."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from kring.accounts.tests.factories import MunicipalityFactory
from kring.funding.models import (
    Contract,
    Funder,
    FunderKind,
    FundingRequest,
    Issuer,
    Product,
    Tariff,
    VatTreatment,
)

TARIFFS = {
    Product.CONFERENCE_FAMILY: Decimal("2450.00"),
    Product.CONFERENCE_GROUP: Decimal("3100.00"),
    Product.CONFERENCE_LEARNING: Decimal("1875.50"),
    Product.CONFERENCE_RESTORATION: Decimal("2200.00"),
    Product.INFO_CONVERSATION: Decimal("95.00"),
    Product.PREPARATION_STOPPED: Decimal("812.33"),
    Product.FOLLOW_UP: Decimal("425.00"),
}


class IssuerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issuer

    name = "Eigen Kracht Centrale"
    street = "Stationsplein 1"
    postcode = "1012 AB"
    city = "Amsterdam"
    kvk = "12345678"
    vat_number = "NL123456789B01"
    iban = "NL91ABNA0417164300"
    invoice_email = "facturen@kring.test"


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ("municipality",)

    kind = FunderKind.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.LazyAttribute(lambda o: f"Gemeente {o.municipality.name}")
    invoice_street = "Amstel 1"
    invoice_postcode = "1011 PN"
    invoice_city = "Amsterdam"
    endpoint_scheme = "0190"
    endpoint_id = "00000001002564440000"
    required_reference = "INK-2026-77"


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract
        skip_postgeneration_save = True

    funder = factory.SubFactory(FunderFactory)
    number = factory.Sequence(lambda n: f"C-{n + 1:03d}")
    starts_on = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year - 1, 1, 1))
    ends_on = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year + 1, 12, 31))
    vat = VatTreatment.STANDARD
    yearly_ceiling = Decimal("100000.00")

    @factory.post_generation
    def tariffs(obj: Contract, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        amounts = extracted if isinstance(extracted, dict) else TARIFFS
        Tariff.objects.bulk_create(
            Tariff(contract=obj, product=product, amount=amount)
            for product, amount in amounts.items()
        )


def new_contract(**kwargs: object) -> Contract:
    """A contract from ContractFactory, typed as a Contract for mypy."""
    contract: Contract = ContractFactory(**kwargs)  # type: ignore[assignment]
    return contract


def approve(case, funder, user, order_number: str = "ORD-1") -> FundingRequest:
    """An approved funding request, as if asked and answered on the funding page."""
    from kring.funding import case_funding

    obj = case_funding.request_funding(case, funder, remind_on=None, actor=user)
    return case_funding.decide(obj, approved=True, order_number=order_number, actor=user)
