"""What Kring erased or anonymised, without the content: the register retention reads."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel


class ErasureReason(models.TextChoices):
    RETENTION = "retention", _("Bewaartermijn verstreken")
    REQUEST = "request", _("Op verzoek van de persoon")


class Erasure(LabelledModel):
    """One object whose personal data is gone: a case anonymised, a person or account erased.

    Retention skips what is here (a case is anonymised once), and the privacy page shows it.
    Only the object's type and id are kept, never a name.
    """

    object_type = models.CharField(max_length=60)
    # Every erasable object has a uuid (case, person, request, account).
    object_uuid = models.UUIDField()
    reason = models.CharField(max_length=10, choices=ErasureReason.choices)
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_at", "-id"]
        verbose_name = _("verwijdering")
        verbose_name_plural = _("verwijderingen")
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_uuid"], name="erasure_once"),
            models.CheckConstraint(
                condition=models.Q(reason__in=["retention", "request"]),
                name="erasure_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_uuid}"
