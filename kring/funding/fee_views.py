"""Pages for coordinator fees and expenses: the tariff table (staff), a coordinator's month
(fees, declarations, the statement as PDF and CSV), receipts, and the manager's decisions."""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.access import is_coordinator, is_staff
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import User
from kring.audit.services import Action, record
from kring.cases.models import Case
from kring.core.downloads import pdf_response, upload_response
from kring.core.paging import keyset_page
from kring.funding import documents, fees
from kring.funding.access import (
    get_expense_for,
    get_expense_to_decide,
    get_money_coordinator_for,
    may_keep_fee_tariffs,
    money_coordinators_for,
)
from kring.funding.forms import ExpenseDecisionForm, ExpenseForm, FeeTariffForm, KmRateForm
from kring.funding.models import Expense, FeeTariff, KmRate


def _month(year: int, month: int) -> tuple[int, int]:
    if not 1 <= month <= 12 or not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    return year, month


def _case_choices(coordinator: User) -> list[tuple[str, str]]:
    cases = Case.objects.filter(coordinator=coordinator).order_by("-requested_at", "-id")[:200]
    return [(str(c.uuid), c.reference) for c in cases.only("uuid", "reference")]


@login_required
@require_http_methods(["GET", "POST"])
def fee_tariffs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinators' fee per variant and outcome, and the km rate, each from a date on."""
    if not may_keep_fee_tariffs(request.user):
        raise PermissionDenied
    which = request.POST.get("form") if request.method == "POST" else None
    tariff_form = FeeTariffForm(request.POST if which == "tariff" else None)
    km_form = KmRateForm(request.POST if which == "km" else None)
    if which == "tariff" and tariff_form.is_valid():
        data = tariff_form.cleaned_data
        fees.add_fee_tariff(
            variant=data["variant"],
            outcome=data["outcome"],
            amount=data["amount"],
            valid_from=data["valid_from"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("Het tarief is toegevoegd."))
        return redirect("funding:fee_tariffs")
    if which == "km" and km_form.is_valid():
        fees.add_km_rate(
            rate=km_form.cleaned_data["rate"],
            valid_from=km_form.cleaned_data["km_valid_from"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("De kilometervergoeding is toegevoegd."))
        return redirect("funding:fee_tariffs")
    bad = (tariff_form.is_bound and bool(tariff_form.errors)) or (
        km_form.is_bound and bool(km_form.errors)
    )
    return render(
        request,
        "funding/fee_tariffs.html",
        {
            "tariffs": list(FeeTariff.objects.order_by("variant", "outcome", "-valid_from")[:300]),
            "km_rates": list(KmRate.objects.order_by("-valid_from")[:50]),
            "tariff_form": tariff_form,
            "km_form": km_form,
        },
        status=400 if bad or (request.method == "POST" and which not in ("tariff", "km")) else 200,
    )


@login_required
@require_GET
def money(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coordinator: their own month. Staff: the declarations waiting for a decision and
    the coordinators whose statements they see."""
    today = timezone.localdate()
    if is_coordinator(request.user):
        return redirect(
            "funding:statement", user_uuid=request.user.uuid, year=today.year, month=today.month
        )
    if not is_staff(request.user):
        raise PermissionDenied
    coordinators = money_coordinators_for(request.user)
    pending = list(fees.pending_for(coordinators).order_by("submitted_at", "id")[:100])
    return render(
        request,
        "funding/money.html",
        {
            "pending": pending,
            "decision_form": ExpenseDecisionForm(),
            "page": keyset_page(
                coordinators, order_field="full_name", cursor=request.GET.get("na"), size=50
            ),
            "today": today,
        },
    )


def _statement_page(
    request: AuthenticatedHttpRequest,
    coordinator: User,
    year: int,
    month: int,
    *,
    form: ExpenseForm | None = None,
) -> HttpResponse:
    own = coordinator.pk == request.user.pk
    st = fees.statement(coordinator, year, month)
    start, end = fees.month_bounds(year, month)
    declarations = list(
        Expense.objects.filter(coordinator=coordinator, spent_on__gte=start, spent_on__lt=end)
        .select_related("case")
        .order_by("spent_on", "id")
    )
    previous = start - datetime.timedelta(days=1)
    record(
        Action.VIEW,
        coordinator,
        request=request,
        key="funding.statement_viewed",
        changes={"month": f"{year:04d}-{month:02d}"},
    )
    return render(
        request,
        "funding/statement.html",
        {
            "coordinator": coordinator,
            "statement": st,
            "declarations": declarations,
            "own": own,
            "form": (form or ExpenseForm(cases=_case_choices(coordinator))) if own else None,
            "previous": previous,
            "next": end if end <= timezone.localdate() else None,
        },
        status=400 if form is not None else 200,
    )


@login_required
@require_GET
def statement(
    request: AuthenticatedHttpRequest, user_uuid: uuid.UUID, year: int, month: int
) -> HttpResponse:
    coordinator = get_money_coordinator_for(request.user, user_uuid)
    year, month = _month(year, month)
    return _statement_page(request, coordinator, year, month)


def _download(
    request: AuthenticatedHttpRequest, coordinator: User, year: int, kind: str, month: int
) -> None:
    record(
        Action.EXPORT,
        coordinator,
        request=request,
        key="funding.statement_downloaded",
        changes={"month": f"{year:04d}-{month:02d}", "format": kind},
    )


@login_required
@require_GET
def statement_pdf(
    request: AuthenticatedHttpRequest, user_uuid: uuid.UUID, year: int, month: int
) -> HttpResponse:
    coordinator = get_money_coordinator_for(request.user, user_uuid)
    year, month = _month(year, month)
    st = fees.statement(coordinator, year, month)
    _download(request, coordinator, year, "pdf", month)
    return pdf_response(
        documents.statement_pdf(st), f"vergoedingen-{year:04d}-{month:02d}.pdf", attachment=True
    )


@login_required
@require_GET
def statement_csv(
    request: AuthenticatedHttpRequest, user_uuid: uuid.UUID, year: int, month: int
) -> HttpResponse:
    coordinator = get_money_coordinator_for(request.user, user_uuid)
    year, month = _month(year, month)
    st = fees.statement(coordinator, year, month)
    _download(request, coordinator, year, "csv", month)
    response = HttpResponse(
        ("\ufeff" + documents.statement_csv(st)).encode(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="vergoedingen-{year:04d}-{month:02d}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def declare(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coordinator declares a cost for one of their own cases."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    coordinator = request.user
    form = ExpenseForm(request.POST, request.FILES, cases=_case_choices(coordinator))
    today = timezone.localdate()
    if not form.is_valid():
        return _statement_page(request, coordinator, today.year, today.month, form=form)
    data = form.cleaned_data
    case = Case.objects.filter(coordinator=coordinator, uuid=data["case"]).first()
    if case is None:
        raise Http404
    try:
        expense = fees.declare(
            coordinator=coordinator,
            case=case,
            kind=data["kind"],
            spent_on=data["spent_on"],
            description=data["description"],
            km=data.get("km"),
            amount=data.get("amount"),
            receipt=data.get("receipt") or None,
            receipt_type=form.receipt_type,
            request=request,
        )
    except fees.ExpenseRefused as refusal:
        form.add_error(None, str(refusal))
        return _statement_page(request, coordinator, today.year, today.month, form=form)
    messages.success(request, _("Uw declaratie is ingediend. De regiomanager beoordeelt die."))
    return redirect(
        "funding:statement",
        user_uuid=coordinator.uuid,
        year=expense.spent_on.year,
        month=expense.spent_on.month,
    )


@login_required
@require_GET
def receipt(request: AuthenticatedHttpRequest, expense_uuid: uuid.UUID) -> FileResponse:
    """A declaration's receipt: for its coordinator and the managers of their regions."""
    expense = get_expense_for(request, expense_uuid)
    if not expense.receipt:
        raise Http404
    record(Action.EXPORT, expense, request=request, key="funding.receipt_downloaded")
    return upload_response(
        expense.receipt,
        original_name=expense.receipt_name,
        content_type=expense.receipt_type,
        fallback="bon",
    )


@login_required
@require_POST
def expense_decide(request: AuthenticatedHttpRequest, expense_uuid: uuid.UUID) -> HttpResponse:
    """The regional manager approves or rejects a declaration (once)."""
    expense = get_expense_to_decide(request, expense_uuid)
    form = ExpenseDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("decision", []) + form.errors.get("reason", []):
            messages.error(request, str(error))
        return redirect("funding:money")
    try:
        fees.decide(
            expense,
            approved=form.cleaned_data["decision"] == "approved",
            reason=form.cleaned_data["reason"],
            actor=request.user,
            request=request,
        )
    except fees.ExpenseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Het besluit over de declaratie is vastgelegd."))
    return redirect("funding:money")
