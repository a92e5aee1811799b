"""The coordinator records the first contact and every later contact."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.cases.models import Case, Contact
from kring.cases.states import Status

pytestmark = pytest.mark.django_db


def test_recording_first_contact_moves_the_case_into_preparation(
    declared_case, coordinator, client_for
):
    response = client_for(coordinator).post(
        reverse("cases:first_contact", args=[declared_case.uuid]),
        {
            "first-occurred_on": timezone.localdate().isoformat(),
            "first-with_whom": "De moeder",
            "first-channel": "phone",
            "first-note": "Huisbezoek dinsdag",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=declared_case.pk)
    assert case.status == Status.IN_PREPARATION
    assert Contact.objects.get(case=case).is_first_contact


def test_bad_input_is_explained_and_kept(declared_case, coordinator, client_for):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client_for(coordinator).post(
        reverse("cases:first_contact", args=[declared_case.uuid]),
        {
            "first-occurred_on": future,
            "first-with_whom": "",
            "first-channel": "phone",
            "first-note": "Bel terug na vieren",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "De datum ligt in de toekomst." in html
    assert "Vul in met wie u contact had." in html
    assert "Bel terug na vieren" in html
    assert Case.objects.get(pk=declared_case.pk).status == Status.COORDINATOR_ASSIGNED


def test_later_contacts_appear_in_the_log(coordinator, municipality, client_for):
    from kring.cases.tests.factories import new_case

    case = new_case(municipality=municipality, coordinator=coordinator, in_preparation=True)
    client = client_for(coordinator)
    response = client.post(
        reverse("cases:log_contact", args=[case.uuid]),
        {
            "log-occurred_on": timezone.localdate().isoformat(),
            "log-with_whom": "Oom Karim",
            "log-channel": "visit",
            "log-note": "Wil graag komen, neemt zijn zoon mee",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Oom Karim" in html
    assert "Bezoek" in html
    case.refresh_from_db()
    assert case.status == Status.IN_PREPARATION


def test_the_manager_may_log_a_contact_too(declared_case, manager, client_for):
    response = client_for(manager).post(
        reverse("cases:log_contact", args=[declared_case.uuid]),
        {
            "log-occurred_on": timezone.localdate().isoformat(),
            "log-with_whom": "Aanvrager",
            "log-channel": "email",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.filter(case=declared_case).count() == 1
