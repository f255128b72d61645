from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Registration, Session, Training


class SessionInline(admin.TabularInline):
    """Seats change through the coordinators' pages, which keep the waiting list in order."""

    model = Session
    extra = 0
    readonly_fields = ["capacity"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "territory", "format", "status"]
    list_filter = ["kind", "status", "territory", "format"]
    search_fields = ["title"]
    inlines = [SessionInline]
    list_select_related = ["territory"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "session", "organisation", "status", "created_at"]
    list_filter = ["status", "session__training__territory"]
    search_fields = ["user__email", "organisation__name", "session__training__title"]
    list_select_related = ["user", "session__training", "organisation"]
    # Registrations are made, cancelled and promoted through the portal's pages, which keep
    # the seat rules; the admin reads them (a deletion still promotes the first waiting).
    readonly_fields = [
        "session",
        "user",
        "organisation",
        "status",
        "created_at",
        "cancelled_at",
        "reminder_sent_at",
        "promoted_by",
        "promoted_at",
        "promotion_reason",
    ]

    def has_add_permission(self, request):
        return False
