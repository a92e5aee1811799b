"""What a request says about the situation: topics (domains) and a court measure.

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


class CourtMeasure(models.TextChoices):
    NONE = "none", _("Nee")
    THREATENED = "threatened", _("Er dreigt een maatregel")
    PRESENT = "present", _("Ja, er is een maatregel")
    UNKNOWN = "unknown", _("Weet ik niet")
