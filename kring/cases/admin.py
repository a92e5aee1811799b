from django.contrib import admin

from kring.audit.admin import AuditedReadsMixin
from kring.cases.models import IndependenceDeclaration


@admin.register(IndependenceDeclaration)
class IndependenceDeclarationAdmin(AuditedReadsMixin):
    list_display = ["case", "coordinator", "has_conflict", "declared_at"]
    list_select_related = ["case", "coordinator"]
    raw_id_fields = ["case", "coordinator"]
