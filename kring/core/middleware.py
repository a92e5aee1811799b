"""Middleware that knows no domain: clean form input at the door, refuse undecodable or
oversized posts, and the security headers of every answer."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from kring.core.redaction import path_is_link
from kring.core.text import clean_text

# Passwords are compared byte for byte; never change what someone typed there.
KEEP_AS_TYPED = ("password",)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_large() -> HttpResponse:
    limit = settings.KRING_MAX_UPLOAD_BYTES // (1024 * 1024)
    return HttpResponse(
        _("Wat u stuurde is te groot. Een bestand mag hoogstens %(mb)s MB zijn.") % {"mb": limit},
        status=413,
        content_type="text/plain; charset=utf-8",
    )


class CleanInputMiddleware:
    """Every form post reaches the views without control characters or bidirectional
    overrides (one shared clean-up, `kring.core.text.clean_text`), and a body that cannot be
    decoded (e.g. a declared charset that does not fit) is a 400 in plain Dutch, not a 500.
    A body larger than `KRING_MAX_REQUEST_BYTES` is a 413 before it is read (so an upload
    is never read whole just to be refused for its size)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            if _declared_length(request) > settings.KRING_MAX_REQUEST_BYTES:
                # Refused before a byte of the body is read (the proxy refuses it even earlier).
                return _too_large()
            try:
                data = request.POST
            except RequestDataTooBig:
                return _too_large()
            except (UnicodeDecodeError, LookupError, ValueError, TooManyFieldsSent):
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


# Browser features Kring never uses, switched off for every page (and for anything that might
# be framed into one). WebAuthn (`publickey-credentials-*`) keeps its default: same origin only.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Headers every dynamic answer carries (decision 120).

    - `Cache-Control: no-store` (with `private`): nearly every page shows personal data or a
      form with a CSRF token, so nothing Kring renders is kept in a browser or proxy cache, and
      nothing survives logging out. Static files are served before this middleware and stay
      cacheable.
    - `Permissions-Policy`: camera, microphone, location and the like are off.
    - On personal-link pages, `Referrer-Policy: strict-origin`: a click sends at most the
      site's address, never the path with the token (not even to Kring's own proxy logs).
      Not `no-referrer`: with it, browsers send `Origin: null` on the page's own form posts,
      which Django's CSRF check rightly refuses.
    The Content-Security-Policy itself comes from Django's own middleware (`SECURE_CSP`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if path_is_link(request.path):
            response["Referrer-Policy"] = "strict-origin"
        return response
