"""Python instructions per request of each bench page, counted by valgrind's callgrind.

`python bench/instructions.py ["page name,page name" [requests]]` against DATABASE_URL (a
database filled by `seed_demo --scale N`). For each page of `bench/pages.py` (all of them when
no names are given) a fresh process under callgrind warms the page up with instrumentation
off, counts `requests` requests (6) with it on, and stops counting before the interpreter
exits. Prints millions of instructions per request, and the ratio to the signed-in floor.

Why: on a shared machine the milliseconds of two runs differ by 10-50% (docs/performance.md),
so an A/B of a change in Python cost drowns in noise. Instructions are counted, not timed: the
same code on the same database gives the same count within about 1%, whatever else the machine
does. They measure the app server's own work only; the database's is apart (its queries are
counted by `bench/pages.py`). Needs valgrind (`callgrind_control`), about a minute per page.

`BENCH_ROOT=/path/to/other/checkout` counts that checkout's code against the same database: run
it for the code before and after a change to compare them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parent.parent)
FLOOR = "signed-in floor (privacy page)"


def _child(name: str, requests: int, go: Path) -> None:
    """In the process under callgrind: warm up, say READY, count on `go`, then wait for `go`.end."""
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("KRING_ENV", "dev")
    os.environ.setdefault("KRING_REQUEST_RATE_LIMIT", "1000000000")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from pages import _clients, _hit, _pages  # bench/pages.py of ROOT

    page = {p.name: p for p in _pages()}[name]
    clients = _clients()
    try:
        # As the app server runs it (config/wsgi.py, decisions 201 and 202); a checkout from
        # before those has no warm-up.
        from config.warmup import freeze_for_fork, warm_up
    except ImportError:
        pass
    else:
        warm_up()
        freeze_for_fork()
    for _i in range(3):
        _hit(clients, page)
    print("READY", flush=True)
    while not go.exists():
        time.sleep(0.02)
    for _i in range(requests):
        _hit(clients, page)
    print("DONE", flush=True)
    end = go.with_suffix(".end")
    while not end.exists():
        time.sleep(0.02)


def count(name: str, requests: int) -> float:
    """Instructions per request of one page (a process of its own under callgrind)."""
    with tempfile.TemporaryDirectory() as tmp:
        out, go = Path(tmp) / "callgrind.out", Path(tmp) / "go"
        child = subprocess.Popen(  # noqa: S603
            [  # noqa: S607 - valgrind from the PATH, like callgrind_control below
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={out}",
                sys.executable,
                __file__,
                "--child",
                name,
                str(requests),
                str(go),
            ],
            # Set hashing of str keys, so that two runs take the same paths.
            env={**os.environ, "PYTHONHASHSEED": "0", "BENCH_ROOT": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert child.stdout is not None
        if not child.stdout.readline().startswith("READY"):
            child.kill()
            raise RuntimeError(f"{name}: the page did not start under callgrind")
        _control("on", child.pid)
        go.touch()
        child.stdout.readline()  # DONE
        _control("off", child.pid)  # the interpreter's exit is not the page's work
        go.with_suffix(".end").touch()
        child.wait()
        # "summary" holds what ran before counting was switched on (nothing); "totals" all.
        found = re.search(r"^totals:\s+(\d+)", out.read_text(), re.MULTILINE)
        assert found, "no totals in the callgrind output"
        return int(found.group(1)) / requests


def _control(state: str, pid: int) -> None:
    subprocess.run(  # noqa: S603
        ["callgrind_control", "-i", state, str(pid)],  # noqa: S607
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main(names: list[str], requests: int) -> None:
    if not names:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("KRING_ENV", "dev")
        sys.path.insert(0, str(ROOT / "bench"))
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from pages import _pages

        names = [p.name for p in _pages() if "pdf" not in p.name]
    if FLOOR not in names:
        names.insert(0, FLOOR)
    print(f"{ROOT}: millions of Python instructions per request ({requests} requests each)")
    print(f"{'page':34} {'M instr':>8} {'x floor':>8}")
    floor = 0.0
    for name in names:
        per_request = count(name, requests)
        floor = floor or per_request
        print(f"{name:34} {per_request / 1e6:8.1f} {per_request / floor:8.2f}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
    else:
        wanted = [n for n in (sys.argv[1] if len(sys.argv) > 1 else "").split(",") if n]
        main(wanted, int(sys.argv[2]) if len(sys.argv) > 2 else 6)
