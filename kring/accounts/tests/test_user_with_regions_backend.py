"""The signed-in user comes with their region ids in one query (decision 0198). That a
manager's scope follows a change of their regions on the next request is tested in
`kring/intake/tests/test_region_scope_per_request.py` (the queue is intake's)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kring.accounts.access import region_ids
from kring.accounts.backends import UserWithRegionsBackend, parse_region_ids
from kring.accounts.models import Role, User
from kring.accounts.tests.helpers import enrol, sign_in

QUEUE = "/aanvragen/"


@pytest.mark.parametrize(
    ("joined", "ids"), [(None, []), ("", []), ("7", [7]), ("12,3,7", [3, 7, 12])]
)
def test_region_ids_are_read_from_the_joined_column(joined, ids):
    assert parse_region_ids(joined) == ids


def test_the_user_of_a_session_comes_with_their_region_ids_in_one_query(
    make_user, region, other_region
):
    manager = make_user(Role.REGIONAL_MANAGER, regions=[other_region, region])
    backend = UserWithRegionsBackend()
    with CaptureQueriesContext(connection) as queries:
        user = backend.get_user(manager.pk)
        assert user is not None
        ids = region_ids(user)
    assert len(queries.captured_queries) == 1
    assert ids == sorted([region.pk, other_region.pk])


def test_a_user_without_regions_has_none_and_an_unknown_or_inactive_user_is_nobody(make_user):
    funder = make_user(Role.FUNDER)
    backend = UserWithRegionsBackend()
    user = backend.get_user(funder.pk)
    assert user is not None
    assert region_ids(user) == []
    assert backend.get_user(funder.pk + 1000) is None
    User.objects.filter(pk=funder.pk).update(is_active=False)
    assert backend.get_user(funder.pk) is None


def test_a_sign_in_through_the_login_screen_uses_this_backend(client, make_user):
    manager = make_user(Role.REGIONAL_MANAGER)
    sign_in(client, manager, enrol(manager))
    assert client.session[SESSION_KEY] == str(manager.pk)
    assert client.session["_auth_user_backend"] == "kring.accounts.backends.UserWithRegionsBackend"
    assert client.get(QUEUE).status_code == 200


def test_a_session_of_the_old_backend_signs_in_again(manager):
    """Sessions made before decision 0198 name Django's ModelBackend, which is no longer
    listed: Django treats them as signed out, and the login page is where they land."""
    client = Client()
    client.force_login(manager, backend="kring.accounts.backends.UserWithRegionsBackend")
    session = client.session
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
