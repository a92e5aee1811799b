"""Demo entries for the family portal: a fresh personal link for a few participants of demo
cases whose plan was delivered, so a person can try the family view at once."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from kring.core.links import absolute_reverse
from kring.network.links import issue_link
from kring.network.models import LinkPurpose, Person, Ring
from kring.plans.models import PlanRecipient
from kring.portal.family_access import is_family, portal_open

# A handful is enough to try it; every person of every demo case would flood the console.
MAX_CASES = 3
PER_CASE = 3


@dataclass(frozen=True)
class Entry:
    case: str
    role: str
    name: str
    url: str


def entries() -> list[Entry]:
    """Issue a portal link for the main person and a few participants of the first demo cases
    with a delivered plan (older portal links of these people stop working)."""
    delivered = set(PlanRecipient.objects.values_list("version__plan__case_id", flat=True))
    # Cases whose main person can receive a code first: the main person's view shows the most.
    reachable = set(
        Person.objects.filter(case_id__in=delivered, is_main_person=True)
        .exclude(email="")
        .values_list("case_id", flat=True)
    )
    case_ids = sorted(delivered, key=lambda pk: (pk not in reachable, pk))
    result: list[Entry] = []
    cases_done: set[int] = set()
    for case_id in dict.fromkeys(case_ids):
        if len(cases_done) >= MAX_CASES:
            break
        people = list(
            Person.objects.select_related("case")
            .filter(case_id=case_id)
            .exclude(ring=Ring.PROFESSIONALS)
            .filter(~Q(email="") | ~Q(phone=""))
            .order_by("-is_main_person", "id")[: PER_CASE * 2]
        )
        people = [p for p in people if is_family(p) and portal_open(p.case)][:PER_CASE]
        if not people:
            continue
        cases_done.add(case_id)
        for person in people:
            token = issue_link(person, LinkPurpose.PORTAL)
            result.append(
                Entry(
                    case=person.case.reference,
                    role="hoofdpersoon" if person.is_main_person else "deelnemer",
                    name=person.name,
                    url=absolute_reverse("portal:family_entry", token),
                )
            )
    return result
