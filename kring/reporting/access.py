"""Who sees which figures.

- The dashboard: administrators (all regions) and regional managers (their own regions).
- A municipality's figures: its funder (only their own municipality), the managers of its
  region and administrators; anyone else gets 404, as for anything one may not see.
- The research export: administrators only.
Figures never name anyone; the only names on these pages are coordinators' own (workload),
shown to staff alone.
"""

from __future__ import annotations

from django.http import Http404

from kring.accounts.access import is_admin, is_staff
from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Municipality, Region, Role


def may_see_dashboard(viewer: Viewer | None) -> bool:
    """The management dashboard: administrators and regional managers."""
    return is_staff(viewer)


def may_export_research(viewer: Viewer | None) -> bool:
    """The pseudonymised research export and the annual report: administrators."""
    return is_admin(viewer)


def dashboard_regions(viewer: Viewer | None) -> frozenset[int] | None:
    """The regions a viewer's figures cover: None for all (administrators)."""
    user = active_user(viewer)
    if user is None or not is_staff(user):
        return frozenset()
    if user.role == Role.ADMIN:
        return None
    return frozenset(user.regions.values_list("id", flat=True))


def regions_for(viewer: Viewer | None) -> list[Region]:
    regions = dashboard_regions(viewer)
    qs = Region.objects.order_by("name")
    return list(qs if regions is None else qs.filter(id__in=sorted(regions)))


def municipality_for(viewer: Viewer | None, code: str) -> Municipality:
    """A municipality whose figures this viewer may see, or 404."""
    user = active_user(viewer)
    if user is None:
        raise Http404
    found = Municipality.objects.select_related("region").filter(code=code.upper()).first()
    if found is None:
        raise Http404
    if user.role == Role.FUNDER:
        if user.funder_municipality_id != found.id:
            raise Http404
        return found
    regions = dashboard_regions(user)
    if regions is None or (found.region_id in regions and is_staff(user)):
        return found
    raise Http404
