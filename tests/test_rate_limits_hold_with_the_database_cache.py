"""The rate limits hold for their whole window with production's database cache (decision
0195). There, the counts used to live in the cache: `incr()` stored each new count with the
cache's default timeout of five minutes, so an hour's window ended five minutes after the last
hit, and the cache culled a third of its entries whenever it held more than 300. The counts now
live in `kring.core.counters`, whatever the cache is.
"""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from kring.network.access import CODE_ATTEMPTS, code_attempts_left, count_wrong_code
from tests.test_client_ip_behind_proxies import post_request

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def _database_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kring_cache_test",
            # The production default, small enough to see the culling in a test.
            "OPTIONS": {"MAX_ENTRIES": 3},
        }
    }
    call_command("createcachetable", verbosity=0)
    settings.KRING_REQUEST_RATE_LIMIT = 2
    settings.KRING_REQUEST_RATE_WINDOW = 3600


def at(minutes: int) -> time_machine.travel:
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def test_the_public_form_limit_lasts_its_hour(client, municipality):
    with at(0):
        assert post_request(client, municipality, "203.0.113.7").status_code == 302
    with at(1):
        assert post_request(client, municipality, "203.0.113.7").status_code == 302
    # Six minutes after the last post: the cache's five minutes are over, the hour is not.
    with at(7):
        assert post_request(client, municipality, "203.0.113.7").status_code == 429
    with at(59):
        assert post_request(client, municipality, "203.0.113.7").status_code == 429
    # Other addresses filling the cache do not wipe this address's count.
    for n in range(6):
        with at(30):
            assert post_request(client, municipality, f"198.51.100.{n}").status_code == 302
    with at(59):
        assert post_request(client, municipality, "203.0.113.7").status_code == 429
    # The hour from the first post is over: a new window.
    with at(61):
        assert post_request(client, municipality, "203.0.113.7").status_code == 302


def test_the_short_code_budget_lasts_its_hour():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    with at(0):
        for _i in range(CODE_ATTEMPTS):
            count_wrong_code(request)
        assert not code_attempts_left(request)
    with at(10):
        assert not code_attempts_left(request)
    with at(61):
        assert code_attempts_left(request)
