"""The plan document as PDF (WeasyPrint): tagged (PDF/UA, with /Lang), in the main person's
language, cached per version in private file storage.

The file's properties (title, author, subject, keywords) never carry anyone's name or the
plan's words: a PDF is forwarded and indexed, and a child's name must not travel with it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from kring.languages import fonts
from kring.languages.services import speaking
from kring.network.models import Person
from kring.plans.models import PlanVersion, plan_pdf_name
from kring.plans.versions import CONTENT_STATES, display


def _write(html: str) -> bytes:
    from weasyprint import HTML

    # pdf/ua-1 makes WeasyPrint write a tagged PDF with the document language in /Lang.
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def render_plan(
    content: dict[str, Any], *, language: str, delivered_at: datetime.datetime | None = None
) -> bytes:
    """The whole plan as PDF bytes, in `language` (Dutch when Kring does not speak it)."""
    with speaking(language) as speech:
        html = render_to_string(
            "plans/pdf/plan.html",
            {
                "plan": display(content),
                "language": speech.code,
                "direction": speech.direction,
                "FONTS": fonts.font_face_css(),
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
    with speaking(language) as speech:
        html = render_to_string(
            "plans/pdf/my_agreements.html",
            {
                "plan": shown,
                "person": person,
                "language": speech.code,
                "direction": speech.direction,
                "FONTS": fonts.font_face_css(),
                "ORGANISATION_NAME": settings.KRING_ORGANISATION_NAME,
            },
        )
    return _write(html)


def version_pdf(version: PlanVersion) -> bytes:
    """The version's PDF: from file storage, or rendered once and stored there."""
    field = version.pdf_file
    if field.name:
        try:
            with field.storage.open(field.name, "rb") as stored:
                return bytes(stored.read())
        except FileNotFoundError:
            pass  # lost from storage (restored backup, moved bucket): render it again
    data = render_plan(
        version.content, language=version.language, delivered_at=version.delivered_at
    )
    storage = field.storage
    name = storage.save(plan_pdf_name(version, ""), ContentFile(data))
    # Keep the first name stored; a worker that lost the race removes its own copy.
    claimed = PlanVersion.objects.filter(pk=version.pk, pdf_file=field.name or "").update(
        pdf_file=name
    )
    if claimed:
        version.pdf_file.name = name
    else:
        storage.delete(name)
        version.refresh_from_db(fields=["pdf_file"])
    return data


def forget_pdf(version: PlanVersion) -> None:
    """Remove a version's cached PDF from storage (retention, erasure); it renders again when
    someone still may and does ask for it."""
    name = version.pdf_file.name
    if name:
        version.pdf_file.storage.delete(name)
        PlanVersion.objects.filter(pk=version.pk).update(pdf_file="")
        version.pdf_file.name = ""
