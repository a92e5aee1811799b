"""Who may use the privacy pages: administrators only (the privacy officer's work).

Subjects are found through the owning apps' access functions, so an administrator's view of a
person goes the same way as anyone else's: `cases.access.get_case_for`, then
`network.access.get_person_for`.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from kring.accounts.access import is_admin
from kring.accounts.http import Viewer
from kring.accounts.models import User
from kring.cases.access import Purpose, get_case_for
from kring.core.access import parse_uuid
from kring.intake.models import Request
from kring.network.access import get_person_for
from kring.network.models import Person


def may_use_privacy_pages(viewer: Viewer | None) -> bool:
    """Search, export and erase personal data: administrators."""
    return is_admin(viewer)


def person_for_privacy(request: HttpRequest, person_uuid: uuid.UUID | str) -> Person:
    """A person in a circle, for the privacy pages (no read event: the page writes its own)."""
    case_uuid = (
        Person.objects.filter(uuid=parse_uuid(person_uuid)).values_list("case__uuid", flat=True)
    ).first()
    if case_uuid is None:
        raise Http404
    case = get_case_for(request, case_uuid, Purpose.CHANGE)
    person = get_person_for(case, person_uuid)
    person.case = case
    return person


def request_for_privacy(request_uuid: uuid.UUID | str) -> Request:
    """A request (aanvraag), for the privacy pages."""
    found = Request.objects.filter(uuid=parse_uuid(request_uuid)).first()
    if found is None:
        raise Http404
    return found


def user_for_privacy(user_uuid: uuid.UUID | str) -> User:
    """A user account, for the privacy pages."""
    found = User.objects.filter(uuid=parse_uuid(user_uuid)).first()
    if found is None:
        raise Http404
    return found
