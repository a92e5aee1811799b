"""Responses for documents: never cached, never sniffed as something else."""

from django.core.files import File
from django.http import FileResponse, HttpResponse

from kring.core.uploads import download_name


def pdf_response(data: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    """A generated PDF, shown in the browser (or saved when `attachment`)."""
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def upload_response(
    stored: File, *, original_name: str, content_type: str, fallback: str = "document"
) -> FileResponse:
    """An uploaded (checked) document as a download: the type Kring detected when it was
    uploaded, and a file name with that type's extension, whatever the uploader called it."""
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=download_name(original_name, content_type, fallback=fallback),
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
