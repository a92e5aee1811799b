"""The duplicate check's one statement (`find_duplicate`): which earlier request it names, on
both databases, for every mix of contact details a request can have."""

import datetime
import itertools

import pytest
from django.utils import timezone

from kring.accounts.tests.factories import MunicipalityFactory
from kring.intake.models import CloseReason, Request
from kring.intake.services import find_duplicate
from kring.intake.states import RequestStatus
from kring.intake.tests.factories import RequestFactory

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def _earlier(municipality, days: int, **fields) -> Request:
    """A request `days` before the new one, with contact details of its own unless given."""
    n = next(_numbers)
    fields.setdefault("requester_email", f"eerder{n}@example.nl")
    fields.setdefault("requester_phone", f"+31 6 3{n:07d}")
    return RequestFactory.create(
        municipality=municipality,
        created_at=timezone.now() - datetime.timedelta(days=days),
        **fields,
    )


def _new(municipality, **fields) -> Request:
    fields.setdefault("requester_email", "nieuw@example.nl")
    fields.setdefault("requester_phone", "+31 6 40000000")
    return RequestFactory.create(municipality=municipality, created_at=timezone.now(), **fields)


def _check(new: Request) -> tuple[Request | None, bool]:
    return find_duplicate(new, list(new.people.all()))


def test_both_the_contact_and_a_person_beat_an_older_match_on_one_of_them(municipality):
    _earlier(municipality, 20, people=["Ayten Yilmaz"])
    _earlier(municipality, 15, people=["Kees Jansen"], requester_email="nieuw@example.nl")
    both = _earlier(municipality, 10, people=["Ayten Yilmaz"], requester_phone="+31 6 40000000")
    new = _new(municipality, people=["AYTEN yilmaz"])
    found, resubmission = _check(new)
    assert found is not None
    assert (found.pk, found.uuid, resubmission) == (both.pk, both.uuid, True)


def test_of_several_matches_on_one_thing_the_oldest_is_the_original(municipality):
    oldest = _earlier(municipality, 20, people=["Kees Jansen"])
    _earlier(municipality, 5, people=["Kees Jansen"])
    new = _new(municipality, people=["Kees Jansen"])
    assert _check(new) == (oldest, False)


def test_a_phone_alone_or_an_address_alone_matches(municipality):
    """A request has a phone number, an address or both (a constraint): each alone matches."""
    by_phone = _earlier(municipality, 3, requester_email="", requester_phone="+31 6 55555555")
    new = _new(municipality, requester_email="", requester_phone="+31 6 55555555")
    assert _check(new) == (by_phone, False)
    by_address = _earlier(municipality, 3, people=["Ria Bakker"], requester_phone="")
    again = _new(
        municipality,
        people=["Ria Bakker"],
        requester_email=by_address.requester_email,
        requester_phone="",
    )
    assert _check(again) == (by_address, True)


def test_not_another_region_not_outside_the_window_not_one_closed_as_duplicate(municipality):
    elsewhere = MunicipalityFactory.create()
    assert elsewhere.region_id != municipality.region_id
    _earlier(elsewhere, 3, people=["Ayten Yilmaz"])
    _earlier(municipality, 31, people=["Ayten Yilmaz"])
    original = _earlier(municipality, 4, people=["Piet Smit"], requester_email="p@example.nl")
    _earlier(
        municipality,
        2,
        people=["Ayten Yilmaz"],
        status=RequestStatus.CLOSED,
        close_reason=CloseReason.DUPLICATE,
        duplicate_of=original,
        closed_at=timezone.now(),
    )
    new = _new(municipality, people=["Ayten Yilmaz"])
    assert _check(new) == (None, False)
