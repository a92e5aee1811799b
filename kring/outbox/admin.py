from django.contrib import admin
from django.http import HttpRequest

from kring.audit.admin import AuditedReadsMixin
from kring.outbox.models import Message


@admin.register(Message)
class MessageAdmin(AuditedReadsMixin):
    """Read-only: administrators see what did not arrive; the content is not shown."""

    list_display = ["created_at", "kind", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "channel"]
    fields = ("uuid", "kind", "channel", "status", "attempts", "last_error", "created_at")
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
