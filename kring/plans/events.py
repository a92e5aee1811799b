"""How the plan's audit events read (see `kring.audit.events`).

The events carry ids, codes, counts and the NAMES of changed fields, never what the plan says:
the question, agreements, notes and explanations stay in the plan's own rows.
"""

from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import events
from kring.plans.models import Agreement, Outcome, Plan, Progress, SupportStatus

# Fields that are not model fields of their own but are named in `changes["fields"]`.
_EXTRA_FIELDS = {
    "performers": gettext_lazy("wie doet het"),
    "requirements": gettext_lazy("minimumeisen"),
}


def _field_labels(model: type[Plan] | type[Agreement], data: Mapping[str, object]) -> str:
    names = data.get("fields")
    if not isinstance(names, list):
        return "–"
    labels = []
    for name in names:
        label: object = _EXTRA_FIELDS.get(str(name))
        if label is None:
            try:
                label = getattr(model._meta.get_field(str(name)), "verbose_name", name)
            except FieldDoesNotExist:  # a field renamed since the event was written
                label = name
        labels.append(str(label))
    return ", ".join(labels) or "–"


def _plan_changed(data: Mapping[str, object]) -> str:
    return _("Plan gewijzigd: %(fields)s") % {"fields": _field_labels(Plan, data)}


def _agreement_changed(data: Mapping[str, object]) -> str:
    return _("Afspraak in het plan gewijzigd: %(fields)s") % {
        "fields": _field_labels(Agreement, data)
    }


def _assessed(data: Mapping[str, object]) -> str:
    code = str(data.get("outcome", ""))
    label = Outcome(code).label if code in Outcome.values else code
    return _("Minimumeis beoordeeld: %(outcome)s") % {"outcome": label}


def _support_answered(data: Mapping[str, object]) -> str:
    code = str(data.get("status", ""))
    label = SupportStatus(code).label if code in SupportStatus.values else code
    return _("Steunvraag beantwoord: %(status)s") % {"status": label}


def _compared(data: Mapping[str, object]) -> str:
    if data.get("to") == "draft":
        return _("Versie %(from)s vergeleken met het plan zoals het nu is") % {
            "from": data.get("from", "–")
        }
    return _("Versie %(from)s vergeleken met versie %(to)s") % {
        "from": data.get("from", "–"),
        "to": data.get("to", "–"),
    }


def _progress(data: Mapping[str, object]) -> str:
    code = str(data.get("status", ""))
    label = Progress(code).label if code in Progress.values else code
    return _("Afspraak bijgewerkt door een deelnemer: %(status)s") % {"status": label}


events.register(
    {
        "plans.progress_marked": _progress,
        "plans.follow_up_move_asked": gettext_lazy(
            "De hoofdpersoon vraagt de vervolgbijeenkomst te verzetten (naar %(wished_date)s)"
        ),
        "plans.follow_up_request_handled": gettext_lazy(
            "Verzoek om de vervolgbijeenkomst te verzetten afgehandeld"
        ),
        "plans.family_draft_saved": gettext_lazy(
            "Het plan van de familie opgeslagen (versie %(revision)s)"
        ),
        "plans.family_draft_presented": gettext_lazy(
            "Het plan van de familie gepresenteerd aan de coördinator"
        ),
        "plans.family_draft_adopted": gettext_lazy(
            "Het plan van de familie overgenomen als begin van het plan (%(agreements)s afspraken)"
        ),
        "plans.family_draft_viewed": gettext_lazy("Het plan van de familie bekeken"),
        "plans.plan_started": gettext_lazy("Plan begonnen"),
        "plans.plan_changed": _plan_changed,
        "plans.agreement_added": gettext_lazy("Afspraak toegevoegd aan het plan"),
        "plans.agreement_changed": _agreement_changed,
        "plans.agreement_removed": gettext_lazy("Afspraak uit het plan gehaald"),
        "plans.support_requested": gettext_lazy("Steun gevraagd van een professional"),
        "plans.support_answered": _support_answered,
        "plans.assessment_requested": gettext_lazy(
            "Professional gevraagd het plan te beoordelen (%(requirements)s minimumeisen)"
        ),
        "plans.requirement_assessed": _assessed,
        "plans.not_met_notified": gettext_lazy(
            "Bericht 'voldoet nog niet': %(told)s verstuurd, %(not_reached)s niet bereikt"
        ),
        "plans.main_person_asked": gettext_lazy("Hoofdpersoon gevraagd wie het plan krijgt"),
        "plans.choice_link_sent": gettext_lazy("Link gemaild: kies wie het plan krijgt"),
        "plans.recipients_chosen": gettext_lazy(
            "De hoofdpersoon koos wie het plan krijgt (%(chosen)s personen)"
        ),
        "plans.delivered": gettext_lazy(
            "Plan verstuurd: versie %(version)s aan %(recipients)s personen"
        ),
        "plans.link_sent": gettext_lazy("Link naar versie %(version)s van het plan gemaild"),
        "plans.check_in_recorded": gettext_lazy("Nabelgesprek vastgelegd"),
        "plans.version_viewed": gettext_lazy("Versie %(version)s van het plan bekeken"),
        "plans.version_downloaded": gettext_lazy(
            "Versie %(version)s van het plan gedownload (PDF)"
        ),
        "plans.versions_compared": _compared,
        "plans.requirement_viewed": gettext_lazy("Minimumeis en plan bekeken om te beoordelen"),
        "plans.support_request_viewed": gettext_lazy("Steunvraag bekeken"),
        "plans.professional_case_viewed": gettext_lazy("Traject bekeken door de professional"),
    }
)
