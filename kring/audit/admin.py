"""Administrators may read the audit trail, never change it."""

from django.contrib import admin
from django.http import HttpRequest

from kring.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "occurred_at",
        "actor",
        "actor_label",
        "role",
        "action",
        "object_type",
        "object_id",
        "ip",
    ]
    list_filter = ["action", "role", "object_type"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
