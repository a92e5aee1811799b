"""How the conference's audit events read (see `kring.audit.events`).

The events carry codes, counts, ids and the names of changed fields; never a place, a reason,
a question, an answer or a note.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import events
from kring.conferences.models import InvitationKind


def _fields(data: Mapping[str, object]) -> str:
    names = data.get("fields")
    return ", ".join(str(n) for n in names) if isinstance(names, list) and names else "–"


def _logistics(data: Mapping[str, object]) -> str:
    return _("Praktische zaken gewijzigd: %(fields)s") % {"fields": _fields(data)}


def _sent(data: Mapping[str, object]) -> str:
    code = str(data.get("kind", ""))
    kind = InvitationKind(code).label if code in InvitationKind.values else code
    return _("Verstuurd: %(kind)s") % {"kind": kind}


def _checklist(data: Mapping[str, object]) -> str:
    if data.get("done"):
        return _("Checklist: punt afgevinkt (%(item)s)") % {"item": data.get("item", "–")}
    return _("Checklist: punt teruggezet (%(item)s)") % {"item": data.get("item", "–")}


def _answered(data: Mapping[str, object]) -> str:
    return _("Uitnodiging beantwoord via de persoonlijke link: %(fields)s") % {
        "fields": _fields(data)
    }


events.register(
    {
        "conference.logistics_changed": _logistics,
        "conference.checklist": _checklist,
        "conference.cancelled": gettext_lazy("Conferentie afgelast"),
        "conference.nobody_came": gettext_lazy(
            "Niemand kwam naar de conferentie; terug naar de voorbereiding"
        ),
        "conference.attendance_recorded": gettext_lazy(
            "Aanwezigheid bij de conferentie vastgelegd (%(present)s aanwezig)"
        ),
        "conference.date_proposed": gettext_lazy("Datum voorgesteld"),
        "conference.date_removed": gettext_lazy("Voorgestelde datum weggehaald"),
        "invitation.queued": gettext_lazy("Uitnodiging klaargezet"),
        "invitation.sent": _sent,
        "invitation.letter": gettext_lazy("Uitnodigingsbrief gemaakt"),
        "invitation.answered": _answered,
        "information.asked": gettext_lazy("Vraag om informatie toegevoegd"),
        "information.provided": gettext_lazy("Informatie aangeleverd"),
        "information.requested_by_mail": gettext_lazy(
            "Vraag om informatie gemaild, met een persoonlijke link"
        ),
        "information.document_downloaded": gettext_lazy("Document gedownload"),
        "information.viewed_by_link": gettext_lazy("Vragen om informatie bekeken via de link"),
    }
)
