"""The daily retention job (see `kring.privacy.retention`)."""

from django.tasks import task

from kring.privacy import retention


@task()
def apply_retention() -> dict[str, int]:
    """Anonymise or delete everything whose retention term has passed."""
    return retention.apply_retention()
