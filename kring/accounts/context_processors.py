"""Template context about the signed-in person's role, for the layout in `kring.core`.

The layout knows no domain and no role: it asks `nav` which parts of Kring to offer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kring.accounts.access import (
    is_admin,
    is_coordinator,
    is_funder,
    is_professional,
    is_staff,
    may_manage_people,
    may_manage_places,
)
from kring.accounts.http import Viewer, active_user


@dataclass(frozen=True)
class Nav:
    """The parts of Kring the main menu offers; each follows from the person's role."""

    desk: bool  # requests, all cases of the regions, the coordinator registry
    my_cases: bool  # a coordinator's own cases and profile
    check_ins: bool  # a coordinator's check-in calls
    my_money: bool  # a coordinator's own fees, expenses and monthly statements
    assessments: bool  # a professional's plans to assess
    admin_site: bool  # Django's admin
    organisation: bool  # people (invite, roles, regions, deactivate)
    places: bool  # regions and municipalities
    account: bool  # my own account: second factor, recovery codes
    figures: bool  # the figures: the dashboard (staff), a municipality's figures (funders)


def nav_for(viewer: Viewer | None) -> Nav:
    """The menu for this viewer (an anonymous visitor gets none of it)."""
    coordinator = is_coordinator(viewer)
    return Nav(
        desk=is_staff(viewer),
        my_cases=coordinator,
        check_ins=coordinator,
        my_money=coordinator,
        assessments=is_professional(viewer),
        admin_site=is_admin(viewer),
        organisation=may_manage_people(viewer),
        places=may_manage_places(viewer),
        account=active_user(viewer) is not None,
        figures=is_staff(viewer) or is_funder(viewer),
    )


def roles(request: HttpRequest) -> dict[str, object]:
    """`nav`: the menu's flags for the signed-in person.

    Lazy, so a page or partial without the menu does not load the user for it.
    """
    return {"nav": SimpleLazyObject(lambda: nav_for(getattr(request, "user", None)))}
