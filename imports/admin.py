from django.contrib import admin

from .models import Import, SavedMapping


@admin.register(Import)
class ImportAdmin(admin.ModelAdmin):
    """Read-only: imports are run and undone from the portal's pages, by their coordinators."""

    list_display = ["file_name", "territory", "status", "created_by", "created_at", "finished_at"]
    list_filter = ["territory", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SavedMapping)
class SavedMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "updated_at"]
    list_filter = ["territory"]
