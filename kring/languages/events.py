"""How the languages app's audit events read (see `kring.audit.events`).

Events carry the language code, the names of changed fields and counts of texts; never the
texts themselves (free text stays in the domain tables).
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import events


def _changed(data: Mapping[str, object]) -> str:
    fields = data.get("fields")
    names = ", ".join(str(f) for f in fields) if isinstance(fields, list) else ""
    return _("Taal %(code)s gewijzigd: %(fields)s") % {
        "code": data.get("code", "–"),
        "fields": names or "–",
    }


events.register(
    {
        "language.added": gettext_lazy("Taal %(code)s toegevoegd"),
        "language.changed": _changed,
        "language.texts_changed": gettext_lazy(
            "Teksten van taal %(code)s gewijzigd: %(changed)s gewijzigd, %(removed)s weggehaald"
        ),
    }
)
