from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("missions/", views.mission_list, name="list"),
    path("missions/new/", views.mission_create, name="mission_create"),
    path("missions/obstacles/", views.obstacles_report, name="obstacles"),
    path("missions/obstacles.csv", views.obstacles_csv, name="obstacles_csv"),
    path("missions/obstacles.xlsx", views.obstacles_xlsx, name="obstacles_xlsx"),
    path("missions/<int:pk>/", views.mission_detail, name="mission"),
    path("missions/<int:pk>/edit/", views.mission_edit, name="mission_edit"),
    path("missions/<int:pk>/delete/", views.mission_delete_view, name="mission_delete"),
]
