"""The satisfaction section: per question of the survey and per respondent group, the number
of respondents, the mean and the median score (decision 0157). Never the open answers: the
summary tables hold only the scores.

Read from the `score_*` tallies (value "question:score"), so the medians are exact and the
dashboard's filters apply without another query.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kring.reporting import charts, figures, sections
from kring.reporting.models import TallyKind
from kring.reporting.refresh import QUESTIONS
from kring.reporting.sections import Cell, Figures, Section


def scores(tally: dict[str, int], question: str) -> dict[int, int]:
    """One question's scores as score -> respondents."""
    prefix = f"{question}:"
    return {int(v.removeprefix(prefix)): n for v, n in tally.items() if v.startswith(prefix)}


def mean(hist: dict[int, int]) -> float | None:
    n = sum(hist.values())
    return None if n == 0 else round(sum(v * k for v, k in hist.items()) / n, 1)


def satisfaction(f: Figures) -> Section:
    groups = [
        (TallyKind.SCORE_PARTICIPANT, _("Deelnemers")),
        (TallyKind.SCORE_PROFESSIONAL, _("Professionals")),
    ]
    labels = dict(
        zip(
            QUESTIONS,
            [_("Gehoord gevoeld"), _("Tevreden over het plan"), _("Tevreden over de coördinator")],
            strict=True,
        )
    )
    short = dict(zip(QUESTIONS, [_("Gehoord"), _("Plan"), _("Coördinator")], strict=True))
    rows: list[list[Cell]] = []
    for kind, group in groups:
        for question in QUESTIONS:
            hist = scores(f.tallies[kind], question)
            rows.append(
                [labels[question], group, sum(hist.values()), mean(hist), figures.median(hist)]
            )
    title = _("Gemiddeld cijfer per vraag (1 tot 10)")
    return Section(
        "tevredenheid",
        _("Tevredenheid"),
        [_("Vraag"), _("Groep"), _("Respondenten"), _("Gemiddelde"), _("Mediaan")],
        rows,
        charts.bars(
            "chart-satisfaction",
            title,
            [
                (f"{short[question]}: {group.lower()}", float(row[3] or 0))
                for (question, (_kind, group)), row in zip(
                    [(q, g) for g in groups for q in QUESTIONS], rows, strict=True
                )
            ],
        ),
        note=_(
            "Cijfers van 1 tot 10 uit de vragenlijst na de conferentie, van de trajecten "
            "waarvan de aanvraag in de gekozen periode binnenkwam. Zonder de open antwoorden."
        ),
    )


sections.register(satisfaction)
