"""Checking uploaded documents (PDF or photo), shared by every app that takes uploads.

The type is read from the file's content with `filetype`, never from its name or from what
the browser claims, so a renamed program is refused whatever it is called. Then the file must
really be what its first bytes say (decision 0123): a PDF must parse (pypdf) and have a page;
a photo must decode completely (Pillow) within `KRING_MAX_IMAGE_PIXELS`. A file that only
starts like a PDF is refused. Downloads carry the extension of the detected type, never the
uploader's, and a replaced or removed file is deleted from storage after the commit.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# The extension each accepted type is stored and downloaded with.
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}
ALLOWED_TYPES = set(EXTENSIONS)
# What the `accept` attribute of a file input offers (a hint for the browser only).
ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"
# Kept for callers that name the limit; the setting is the one in force.
MAX_UPLOAD = 10 * 1024 * 1024

_UNSAFE_IN_NAME = re.compile(r"[^\w\s().,+-]")

NOT_A_DOCUMENT = _("Alleen een PDF of een foto (JPG, PNG) kan.")
DAMAGED = _("Dit bestand is beschadigd of onvolledig. Sla het opnieuw op en probeer het nog eens.")


def check_document(upload: File) -> str:
    """The content type of an uploaded PDF or photo; ValidationError when too big, not one,
    or not readable as what it claims to be."""
    limit = settings.KRING_MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise forms.ValidationError(
            _("Dit bestand is groter dan %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise forms.ValidationError(NOT_A_DOCUMENT)
    mime: str = kind.mime
    try:
        if mime == "application/pdf":
            _check_pdf(upload)
        else:
            _check_image(upload)
    finally:
        upload.seek(0)
    return mime


def _check_pdf(upload: File) -> None:
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise forms.ValidationError(
                _("Deze PDF is beveiligd met een wachtwoord. Stuur een PDF zonder wachtwoord.")
            )
        pages = len(reader.pages)
        if pages:
            reader.pages[0].mediabox  # noqa: B018 - reading the first page proves the page tree
    except forms.ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        logger.info("Upload refused: PDF does not parse (%s)", type(exc).__name__)
        raise forms.ValidationError(DAMAGED) from exc
    except RecursionError as exc:
        raise forms.ValidationError(DAMAGED) from exc
    if not pages:
        raise forms.ValidationError(DAMAGED)


def _check_image(upload: File) -> None:
    max_pixels = settings.KRING_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise forms.ValidationError(
                        _("Deze foto is te groot (te veel pixels). Stuur een kleinere foto.")
                    )
                image.load()  # decode every pixel: a truncated or corrupt photo fails here
    except forms.ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise forms.ValidationError(
            _("Deze foto is te groot (te veel pixels). Stuur een kleinere foto.")
        ) from exc
    except (OSError, ValueError, SyntaxError, Image.UnidentifiedImageError) as exc:
        logger.info("Upload refused: image does not decode (%s)", type(exc).__name__)
        raise forms.ValidationError(DAMAGED) from exc


def extension_for(mime: str) -> str:
    """The file extension to store a checked document under (the stored name is random)."""
    return EXTENSIONS.get(mime, "bin")


def download_name(original: str, mime: str, *, fallback: str = "document") -> str:
    """The name a checked document is downloaded under: the uploader's name without its
    extension, plus the extension of the type Kring detected ("scan.exe" stored as a PDF
    downloads as "scan.pdf")."""
    # Letters, digits, spaces and a few marks; no path, quote or control character.
    stem = " ".join(_UNSAFE_IN_NAME.sub("", PurePath(original or "").stem).split())[:150]
    return f"{stem.strip('.') or fallback}.{extension_for(mime)}"


def delete_after_commit(storage: Storage, name: str) -> None:
    """Delete a stored file once the transaction that replaced or removed it has committed
    (a rolled-back change keeps the file it still points at)."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))
