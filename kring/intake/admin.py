"""Admin: quotes for the home page, and the mail outbox (to see failed mails)."""

from django.contrib import admin

from kring.intake.models import RequestMail, Testimonial


@admin.register(Testimonial)
class TestimonialAdmin(admin.ModelAdmin[Testimonial]):
    list_display = ["attribution", "published", "position"]
    list_editable = ["published", "position"]


@admin.register(RequestMail)
class RequestMailAdmin(admin.ModelAdmin[RequestMail]):
    # Only the delivery state: the text itself holds personal data and is not shown here.
    list_display = ["uuid", "kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    fields = ("kind", "status", "attempts", "last_error", "created_at", "sent_at")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False
