"""Middleware that knows no domain: clean form input at the door, refuse undecodable posts."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext as _

from kring.core.text import clean_text

# Passwords are compared byte for byte; never change what someone typed there.
KEEP_AS_TYPED = ("password",)


class CleanInputMiddleware:
    """Every form post reaches the views without control characters or bidirectional
    overrides (one shared clean-up, `kring.core.text.clean_text`), and a body that cannot be
    decoded (e.g. a declared charset that does not fit) is a 400 in plain Dutch, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            try:
                data = request.POST
            except (UnicodeDecodeError, LookupError, ValueError):
                return HttpResponseBadRequest(
                    _("Het formulier kon niet worden gelezen. Probeer het opnieuw."),
                    content_type="text/plain; charset=utf-8",
                )
            cleaned = QueryDict(mutable=True)
            for key, values in data.lists():
                if any(word in key for word in KEEP_AS_TYPED):
                    cleaned.setlist(key, values)
                else:
                    cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
            cleaned._mutable = False
            request.POST = cleaned  # type: ignore[assignment]
        return self.get_response(request)
