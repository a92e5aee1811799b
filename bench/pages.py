"""In-process timing of Kring's interactive pages against a floor measured in the same rounds.

`python bench/pages.py` (usually through `make bench`) times each page with Django's test
client inside one process, in rounds: every round times a primary-key lookup (the floor), a
trivial view (`/health/`) and then each page once, in the same order, so that every figure can
be read as a ratio to the floor of the same run ("x-pk"), whatever else the machine is doing.
It prints, per page: the median and 95th percentile in milliseconds, the number of queries,
and x-pk. It reads the database named by DATABASE_URL, filled by `seed_demo --scale N`.

The numbers are printed, never asserted: `make test` stays free of timings.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("KRING_ENV", "dev")
os.environ.setdefault("KRING_REQUEST_RATE_LIMIT", "1000000000")
# As in production: no debug cursor keeping every query, no template debug information.
os.environ.setdefault("DEBUG", "false")


@dataclass
class Page:
    name: str
    who: str  # "manager", "coordinator", "admin", "public"
    url: str
    method: str = "get"
    data: Callable[[], dict[str, Any]] | None = None
    times: list[float] = field(default_factory=list)
    queries: int = 0
    status: int = 0


def _pages() -> list[Page]:
    """Every interactive page of the issue, with the demo users and the scale data's rows."""

    from django.utils import timezone

    from kring.accounts.models import Municipality
    from kring.cases.models import Case
    from kring.cases.states import Status
    from kring.core.paging import _encode
    from kring.intake.models import Request
    from kring.intake.states import RequestStatus
    from kring.plans.models import PlanVersion

    manager_user = _bench_manager()
    regions = list(manager_user.regions.values_list("id", flat=True))
    mine = Case.objects.filter(region__in=regions)
    # A case deep in history, a running one, one with a delivered plan, one waiting.
    middle = mine.order_by("requested_at", "id")[mine.count() // 2]
    deep = Case.objects.filter(region__in=regions).order_by("requested_at", "id")
    deep_cursor = _encode([middle.requested_at, middle.pk])
    closed_req = (
        Request.objects.filter(region__in=regions, status=RequestStatus.CLOSED)
        .order_by("created_at", "id")
        .last()
    )
    assert closed_req is not None
    # A case in preparation for some weeks: its timeline as full as a real one's (the scale
    # data's first twelve days of events; a case of yesterday would show nearly none).
    weeks_ago = timezone.now() - datetime.timedelta(days=14)
    running = (
        mine.filter(status=Status.IN_PREPARATION, requested_at__lte=weeks_ago)
        .order_by("-id")
        .first()
    ) or mine.filter(status=Status.IN_PREPARATION).order_by("-id").first()
    with_plan = mine.filter(status=Status.PLAN_DELIVERED, plan__isnull=False).order_by("-id")
    planned = with_plan.first()
    requested = mine.filter(status=Status.REQUESTED).order_by("-id").first()
    conf_case = mine.filter(status=Status.CONFERENCE_SCHEDULED).order_by("-id").first()
    req = Request.objects.filter(region__in=regions).order_by("-id").first()
    assert running and planned and requested and conf_case and req and deep.exists()
    version = PlanVersion.objects.filter(plan__case=planned).order_by("-number").first()
    # The public form posts a new request every round. Into a region the timed manager does
    # not keep, so that the queue, the request detail and the reference search time the same
    # rows in every run on the same database (a region of their own only when there is no
    # other); the form's work is the same in any region.
    municipality = (
        Municipality.objects.filter(active=True).exclude(region__in=regions).order_by("id").first()
        or Municipality.objects.filter(region__in=regions).order_by("id").first()
    )
    assert municipality is not None
    c = f"/trajecten/{running.uuid}"
    pages = [
        # The cost every signed-in page pays (session, user, middleware, the layout with its
        # menu) and nothing else: a page's x-pk minus this row's is the page's own work.
        Page("signed-in floor (privacy page)", "manager", "/privacy/"),
        Page("manager start", "manager", "/start/"),
        Page("worklist open", "manager", "/trajecten/"),
        Page("worklist all", "manager", "/trajecten/?status=alle"),
        Page("worklist all, deep page", "manager", f"/trajecten/?status=alle&na={deep_cursor}"),
        Page("worklist overdue", "manager", "/trajecten/?status=te-laat"),
        Page("worklist closed", "manager", "/trajecten/?status=closed"),
        Page("queue open", "manager", "/aanvragen/"),
        Page("queue closed", "manager", "/aanvragen/?status=closed"),
        Page(
            "queue closed, deep page",
            "manager",
            "/aanvragen/?status=closed&na=" + _encode([closed_req.created_at, closed_req.pk]),
        ),
        Page(
            "queue search reference",
            "manager",
            f"/aanvragen/?status=converted&q={req.reference[:9]}",
        ),
        Page("queue search name", "manager", "/aanvragen/?status=closed&q=Visser"),
        Page("request detail", "manager", f"/aanvragen/{req.uuid}/"),
        Page("case page", "manager", f"{c}/"),
        Page("circle", "manager", f"{c}/kring/"),
        Page("conference", "manager", f"/trajecten/{conf_case.uuid}/conferentie/"),
        Page("plan page", "manager", f"/trajecten/{planned.uuid}/plan/"),
        Page("matching", "manager", f"/trajecten/{requested.uuid}/coordinator-kiezen/"),
        Page("coordinator registry", "manager", "/coordinatoren/"),
        Page("coordinator start", "coordinator", "/start/"),
        Page("admin audit list", "admin", "/beheer/audit/auditevent/"),
    ]
    if version is not None:
        pdf = f"/trajecten/{planned.uuid}/plan/versies/{version.number}/pdf/"
        pages.append(Page("plan pdf (cached after first)", "manager", pdf))
    # The empty public form: what every requester loads before they post.
    pages.append(Page("public form", "public", "/aanvraag/"))
    pages.append(
        Page(
            "public form POST",
            "public",
            "/aanvraag/",
            method="post",
            data=lambda: _intake_post(municipality.pk),
        )
    )
    return pages


def _intake_post(municipality_id: int) -> dict[str, Any]:
    import secrets

    # A different requester and main person each time: the same pair within weeks is a
    # resubmission, which Kring folds into the first request (on purpose).
    n = secrets.randbelow(10**9)
    return {
        "submission_token": secrets.token_urlsafe(32),
        "requester_type": "professional",
        "requester_name": "Sanne Visser",
        "requester_organisation": "Wijkteam",
        # 06 1... to 06 4...: mobile numbers the phone check accepts.
        "requester_phone": f"06 {10000000 + n % 40000000}",
        "requester_email": f"aanvrager{n}@wijkteam.example",
        "minors_involved": "yes",
        "municipality": str(municipality_id),
        "preferred_gender": "",
        "preferred_language": "",
        "preferred_culture": "",
        "coordinator_wish": "",
        "question": "Hoe kunnen we samen verder?",
        "topics": ["eviction"],
        "safety_at_stake": "no",
        "court_measure": "none",
        "wants_info_conversation": "no",
        "consent": "on",
        "website": "",
        "persoon-TOTAL_FORMS": "1",
        "persoon-INITIAL_FORMS": "0",
        "persoon-MIN_NUM_FORMS": "1",
        "persoon-MAX_NUM_FORMS": "6",
        "persoon-0-name": f"Fatima el Idrissi {n}",
        "persoon-0-relation": "self",
        "persoon-0-main_language": "nl",
    }


def _bench_manager() -> Any:
    """The demo manager with the most regions (the first by id among equals): the pages are
    chosen from their regions and timed as them."""
    from django.db.models import Count

    from kring.accounts.models import Role, User

    managers = User.objects.filter(role=Role.REGIONAL_MANAGER, email__endswith="kring.example")
    manager = managers.annotate(n=Count("regions")).order_by("-n", "id").first()
    assert manager is not None, "run seed_demo first"
    return manager


def _clients() -> dict[str, Any]:
    from django.test import Client

    from kring.accounts.models import Role, User

    def signed_in(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def logged_in(role: str) -> Client:
        user = User.objects.filter(role=role, email__endswith=".example").order_by("id").first()
        assert user is not None, f"no demo {role}"
        return signed_in(user)

    return {
        "manager": signed_in(_bench_manager()),
        "coordinator": logged_in(Role.COORDINATOR),
        "admin": logged_in(Role.ADMIN),
        "public": Client(),
    }


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def measure(rounds: int) -> dict[str, Any]:
    """Time every page `rounds` times, interleaved with the floor and the trivial view."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kring.cases.models import Case

    pages = _pages()
    clients = _clients()
    # As the app server runs Kring (config/wsgi.py): warmed up, and what was built frozen out
    # of the garbage collector's reach, before the first request (decisions 201, 202).
    from config.warmup import freeze_for_fork, warm_up

    warm_up()
    freeze_for_fork()
    pk = Case.objects.order_by("-id").values_list("pk", flat=True).first()
    assert pk is not None
    floor: list[float] = []
    trivial: list[float] = []
    health = clients["public"].get

    def timed(fn: Callable[[], Any]) -> float:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000

    # A warm-up round: templates compiled, connections open, caches as in steady use.
    first: dict[str, float] = {}
    for page in pages:
        first[page.name] = timed(partial(_hit, clients, page))
    for _round in range(rounds):
        floor.append(timed(partial(Case.objects.filter(pk=pk).first)))
        trivial.append(timed(partial(health, "/health/")))
        for page in pages:
            page.times.append(timed(partial(_hit, clients, page)))
    for page in pages:
        with CaptureQueriesContext(connection) as captured:
            page.status = _hit(clients, page).status_code
        page.queries = len(captured)
    pk_median = statistics.median(floor)
    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "cases": Case.objects.count(),
        "rounds": rounds,
        "pk_ms": pk_median,
        "trivial_ms": statistics.median(trivial),
        "pages": {},
    }
    for page in pages:
        result["pages"][page.name] = {
            "first_ms": first[page.name],
            "median_ms": statistics.median(page.times),
            "p95_ms": _percentile(page.times, 0.95),
            "queries": page.queries,
            "status": page.status,
            "x_pk": statistics.median(page.times) / pk_median,
            "p95_x_pk": _percentile(page.times, 0.95) / pk_median,
        }
    return result


def _hit(clients: dict[str, Any], page: Page) -> Any:
    client = clients[page.who]
    if page.method == "post":
        assert page.data is not None
        # As a browser posts a form without files (and as the HTTP stage does): urlencoded.
        # The test client's default, multipart, cost a tenth of the post in parsing.
        return client.post(
            page.url,
            urlencode(page.data(), doseq=True),
            content_type="application/x-www-form-urlencoded",
        )
    return client.get(page.url)


def print_table(result: dict[str, Any], smaller: dict[str, Any] | None = None) -> None:
    """The table of docs/performance.md: one line per page."""
    print(
        f"\n{result['vendor']}, {result['cases']} cases, {result['rounds']} rounds; "
        f"pk lookup {result['pk_ms']:.2f} ms, trivial view {result['trivial_ms']:.2f} ms"
    )
    head = f"{'page':34} {'median':>8} {'p95':>8} {'q':>3} {'x-pk':>6} {'p95x':>6}"
    if smaller:
        head += f" {'growth':>7}"
    print(head)
    for name, row in result["pages"].items():
        line = (
            f"{name:34} {row['median_ms']:8.1f} {row['p95_ms']:8.1f} {row['queries']:3d} "
            f"{row['x_pk']:6.1f} {row['p95_x_pk']:6.1f}"
        )
        if smaller and name in smaller["pages"]:
            # Growth in x-pk, so a busier machine in one run does not read as growth.
            line += f" {row['x_pk'] / smaller['pages'][name]['x_pk']:6.2f}x"
        if row["status"] >= 400:
            line += f"  (HTTP {row['status']})"
        print(line)


def main() -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "15"))
    result = measure(rounds)
    out = os.environ.get("BENCH_OUT")
    smaller = None
    compare = os.environ.get("BENCH_COMPARE")
    if compare and Path(compare).exists():
        smaller = json.loads(Path(compare).read_text())
    print_table(result, smaller)
    if out:
        Path(out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
