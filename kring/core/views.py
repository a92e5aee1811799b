"""The privacy statement (no domain app owns it), the health endpoint and security.txt."""

import datetime
import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy statement in plain language."""
    return render(
        request,
        "core/privacy.html",
        {"retention_days": settings.KRING_INFO_REQUEST_RETENTION_DAYS},
    )


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.exception("Health check: database unreachable")
        return JsonResponse(
            {"status": "error", "database": "unreachable", "reason": type(exc).__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """`/.well-known/security.txt` (RFC 9116): how to report a vulnerability, and until when
    this information holds."""
    if settings.KRING_SECURITY_TXT_EXPIRES:
        expires = datetime.datetime.fromisoformat(settings.KRING_SECURITY_TXT_EXPIRES)
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=datetime.UTC)
    else:
        today = (
            timezone.now()
            .astimezone(datetime.UTC)
            .replace(hour=0, minute=0, second=0, microsecond=0)
        )
        expires = today + datetime.timedelta(days=365)
    lines = [f"Contact: {contact}" for contact in settings.KRING_SECURITY_CONTACT]
    lines += [
        f"Expires: {expires.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.KRING_BASE_URL}{reverse('core:security_txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
