"""The dashboard's sections: each one a table (the numbers), a chart drawn from the same rows,
and a CSV of those rows.

A section is a function of `Figures` registered in `SECTIONS`. Sections over other apps' data
go in modules of their own that register here the same way (decision 0151): the outcomes at
the follow-ups (`outcomes.py`, decision 0156) and satisfaction (`satisfaction.py`, 0157), both
imported by the app's `ready()`; funding later.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kring.cases.states import StopReason
from kring.core.languages import language_name
from kring.reporting import charts, figures
from kring.reporting.figures import Filters
from kring.reporting.models import CoordinatorLoad, TallyKind

Cell = str | int | float | None


@dataclass
class Section:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    chart: SafeString | None = None
    note: str = ""


class Figures:
    """Everything the sections read for one filter, each fetched once (one query each)."""

    def __init__(self, filters: Filters) -> None:
        self.filters = filters

    @cached_property
    def totals(self) -> dict[str, int]:
        return figures.totals(self.filters)

    @cached_property
    def tallies(self) -> dict[str, dict[str, int]]:
        return figures.tallies(self.filters)

    @cached_property
    def months(self) -> list[tuple[datetime.date, dict[str, int]]]:
        return figures.series(
            self.filters, "month", ["requests", "info_conversations", "trajectories"]
        )

    @cached_property
    def weeks(self) -> list[tuple[datetime.date, dict[str, int]]]:
        return figures.series(self.filters, "week", ["requests"])

    @cached_property
    def loads(self) -> list[CoordinatorLoad]:
        return list(figures.loads(self.filters.regions, self.filters.region))


def _month(day: datetime.date) -> str:
    return formats.date_format(day, "M Y")


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:g}%".replace(".", ",")


def requests_per_month(f: Figures) -> Section:
    rows: list[list[Cell]] = [
        [_month(m), v["requests"], v["info_conversations"], v["trajectories"]] for m, v in f.months
    ]
    title = _("Aanvragen per maand")
    return Section(
        "aanvragen-per-maand",
        title,
        [_("Maand"), _("Aanvragen"), _("Informatieve gesprekken"), _("Trajecten gestart")],
        rows,
        charts.columns("chart-month", title, [(str(r[0]), float(r[1] or 0)) for r in rows]),
    )


def requests_per_week(f: Figures) -> Section:
    rows: list[list[Cell]] = [[formats.date_format(w, "j M Y"), v["requests"]] for w, v in f.weeks]
    title = _("Aanvragen per week")
    return Section(
        "aanvragen-per-week",
        title,
        [_("Week van maandag"), _("Aanvragen")],
        rows,
        charts.columns("chart-week", title, [(str(r[0]), float(r[1] or 0)) for r in rows]),
    )


def funnel(f: Figures) -> Section:
    t = f.totals
    steps = [
        (_("Aanvragen"), t["requests"]),
        (_("Informatieve gesprekken"), t["info_conversations"]),
        (_("Trajecten gestart"), t["trajectories"]),
        (_("Conferenties gehouden"), t["conferences"]),
        (_("Plannen na een conferentie"), t["plans_at_conference"]),
        (_("Plannen zonder conferentie"), t["plans_without_conference"]),
        (_("Vervolg afgesproken"), t["follow_ups"]),
        (_("Gestopt vóór de conferentie"), t["stopped_early"]),
    ]
    rows: list[list[Cell]] = [
        [label, n, pct(figures.share(n, t["requests"]))] for label, n in steps
    ]
    title = _("Van aanvraag tot plan")
    return Section(
        "trechter",
        title,
        [_("Stap"), _("Aantal"), _("Van de aanvragen")],
        rows,
        charts.bars("chart-funnel", title, [(label, float(n)) for label, n in steps]),
        note=_(
            "Aanvragen die in de gekozen periode binnenkwamen, en hoe ver ze tot nu toe kwamen."
        ),
    )


def stop_reasons(f: Figures) -> Section:
    labels = dict(StopReason.choices)
    tally = f.tallies[TallyKind.STOP_REASON]
    items = [(str(labels.get(k, k)), n) for k, n in sorted(tally.items(), key=lambda kv: -kv[1])]
    title = _("Redenen van stoppen")
    return Section(
        "redenen-van-stoppen",
        title,
        [_("Reden"), _("Trajecten")],
        [[label, n] for label, n in items],
        charts.bars("chart-stop", title, [(label, float(n)) for label, n in items]),
    )


def lead_times(f: Figures) -> Section:
    rows: list[list[Cell]] = []
    for kind, label in (
        (TallyKind.DAYS_TO_CONTACT, _("Aanvraag tot eerste contact")),
        (TallyKind.DAYS_TO_CONFERENCE, _("Aanvraag tot conferentie")),
        (TallyKind.DAYS_TO_PLAN, _("Conferentie tot plan verstuurd")),
    ):
        hist = figures.histogram(f.tallies[kind])
        rows.append([label, sum(hist.values()), figures.median(hist), figures.percentile(hist, 90)])
    t = f.totals
    title = _("Doorlooptijden in dagen (mediaan)")
    return Section(
        "doorlooptijden",
        _("Doorlooptijden"),
        [_("Van – tot"), _("Aantal"), _("Mediaan (dagen)"), _("90e percentiel (dagen)")],
        rows,
        charts.bars("chart-lead", title, [(str(r[0]), float(r[2] or 0)) for r in rows]),
        note=_("Eerste contact binnen de termijn: %(share)s (%(n)s van %(total)s).")
        % {
            "share": pct(figures.share(t["contact_in_time"], t["contact_measured"])),
            "n": t["contact_in_time"],
            "total": t["contact_measured"],
        },
    )


def attendance(f: Figures) -> Section:
    t = f.totals
    conferences = t["conferences"]
    rows: list[list[Cell]] = []
    for key, label in (
        ("family", _("Familie")),
        ("network", _("Netwerk (vrienden en omgeving)")),
        ("professional", _("Professionals")),
    ):
        present = t[f"present_{key}"]
        average = round(present / conferences, 1) if conferences else None
        rows.append([label, t[f"invited_{key}"], present, average])
    invited = sum(int(r[1] or 0) for r in rows)
    present = sum(int(r[2] or 0) for r in rows)
    rows.append(
        [_("Totaal"), invited, present, round(present / conferences, 1) if conferences else None]
    )
    title = _("Aanwezig op de conferentie")
    return Section(
        "aanwezigheid",
        _("Uitgenodigd en aanwezig"),
        [_("Groep"), _("Uitgenodigd"), _("Aanwezig"), _("Gemiddeld aanwezig per conferentie")],
        rows,
        charts.bars("chart-attendance", title, [(str(r[0]), float(r[2] or 0)) for r in rows[:3]]),
    )


def safety(f: Figures) -> Section:
    t = f.totals
    rows: list[list[Cell]] = [
        [_("Minimumeisen gesteld"), t["requirements_set"]],
        [_("Minimumeisen voldaan"), t["requirements_met"]],
        [_("Deel voldaan"), pct(figures.share(t["requirements_met"], t["requirements_set"]))],
    ]
    title = _("Minimumeisen")
    return Section(
        "minimumeisen",
        title,
        [_("Wat"), _("Aantal")],
        rows,
        charts.bars(
            "chart-safety",
            title,
            [
                (str(rows[0][0]), float(t["requirements_set"])),
                (str(rows[1][0]), float(t["requirements_met"])),
            ],
        ),
    )


def workload(f: Figures) -> Section:
    rows: list[list[Cell]] = [
        [load.coordinator.full_name, load.open_cases, load.max_cases] for load in f.loads
    ]
    title = _("Lopende trajecten per coördinator")
    return Section(
        "werklast",
        _("Werklast van coördinatoren"),
        [_("Coördinator"), _("Lopende trajecten"), _("Maximaal tegelijk")],
        rows,
        charts.bars("chart-load", title, [(str(r[0]), float(r[1] or 0)) for r in rows]),
        note=_("Nu, niet over de gekozen periode."),
    )


def languages(f: Figures) -> Section:
    requested = f.tallies[TallyKind.LANGUAGE]
    speakers: dict[str, int] = {}
    for load in f.loads:
        for code in load.languages:
            speakers[code] = speakers.get(code, 0) + 1
    codes = sorted(set(requested) | set(speakers), key=lambda c: (-requested.get(c, 0), c))
    rows: list[list[Cell]] = [
        [language_name(c), requested.get(c, 0), speakers.get(c, 0)] for c in codes
    ]
    title = _("Aanvragen per taal")
    return Section(
        "talen",
        _("Talen: gevraagd en gesproken"),
        [_("Taal"), _("Aanvragen in deze taal"), _("Coördinatoren die deze taal spreken")],
        rows,
        charts.bars("chart-languages", title, [(str(r[0]), float(r[1] or 0)) for r in rows]),
    )


SECTIONS: list[Callable[[Figures], Section]] = [
    requests_per_month,
    requests_per_week,
    funnel,
    stop_reasons,
    lead_times,
    attendance,
    safety,
    workload,
    languages,
]


def register(builder: Callable[[Figures], Section]) -> None:
    """Add a section (for the modules of later figures: outcomes, survey, funding)."""
    SECTIONS.append(builder)


def build(filters: Filters) -> list[Section]:
    """Every section for this filter."""
    data = Figures(filters)
    return [builder(data) for builder in SECTIONS]


def section(filters: Filters, slug: str) -> Section | None:
    """One section by its slug (for the CSV), or None."""
    return next((s for s in build(filters) if s.slug == slug), None)
