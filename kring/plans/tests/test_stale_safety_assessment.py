"""A safety assessment goes stale when what the requirement rests on changes afterwards.

Stale means: an agreement linked to the requirement was added, changed, removed or unlinked,
the requirement's text changed, or the contingency changed. A stale "met" blocks delivery
until the professional assesses again; changes elsewhere in the plan do not.
"""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.cases.states import Status
from kring.plans.models import Outcome, PlanVersion, SafetyAssessment
from kring.plans.tests.factories import AgreementFactory

STALE = "zijn veranderd na de beoordeling. Vraag de professional opnieuw te beoordelen."
PAGE_NOTICE = (
    "De afspraken voor deze minimumeis zijn veranderd na de beoordeling. "
    "Vraag de professional opnieuw te beoordelen."
)


@pytest.fixture
def linked(ready_plan, requirement):
    """The first agreement (grandma takes the children to school) meets the requirement."""
    agreement = ready_plan.agreements.order_by("position", "id").first()
    agreement.meets_requirements.set([requirement])
    return agreement


@pytest.fixture
def unlinked(ready_plan, linked):
    return ready_plan.agreements.exclude(pk=linked.pk).get()


def _assess(client_for, professional, requirement, outcome="met", explanation=""):
    response = client_for(professional).post(
        reverse("plans:assess", args=[requirement.uuid]),
        {"outcome": outcome, "explanation": explanation},
    )
    assert response.status_code == 302
    return response


def _agreement_data(agreement, **changes: Any) -> dict[str, Any]:
    data = {
        "what": agreement.what,
        "performers": [p.pk for p in agreement.performers.all()],
        "organisation": agreement.organisation,
        "due": agreement.due.isoformat(),
        "how_known": agreement.how_known,
        "meets_requirements": [r.pk for r in agreement.meets_requirements.all()],
    }
    data.update(changes)
    return data


def _edit_agreement(c, case, agreement, **changes: Any) -> None:
    response = c.post(
        reverse("plans:agreement_edit", args=[case.uuid, agreement.uuid]),
        _agreement_data(agreement, **changes),
    )
    assert response.status_code == 302, response.content.decode()


def _edit_plan(c, case, plan, **changes: Any) -> None:
    data = {
        "question": plan.question,
        "contingency": plan.contingency,
        "follow_up_at": timezone.localtime(plan.follow_up_at).strftime("%Y-%m-%dT%H:%M"),
        "follow_up_place": plan.follow_up_place,
        "follow_up_organiser": plan.follow_up_organiser,
        "agreed_by": [p.pk for p in plan.agreed_by.all()],
    }
    data.update(changes)
    response = c.post(reverse("plans:edit", args=[case.uuid]), data)
    assert response.status_code == 302, response.content.decode()


def _deliver(post_commit, c, case):
    return post_commit(c, reverse("plans:deliver", args=[case.uuid]), {"recipients": []})


def _assert_refused(response, case) -> None:
    assert response.status_code == 200
    assert STALE in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.CONFERENCE_HELD
    assert not PlanVersion.objects.exists()


@pytest.mark.django_db
def test_editing_a_linked_agreement_after_met_blocks_until_reassessed(
    client_for, coordinator, professional, circle, ready_plan, requirement, linked, post_commit
):
    _assess(client_for, professional, requirement)
    c = client_for(coordinator)
    _edit_agreement(c, circle.case, linked, what="Oma brengt de kinderen soms naar school.")

    _assert_refused(_deliver(post_commit, c, circle.case), circle.case)
    page = c.get(reverse("plans:detail", args=[circle.case.uuid])).content.decode()
    assert PAGE_NOTICE in page
    assert "Vraag de professional om te beoordelen" in page
    assert "afspraken veranderd: opnieuw beoordelen" in page  # in the plan's safety section too

    # The professional sees that their requirement needs a new look, and what changed.
    p = client_for(professional)
    start = p.get(reverse("portal:professional_case", args=[circle.case.uuid])).content.decode()
    assert "Afspraken veranderd: opnieuw beoordelen" in start
    # ... and their start page counts it as waiting for them.
    assert "1 minimumeis te beoordelen" in p.get(reverse("portal:start")).content.decode()
    assess_page = p.get(reverse("plans:assess", args=[requirement.uuid])).content.decode()
    assert "veranderd na uw laatste oordeel" in assess_page
    assert "Was:</strong> Afspraak: Oma brengt de kinderen elke ochtend naar school." in (
        assess_page
    )
    assert "Nu:</strong> Afspraak: Oma brengt de kinderen soms naar school." in assess_page

    _assess(client_for, professional, requirement)
    assert (
        PAGE_NOTICE not in c.get(reverse("plans:detail", args=[circle.case.uuid])).content.decode()
    )
    response = _deliver(post_commit, c, circle.case)
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.PLAN_DELIVERED


