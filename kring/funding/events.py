"""How money's audit events read (see `kring.audit.events`).

Payloads hold ids, invoice numbers, counts, amounts and the names of changed fields; never a
name, an address or the text of a reason.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import events


def _euro(value: object) -> str:
    return f"{int(value) / 100:.2f}" if isinstance(value, int) else "–"


def _contract_changed(data: Mapping[str, object]) -> str:
    fields = data.get("fields")
    tariffs = data.get("tariffs")
    parts = [str(f) for f in fields] if isinstance(fields, list) else []
    if isinstance(tariffs, dict):
        parts += [
            f"{product}: {_euro(old)} → {_euro(new)}" for product, (old, new) in tariffs.items()
        ]
    ceiling = data.get("ceiling_cents")
    if isinstance(ceiling, list) and len(ceiling) == 2:
        parts.append(
            _("plafond %(old)s → %(new)s") % {"old": _euro(ceiling[0]), "new": _euro(ceiling[1])}
        )
    return _("Contract gewijzigd: %(changes)s") % {"changes": ", ".join(parts) or "–"}


def _invoice_issued(data: Mapping[str, object]) -> str:
    return _("Factuur %(number)s gemaakt: %(lines)s regels, %(gross)s euro met btw") % {
        "number": data.get("number", "–"),
        "lines": data.get("lines", "–"),
        "gross": _euro(data.get("gross_cents")),
    }


events.register(
    {
        "funding.funder_created": gettext_lazy("Financier toegevoegd"),
        "funding.funder_changed": gettext_lazy("Financier gewijzigd: %(fields)s"),
        "funding.contract_created": gettext_lazy("Contract toegevoegd (%(tariffs)s tarieven)"),
        "funding.contract_changed": _contract_changed,
        "funding.issuer_changed": gettext_lazy("Eigen factuurgegevens gewijzigd: %(fields)s"),
        "funding.requested": gettext_lazy("Financiering aangevraagd"),
        "funding.approved": gettext_lazy("Financiering goedgekeurd"),
        "funding.refused": gettext_lazy("Financiering afgewezen"),
        "funding.invoice_issued": _invoice_issued,
        "funding.credit_note_issued": gettext_lazy(
            "Creditnota %(number)s gemaakt voor factuur %(credits)s"
        ),
        "funding.invoice_viewed": gettext_lazy("Factuur bekeken"),
        "funding.invoice_downloaded": gettext_lazy("Factuur gedownload (%(format)s)"),
        "funding.fee_tariff_added": gettext_lazy("Tarief coördinator toegevoegd"),
        "funding.km_rate_added": gettext_lazy("Kilometervergoeding toegevoegd"),
        "funding.expense_declared": gettext_lazy("Declaratie ingediend"),
        "funding.expense_changed": gettext_lazy("Declaratie gewijzigd: %(fields)s"),
        "funding.expense_approved": gettext_lazy("Declaratie goedgekeurd"),
        "funding.expense_rejected": gettext_lazy("Declaratie afgewezen"),
        "funding.statement_viewed": gettext_lazy("Vergoedingen van %(month)s bekeken"),
        "funding.receipt_downloaded": gettext_lazy("Bon gedownload"),
        "funding.statement_downloaded": gettext_lazy(
            "Maandoverzicht %(month)s gedownload (%(format)s)"
        ),
    }
)
