"""What someone's role lets them do anywhere in Kring: the role rules every app builds on.

Each domain app's `access.py` scopes its objects by role and says who may take which step.
The role facts underneath (who is staff, who coordinates, who is a professional, who runs
Django's admin) are answered here, in the lowest app that knows a role, so the intake desk,
the case rules and the menu share one definition. `kring.cases.access` passes `STAFF_ROLES`
and `is_staff` on for the apps above it.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from kring.accounts.backends import REGION_IDS_ATTRIBUTE
from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Region, Role, User
from kring.core.access import parse_uuid

# Staff of the organisation: they run the intake desk and the cases of their regions.
STAFF_ROLES = frozenset({Role.REGIONAL_MANAGER, Role.ADMIN})


def _has_role(viewer: Viewer | None, roles: frozenset[Role]) -> bool:
    user = active_user(viewer)
    return user is not None and user.role in roles


def is_staff(viewer: Viewer | None) -> bool:
    """A regional manager or an administrator (signed in and active)."""
    return _has_role(viewer, STAFF_ROLES)


def is_admin(viewer: Viewer | None) -> bool:
    """An administrator (signed in and active): the only role in Django's admin site."""
    return _has_role(viewer, frozenset({Role.ADMIN}))


def is_coordinator(viewer: Viewer | None) -> bool:
    """A coordinator (signed in and active): their own cases, profile and check-in calls."""
    return _has_role(viewer, frozenset({Role.COORDINATOR}))


def is_funder(viewer: Viewer | None) -> bool:
    """A funder (signed in and active): figures of their own municipality, never a case."""
    return _has_role(viewer, frozenset({Role.FUNDER}))


def is_professional(viewer: Viewer | None) -> bool:
    """A professional (signed in and active): only what they were asked for, no case list."""
    return _has_role(viewer, frozenset({Role.PROFESSIONAL}))


def region_ids(user: User) -> list[int]:
    """The ids of a user's regions, read once per request (kept on the user object).

    Lists filter on `region_id IN (1, 4)` with these literal ids rather than on a subquery over
    the user's regions: only literal ids let the planner use the (region, status, sort, id)
    indexes for the sort and the keyset, instead of a parallel scan and sort at national scale.

    The signed-in user of a request comes with them already (`backends.UserWithRegionsBackend`,
    decision 0198); any other user object reads them here, once.
    """
    cached: list[int] | None = getattr(user, REGION_IDS_ATTRIBUTE, None)
    if cached is None:
        cached = sorted(user.regions.values_list("id", flat=True))
        setattr(user, REGION_IDS_ATTRIBUTE, cached)
    return cached


# --- Keeping the organisation: people, regions, municipalities --------------------------------

# Whom each role may invite and give a role: administrators anyone on staff, managers only
# coordinators (for their own regions).
_INVITABLE: dict[Role, list[Role]] = {
    Role.ADMIN: [
        Role.REGIONAL_MANAGER,
        Role.COORDINATOR,
        Role.ADMIN,
        Role.PROFESSIONAL,
        Role.FUNDER,
    ],
    Role.REGIONAL_MANAGER: [Role.COORDINATOR],
}


def may_manage_people(viewer: Viewer | None) -> bool:
    """Administrators and regional managers keep the list of people (staff page)."""
    return is_staff(viewer)


def may_manage_places(viewer: Viewer | None) -> bool:
    """Only administrators keep regions and municipalities."""
    return is_admin(viewer)


def invitable_roles(viewer: Viewer | None) -> list[Role]:
    """The roles this viewer may give someone (empty: none)."""
    user = active_user(viewer)
    if user is None:
        return []
    return list(_INVITABLE.get(Role(user.role), []))


def assignable_regions(viewer: Viewer | None) -> QuerySet[Region]:
    """The regions this viewer may give someone: all for an administrator, their own for a
    regional manager."""
    user = active_user(viewer)
    if user is None:
        return Region.objects.none()
    if is_admin(user):
        return Region.objects.all()
    if is_staff(user):
        return Region.objects.filter(members=user)
    return Region.objects.none()


def people_for(viewer: Viewer | None) -> QuerySet[User]:
    """Whom this viewer sees on the staff page: everyone for an administrator, the
    coordinators of their own regions for a regional manager."""
    user = active_user(viewer)
    if user is None:
        return User.objects.none()
    if is_admin(user):
        return User.objects.all()
    if is_staff(user):
        return User.objects.filter(
            role=Role.COORDINATOR,
            pk__in=User.regions.through.objects.filter(
                region__in=Region.objects.filter(members=user)
            ).values("user_id"),
        )
    return User.objects.none()


def get_person_account_for(viewer: Viewer | None, user_uuid: uuid.UUID | str) -> User:
    """One account on the staff page, or 404 for anything the viewer may not keep."""
    account = people_for(viewer).filter(uuid=parse_uuid(user_uuid)).first()
    if account is None:
        raise Http404
    return account


def may_change_account(viewer: Viewer | None, account: User) -> bool:
    """May this viewer change this account (never their own role or activity)?"""
    user = active_user(viewer)
    return user is not None and user.pk != account.pk and may_manage_people(user)


def may_manage_languages(viewer: Viewer | None) -> bool:
    """Only administrators add languages and their texts for invitees."""
    return is_admin(viewer)
