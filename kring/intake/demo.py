"""Demo data for intake (filled in by the issue that builds it)."""

from kring.accounts.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    """Create or refresh this app's demo data (idempotent)."""
