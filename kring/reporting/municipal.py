"""A municipality's figures for a year, as published tables with small numbers suppressed
(what a funder sees; decision 0152)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from kring.accounts.models import Municipality
from kring.reporting import figures
from kring.reporting.figures import Filters
from kring.reporting.suppression import Published, suppress

MONTH_MEASURES = ["requests", "trajectories", "conferences", "plans_at_conference"]


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    labels: list[str]  # one per row; the last is the total row
    published: Published

    @property
    def rows(self) -> list[tuple[str, list[int | None]]]:
        return list(zip(self.labels, self.published.cells, strict=True))


def year_filter(place: Municipality, year: int) -> Filters:
    return Filters(
        start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 1), municipality=place.id
    )


def tables(place: Municipality, year: int) -> list[Table]:
    """The year's tables for this municipality (two queries)."""
    filters = year_filter(place, year)
    months = figures.series(filters, "month", MONTH_MEASURES)
    grid = [[values[m] for m in MONTH_MEASURES] for _month, values in months]
    monthly = Table(
        "per-maand",
        _("Per maand"),
        [_("Aanvragen"), _("Trajecten gestart"), _("Conferenties"), _("Plannen")],
        [formats.date_format(month, "F") for month, _v in months] + [_("Heel het jaar")],
        suppress(grid, col_totals=True),
    )
    t = figures.totals(filters)
    groups = [
        ("family", _("Familie")),
        ("network", _("Netwerk")),
        ("professional", _("Professionals")),
    ]
    attendance = Table(
        "aanwezigheid",
        _("Uitgenodigd en aanwezig op de conferenties"),
        [_("Uitgenodigd"), _("Aanwezig")],
        [label for _k, label in groups] + [_("Totaal")],
        suppress([[t[f"invited_{k}"], t[f"present_{k}"]] for k, _l in groups], col_totals=True),
    )
    return [monthly, attendance]
