from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("support/", views.requests, name="requests"),
    path("support/new/", views.request_create, name="request_create"),
    path("support/<int:pk>/", views.request_detail, name="request"),
    path("support/<int:pk>/messages/", views.message_post, name="message_post"),
    path("support/<int:pk>/take/", views.request_take, name="request_take"),
    path("support/<int:pk>/follow-up/", views.request_follow_up, name="request_follow_up"),
    path("support/<int:pk>/reopen/", views.request_reopen, name="request_reopen"),
    path("support/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path(
        "support/<int:pk>/appointments/new/",
        views.appointment_create,
        name="appointment_create",
    ),
    path(
        "support/<int:pk>/appointments/<int:appointment>.ics",
        views.appointment_ics,
        name="appointment_ics",
    ),
]
