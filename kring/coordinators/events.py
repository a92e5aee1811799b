"""How the coordinator registry's audit events read (see `kring.audit.events`)."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import events

FIELDS = {
    "languages": gettext_lazy("talen"),
    "gender": gettext_lazy("gender"),
    "cultural_background": gettext_lazy("culturele achtergrond"),
    "training_completed_on": gettext_lazy("training"),
    "certificate_number": gettext_lazy("nummer certificaat"),
    "max_cases": gettext_lazy("maximaal aantal trajecten"),
    "notes": gettext_lazy("notities"),
    "regions": gettext_lazy("regio's"),
}


def _profile_saved(data: Mapping[str, object]) -> str:
    fields = data.get("fields")
    names = [str(FIELDS.get(str(f), f)) for f in fields] if isinstance(fields, list) else []
    if not names:
        return _("Coördinatorprofiel opgeslagen")
    return _("Coördinatorprofiel opgeslagen: %(fields)s") % {"fields": ", ".join(names)}


events.register(
    {
        "coordinator.viewed": gettext_lazy("Coördinatorprofiel bekeken"),
        "coordinator.profile_saved": _profile_saved,
        "coordinator.absence_added": gettext_lazy("Afwezigheid toegevoegd"),
        "coordinator.absence_removed": gettext_lazy("Afwezigheid verwijderd"),
        "coordinator.declaration_signed": gettext_lazy("Verklaring getekend"),
        "coordinator.certificate_added": gettext_lazy("Certificaat toegevoegd"),
        "coordinator.certificate_replaced": gettext_lazy("Certificaat vervangen"),
        "coordinator.certificate_removed": gettext_lazy("Certificaat verwijderd"),
        "coordinator.certificate_downloaded": gettext_lazy("Certificaat gedownload"),
    }
)
