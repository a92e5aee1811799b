from django.contrib import admin

from kring.conferences.models import InvitationTemplate


@admin.register(InvitationTemplate)
class InvitationTemplateAdmin(admin.ModelAdmin):
    """Administrators add a language for invitations by adding a row here."""

    list_display = ("language", "language_name", "direction", "subject")
    search_fields = ("language", "language_name")
