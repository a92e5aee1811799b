"""Who may see and record follow-ups, and who reads the survey answers.

Cases are reached through `kring.cases.access.get_case_for` (404 for what one may not see).
After the check-in call the coordinator's task has ended, so in practice the regional
manager (or an administrator) records the follow-up meetings (decision 0180). The open survey
answers are for the organisation only: regional managers (their regions) and administrators.
"""

from __future__ import annotations

from django.db.models import QuerySet

from kring.accounts.access import is_coordinator, is_staff
from kring.accounts.http import Viewer, active_user
from kring.accounts.models import Role, User
from kring.cases.access import coordinator_may_see_personal_data
from kring.cases.models import Case
from kring.cases.states import Status
from kring.followup.models import OverdueSignal, SurveyAnswer

# The states in which a follow-up meeting can be recorded: after the check-in call.
FOLLOW_UP_STATES: frozenset[str] = frozenset({Status.CHECK_IN_DONE, Status.FOLLOW_UP})


def may_record_follow_up(user: User, case: Case) -> bool:
    """Staff, or the case's own coordinator (after their declaration), once the check-in call
    is done and until the case is closed."""
    if case.status not in FOLLOW_UP_STATES:
        return False
    if is_staff(user):
        return True
    return (
        is_coordinator(user)
        and case.coordinator_id == user.pk
        and coordinator_may_see_personal_data(user, case)
    )


def survey_answers_for(viewer: Viewer | None) -> QuerySet[SurveyAnswer]:
    """The survey answers this user may read: all for administrators, their regions' for
    regional managers, none for anyone else."""
    user = active_user(viewer)
    if user is None:
        return SurveyAnswer.objects.none()
    if user.role == Role.ADMIN:
        return SurveyAnswer.objects.all()
    if user.role == Role.REGIONAL_MANAGER:
        return SurveyAnswer.objects.filter(case__region__in=user.regions.all())
    return SurveyAnswer.objects.none()


def open_signals_for(viewer: Viewer | None) -> QuerySet[OverdueSignal]:
    """Unresolved late-follow-up signals on the cases this user manages (staff only)."""
    user = active_user(viewer)
    if user is None or not is_staff(user):
        return OverdueSignal.objects.none()
    qs = OverdueSignal.objects.filter(resolved_at__isnull=True)
    if user.role == Role.REGIONAL_MANAGER:
        qs = qs.filter(case__region__in=user.regions.all())
    return qs
