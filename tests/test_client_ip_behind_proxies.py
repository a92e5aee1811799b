"""The client's address behind reverse proxies (issue 11, item 7; decision 0122).

One function (`kring.core.clientip.client_ip`) gives the address to the public form's rate
limit and to the audit log; it believes X-Forwarded-For only as far as the settings trust the
proxies that wrote it.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from kring.audit.models import AuditEvent
from kring.cases.tests.factories import CaseFactory
from kring.intake.models import Request
from kring.intake.tests.helpers import form_data

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    cache.clear()
    settings.KRING_REQUEST_RATE_LIMIT = 2


SENT = iter(range(1_000_000))


def post_request(client, municipality, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    # Each post a different request: the same one sent again is recognised (decision 0060).
    data = form_data(municipality, question=f"Wat is nodig voor gezin {next(SENT)}?")
    return client.post(reverse("intake:request_form"), data, **extra)


def test_without_trusted_proxies_a_forged_header_changes_nothing(client, municipality):
    # Everyone comes through one address; a client cannot escape the limit by forging XFF.
    for n in range(2):
        assert post_request(client, municipality, PROXY, f"198.51.100.{n}").status_code == 302
    assert post_request(client, municipality, PROXY, "198.51.100.9").status_code == 429


def test_behind_one_proxy_each_client_has_its_own_bucket(client, municipality, settings):
    settings.KRING_TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        assert post_request(client, municipality, PROXY, "203.0.113.7").status_code == 302
    assert post_request(client, municipality, PROXY, "203.0.113.7").status_code == 429
    # Someone else behind the same proxy is not affected...
    assert post_request(client, municipality, PROXY, "203.0.113.8").status_code == 302
    # ...and the limited client cannot get out by putting an address in front.
    forged = "192.0.2.1, 203.0.113.7"
    assert post_request(client, municipality, PROXY, forged).status_code == 429
    assert Request.objects.count() == 3


def test_trusted_proxy_addresses(client, municipality, settings):
    settings.KRING_TRUSTED_PROXIES = ["10.0.0.0/8", "::1"]
    # Two proxies of our own in a row (10.0.0.9 then 10.0.0.5): the client is before them.
    for _ in range(2):
        post_request(client, municipality, PROXY, "203.0.113.7, 10.0.0.9")
    assert post_request(client, municipality, PROXY, "203.0.113.7, 10.0.0.9").status_code == 429
    assert post_request(client, municipality, PROXY, "203.0.113.8, 10.0.0.9").status_code == 302
    # A connection from outside the trusted networks is its own client, whatever it claims.
    assert post_request(client, municipality, "198.51.100.1", "203.0.113.8").status_code == 302
    assert post_request(client, municipality, "198.51.100.1", "203.0.113.8").status_code == 302
    assert post_request(client, municipality, "198.51.100.1", "203.0.113.8").status_code == 429


def view_case(client, case, remote, forwarded):
    client.get(
        reverse("cases:detail", args=[case.uuid]),
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return AuditEvent.objects.filter(case_id=case.uuid, action="view").latest("id")


def test_the_audit_log_records_the_client_not_the_proxy(client, admin_user, settings):
    case = CaseFactory(declared=True)
    client.force_login(admin_user)
    assert view_case(client, case, PROXY, "203.0.113.7").ip == PROXY
    settings.KRING_TRUSTED_PROXY_COUNT = 1
    assert view_case(client, case, PROXY, "203.0.113.7").ip == "203.0.113.7"
    # Garbage or a port in the header does not end up in the log.
    assert view_case(client, case, PROXY, "203.0.113.7:51234").ip == "203.0.113.7"
    assert view_case(client, case, PROXY, "not-an-address").ip == PROXY
    settings.KRING_TRUSTED_PROXY_COUNT = 0
    settings.KRING_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert view_case(client, case, PROXY, "2001:db8::7, 10.0.0.9").ip == "2001:db8::7"
