"""Links for the rows of a list: one `reverse()` per list instead of one per row.

`reverse()` walks the URL patterns each time (about 30 microseconds here); a worklist of 50
rows with a `{% url %}` per row spent more on its links than on its query (issue 15).
`link_to(viewname)` reverses once with a stand-in uuid and returns a function that puts each
row's uuid in its place. Only for views whose last argument is a uuid (`<uuid:...>`), which
needs no quoting, after fixed uuids the same for every row (`link_to("network:person",
case.uuid)`): the result is exactly what `reverse()` gives (tested).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.urls import reverse

# Any valid uuid would do; this one cannot be mistaken for the rest of a path.
_STAND_IN = uuid.UUID(int=0)


def link_to(viewname: str, *before: uuid.UUID) -> Callable[[uuid.UUID], str]:
    """`link(u)` == `reverse(viewname, args=[*before, u])`, for many `u` at the cost of one
    reverse.

    Call it once per list (per request): the script prefix is the request's."""
    path = reverse(viewname, args=[*before, _STAND_IN])
    head, stand_in, tail = path.partition(str(_STAND_IN))
    if not stand_in:
        raise ValueError(f"{viewname} does not take its uuid as the path's argument")

    def link(value: uuid.UUID) -> str:
        return f"{head}{uuid.UUID(str(value))}{tail}"

    return link
