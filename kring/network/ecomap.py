"""The eco-map: the circle as a server-rendered SVG.

The main person(s) sit in the centre; around them four rings (household, family, friends and
community, professionals). Every person is a node whose colour AND icon show their status, so
the picture never relies on colour alone. The SVG scales with its viewBox (a 390px phone shows
it whole) and prints; the page next to it carries a table as the text alternative.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kring.network.models import Person, PersonStatus, Ring

SIZE = 1000
CENTRE = SIZE / 2
NODE_R = 24
# (ring, radius of the nodes, outer edge of the band, band fill)
RINGS: list[tuple[str, int, int, str]] = [
    (Ring.HOUSEHOLD, 165, 212, "#e6f0f6"),
    (Ring.FAMILY, 258, 302, "#eef4f0"),
    (Ring.COMMUNITY, 348, 392, "#f6f1e7"),
    (Ring.PROFESSIONALS, 432, 478, "#f1eef6"),
]
# Approximate width of one capital of a ring's name at font-size 17 (for the free wedge).
CAPITAL_WIDTH = 12


@dataclass(frozen=True)
class StatusStyle:
    colour: str
    icon: str
    dashed: bool = False


# Colours have at least 4.5:1 contrast with the white icon; each status has its own icon.
STYLES: dict[str, StatusStyle] = {
    PersonStatus.SUGGESTED: StatusStyle("#5f6b7a", "?", dashed=True),
    PersonStatus.INFORMED: StatusStyle("#0b5c8a", "i"),
    PersonStatus.INVITED: StatusStyle("#6a3d9a", "\u2709"),
    PersonStatus.COMING: StatusStyle("#1e6b32", "\u2713"),
    PersonStatus.NOT_COMING: StatusStyle("#b00020", "\u2715"),
    PersonStatus.MAYBE: StatusStyle("#8a4000", "~"),
    PersonStatus.PRESENT: StatusStyle("#00574f", "\u2605"),
}


def legend() -> list[tuple[str, str, StatusStyle]]:
    """(status value, label, style) for the legend next to the map."""
    return [(s.value, str(s.label), STYLES[s]) for s in PersonStatus]


def icon_svg(status: str, size: int = 28) -> SafeString:
    """A small stand-alone node icon for legends and tables (decorative)."""
    style = STYLES[status]
    r = 12
    dash = ' stroke-dasharray="4 3"' if style.dashed else ""
    return mark_safe(
        f'<svg class="ecomap-icon" width="{size}" height="{size}" viewBox="0 0 32 32" '
        f'aria-hidden="true" focusable="false"><circle cx="16" cy="16" r="{r + 2}" '
        f'fill="{style.colour}" stroke="#1b1b1b" stroke-width="2"{dash}/>'
        f'<text x="16" y="21.5" text-anchor="middle" font-size="16" font-weight="700" '
        f'fill="#fff">{style.icon}</text></svg>'
    )


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _positions(count: int, radius: int, shift: float, gap: float) -> list[tuple[float, float]]:
    """Spread `count` nodes over a ring (leaving the top free); stagger them inwards and
    outwards when it gets crowded."""
    if count == 0:
        return []
    span = 2 * math.pi - gap
    capacity = max(1, int(span * radius / 105))
    points = []
    for i in range(count):
        angle = -math.pi / 2 + gap / 2 + span * (i + shift) / count
        r = float(radius)
        if count > capacity:
            r += 28 if i % 2 else -28
        points.append((CENTRE + r * math.cos(angle), CENTRE + r * math.sin(angle)))
    return points


def _node(person: Person, x: float, y: float, *, crowded: bool = False) -> str:
    style = STYLES.get(person.status, STYLES[PersonStatus.SUGGESTED])
    dash = ' stroke-dasharray="6 4"' if style.dashed else ""
    label = escape(_short(person.first_name))
    relation = escape(_short(str(person.get_relation_display()), 16))
    withdrawn = not person.has_consent and person.consent_withdrawn_at is not None
    extra = ""
    if withdrawn:
        # A struck-through ring marks someone whose consent was withdrawn.
        extra = (
            f'<line x1="{x - NODE_R:.1f}" y1="{y + NODE_R:.1f}" x2="{x + NODE_R:.1f}" '
            f'y2="{y - NODE_R:.1f}" stroke="#1b1b1b" stroke-width="4"/>'
        )
    # In a crowded ring the relation line is left out (the table next to the map has it).
    second_line = (
        ""
        if crowded
        else (
            f'<text class="ecomap-label ecomap-relation" x="{x:.1f}" y="{y + NODE_R + 42:.1f}" '
            f'text-anchor="middle" font-size="16" fill="#3b3b3b">{relation}</text>'
        )
    )
    return (
        f'<g class="ecomap-node" data-status="{person.status}" data-name="{escape(person.name)}">'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE_R}" fill="{style.colour}" '
        f'stroke="#1b1b1b" stroke-width="2.5"{dash}/>'
        f'<text x="{x:.1f}" y="{y + 8:.1f}" text-anchor="middle" font-size="24" '
        f'font-weight="700" fill="#fff">{style.icon}</text>{extra}'
        f'<text class="ecomap-label ecomap-name" x="{x:.1f}" y="{y + NODE_R + 24:.1f}" '
        f'text-anchor="middle" font-size="{19 if crowded else 21}" font-weight="700">{label}</text>'
        f"{second_line}</g>"
    )


PARTIES = (1, 2)


def party_label(number: int) -> str:
    """The name of a party in a restoration conference ("Partij 1")."""
    return _("Partij %(number)s") % {"number": number}


def render(
    people: Iterable[Person], *, title: str, description: str = "", parties: bool = False
) -> SafeString:
    """The eco-map of these people as inline SVG (safe to include in a page).

    With `parties` (a restoration conference) each party gets its own map with its own main
    person(s) in the centre and "Partij 1" / "Partij 2" on it; the two sit side by side where
    there is room (CSS `.ecomap-parties`) and one above the other on a phone.
    """
    people = list(people)
    if not parties:
        return mark_safe(_map(people, title=title, description=description))
    maps = []
    for number in PARTIES:
        members = [p for p in people if p.party == number]
        names = ", ".join(p.first_name for p in members if p.is_main_person)
        label = party_label(number)
        maps.append(
            _map(
                members,
                title=_("%(party)s: de kring rond %(names)s") % {"party": label, "names": names}
                if names
                else _("%(party)s: %(title)s") % {"party": label, "title": title},
                description=description,
                key=f"-{number}",
                label=label,
            )
        )
    return mark_safe('<div class="ecomap-parties">' + "".join(maps) + "</div>")


def _describe(others: Sequence[Person]) -> str:
    counts = {s: 0 for s in PersonStatus}
    for p in others:
        counts[PersonStatus(p.status)] += 1
    parts = [f"{n} {str(s.label).lower()}" for s, n in counts.items() if n]
    return _("%(count)s mensen rond de hoofdpersoon: %(parts)s.") % {
        "count": len(others),
        "parts": ", ".join(parts) or _("nog niemand"),
    }


def _map(
    people: Sequence[Person], *, title: str, description: str, key: str = "", label: str = ""
) -> str:
    main = [p for p in people if p.is_main_person]
    others = [p for p in people if not p.is_main_person]
    by_ring: dict[str, list[Person]] = {ring[0]: [] for ring in RINGS}
    for p in others:
        by_ring.setdefault(p.ring, []).append(p)
    description = description or _describe(others)

    title_id, desc_id = f"ecomap-title{key}", f"ecomap-desc{key}"
    out: list[str] = [
        f'<svg class="ecomap" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="Segoe UI, Noto Sans, DejaVu Sans, Arial, sans-serif">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    # Bands from the outside in, so each inner band paints over the outer one.
    for _ring, _radius, edge, fill in reversed(RINGS):
        out.append(
            f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{edge}" fill="{fill}" '
            'stroke="#c5ced6" stroke-width="1.5"/>'
        )
    out.append(f'<circle cx="{CENTRE}" cy="{CENTRE}" r="112" fill="#ffffff" stroke="#c5ced6"/>')
    for ring, radius, _edge, _fill in RINGS:
        out.append(
            f'<text class="ecomap-ring" x="{CENTRE}" y="{CENTRE - radius + 6}" '
            f'text-anchor="middle" font-size="17" font-weight="600" fill="#3b4a57" '
            f'letter-spacing="1">{escape(str(Ring(ring).label).upper())}</text>'
        )
    if label:
        # The top-left corner lies outside the outer band, so the party's name fits there.
        out.append(
            f'<text class="ecomap-party" x="16" y="52" font-size="46" font-weight="700" '
            f'fill="#073f5f">{escape(label)}</text>'
        )

    nodes: list[str] = []
    lines: list[str] = []
    for index, (ring, radius, _edge, _fill) in enumerate(RINGS):
        members = by_ring.get(ring, [])
        # A wedge at the top stays free for the ring's name; alternate rings shift a little
        # so labels of neighbouring rings do not stack.
        gap = (len(str(Ring(ring).label)) * CAPITAL_WIDTH + 80) / radius
        shift = 0.5 + (0.2 if index % 2 else -0.2)
        points = _positions(len(members), radius, shift, gap)
        crowded = len(members) > int((2 * math.pi - gap) * radius / 105)
        for person, (x, y) in zip(members, points, strict=True):
            colour = STYLES.get(person.status, STYLES[PersonStatus.SUGGESTED]).colour
            lines.append(
                f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-opacity=".3" stroke-width="2"/>'
            )
            nodes.append(_node(person, x, y, crowded=crowded))
    out.extend(lines)
    out.append(_centre(main))
    out.extend(nodes)
    out.append("</svg>")
    return "".join(out)


MAX_CENTRE_NAMES = 3


def _centre(main: Sequence[Person]) -> str:
    """The main person(s) in the middle: up to three names, then "+ n" for the rest (a group
    conference can have many; the table lists them all)."""
    limit = 12 if len(main) <= 1 else 10
    names = [escape(_short(p.first_name, limit)) for p in main] or [escape(_("Hoofdpersoon"))]
    if len(names) > MAX_CENTRE_NAMES:
        rest = len(names) - (MAX_CENTRE_NAMES - 1)
        more = escape(_("+ %(count)s anderen") % {"count": rest})
        names = [*names[: MAX_CENTRE_NAMES - 1], more]
    out = [
        f'<circle cx="{CENTRE}" cy="{CENTRE}" r="92" fill="#073f5f" stroke="#1b1b1b" '
        'stroke-width="3"/>'
    ]
    # Several names get a smaller font so the longest still fits inside the dark circle.
    size, step = (28, 34) if len(names) == 1 else (22, 28)
    top = CENTRE - (len(names) - 1) * step / 2 + 4 - (8 if len(names) > 1 else 0)
    for i, name in enumerate(names):
        out.append(
            f'<text class="ecomap-main" x="{CENTRE}" y="{top + i * step:.1f}" '
            f'text-anchor="middle" font-size="{size}" font-weight="700" fill="#fff">{name}</text>'
        )
    caption = _("hoofdpersoon") if len(main) <= 1 else _("hoofdpersonen")
    out.append(
        f'<text x="{CENTRE}" y="{CENTRE + 62}" text-anchor="middle" font-size="15" '
        f'fill="#dfe8ee">{escape(caption.upper())}</text>'
    )
    return "".join(out)
