"""`{% circle_summary case %}`: the circle at a glance, for the case page."""

from collections import Counter

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
    # Plain rows, not model instances: the summary needs four columns of about a dozen
    # people, and making a Person of each cost more than the query (issue 15).
    people = list(
        Person.objects.filter(case=case, is_main_person=False).values_list(
            "uuid", "name", "status", "informed_on"
        )
    )
    per_status = Counter(status for _uuid, _name, status, _informed in people)
    # One reverse() for the list, not one per person still to inform (kring.core.rowlinks).
    link = link_to("network:person", case.uuid)
    return {
        "case": case,
        "total": len(people),
        "counts": [
            (status.label, per_status[status]) for status in PersonStatus if per_status[status]
        ],
        "to_inform": [
            (name, link(uuid)) for uuid, name, _status, informed in people if informed is None
        ],
    }
