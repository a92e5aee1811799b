"""How the reporting app's audit events read (see `kring.audit.events`)."""

from django.utils.translation import gettext_lazy

from kring.audit import events

events.register(
    {
        "reporting.research_exported": gettext_lazy(
            "Cijfers: gepseudonimiseerde onderzoeksdataset gedownload"
        ),
        "reporting.annual_report_downloaded": gettext_lazy("Cijfers: jaarverslag gedownload"),
    }
)
