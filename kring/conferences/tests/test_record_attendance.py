"""The conference record: who was present in which part, and the variant rules for part 2."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.cases.models import Variant
from kring.cases.states import Status
from kring.conferences.models import Attendance, ConferenceRecord
from kring.network.models import PersonStatus


def _url(case):
    return reverse("conferences:record", args=[case.uuid])


# The day before yesterday: attendance is recorded on or after the day (decision 0070).
HELD_ON = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()


def _form(circle, parts_for, info_for=(), **extra):
    data = {"held_on": HELD_ON, **extra}
    for person, parts in parts_for.items():
        data[f"parts_{person.uuid.hex}"] = parts
    for person in info_for:
        data[f"info_{person.uuid.hex}"] = "on"
    return data


@pytest.mark.django_db
def test_family_conference_keeps_part_two_private(client_for, coordinator, make_circle):
    circle = make_circle(Variant.FAMILY, scheduled=True)
    page = client_for(coordinator).get(_url(circle.case))
    assert page.status_code == 200
    assert "besloten" in page.content.decode()
    # A forged form claims the professional was in part 2 and sends notes.
    data = _form(
        circle,
        {
            circle.main: ["information", "planning", "presentation"],
            circle.aunt: ["information", "planning", "presentation"],
            circle.prof: ["information", "planning", "presentation"],
        },
        info_for=[circle.prof],
        planning_notes="Vader was boos",
        coordinator_in_planning="on",
    )
    response = client_for(coordinator).post(_url(circle.case), data)
    # "planning" is not a valid choice for a professional in a private part.
    assert response.status_code == 400
    data[f"parts_{circle.prof.uuid.hex}"] = ["information", "presentation"]
    response = client_for(coordinator).post(_url(circle.case), data)
    assert response.status_code == 302
    record = ConferenceRecord.objects.get(case=circle.case)
    assert record.planning_private
    assert record.planning_notes == ""
    assert not record.coordinator_in_planning
    prof_planning = Attendance.objects.get(record=record, person=circle.prof, part="planning")
    assert not prof_planning.present
    assert Attendance.objects.get(
        record=record, person=circle.prof, part="information"
    ).gave_information
    assert Attendance.objects.get(record=record, person=circle.aunt, part="planning").present
    circle.case.refresh_from_db()
    assert circle.case.status == Status.CONFERENCE_HELD
    circle.aunt.refresh_from_db()
    assert circle.aunt.status == PersonStatus.PRESENT
    assert AuditEvent.objects.filter(object_type="conferences.conferencerecord").exists()
    page = client_for(coordinator).get(reverse("plans:detail", args=[circle.case.uuid]))
    text = page.content.decode()
    assert "Deel 2 was besloten" in text
    assert "2 personen" in text  # part 2: main person and aunt, not the professional
    assert "Vader was boos" not in text


@pytest.mark.django_db
def test_the_database_refuses_notes_or_professionals_in_a_private_part(circle):
    record = ConferenceRecord.objects.create(case=circle.case, planning_private=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceRecord.objects.filter(pk=record.pk).update(planning_notes="geheim")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceRecord.objects.filter(pk=record.pk).update(coordinator_in_planning=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            record=record,
            person=circle.prof,
            part="planning",
            present=True,
            is_professional=True,
            in_private_part=True,
        )


@pytest.mark.parametrize("variant", [Variant.GROUP, Variant.LEARNING, Variant.RESTORATION])
@pytest.mark.django_db
def test_other_variants_let_the_coordinator_chair_part_two_with_notes(
    client_for, coordinator, make_circle, variant
):
    circle = make_circle(variant, scheduled=True)
    data = _form(
        circle,
        {circle.main: ["information", "planning"], circle.prof: ["information", "planning"]},
        planning_notes="Twee ideeën voor de speeltuin.",
        coordinator_in_planning="on",
    )
    response = client_for(coordinator).post(_url(circle.case), data)
    assert response.status_code == 302
    record = ConferenceRecord.objects.get(case=circle.case)
    assert not record.planning_private
    assert record.coordinator_in_planning
    assert record.planning_notes == "Twee ideeën voor de speeltuin."
    assert Attendance.objects.get(record=record, person=circle.prof, part="planning").present


@pytest.mark.django_db
def test_information_without_part_one_is_explained(client_for, coordinator, make_circle):
    circle = make_circle(Variant.FAMILY, scheduled=True)
    data = _form(circle, {circle.prof: ["presentation"]}, info_for=[circle.prof])
    response = client_for(coordinator).post(_url(circle.case), data)
    assert response.status_code == 400
    assert "Vink deel 1 aan" in response.content.decode()
    assert f'value="{HELD_ON}"' in response.content.decode()


@pytest.mark.django_db
def test_restoration_has_two_parties_with_their_own_main_person(
    client_for, coordinator, make_circle
):
    from kring.conferences.tests.factories import PersonFactory

    circle = make_circle(Variant.RESTORATION, scheduled=True)
    other = PersonFactory(case=circle.case, main=True, party=2, name="Dirk Jansen")
    friend = PersonFactory(case=circle.case, party=2, name="Henk Jansen")
    data = _form(
        circle,
        {
            circle.main: ["information", "planning", "presentation"],
            other: ["information", "planning", "presentation"],
            friend: ["planning"],
        },
    )
    response = client_for(coordinator).post(_url(circle.case), data)
    assert response.status_code == 302
    record = ConferenceRecord.objects.get(case=circle.case)
    assert record.attendances.filter(present=True, person__party=2).count() == 4
    page = client_for(coordinator).get(_url(circle.case)).content.decode()
    assert "Dirk Jansen" in page and "Fatima Amrani" in page


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_attendance_page_exact_query_count(
    n, client_for, coordinator, make_circle, django_assert_num_queries
):
    from kring.conferences.tests.factories import PersonFactory

    circle = make_circle(Variant.FAMILY, scheduled=True)
    people = [*circle.people, *PersonFactory.create_batch(n, case=circle.case)]
    c = client_for(coordinator)
    everyone = {p: ["information", "presentation"] for p in people}
    assert (
        c.post(_url(circle.case), _form(circle, everyone, info_for=[circle.prof])).status_code
        == 302
    )
    # session, user, case (+coordinator, region, municipality, manager), audit insert, record,
    # people, attendances (+person)
    with django_assert_num_queries(7):
        page = c.get(_url(circle.case))
    initial = page.context["form"].initial
    assert sum(key.startswith("parts_") for key in initial) == len(people)
