"""The case's facts after intake: the main people copied from the request, the requester's
contact details for the coordinator, corrections with the old value kept, the variant."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role
from kring.accounts.tests.factories import MunicipalityFactory
from kring.audit.models import AuditEvent
from kring.cases import transitions
from kring.cases.models import Case, CaseFactChange, CasePerson
from kring.cases.tests.factories import new_case, set_main_people
from kring.intake.models import RequestPerson
from kring.intake.tests.factories import RequestFactory

pytestmark = pytest.mark.django_db


def _request_with_people(municipality):
    req = RequestFactory.create(
        municipality=municipality,
        contacted=True,
        people=[],
        requester_name="Sanne Visser",
        requester_phone="+31 6 12345678",
        requester_email="sanne@wijkteam.example",
        main_person_names="Elif Yılmaz, Ayten Yılmaz",
        main_language="tr",
        languages=["tr", "nl"],
        preferred_gender="f",
        preferred_language="tr",
        preferred_culture="Turks",
    )
    RequestPerson.objects.create(
        request=req,
        position=0,
        name="Elif Yılmaz",
        name_key="elif yilmaz",
        relation="child",
        languages=["nl", "tr"],
        main_language="nl",
        age=12,
        is_minor=True,
    )
    RequestPerson.objects.create(
        request=req,
        position=1,
        name="Ayten Yılmaz",
        name_key="ayten yilmaz",
        relation="parent",
        languages=["tr"],
        main_language="tr",
        phone="+31 6 87654321",
    )
    return req


@pytest.fixture
def opened(client_for, manager, municipality):
    req = _request_with_people(municipality)
    response = client_for(manager).post(
        reverse("cases:open", args=[req.uuid]), {"start-variant": "restoration"}
    )
    assert response.status_code == 302
    return Case.objects.get(request=req)


def test_starting_a_trajectory_copies_the_main_people_and_the_chosen_variant(opened):
    assert opened.variant == "restoration"
    people = list(opened.main_people.all())
    assert [(p.name, p.relation, p.age) for p in people] == [
        ("Elif Yılmaz", "child", 12),
        ("Ayten Yılmaz", "parent", None),
    ]
    assert people[1].phone == "+31 6 87654321"
    # What a coordinator sees before declaring: the first main person's first name.
    assert opened.main_person_first_name == "Elif"
    assert opened.main_person_names == "Elif Yılmaz, Ayten Yılmaz"
    assert opened.main_language == "tr"
    assert opened.languages == ["tr", "nl"]
    assert (opened.preferred_gender, opened.preferred_language, opened.preferred_culture) == (
        "f",
        "tr",
        "Turks",
    )
    event = AuditEvent.objects.get(key="case.opened")
    assert event.changes == {"variant": "restoration", "main_people": 2}


def test_a_tampered_variant_starts_nothing(client_for, manager, municipality):
    req = _request_with_people(municipality)
    response = client_for(manager).post(
        reverse("cases:open", args=[req.uuid]), {"start-variant": "party"}, follow=True
    )
    assert "Kies de soort conferentie." in response.content.decode()
    assert not Case.objects.exists()


def test_the_coordinator_sees_who_asked_after_declaring_and_the_read_is_recorded(
    opened, coordinator, client_for
):
    Case.objects.filter(pk=opened.pk).update(
        status="coordinator_assigned", coordinator=coordinator, independence_declared_at=None
    )
    c = client_for(coordinator)
    url = reverse("cases:detail", args=[opened.uuid])
    before = c.get(url).content.decode()
    assert "Sanne Visser" not in before and "+31 6 12345678" not in before
    assert not AuditEvent.objects.filter(key="case.requester_viewed").exists()
    c.post(reverse("cases:declare", args=[opened.uuid]), {"answer": "independent"})
    html = c.get(url).content.decode()
    assert "Sanne Visser" in html
    assert 'href="tel:+31612345678"' in html
    assert "sanne@wijkteam.example" in html
    read = AuditEvent.objects.get(key="case.requester_viewed")
    assert read.actor == coordinator
    assert read.object_id == str(opened.request.uuid)
    assert read.changes == {}


def test_the_case_and_its_requester_read_are_two_events_in_one_insert(opened, manager, client_for):
    client = client_for(manager)
    AuditEvent.objects.filter(action="view").delete()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:detail", args=[opened.uuid]))
    assert response.status_code == 200
    inserts = [q for q in queries.captured_queries if 'INSERT INTO "audit_auditevent"' in q["sql"]]
    assert len(inserts) == 1
    reads = AuditEvent.objects.filter(action="view", case_id=opened.uuid, actor=manager)
    assert sorted(reads.values_list("key", flat=True)) == ["case.requester_viewed", "case.viewed"]
    assert reads.get(key="case.requester_viewed").object_id == str(opened.request.uuid)


def test_the_case_page_shows_each_main_person(opened, manager, client_for):
    html = client_for(manager).get(reverse("cases:detail", args=[opened.uuid])).content.decode()
    assert "Elif Yılmaz" in html and "12 jaar" in html
    assert "Ayten Yılmaz" in html and "+31 6 87654321" in html
    assert "Hoofdtaal van het gezin" in html and "Türkçe" in html


class TestFactsPage:
    def test_staff_correct_the_question_and_the_old_value_is_kept(
        self, opened, manager, client_for
    ):
        c = client_for(manager)
        url = reverse("cases:facts", args=[opened.uuid])
        page = c.get(url)
        assert page.status_code == 200
        data = _facts_post(opened, question="Wat is nodig zodat Elif weer naar school gaat?")
        response = c.post(url, data)
        assert response.status_code == 302
        opened.refresh_from_db()
        assert opened.question == "Wat is nodig zodat Elif weer naar school gaat?"
        change = CaseFactChange.objects.get(case=opened)
        assert change.field == "question"
        assert change.old_value == "Wat is nodig om in dit huis te kunnen blijven wonen?"
        assert change.changed_by == manager
        event = AuditEvent.objects.get(key="case.facts_changed")
        assert event.changes == {"fields": ["question"], "region": None}
        assert "school" not in str(event.changes) + event.reason + event.message
        html = c.get(url).content.decode()
        assert "Eerdere wijzigingen" in html
        assert "Wat is nodig om in dit huis te kunnen blijven wonen?" in html

    def test_nothing_changed_writes_nothing(self, opened, manager, client_for):
        client_for(manager).post(reverse("cases:facts", args=[opened.uuid]), _facts_post(opened))
        assert not CaseFactChange.objects.exists()
        assert not AuditEvent.objects.filter(key="case.facts_changed").exists()

    def test_several_facts_at_once_each_keep_their_old_value(self, opened, manager, client_for):
        data = _facts_post(
            opened,
            topics=["education"],
            safety_at_stake="yes",
            court_measure="threatened",
            main_language="nl",
            preferred_gender="",
        )
        client_for(manager).post(reverse("cases:facts", args=[opened.uuid]), data)
        fields = set(CaseFactChange.objects.values_list("field", flat=True))
        assert fields == {
            "topics",
            "safety_at_stake",
            "court_measure",
            "main_language",
            "preferred_gender",
        }
        opened.refresh_from_db()
        assert opened.main_language == "nl"
        # The family's languages follow the chosen main language.
        assert opened.languages[0] == "nl"
        html = client_for(manager).get(reverse("cases:facts", args=[opened.uuid])).content
        assert "Er dreigt een maatregel" in html.decode()

    def test_errors_keep_what_was_typed_and_the_page_is_a_read(self, opened, manager, client_for):
        data = _facts_post(opened, question="", preferred_culture="Koerdisch")
        response = client_for(manager).post(reverse("cases:facts", args=[opened.uuid]), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "Schrijf de vraag op." in html and 'value="Koerdisch"' in html
        assert AuditEvent.objects.filter(key="case.viewed", case_id=opened.uuid).exists()

    def test_a_coordinator_corrects_facts_but_not_the_region_or_the_wishes(
        self, opened, coordinator, client_for, other_municipality
    ):
        Case.objects.filter(pk=opened.pk).update(
            status="in_preparation",
            coordinator=coordinator,
            independence_declared_at=timezone.now(),
            first_contact_at=timezone.now(),
        )
        c = client_for(coordinator)
        url = reverse("cases:facts", args=[opened.uuid])
        html = c.get(url).content.decode()
        assert 'name="feiten-municipality"' not in html
        assert 'name="feiten-preferred_gender"' not in html
        data = _facts_post(
            opened,
            minors_involved="no",
            municipality=str(other_municipality.pk),
            preferred_culture="Iets anders",
        )
        assert c.post(url, data).status_code == 302
        opened.refresh_from_db()
        assert opened.minors_involved is False
        assert opened.municipality != other_municipality
        assert opened.preferred_culture == "Turks"

    def test_a_coordinator_before_declaring_gets_404(self, opened, coordinator, client_for):
        Case.objects.filter(pk=opened.pk).update(
            status="coordinator_assigned", coordinator=coordinator
        )
        assert (
            client_for(coordinator).get(reverse("cases:facts", args=[opened.uuid])).status_code
            == 404
        )

    def test_a_move_to_another_region_reroutes_the_case(
        self,
        opened,
        manager,
        make_user,
        other_region,
        other_municipality,
        client_for,
        django_capture_on_commit_callbacks,
    ):
        there = make_user(Role.REGIONAL_MANAGER, regions=[other_region], full_name="Bram Zuid")
        c = client_for(manager)
        data = _facts_post(opened, municipality=str(other_municipality.pk))
        with django_capture_on_commit_callbacks(execute=True):
            response = c.post(reverse("cases:facts", args=[opened.uuid]), data, follow=True)
        assert "Het traject hoort nu bij een andere regio." in response.content.decode()
        opened.refresh_from_db()
        assert opened.region == other_region
        assert opened.regional_manager is None
        assert [m.to for m in mail.outbox] == [[there.email]]
        assert opened.reference in mail.outbox[0].subject
        # The old manager loses it; the new region's manager has it.
        assert c.get(reverse("cases:detail", args=[opened.uuid])).status_code == 404
        assert client_for(there).get(reverse("cases:detail", args=[opened.uuid])).status_code == 200
        event = AuditEvent.objects.get(key="case.facts_changed")
        assert event.changes["region"] == ["noord-holland", "zuid"]
        change = CaseFactChange.objects.get(field="municipality")
        assert "Amsterdam" in change.old_value and "Eindhoven" in change.new_value

    def test_a_move_within_the_region_keeps_the_manager(self, opened, manager, client_for, region):
        haarlem = MunicipalityFactory.create(code="GM0392", name="Haarlem", region=region)
        client_for(manager).post(
            reverse("cases:facts", args=[opened.uuid]),
            _facts_post(opened, municipality=str(haarlem.pk)),
        )
        opened.refresh_from_db()
        assert opened.municipality == haarlem and opened.regional_manager == manager
        assert mail.outbox == []


def _facts_post(case, **overrides):
    data = {
        "feiten-question": case.question,
        "feiten-topics": list(case.topics),
        "feiten-minors_involved": "yes" if case.minors_involved else "no",
        "feiten-safety_at_stake": "yes" if case.safety_at_stake else "no",
        "feiten-court_measure": case.court_measure,
        "feiten-main_language": case.main_language,
        "feiten-municipality": str(case.municipality_id),
        "feiten-preferred_gender": case.preferred_gender,
        "feiten-preferred_language": case.preferred_language,
        "feiten-preferred_culture": case.preferred_culture,
        "feiten-coordinator_wish": case.coordinator_wish,
    }
    data.update({f"feiten-{k}": v for k, v in overrides.items()})
    return data


def _person_post(prefix, **fields):
    data = {
        "name": "",
        "relation": "other",
        "main_language": "nl",
        "languages": [],
        "phone": "",
        "email": "",
        "age": "",
    }
    data.update(fields)
    post = {f"{prefix}-{k}": v for k, v in data.items() if k != "is_minor"}
    if fields.get("is_minor"):
        post[f"{prefix}-is_minor"] = "on"
    return post


class TestMainPeople:
    def test_correcting_a_name_keeps_the_old_one_and_the_lines_follow(
        self, opened, manager, client_for
    ):
        elif_ = opened.main_people.get(position=0)
        prefix = f"hp-{elif_.uuid.hex[:12]}"
        url = reverse("cases:main_person_edit", args=[opened.uuid, elif_.uuid])
        data = _person_post(
            prefix,
            name="Elif Demir",
            relation="child",
            main_language="nl",
            languages=["tr"],
            age="13",
            is_minor=True,
        )
        assert client_for(manager).post(url, data).status_code == 302
        elif_.refresh_from_db()
        opened.refresh_from_db()
        assert (elif_.name, elif_.age) == ("Elif Demir", 13)
        assert opened.main_person_names == "Elif Demir, Ayten Yılmaz"
        changes = dict(CaseFactChange.objects.values_list("field", "old_value"))
        assert changes == {"name": "Elif Yılmaz", "age": "12"}
        event = AuditEvent.objects.get(key="case.main_person_changed")
        assert event.object_id == str(elif_.uuid)
        assert event.changes == {"fields": ["age", "name"]}

    def test_person_errors_are_shown_on_the_facts_page(self, opened, manager, client_for):
        ayten = opened.main_people.get(position=1)
        prefix = f"hp-{ayten.uuid.hex[:12]}"
        url = reverse("cases:main_person_edit", args=[opened.uuid, ayten.uuid])
        response = client_for(manager).post(url, _person_post(prefix, name="Ayten", phone="123"))
        assert response.status_code == 400
        html = response.content.decode()
        assert "Dit telefoonnummer klopt niet." in html
        assert f'id="id_{prefix}-phone_error"' in html

    def test_add_and_remove_a_main_person(self, opened, manager, client_for):
        c = client_for(manager)
        data = _person_post("nieuw", name="Mustafa Yılmaz", relation="parent", main_language="tr")
        assert c.post(reverse("cases:main_person_add", args=[opened.uuid]), data).status_code == 302
        opened.refresh_from_db()
        assert opened.main_person_names == "Elif Yılmaz, Ayten Yılmaz, Mustafa Yılmaz"
        mustafa = opened.main_people.get(name="Mustafa Yılmaz")
        c.post(reverse("cases:main_person_remove", args=[opened.uuid, mustafa.uuid]))
        opened.refresh_from_db()
        assert opened.main_person_names == "Elif Yılmaz, Ayten Yılmaz"
        removed = CaseFactChange.objects.get(field="main_person_removed")
        assert removed.old_value == "Mustafa Yılmaz"
        assert AuditEvent.objects.get(key="case.main_person_removed").changes == {"main_people": 2}

    def test_the_last_main_person_stays(self, declared_case, manager, client_for):
        only = declared_case.main_people.get()
        response = client_for(manager).post(
            reverse("cases:main_person_remove", args=[declared_case.uuid, only.uuid]), follow=True
        )
        assert "Een traject heeft minstens één hoofdpersoon." in response.content.decode()
        assert CasePerson.objects.filter(case=declared_case).count() == 1

    def test_a_main_person_of_another_case_is_404(self, opened, manager, client_for, municipality):
        other = new_case(municipality=municipality)
        stranger = other.main_people.get()
        url = reverse("cases:main_person_remove", args=[opened.uuid, stranger.uuid])
        assert client_for(manager).post(url).status_code == 404


class TestVariant:
    def test_changeable_until_the_conference_is_scheduled(self, declared_case, manager, client_for):
        c = client_for(manager)
        url = reverse("cases:variant", args=[declared_case.uuid])
        assert c.post(url, {"variant-variant": "group"}).status_code == 302
        declared_case.refresh_from_db()
        assert declared_case.variant == "group"
        event = AuditEvent.objects.get(key="case.variant_changed")
        assert event.changes == {"variant": ["family", "group"]}

    def test_refused_once_the_conference_is_scheduled(self, municipality, manager, client_for):
        case = new_case(municipality=municipality, scheduled=True)
        response = client_for(manager).post(
            reverse("cases:variant", args=[case.uuid]), {"variant-variant": "group"}
        )
        assert response.status_code == 403
        html = client_for(manager).get(reverse("cases:detail", args=[case.uuid])).content
        assert "Soort conferentie wijzigen" not in html.decode()

    def test_the_transition_refuses_too(self, municipality, manager):
        case = new_case(municipality=municipality, held=True)
        with pytest.raises(transitions.TransitionError):
            transitions.change_variant(case, "group", actor=manager)

    def test_an_unknown_variant_is_a_form_error(self, declared_case, manager, client_for):
        response = client_for(manager).post(
            reverse("cases:variant", args=[declared_case.uuid]), {"variant-variant": "feest"}
        )
        assert response.status_code == 400
        assert "Kies een soort uit de lijst." in response.content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_facts_page_exact_query_count(
    n, declared_case, manager, client_for, django_assert_num_queries
):
    set_main_people(declared_case, [{"name": f"Persoon {i}"} for i in range(min(n, 6))])
    for i in range(n):
        CaseFactChange.objects.create(
            case=declared_case, field="question", old_value=f"oud {i}", changed_by=manager
        )
    c = client_for(manager)
    url = reverse("cases:facts", args=[declared_case.uuid])
    c.get(url)
    # session, user (+region ids), case for the check and for viewing (+region,
    # municipality, coordinator, manager, request), audit insert, main people, history (+author,
    # person), municipalities
    with django_assert_num_queries(8):
        response = c.get(url)
    assert response.status_code == 200
