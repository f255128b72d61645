from django.urls import path

from .views import alerts, calendar, manage

app_name = "calls"

urlpatterns = [
    path("calls/", calendar.calendar, name="calendar"),
    path("calls/archive/", calendar.archive, name="archive"),
    path("calls/month/", calendar.month, name="month"),
    path("calls/calendar.ics", calendar.feed, name="feed"),
    path("calls/calendar/<slug:territory>.ics", calendar.territory_feed, name="territory_feed"),
    path("calls/new/", manage.call_create, name="call_create"),
    path("calls/alerts/", alerts.alerts, name="alerts"),
    path("calls/searches/new/", alerts.search_save, name="search_save"),
    path("calls/searches/confirm/<str:token>/", alerts.search_confirm, name="search_confirm"),
    path("calls/unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("calls/<slug:slug>/edit/", manage.call_edit, name="call_edit"),
    path("calls/<slug:slug>/status/", manage.call_status, name="call_status"),
    path("calls/<slug:slug>/documents/new/", manage.document_add, name="document_add"),
    path(
        "calls/<slug:slug>/documents/<int:pk>/delete/",
        manage.document_delete,
        name="document_delete",
    ),
    path("calls/<slug:slug>/documents/<int:pk>/", calendar.document, name="document"),
]
