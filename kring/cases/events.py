"""How the case's audit events read (see `kring.audit.events`)."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import events
from kring.cases.states import Status, StopReason


def _stopped(data: Mapping[str, object]) -> str:
    code = str(data.get("stop_reason", ""))
    label = StopReason(code).label if code in StopReason.values else code
    return _("Traject gestopt: %(reason)s") % {"reason": label}


events.register(
    {
        # Every move in the state table reads as the state it reaches ...
        **{f"case.{status.value}": status.label for status in Status},
        # ... and these verbs more precisely.
        "case.opened": gettext_lazy("Traject gestart"),
        "case.coordinator_assigned": gettext_lazy("Coördinator toegewezen"),
        "case.conflict_declared": gettext_lazy(
            "Coördinator meldt een belang of relatie; terug naar de regiomanager"
        ),
        "case.independence_declared": gettext_lazy("Onafhankelijkheid verklaard"),
        "case.assignment_withdrawn": gettext_lazy("Coördinator teruggenomen; opnieuw kiezen"),
        "case.contact_logged": gettext_lazy("Contact vastgelegd"),
        "case.first_contact": gettext_lazy("Eerste contact gehad; traject in voorbereiding"),
        "case.conference_cancelled": gettext_lazy("Conferentie afgezegd; terug naar voorbereiding"),
        "case.check_in_done": gettext_lazy(
            "Nabelgesprek gedaan; de taak van de coördinator is klaar"
        ),
        "case.stopped": _stopped,
    }
)
