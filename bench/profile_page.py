"""Profile one page in-process: `python bench/profile_page.py case|plan|matching|registry [times]`.

Runs the page `times` times (after one warm-up) under cProfile, as the demo manager, against
DATABASE_URL, and prints the functions with the most time of their own and the cumulative
top. What it found is in docs/performance.md ("Where a page's time goes").
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("KRING_ENV", "dev")


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    from kring.accounts.models import Role, User
    from kring.cases.models import Case
    from kring.cases.states import Status

    which = sys.argv[1] if len(sys.argv) > 1 else "case"
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    manager = User.objects.filter(role=Role.REGIONAL_MANAGER, email__endswith=".example").first()
    assert manager is not None
    mine = Case.objects.filter(region__in=manager.regions.all())
    if which == "plan":
        case = mine.filter(status=Status.PLAN_DELIVERED, plan__isnull=False).last()
        assert case is not None
        url = f"/trajecten/{case.uuid}/plan/"
    elif which == "matching":
        # The case bench/pages.py ranks: the manager's newest requested case.
        case = mine.filter(status=Status.REQUESTED).order_by("-id").first()
        assert case is not None
        url = f"/trajecten/{case.uuid}/coordinator-kiezen/"
    elif which == "registry":
        url = "/coordinatoren/"
    else:
        case = mine.filter(status=Status.IN_PREPARATION).last()
        assert case is not None
        url = f"/trajecten/{case.uuid}/"
    client = Client()
    client.force_login(manager)
    assert client.get(url).status_code == 200
    profile = cProfile.Profile()
    profile.enable()
    for _i in range(times):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
