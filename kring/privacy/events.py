"""How the privacy app's audit events read (see `kring.audit.events`)."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import events

KINDS = {
    "cases": gettext_lazy("trajecten geanonimiseerd"),
    "request_closed": gettext_lazy("afgesloten aanvragen"),
    "personal_link": gettext_lazy("persoonlijke links"),
    "session": gettext_lazy("sessies"),
    "task_result": gettext_lazy("taakregels"),
    "outbox_message": gettext_lazy("berichten"),
    "scheduled_run": gettext_lazy("planningsregels"),
    "plan_pdf_cache": gettext_lazy("bewaarde plan-pdf's"),
    "account_inactive": gettext_lazy("accounts geanonimiseerd"),
    "audit_log": gettext_lazy("maanden of regels van het logboek"),
}


def _retention(data: Mapping[str, object]) -> str:
    kind = str(data.get("kind", ""))
    return _("Bewaartermijn verstreken: %(count)s %(kind)s verwijderd") % {
        "count": data.get("count", "–"),
        "kind": KINDS.get(kind, kind),
    }


def _anonymised(data: Mapping[str, object]) -> str:
    if data.get("reason") == "request":
        return _("Persoonsgegevens van het traject verwijderd op verzoek")
    return _("Persoonsgegevens van het traject verwijderd (bewaartermijn verstreken)")


events.register(
    {
        "privacy.retention_applied": _retention,
        "privacy.case_anonymised": _anonymised,
        "privacy.person_erased": gettext_lazy("Persoon uit de kring gewist op verzoek"),
        "privacy.requester_erased": gettext_lazy("Gegevens van de aanvrager gewist op verzoek"),
        "privacy.account_erased": gettext_lazy("Account gewist"),
        "privacy.exported": gettext_lazy("Inzage: alle gegevens van een persoon gedownload"),
        "privacy.searched": gettext_lazy("Privacy: gezocht op referentie of e-mailadres"),
        "privacy.erase_page_viewed": gettext_lazy("Privacy: pagina om te wissen bekeken"),
    }
)
