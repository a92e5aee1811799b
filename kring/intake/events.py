"""How the intake desk's audit events read (see `kring.audit.events`)."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kring.audit import events
from kring.intake.models import CloseReason

LISTS = {"queue": gettext_lazy("de aanvragen")}


def _closed(data: Mapping[str, object]) -> str:
    code = str(data.get("close_reason", ""))
    label = CloseReason(code).label if code in CloseReason.values else code
    return _("Aanvraag afgesloten: %(reason)s") % {"reason": label}


def _received(data: Mapping[str, object]) -> str:
    if data.get("resubmission"):
        return _("Aanvraag ontvangen; dezelfde aanvrager en hoofdpersoon als een eerdere aanvraag")
    if data.get("duplicate_of"):
        return _("Aanvraag ontvangen; lijkt op een eerdere aanvraag")
    return _("Aanvraag ontvangen")


def _list_viewed(data: Mapping[str, object]) -> str:
    rows = int(str(data.get("rows") or 0))
    name = LISTS.get(str(data.get("list", "")), str(data.get("list", "")))
    text = ngettext(
        "Lijst %(list)s bekeken (%(rows)d rij)", "Lijst %(list)s bekeken (%(rows)d rijen)", rows
    ) % {"list": name, "rows": rows}
    if data.get("searched"):
        text += " " + _("met een zoekterm")
    return text


events.register(
    {
        "intake.request_received": _received,
        "intake.request_viewed": gettext_lazy("Aanvraag bekeken"),
        "intake.list_viewed": _list_viewed,
        "intake.first_contact": gettext_lazy("Eerste contact vastgelegd"),
        "intake.info_conversation_planned": gettext_lazy("Informatief gesprek gepland"),
        "intake.closed": _closed,
        "intake.merged": gettext_lazy("Samengevoegd met de eerdere aanvraag en afgesloten"),
        "intake.merged_into": gettext_lazy("Gegevens van een dubbele aanvraag overgenomen"),
        "intake.converted": gettext_lazy("Traject gestart"),
        "intake.request_purged": gettext_lazy(
            "Aanvraag voor informatief gesprek verwijderd (bewaartermijn)"
        ),
    }
)
