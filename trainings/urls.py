from django.urls import path

from .enums import TrainingKind
from .views import catalogue, registrations, trainings

app_name = "trainings"

urlpatterns = [
    path("trainings/", catalogue.catalogue, name="catalogue"),
    path("trainings/archive/", catalogue.archive, name="archive"),
    path("trainings/calendar.ics", catalogue.feed, name="feed"),
    path(
        "trainings/calendar/<slug:territory>.ics", catalogue.territory_feed, name="territory_feed"
    ),
    path("trainings/mine/", registrations.my_trainings, name="mine"),
    path("trainings/new/", trainings.training_create, name="training_create"),
    path("trainings/sessions/<int:pk>/register/", trainings.session_register, name="register"),
    path("trainings/sessions/<int:pk>/calendar.ics", trainings.session_ics, name="session_ics"),
    path("trainings/sessions/<int:pk>/registrants/", registrations.registrants, name="registrants"),
    path(
        "trainings/sessions/<int:pk>/attendance.csv",
        registrations.attendance_csv,
        name="attendance_csv",
    ),
    path(
        "trainings/sessions/<int:pk>/sheet/",
        registrations.attendance_sheet,
        name="attendance_sheet",
    ),
    path(
        "trainings/registrations/<int:pk>/cancel/",
        registrations.registration_cancel_view,
        name="registration_cancel",
    ),
    path("trainings/<slug:slug>/", trainings.training_detail, name="training"),
    path("trainings/<slug:slug>/edit/", trainings.training_edit, name="training_edit"),
    path("trainings/<slug:slug>/status/", trainings.training_status, name="training_status"),
    # The network's other events: the same trainings, sessions and registrations, of another
    # kind (Training.kind); an event edits, publishes and registers through the paths above.
    path("events/", catalogue.events, name="events"),
    path("events/archive/", catalogue.events_archive, name="events_archive"),
    path("events/calendar.ics", catalogue.events_feed, name="events_feed"),
    path(
        "events/new/",
        trainings.training_create,
        {"kind": TrainingKind.GENERAL_ASSEMBLY},
        name="event_create",
    ),
    path("events/<slug:slug>/", trainings.training_detail, {"event": True}, name="event"),
]
