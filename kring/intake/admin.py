"""Admin: quotes for the home page (failed mails are in the outbox's admin)."""

from django.contrib import admin

from kring.intake.models import Testimonial


@admin.register(Testimonial)
class TestimonialAdmin(admin.ModelAdmin[Testimonial]):
    list_display = ["attribution", "published", "position"]
    list_editable = ["published", "position"]
