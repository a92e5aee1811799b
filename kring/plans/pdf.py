"""The plan document as PDF (WeasyPrint): tagged, in the main person's language, cached."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kring.network.models import Person
from kring.plans.models import PlanVersion
from kring.plans.versions import CONTENT_STATES, display


def _write(html: str) -> bytes:
    from weasyprint import HTML

    # pdf/ua-1 makes WeasyPrint write a tagged PDF with the document language in /Lang.
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def render_plan(
    content: dict[str, Any], *, language: str, delivered_at: datetime.datetime | None = None
) -> bytes:
    """The whole plan as PDF bytes."""
    with translation.override(language):
        html = render_to_string(
            "plans/pdf/plan.html",
            {
                "plan": display(content),
                "language": language,
                "delivered_at": delivered_at or timezone.now(),
                "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME,
                **CONTENT_STATES,
            },
        )
    return _write(html)


def render_my_agreements(
    content: dict[str, Any], person: Person, tasks: list[dict[str, Any]], *, language: str
) -> bytes:
    """Only this participant's own tasks and the follow-up date, as PDF bytes."""
    shown = display({**content, "agreements": tasks})
    with translation.override(language):
        html = render_to_string(
            "plans/pdf/my_agreements.html",
            {
                "plan": shown,
                "person": person,
                "language": language,
                "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME,
            },
        )
    return _write(html)


def version_pdf(version: PlanVersion) -> bytes:
    """The version's PDF: from the cache, or rendered once and stored."""
    if version.pdf:
        return bytes(version.pdf)
    data = render_plan(
        version.content, language=version.language, delivered_at=version.delivered_at
    )
    # Store only if no one else did meanwhile; the bytes are identical either way.
    PlanVersion.objects.filter(Q(pk=version.pk) & Q(pdf__isnull=True)).update(pdf=data)
    version.pdf = data
    return data
