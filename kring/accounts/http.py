"""Types for views: a request whose user is signed in, and the viewer an access check gets."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from kring.accounts.models import User

# Who asks an access function: a signed-in user or an anonymous visitor.
Viewer = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """An HttpRequest behind `login_required` or `role_required`: `user` is a real `User`."""

    user: User


def active_user(viewer: Viewer | None) -> User | None:
    """The viewer as an active, signed-in `User`, or None."""
    if isinstance(viewer, User) and viewer.is_authenticated and viewer.is_active:
        return viewer
    return None
