"""Responses for generated documents: never cached, never sniffed as something else."""

from django.http import HttpResponse


def pdf_response(data: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    """A generated PDF, shown in the browser (or saved when `attachment`)."""
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
