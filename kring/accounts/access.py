"""What someone's role lets them do anywhere in Kring: the role rules every app builds on.

Each domain app's `access.py` scopes its objects by role and says who may take which step.
The role facts underneath (who is staff, who coordinates, who is a professional, who runs
Django's admin) are answered here, in the lowest app that knows a role, so the intake desk,
the case rules and the menu share one definition. `kring.cases.access` passes `STAFF_ROLES`
and `is_staff` on for the apps above it.
"""

from __future__ import annotations

from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Role

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


def is_professional(viewer: Viewer | None) -> bool:
    """A professional (signed in and active): only what they were asked for, no case list."""
    return _has_role(viewer, frozenset({Role.PROFESSIONAL}))
