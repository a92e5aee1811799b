from django.contrib import admin

from kring.cases.models import IndependenceDeclaration


@admin.register(IndependenceDeclaration)
class IndependenceDeclarationAdmin(admin.ModelAdmin):
    list_display = ["case", "coordinator", "has_conflict", "declared_at"]
    list_select_related = ["case", "coordinator"]
    raw_id_fields = ["case", "coordinator"]
