"""The HTTP stage of `make bench`: Kring under gunicorn as in production, with real clients.

1. The public form: `BENCH_CLIENTS` clients (20) post requests at once, each with its own
   one-time token, and one token twice; afterwards every accepted post is one row, no more and
   no less, and the token sent twice made one row (no lost, no duplicate request).
2. A mixed staff workload at `BENCH_STAFF_RATE` requests a second (20, a national peak): start
   pages, worklists, the queue, a case page; prints the share of the machine's CPU that the
   app server used meanwhile.

For both it splits the CPU per post or page: the app server, PostgreSQL (every `postgres`
process on the machine) and the bench's own clients. The clients share the two cores here but
not in production, so it also prints the ceiling: how many a second the cores could serve at
the app server's and PostgreSQL's cost alone.

It talks plain HTTP to 127.0.0.1 with `X-Forwarded-Proto: https`, as the TLS proxy in front
does (SECURE_PROXY_SSL_HEADER), so the production settings stay as they are.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (the gunicorn workers)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _process_cpu(pid: int) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / tick


def _postgres_cpu() -> dict[int, float]:
    """CPU seconds of each PostgreSQL process that works for this database: its connections
    (the app server's, kept through a stage) and the server's own background processes (WAL
    writer, checkpointer: the posts' writes cost there too). Another database's connections on
    the same server are left out."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL"
        )
        return {pid: _process_cpu(pid) for (pid,) in cursor.fetchall()}


class Meter:
    """The CPU a stage used, split: the app server, PostgreSQL, and this process (the load
    generator, whose clients share the machine in the bench but not in production)."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.postgres = _postgres_cpu()
        self.start = (_cpu_seconds(server_pid), time.process_time())

    def per(self, count: int) -> dict[str, float]:
        """Milliseconds of CPU per unit of work (a post, a page) for each of the three."""
        app = _cpu_seconds(self.server_pid) - self.start[0]
        load = time.process_time() - self.start[1]
        # A connection opened during the stage spent all its CPU in it.
        db = sum(cpu - self.postgres.get(pid, 0.0) for pid, cpu in _postgres_cpu().items())
        return {"app": 1000 * app / count, "db": 1000 * db / count, "load": 1000 * load / count}


def ceiling(ms: dict[str, float]) -> float:
    """Units a second the machine's cores could serve at this cost if the load came from
    elsewhere: the cores divided by the app server's and PostgreSQL's CPU per unit."""
    return 1000 * (os.cpu_count() or 1) / max(0.001, ms["app"] + ms["db"])


class Server:
    """gunicorn with the production settings, 2 workers, on a free port."""

    def __init__(self, database_url: str, workers: int = 2) -> None:
        self.port = _free_port()
        env = {
            **os.environ,
            "KRING_ENV": "production",
            "DATABASE_URL": database_url,
            # The bench process signs the staff sessions with the same key (main()).
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "ALLOWED_HOSTS": "127.0.0.1",
            "KRING_BASE_URL": "https://127.0.0.1",
            "KRING_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            # The bench posts far more than a person: the per-IP limit would refuse it.
            "KRING_REQUEST_RATE_LIMIT": "100000000",
        }
        for command in (["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
            )
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "config/gunicorn.conf.py",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        for _i in range(100):
            try:
                if self.get("/health/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", **(headers or {})}
        conn.request(method, path, body=body.encode(), headers=all_headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _sep, rest = value.partition("=")
                cookies[key] = rest.split(";", 1)[0]
        conn.close()
        return response.status, cookies, text

    def get(self, path: str, cookie: str = "") -> tuple[int, dict[str, str], str]:
        return self.request("GET", path, headers={"Cookie": cookie} if cookie else {})

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def intake_stage(server: Server, municipality_id: int, clients: int, posts: int) -> dict[str, Any]:
    """`clients` threads post `posts` requests each; returns the rate and the outcome."""
    from urllib.parse import urlencode

    from bench.pages import _intake_post

    accepted: list[str] = []
    failed: list[int] = []
    lock = threading.Lock()
    twice = secrets.token_urlsafe(32)

    def client(index: int) -> None:
        status, cookies, html = server.get("/aanvraag/")
        match = CSRF_RE.search(html)
        assert status == 200 and match, status
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        for n in range(posts):
            data = _intake_post(municipality_id)
            if index == 0 and n < 2:
                data["submission_token"] = twice
            data["csrfmiddlewaretoken"] = match.group(1)
            status, _c, _t = server.request(
                "POST",
                "/aanvraag/",
                urlencode(data, doseq=True),
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": "https://127.0.0.1/aanvraag/",
                },
            )
            with lock:
                if status in (302, 303):
                    accepted.append(data["submission_token"])
                else:
                    failed.append(status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    meter = Meter(server.process.pid)
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {
        "accepted": accepted,
        "failed": failed,
        "elapsed": elapsed,
        "twice": twice,
        "cpu_ms": meter.per(clients * posts),
    }


def staff_stage(
    server: Server, cookies: dict[str, str], paths: list[tuple[str, str]], rate: float, secs: float
) -> dict[str, Any]:
    """A steady `rate` of staff requests for `secs` seconds, from 8 threads."""
    statuses: list[int] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + secs
    interval = 8 / rate

    def worker(offset: int) -> None:
        i = offset
        next_at = time.perf_counter() + offset * (interval / 8)
        while time.perf_counter() < stop_at:
            who, path = paths[i % len(paths)]
            status, _c, _t = server.get(path, cookies[who])
            with lock:
                statuses.append(status)
            i += 8
            next_at += interval
            time.sleep(max(0.0, next_at - time.perf_counter()))

    meter = Meter(server.process.pid)
    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    cpu_ms = meter.per(len(statuses))
    cpu = cpu_ms["app"] * len(statuses) / 1000
    return {
        "cpu_ms": cpu_ms,
        "requests": len(statuses),
        "rate": len(statuses) / elapsed,
        # Every page of the mix answers 200 to its signed-in user: a redirect (to the login)
        # would be a cheap non-answer, so it counts as an error too.
        "errors": sum(1 for s in statuses if s != 200),
        "machine_share": cpu / (elapsed * (os.cpu_count() or 1)),
    }


def _split(unit: str, ms: dict[str, float]) -> str:
    return (
        f"  CPU per {unit}: app server {ms['app']:.1f} ms, PostgreSQL {ms['db']:.1f} ms, "
        f"the bench's own clients {ms['load']:.1f} ms; with the clients elsewhere this "
        f"machine's {os.cpu_count()} cores would serve at most {ceiling(ms):.0f} a second"
    )


def main(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # One key for this process and the server: the staff sessions made here must be valid there.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("KRING_ENV", "dev")
    import django

    django.setup()
    from django.test import Client

    from kring.accounts.models import Municipality, Role, User
    from kring.cases.models import Case
    from kring.intake.models import Request

    clients = int(os.environ.get("BENCH_CLIENTS", "20"))
    posts = int(os.environ.get("BENCH_POSTS", "25"))
    rate = float(os.environ.get("BENCH_STAFF_RATE", "20"))
    secs = float(os.environ.get("BENCH_STAFF_SECONDS", "20"))
    manager = User.objects.filter(role=Role.REGIONAL_MANAGER, email__endswith=".example").first()
    coordinator = User.objects.filter(role=Role.COORDINATOR, email__endswith=".example").first()
    assert manager and coordinator
    municipality = Municipality.objects.filter(region__in=manager.regions.all()).first()
    assert municipality is not None
    case = Case.objects.filter(region__in=manager.regions.all()).order_by("-id").first()
    assert case is not None

    def session_cookie(user: User) -> str:
        # A session as a login leaves it, in the shared session table; the production cookie
        # name carries its key.
        client = Client()
        client.force_login(user)
        return f"__Host-kring-session={client.session.session_key}"

    server = Server(database_url)
    try:
        before = Request.objects.count()
        result = intake_stage(server, municipality.pk, clients, posts)
        rows = Request.objects.filter(submission_token__in=result["accepted"])
        distinct = set(result["accepted"])
        twice_rows = Request.objects.filter(submission_token=result["twice"]).count()
        print(
            f"\nHTTP intake POST: {clients} clients x {posts} posts, "
            f"{len(result['accepted'])} accepted, {len(result['failed'])} refused "
            f"{sorted(set(result['failed']))}, "
            f"{len(result['accepted']) / result['elapsed']:.0f}/s"
        )
        print(_split("post", result["cpu_ms"]))
        print(
            f"  rows: {rows.count()} for {len(distinct)} distinct tokens "
            f"(table grew by {Request.objects.count() - before}); "
            f"the token sent twice: {twice_rows} row"
        )
        cookies = {"manager": session_cookie(manager), "coordinator": session_cookie(coordinator)}
        paths = [
            ("manager", "/start/"),
            ("manager", "/trajecten/"),
            ("manager", "/aanvragen/"),
            ("manager", f"/trajecten/{case.uuid}/"),
            ("coordinator", "/start/"),
        ]
        staff = staff_stage(server, cookies, paths, rate, secs)
        print(
            f"HTTP staff mix: {staff['requests']} requests at {staff['rate']:.1f}/s, "
            f"{staff['errors']} errors, app server CPU {100 * staff['machine_share']:.1f}% "
            "of the machine"
        )
        print(_split("page", staff["cpu_ms"]))
    finally:
        server.stop()


if __name__ == "__main__":
    main(os.environ["DATABASE_URL"])
