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
NODE_R = 26
# (ring, radius of the nodes, outer edge of the band, band fill)
RINGS: list[tuple[str, int, int, str]] = [
    (Ring.HOUSEHOLD, 170, 214, "#e6f0f6"),
    (Ring.FAMILY, 262, 306, "#eef4f0"),
    (Ring.COMMUNITY, 352, 396, "#f6f1e7"),
    (Ring.PROFESSIONALS, 440, 486, "#f1eef6"),
]
RING_FONT = 20
# Approximate width of one capital of a ring's name at RING_FONT (for the free wedge).
CAPITAL_WIDTH = 15
# Names are drawn at one size for every screen, chosen for a phone: the map is 1000 units wide
# and a 390px phone shows it about 370px wide, so 34 units is about 12.5px there. Labels are
# placed so that they never overlap (see `_place_labels`); who does not fit gets a number and
# a line in the key under the map. The table next to the map stays the full text alternative.
NAME_FONT = 34
NAME_CHARS = 11
# Average advance of a bold sans-serif letter, as a share of the font size (a little generous,
# so that an estimated box is never smaller than the drawn text).
CHAR_WIDTH = 0.64
KEY_ROW = 48
KEY_CHARS = 22


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
            r += 22 if i % 2 else -22
        points.append((CENTRE + r * math.cos(angle), CENTRE + r * math.sin(angle)))
    return points


SHIFTS = tuple(i / 10 for i in range(10))


def _spread(
    count: int, radius: int, gap: float, others: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    """The nodes of one ring, turned so that they keep as far as possible from the nodes of
    the rings inside it (nodes in a line leave their names no room)."""

    def nearest(points: list[tuple[float, float]]) -> float:
        return min(
            (math.dist(p, q) for p in points for q in others),
            default=float("inf"),
        )

    options = [_positions(count, radius, shift, gap) for shift in SHIFTS]
    return max(options, key=nearest)


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in map units (for telling whether two labels overlap)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, pad: float = 4) -> bool:
        return not (
            self.right + pad <= other.left
            or other.right + pad <= self.left
            or self.bottom + pad <= other.top
            or other.bottom + pad <= self.top
        )

    def touches_node(self, x: float, y: float, pad: float = 4) -> bool:
        """Does this box come within `pad` of the round node at (x, y)?"""
        nearest_x = min(max(x, self.left), self.right)
        nearest_y = min(max(y, self.top), self.bottom)
        return math.hypot(x - nearest_x, y - nearest_y) < NODE_R + pad

    def inside(self, width: float, height: float) -> bool:
        return (
            self.left >= 4
            and self.top >= 4
            and self.right <= width - 4
            and self.bottom <= height - 4
        )


@dataclass(frozen=True)
class Label:
    """Where a name is drawn: the text's anchor point and alignment, and its box."""

    text: str
    x: float
    y: float
    anchor: str
    box: Box


# Advance widths of bold sans-serif letters as a share of the font size, measured on the widest
# common face (DejaVu Sans Bold), so an estimated box is never smaller than the drawn text.
_NARROW = dict.fromkeys("ijlI.,:;'!|", 0.38)
_SMALL = dict.fromkeys("frtJ ", 0.52)
_WIDE = dict.fromkeys("mwMW\u2026", 1.08)


def _text_width(text: str, size: float = NAME_FONT) -> float:
    units = 0.0
    for ch in text:
        if ch in _NARROW or ch in _SMALL or ch in _WIDE:
            units += {**_NARROW, **_SMALL, **_WIDE}[ch]
        else:
            units += 0.8 if ch.isupper() else 0.7
    return units * size + 4


# Around a node: the direction of the label seen from the node (degrees, 0 = right, 90 = down).
_DIRECTIONS = (0, 45, 90, 135, 180, 225, 270, 315)


