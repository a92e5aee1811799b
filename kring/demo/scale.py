"""`seed_demo --scale N`: a national history of N cases in bulk, to measure Kring at size.

About 50 000 cases a year (so N = 1 000 000 is twenty years), spread over every region and
municipality, with the mix of end states and stop reasons of practice, about twelve people per
case, invitations, conference records, plans with agreements and versions, and some fifty audit
events per case. The demo logins see their share: the demo manager's regions hold the cases
of those regions, the demo coordinator runs a few current cases and has hundreds behind them.

Cases and their requests are built in Python and written in batches: with COPY on PostgreSQL
(ids drawn from the table's sequence first, so that the children can refer to them), with
`bulk_create` on SQLite. Every larger table (people, invitations, conferences, plans,
agreements, audit events) is filled with one `INSERT ... SELECT` per batch of cases, which both
PostgreSQL and SQLite run without a round trip per row. Nothing here goes through the
transition functions: this is history for measuring, never a way to prove a feature (the
journey tests do that); so the coordinators' kept counts of running cases are set at the end,
from the cases, in one statement (`kring.cases.load.recount`).
"""

from __future__ import annotations

import datetime
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, connections, models, transaction
from django.utils import timezone

from kring.accounts.models import Municipality, Region, Role, User
from kring.audit.models import AuditEvent
from kring.audit.partitions import ensure_partitions
from kring.cases.load import recount
from kring.cases.models import Case, CasePerson
from kring.cases.states import Status, StopReason
from kring.conferences.models import Conference, ConferenceRecord, Invitation
from kring.coordinators.models import CoordinatorProfile
from kring.intake.models import Request, RequestPerson
from kring.intake.states import RequestStatus
from kring.network.models import Person
from kring.plans.models import Agreement, Plan, PlanVersion

CASES_PER_YEAR = 50_000
PEOPLE_PER_CASE = 12
INVITED_PER_CASE = 9
AGREEMENTS_PER_PLAN = 4
AUDIT_PER_CASE = 48
AUDIT_EVERY_HOURS = 6
# The changes on a case's timeline, in the order they come (with reads between them).
TIMELINE_KEYS = [
    "case.opened",
    "case.coordinator_assigned",
    "case.independence_declared",
    "case.first_contact",
    "person.main_added",
    "person.added",
    "person.added",
    "person.informed",
    "person.added",
    "person.informed",
    "case.contact_logged",
    "conference.date_proposed",
    "person.status",
    "invitation.queued",
    "invitation.sent",
    "case.contact_logged",
]
# A coordinator's working life at national scale: some 700 cases over twenty years.
CASES_PER_COORDINATOR = 700
BATCH = 5_000
REFERENCE_PREFIX = "EK"

FIRST = ["Anna", "Mohammed", "Sanne", "Daan", "Fatima", "Lucas", "Emma", "Yusuf", "Noor", "Sem"]
LAST = ["Jansen", "de Vries", "Bakker", "El Amrani", "Visser", "Smit", "Yilmaz", "Mulder"]

