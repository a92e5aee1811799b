"""Pages for money: funders and contracts, the organisation's invoicing details, funding per
case, invoice runs, invoices (PDF, CSV, UBL) and credit notes."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.accounts.http import AuthenticatedHttpRequest
from kring.audit.services import Action, record
from kring.cases.access import may_stop
from kring.cases.states import OPEN_STATES
from kring.core.access import Purpose
from kring.core.downloads import pdf_response
from kring.core.paging import keyset_page, page_total
from kring.funding import budget, case_funding, documents, invoicing, keeping, ubl
from kring.funding.access import (
    funders_for,
    get_case_for_funding,
    get_funder_for,
    get_funding_request,
    get_invoice_for,
    get_kept_contract,
    get_kept_funder,
    invoices_for,
    may_keep_issuer,
    may_keep_money,
)
from kring.funding.forms import (
    ContractForm,
    CreditForm,
    DecisionForm,
    FunderForm,
    FundingRequestForm,
    IssuerForm,
    RunForm,
)
from kring.funding.models import Funder, FundingRequest, Invoice, Issuer, RequestStatus, Tariff


def _status(*forms: BaseForm) -> int:
    return 400 if any(f.is_bound and f.errors for f in forms) else 200


def _require_keeper(request: AuthenticatedHttpRequest) -> None:
    if not may_keep_money(request.user):
        raise PermissionDenied


def _year(request: AuthenticatedHttpRequest) -> int:
    value = request.GET.get("jaar", "")
    this_year = timezone.localdate().year
    if value.isdigit() and 2000 <= int(value) <= this_year + 5:
        return int(value)
    return this_year


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Money at a glance for staff: the funders, and whether the invoicing details are set."""
    _require_keeper(request)
    page = keyset_page(
        funders_for(request.user), order_field="name", cursor=request.GET.get("na"), size=50
    )
    return render(
        request,
        "funding/index.html",
        {
            "page": page,
            "total": page_total(page, funders_for(request.user)),
            "issuer": Issuer.objects.first(),
            "may_keep_issuer": may_keep_issuer(request.user),
            "reminders": case_funding.reminders_due(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def issuer(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisation's own invoicing details (administrators)."""
    if not may_keep_issuer(request.user):
        raise PermissionDenied
    form = IssuerForm(
        request.POST if request.method == "POST" else None, instance=Issuer.objects.first()
    )
    if request.method == "POST" and form.is_valid():
        keeping.save_issuer(form, actor=request.user, request=request)
        messages.success(request, _("De factuurgegevens zijn opgeslagen."))
        return redirect("funding:index")
    return render(request, "funding/issuer.html", {"form": form}, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def funder_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new funder: a municipality or an institution."""
    _require_keeper(request)
    form = FunderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        funder = keeping.save_funder(form, actor=request.user, request=request)
        messages.success(request, _("Financier %(name)s is toegevoegd.") % {"name": funder.name})
        return redirect("funding:funder", funder_uuid=funder.uuid)
    return render(
        request, "funding/funder_form.html", {"form": form, "funder": None}, status=_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def funder_edit(request: AuthenticatedHttpRequest, funder_uuid: uuid.UUID) -> HttpResponse:
    """Change a funder's invoicing details."""
    funder = get_kept_funder(request.user, funder_uuid)
    form = FunderForm(request.POST if request.method == "POST" else None, instance=funder)
    if request.method == "POST" and form.is_valid():
        keeping.save_funder(form, actor=request.user, request=request)
        messages.success(request, _("Opgeslagen."))
        return redirect("funding:funder", funder_uuid=funder.uuid)
    return render(
        request,
        "funding/funder_form.html",
        {"form": form, "funder": funder},
        status=_status(form),
    )


@login_required
@require_GET
def funder(request: AuthenticatedHttpRequest, funder_uuid: uuid.UUID) -> HttpResponse:
    """A funder's contracts, budget and invoices of one year. Staff see every funder, a
    funder user only their own."""
    obj = get_funder_for(request.user, funder_uuid)
    year = _year(request)
    contracts = list(obj.contracts.prefetch_related("tariffs").order_by("-starts_on", "id"))
    invoices = list(
        invoices_for(request.user)
        .filter(funder=obj, period_start__year=year)
        .order_by("period_start", "sequence")
    )
    keeper = may_keep_money(request.user)
    return render(
        request,
        "funding/funder.html",
        {
            "funder": obj,
            "year": year,
            "years": [year - 1, year, year + 1],
            "contracts": contracts,
            "budget": budget.overview(Funder.objects.filter(pk=obj.pk), year),
            "invoices": invoices,
            "may_keep": keeper,
            "pending": (
                FundingRequest.objects.filter(funder=obj, status=RequestStatus.PENDING).count()
                if keeper
                else None
            ),
        },
    )


def _tariffs_of(contract_pk: int | None) -> dict[str, Decimal]:
    if contract_pk is None:
        return {}
    from_db = Tariff.objects.filter(contract_id=contract_pk)
    return {t.product: t.amount for t in from_db}


@login_required
@require_http_methods(["GET", "POST"])
def contract_new(request: AuthenticatedHttpRequest, funder_uuid: uuid.UUID) -> HttpResponse:
    """A new contract with its tariffs."""
    obj = get_kept_funder(request.user, funder_uuid)
    form = ContractForm(request.POST if request.method == "POST" else None, funder=obj, tariffs={})
    if request.method == "POST" and form.is_valid():
        keeping.save_contract(form, form.tariffs(), actor=request.user, request=request)
        messages.success(request, _("Het contract is toegevoegd."))
        return redirect("funding:funder", funder_uuid=obj.uuid)
    return render(
        request,
        "funding/contract_form.html",
        {"form": form, "funder": obj, "contract": None},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request: AuthenticatedHttpRequest, contract_uuid: uuid.UUID) -> HttpResponse:
    """Change a contract or its tariffs (issued invoices keep their own copies)."""
    contract = get_kept_contract(request.user, contract_uuid)
    form = ContractForm(
        request.POST if request.method == "POST" else None,
        instance=contract,
        funder=contract.funder,
        tariffs=_tariffs_of(contract.pk),
    )
    if request.method == "POST" and form.is_valid():
        keeping.save_contract(form, form.tariffs(), actor=request.user, request=request)
        messages.success(request, _("Opgeslagen."))
        return redirect("funding:funder", funder_uuid=contract.funder.uuid)
    return render(
        request,
        "funding/contract_form.html",
        {"form": form, "funder": contract.funder, "contract": contract},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def run(request: AuthenticatedHttpRequest, funder_uuid: uuid.UUID) -> HttpResponse:
    """An invoice run for one funder and period: first what it would bill, then issue it."""
    obj = get_kept_funder(request.user, funder_uuid)
    data = request.POST if request.method == "POST" else (request.GET if request.GET else None)
    form = RunForm(data)
    plan = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        plan = invoicing.preview(obj, start, end)
        if request.method == "POST" and "issue" in request.POST and not plan.problems:
            try:
                invoice = invoicing.run_invoice(
                    obj, start, end, actor=request.user, request=request
                )
            except invoicing.InvoicingRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request, _("Factuur %(number)s is gemaakt.") % {"number": invoice.number}
                )
                return redirect("funding:invoice", invoice_uuid=invoice.uuid)
    status = _status(form)
    if request.method == "POST" and status == 200 and (plan is None or plan.problems):
        status = 400
    return render(
        request, "funding/run.html", {"funder": obj, "form": form, "plan": plan}, status=status
    )


@login_required
@require_GET
def invoice(request: AuthenticatedHttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    """One invoice or credit note, with its lines (case references, never names)."""
    obj = get_invoice_for(request, invoice_uuid)
    keeper = may_keep_money(request.user)
    return render(
        request,
        "funding/invoice.html",
        {
            "invoice": obj,
            "lines": list(obj.lines.order_by("position")),
            "credit_notes": list(obj.credit_notes.order_by("sequence")),
            "may_credit": keeper and invoicing.may_credit(obj),
            "credit_form": CreditForm(),
            "may_keep": keeper,
        },
    )


def _downloaded(request: AuthenticatedHttpRequest, obj: Invoice, kind: str) -> None:
    record(
        Action.VIEW,
        obj,
        request=request,
        key="funding.invoice_downloaded",
        changes={"format": kind},
    )


@login_required
@require_GET
def invoice_pdf(request: AuthenticatedHttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    obj = get_invoice_for(request, invoice_uuid)
    _downloaded(request, obj, "pdf")
    return pdf_response(documents.invoice_pdf(obj), f"factuur-{obj.number}.pdf", attachment=True)


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def invoice_csv(request: AuthenticatedHttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    obj = get_invoice_for(request, invoice_uuid)
    _downloaded(request, obj, "csv")
    # A byte order mark so that spreadsheets read the euro amounts' text as UTF-8.
    data = ("\ufeff" + documents.invoice_csv(obj)).encode()
    return _attachment(data, "text/csv; charset=utf-8", f"factuur-{obj.number}.csv")


@login_required
@require_GET
def invoice_ubl(request: AuthenticatedHttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    obj = get_invoice_for(request, invoice_uuid)
    _downloaded(request, obj, "ubl")
    return _attachment(ubl.document(obj), "application/xml", f"factuur-{obj.number}.xml")


@login_required
@require_POST
def credit(request: AuthenticatedHttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    """A credit note for the whole invoice, with a reason."""
    if not may_keep_money(request.user):
        raise Http404
    obj = get_invoice_for(request, invoice_uuid)
    form = CreditForm(request.POST)
    if not form.is_valid() or not invoicing.may_credit(obj):
        if form.is_valid():
            messages.error(request, _("Deze factuur is al gecrediteerd."))
            return redirect("funding:invoice", invoice_uuid=obj.uuid)
        return render(
            request,
            "funding/invoice.html",
            {
                "invoice": obj,
                "lines": list(obj.lines.order_by("position")),
                "credit_notes": list(obj.credit_notes.order_by("sequence")),
                "may_credit": True,
                "credit_form": form,
                "may_keep": True,
            },
            status=400,
        )
    try:
        note = invoicing.credit(
            obj, reason=form.cleaned_data["reason"], actor=request.user, request=request
        )
    except invoicing.InvoicingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("funding:invoice", invoice_uuid=obj.uuid)
    messages.success(request, _("Creditnota %(number)s is gemaakt.") % {"number": note.number})
    return redirect("funding:invoice", invoice_uuid=note.uuid)


# --- Funding per case -------------------------------------------------------------------------


def _case_page(
    request: AuthenticatedHttpRequest,
    case_uuid: uuid.UUID,
    *,
    request_form: FundingRequestForm | None = None,
    decision_form: DecisionForm | None = None,
    decision_for: FundingRequest | None = None,
) -> HttpResponse:
    case = get_case_for_funding(request, case_uuid, Purpose.LIST)
    requests = list(
        FundingRequest.objects.filter(case=case).select_related("funder").order_by("-id")
    )
    live = any(r.status in (RequestStatus.PENDING, RequestStatus.APPROVED) for r in requests)
    funders = funders_for(request.user)
    suggested = funders.filter(municipality_id=case.municipality_id).first()
    return render(
        request,
        "funding/case.html",
        {
            "case": case,
            "requests": requests,
            "may_request": not live and case.status in OPEN_STATES,
            "request_form": request_form
            or FundingRequestForm(funders=funders, initial_funder=suggested),
            "decision_form": decision_form or DecisionForm(),
            "decision_for": decision_for,
            "today": timezone.localdate(),
            "may_stop": may_stop(request.user, case),
            "refused": bool(requests) and not live,
        },
        status=_status(*(f for f in (request_form, decision_form) if f is not None)),
    )


@login_required
@require_GET
def case(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The case's funding: the requests to funders and their answers (no personal data)."""
    return _case_page(request, case_uuid)


@login_required
@require_POST
def case_request(request: AuthenticatedHttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """Ask a funder to pay for this case."""
    obj = get_case_for_funding(request, case_uuid, Purpose.CHANGE)
    form = FundingRequestForm(request.POST, funders=funders_for(request.user))
    if not form.is_valid():
        return _case_page(request, case_uuid, request_form=form)
    if obj.status not in OPEN_STATES:
        messages.error(request, _("Dit traject loopt niet meer."))
        return redirect("funding:case", case_uuid=obj.uuid)
    try:
        case_funding.request_funding(
            obj,
            form.cleaned_data["funder"],
            remind_on=form.cleaned_data["remind_on"],
            actor=request.user,
            request=request,
        )
    except case_funding.FundingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("De aanvraag voor financiering is vastgelegd."))
    return redirect("funding:case", case_uuid=obj.uuid)


@login_required
@require_POST
def case_decide(
    request: AuthenticatedHttpRequest, case_uuid: uuid.UUID, funding_uuid: uuid.UUID
) -> HttpResponse:
    """Record the funder's answer: approved (order number) or refused (reason)."""
    obj = get_case_for_funding(request, case_uuid, Purpose.CHANGE)
    funding = get_funding_request(obj, funding_uuid)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case_uuid, decision_form=form, decision_for=funding)
    try:
        case_funding.decide(
            funding,
            approved=form.cleaned_data["decision"] == "approved",
            order_number=form.cleaned_data["order_number"].strip(),
            reason=form.cleaned_data["reason"].strip(),
            actor=request.user,
            request=request,
        )
    except case_funding.FundingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Het besluit van de financier is vastgelegd."))
    return redirect("funding:case", case_uuid=obj.uuid)
