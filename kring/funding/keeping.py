"""Keeping the funders, their contracts with tariffs, and the organisation's own invoicing
details. Every change is audited with the names of the fields that changed, and for money
fields their old and new amounts: money never changes silently."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest

from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.funding.models import Contract, Funder, Issuer, Product, Tariff


def save_funder(form: ModelForm[Funder], *, actor: User, request: HttpRequest) -> Funder:
    """Create or change a funder from a valid form."""
    created = form.instance.pk is None
    with transaction.atomic():
        funder = form.save()
        if created:
            record(
                Action.CREATE, funder, actor=actor, request=request, key="funding.funder_created"
            )
        elif form.changed_data:
            record(
                Action.UPDATE,
                funder,
                actor=actor,
                request=request,
                key="funding.funder_changed",
                changes={"fields": sorted(form.changed_data)},
            )
    return funder


def save_contract(
    form: ModelForm[Contract],
    tariffs: dict[str, Decimal],
    *,
    actor: User,
    request: HttpRequest,
) -> Contract:
    """Create or change a contract and its tariffs (one per product)."""
    created = form.instance.pk is None
    with transaction.atomic():
        old_ceiling = None if created else Contract.objects.get(pk=form.instance.pk).yearly_ceiling
        contract = form.save()
        old = {t.product: t.amount for t in Tariff.objects.filter(contract=contract)}
        changed_tariffs = {}
        for product in Product.values:
            amount = tariffs[product]
            if old.get(product) != amount:
                Tariff.objects.update_or_create(
                    contract=contract, product=product, defaults={"amount": amount}
                )
                changed_tariffs[product] = [
                    int(old[product] * 100) if product in old else None,
                    int(amount * 100),
                ]
        changes: dict[str, object] = {"fields": sorted(form.changed_data)}
        if changed_tariffs and not created:
            changes["tariffs"] = changed_tariffs
        if not created and "yearly_ceiling" in form.changed_data:
            changes["ceiling_cents"] = [
                int((old_ceiling or 0) * 100),
                int(contract.yearly_ceiling * 100),
            ]
        if created:
            record(
                Action.CREATE,
                contract,
                actor=actor,
                request=request,
                key="funding.contract_created",
                changes={"funder": str(contract.funder.uuid), "tariffs": len(tariffs)},
            )
        elif form.changed_data or changed_tariffs:
            record(
                Action.UPDATE,
                contract,
                actor=actor,
                request=request,
                key="funding.contract_changed",
                changes=changes,
            )
    return contract


def save_issuer(form: ModelForm[Issuer], *, actor: User, request: HttpRequest) -> Issuer:
    """The organisation's own invoicing details (one row)."""
    with transaction.atomic():
        issuer = form.save()
        record(
            Action.UPDATE,
            issuer,
            actor=actor,
            request=request,
            key="funding.issuer_changed",
            changes={"fields": sorted(form.changed_data)},
        )
    return issuer