# Where finished cases end (practice: most close after the follow-up, a third stop).
FINISHED_MIX: list[tuple[str, str, int]] = [
    (Status.CLOSED, "", 66),
    (Status.STOPPED, StopReason.SITUATION_CHANGED, 9),
    (Status.STOPPED, StopReason.NETWORK_TOO_SMALL, 7),
    (Status.STOPPED, StopReason.WITHDRAWN, 8),
    (Status.STOPPED, StopReason.PLAN_WITHOUT_CONFERENCE, 4),
    (Status.STOPPED, StopReason.NO_FUNDING, 3),
    (Status.STOPPED, StopReason.OTHER, 3),
]
# Where running cases (requested in the last half year) stand today.
RUNNING_MIX: list[tuple[str, int]] = [
    (Status.REQUESTED, 8),
    (Status.COORDINATOR_ASSIGNED, 12),
    (Status.IN_PREPARATION, 30),
    (Status.CONFERENCE_SCHEDULED, 15),
    (Status.CONFERENCE_HELD, 5),
    (Status.PLAN_DELIVERED, 15),
    (Status.CHECK_IN_DONE, 5),
    (Status.FOLLOW_UP, 10),
]
# The state timestamps a case passed, in order; a status sets those up to its own.
STEPS: list[tuple[str, str]] = [
    (Status.COORDINATOR_ASSIGNED, "coordinator_assigned_at"),
    (Status.IN_PREPARATION, "in_preparation_at"),
    (Status.CONFERENCE_SCHEDULED, "conference_scheduled_at"),
    (Status.CONFERENCE_HELD, "conference_held_at"),
    (Status.PLAN_DELIVERED, "plan_delivered_at"),
    (Status.CHECK_IN_DONE, "check_in_done_at"),
    (Status.FOLLOW_UP, "follow_up_at"),
]
# How far a stopped case got before it stopped, per reason (index into STEPS, exclusive).
STOPPED_AFTER: dict[str, int] = {
    StopReason.SITUATION_CHANGED: 2,
    StopReason.NETWORK_TOO_SMALL: 2,
    StopReason.WITHDRAWN: 1,
    StopReason.PLAN_WITHOUT_CONFERENCE: 2,
    StopReason.NO_FUNDING: 1,
    StopReason.OTHER: 3,
}
# What a delivered version froze (kring.plans.versions.snapshot), the same for every scale plan.
VERSION_CONTENT = {
    "reference": "",
    "variant": "family",
    "question": "Hoe houden we het thuis samen vol?",
    "main_people": [{"name": "Anna Jansen", "party": 1}],
    "made_without_conference": False,
    "no_conference_reason": "",
    "agreements": [
        {
            "number": i,
            "uuid": f"00000000-0000-4000-8000-00000000000{i}",
            "what": what,
            "who": [],
            "organisation": "",
            "due": "2026-01-01",
            "how_known": "",
        }
        for i, what in enumerate(
            ["Oma haalt de kinderen op", "Buurman helpt met de tuin", "Wekelijks koffie"], 1
        )
    ],
    "support": [],
    "safety": [],
    "contingency": "We bellen elkaar.",
    "follow_up": {"at": "", "place": "", "organiser": ""},
    "agreed_by": ["Anna Jansen"],
    "version": 1,
}
RUNNING_WINDOW = datetime.timedelta(days=180)
# Requests closed without becoming a case, per case (not reachable, referred, ...).
CLOSED_REQUESTS_PER_CASE = 0.25


@dataclass
class Report:
    cases: int = 0
    rows: int = 0
    seconds: float = 0.0

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def _weighted[T](rng: random.Random, items: list[tuple[T, int]]) -> T:
    return rng.choices([item for item, _w in items], weights=[w for _i, w in items])[0]


def _uuid_sql() -> str:
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    # SQLite stores a UUIDField as 32 hex digits.
    return "lower(hex(randomblob(16)))"


def _numbers(n: int) -> str:
    """A derived table `n` with one column `i` = 1..n, in SQL both databases understand."""
    return "(" + " UNION ALL ".join(f"SELECT {i} AS i" for i in range(1, n + 1)) + ")"


def _pick(values: list[str], expr: str) -> str:
    """SQL choosing values[expr % len(values)]."""
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"(CASE ({expr}) % {len(values)} {whens} END)"


def _days(expr: str, days: str, unit: str = "days") -> str:
    """`expr` (a timestamp column) plus `days` (an SQL integer expression) days or hours."""
    if connection.vendor == "postgresql":
        return f"({expr} + ({days}) * interval '1 {unit[:-1]}')"
    return f"strftime('%Y-%m-%d %H:%M:%f', {expr}, '+' || ({days}) || ' {unit}')"


def _sql_now() -> str:
    """The database's own now, comparable with `_days(...)` (UTC on both)."""
    if connection.vendor == "postgresql":
        return "now()"
    return "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _date(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"({expr})::date"
    return f"date({expr})"


