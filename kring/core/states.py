"""The one small state-machine engine: a table of allowed moves and the error it raises.

Each lifecycle (a case, a request, a person in the circle) keeps its own table in its app's
`states.py` and changes state only through the named functions in that app's
`transitions.py`, which ask the table first. This module knows no domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise

StrOrPromise = str | Promise


class TransitionError(Exception):
    """A move that cannot be made now; `reasons` say why, in plain Dutch."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = [str(r) for r in reasons]
        super().__init__("; ".join(self.reasons))


@dataclass(frozen=True)
class StateTable:
    """`allowed[from_state]` is the set of states a thing may move to from there.

    `refusal` is the plain-Dutch message for a move outside the table, with `%(status)s` for
    the current state ("Dit kan nu niet: het traject staat op '%(status)s'.").
    """

    states: type[models.TextChoices]
    allowed: Mapping[str, frozenset[str]]
    refusal: StrOrPromise

    def __post_init__(self) -> None:
        known = set(self.states.values)
        for source, targets in self.allowed.items():
            if source not in known or not targets <= known:
                raise ValueError(f"unknown state in the table near {source!r}")

    def can_move(self, current: str, target: str) -> bool:
        """Is `current -> target` in the table?"""
        return target in self.allowed.get(current, frozenset())

    def sources(self, target: str) -> frozenset[str]:
        """Every state from which `target` may be reached."""
        return frozenset(s for s, targets in self.allowed.items() if target in targets)

    def label(self, state: str) -> str:
        """The state's name as people read it."""
        return str(self.states(state).label)

    def require(self, current: str, target: str) -> None:
        """Raise TransitionError when `current -> target` is not in the table."""
        if not self.can_move(current, target):
            raise TransitionError([str(self.refusal) % {"status": self.label(current)}])
