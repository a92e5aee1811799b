"""Where a person in the circle stands on the way to the conference, as one readable table.

Only the functions in `kring.network.transitions` change a person's status, and only along
TABLE. The eco-map draws these states as colours.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.core.states import StateTable


class PersonStatus(models.TextChoices):
    """Where a person stands on the way to the conference (the eco-map colours)."""

    SUGGESTED = "suggested", _("Voorgesteld")
    INFORMED = "informed", _("Geïnformeerd")
    INVITED = "invited", _("Uitgenodigd")
    COMING = "coming", _("Komt")
    NOT_COMING = "not_coming", _("Komt niet")
    MAYBE = "maybe", _("Misschien")
    PRESENT = "present", _("Aanwezig")


S = PersonStatus
# Everyone who has not declined and was asked (or answered) may still answer again.
ANSWERS: frozenset[str] = frozenset({S.COMING, S.MAYBE, S.NOT_COMING})

TABLE = StateTable(
    PersonStatus,
    {
        S.SUGGESTED: frozenset({S.INFORMED, S.INVITED, *ANSWERS, S.PRESENT}),
        S.INFORMED: frozenset({S.INVITED, *ANSWERS, S.PRESENT}),
        S.INVITED: frozenset({*ANSWERS, S.PRESENT}),
        # An answer can change (also by phone through the coordinator), and anyone who answered
        # may turn up on the day; a wrong "present" can be corrected to an answer.
        S.COMING: frozenset({S.MAYBE, S.NOT_COMING, S.PRESENT}),
        S.MAYBE: frozenset({S.COMING, S.NOT_COMING, S.PRESENT}),
        S.NOT_COMING: frozenset({S.COMING, S.MAYBE, S.PRESENT}),
        S.PRESENT: frozenset(ANSWERS),
    },
    refusal=_("Dit kan nu niet: deze persoon staat op '%(status)s'."),
)

# Who is still waiting to be invited.
NOT_YET_INVITED: frozenset[str] = frozenset({S.SUGGESTED, S.INFORMED})
