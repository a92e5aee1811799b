"""How the accounts app's audit events read (see `kring.audit.events`).

Events carry ids, role and region codes and the names of changed fields; never a name or an
e-mail address.
"""

from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts.models import Role
from kring.audit import events


def _role(data: Mapping[str, object]) -> str:
    code = str(data.get("role", ""))
    return str(Role(code).label) if code in Role.values else code


def _invited(data: Mapping[str, object]) -> str:
    return _("Uitgenodigd als %(role)s") % {"role": _role(data)}


def _changed(data: Mapping[str, object]) -> str:
    fields = data.get("fields")
    names = ", ".join(str(f) for f in fields) if isinstance(fields, list) else ""
    return _("Account gewijzigd: %(fields)s") % {"fields": names or "–"}


def _admin(verb: str) -> Callable[[Mapping[str, object]], str]:
    def text(data: Mapping[str, object]) -> str:
        fields = data.get("fields")
        names = ", ".join(str(f) for f in fields) if isinstance(fields, list) and fields else ""
        base = {
            "added": _("Toegevoegd in het beheer (%(model)s)"),
            "changed": _("Gewijzigd in het beheer (%(model)s)"),
            "deleted": _("Verwijderd in het beheer (%(model)s)"),
        }[verb] % {"model": data.get("model", "–")}
        return f"{base}: {names}" if names else base

    return text


events.register(
    {
        "account.logged_in": gettext_lazy("Ingelogd"),
        "account.logged_out": gettext_lazy("Uitgelogd"),
        "account.login_failed": gettext_lazy("Inloggen mislukt"),
        "account.locked_out": gettext_lazy("Te veel pogingen: inloggen tijdelijk geblokkeerd"),
        "account.lockout_released": gettext_lazy("Blokkade van het inloggen opgeheven"),
        "account.second_factor_enrolled": gettext_lazy("Tweede stap ingesteld"),
        "account.second_factor_reset": gettext_lazy(
            "Tweede stap gewist; opnieuw instellen bij de volgende keer inloggen"
        ),
        "account.recovery_codes_renewed": gettext_lazy("Nieuwe herstelcodes gemaakt"),
        "account.recovery_code_used": gettext_lazy("Ingelogd met een herstelcode"),
        "account.passkey_registered": gettext_lazy("Toegangssleutel toegevoegd"),
        "account.passkey_removed": gettext_lazy("Toegangssleutel verwijderd"),
        "account.password_reset_requested": gettext_lazy("Nieuw wachtwoord aangevraagd"),
        "account.password_set": gettext_lazy("Wachtwoord gekozen"),
        "account.invited": _invited,
        "account.invitation_resent": gettext_lazy("Uitnodiging opnieuw verstuurd"),
        "account.activated": gettext_lazy("Account geactiveerd"),
        "account.viewed": gettext_lazy("Account bekeken"),
        "account.deactivated": gettext_lazy("Account gedeactiveerd; sessies beëindigd"),
        "account.reactivated": gettext_lazy("Account weer actief"),
        "account.changed": _changed,
        "account.linked_to_case": gettext_lazy(
            "Professional gekoppeld aan zijn of haar account in Kring"
        ),
        "account.case_invitation_sent": gettext_lazy(
            "Professional uitgenodigd om een account in Kring te maken"
        ),
        "region.created": gettext_lazy("Regio aangemaakt"),
        "region.changed": _changed,
        "region.deactivated": gettext_lazy("Regio inactief gemaakt"),
        "region.reactivated": gettext_lazy("Regio weer actief"),
        "municipality.created": gettext_lazy("Gemeente toegevoegd"),
        "municipality.changed": _changed,
        "municipality.deactivated": gettext_lazy("Gemeente inactief gemaakt"),
        "municipality.reactivated": gettext_lazy("Gemeente weer actief"),
        "municipality.imported": gettext_lazy(
            "Gemeentelijst ingelezen: %(created)s nieuw, %(updated)s gewijzigd, "
            "%(deactivated)s inactief"
        ),
        "admin.added": _admin("added"),
        "admin.changed": _admin("changed"),
        "admin.deleted": _admin("deleted"),
    }
)
