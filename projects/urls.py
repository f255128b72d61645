from django.urls import path

from .views import catalogue, partners, projects

app_name = "projects"

urlpatterns = [
    path("projects/", catalogue.catalogue, name="catalogue"),
    path("projects/by-country/", catalogue.by_country, name="by_country"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/partners/", partners.partner_list, name="partners"),
    path("projects/partners/<int:pk>/edit/", partners.partner_edit, name="partner_edit"),
    path("projects/<slug:slug>/", projects.project_detail, name="project"),
    path("projects/<slug:slug>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<slug:slug>/publish/", projects.project_publish_view, name="project_publish"),
    path(
        "projects/<slug:slug>/unpublish/",
        projects.project_unpublish_view,
        name="project_unpublish",
    ),
]