def insert_select(
    model: type[models.Model],
    exprs: dict[str, str | tuple[str, object]],
    source: str,
    params: Sequence[object],
) -> int:
    """INSERT INTO model's table SELECT ... FROM `source`: each concrete column from `exprs`
    (SQL, or SQL with one parameter as a pair), else its default as a parameter, else a fresh
    UUID or NULL. Returns the rows written."""
    columns: list[str] = []
    select: list[str] = []
    values: list[object] = []
    qn = connection.ops.quote_name
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(qn(str(field.column)))
        if field.name in exprs:
            expr = exprs[field.name]
            if isinstance(expr, tuple):
                select.append(expr[0])
                values.extend(expr[1:])
            else:
                select.append(expr)
        elif isinstance(field, models.UUIDField):
            select.append(_uuid_sql())
        elif field.has_default():
            select.append("%s")
            values.append(field.get_db_prep_save(field.get_default(), connection))
        elif field.null:
            select.append("NULL")
        elif isinstance(field, (models.CharField, models.TextField, models.FileField)):
            select.append("''")
        elif isinstance(field, models.DateTimeField):
            select.append("%s")
            values.append(field.get_db_prep_save(timezone.now(), connection))
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(select)} FROM {source}"
    )
    # A literal % (modulo, strftime) is doubled; %s stays a parameter.
    sql = re.sub(r"%(?!s)", "%%", sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])  # type: ignore[list-item]
        return max(cursor.rowcount, 0)


def write_rows[M: models.Model](model: type[M], objs: list[M]) -> list[M]:
    """Write `objs` as new rows and give them their ids. On PostgreSQL one COPY: ids come from
    the table's sequence first, every other value from each field as `bulk_create` would take
    it (`pre_save` for auto_now and defaults). On SQLite: `bulk_create`."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=1000)
    meta = model._meta
    table = meta.db_table
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    db = connections[connection.alias]  # the connection itself, not the per-call proxy
    qn = db.ops.quote_name
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(qn(str(c)) for c in [meta.pk.column, *(f.column for f in fields)])
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {qn(table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(
                    [
                        obj.pk,
                        *(f.get_db_prep_save(f.pre_save(obj, add=True), db) for f in fields),
                    ]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db.alias
    return objs


def _coordinators(rng: random.Random, regions: list[Region], wanted: int) -> dict[int, list[int]]:
    """Coordinator ids per region: the demo's own, and enough generated ones for the size."""
    existing = list(
        User.objects.filter(role=Role.COORDINATOR, email__startswith="schaal-").values_list(
            "id", flat=True
        )
    )
    missing = max(0, wanted - len(existing))
    if missing:
        password = make_password(None)
        start = len(existing)
        users = User.objects.bulk_create(
            [
                User(
                    email=f"schaal-coordinator-{start + i}@example.org",
                    full_name=f"{FIRST[i % len(FIRST)]} {LAST[(i // 3) % len(LAST)]} {start + i}",
                    role=Role.COORDINATOR,
                    password=password,
                )
                for i in range(missing)
            ],
            batch_size=BATCH,
        )
        through = User.regions.through
        through.objects.bulk_create(
            [
                through(user_id=u.pk, region_id=regions[(start + i) % len(regions)].pk)
                for i, u in enumerate(users)
            ],
            batch_size=BATCH,
        )
        today = timezone.localdate()
        CoordinatorProfile.objects.bulk_create(
            [
                CoordinatorProfile(
                    user_id=u.pk,
                    languages=["nl"] if i % 4 else ["nl", "ar"],
                    gender="fm"[i % 2],
                    training_completed_on=today - datetime.timedelta(days=30 + i),
                    declaration_signed_at=timezone.now(),
                    declaration_version="2026-1",
                    max_cases=rng.choice([3, 4, 5, 6]),
                )
                for i, u in enumerate(users)
            ],
            batch_size=BATCH,
        )
    by_region: dict[int, list[int]] = {r.pk: [] for r in regions}
    through = User.regions.through
    for user_id, region_id in through.objects.filter(
        user__role=Role.COORDINATOR, user__is_active=True
    ).values_list("user_id", "region_id"):
        by_region.setdefault(region_id, []).append(user_id)
    return by_region


CASE_AFTER_REQUEST = datetime.timedelta(days=3)


