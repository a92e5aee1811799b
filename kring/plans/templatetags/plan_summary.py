"""`{% plan_summary case %}`: the plan at a glance, for the case page."""

from django import template
from django.db.models import Count, Max
from django.template import Context
from django.utils import timezone

from kring.cases.access import check_in_opens_on
from kring.cases.models import Case
from kring.cases.states import CHECK_IN_STATES, PLAN_ANNOUNCED_STATES
from kring.plans.models import Plan

register = template.Library()


@register.inclusion_tag("plans/_case_summary.html", takes_context=True)
def plan_summary(context: Context, case: Case) -> dict[str, object]:
    """The plan's state, agreements and versions, and the check-in date (one query).

    Only use on a page that got `case` through `kring.cases.access` for Purpose.VIEW.
    """
    plan = (
        Plan.objects.filter(case=case)
        .annotate(
            agreement_count=Count("agreements", distinct=True),
            version_count=Max("versions__number"),
        )
        .first()
    )
    due = case.check_in_due if case.status in CHECK_IN_STATES else None
    opens = check_in_opens_on(case) if due else None
    return {
        "case": case,
        # Before it is written down, the plan is announced once the conference is planned.
        "shown": plan is not None or case.status in PLAN_ANNOUNCED_STATES,
        "user": context.get("user"),
        "plan": plan,
        "check_in_due": due,
        # Said only while the check-in cannot be recorded yet.
        "check_in_opens": opens if opens and opens > timezone.localdate() else None,
        "check_in_overdue": due is not None and due < timezone.localdate(),
    }
