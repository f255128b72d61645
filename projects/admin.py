from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CaribbeanPartner, FundingLine, Project


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "lead", "status", "published", "start_date", "end_date"]
    list_filter = ["status", "published", "lead__territory", "themes"]
    search_fields = ["title", "summary", "lead__name"]
    autocomplete_fields = ["lead", "local_partners", "caribbean_partners"]
    filter_horizontal = ["countries", "themes", "sdgs"]
    inlines = [FundingLineInline]
    list_select_related = ["lead"]


@admin.register(CaribbeanPartner)
class CaribbeanPartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country", "kind"]
    list_filter = ["country", "kind"]
    search_fields = ["name"]
    list_select_related = ["country"]
