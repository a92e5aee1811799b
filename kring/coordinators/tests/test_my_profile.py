"""A coordinator sees their own profile, signs the declaration and manages their periods off."""

import pytest
from django.urls import reverse

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.coordinators.models import Absence, CoordinatorProfile
from kring.coordinators.tests.factories import CoordinatorProfileFactory

pytestmark = pytest.mark.django_db


def test_coordinator_sees_own_profile(coordinator, client_for):
    response = client_for(coordinator).get(reverse("coordinators:my_profile"))
    assert response.status_code == 200
    assert "Noord-Holland" in response.content.decode()


def test_coordinator_signs_the_declaration(make_user, client_for):
    user = make_user(Role.COORDINATOR)
    CoordinatorProfileFactory(user=user, unsigned=True)
    client = client_for(user)
    response = client.post(reverse("coordinators:sign_declaration"))
    assert response.status_code == 400
    assert "Vink aan dat de verklaring klopt." in response.content.decode()
    response = client.post(reverse("coordinators:sign_declaration"), {"agree": "on"})
    assert response.status_code == 302
    profile = CoordinatorProfile.objects.get(user=user)
    assert profile.has_signed_declaration and profile.declaration_version
    assert AuditEvent.objects.filter(key="coordinator.declaration_signed", actor=user).exists()


def test_coordinator_adds_and_removes_a_period_off(coordinator, client_for):
    client = client_for(coordinator)
    response = client.post(
        reverse("coordinators:add_my_absence"),
        {"starts_on": "2026-12-21", "ends_on": "2027-01-03", "note": "Kerst"},
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert absence.profile.user == coordinator
    client.post(reverse("coordinators:remove_my_absence", args=[absence.uuid]))
    assert not Absence.objects.exists()


def test_coordinator_cannot_remove_someone_elses_absence(coordinator, make_coordinator, client_for):
    other = make_coordinator()
    absence = Absence.objects.create(
        profile=other.coordinator_profile, starts_on="2026-12-01", ends_on="2026-12-02"
    )
    response = client_for(coordinator).post(
        reverse("coordinators:remove_my_absence", args=[absence.uuid])
    )
    assert response.status_code == 404
    assert Absence.objects.filter(pk=absence.pk).exists()


@pytest.mark.parametrize("who", ["manager", "professional", "funder"])
def test_my_profile_is_for_coordinators(who, manager, professional, funder, client_for):
    user = {"manager": manager, "professional": professional, "funder": funder}[who]
    assert client_for(user).get(reverse("coordinators:my_profile")).status_code == 403


@pytest.mark.parametrize("name", ["coordinators:sign_declaration", "coordinators:add_my_absence"])
def test_post_only(name, coordinator, client_for):
    assert client_for(coordinator).get(reverse(name)).status_code == 405
