"""Small shared tables."""

from django.db import models

from kring.core.labels import LabelledModel


class ReferenceCounter(LabelledModel):
    """The last human reference number handed out per prefix and year (EK-2026-00042)."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class ScheduledRun(LabelledModel):
    """One run of a scheduled job in one time slot ("digest" on 2026-11-30).

    The unique constraint is the lock: every worker tries to insert the slot's row and only the
    one that succeeds enqueues the job, so two workers never run it twice.
    """

    job = models.CharField(max_length=150)
    slot = models.CharField(max_length=40)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"


class WindowCounter(LabelledModel):
    """How often something happened for one key in a fixed window (`kring.core.counters`):
    posts of the public form per address, wrong short codes, password resets (decision 0195).

    The key is a keyed hash of what it counts (an address, an account), never the thing itself;
    `until` is the window's end in seconds since 1970. Rows whose window ended are purged daily.
    """

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    until = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:8]}: {self.count}"