def _case_and_request(
    rng: random.Random,
    number: int,
    requested_at: datetime.datetime,
    now: datetime.datetime,
    municipality: Municipality,
    coordinators: list[int],
) -> tuple[Request, Case]:
    year = requested_at.year
    reference = f"{REFERENCE_PREFIX}-{year}-{number:06d}"
    first = FIRST[number % len(FIRST)]
    names = f"{first} {LAST[(number // 7) % len(LAST)]}"
    request = Request(
        reference=reference,
        status=RequestStatus.CONVERTED,
        channel="web",
        submission_token=f"scale-{reference}",
        requester_type="family",
        requester_name=f"{FIRST[(number + 3) % len(FIRST)]} {LAST[number % len(LAST)]}",
        requester_email=f"aanvrager{number}@example.org",
        main_person_names=names,
        main_language="nl",
        municipality_id=municipality.pk,
        region_id=municipality.region_id,
        languages=["nl"],
        question="Hoe houden we het thuis samen vol?",
        topics=["care_for_family"],
        consent_at=requested_at,
        created_at=requested_at,
        contact_due=(requested_at + datetime.timedelta(days=5)).date(),
        first_contact_at=requested_at + datetime.timedelta(days=2),
        closed_at=requested_at + CASE_AFTER_REQUEST,
    )
    case = Case(
        reference=reference,
        main_person_names=names,
        main_person_first_name=first,
        question="Hoe houden we het thuis samen vol?",
        topics=["care_for_family"],
        languages=["nl"],
        main_language="nl",
        region_id=municipality.region_id,
        municipality_id=municipality.pk,
        requested_at=requested_at + CASE_AFTER_REQUEST,
        contact_due=(requested_at + datetime.timedelta(days=10)).date(),
    )
    running = now - case.requested_at < RUNNING_WINDOW
    passed = 0
    if running:
        case.status = _weighted(rng, RUNNING_MIX)
        passed = next((i + 1 for i, (s, _f) in enumerate(STEPS) if s == case.status), 0)
    else:
        status, reason, _w = rng.choices(FINISHED_MIX, weights=[w for *_x, w in FINISHED_MIX])[0]
        case.status = status
        case.stop_reason = reason
        passed = len(STEPS) if status == Status.CLOSED else STOPPED_AFTER[reason]
    moment = case.requested_at
    for _status, field in STEPS[:passed]:
        moment += datetime.timedelta(days=rng.randint(3, 20))
        setattr(case, field, min(moment, now))
    if case.status == Status.CLOSED:
        case.closed_at = min(moment + datetime.timedelta(days=30), now)
    elif case.status == Status.STOPPED:
        case.stopped_at = min(moment + datetime.timedelta(days=7), now)
    if passed and coordinators:
        case.coordinator_id = rng.choice(coordinators)
        case.independence_declared_at = case.coordinator_assigned_at
        case.first_contact_at = case.coordinator_assigned_at
    return request, case


