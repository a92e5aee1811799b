"""Minimum requirements, contact restrictions, and the guard on scheduling the conference."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.cases import transitions
from kring.cases.states import Status
from kring.conferences.models import Conference
from kring.conferences.services import conference_for, conference_ready
from kring.network.models import ContactRestriction, PersonStatus, SafetyRequirement
from kring.network.tests.factories import ContactRestrictionFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _ready(case, main_person):
    main_person.status = PersonStatus.COMING
    main_person.save()
    conference = conference_for(case)
    start = timezone.now() + datetime.timedelta(days=10)
    Conference.objects.filter(pk=conference.pk).update(starts_at=start, place_name="Wijkcentrum")


def _try_schedule(case, actor):
    transitions.schedule_conference(case, actor=actor, check=conference_ready)


def test_scheduling_needs_date_place_and_main_person(case, coordinator, main_person):
    with pytest.raises(transitions.TransitionError) as refused:
        _try_schedule(case, coordinator)
    text = " ".join(refused.value.reasons)
    assert "datum" in text and "plaats" in text and "hoofdpersoon" in text
    _ready(case, main_person)
    _try_schedule(case, coordinator)
    case.refresh_from_db()
    assert case.status == Status.CONFERENCE_SCHEDULED


def test_safety_at_stake_needs_a_minimum_requirement(client_for, case, coordinator, main_person):
    case.safety_at_stake = True
    case.save()
    _ready(case, main_person)
    with pytest.raises(transitions.TransitionError) as refused:
        _try_schedule(case, coordinator)
    assert "minimumeis" in " ".join(refused.value.reasons)
    pro = PersonFactory(case=case, professional=True, name="Sanne Visser")
    response = client_for(coordinator).post(
        reverse("network:add_requirement", args=[case.uuid]),
        {
            "req-text": "De kinderen zijn nooit alleen met vader.",
            "req-set_by": pro.pk,
            "req-organisation": "Jeugdbescherming",
            "req-set_on": "2026-11-20",
        },
    )
    assert response.status_code == 302
    assert SafetyRequirement.objects.filter(case=case).count() == 1
    _try_schedule(case, coordinator)


def test_restraining_order_warns_and_blocks_until_resolved(
    client_for, case, coordinator, main_person
):
    _ready(case, main_person)
    a = PersonFactory(case=case, coming=True, name="Rob Bakker")
    b = PersonFactory(case=case, coming=True, name="Linda Bakker")
    c = client_for(coordinator)
    response = c.post(
        reverse("network:add_restriction", args=[case.uuid]),
        {"res-person_a": a.pk, "res-person_b": b.pk, "res-kind": "restraining_order"},
    )
    assert response.status_code == 302
    page = c.get(reverse("network:safety", args=[case.uuid])).content.decode()
    assert "hetzelfde deel" in page and 'role="alert"' in page
    with pytest.raises(transitions.TransitionError) as refused:
        _try_schedule(case, coordinator)
    assert "niet mogen ontmoeten" in " ".join(refused.value.reasons)
    conference_page = c.get(reverse("conferences:conference", args=[case.uuid])).content.decode()
    assert "niet mogen ontmoeten" in conference_page

    # Resolve by separating the parts.
    b.parts = ["planning"]
    a.parts = ["information", "presentation"]
    a.save()
    b.save()
    _try_schedule(case, coordinator)


def test_restriction_resolved_by_an_explicit_decision(client_for, case, coordinator, main_person):
    _ready(case, main_person)
    restriction = ContactRestrictionFactory(case=case)
    c = client_for(coordinator)
    url = reverse("network:decide_restriction", args=[case.uuid, restriction.uuid])
    response = c.post(url, {"dec-reason": ""})
    assert response.status_code == 400
    response = c.post(url, {"dec-reason": "Rechter staat contact onder begeleiding toe."})
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.decided_at is not None and restriction.decided_by == coordinator
    _try_schedule(case, coordinator)


def test_the_same_person_twice_is_refused(client_for, case, coordinator):
    a = PersonFactory(case=case)
    response = client_for(coordinator).post(
        reverse("network:add_restriction", args=[case.uuid]),
        {"res-person_a": a.pk, "res-person_b": a.pk, "res-kind": "other"},
    )
    assert response.status_code == 400
    assert not ContactRestriction.objects.exists()


def test_a_professional_in_the_circle_sets_a_requirement(client_for, professional, case):
    me = PersonFactory(case=case, professional=True, consented=True, user=professional)
    c = client_for(professional)
    assert c.get(reverse("network:safety", args=[case.uuid])).status_code == 200
    response = c.post(
        reverse("network:add_requirement", args=[case.uuid]),
        {
            "req-text": "Moeder blijft in behandeling.",
            "req-set_by": me.pk,
            "req-organisation": "GGZ",
            "req-set_on": "2026-11-21",
        },
    )
    assert response.status_code == 302
    # ...but not the circle, the conference, or contact restrictions.
    assert c.get(reverse("network:circle", args=[case.uuid])).status_code == 404
    assert c.post(reverse("network:add_restriction", args=[case.uuid])).status_code == 404
    assert case.reference in c.get(reverse("portal:start")).content.decode()


def test_a_professional_outside_the_circle_sees_nothing(client_for, professional, case):
    PersonFactory(case=case, professional=True)
    assert (
        client_for(professional).get(reverse("network:safety", args=[case.uuid])).status_code == 404
    )


def test_participants_read_the_requirement_on_their_page(client, case):
    from kring.network.links import issue_link
    from kring.network.tests.factories import SafetyRequirementFactory

    SafetyRequirementFactory(case=case, text="Vader drinkt niet als de kinderen er zijn.")
    person = PersonFactory(case=case, invited=True)
    raw = issue_link(person, "rsvp")
    assert "Vader drinkt niet" in client.get(reverse("portal:rsvp", args=[raw])).content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_safety_page_exact_query_count(
    client_for, coordinator, case, main_person, rows, django_assert_num_queries
):
    pro = PersonFactory(case=case, professional=True)
    for i in range(rows):
        SafetyRequirement.objects.create(case=case, set_by=pro, organisation="GGZ", text=f"Eis {i}")
        ContactRestriction.objects.create(
            case=case,
            person_a=PersonFactory(case=case, coming=True),
            person_b=main_person,
            kind="other",
        )
        ContactRestriction.objects.create(
            case=case,
            person_a=PersonFactory(case=case, coming=True),
            person_b=main_person,
            kind="other",
            decision_reason="Begeleid contact is veilig",
            decided_at=timezone.now(),
            decided_by=coordinator,
        )
    c = client_for(coordinator)
    # session, user, case (+coordinator, region, municipality, manager), audit insert,
    # people, requirements (also withdrawn), their history, restrictions (+people, decided
    # by), conflicts (+people), professionals, people for the two forms
    with django_assert_num_queries(12):
        response = c.get(reverse("network:safety", args=[case.uuid]))
    assert response.content.decode().count("Eis ") >= rows


@pytest.mark.parametrize("rows", [1, 50])
def test_person_page_exact_query_count(
    client_for, coordinator, case, main_person, rows, django_assert_num_queries
):
    from kring.conferences.models import Invitation

    person = PersonFactory(
        case=case,
        informed=True,
        informed_by=coordinator,
        parts=["information"],
        suggested_by=main_person,
    )
    others = PersonFactory.create_batch(rows, case=case, coming=True, parts=["information"])
    Invitation.objects.bulk_create(
        [Invitation(person=person, kind="request", language="nl") for _ in range(rows)]
    )
    ContactRestriction.objects.bulk_create(
        [ContactRestriction(case=case, person_a=person, person_b=o, kind="other") for o in others]
    )
    c = client_for(coordinator)
    # session, user, case (+coordinator, region, municipality, manager), audit insert, person,
    # audit insert (the person read), conflicts (+people), invitations (at most 20), open
    # links, other people for the forms, the active languages for the form, who suggested and
    # who informed this person
    with django_assert_num_queries(13):
        response = c.get(reverse("network:person", args=[case.uuid, person.uuid]))
    assert len(response.context["clashes"]) == rows


def test_a_professional_without_consent_or_after_withdrawal_sees_nothing(
    client_for, professional, coordinator, case
):
    me = PersonFactory(case=case, professional=True, user=professional)
    c = client_for(professional)
    url = reverse("network:safety", args=[case.uuid])
    assert c.get(url).status_code == 404
    client_for(coordinator).post(
        reverse("network:give_consent", args=[case.uuid, me.uuid]), {"consent-given_by": "Fatima"}
    )
    assert c.get(url).status_code == 200
    client_for(coordinator).post(reverse("network:withdraw_consent", args=[case.uuid, me.uuid]))
    assert c.get(url).status_code == 404
    assert c.get(reverse("conferences:information", args=[case.uuid])).status_code == 404


def test_person_page_warns_about_a_restriction_conflict(client_for, coordinator, case):
    restriction = ContactRestrictionFactory(case=case)
    url = reverse("network:person", args=[case.uuid, restriction.person_a.uuid])
    html = client_for(coordinator).get(url).content.decode()
    assert "mogen elkaar niet ontmoeten" in html


def test_a_professional_cannot_set_a_requirement_in_someone_elses_name(
    client_for, professional, case
):
    PersonFactory(case=case, professional=True, consented=True, user=professional)
    colleague = PersonFactory(case=case, professional=True, name="Iemand Anders")
    response = client_for(professional).post(
        reverse("network:add_requirement", args=[case.uuid]),
        {
            "req-text": "Eis",
            "req-set_by": colleague.pk,
            "req-organisation": "GGZ",
            "req-set_on": "2026-11-21",
        },
    )
    assert response.status_code == 400
    assert not SafetyRequirement.objects.exists()
