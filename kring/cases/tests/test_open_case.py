"""Starting a trajectory from a request on the intake desk: one case, the request converted."""

from kring.cases.models import Case
from kring.cases.states import Status
from kring.intake.states import RequestStatus
from kring.intake.tests.factories import RequestFactory


def url(req, action=""):
    return f"/aanvragen/{req.uuid}/{action}"


def test_start_trajectory_opens_the_case_and_redirects_to_it(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality, contacted=True)
    response = client_for(manager).post(url(req, "traject-starten/"))
    case = Case.objects.get(request=req)
    assert response.status_code == 302
    assert response.url == f"/trajecten/{case.uuid}/"
    assert case.reference == req.reference
    assert case.status == Status.REQUESTED
    assert case.region == req.region
    req.refresh_from_db()
    assert req.status == RequestStatus.CONVERTED


def test_start_trajectory_twice_creates_one_case(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality, contacted=True)
    c = client_for(manager)
    c.post(url(req, "traject-starten/"))
    second = c.post(url(req, "traject-starten/"), follow=True)
    assert Case.objects.filter(request=req).count() == 1
    assert "Dit kan nu niet" in second.content.decode()


def test_start_trajectory_needs_a_first_contact(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality)
    client_for(manager).post(url(req, "traject-starten/"))
    assert not Case.objects.exists()


def test_info_conversation_can_still_become_a_trajectory(client_for, manager, municipality):
    req = RequestFactory.create(municipality=municipality, info_conversation=True)
    client_for(manager).post(url(req, "traject-starten/"))
    assert Case.objects.filter(request=req).exists()


def test_manager_of_another_region_gets_404(client_for, make_user, other_region, municipality):
    other_manager = make_user(regions=[other_region])
    req = RequestFactory.create(municipality=municipality, contacted=True)
    response = client_for(other_manager).post(url(req, "traject-starten/"))
    assert response.status_code == 404
    assert not Case.objects.exists()
