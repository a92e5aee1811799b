import io

import pytest
from django.core.management import call_command

from kring.accounts.models import Municipality, Role, User

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_seed_demo_prints_one_login_per_role_and_is_idempotent(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    assert {line[0] for line in lines} == {r.value for r in Role}
    assert all(len(line) == 3 for line in lines)
    counts = (User.objects.count(), Municipality.objects.count())

    call_command("seed_demo", stdout=io.StringIO())
    assert (User.objects.count(), Municipality.objects.count()) == counts
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam"

    for role, email, password in lines:
        assert client.login(username=email, password=password), role
        assert client.get("/start/").status_code == 200
        client.logout()


def test_new_requests_after_seeding_do_not_reuse_demo_reference_numbers():
    from kring.cases.models import Case
    from kring.core.references import next_reference

    call_command("seed_demo", stdout=io.StringIO())
    taken = set(Case.objects.values_list("reference", flat=True))
    fresh = next_reference()
    assert fresh not in taken
