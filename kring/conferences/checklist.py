"""The coordinator's logistics checklist: automatic items from the data, manual ones ticked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from kring.conferences.models import Conference

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Items the coordinator ticks off by hand.
MANUAL: list[tuple[str, StrOrPromise]] = [
    ("room_booked", _("Zaal geboekt")),
    ("interpreter_booked", _("Tolk(en) geregeld")),
    ("childcare_arranged", _("Kinderopvang geregeld")),
    ("food_ordered", _("Eten en drinken besteld")),
    ("travel_arranged", _("Vervoer en reiskosten geregeld")),
    ("materials_ready", _("Flip-over, pennen en naamkaartjes klaar")),
]


@dataclass
class Item:
    key: str
    label: StrOrPromise
    done: bool
    manual: bool


def items(conference: Conference, *, everyone_informed: bool, invitations_sent: bool) -> list[Item]:
    """The full checklist, in working order."""
    auto = [
        Item("date", _("Datum en tijd vastgelegd"), conference.starts_at is not None, False),
        Item("place", _("Plaats vastgelegd"), bool(conference.place_name), False),
        Item("informed", _("Iedereen geïnformeerd"), everyone_informed, False),
        Item("invited", _("Iedereen met toestemming uitgenodigd"), invitations_sent, False),
    ]
    manual = [Item(k, label, k in conference.checklist_done, True) for k, label in MANUAL]
    return auto + manual


MANUAL_KEYS = {k for k, _label in MANUAL}
