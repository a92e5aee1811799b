"""Who may manage which coordinator: a regional manager those of their regions, an
administrator everyone; a coordinator only their own profile and certificate. 404 for a
coordinator someone may not see, 403 for a page their role has no business on."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from kring.accounts.access import is_staff
from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Region, Role, User
from kring.audit.services import Action, record
from kring.core.access import Purpose, parse_uuid


def may_manage_coordinators(viewer: Viewer | None) -> bool:
    """Staff keep the coordinator registry and match coordinators to cases (each only the
    coordinators `coordinators_for` gives them)."""
    return is_staff(viewer)


def own_coordinator_account(viewer: Viewer | None) -> User:
    """The signed-in coordinator, for the pages about themself; 403 for anyone else."""
    user = active_user(viewer)
    if user is None or user.role != Role.COORDINATOR:
        raise PermissionDenied
    return user


def coordinators_for(viewer: Viewer | None) -> QuerySet[User]:
    """Coordinator users this user may manage: a manager's regions; everyone for admins."""
    user = active_user(viewer)
    if user is None:
        return User.objects.none()
    coordinators = User.objects.filter(role=Role.COORDINATOR)
    if user.role == Role.ADMIN:
        return coordinators
    if user.role == Role.REGIONAL_MANAGER:
        # A subquery on the user-region link instead of a join with DISTINCT: DISTINCT over
        # every column of every row (with its annotations) grows with the registry.
        in_my_regions = User.regions.through.objects.filter(region__in=user.regions.all())
        return coordinators.filter(pk__in=in_my_regions.values("user_id"))
    return User.objects.none()


def regions_managed_by(viewer: Viewer | None) -> QuerySet[Region] | None:
    """The regions a user may give a coordinator or take away: a manager's own; None for an
    administrator (every region)."""
    user = active_user(viewer)
    if user is None:
        return Region.objects.none()
    if user.role == Role.ADMIN:
        return None
    if user.role == Role.REGIONAL_MANAGER:
        return user.regions.all()
    return Region.objects.none()


def get_coordinator_for(request: HttpRequest, user_uuid: uuid.UUID | str, purpose: Purpose) -> User:
    """One coordinator (a User) the signed-in manager may manage, or 404; VIEW is recorded."""
    coordinator = coordinators_for(request.user).filter(uuid=parse_uuid(user_uuid)).first()
    if coordinator is None:
        raise Http404
    if purpose == Purpose.VIEW:
        record(Action.VIEW, coordinator, request=request, key="coordinator.viewed")
    return coordinator


def get_certificate_owner_for(request: HttpRequest, user_uuid: uuid.UUID | str) -> User:
    """The coordinator whose certificate the signed-in user may download, or 404.

    Allowed: the coordinator themself, a manager of one of their regions, an admin. Records
    nothing: the download view writes the read event for the document itself.
    """
    user = active_user(request.user)
    wanted = parse_uuid(user_uuid)
    if user is not None and user.role == Role.COORDINATOR and user.uuid == wanted:
        return user
    coordinator = coordinators_for(user).filter(uuid=wanted).first()
    if coordinator is None:
        raise Http404
    return coordinator
