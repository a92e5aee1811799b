"""The access module scopes by role; everything else is a 404."""

import uuid

import pytest
from django.http import Http404

from kring.cases.access import Purpose, cases_for, get_case_for
from kring.intake.access import requests_for

pytestmark = pytest.mark.django_db


def test_non_staff_roles_see_no_requests_or_cases(coordinator, professional, funder):
    for user in (professional, funder):
        assert not requests_for(user).exists()
        assert not cases_for(user).exists()
    assert not requests_for(coordinator).exists()


def test_unknown_or_malformed_uuid_is_404(rf, manager):
    request = rf.get("/")
    request.user = manager
    with pytest.raises(Http404):
        get_case_for(request, uuid.uuid4(), Purpose.VIEW)
    with pytest.raises(Http404):
        get_case_for(request, "niet-een-uuid", Purpose.VIEW)
