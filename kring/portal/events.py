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
        "portal.family_follow_up_form_read": gettext_lazy(
            "Het formulier voor de vervolgbijeenkomst geopend door de hoofdpersoon"
        ),
        "portal.code_sent": gettext_lazy(
            "Inlogcode voor het familieportaal verstuurd (%(channel)s)"
        ),
        "portal.family_signed_in": gettext_lazy("Ingelogd op het familieportaal met een code"),
        "portal.family_signed_out": gettext_lazy("Afgemeld van het familieportaal"),
        "portal.link_resent": gettext_lazy("Persoonlijke link opnieuw gemaild (link kwijt)"),
        "portal.family_home_read": gettext_lazy("Eigen pagina gelezen in het familieportaal"),
        "portal.family_viewers_read": gettext_lazy(
            "De hoofdpersoon bekeek wie in het dossier keek"
        ),
        "portal.family_draft_read": gettext_lazy("Het eigen plan van de familie gelezen"),
    }
)
