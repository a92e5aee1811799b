"""Tasks for the schedule tests."""

from django.tasks import task

RUNS: list[str] = []


@task()
def count_run() -> None:
    RUNS.append("count_run")


@task()
def ping() -> None:
    pass
