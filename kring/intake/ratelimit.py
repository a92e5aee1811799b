"""A small per-IP rate limit on the public form, counted in the database
(`kring.core.counters`, decision 0195).

Fixed windows are enough here: the aim is to stop a script flooding the regional queues, not
to meter people. Real people hit it only after many posts in an hour, and then see the phone
number to call instead.
"""

from django.conf import settings
from django.http import HttpRequest

from kring.core import counters
from kring.core.clientip import client_ip


def hit_and_check(request: HttpRequest, scope: str = "request-form") -> bool:
    """Count one post from this client; False when it is over the limit for this window.

    The client is who `kring.core.clientip` says, behind the trusted proxies of the settings."""
    ip = client_ip(request) or "unknown"
    key = f"ratelimit:{scope}:{ip}"
    # The window starts at the first post and lasts KRING_REQUEST_RATE_WINDOW seconds.
    count = counters.hit(key, settings.KRING_REQUEST_RATE_WINDOW)
    return count <= settings.KRING_REQUEST_RATE_LIMIT
