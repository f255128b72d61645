from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    """Files are added through the portal's form only, which checks them by content
    (toolbox/uploads.py): here they are shown, through the portal's download view."""

    list_display = ["title", "kind", "audience", "status", "territory", "created_at"]
    list_filter = ["status", "audience", "kind", "territory", "language"]
    search_fields = ["title", "description"]
    date_hierarchy = "created_at"
    filter_horizontal = ["themes"]
    exclude = ["file"]
    readonly_fields = ["stored_file", "file_type", "file_size", "added_by", "created_at"]
    raw_id_fields = ["working_group"]

    @admin.display(description=_("file"))
    def stored_file(self, resource: Resource) -> str:
        if not resource.file:
            return "—"
        url = reverse("resources:download", args=[resource.slug])
        return format_html('<a href="{}">{}</a>', url, resource.file_label or resource.extension)
