"""A manager's regions are read with them on every request (decision 0198), never kept:
an administrator's change on the people screen holds from the manager's next request."""

from django.urls import reverse

from kring.accounts.models import Role
from kring.accounts.tests.factories import MunicipalityFactory
from kring.intake.tests.factories import RequestFactory

QUEUE = "/aanvragen/"


def test_a_region_taken_away_on_the_people_screen_is_gone_on_the_managers_next_request(
    client_for, admin_user, make_user, region, other_region
):
    """The ids are read with the user on every request, never kept in the session: the
    manager's very next page after the administrator's change shows the new scope."""
    manager = make_user(Role.REGIONAL_MANAGER, regions=[region, other_region])
    theirs = client_for(manager)
    here = RequestFactory.create(municipality=MunicipalityFactory(region=region))
    there = RequestFactory.create(municipality=MunicipalityFactory(region=other_region))
    listed = theirs.get(QUEUE).content.decode()
    assert here.reference in listed
    assert there.reference in listed
    assert (
        theirs.get(reverse("intake:detail", kwargs={"request_uuid": there.uuid})).status_code == 200
    )

    response = client_for(admin_user).post(
        reverse("accounts:change_person", args=[manager.uuid]),
        {"full_name": manager.full_name, "role": Role.REGIONAL_MANAGER, "regions": [region.pk]},
    )
    assert response.status_code == 302

    listed = theirs.get(QUEUE).content.decode()
    assert here.reference in listed
    assert there.reference not in listed
    assert (
        theirs.get(reverse("intake:detail", kwargs={"request_uuid": there.uuid})).status_code == 404
    )
