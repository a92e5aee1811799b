"""Charts drawn on the server as SVG (no JavaScript). Each chart is an image with a title; the
numbers themselves are in the table next to it, for screen readers and for copying."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR = "#1d4f91"
TEXT = "#1a1a1a"
GRID = "#8a8a8a"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def bars(chart_id: str, title: str, items: list[tuple[str, float]]) -> SafeString:
    """Horizontal bars, one per item, the label left and the value at the end of the bar
    (nothing when every value is zero: the table says so)."""
    if not any(v for _l, v in items):
        return SafeString("")
    width, label_w, row_h = 640, 230, 28
    height = row_h * max(1, len(items)) + 10
    top = max([v for _l, v in items] + [0]) or 1
    span = width - label_w - 60
    rows = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="13">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="18" fill="{}"></rect>'
        '<text x="{}" y="{}" fill="{}" font-size="13">{}</text>',
        (
            (
                label_w - 8,
                i * row_h + 22,
                TEXT,
                label[:34],
                label_w,
                i * row_h + 8,
                round(span * value / top, 1),
                BAR,
                label_w + round(span * value / top, 1) + 6,
                i * row_h + 22,
                TEXT,
                _number(value),
            )
            for i, (label, value) in enumerate(items)
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        title,
        rows,
    )


def columns(chart_id: str, title: str, items: list[tuple[str, float]]) -> SafeString:
    """Vertical columns over time; every few labels are written under the axis (nothing when
    every value is zero)."""
    if not any(v for _l, v in items):
        return SafeString("")
    width, height, bottom, left = 640, 220, 30, 36
    n = max(1, len(items))
    step = (width - left - 8) / n
    top = max([v for _l, v in items] + [0]) or 1
    plot = height - bottom - 10
    every = max(1, round(n / 8))
    parts = []
    for i, (label, value) in enumerate(items):
        h = round(plot * value / top, 1)
        x = round(left + i * step + step * 0.1, 1)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                x,
                round(10 + plot - h, 1),
                round(step * 0.8, 1),
                h,
                BAR,
            )
        )
        if i % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" fill="{}" font-size="11">{}</text>',
                    x,
                    height - 10,
                    TEXT,
                    label,
                )
            )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>'
        '<text x="2" y="20" fill="{}" font-size="11">{}</text>'
        '<text x="2" y="{}" fill="{}" font-size="11">0</text>',
        left,
        10 + plot,
        width,
        10 + plot,
        GRID,
        TEXT,
        _number(top),
        10 + plot,
        TEXT,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>{}{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        title,
        axis,
        SafeString("".join(parts)),
    )
