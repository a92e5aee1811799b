"""The append-only audit trail.

One row per event, written with one INSERT. On PostgreSQL a trigger refuses UPDATE and DELETE
(migration 0002); retention will drop monthly partitions rather than delete rows. Actors and
cases are stored as plain ids without foreign-key constraints so that the trail never blocks,
nor is changed by, a deletion elsewhere.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.labels import LabelledModel


class Action(models.TextChoices):
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    VIEW = "view", _("bekeken")
    TRANSITION = "transition", _("status gewijzigd")
    EXPORT = "export", _("gedownload")
    LOGIN = "login", _("ingelogd")
    LOGOUT = "logout", _("uitgelogd")
    LOGIN_FAILED = "login_failed", _("inloggen mislukt")
    SEND = "send", _("verstuurd")


class AuditEvent(LabelledModel):
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        # No index of its own: `audit_actor_time` (actor, occurred_at) starts with it, and every
        # extra index costs on each of the 100 million inserts (issue 15).
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who acted when there is no user: "public", "system", or a participant's link.
    actor_label = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=30, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    # What happened, as a stable key ("case.coordinator_assigned"), rendered into words when
    # read (kring.audit.events); never free text.
    key = models.CharField(max_length=60, blank=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    case_id = models.UUIDField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    # Events from before keys existed: a short, non-personal description in Dutch.
    message = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["case_id", "occurred_at"], name="audit_case_time"),
            # A case's timeline (`services.history`): what happened, newest first, without the
            # read events, which are most of a busy case's rows. Only those other events are
            # in this index, so it costs little on the inserts (decision 146).
            models.Index(
                fields=["case_id", "occurred_at", "id"],
                name="audit_case_timeline",
                condition=~models.Q(action=Action.VIEW),
            ),
            models.Index(
                fields=["object_type", "object_id", "occurred_at"], name="audit_object_time"
            ),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=[a.value for a in Action]), name="audit_action_valid"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
        )
