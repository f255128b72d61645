from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Registration, Session, Training


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "territory", "format", "status"]
    list_filter = ["status", "territory", "format"]
    search_fields = ["title"]
    inlines = [SessionInline]
    list_select_related = ["territory"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "session", "organisation", "status", "created_at"]
    list_filter = ["status", "session__training__territory"]
    search_fields = ["user__email", "organisation__name", "session__training__title"]
    list_select_related = ["user", "session__training", "organisation"]
    autocomplete_fields = ["user", "organisation"]
