"""How the case's audit events read (see `kring.audit.events`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import events

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from kring.cases.facts import field_label
from kring.cases.models import Variant
from kring.cases.states import Status, StopReason


def _stopped(data: Mapping[str, object]) -> str:
    code = str(data.get("stop_reason", ""))
    label = StopReason(code).label if code in StopReason.values else code
    return _("Traject gestopt: %(reason)s") % {"reason": label}


def _fields(data: Mapping[str, object]) -> str:
    fields = data.get("fields")
    names = [field_label(str(f)) for f in fields] if isinstance(fields, list) else []
    return ", ".join(names) or "–"


def _facts_changed(data: Mapping[str, object]) -> str:
    text = _("Gegevens gewijzigd: %(fields)s") % {"fields": _fields(data)}
    region = data.get("region")
    if isinstance(region, list) and len(region) == 2:
        text += "; " + _("verhuisd naar regio %(region)s") % {"region": region[1]}
    return text


def _variant_changed(data: Mapping[str, object]) -> str:
    change = data.get("variant")
    new = str(change[1]) if isinstance(change, list) and len(change) == 2 else ""
    label = Variant(new).label if new in Variant.values else new
    return _("Soort conferentie gewijzigd: %(variant)s") % {"variant": label}


def _list_viewed(data: Mapping[str, object]) -> str:
    names = {
        "manager_start": _("startpagina regiomanager"),
        "coordinator_start": _("startpagina coördinator"),
        "cases": _("alle trajecten"),
    }
    code = str(data.get("list", ""))
    return _("Lijst bekeken: %(list)s (%(rows)s rijen)") % {
        "list": names.get(code, code),
        "rows": data.get("rows", 0),
    }


def _recounted(data: Mapping[str, object]) -> str:
    return _("Lopende trajecten per coördinator opnieuw geteld: %(count)s verbeterd") % {
        "count": data.get("corrected", "–")
    }


def _with_rank(text: StrOrPromise) -> Callable[[Mapping[str, object]], str]:
    """The text, with the rank and score in the list when the event has them."""

    def render(data: Mapping[str, object]) -> str:
        if data.get("rank"):
            return _("%(text)s (nummer %(rank)s, %(score)s punten)") % {
                "text": str(text),
                "rank": data.get("rank"),
                "score": data.get("score"),
            }
        return str(text)

    return render


events.register(
    {
        # Every move in the state table reads as the state it reaches ...
        **{f"case.{status.value}": status.label for status in Status},
        # ... and these verbs more precisely.
        "case.opened": gettext_lazy("Traject gestart"),
        "case.coordinator_assigned": _with_rank(gettext_lazy("Coördinator toegewezen")),
        "case.coordinator_replaced": _with_rank(gettext_lazy("Coördinator vervangen")),
        "case.viewed": gettext_lazy("Traject bekeken"),
        "case.requester_viewed": gettext_lazy("Gegevens van de aanvrager bekeken"),
        "case.list_viewed": _list_viewed,
        "case.facts_changed": _facts_changed,
        "case.main_person_changed": lambda data: (
            _("Hoofdpersoon gewijzigd: %(fields)s") % {"fields": _fields(data)}
        ),
        "case.main_person_added": gettext_lazy("Hoofdpersoon toegevoegd"),
        "case.main_person_removed": gettext_lazy("Hoofdpersoon weggehaald"),
        "case.variant_changed": _variant_changed,
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
        "case.running_recounted": _recounted,
    }
)