@pytest.mark.django_db
def test_editing_an_unlinked_agreement_or_the_follow_up_does_not_block(
    client_for,
    coordinator,
    professional,
    circle,
    ready_plan,
    requirement,
    linked,
    unlinked,
    post_commit,
):
    _assess(client_for, professional, requirement)
    c = client_for(coordinator)
    _edit_agreement(c, circle.case, unlinked, what="Karim helpt met de administratie. (typfout)")
    _edit_plan(c, circle.case, ready_plan, follow_up_place="Buurthuis De Pijp, zaal 2")
    ready_plan.refresh_from_db()
    assert ready_plan.revision > 1  # the plan did change, just not what the requirement needs
    page = c.get(reverse("plans:detail", args=[circle.case.uuid])).content.decode()
    assert PAGE_NOTICE not in page
    response = _deliver(post_commit, c, circle.case)
    assert response.status_code == 302
    circle.case.refresh_from_db()
    assert circle.case.status == Status.PLAN_DELIVERED


@pytest.mark.django_db
def test_unlinking_an_agreement_blocks(
    client_for, coordinator, professional, circle, ready_plan, requirement, linked, post_commit
):
    _assess(client_for, professional, requirement)
    c = client_for(coordinator)
    _edit_agreement(c, circle.case, linked, meets_requirements=[])
    _assert_refused(_deliver(post_commit, c, circle.case), circle.case)
    assess_page = (
        client_for(professional)
        .get(reverse("plans:assess", args=[requirement.uuid]))
        .content.decode()
    )
    assert "Geen afspraken bij deze minimumeis." in assess_page


@pytest.mark.django_db
def test_changing_the_contingency_blocks(
    client_for, coordinator, professional, circle, ready_plan, requirement, linked, post_commit
):
    _assess(client_for, professional, requirement)
    c = client_for(coordinator)
    _edit_plan(c, circle.case, ready_plan, contingency="Dan bellen we de huisarts.")
    _assert_refused(_deliver(post_commit, c, circle.case), circle.case)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    ["who", "due", "how_known", "organisation", "delete", "add_linked", "requirement_text"],
)
def test_other_changes_to_what_the_requirement_rests_on_block(
    change,
    client_for,
    coordinator,
    professional,
    circle,
    ready_plan,
    requirement,
    linked,
    post_commit,
):
    # An explicit decision rests on the same agreements as a "met", so it goes stale too.
    _assess(client_for, professional, requirement, outcome="decision", explanation="Goed genoeg")
    c = client_for(coordinator)
    u = circle.case.uuid
    if change == "who":
        _edit_agreement(c, circle.case, linked, performers=[circle.uncle.pk])
    elif change == "due":
        _edit_agreement(c, circle.case, linked, due="2031-05-01")
    elif change == "how_known":
        _edit_agreement(c, circle.case, linked, how_known="Oma stuurt een appje.")
    elif change == "organisation":
        _edit_agreement(c, circle.case, linked, organisation="Buurtzorg")
    elif change == "delete":
        response = c.post(reverse("plans:agreement_delete", args=[u, linked.uuid]))
        assert response.status_code == 302
    elif change == "add_linked":
        response = c.post(
            reverse("plans:agreement_new", args=[u]),
            {
                "what": "Vader komt alleen als hij niet gedronken heeft.",
                "performers": [circle.uncle.pk],
                "due": "2031-01-01",
                "how_known": "",
                "meets_requirements": [requirement.pk],
            },
        )
        assert response.status_code == 302
    else:
        # No screen changes a requirement's text today; the fingerprint covers it anyway.
        requirement.text = "De kinderen zijn nooit alleen met vader."
        requirement.save(update_fields=["text"])
    _assert_refused(_deliver(post_commit, c, circle.case), circle.case)


