from django.contrib import admin
from django.http import HttpRequest

from kring.cases.models import IndependenceDeclaration


@admin.register(IndependenceDeclaration)
class IndependenceDeclarationAdmin(admin.ModelAdmin):
    """Read only: a declaration is the coordinator's own statement, signed in Kring's screens;
    nobody may add, change or delete one here (issue 11)."""

    list_display = ["case", "coordinator", "has_conflict", "declared_at"]
    list_select_related = ["case", "coordinator"]
    raw_id_fields = ["case", "coordinator"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
