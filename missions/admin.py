from django.contrib import admin

from .models import Mission, Obstacle


class ObstacleInline(admin.TabularInline):
    model = Obstacle
    extra = 0


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "direction",
        "country",
        "start_date",
        "end_date",
        "participants",
    ]
    list_filter = ["direction", "country", "organisation__territory"]
    search_fields = ["purpose", "organisation__name"]
    autocomplete_fields = ["organisation", "project"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "start_date"
    inlines = [ObstacleInline]
    list_select_related = ["organisation", "country"]


@admin.register(Obstacle)
class ObstacleAdmin(admin.ModelAdmin):
    list_display = ["kind", "mission", "note"]
    list_filter = ["kind", "mission__country"]
    search_fields = ["note"]
    raw_id_fields = ["mission"]
    list_select_related = ["mission__country"]
