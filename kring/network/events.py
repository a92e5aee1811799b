"""How the circle's audit events read (see `kring.audit.events`).

The events carry codes, counts, ids and the names of changed fields; never a name, an address,
a phone number, a need or the text of a requirement or a note.
"""

from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import events
from kring.network.models import LinkPurpose, RevokeReason
from kring.network.states import PersonStatus


def _label(choices: type[models.TextChoices], value: object) -> str:
    code = str(value or "")
    return str(choices(code).label) if code in choices.values else code


def _fields(data: Mapping[str, object]) -> str:
    names = data.get("fields")
    return ", ".join(str(n) for n in names) if isinstance(names, list) and names else "–"


def _status(data: Mapping[str, object]) -> str:
    change = data.get("status")
    target = change[-1] if isinstance(change, list) and change else ""
    return _("Status in de kring: %(status)s") % {"status": _label(PersonStatus, target)}


def _changed(data: Mapping[str, object]) -> str:
    text = _("Gegevens gewijzigd: %(fields)s") % {"fields": _fields(data)}
    revoked = data.get("links_revoked")
    if revoked:
        text += " " + _("(%(count)s links naar het oude e-mailadres ingetrokken)") % {
            "count": revoked
        }
    return text


def _link_used(data: Mapping[str, object]) -> str:
    return _("Persoonlijke link gebruikt: %(purpose)s") % {
        "purpose": _label(LinkPurpose, data.get("purpose"))
    }


def _links_revoked(data: Mapping[str, object]) -> str:
    return _("%(count)s persoonlijke links ingetrokken (%(reason)s)") % {
        "count": data.get("count", 0),
        "reason": _label(RevokeReason, data.get("reason")).lower(),
    }


def _requirement_changed(data: Mapping[str, object]) -> str:
    return _("Minimumeis gewijzigd: %(fields)s") % {"fields": _fields(data)}


events.register(
    {
        "case.viewed_in_circle": gettext_lazy("Traject bekeken door een professional uit de kring"),
        "person.added": gettext_lazy("Persoon aan de kring toegevoegd"),
        "person.main_added": gettext_lazy("Hoofdpersoon in het midden van de kring gezet"),
        "person.changed": _changed,
        "person.removed": gettext_lazy("Persoon uit de kring gehaald"),
        "person.viewed": gettext_lazy("Pagina van een persoon in de kring bekeken"),
        "person.consent_given": gettext_lazy("Toestemming van de hoofdpersoon vastgelegd"),
        "person.consent_withdrawn": gettext_lazy(
            "Toestemming ingetrokken; links ingetrokken en berichten tegengehouden"
        ),
        "person.informed": gettext_lazy("Persoon geïnformeerd"),
        "person.status": _status,
        "person.link_used": _link_used,
        "person.links_revoked": _links_revoked,
        "requirement.set": gettext_lazy("Minimumeis vastgelegd"),
        "requirement.changed": _requirement_changed,
        "requirement.withdrawn": gettext_lazy("Minimumeis ingetrokken"),
        "requirement.handed_over": gettext_lazy("Minimumeis overgedragen aan een collega"),
        "restriction.added": gettext_lazy("Contactbeperking vastgelegd"),
        "restriction.decided": gettext_lazy(
            "Besluit over een contactbeperking vastgelegd (toch bij hetzelfde deel)"
        ),
    }
)
