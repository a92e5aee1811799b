"""Profile one bench page in-process: `python bench/profile_page.py "case page" [times]`.

The page is any name of `bench/pages.py`'s table ("case page", "worklist open", "matching",
"public form POST", ...), requested `times` times (after one warm-up) under cProfile, as the
bench's user for that page, against DATABASE_URL, with DEBUG off as in production. Prints the
functions with the most time of their own and the cumulative top. What it found is in
docs/performance.md ("Where a page's time goes").
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
os.environ.setdefault("KRING_REQUEST_RATE_LIMIT", "1000000000")
os.environ.setdefault("DEBUG", "false")


def main() -> None:
    import django

    django.setup()
    from pages import _clients, _hit, _pages  # bench/pages.py, beside this file

    which = sys.argv[1] if len(sys.argv) > 1 else "case page"
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    pages = {page.name: page for page in _pages()}
    if which not in pages:
        raise SystemExit(f"no page {which!r}; one of: {', '.join(pages)}")
    page = pages[which]
    clients = _clients()
    from config.warmup import freeze_for_fork, warm_up

    warm_up()  # as the app server runs it (config/wsgi.py)
    freeze_for_fork()
    assert _hit(clients, page).status_code in (200, 302)
    profile = cProfile.Profile()
    profile.enable()
    for _i in range(times):
        _hit(clients, page)
    profile.disable()
    stats = pstats.Stats(profile).strip_dirs()
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
