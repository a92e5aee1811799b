"""Background work for plans: the PDF of a delivered version, rendered off the request path."""

from __future__ import annotations

from django.tasks import task

from kring.plans.models import PlanVersion
from kring.plans.pdf import version_pdf


@task()
def render_version_pdf(version_id: int) -> None:
    """Render and cache the PDF of a delivered version."""
    version = PlanVersion.objects.filter(pk=version_id).first()
    if version is not None:
        version_pdf(version)
