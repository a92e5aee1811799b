"""How the portal's audit events read (see `kring.audit.events`): what a link holder or a
professional read or downloaded, named by the plan version, never by its content."""

from django.utils.translation import gettext_lazy

from kring.audit import events

events.register(
    {
        "portal.plan_read": gettext_lazy(
            "Versie %(version)s van het plan gelezen via een persoonlijke link"
        ),
        "portal.draft_read": gettext_lazy(
            "Het plan (nog niet verstuurd, versie %(version)s) gelezen door de hoofdpersoon"
        ),
        "portal.plan_downloaded": gettext_lazy(
            "Versie %(version)s van het plan gedownload via een persoonlijke link (PDF)"
        ),
        "portal.my_agreements_downloaded": gettext_lazy(
            "'Mijn afspraken' uit versie %(version)s gedownload (PDF)"
        ),
        "portal.professional_plan_read": gettext_lazy(
            "Versie %(version)s van het plan gelezen door de professional"
        ),
        "portal.professional_plan_downloaded": gettext_lazy(
            "Versie %(version)s van het plan gedownload door de professional (PDF)"
        ),
    }
)
