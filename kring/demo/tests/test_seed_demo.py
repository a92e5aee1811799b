import base64
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kring.accounts.models import Municipality, Role, User
from kring.accounts.tests.helpers import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_seed_demo_prints_one_login_per_role_and_is_idempotent(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    assert {line[0] for line in lines} == {r.value for r in Role}
    assert all(len(line) == 4 for line in lines)
    counts = (User.objects.count(), Municipality.objects.count())

    call_command("seed_demo", stdout=io.StringIO())
    assert (User.objects.count(), Municipality.objects.count()) == counts
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam"

    for role, email, password, secret in lines:
        # The fourth column is the base32 TOTP key an authenticator app (or a script) uses.
        key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
        sign_in(client, User.objects.get(email=email), key, password=password)
        assert client.get("/start/").status_code == 200, role
        client.post("/uitloggen/")


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.KRING_ENV = "production"
    with pytest.raises(CommandError, match="productie"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_new_requests_after_seeding_do_not_reuse_demo_reference_numbers():
    from kring.cases.models import Case
    from kring.core.references import next_reference

    call_command("seed_demo", stdout=io.StringIO())
    taken = set(Case.objects.values_list("reference", flat=True))
    fresh = next_reference()
    assert fresh not in taken


def test_seed_demo_prints_portal_entries_that_open_the_sign_in_page(client):
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=out, stderr=err)
    links = [
        line.split("\t")[-1] for line in err.getvalue().splitlines() if "/familie/link/" in line
    ]
    assert links, err.getvalue()
    # The staff logins keep their four tab-separated columns.
    assert all(len(line.split("\t")) == 4 for line in out.getvalue().splitlines())
    for link in links:
        path = link[link.index("/familie/") :]
        assert client.get(path).status_code == 200
