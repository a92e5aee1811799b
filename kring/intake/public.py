"""What the public home page needs from intake: the office finder and the quotes."""

from typing import Any

from django.http import HttpRequest

from kring.intake.forms import FindOfficeForm
from kring.intake.models import Testimonial


def home_context(request: HttpRequest) -> dict[str, Any]:
    """Template context for the home page (two small queries, independent of data size)."""
    return {
        "office_form": FindOfficeForm(),
        "office_municipality": None,
        "testimonials": list(Testimonial.objects.filter(published=True)[:3]),
    }
