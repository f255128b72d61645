from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.import_list, name="list"),
    path("imports/new/", views.import_create, name="import_create"),
    path("imports/template.xlsx", views.import_template, name="template"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="mapping"),
    path("imports/<int:pk>/progress/", views.import_progress, name="progress"),
    path("imports/<int:pk>/rejected.xlsx", views.import_rejected_xlsx, name="rejected_xlsx"),
    path("imports/<int:pk>/rejected.csv", views.import_rejected_csv, name="rejected_csv"),
    path("imports/<int:pk>/undo/", views.import_undo, name="undo"),
]
