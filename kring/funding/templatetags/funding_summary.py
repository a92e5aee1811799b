"""`{% funding_summary case %}`: the case's funding at a glance, for the case page."""

from django import template
from django.template import Context

from kring.accounts.access import is_staff
from kring.cases.funding import FundingStatus, funding_status
from kring.cases.models import Case
from kring.cases.states import OPEN_STATES

register = template.Library()


@register.inclusion_tag("funding/_case_summary.html", takes_context=True)
def funding_summary(context: Context, case: Case) -> dict[str, object]:
    """Where the funding stands, and a warning while it is not approved (one query; only for
    staff: a coordinator does not keep the money).

    Only use on a page that got `case` through `kring.cases.access` for Purpose.VIEW.
    """
    user = context.get("user")
    if not is_staff(user):
        return {"shown": False}
    status = funding_status(case)
    return {
        "shown": True,
        "case": case,
        "status": status,
        "label": FundingStatus(status).label if status else "",
        "approved": status == FundingStatus.APPROVED,
        "refused": status == FundingStatus.REFUSED,
        # While the case runs, anything but approved funding is a warning.
        "warn": case.status in OPEN_STATES and status != FundingStatus.APPROVED,
        "blocks": case.region.funding_required,
    }
