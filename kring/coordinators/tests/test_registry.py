"""Managers and admins keep the coordinator registry: list, edit, absences, Django admin."""

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from kring.accounts.models import Role
from kring.audit.models import AuditEvent
from kring.cases.tests.factories import new_case
from kring.coordinators.models import Absence, CoordinatorProfile

pytestmark = pytest.mark.django_db


def _profile_data(region, **overrides):
    data = {
        "regions": [str(region.pk)],
        "languages": ["nl", "ar"],
        "gender": "m",
        "cultural_background": "Marokkaans-Nederlands",
        "training_completed_on": "2025-06-12",
        "certificate_number": "EK-C-0042",
        "max_cases": "4",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_manager_sees_the_coordinators_of_their_regions(
    manager, coordinator, make_coordinator, other_region, client_for
):
    elsewhere = make_coordinator(regions=[other_region])
    response = client_for(manager).get(reverse("coordinators:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(coordinator.full_name) in html
    assert escape(elsewhere.full_name) not in html


def test_admin_sees_every_coordinator(
    admin_user, coordinator, make_coordinator, other_region, client_for
):
    elsewhere = make_coordinator(regions=[other_region])
    html = client_for(admin_user).get(reverse("coordinators:list")).content.decode()
    # Names are HTML-escaped on the page (a generated name may hold an apostrophe).
    assert escape(coordinator.full_name) in html and escape(elsewhere.full_name) in html


def test_manager_edits_a_profile_and_it_is_audited(manager, make_user, region, client_for):
    new = make_user(Role.COORDINATOR, full_name="Youssef Benali")
    url = reverse("coordinators:edit", args=[new.uuid])
    client = client_for(manager)
    assert client.get(url).status_code == 200
    response = client.post(url, _profile_data(region))
    assert response.status_code == 302
    profile = CoordinatorProfile.objects.get(user=new)
    assert profile.languages == ["nl", "ar"]
    assert profile.training_completed_on == datetime.date(2025, 6, 12)
    # The declaration is the coordinator's own: nobody signs it for them.
    assert profile.declaration_signed_at is None
    event = AuditEvent.objects.get(object_type="coordinators.coordinatorprofile", action="create")
    assert event.key == "coordinator.profile_saved"
    assert "max_cases" in event.changes["fields"]
    assert "cultural_background" in event.changes["fields"]
    # Field names only: the cultural background itself is never copied into the trail.
    assert "Marokkaans" not in str(event.changes)


def test_profile_errors_are_shown_and_input_kept(manager, coordinator, region, client_for):
    url = reverse("coordinators:edit", args=[coordinator.uuid])
    response = client_for(manager).post(
        url, _profile_data(region, max_cases="99", languages=[], cultural_background="Fries")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies een aantal van 1 tot en met 20." in html
    assert "Kies minstens één taal." in html
    assert 'value="Fries"' in html


def test_absences_can_be_added_and_removed(manager, coordinator, client_for):
    client = client_for(manager)
    response = client.post(
        reverse("coordinators:add_absence", args=[coordinator.uuid]),
        {"starts_on": "2026-12-21", "ends_on": "2027-01-03", "note": "Kerstvakantie"},
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    response = client.post(
        reverse("coordinators:remove_absence", args=[coordinator.uuid, absence.uuid])
    )
    assert response.status_code == 302
    assert not Absence.objects.exists()
    assert AuditEvent.objects.filter(object_type="coordinators.absence").count() == 2


def test_absence_end_before_start_is_refused(manager, coordinator, client_for):
    response = client_for(manager).post(
        reverse("coordinators:add_absence", args=[coordinator.uuid]),
        {"starts_on": "2026-12-21", "ends_on": "2026-12-01"},
    )
    assert response.status_code == 400
    assert "De laatste dag ligt voor de eerste dag." in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "professional", "funder"])
def test_registry_is_for_managers_and_admins_only(
    who, coordinator, professional, funder, client_for
):
    user = {"coordinator": coordinator, "professional": professional, "funder": funder}[who]
    client = client_for(user)
    assert client.get(reverse("coordinators:list")).status_code == 403
    assert client.get(reverse("coordinators:edit", args=[coordinator.uuid])).status_code == 403


def test_manager_of_another_region_gets_404(make_user, other_region, coordinator, client_for):
    other = make_user(Role.REGIONAL_MANAGER, regions=[other_region])
    response = client_for(other).get(reverse("coordinators:edit", args=[coordinator.uuid]))
    assert response.status_code == 404


def test_post_only_urls_refuse_get(manager, coordinator, client_for):
    from kring.coordinators.tests.factories import AbsenceFactory

    absence: Any = AbsenceFactory(profile=coordinator.coordinator_profile)
    client = client_for(manager)
    urls = [
        reverse("coordinators:add_absence", args=[coordinator.uuid]),
        reverse("coordinators:remove_absence", args=[coordinator.uuid, absence.uuid]),
        reverse("coordinators:remove_my_absence", args=[absence.uuid]),
    ]
    for url in urls:
        assert client.get(url).status_code == 405, url


@pytest.mark.parametrize("n", [1, 50])
def test_registry_exact_query_count(
    n, manager, make_coordinator, client_for, django_assert_num_queries
):
    for _i in range(n):
        make_coordinator()
    client = client_for(manager)
    # session, user (+region ids), coordinators (+profile, running cases), their regions, and
    # the capped count when there is more than the first page of 25
    with django_assert_num_queries(5 if n > 25 else 4):
        response = client.get(reverse("coordinators:list"))
    assert len(response.context["rows"]) == min(n, 25)


@pytest.mark.parametrize("n", [1, 30])
def test_registry_shows_the_kept_count_in_the_same_queries(
    n, manager, make_coordinator, municipality, client_for, django_assert_num_queries
):
    """Each coordinator's running cases come with their row (the kept count, decision 192):
    the same queries with cases as without, however many coordinators run them."""
    coordinators = [make_coordinator() for _i in range(n)]
    for coordinator in coordinators:
        new_case(municipality=municipality, coordinator=coordinator, in_preparation=True)
        new_case(municipality=municipality, coordinator=coordinator, delivered=True)
        new_case(municipality=municipality, coordinator=coordinator, checked_in=True)
    client = client_for(manager)
    with django_assert_num_queries(5 if n > 25 else 4):
        response = client.get(reverse("coordinators:list"))
    rows = response.context["rows"]
    assert len(rows) == min(n, 25)
    assert {row["user"].running for row in rows} == {2}
    assert "<td>2 / 3</td>" in response.content.decode()


def test_django_admin_lists_profiles(admin_user, coordinator, client_for):
    client = client_for(admin_user)
    assert client.get("/beheer/coordinators/coordinatorprofile/").status_code == 200
    profile = coordinator.coordinator_profile
    assert (
        client.get(f"/beheer/coordinators/coordinatorprofile/{profile.pk}/change/").status_code
        == 200
    )


def test_a_manager_gives_only_their_own_regions_and_keeps_the_others(
    manager, make_coordinator, region, other_region, client_for
):
    """Issue 11: a manager cannot move a coordinator into a region they do not manage, nor take
    one away that is not theirs."""
    from kring.accounts.tests.factories import RegionFactory

    third = RegionFactory.create(name="Oost", slug="oost")
    both = make_coordinator(regions=[region, other_region])
    url = reverse("coordinators:edit", args=[both.uuid])
    client = client_for(manager)
    html = client.get(url).content.decode()
    offered = set(re.findall(r'name="regions" value="(\d+)"', html))
    assert offered == {str(region.pk)}
    response = client.post(url, _profile_data(region, regions=[str(third.pk)]))
    assert response.status_code == 400
    assert f"Kies alleen regio&#x27;s uit de lijst ({third.pk} staat er niet in)." in (
        response.content.decode()
    )
    assert set(both.regions.all()) == {region, other_region}
    client.post(url, _profile_data(region))
    assert set(both.regions.all()) == {region, other_region}


def test_an_admin_gives_any_region(admin_user, coordinator, other_region, client_for):
    url = reverse("coordinators:edit", args=[coordinator.uuid])
    client_for(admin_user).post(url, _profile_data(other_region))
    assert list(coordinator.regions.all()) == [other_region]


@pytest.mark.parametrize("who", ["manager", "admin_user"])
def test_nobody_signs_the_declaration_for_a_coordinator(
    who, manager, admin_user, make_coordinator, region, client_for
):
    """Issue 11: the declaration is the coordinator's own; the registry shows it, read-only."""
    unsigned = make_coordinator(unsigned=True)
    url = reverse("coordinators:edit", args=[unsigned.uuid])
    client = client_for({"manager": manager, "admin_user": admin_user}[who])
    html = client.get(url).content.decode()
    assert 'name="declaration_signed"' not in html
    assert "De coördinator tekent zelf" in html
    client.post(url, {**_profile_data(region), "declaration_signed": "on"})
    assert CoordinatorProfile.objects.get(user=unsigned).declaration_signed_at is None


def test_a_signed_declaration_stays_when_a_manager_saves_the_profile(
    manager, coordinator, region, client_for
):
    signed_at = coordinator.coordinator_profile.declaration_signed_at
    client_for(manager).post(
        reverse("coordinators:edit", args=[coordinator.uuid]), _profile_data(region)
    )
    assert CoordinatorProfile.objects.get(user=coordinator).declaration_signed_at == signed_at


def test_a_profile_shown_again_after_errors_writes_its_read_event(
    manager, coordinator, region, client_for
):
    client_for(manager).post(
        reverse("coordinators:edit", args=[coordinator.uuid]), _profile_data(region, max_cases="0")
    )
    assert AuditEvent.objects.filter(
        action="view", object_id=str(coordinator.uuid), key="coordinator.viewed"
    ).exists()
