"""The annual report as a tagged PDF (WeasyPrint, PDF/UA like the plan PDF): the key figures of
a year, for one region or all, with their charts and tables. No names: the coordinators'
workload (which names them) stays on the dashboard."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kring.accounts.models import Region
from kring.reporting import sections
from kring.reporting.figures import Filters

LEFT_OUT = {"aanvragen-per-week", "werklast"}


def annual_sections(year: int, region: Region | None) -> list[sections.Section]:
    filters = Filters(
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 1),
        region=region.id if region else None,
    )
    return [s for s in sections.build(filters) if s.slug not in LEFT_OUT]


def _write(html: str) -> bytes:
    from weasyprint import HTML  # heavy: loaded when a PDF is made, as in plans.pdf

    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def annual_pdf(year: int, region: Region | None) -> bytes:
    """The report for `year` (and `region`, or every region) as PDF bytes, in Dutch."""
    with translation.override("nl"):
        html = render_to_string(
            "reporting/pdf/annual.html",
            {
                "year": year,
                "region": region,
                "sections": annual_sections(year, region),
                "made_at": timezone.now(),
                "language": "nl",
                "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME,
            },
        )
    return _write(html)