def _children(first_id: int, last_id: int) -> int:
    """People, invitations, conferences, records, plans, agreements, versions and audit events
    of the cases with ids first_id..last_id, each table in one INSERT ... SELECT."""
    rows = 0
    span = [first_id, last_id]
    in_span = "c.id BETWEEN %s AND %s"
    rows += insert_select(
        CasePerson,
        {
            "case": "c.id",
            "position": "1",
            "name": "c.main_person_names",
            "relation": "'self'",
            "main_language": "c.main_language",
        },
        f"cases_case c WHERE {in_span}",
        span,
    )
    rows += insert_select(
        RequestPerson,
        {
            "request": "r.id",
            "position": "1",
            "name": "r.main_person_names",
            "name_key": "lower(r.main_person_names)",
            "relation": "'self'",
            "main_language": "r.main_language",
        },
        f"intake_request r JOIN cases_case c ON c.request_id = r.id WHERE {in_span}",
        span,
    )
    # Twelve people: the main person, then household, family, community and professionals.
    rows += insert_select(
        Person,
        {
            "case": "c.id",
            "is_main_person": "(n.i = 1)",
            "party": "1",
            "name": f"CASE WHEN n.i = 1 THEN c.main_person_names ELSE "
            f"{_pick(FIRST, 'c.id + n.i')} || ' ' || {_pick(LAST, 'c.id * 3 + n.i')} END",
            "relation": "CASE WHEN n.i = 1 THEN 'self' ELSE "
            + _pick(["parent", "child", "sibling", "aunt_uncle", "grandparent"], "c.id + n.i")
            + " END",
            "ring": "CASE WHEN n.i <= 3 THEN 'household' WHEN n.i <= 7 THEN 'family' "
            "WHEN n.i <= 10 THEN 'community' ELSE 'professionals' END",
            "status": "CASE WHEN c.conference_scheduled_at IS NULL THEN 'informed' "
            "WHEN n.i % 5 = 0 THEN 'not_coming' ELSE 'coming' END",
            "consent_at": "c.in_preparation_at",
            "created_at": "c.requested_at",
        },
        f"cases_case c CROSS JOIN {_numbers(PEOPLE_PER_CASE)} n "
        f"WHERE {in_span} AND (c.in_preparation_at IS NOT NULL OR n.i = 1)",
        span,
    )
    rows += insert_select(
        Invitation,
        {
            "person": "p.id",
            "kind": "'request'",
            "language": "p.language",
            "ical_sequence": "0",
            "sent_at": "c.conference_scheduled_at",
        },
        "network_person p JOIN cases_case c ON c.id = p.case_id "
        f"WHERE {in_span} AND c.conference_scheduled_at IS NOT NULL "
        "AND (p.ring <> 'professionals' OR p.id % 2 = 0)",
        span,
    )
    rows += insert_select(
        Conference,
        {
            "case": "c.id",
            "starts_at": _days("c.conference_scheduled_at", "14"),
            "ends_at": _days("c.conference_scheduled_at", "14 * 24 + 3", "hours"),
            "place_name": "'Buurthuis De Kring'",
            "ical_uid": "'scale-' || c.reference",
        },
        f"cases_case c WHERE {in_span} AND c.conference_scheduled_at IS NOT NULL",
        span,
    )
    rows += insert_select(
        ConferenceRecord,
        {
            "case": "c.id",
            "held_on": _date("c.conference_held_at"),
            "recorded_by": "c.coordinator_id",
            "recorded_at": "c.conference_held_at",
        },
        f"cases_case c WHERE {in_span} AND c.conference_held_at IS NOT NULL",
        span,
    )
    rows += insert_select(
        Plan,
        {
            "case": "c.id",
            "question": "c.question",
            "created_at": "c.conference_held_at",
        },
        f"cases_case c WHERE {in_span} AND c.plan_delivered_at IS NOT NULL",
        span,
    )
    rows += insert_select(
        Agreement,
        {
            "plan": "p.id",
            "position": "n.i",
            "what": _pick(
                ["Oma haalt de kinderen op", "Buurman helpt met de tuin", "Wekelijks koffie"],
                "p.id + n.i",
            ),
            "due": _date(_days("c.plan_delivered_at", "30 * n.i")),
            "created_at": "c.plan_delivered_at",
        },
        f"plans_plan p JOIN cases_case c ON c.id = p.case_id "
        f"CROSS JOIN {_numbers(AGREEMENTS_PER_PLAN)} n WHERE {in_span}",
        span,
    )
    rows += insert_select(
        PlanVersion,
        {
            "plan": "p.id",
            "number": "1",
            "content": ("%s", json.dumps(VERSION_CONTENT)),
            "text": "p.question",
            "delivered_at": "c.plan_delivered_at",
            "delivered_by": "c.coordinator_id",
        },
        f"plans_plan p JOIN cases_case c ON c.id = p.case_id WHERE {in_span}",
        span,
    )
    # Audit: each case's first weeks, when most happens, every six hours an event: a read,
    # then a change of the kind a case gathers on its way (`TIMELINE_KEYS`), so that a case
    # page's timeline holds what a real one holds (about twenty rows in a case's first five
    # days), and half of the trail is reads.
    happened = _days("c.requested_at", f"n.i * {AUDIT_EVERY_HOURS}", "hours")
    rows += insert_select(
        AuditEvent,
        {
            "occurred_at": happened,
            "actor": "c.coordinator_id",
            "role": "'coordinator'",
            "action": "CASE WHEN n.i % 2 = 1 THEN 'view' ELSE 'update' END",
            "key": f"CASE WHEN n.i % 2 = 1 THEN 'case.viewed' "
            f"ELSE {_pick(TIMELINE_KEYS, 'n.i / 2 - 1')} END",
            "object_type": "'cases.case'",
            "object_id": "c.uuid",
            "case_id": "c.uuid",
        },
        # Only what has happened: a case requested yesterday has a day of events, not
        # twelve days of them reaching into the future.
        f"cases_case c CROSS JOIN {_numbers(AUDIT_PER_CASE)} n WHERE {in_span} "
        f"AND {happened} <= {_sql_now()}",
        span,
    )
    return rows


