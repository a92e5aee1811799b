"""A small per-IP rate limit on the public form, kept in Django's cache.

Fixed windows are enough here: the aim is to stop a script flooding the regional queues, not
to meter people. Real people hit it only after many posts in an hour, and then see the phone
number to call instead.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from kring.core.clientip import client_ip


def hit_and_check(request: HttpRequest, scope: str = "request-form") -> bool:
    """Count one post from this client; False when it is over the limit for this window.

    The client is who `kring.core.clientip` says, behind the trusted proxies of the settings."""
    ip = client_ip(request) or "unknown"
    key = f"ratelimit:{scope}:{ip}"
    window = settings.KRING_REQUEST_RATE_WINDOW
    # add() only sets when absent, so the window starts at the first post.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): start a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= settings.KRING_REQUEST_RATE_LIMIT
