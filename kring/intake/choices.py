"""What a request says about the situation: topics (domains), a court measure, the main
people's relation to the requester, the coordinator wishes and the kind of conference.

Shared by intake and the apps above it (a case copies them from its request).
"""

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


class Variant(models.TextChoices):
    """The kind of conference, chosen when the trajectory starts (and changeable until the
    conference is scheduled)."""

    FAMILY = "family", _("Familie / individu")
    GROUP = "group", _("Groep, straat of buurt")
    LEARNING = "learning", _("Leervraag")
    RESTORATION = "restoration", _("Herstel tussen partijen")


class CourtMeasure(models.TextChoices):
    NONE = "none", _("Nee")
    THREATENED = "threatened", _("Er dreigt een maatregel")
    PRESENT = "present", _("Ja, er is een maatregel")
    UNKNOWN = "unknown", _("Weet ik niet")


class MainPersonRelation(models.TextChoices):
    """How a main person is related to the one who asks (or that they ask for themself)."""

    SELF = "self", _("Dat ben ik zelf")
    CHILD = "child", _("Mijn kind")
    PARENT = "parent", _("Mijn vader of moeder")
    PARTNER = "partner", _("Mijn partner")
    FAMILY = "family", _("Ander familielid")
    ACQUAINTANCE = "acquaintance", _("Vriend, buur of bekende")
    CLIENT = "client", _("Cliënt, leerling of bewoner (ik ben professional)")
    OTHER = "other", _("Anders")


class GenderWish(models.TextChoices):
    """A wish about the coordinator's gender; empty means no wish."""

    FEMALE = "f", _("Een vrouw")
    MALE = "m", _("Een man")


# A request is about one person or a few; a group (a street, a class) is one entry by name.
MAX_MAIN_PEOPLE = 6
ADULT_AGE = 18


def name_key(name: str) -> str:
    """A name compared without case and extra spaces ("  Ayten  YILMAZ" -> "ayten yilmaz"),
    for recognising a request that was sent twice; never shown."""
    # A Turkish dotless ı and a capital I typed as "I" are the same letter to the reader.
    return " ".join(name.casefold().replace("ı", "i").split())[:150]
