"""How follow-up, survey and reminder events read (see `kring.audit.events`).

Events carry ids, codes and counts: never what was said at a follow-up, nor a survey answer.
"""

from django.utils.translation import gettext_lazy

from kring.audit import events

events.register(
    {
        "followup.recorded": gettext_lazy(
            "Vervolgbijeenkomst vastgelegd (%(present)s aanwezig, %(agreements)s afspraken)"
        ),
        "followup.viewed": gettext_lazy("Vervolgbijeenkomsten van het traject bekeken"),
        "followup.overdue_signalled": gettext_lazy(
            "Vervolgbijeenkomst twee weken na de geplande datum niet vastgelegd"
        ),
        "followup.reminder_sent": gettext_lazy("Herinnering verstuurd (%(kind)s)"),
        "followup.reminders_switched_off": gettext_lazy("Herinneringen uitgezet via de link"),
        "followup.survey_sent": gettext_lazy("Vragenlijst na de conferentie verstuurd"),
        "followup.survey_answered": gettext_lazy("Vragenlijst ingevuld (zonder naam bewaard)"),
        "followup.survey_answers_viewed": gettext_lazy(
            "Antwoorden op de vragenlijst bekeken (%(rows)s)"
        ),
    }
)
