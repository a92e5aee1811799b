from django.contrib import admin

from kring.audit.admin import AuditedReadsMixin
from kring.coordinators.models import Absence, CoordinatorProfile


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(CoordinatorProfile)
class CoordinatorProfileAdmin(AuditedReadsMixin):
    list_display = ["user", "training_completed_on", "max_cases", "declaration_signed_at"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user"]
    inlines = [AbsenceInline]
    raw_id_fields = ["user"]
    # The certificate file changes only through the registry page: there its type is checked
    # from the content, the change is audited and the download is access-checked.
    exclude = ["certificate"]
    readonly_fields = ["certificate_name", "certificate_type", "certificate_uploaded_at"]
