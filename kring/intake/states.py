"""A request's lifecycle as one readable table.

Only the functions in `kring.intake.transitions` change a request's status, and only along
TABLE. Starting a trajectory (CONVERTED) is the case app's verb `open_case`, which calls down
to `convert_request`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.core.states import StateTable


class RequestStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    CONTACTED = "contacted", _("Contact gehad")
    INFO_CONVERSATION = "info_conversation", _("Informatief gesprek gepland")
    CONVERTED = "converted", _("Traject gestart")
    CLOSED = "closed", _("Afgesloten")


S = RequestStatus

TABLE = StateTable(
    RequestStatus,
    {
        S.NEW: frozenset({S.CONTACTED, S.CLOSED}),
        S.CONTACTED: frozenset({S.INFO_CONVERSATION, S.CONVERTED, S.CLOSED}),
        S.INFO_CONVERSATION: frozenset({S.CONVERTED, S.CLOSED}),
        S.CONVERTED: frozenset(),
        S.CLOSED: frozenset(),
    },
    refusal=_("Dit kan nu niet: de aanvraag staat op '%(status)s'."),
)

# Requests still waiting for a decision (the queue's "open" filter).
OPEN_STATUSES: frozenset[str] = TABLE.sources(S.CLOSED)
