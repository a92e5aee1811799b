"""Issue 11 for the circle, the conference and the RSVP page: every audit event they write has
a registered key and carries no personal content (names, addresses, phone numbers, needs,
requirement texts, notes, reasons)."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.audit.events import describe, known_keys
from kring.audit.models import AuditEvent
from kring.cases.tests.factories import CaseFactory
from kring.conferences.models import InformationItem
from kring.network.links import issue_link
from kring.network.models import Person, SafetyRequirement
from kring.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SECRETS = [
    "Riet Bakker",
    "riet@voorbeeld.test",
    "06 5555 1234",
    "Henriëtte Bakker",
    "henriette@voorbeeld.test",
    "06 7777 4321",
    "rolstoel met tillift",
    "Vraagt of buurman Piet mag komen",
    "Moeder Fatima",
    "Contactverbod tot maart",
    "Begeleid contact is veilig",
    "nooit alleen met vader",
    "nooit zonder oma bij vader",
    "Vader is verhuisd",
    "Sleutel bij de beheerder",
    "Soep van de buurvrouw",
    "Ik neem mijn dochter mee",
    "Hoe gaat het op school?",
    "Gaat beter sinds oktober",
]


def test_the_circle_and_conference_write_keys_without_personal_content(
    client, client_for, coordinator, professional, municipality
):
    case: Any = CaseFactory(in_preparation=True, municipality=municipality, coordinator=coordinator)
    main = PersonFactory(case=case, main=True, name="Fatima Amrani")
    c = client_for(coordinator)
    c.post(
        reverse("network:add_person", args=[case.uuid]),
        {
            "name": "Riet Bakker",
            "relation": "grandparent",
            "ring": "family",
            "language": "nl",
            "email": "riet@voorbeeld.test",
            "phone": "06 5555 1234",
        },
    )
    riet = Person.objects.get(case=case, name="Riet Bakker")
    c.post(
        reverse("network:edit_person", args=[case.uuid, riet.uuid]),
        {
            "name": "Henriëtte Bakker",
            "relation": "grandparent",
            "ring": "family",
            "language": "nl",
            "email": "henriette@voorbeeld.test",
            "phone": "06 7777 4321",
            "needs_accessibility": "rolstoel met tillift",
        },
    )
    c.post(
        reverse("network:give_consent", args=[case.uuid, riet.uuid]),
        {"consent-given_by": "Moeder Fatima"},
    )
    c.post(
        reverse("network:record_informed", args=[case.uuid, riet.uuid]),
        {
            "informed-informed_on": timezone.localdate().isoformat(),
            "informed-channel": "phone",
            "informed-note": "Vraagt of buurman Piet mag komen",
        },
    )
    c.post(
        reverse("network:add_restriction", args=[case.uuid]),
        {
            "res-person_a": riet.pk,
            "res-person_b": main.pk,
            "res-kind": "other",
            "res-note": "Contactverbod tot maart",
        },
    )
    restriction = case.contact_restrictions.get()
    c.post(
        reverse("network:decide_restriction", args=[case.uuid, restriction.uuid]),
        {"dec-reason": "Begeleid contact is veilig"},
    )
    prof = PersonFactory(case=case, professional=True, consented=True, user=professional)
    p = client_for(professional)
    p.post(
        reverse("network:add_requirement", args=[case.uuid]),
        {
            "req-text": "De kinderen zijn nooit alleen met vader.",
            "req-set_by": prof.pk,
            "req-organisation": "Jeugdbescherming",
            "req-set_on": timezone.localdate().isoformat(),
        },
    )
    requirement = SafetyRequirement.objects.get(case=case)
    key = requirement.uuid.hex
    p.post(
        reverse("network:change_requirement", args=[case.uuid, requirement.uuid]),
        {
            f"change-{key}-text": "De kinderen zijn nooit zonder oma bij vader.",
            f"change-{key}-organisation": "Jeugdbescherming",
        },
    )
    p.post(
        reverse("network:withdraw_requirement", args=[case.uuid, requirement.uuid]),
        {f"withdraw-{key}-reason": "Vader is verhuisd."},
    )
    day = timezone.localdate() + datetime.timedelta(days=20)
    c.post(
        reverse("conferences:save_logistics", args=[case.uuid]),
        {
            "date": day.isoformat(),
            "start": "10:00",
            "place_name": "Buurthuis",
            "food": "Soep van de buurvrouw",
            "internal_note": "Sleutel bij de beheerder",
        },
    )
    token = issue_link(riet, "rsvp")
    client.post(
        reverse("portal:rsvp", args=[token]),
        {"status": "coming", "note": "Ik neem mijn dochter mee"},
    )
    c.post(
        reverse("conferences:add_information_item", args=[case.uuid]),
        {"item-question": "Hoe gaat het op school?", "item-answered_by": prof.pk},
    )
    item = InformationItem.objects.get(case=case)
    p.post(
        reverse("conferences:provide_information", args=[case.uuid, item.uuid]),
        {"answer": "Gaat beter sinds oktober."},
    )
    c.get(reverse("network:person", args=[case.uuid, riet.uuid]))

    events = list(AuditEvent.objects.filter(case_id=case.uuid))
    keys = {e.key for e in events}
    for expected in (
        "person.added",
        "person.changed",
        "person.consent_given",
        "person.informed",
        "person.status",
        "person.viewed",
        "person.link_used",
        "restriction.added",
        "restriction.decided",
        "requirement.set",
        "requirement.changed",
        "requirement.withdrawn",
        "conference.logistics_changed",
        "invitation.answered",
        "information.asked",
        "information.provided",
    ):
        assert expected in keys, expected
    circle_events = [e for e in events if e.object_type.split(".")[0] in {"network", "conferences"}]
    assert circle_events
    for event in circle_events:
        assert event.key in known_keys(), (event.object_type, event.action)
        assert not event.message and not event.reason, event.key
        stored = f"{event.changes} {event.actor_label}"
        leaked = [s for s in SECRETS if s.lower() in stored.lower()]
        assert not leaked, (event.key, leaked)
        # Every event reads as words (in the reader's language) without failing.
        assert describe(event)
