"""Coordinator fees and expenses: fees to the cent per variant and outcome, declarations,
decided declarations frozen, access, query counts (decisions 0135-0137)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.cases.models import Variant
from kring.cases.tests.factories import new_case
from kring.core.tests.samples import pdf_bytes
from kring.funding import documents, fees
from kring.funding.models import Expense, ExpenseKind, ExpenseStatus, FeeOutcome, FeeTariff, KmRate

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


MARCH = datetime.date(2026, 3, 1)


def tariffs(actor) -> None:
    amounts = {
        (Variant.FAMILY, FeeOutcome.HELD): "725.50",
        (Variant.GROUP, FeeOutcome.HELD): "812.35",
        (Variant.LEARNING, FeeOutcome.HELD): "640.00",
        (Variant.RESTORATION, FeeOutcome.HELD): "699.99",
        (Variant.FAMILY, FeeOutcome.STOPPED): "245.10",
        (Variant.FAMILY, FeeOutcome.PLAN_ONLY): "400.05",
    }
    for (variant, outcome), amount in amounts.items():
        fees.add_fee_tariff(
            variant=variant,
            outcome=outcome,
            amount=Decimal(amount),
            valid_from=datetime.date(2026, 1, 1),
            actor=actor,
        )
    # A raise from 15 March on: an outcome on 20 March gets it, one on 10 March does not.
    fees.add_fee_tariff(
        variant=Variant.FAMILY,
        outcome=FeeOutcome.HELD,
        amount=Decimal("750.25"),
        valid_from=datetime.date(2026, 3, 15),
        actor=actor,
    )


def held_case(coordinator, variant, day):
    return new_case(held=True, coordinator=coordinator, variant=variant, conference_held_at=at(day))


def test_fees_to_the_cent_per_variant_and_outcome(manager, coordinator):
    tariffs(manager)
    held_case(coordinator, Variant.FAMILY, datetime.date(2026, 3, 10))
    held_case(coordinator, Variant.FAMILY, datetime.date(2026, 3, 20))
    held_case(coordinator, Variant.GROUP, datetime.date(2026, 3, 11))
    held_case(coordinator, Variant.LEARNING, datetime.date(2026, 3, 12))
    held_case(coordinator, Variant.RESTORATION, datetime.date(2026, 3, 13))
    new_case(
        in_preparation=True,
        coordinator=coordinator,
        status="stopped",
        stop_reason="situation_changed",
        stopped_at=at(datetime.date(2026, 3, 14)),
    )
    new_case(
        in_preparation=True,
        coordinator=coordinator,
        status="plan_delivered",
        plan_delivered_at=at(datetime.date(2026, 3, 16)),
    )
    # Outside the month, and another coordinator's case: not on this statement.
    held_case(coordinator, Variant.FAMILY, datetime.date(2026, 4, 1))
    held_case(None, Variant.FAMILY, datetime.date(2026, 3, 10))

    st = fees.statement(coordinator, 2026, 3)

    assert [(f.outcome, f.amount) for f in st.fees] == [
        (FeeOutcome.HELD, Decimal("725.50")),
        (FeeOutcome.HELD, Decimal("812.35")),
        (FeeOutcome.HELD, Decimal("640.00")),
        (FeeOutcome.HELD, Decimal("699.99")),
        (FeeOutcome.STOPPED, Decimal("245.10")),
        (FeeOutcome.PLAN_ONLY, Decimal("400.05")),
        (FeeOutcome.HELD, Decimal("750.25")),
    ]
    assert st.fee_total == Decimal("4273.24")
    assert st.missing_tariffs == 0


def test_a_missing_tariff_is_counted_not_guessed(manager, coordinator):
    held_case(coordinator, Variant.GROUP, datetime.date(2026, 3, 10))
    st = fees.statement(coordinator, 2026, 3)
    assert st.fees[0].amount is None
    assert st.missing_tariffs == 1
    assert st.total == Decimal("0.00")


def test_km_at_the_rate_of_the_day_and_the_statement(manager, coordinator):
    fees.add_km_rate(rate=Decimal("0.21"), valid_from=datetime.date(2025, 1, 1), actor=manager)
    fees.add_km_rate(rate=Decimal("0.23"), valid_from=datetime.date(2026, 3, 5), actor=manager)
    case = new_case(in_preparation=True, coordinator=coordinator)
    before = fees.declare(
        coordinator=coordinator,
        case=case,
        kind=ExpenseKind.TRAVEL,
        spent_on=datetime.date(2026, 3, 4),
        description="Rit naar kennismaking",
        km=37,
    )
    after = fees.declare(
        coordinator=coordinator,
        case=case,
        kind=ExpenseKind.TRAVEL,
        spent_on=datetime.date(2026, 3, 6),
        description="Rit naar de conferentie",
        km=37,
    )
    other = fees.declare(
        coordinator=coordinator,
        case=case,
        kind=ExpenseKind.OTHER,
        spent_on=datetime.date(2026, 3, 6),
        description="Zaalhuur",
        amount=Decimal("45.00"),
        receipt=SimpleUploadedFile("bon.pdf", PDF),
        receipt_type="application/pdf",
    )
    assert before.amount == Decimal("7.77")  # 37 x 0.21
    assert after.amount == Decimal("8.51")  # 37 x 0.23
    fees.decide(before, approved=True, actor=manager)
    fees.decide(after, approved=True, actor=manager)
    fees.decide(other, approved=False, reason="Geen zaal nodig", actor=manager)
    st = fees.statement(coordinator, 2026, 3)
    assert st.expense_total == Decimal("16.28")
    csv = documents.statement_csv(st)
    assert "16,28" in csv and "Zaalhuur" not in csv
    assert documents.statement_pdf(st).startswith(b"%PDF")


def test_a_decided_expense_cannot_be_changed(manager, coordinator):
    KmRate.objects.create(rate=Decimal("0.23"), valid_from=datetime.date(2025, 1, 1))
    case = new_case(in_preparation=True, coordinator=coordinator)
    expense = fees.declare(
        coordinator=coordinator,
        case=case,
        kind=ExpenseKind.TRAVEL,
        spent_on=datetime.date(2026, 3, 4),
        description="Rit",
        km=10,
    )
    # While it waits, the coordinator may still correct it.
    fees.change(expense, description="Rit heen en terug")
    fees.decide(expense, approved=True, actor=manager)
    with pytest.raises(fees.ExpenseRefused):
        fees.change(expense, km=100)
    with pytest.raises(fees.ExpenseRefused):
        fees.decide(expense, approved=False, reason="Toch niet", actor=manager)
    # Also past the service: the database refuses.
    with pytest.raises(DatabaseError), transaction.atomic():
        Expense.objects.filter(pk=expense.pk).update(amount=Decimal("999.00"))
    expense.refresh_from_db()
    assert expense.amount == Decimal("2.30")
    assert expense.status == ExpenseStatus.APPROVED
    keys = set(AuditEvent.objects.values_list("key", flat=True))
    assert {"funding.expense_declared", "funding.expense_changed"} <= keys
    assert "funding.expense_approved" in keys


def test_a_coordinator_declares_only_for_own_cases(coordinator, make_user):
    KmRate.objects.create(rate=Decimal("0.23"), valid_from=datetime.date(2025, 1, 1))
    other = make_user(Role.COORDINATOR)
    case = new_case(in_preparation=True, coordinator=other)
    with pytest.raises(fees.ExpenseRefused):
        fees.declare(
            coordinator=coordinator,
            case=case,
            kind=ExpenseKind.TRAVEL,
            spent_on=datetime.date(2026, 3, 4),
            description="Rit",
            km=10,
        )


def _receipt_expense(coordinator):
    case = new_case(in_preparation=True, coordinator=coordinator)
    return fees.declare(
        coordinator=coordinator,
        case=case,
        kind=ExpenseKind.OTHER,
        spent_on=timezone.localdate(),
        description="Koffie",
        amount=Decimal("12.40"),
        receipt=SimpleUploadedFile("bon.pdf", PDF),
        receipt_type="application/pdf",
    )


def test_a_coordinator_gets_404_on_another_coordinators_money(
    coordinator, make_user, manager, other_region, client_for
):
    other = make_user(Role.COORDINATOR)
    expense = _receipt_expense(other)
    today = timezone.localdate()
    client = client_for(coordinator)
    args = [other.uuid, today.year, today.month]
    for name in ("funding:statement", "funding:statement_pdf", "funding:statement_csv"):
        assert client.get(reverse(name, args=args)).status_code == 404
    assert client.get(reverse("funding:receipt", args=[expense.uuid])).status_code == 404
    own = client_for(other)
    response = own.get(reverse("funding:receipt", args=[expense.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Their manager sees it; a manager of another region does not.
    assert client_for(manager).get(reverse("funding:statement", args=args)).status_code == 200
    stranger = make_user(Role.REGIONAL_MANAGER, regions=[other_region])
    assert client_for(stranger).get(reverse("funding:statement", args=args)).status_code == 404
    assert (
        client_for(stranger)
        .post(reverse("funding:expense_decide", args=[expense.uuid]), {"decision": "approved"})
        .status_code
        == 404
    )
    assert (
        client_for(coordinator)
        .post(reverse("funding:expense_decide", args=[expense.uuid]), {"decision": "approved"})
        .status_code
        == 404
    )


def test_declaring_through_the_screen_keeps_what_was_typed(coordinator, client_for):
    new_case(in_preparation=True, coordinator=coordinator)
    client = client_for(coordinator)
    response = client.post(
        reverse("funding:declare"),
        {"kind": "other", "spent_on": "2026-03-04", "description": "Zaalhuur De Linde"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Zaalhuur De Linde" in body
    assert "Voeg de bon toe." in body
    assert not Expense.objects.exists()


def test_the_tariff_page_adds_a_tariff(manager, client_for):
    client = client_for(manager)
    response = client.post(
        reverse("funding:fee_tariffs"),
        {
            "form": "tariff",
            "variant": "family",
            "outcome": "held",
            "amount": "725,50",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert FeeTariff.objects.get().amount == Decimal("725.50")
    response = client.post(
        reverse("funding:fee_tariffs"), {"form": "km", "rate": "abc", "km_valid_from": ""}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("n", [1, 20])
def test_statement_page_query_count(n, manager, coordinator, client_for, django_assert_num_queries):
    tariffs(manager)
    KmRate.objects.create(rate=Decimal("0.23"), valid_from=datetime.date(2025, 1, 1))
    today = timezone.localdate()
    for _ in range(n):
        case = held_case(coordinator, Variant.FAMILY, today)
        expense = fees.declare(
            coordinator=coordinator,
            case=case,
            kind=ExpenseKind.TRAVEL,
            spent_on=today,
            description="Rit",
            km=12,
        )
        fees.decide(expense, approved=True, actor=manager)
    client = client_for(coordinator)
    url = reverse("funding:statement", args=[coordinator.uuid, today.year, today.month])
    # session, user, coordinator, cases, tariffs, approved expenses (+case), declarations
    # (+case), read event, the declare form's cases
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 20])
def test_manager_money_page_query_count(
    n, manager, coordinator, client_for, django_assert_num_queries
):
    today = timezone.localdate()
    for _ in range(n):
        _receipt_expense(coordinator)
    client = client_for(manager)
    # session, user, pending (+coordinator, case), coordinators page
    with django_assert_num_queries(4):
        response = client.get(reverse("funding:money"))
    assert response.content.decode().count("Bon downloaden") == n
    assert today
