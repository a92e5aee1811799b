"""Who may see and answer which question on a case's information page.

The case itself comes through `kring.network.access.get_case_for_contribution` (staff and the
coordinator through the case rules, a professional through their place in the circle). On top
of that: the people who run the case see and answer every question; a professional only the
questions put to them. Anything else is a 404.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from kring.accounts.models import User
from kring.cases.access import get_case_object_for, runs_cases
from kring.cases.models import Case
from kring.conferences.models import InformationItem
from kring.core.access import parse_uuid
from kring.network.models import Person


def information_items_for(user: User, case: Case) -> QuerySet[InformationItem]:
    """The questions of this case the user sees: all of them, or a professional's own."""
    items = InformationItem.objects.filter(case=case)
    if runs_cases(user):
        return items
    return items.filter(answered_by__user_id=user.pk or 0)


def may_answer(user: User, item: InformationItem) -> bool:
    """Every question for the people who run the case; a professional the ones put to them."""
    if runs_cases(user):
        return True
    answerer = item.answered_by
    return answerer is not None and answerer.user_id == user.pk


def get_information_item_for(user: User, case: Case, item_uuid: uuid.UUID | str) -> InformationItem:
    """A question of this case the user may see and answer (and its document), or 404."""
    item = get_case_object_for(case, InformationItem, item_uuid)
    if not may_answer(user, item):
        raise Http404
    return item


def may_request_by_mail(user: User, item: InformationItem) -> bool:
    """Mail the question's answerer a personal link to answer it: for the people who run the
    case, when the answerer has no Kring account but an e-mail address and the main person's
    consent (someone with an account answers on this page)."""
    person = item.answered_by
    return (
        runs_cases(user)
        and person is not None
        and person.user_id is None
        and bool(person.email)
        and person.has_consent
    )


def information_items_for_link(person: Person) -> QuerySet[InformationItem]:
    """The questions put to the holder of an information link (`LinkPurpose.INFORMATION`):
    only their own, of their own case."""
    return InformationItem.objects.filter(case_id=person.case_id, answered_by=person)


def get_information_item_for_link(person: Person, item_uuid: uuid.UUID | str) -> InformationItem:
    """One question put to this link holder, or 404."""
    item = information_items_for_link(person).filter(uuid=parse_uuid(item_uuid)).first()
    if item is None:
        raise Http404
    return item
