from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("", include("members.urls")),
    path("", include("projects.urls")),
    path("", include("trainings.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded logos: served by Django while developing, by the web server (MEDIA_ROOT at
# /media/) in production.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
