"""The outcomes section: the outcome register (docs/outcomes.md) at the first follow-up and
after 6 and 12 months, as counts and shares of the follow-ups in that window (decision 0156).

Read from the `outcome_*` tallies of the summary tables, so the dashboard's filters apply and
no query is added (they come with the other tallies).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kring.followup.models import (
    AgreementsOutcome,
    ProfessionalHelp,
    QuestionAnswered,
    SafetyHolds,
)
from kring.reporting import charts, figures, sections
from kring.reporting.models import TallyKind
from kring.reporting.sections import Cell, Figures, Section

WINDOWS = [TallyKind.OUTCOME_FIRST, TallyKind.OUTCOME_6M, TallyKind.OUTCOME_12M]


def _fields() -> list[tuple[str, str, list[tuple[str, Any]]]]:
    return [
        ("agreements", _("Afspraken gedaan"), list(AgreementsOutcome.choices)),
        ("question_answered", _("Centrale vraag beantwoord"), list(QuestionAnswered.choices)),
        ("professional_help", _("Hulp van professionals"), list(ProfessionalHelp.choices)),
        ("safety_holds", _("Minimumeis geldt nog"), list(SafetyHolds.choices)),
    ]


def held(tally: dict[str, int]) -> int:
    """How many follow-ups a window's tally counts (each has one `agreements` code)."""
    return sum(n for value, n in tally.items() if value.startswith("agreements:"))


def outcomes(f: Figures) -> Section:
    tallies = [f.tallies[kind] for kind in WINDOWS]
    totals = [held(t) for t in tallies]
    rows: list[list[Cell]] = [
        [_("Vervolgbijeenkomsten in dit venster"), "", *[x for n in totals for x in (n, "")]]
    ]
    for name, label, choices in _fields():
        for code, shown in choices:
            row: list[Cell] = [label, str(shown)]
            for tally, total in zip(tallies, totals, strict=True):
                n = tally.get(f"{name}:{code}", 0)
                row += [n, sections.pct(figures.share(n, total))]
            rows.append(row)
    # Short labels: the chart has room for about 30 characters.
    window_names = [_("1e vervolg"), _("6 maanden"), _("12 maanden")]
    bars = [
        (f"{_('Afspraken gedaan')}, {window}", figures.share(t.get("agreements:done", 0), n))
        for t, n, window in zip(tallies, totals, window_names, strict=True)
    ] + [
        (f"{_('Vraag beantwoord')}, {window}", figures.share(t.get("question_answered:yes", 0), n))
        for t, n, window in zip(tallies, totals, window_names, strict=True)
    ]
    title = _("Uitkomsten bij de vervolgbijeenkomsten (% ja of gedaan)")
    return Section(
        "uitkomsten",
        _("Uitkomsten bij de vervolgbijeenkomsten"),
        [
            _("Uitkomst"),
            _("Antwoord"),
            _("Eerste vervolg"),
            _("Deel"),
            _("Na 6 maanden"),
            _("Deel"),
            _("Na 12 maanden"),
            _("Deel"),
        ],
        rows,
        charts.bars("chart-outcomes", title, [(label, v or 0.0) for label, v in bars]),
        note=_(
            "Van de trajecten waarvan de aanvraag in de gekozen periode binnenkwam. Na 6 en "
            "na 12 maanden: de vervolgbijeenkomst die het dichtst bij 6 of 12 maanden na de "
            "conferentie lag, hooguit 2 maanden ervoor of erna. Het deel is van de "
            "vervolgbijeenkomsten in dat venster."
        ),
    )


sections.register(outcomes)
