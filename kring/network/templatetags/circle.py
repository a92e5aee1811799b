"""`{% circle_summary case %}`: the circle at a glance, for the case page."""

from django import template

from kring.cases.models import Case
from kring.core.rowlinks import link_to
from kring.network.models import Person, PersonStatus

register = template.Library()


@register.inclusion_tag("network/_case_summary.html")
def circle_summary(case: Case) -> dict[str, object]:
    """Counts per status and who still has to be informed (one query).

    Only use on a page that got `case` through `kring.cases.access` for Purpose.VIEW.
    """
    people = list(Person.objects.filter(case=case, is_main_person=False).only(
        "uuid", "name", "status", "informed_on", "consent_at", "consent_withdrawn_at",
        "is_main_person",
    ))  # fmt: skip
    counts = [(status.label, sum(p.status == status for p in people)) for status in PersonStatus]
    # One reverse() for the list, not one per person still to inform (kring.core.rowlinks).
    link = link_to("network:person", case.uuid)
    return {
        "case": case,
        "total": len(people),
        "counts": [(label, n) for label, n in counts if n],
        "to_inform": [(p, link(p.uuid)) for p in people if p.informed_on is None],
    }
