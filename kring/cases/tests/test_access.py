"""The access module scopes by role; everything else is a 404."""

import uuid

import pytest
from django.http import Http404

from kring.cases.access import Purpose, cases_for, get_case_for
from kring.cases.models import Case
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


def test_the_request_is_joined_only_for_the_case_page(rf, manager, requested_case):
    """Each joined table costs PostgreSQL planning time on every case-scoped page: the request
    is joined only when asked for (the case page shows the requester), the rest always."""
    request = rf.get("/")
    request.user = manager
    case = get_case_for(request, requested_case.uuid, Purpose.LIST)
    assert not Case.request.is_cached(case)
    for name in ("region", "municipality", "coordinator", "regional_manager"):
        assert getattr(Case, name).is_cached(case), name
    case = get_case_for(request, requested_case.uuid, Purpose.LIST, with_requester=True)
    assert Case.request.is_cached(case)
