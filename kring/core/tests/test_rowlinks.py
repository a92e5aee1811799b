"""`link_to`: the same path as `reverse()`, for every row of a list."""

from __future__ import annotations

import uuid

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from kring.core.rowlinks import link_to


@pytest.mark.parametrize("viewname", ["cases:detail", "intake:detail"])
def test_the_same_path_as_reverse(viewname: str) -> None:
    link = link_to(viewname)
    for value in [uuid.uuid4() for _ in range(20)] + [uuid.UUID(int=0)]:
        assert link(value) == reverse(viewname, args=[value])


def test_after_a_fixed_uuid_the_same_path_as_reverse() -> None:
    case = uuid.uuid4()
    link = link_to("network:person", case)
    for value in [uuid.uuid4() for _ in range(20)] + [uuid.UUID(int=0)]:
        assert link(value) == reverse("network:person", args=[case, value])


def test_under_a_script_prefix() -> None:
    value = uuid.uuid4()
    set_script_prefix("/kring/")
    try:
        assert link_to("cases:detail")(value) == reverse("cases:detail", args=[value])
        assert link_to("cases:detail")(value).startswith("/kring/")
    finally:
        set_script_prefix("/")


def test_a_view_without_a_uuid_argument_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        link_to("portal:start")
