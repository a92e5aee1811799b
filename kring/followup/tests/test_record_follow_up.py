"""Recording a follow-up meeting through its page: outcomes, progress, the next date or closing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AuditEvent
from kring.cases.states import Status
from kring.followup.models import AgreementProgress, FollowUp
from kring.plans.models import Plan
from kring.plans.tests.factories import RequirementFactory

pytestmark = pytest.mark.django_db


def _url(case):
    return reverse("followup:case", args=[case.uuid])


def _data(plan, people, **overrides):
    data = {
        "held_on": timezone.localdate().isoformat(),
        "present": [p.pk for p in people],
        "agreements": "partly",
        "question_answered": "partly",
        "professional_help": "reduced",
        "safety_holds": "none",
        "changes": "Karim stopt met de administratie; tante Ria neemt het over.",
        "next_step": "next",
        "next_at": (timezone.localtime() + datetime.timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"),
    }
    for agreement in plan.agreements.all():
        data[f"progress_{agreement.pk}"] = "done"
        data[f"note_{agreement.pk}"] = ""
    data.update(overrides)
    return data


def test_the_manager_records_a_follow_up_and_the_next_date(
    checked_in, follow_plan, manager, client_for
):
    client = client_for(manager)
    page = client.get(_url(checked_in.case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hoe ging het met de afspraken?" in html
    assert "Oma brengt de kinderen naar school." in html

    version_before = follow_plan.version
    first = follow_plan.agreements.first()
    data = _data(
        follow_plan,
        [checked_in.main, checked_in.aunt],
        **{f"progress_{first.pk}": "partly", f"note_{first.pk}": "Op woensdag lukt het niet."},
    )
    response = client.post(_url(checked_in.case), data)
    assert response.status_code == 302

    follow_up = FollowUp.objects.get(case=checked_in.case)
    assert follow_up.agreements == "partly"
    assert follow_up.question_answered == "partly"
    assert follow_up.professional_help == "reduced"
    assert follow_up.safety_holds == "none"
    assert set(follow_up.present.all()) == {checked_in.main, checked_in.aunt}
    assert follow_up.planned_for == timezone.localdate(follow_plan.follow_up_at)
    progress = {p.agreement_id: p for p in AgreementProgress.objects.filter(follow_up=follow_up)}
    assert progress[first.pk].status == "partly"
    assert progress[first.pk].note == "Op woensdag lukt het niet."

    checked_in.case.refresh_from_db()
    assert checked_in.case.status == Status.FOLLOW_UP
    plan = Plan.objects.get(pk=follow_plan.pk)
    assert timezone.localdate(plan.follow_up_at) == timezone.localdate() + datetime.timedelta(
        days=60
    )
    # The new date is a change of the plan through the plan's own service.
    assert plan.revision > follow_plan.revision
    assert plan.version >= version_before

    event = AuditEvent.objects.get(key="followup.recorded")
    assert event.changes["present"] == 2
    assert event.changes["agreements"] == 2
    assert "Op woensdag" not in str(event.changes)

    shown = client.get(_url(checked_in.case)).content.decode()
    assert "Op woensdag lukt het niet." in shown
    assert "Deels gedaan" in shown


def test_a_second_follow_up_closes_the_case(checked_in, follow_plan, manager, client_for):
    client = client_for(manager)
    assert client.post(_url(checked_in.case), _data(follow_plan, [])).status_code == 302
    data = _data(follow_plan, [checked_in.main], next_step="close", next_at="", agreements="done")
    assert client.post(_url(checked_in.case), data).status_code == 302
    checked_in.case.refresh_from_db()
    assert checked_in.case.status == Status.CLOSED
    assert FollowUp.objects.filter(case=checked_in.case).count() == 2
    last = FollowUp.objects.filter(case=checked_in.case).latest("id")
    assert last.closes_case and last.next_at is None
    page = client.get(_url(checked_in.case)).content.decode()
    assert "Dit traject is afgesloten" in page
    assert client.post(_url(checked_in.case), data).status_code == 403


def test_missing_outcomes_are_explained_and_nothing_typed_is_lost(
    checked_in, follow_plan, manager, client_for
):
    client = client_for(manager)
    data = _data(follow_plan, [checked_in.aunt])
    for name in ("agreements", "question_answered", "professional_help", "safety_holds"):
        del data[name]
    data["next_at"] = ""
    response = client.post(_url(checked_in.case), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies of de afspraken gedaan zijn: gedaan, deels of niet." in html
    assert "Kies of de centrale vraag beantwoord is: ja, deels of nee." in html
    assert "Kies of er minder, evenveel of meer hulp van professionals is." in html
    assert "Kies of er nog een minimumeis geldt." in html
    assert "Vul de datum en tijd van de volgende bijeenkomst in." in html
    assert "Karim stopt met de administratie" in html  # what was typed stays
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("agreements", "everything", "Kies een van de mogelijkheden."),
        ("question_answered", "maybe", "Kies een van de mogelijkheden."),
        ("professional_help", "lots", "Kies een van de mogelijkheden."),
        ("safety_holds", "perhaps", "Kies een van de mogelijkheden."),
        ("held_on", "2999-01-01", "De vervolgbijeenkomst kan niet in de toekomst liggen."),
        ("held_on", "gisteren", "Vul een geldige datum in"),
        ("next_at", "2001-01-01T10:00", "Kies een datum in de toekomst."),
        ("next_step", "later", "Kies een van de mogelijkheden."),
    ],
)
def test_each_field_of_the_register_is_validated(
    checked_in, follow_plan, manager, client_for, field, value, message
):
    response = client_for(manager).post(
        _url(checked_in.case), _data(follow_plan, [], **{field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FollowUp.objects.exists()


def test_every_agreement_needs_its_progress(checked_in, follow_plan, manager, client_for):
    first = follow_plan.agreements.first()
    data = _data(follow_plan, [])
    del data[f"progress_{first.pk}"]
    response = client_for(manager).post(_url(checked_in.case), data)
    assert response.status_code == 400
    assert "Kies hoe het ging met deze afspraak." in response.content.decode()


def test_with_a_requirement_the_register_says_whether_it_still_holds(
    checked_in, follow_plan, manager, client_for
):
    RequirementFactory(set_by=checked_in.prof)
    client = client_for(manager)
    response = client.post(_url(checked_in.case), _data(follow_plan, []))
    assert response.status_code == 400
    assert "Bij dit traject staat een minimumeis" in response.content.decode()
    page = client.get(_url(checked_in.case)).content.decode()
    # Not assessed yet: the page asks for a (new) assessment.
    assert "Veiligheid opnieuw beoordelen" in page
    ok = client.post(_url(checked_in.case), _data(follow_plan, [], safety_holds="yes"))
    assert ok.status_code == 302


def test_before_the_check_in_the_page_says_why_and_refuses(
    make_circle, coordinator, manager, client_for
):
    delivered = make_circle(delivered=True)
    page = client_for(coordinator).get(_url(delivered.case))
    assert page.status_code == 200
    assert "Leg eerst het nabelgesprek vast" in page.content.decode()
    assert client_for(manager).post(_url(delivered.case), {}).status_code == 403


def test_a_manager_of_another_region_gets_404(
    checked_in, follow_plan, make_user, other_region, client_for
):
    from kring.accounts.models import Role

    other = make_user(Role.REGIONAL_MANAGER, regions=[other_region])
    assert client_for(other).get(_url(checked_in.case)).status_code == 404


def test_the_case_page_links_to_the_follow_up_page(checked_in, manager, client_for):
    html = client_for(manager).get(reverse("cases:detail", args=[checked_in.case.uuid]))
    assert _url(checked_in.case) in html.content.decode()


@pytest.mark.parametrize("meetings", [1, 6])
def test_the_page_costs_the_same_queries_with_more_follow_ups(
    checked_in, follow_plan, manager, client_for, django_assert_num_queries, meetings
):
    client = client_for(manager)
    for _ in range(meetings):
        assert (
            client.post(_url(checked_in.case), _data(follow_plan, [checked_in.aunt])).status_code
            == 302
        )
    with django_assert_num_queries(QUERIES):
        assert client.get(_url(checked_in.case)).status_code == 200


QUERIES = 13  # the manager's region ids come with the user (decision 0198)
