"""A tampered paging cursor (`?na=`) shows the first page of every list, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Role

LISTS = {
    "intake:queue": Role.ADMIN,
    "cases:list": Role.ADMIN,
    "coordinators:list": Role.ADMIN,
    "plans:check_ins": Role.COORDINATOR,
    "portal:start": Role.COORDINATOR,
}
CURSORS = ["%%%", "WyJ4IiwgImFiYyJd", "WzEsIDFd", "W251bGwsIDFd", "e30", "A" * 5000]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), LISTS.items())
def test_every_list_survives_a_tampered_cursor(name, role, make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(role, is_superuser=role == Role.ADMIN))
    for cursor in CURSORS:
        response = client.get(reverse(name), {"na": cursor, "status": "alle"})
        assert response.status_code == 200, (name, cursor)
