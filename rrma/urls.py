from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from api import api

from . import (
    call_page,
    census,
    dashboards,
    groups,
    networks,
    opendata,
    organisation_page,
    search,
    site_map,
    views,
)
from .activity_report import views as activity_report

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("search/", search.site_search, name="search"),
    path("networks/<slug:territory>/", networks.network, name="network"),
    path("networks/<slug:territory>/edit/", networks.network_edit, name="network_edit"),
    path("networks/<slug:territory>/groups/", groups.working_groups, name="working_groups"),
    path(
        "networks/<slug:territory>/report/",
        activity_report.activity_report,
        name="activity_report",
    ),
    path(
        "networks/<slug:territory>/report.xlsx",
        activity_report.activity_report_xlsx,
        name="activity_report_xlsx",
    ),
    path("census/", census.census, name="census"),
    path(
        "census/export.<str:file_format>",
        census.census_export,
        name="census_export",
    ),
    path("census/exports/", census.census_exports, name="census_exports"),
    path(
        "census/exports/<int:pk>/download",
        census.census_export_download,
        name="census_export_download",
    ),
    path("census/statistics/", census.statistics, name="statistics"),
    path("census/statistics.csv", census.statistics_csv, name="statistics_csv"),
    path("opendata/", opendata.opendata, name="opendata"),
    path(
        "opendata/organisations.csv", opendata.organisations_csv, name="opendata_organisations_csv"
    ),
    path(
        "opendata/organisations.json",
        opendata.organisations_json,
        name="opendata_organisations_json",
    ),
    path(
        "opendata/organisations.geojson",
        opendata.organisations_geojson,
        name="opendata_organisations_geojson",
    ),
    path("opendata/projects.csv", opendata.projects_csv, name="opendata_projects_csv"),
    path("opendata/projects.json", opendata.projects_json, name="opendata_projects_json"),
    path("privacy/", views.page, {"name": "privacy"}, name="privacy"),
    path("legal/", views.page, {"name": "legal"}, name="legal"),
    path("accessibility/", views.page, {"name": "accessibility"}, name="accessibility"),
    path("site-map/", site_map.site_map, name="site_map"),
    path("", include("members.urls")),
    # After the members app's "organisations/register/", which a slug would otherwise shadow.
    path("organisations/<slug:slug>/", organisation_page.organisation_detail, name="organisation"),
    # After the members app's "networks/<territory>/groups/new/", which a slug would shadow.
    path(
        "networks/<slug:territory>/groups/<slug:slug>/", groups.working_group, name="working_group"
    ),
    path("", include("projects.urls")),
    path("", include("trainings.urls")),
    # After the calls app's fixed paths ("calls/new/", "calls/alerts/"…), which a slug would shadow.
    path("", include("calls.urls")),
    path("calls/<slug:slug>/", call_page.call_detail, name="call"),
    path("", include("news.urls")),
    path("", include("resources.urls")),
    path("", include("newsletter.urls")),
    path("", include("support.urls")),
    path("", include("missions.urls")),
    path("", include("imports.urls")),
    path("api/v1/", api.urls()),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded logos: served by Django while developing, by the web server (MEDIA_ROOT at
# /media/) in production.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
