"""Sessions end after 30 minutes without a request and 12 hours after signing in (decision 0082).

The moments live in the session itself: `kring_login_at` is set when someone signs in,
`kring_seen_at` moves with their requests (at most once a minute, so a busy page does not
write the session on every request). A session past either limit is ended and the person
is sent to the login page with a plain message.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LOGIN_AT = "kring_login_at"
SEEN_AT = "kring_seen_at"
# Seconds between two updates of `kring_seen_at`.
SEEN_GRANULARITY = 60


def stamp(session: SessionBase) -> None:
    """Mark the start of a signed-in session (called when someone signs in)."""
    now = int(time.time())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def _expired(session: SessionBase, now: int) -> bool:
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return True
    return (
        now - seen_at > settings.KRING_SESSION_IDLE_SECONDS
        or now - login_at > settings.KRING_SESSION_ABSOLUTE_SECONDS
    )


class SessionTimeoutMiddleware:
    """Ends idle and too-old signed-in sessions; keeps the idle clock running otherwise."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only a request that carries a session cookie can be signed in; others cost nothing.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            session = request.session
            if "_auth_user_id" in session:
                now = int(time.time())
                if _expired(session, now):
                    logout(request)
                    messages.info(
                        request,
                        _("U bent uitgelogd omdat u een tijd niets deed. Log opnieuw in."),
                    )
                    return redirect_to_login(request.get_full_path())
                seen_at = session.get(SEEN_AT)
                if isinstance(seen_at, int) and now - seen_at >= SEEN_GRANULARITY:
                    session[SEEN_AT] = now
        return self.get_response(request)