def seed_scale(
    n_cases: int,
    *,
    seed: int = 15,
    children: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Add `n_cases` cases of history (see the module); returns how long it took. Without
    `children` only cases and requests are written (for tests of the lists alone)."""
    started = time.monotonic()
    rng = random.Random(seed)
    say = progress or (lambda _m: None)
    regions = list(Region.objects.order_by("id"))
    municipalities = list(Municipality.objects.order_by("id"))
    if not regions or not municipalities:
        raise ValueError("seed_demo --scale needs the regions of the normal demo data first")
    now = timezone.now()
    years = max(1, round(n_cases / CASES_PER_YEAR))
    start = now - datetime.timedelta(days=365 * years)
    # A case is made three days after its request (`_case_and_request`): the newest request
    # three days ago, so that no request closes and no case starts in the future.
    step = (now - CASE_AFTER_REQUEST - start) / n_cases
    coordinators = _coordinators(rng, regions, max(10, n_cases // CASES_PER_COORDINATOR))
    # The demo coordinator (the login) works in the first region with the generated ones.
    demo = User.objects.filter(role=Role.COORDINATOR).exclude(email__startswith="schaal-").first()
    if demo is not None:
        for region in demo.regions.all():
            coordinators.setdefault(region.pk, []).extend([demo.pk] * 2)
    # Twenty years of audit events go into their own months, as in production (not into the
    # default partition, which would make every month's query cheaper than it is).
    ensure_partitions(now, since=start.date())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # History for measuring: a crash loses the last batch at most, never consistency.
            cursor.execute("SET synchronous_commit TO off")
    report = Report()
    number = Case.objects.filter(reference__startswith=f"{REFERENCE_PREFIX}-").count()
    for offset in range(0, n_cases, BATCH):
        with transaction.atomic():
            pairs = []
            for k in range(offset, min(offset + BATCH, n_cases)):
                municipality = municipalities[rng.randrange(len(municipalities))]
                pairs.append(
                    _case_and_request(
                        rng,
                        number + k + 1,
                        start + step * k,
                        now,
                        municipality,
                        coordinators.get(municipality.region_id, []),
                    )
                )
            requests = write_rows(Request, [r for r, _c in pairs])
            for req, (_r, case) in zip(requests, pairs, strict=True):
                case.request_id = req.pk
            cases = write_rows(Case, [c for _r, c in pairs])
            closed = [
                Request(
                    reference=f"{c.reference}-A",
                    status=RequestStatus.CLOSED,
                    channel="web",
                    submission_token=f"scale-{c.reference}-A",
                    requester_type="professional",
                    requester_name=r.requester_name,
                    requester_phone="0612345678",
                    main_person_names=r.main_person_names,
                    municipality_id=r.municipality_id,
                    region_id=r.region_id,
                    question=r.question,
                    consent_at=r.created_at,
                    created_at=r.created_at,
                    contact_due=r.contact_due,
                    closed_at=r.closed_at,
                    close_reason="not_reachable",
                )
                for r, c in pairs
                if rng.random() < CLOSED_REQUESTS_PER_CASE
            ]
            write_rows(Request, closed)
            report.rows += len(requests) + len(cases) + len(closed)
            if children:
                report.rows += _children(cases[0].pk, cases[-1].pk)
        report.cases += len(cases)
        say(f"{report.cases} cases, {report.rows} rows, {time.monotonic() - started:.0f} s")
    # Matching and the registry read each coordinator's kept count of running cases
    # (decision 192): set from the cases written, in one statement.
    recount()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum leaves a table in use: statistics, and the visibility map that
            # index-only scans need (a bulk load sets neither).
            # (Inside a transaction, as in the tests, VACUUM cannot run: statistics only.)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    report.seconds = time.monotonic() - started
    return report
