from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AlertSent, Call, CallDocument, OrganisationAlert, SavedSearch


class CallDocumentInline(admin.TabularInline):
    model = CallDocument
    extra = 0
    readonly_fields = ["size", "created_at"]


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "funder", "opens_on", "deadline", "status"]
    list_filter = ["status", "funder", "territories"]
    search_fields = ["title", "programme"]
    date_hierarchy = "deadline"
    inlines = [CallDocumentInline]
    filter_horizontal = ["territories", "applicants", "themes", "countries"]


@admin.register(OrganisationAlert)
class OrganisationAlertAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "frequency", "created_at"]
    list_filter = ["frequency"]
    raw_id_fields = ["user", "organisation"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["email", "query", "confirmed_at", "last_sent_at"]
    raw_id_fields = ["user"]


@admin.register(AlertSent)
class AlertSentAdmin(admin.ModelAdmin):
    list_display = ["alert", "call", "kind", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["alert", "call"]
