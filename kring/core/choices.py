"""Choice lists shared by several apps: topics (domains) and languages."""

from django.conf.locale import LANG_INFO
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """The domains in which a conference is used (from the brochure)."""

    YOUTH_CARE = "youth_care", _("Jeugdzorg")
    PSYCHIATRY = "psychiatry", _("Psychiatrie")
    HEALTH = "health", _("Gezondheidszorg")
    PROBATION = "probation", _("Reclassering")
    EDUCATION = "education", _("Onderwijs en school")
    NEIGHBOURHOOD = "neighbourhood", _("Buurt en overlast")
    DIVORCE = "divorce", _("Echtscheiding")
    CONFLICT = "conflict", _("Conflict")
    EVICTION = "eviction", _("Dreigende huisuitzetting")
    CRIME = "crime", _("Misdaad")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Huiselijk geweld")
    CARE_FOR_FAMILY = "care_for_family", _("Zorg voor oudere of zieke familie")
    WORK = "work", _("Passend werk vinden")
    DREAM = "dream", _("Een droom waarmaken")


class CourtMeasure(models.TextChoices):
    NONE = "none", _("Nee")
    THREATENED = "threatened", _("Er dreigt een maatregel")
    PRESENT = "present", _("Ja, er is een maatregel")
    UNKNOWN = "unknown", _("Weet ik niet")


def language_choices() -> list[tuple[str, str]]:
    """ISO 639-1 codes with their own (native) names, Dutch first, then alphabetical."""
    items = {
        code: info["name_local"]
        for code, info in LANG_INFO.items()
        if "name_local" in info and len(code) == 2
    }
    extra = {
        "so": "Soomaali",
        "ti": "ትግርኛ (Tigrinya)",
        "pa": "ਪੰਜਾਬੀ",
        "ps": "پښتو",
        "am": "አማርኛ",
        "ber": "Tamaziɣt (Berber)",
        "pap": "Papiamentu",
        "srn": "Sranantongo",
        "fy": "Frysk",
    }
    items.update(extra)
    first = ["nl", "en"]
    rest = sorted((c for c in items if c not in first), key=lambda c: items[c].lower())
    return [(code, items[code]) for code in [*first, *rest]]


def language_name(code: str) -> str:
    """The local name of a language code, or the code itself when unknown."""
    return dict(language_choices()).get(code, code)
