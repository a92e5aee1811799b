"""Checking uploaded documents (PDF or photo), shared by every app that takes uploads.

The type is read from the file's content with `filetype`, never from its name or from what
the browser claims, so a renamed program is refused whatever it is called.
"""

from __future__ import annotations

import filetype
from django import forms
from django.core.files import File
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 10 * 1024 * 1024
ALLOWED_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp", "image/heic"}
# What the `accept` attribute of a file input offers (a hint for the browser only).
ACCEPT = "application/pdf,image/*"


def check_document(upload: File) -> str:
    """The content type of an uploaded PDF or photo; ValidationError when too big or not one."""
    if upload.size > MAX_UPLOAD:
        raise forms.ValidationError(_("Dit bestand is groter dan 10 MB."))
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise forms.ValidationError(_("Alleen een PDF of een foto (JPG, PNG) kan."))
    mime: str = kind.mime
    return mime


def extension_for(mime: str) -> str:
    """The file extension to store a checked document under (the stored name is random)."""
    return "pdf" if mime == "application/pdf" else mime.split("/")[-1]
