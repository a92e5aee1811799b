"""`{% match_card m chosen best %}`: one candidate's card on the matching page, written in Python.

The matching page shows twenty candidates with eight or more reasons each; as a template
partial the cards cost about 25 million Python instructions per page, more than the ranking
query and everything else on the page together (issue 15). This writes the same markup in
Python, escaped as the template escaped it (decision 204). The test
`kring/coordinators/tests/test_match_card.py` compares it with the partial it replaces.
"""

from __future__ import annotations

import html

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kring.coordinators.matching import Match
from kring.core.markup import escaped

register = template.Library()


def _reason(ok: bool, text: str, hidden: str) -> str:
    mark = "✓" if ok else "✗"
    return (
        f'<li class="reason reason--{"yes" if ok else "no"}"><span aria-hidden="true">{mark}</span>'
        f' <span class="visually-hidden">{hidden}</span> {escaped(text)}</li>'
    )


@register.simple_tag
def match_card(m: Match, chosen: str, best: Match | None) -> SafeString:
    """The card of `m`: a radio (checked when `chosen` is its uuid, disabled when the candidate
    may not be assigned), the name, rank and score, warnings, the tie note, and every reason
    and blocker with a mark that a screen reader reads as words."""
    uid = html.escape(str(m.user.uuid))
    eligible = m.eligible
    if eligible:
        score = escaped(_("%(score)s punten") % {"score": m.score})
        badges = f'<span class="badge">{score}</span>'
        if m is best:
            badges += f' <span class="badge badge--ok">{escaped(_("beste keuze"))}</span>'
    else:
        badges = f'<span class="badge badge--overdue">{escaped(_("kan niet"))}</span>'
    described = f"let-op-{uid} redenen-{uid}" if m.warnings else f"redenen-{uid}"
    parts = [
        f'<li class="card match{"" if eligible else " match--blocked"}">',
        '<div class="choice">',
        f'<input type="radio" name="coordinator" value="{uid}" id="kies-{uid}"'
        f"{'' if eligible else ' disabled'}{' checked' if chosen == str(m.user.uuid) else ''}"
        f' aria-describedby="{described}">',
        f'<label for="kies-{uid}"><strong>{m.rank}. {escaped(m.user.full_name)}</strong> {badges}'
        "</label>",
        "</div>",
    ]
    if m.warnings:
        parts.append(
            f'<p class="alert alert--warning match-warning" id="let-op-{uid}">'
            f"{' '.join(escaped(w) for w in m.warnings)}</p>"
        )
    if m.tie_note:
        parts.append(f'<p class="muted match-tie">{escaped(m.tie_note)}</p>')
    parts.append(f'<ul class="match-reasons" id="redenen-{uid}">')
    cannot = escaped(_("Kan niet:"))
    parts.extend(_reason(False, b, cannot) for b in m.blockers)
    fits, fits_not = escaped(_("Past:")), escaped(_("Past niet:"))
    parts.extend(_reason(r.ok, r.text, fits if r.ok else fits_not) for r in m.reasons)
    parts.append("</ul></li>")
    return mark_safe("\n".join(parts))  # every part above is escaped
