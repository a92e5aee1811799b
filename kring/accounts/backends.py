"""The signed-in user of every request, read with their region ids in one query (decision 0198).

Django's `ModelBackend` reads the user of a session by primary key; then the first list, case
or request page of a manager asks for the ids of their regions (`access.region_ids`), a second
query of the same cost on every such page. This backend reads both at once: the ids come as one
comma-separated column of a subquery on the user-region link, and are kept on the user object
where `region_ids` looks first. Signing in (`authenticate`) is Django's, unchanged.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.db.models import CharField, OuterRef, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Cast

from kring.accounts.models import User

# The attribute `access.region_ids` reads first; set here, or there on its first call.
REGION_IDS_ATTRIBUTE = "_kring_region_ids"


def parse_region_ids(joined: str | None) -> list[int]:
    """'4,1' -> [1, 4]; None (no regions) -> []."""
    return sorted(int(part) for part in joined.split(",")) if joined else []


@cache
def _users_with_region_ids() -> QuerySet[User]:
    """Users with `joined_region_ids`, their region ids comma-separated. Built once per
    process: making the subquery costs about as much Python as running it."""
    ids = (
        User.regions.through.objects.filter(user_id=OuterRef("pk"))  # type: ignore[misc]
        .values("user_id")
        .annotate(joined=StringAgg(Cast("region_id", CharField()), delimiter=Value(",")))
        .values("joined")
    )
    return User._default_manager.order_by().annotate(
        joined_region_ids=Subquery(ids, output_field=CharField())
    )


class UserWithRegionsBackend(ModelBackend):
    """Django's ModelBackend; the user of a session comes with their region ids."""

    def get_user(self, user_id: int) -> User | None:
        try:
            user = _users_with_region_ids().get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        joined = getattr(user, "joined_region_ids", None)
        setattr(user, REGION_IDS_ATTRIBUTE, parse_region_ids(joined))
        return user
