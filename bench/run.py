"""`make bench`: for each size, a fresh PostgreSQL database filled by `seed_demo --scale N`,
the in-process page timings (bench/pages.py), and at the largest size the HTTP stage against
gunicorn (bench/http_stage.py). Every database it makes is dropped at the end (BENCH_KEEP=1 keeps
them; BENCH_REUSE=1 uses a kept database of the same name again, migrated but not seeded
anew). Sizes above 100 000 need BENCH_NATIONAL=1 (seed_demo --national); see
docs/performance.md for the 1M command and what it costs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")


def _psql(sql: str) -> None:
    subprocess.run(  # noqa: S603
        ["psql", f"{SERVER}/postgres", "-q", "-c", sql],  # noqa: S607
        check=True,
    )


def _exists(name: str) -> bool:
    query = "SELECT 1 FROM pg_database WHERE datname = :'name'"
    found = subprocess.run(  # noqa: S603
        ["psql", f"{SERVER}/postgres", "-tA", "-v", f"name={name}"],  # noqa: S607
        input=query,
        check=True,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() == "1"


def main(sizes: list[int]) -> None:
    python = sys.executable
    env = {**os.environ, "KRING_ENV": "dev", "PYTHONUNBUFFERED": "1"}
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    made: list[str] = []
    previous: Path | None = None
    try:
        for size in sizes:
            name = f"kring_bench_{size}"
            url = f"{SERVER}/{name}"
            reuse = bool(os.environ.get("BENCH_REUSE")) and _exists(name)
            if not reuse:
                _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                _psql(f"CREATE DATABASE {name}")
            made.append(name)
            # As docs/operations.md advises for Kring's database: no JIT for short queries.
            _psql(f"ALTER DATABASE {name} SET jit = off")
            run_env = {**env, "DATABASE_URL": url}
            start = time.monotonic()
            subprocess.run(  # noqa: S603
                [python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=run_env, check=True
            )
            if reuse:
                print(f"reused {name}, migrated in {time.monotonic() - start:.0f} s")
            else:
                start = time.monotonic()
                seed = [python, "manage.py", "seed_demo", "--scale", str(size)]
                if os.environ.get("BENCH_NATIONAL"):
                    seed.append("--national")
                subprocess.run(  # noqa: S603
                    seed, cwd=ROOT, env=run_env, check=True, stdout=subprocess.DEVNULL
                )
                print(f"seeded {size} cases in {time.monotonic() - start:.0f} s")
            result = out / f"pages-{size}.json"
            page_env = {**run_env, "BENCH_OUT": str(result)}
            if previous is not None:
                page_env["BENCH_COMPARE"] = str(previous)
            subprocess.run(  # noqa: S603
                [python, "bench/pages.py"], cwd=ROOT, env=page_env, check=True
            )
            previous = result if previous is None else previous
        if made and not os.environ.get("BENCH_SKIP_HTTP"):
            subprocess.run(  # noqa: S603
                [python, "bench/http_stage.py"],
                cwd=ROOT,
                env={**env, "DATABASE_URL": f"{SERVER}/{made[-1]}"},
                check=True,
            )
    finally:
        if not os.environ.get("BENCH_KEEP"):
            for name in made:
                _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [10_000, 100_000])
