"""One table of URL x role -> expected outcome, for every circle and conference page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.conferences.models import DateOption, InformationItem
from kring.conferences.services import conference_for
from kring.network.tests.factories import ContactRestrictionFactory, PersonFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "coordinator",
    "manager",
    "admin",
    "other_coordinator",
    "other_manager",
    "professional",
    "circle_professional",
    "funder",
]
STAFF = {"coordinator", "manager", "admin"}


@pytest.fixture
def world(case, main_person, make_user, other_region, admin_user, manager, coordinator, funder):
    conference = conference_for(case)
    option = DateOption.objects.create(
        conference=conference, starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    circle_pro_user = make_user(Role.PROFESSIONAL)
    pro = PersonFactory(case=case, professional=True, consented=True, user=circle_pro_user)
    item = InformationItem.objects.create(case=case, question="Vraag", answered_by=pro)
    restriction = ContactRestrictionFactory(case=case)
    users = {
        "coordinator": coordinator,
        "manager": manager,
        "admin": admin_user,
        "other_coordinator": make_user(Role.COORDINATOR),
        "other_manager": make_user(Role.REGIONAL_MANAGER, regions=[other_region]),
        "professional": make_user(Role.PROFESSIONAL),
        "circle_professional": circle_pro_user,
        "funder": funder,
    }
    c, p = case.uuid, main_person.uuid
    pages = {
        "network:circle": [c],
        "network:add_person": [c],
        "network:person": [c, p],
        "network:safety": [c],
        "conferences:conference": [c],
        "conferences:information": [c],
    }
    actions = {
        "network:add_main_people": [c],
        "network:edit_person": [c, p],
        "network:give_consent": [c, p],
        "network:withdraw_consent": [c, p],
        "network:record_informed": [c, p],
        "network:set_status": [c, p],
        "network:add_requirement": [c],
        "network:add_restriction": [c],
        "network:decide_restriction": [c, restriction.uuid],
        "conferences:save_logistics": [c],
        "conferences:add_date": [c],
        "conferences:choose_date": [c, option.uuid],
        "conferences:remove_date": [c, option.uuid],
        "conferences:invite_all": [c],
        "conferences:invite": [c, p],
        "conferences:letter": [c, p],
        "conferences:schedule": [c],
        "conferences:cancel": [c],
        "conferences:add_information_item": [c],
        "conferences:provide_information": [c, item.uuid],
        # Last: it removes the person the other actions use.
        "network:remove_person": [c, restriction.person_a.uuid],
    }
    return users, pages, actions


# What a professional in the circle may reach: information and safety, nothing else.
CONTRIBUTION = {
    "network:safety",
    "conferences:information",
    "network:add_requirement",
    "conferences:provide_information",
}


def _allowed(role: str, name: str) -> bool:
    if role in STAFF:
        return True
    return role == "circle_professional" and name in CONTRIBUTION


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_action_per_role(client_for, world, role):
    users, pages, actions = world
    client = client_for(users[role])
    for name, args in pages.items():
        status = client.get(reverse(name, args=args)).status_code
        if _allowed(role, name):
            assert status == 200, (role, name, status)
        else:
            assert status == 404, (role, name, status)
    for name, args in actions.items():
        status = client.post(reverse(name, args=args), {}).status_code
        if _allowed(role, name):
            assert status in {200, 302, 400}, (role, name, status)
        else:
            assert status == 404, (role, name, status)


def test_every_action_is_post_only(client_for, world):
    users, _pages, actions = world
    client = client_for(users["coordinator"])
    for name, args in actions.items():
        assert client.get(reverse(name, args=args)).status_code == 405, name


def test_anonymous_visitors_are_sent_to_login(client, world):
    _users, pages, actions = world
    for name, args in {**pages, **actions}.items():
        response = (
            client.post(reverse(name, args=args))
            if name in actions
            else client.get(reverse(name, args=args))
        )
        assert response.status_code == 302 and "/inloggen/" in response["Location"], name
