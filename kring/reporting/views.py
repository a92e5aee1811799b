"""The figure pages: the management dashboard with its CSVs, a municipality's figures (what a
funder sees), the research export and the annual report. Read-only: nothing here writes into
another app; the only writes are audit events of the exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.accounts.access import is_funder
from kring.accounts.decorators import role_required
from kring.accounts.http import AuthenticatedHttpRequest
from kring.accounts.models import Role
from kring.audit.services import Action, record
from kring.core.downloads import pdf_response
from kring.reporting import access, export, municipal, report, sections
from kring.reporting.figures import Filters
from kring.reporting.forms import AnnualReportForm, ExportForm, FilterForm, YearForm
from kring.reporting.models import RefreshState

staff_only = role_required(Role.ADMIN, Role.REGIONAL_MANAGER)
admin_only = role_required(Role.ADMIN)


def _filter_form(request: AuthenticatedHttpRequest) -> tuple[FilterForm, Filters]:
    regions = access.dashboard_regions(request.user)
    form = FilterForm(
        request.GET or None, regions=access.regions_for(request.user), auto_id="filter_%s"
    )
    return form, form.filters(regions)


@role_required(Role.ADMIN, Role.REGIONAL_MANAGER, Role.FUNDER)
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The management dashboard; a funder is sent to their own municipality's figures."""
    if is_funder(request.user):
        municipality = request.user.funder_municipality
        if municipality is None:
            raise Http404
        return redirect("reporting:municipality", code=municipality.code)
    form, filters = _filter_form(request)
    query = request.GET.urlencode()
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "sections": sections.build(filters),
            "query": query,
            "refreshed": RefreshState.objects.filter(pk=1).first(),
            "may_export": access.may_export_research(request.user),
            "municipality": form.cleaned_data.get("gemeente")
            if form.is_bound and form.is_valid()
            else None,
        },
    )


def csv_response(
    filename: str, columns: list[str], rows: Sequence[Sequence[object]]
) -> HttpResponse:
    """A CSV download (semicolons, as Dutch spreadsheets expect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_only
@require_GET
def dashboard_csv(request: AuthenticatedHttpRequest, section: str) -> HttpResponse:
    """One section of the dashboard as CSV, with the same filter."""
    _form, filters = _filter_form(request)
    found = sections.section(filters, section)
    if found is None:
        raise Http404
    return csv_response(f"{found.slug}.csv", found.columns, found.rows)


@role_required(Role.ADMIN, Role.REGIONAL_MANAGER, Role.FUNDER)
@require_GET
def municipality(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A municipality's figures for one year, with small numbers suppressed."""
    place = access.municipality_for(request.user, code)
    form = YearForm(request.GET or None)
    year = form.cleaned_data["jaar"] if form.is_bound and form.is_valid() else None
    year = year or timezone.localdate().year
    return render(
        request,
        "reporting/municipality.html",
        {
            "place": place,
            "form": form,
            "year": year,
            "tables": municipal.tables(place, year),
        },
    )


@admin_only
@require_http_methods(["GET", "POST"])
def research_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The pseudonymised research dataset: a page with the period, a POST downloads the ZIP."""
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["van"], form.cleaned_data["tot"]
        data, counts = export.research_zip(start, end)
        record(
            Action.EXPORT,
            None,
            request=request,
            object_type="reporting.research_export",
            changes={"from": start.isoformat(), "to": end.isoformat(), **counts},
            key="reporting.research_exported",
        )
        response = HttpResponse(data, content_type="application/zip")
        name = f"kring-onderzoek-{start:%Y-%m}-{end:%Y-%m}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return render(request, "reporting/research_export.html", {"form": form})


@admin_only
@require_GET
def annual_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The annual report: a form (year, region); with a year chosen, the PDF."""
    form = AnnualReportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        year, region = form.cleaned_data["jaar"], form.cleaned_data["regio"]
        data = report.annual_pdf(year, region)
        record(
            Action.EXPORT,
            region,
            request=request,
            object_type="reporting.annual_report",
            changes={"year": year},
            key="reporting.annual_report_downloaded",
        )
        suffix = f"-{region.slug}" if region else ""
        return pdf_response(
            data,
            _("jaarverslag-%(year)s%(suffix)s.pdf") % {"year": year, "suffix": suffix},
            attachment=True,
        )
    return render(request, "reporting/annual_report.html", {"form": form})
