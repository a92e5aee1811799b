"""Background work after the conference, run on the worker's schedule (KRING_SCHEDULE)."""

from django.tasks import task

from kring.followup import reminders, survey


@task()
def send_reminders() -> dict[str, int]:
    """The daily reminders, the late-follow-up signals and the satisfaction surveys."""
    counts = reminders.run()
    counts["surveys"] = survey.send_surveys()
    return counts