def _candidates(text: str, x: float, y: float) -> list[Label]:
    """Places for a label around a node at (x, y): eight directions, the one pointing away
    from the centre of the map first, then the ones closest to it."""
    width = _text_width(text)
    height = NAME_FONT * 1.05
    ascent = NAME_FONT * 0.78
    gap = NODE_R + 6
    outward = math.degrees(math.atan2(y - CENTRE, x - CENTRE)) % 360

    def at(direction: int) -> Label:
        cos, sin = math.cos(math.radians(direction)), math.sin(math.radians(direction))
        # Horizontally: start right of the node, end left of it, or centred over it.
        if cos > 0.3:
            anchor, left = "start", x + gap * cos
        elif cos < -0.3:
            anchor, left = "end", x + gap * cos - width
        else:
            anchor, left = "middle", x - width / 2
        # Vertically: below the node, above it, or centred on it.
        if sin > 0.3:
            top = y + gap * sin
        elif sin < -0.3:
            top = y + gap * sin - height
        else:
            top = y - height / 2
        text_x = {"start": left, "end": left + width, "middle": x}[anchor]
        return Label(text, text_x, top + ascent, anchor, Box(left, top, left + width, top + height))

    def turn(direction: int) -> float:
        return min(abs(direction - outward), 360 - abs(direction - outward))

    return [at(d) for d in sorted(_DIRECTIONS, key=turn)]


def _place_labels(
    nodes: Sequence[tuple[Person, float, float]], obstacles: list[Box]
) -> tuple[list[Label], list[tuple[int, Person]]]:
    """A label for every node that overlaps no other label, node or fixed part of the map.

    Greedy, inner rings first: each name tries its places (`_candidates`) in full, then
    shortened; a name that fits nowhere becomes a number, explained in the key under the map.
    Returns the labels (in node order) and the key ((number, person), ...).
    """
    taken = list(obstacles)
    centres = [(x, y) for _p, x, y in nodes]

    def free(label: Label, pad: float = 4) -> bool:
        return (
            label.box.inside(SIZE, SIZE)
            and not any(label.box.overlaps(t, pad) for t in taken)
            and not any(label.box.touches_node(cx, cy, pad) for cx, cy in centres)
        )

    labels: list[Label] = []
    key: list[tuple[int, Person]] = []
    for person, x, y in nodes:
        name = person.first_name or person.name
        chosen = None
        for text in dict.fromkeys([_short(name, NAME_CHARS), _short(name, 7)]):
            chosen = next((c for c in _candidates(text, x, y) if free(c)), None)
            if chosen is not None:
                break
        if chosen is None:
            key.append((len(key) + 1, person))
            options = _candidates(str(len(key)), x, y)
            chosen = next((c for c in options if free(c, 1)), options[0])
        taken.append(chosen.box)
        labels.append(chosen)
    return labels, key


def _node(person: Person, x: float, y: float, label: Label) -> str:
    style = STYLES.get(person.status, STYLES[PersonStatus.SUGGESTED])
    dash = ' stroke-dasharray="6 4"' if style.dashed else ""
    withdrawn = not person.has_consent and person.consent_withdrawn_at is not None
    extra = ""
    if withdrawn:
        # A struck-through ring marks someone whose consent was withdrawn.
        extra = (
            f'<line x1="{x - NODE_R:.1f}" y1="{y + NODE_R:.1f}" x2="{x + NODE_R:.1f}" '
            f'y2="{y - NODE_R:.1f}" stroke="#1b1b1b" stroke-width="4"/>'
        )
    # The relation is in the hover text and in the table next to the map.
    hover = escape(f"{person.name}, {person.get_relation_display()}, {person.get_status_display()}")
    return (
        f'<g class="ecomap-node" data-status="{person.status}" data-name="{escape(person.name)}">'
        f"<title>{hover}</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE_R}" fill="{style.colour}" '
        f'stroke="#1b1b1b" stroke-width="2.5"{dash}/>'
        f'<text x="{x:.1f}" y="{y + 9:.1f}" text-anchor="middle" font-size="26" '
        f'font-weight="700" fill="#fff">{style.icon}</text>{extra}'
        f'<text class="ecomap-label ecomap-name" x="{label.x:.1f}" y="{label.y:.1f}" '
        f'text-anchor="{label.anchor}" font-size="{NAME_FONT}" font-weight="700">'
        f"{escape(label.text)}</text></g>"
    )


