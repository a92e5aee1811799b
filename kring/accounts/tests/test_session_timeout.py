import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.tests.helpers import enrol, sign_in

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    sign_in(client, user, enrol(user))
    return client


def test_a_session_ends_after_thirty_idle_minutes(manager):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = _signed_in(manager)
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("portal:start")).status_code == 200
        # Activity moved the clock: another 29 minutes is still fine.
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("portal:start")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("portal:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "omdat u een tijd niets deed" in page


def test_a_session_ends_twelve_hours_after_signing_in_even_when_busy(coordinator):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = _signed_in(coordinator)
        for _ in range(12 * 3 - 1):
            traveller.shift(datetime.timedelta(minutes=20))
            assert client.get(reverse("portal:start")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=21))
        assert client.get(reverse("portal:start")).status_code == 302


def test_the_session_cookie_ends_with_the_browser(manager):
    client = _signed_in(manager)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_production_uses_host_prefixed_cookies():
    import config.settings as config_settings

    with open(config_settings.__file__) as handle:
        source = handle.read()
    assert 'SESSION_COOKIE_NAME = "__Host-kring-session"' in source
    assert 'CSRF_COOKIE_NAME = "__Host-kring-csrf"' in source
