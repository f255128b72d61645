from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Post


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "territory", "status", "published_at", "author"]
    list_filter = ["status", "territory", "themes"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_at"
    raw_id_fields = ["author"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]