def _key(key: Sequence[tuple[int, Person]]) -> tuple[list[str], float]:
    """The key under the map for names that did not fit on it: (svg parts, extra height)."""
    if not key:
        return [], 0
    rows = (len(key) + 1) // 2
    out = [
        f'<text class="ecomap-key-title" x="24" y="{SIZE + 40}" font-size="{NAME_FONT - 4}" '
        f'font-weight="700" fill="#1b1b1b">{escape(_("Nummers in het ecogram"))}</text>'
    ]
    for index, (number, person) in enumerate(key):
        column, row = divmod(index, rows)
        x = 24 + column * SIZE / 2
        y = SIZE + 40 + KEY_ROW * (row + 1)
        text = escape(_short(person.name, KEY_CHARS))
        out.append(
            f'<text class="ecomap-key" x="{x:.0f}" y="{y:.0f}" font-size="{NAME_FONT - 4}" '
            f'fill="#1b1b1b"><tspan font-weight="700">{number}</tspan>  {text}</text>'
        )
    return out, 40 + KEY_ROW * rows + 24


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
    # Nodes first (every ring), then their labels around them, then the key.
    obstacles = [Box(CENTRE - 112, CENTRE - 112, CENTRE + 112, CENTRE + 112)]
    ring_names: list[str] = []
    for ring, radius, _edge, _fill in RINGS:
        name = str(Ring(ring).label).upper()
        width = len(name) * CAPITAL_WIDTH
        y = CENTRE - radius + 7
        obstacles.append(Box(CENTRE - width / 2, y - RING_FONT, CENTRE + width / 2, y + 4))
        ring_names.append(
            f'<text class="ecomap-ring" x="{CENTRE}" y="{y}" text-anchor="middle" '
            f'font-size="{RING_FONT}" font-weight="700" fill="#3b4a57" letter-spacing="1">'
            f"{escape(name)}</text>"
        )
    if label:
        obstacles.append(Box(0, 0, len(label) * 30 + 24, 64))
    placed: list[tuple[Person, float, float]] = []
    for ring, radius, _edge, _fill in RINGS:
        members = by_ring.get(ring, [])
        # A wedge at the top stays free for the ring's name.
        gap = (len(str(Ring(ring).label)) * CAPITAL_WIDTH + 80) / radius
        points = _spread(len(members), radius, gap, [(x, y) for _p, x, y in placed])
        placed.extend((p, x, y) for p, (x, y) in zip(members, points, strict=True))
    labels, numbered = _place_labels(placed, obstacles)
    key_parts, key_height = _key(numbered)

    out: list[str] = [
        f'<svg class="ecomap" viewBox="0 0 {SIZE} {SIZE + key_height:.0f}" role="img" '
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
    out.extend(ring_names)
    if label:
        # The top-left corner lies outside the outer band, so the party's name fits there.
        out.append(
            f'<text class="ecomap-party" x="16" y="52" font-size="46" font-weight="700" '
            f'fill="#073f5f">{escape(label)}</text>'
        )
    for person, x, y in placed:
        colour = STYLES.get(person.status, STYLES[PersonStatus.SUGGESTED]).colour
        out.append(
            f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-opacity=".3" stroke-width="2"/>'
        )
    out.append(_centre(main))
    out.extend(
        _node(person, x, y, text) for (person, x, y), text in zip(placed, labels, strict=True)
    )
    out.extend(key_parts)
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
