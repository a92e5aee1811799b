"""Background work for the family portal: clearing used-up sign-in codes and ended sessions."""

import datetime

from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from kring.portal.models import FamilySession, SignInCode

# Kept a day (codes) and a month (sessions) after they stopped working, for questions about a
# sign-in; the audit trail keeps that it happened.
CODES_KEPT = datetime.timedelta(days=1)
SESSIONS_KEPT = datetime.timedelta(days=30)


def purge_sign_in(now: datetime.datetime | None = None) -> int:
    """Delete codes and sessions that stopped working long enough ago; returns how many."""
    now = now or timezone.now()
    codes = SignInCode.objects.filter(expires_at__lt=now - CODES_KEPT).delete()[0]
    sessions = FamilySession.objects.filter(
        Q(ended_at__lt=now - SESSIONS_KEPT) | Q(expires_at__lt=now - SESSIONS_KEPT)
    ).delete()[0]
    return codes + sessions


@task()
def purge_family_sign_in() -> int:
    """Task: the daily clean-up of the family portal's codes and sessions."""
    return purge_sign_in()
