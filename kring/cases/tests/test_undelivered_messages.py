"""A message that cannot reach its person is a visible action on the case, until handled."""

import pytest
from django.urls import reverse

from kring.audit.models import AuditEvent
from kring.cases.tests.factories import new_case
from kring.outbox import services as outbox

pytestmark = pytest.mark.django_db


def test_an_undelivered_message_shows_on_the_case_until_someone_handles_it(
    declared_case, coordinator, client_for
):
    case = declared_case
    message = outbox.send_mail(
        "plan.notice",
        to="",  # the person has no e-mail address
        template="outbox/example",
        context={"name": "Ayten", "link": "x"},
        case=case,
    )
    assert message is not None
    client = client_for(coordinator)
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Berichten die niet zijn aangekomen" in page
    assert "geen e-mailadres" in page
    response = client.post(reverse("cases:message_handled", args=[case.uuid, message.uuid]))
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Berichten die niet zijn aangekomen" not in page
    assert AuditEvent.objects.filter(object_id=str(message.uuid), action="update").exists()


def test_a_message_of_another_case_is_404(declared_case, municipality, manager, client_for):
    other = new_case(municipality=municipality, declared=True)
    message = outbox.send_mail(
        "plan.notice", to="", template="outbox/example", context={"name": "A"}, case=other
    )
    assert message is not None
    url = reverse("cases:message_handled", args=[declared_case.uuid, message.uuid])
    assert client_for(manager).post(url).status_code == 404