@pytest.mark.django_db
def test_not_met_stays_not_met_after_a_change(
    client_for, coordinator, professional, circle, ready_plan, requirement, linked, post_commit
):
    _assess(client_for, professional, requirement, outcome="not_met", explanation="Weekend?")
    c = client_for(coordinator)
    _edit_agreement(c, circle.case, linked, how_known="Oma belt in het weekend ook.")
    response = _deliver(post_commit, c, circle.case)
    assert "niet voldoet" in response.content.decode()
    assert STALE not in response.content.decode()


@pytest.mark.django_db
def test_assessment_stores_what_it_rested_on(
    client_for, professional, ready_plan, requirement, linked
):
    _assess(client_for, professional, requirement)
    assessment = SafetyAssessment.objects.get()
    assert len(assessment.fingerprint) == 64
    assert requirement.text in assessment.basis
    assert linked.what in assessment.basis
    assert ready_plan.contingency in assessment.basis
    assert "Karim helpt" not in assessment.basis


@pytest.mark.django_db
def test_rows_from_before_fingerprints_count_only_while_the_plan_is_unchanged(
    client_for, coordinator, professional, circle, ready_plan, requirement, linked, post_commit
):
    SafetyAssessment.objects.create(
        plan=ready_plan,
        requirement=requirement,
        plan_revision=ready_plan.revision,
        outcome=Outcome.MET,
        assessed_by=professional,
    )
    c = client_for(coordinator)
    page = c.get(reverse("plans:detail", args=[circle.case.uuid])).content.decode()
    assert PAGE_NOTICE not in page
    extra: Any = AgreementFactory(plan=ready_plan, what="Iets anders")
    extra.performers.set([circle.uncle])
    _edit_agreement(c, circle.case, extra, what="Iets anders, verbeterd")
    _assert_refused(_deliver(post_commit, c, circle.case), circle.case)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_staleness_check_keeps_query_counts_exact(
    n,
    client_for,
    coordinator,
    professional,
    circle,
    ready_plan,
    requirement,
    linked,
    django_assert_num_queries,
):
    for i in range(n):
        agreement: Any = AgreementFactory(plan=ready_plan, what=f"Afspraak {i}")
        agreement.performers.set([circle.aunt, circle.uncle])
        agreement.meets_requirements.set([requirement])
    _assess(client_for, professional, requirement)
    c = client_for(coordinator)
    _edit_agreement(c, circle.case, linked, how_known="Oma stuurt een appje.")
    u = circle.case.uuid
    # the plan page's 21 (see test_plan_page_query_counts): staleness costs nothing extra
    with django_assert_num_queries(21):
        page = c.get(reverse("plans:detail", args=[u]))
    assert PAGE_NOTICE in page.content.decode()
    # the delivery page's 14
    with django_assert_num_queries(14):
        assert STALE in c.get(reverse("plans:deliver", args=[u])).content.decode()
    p = client_for(professional)
    # the professional's case page (see kring/portal/tests/test_professional_query_counts.py)
    with django_assert_num_queries(15):
        assert p.get(reverse("portal:professional_case", args=[u])).status_code == 200
    # the assessment page's 10
    with django_assert_num_queries(10):
        page = p.get(reverse("plans:assess", args=[requirement.uuid]))
    assert "Oma stuurt een appje." in page.content.decode()
