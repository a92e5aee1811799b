"""Preconditions for scheduling the conference, registered in ConferencesConfig.ready()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from kring.cases.models import Case


def conference_ready(case: Case) -> list[str]:
    """Date, place, the minimum requirement where safety is at stake, no open contact conflicts,
    and the main person coming."""
    from kring.conferences.models import Conference
    from kring.network.models import PersonStatus, SafetyRequirement
    from kring.network.services import conflicts

    reasons: list[str] = []
    conference = Conference.objects.filter(case=case).first()
    if conference is None or conference.starts_at is None:
        reasons.append(_("Er is nog geen datum en tijd."))
    if conference is None or not conference.place_name:
        reasons.append(_("Er is nog geen plaats."))
    if case.safety_at_stake and not SafetyRequirement.objects.filter(case=case).exists():
        reasons.append(_("De veiligheid is in het geding: er is nog geen minimumeis."))
    if conflicts(case):
        reasons.append(
            _("Twee mensen die elkaar niet mogen ontmoeten zijn voor hetzelfde deel uitgenodigd.")
        )
    main = case.people.filter(is_main_person=True)
    if not main.filter(status__in=[PersonStatus.COMING, PersonStatus.PRESENT]).exists():
        reasons.append(_("De hoofdpersoon heeft nog niet gezegd te komen."))
    return reasons
