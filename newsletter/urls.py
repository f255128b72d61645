from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/issues/", views.issues, name="issues"),
    path("newsletter/issues/new/", views.issue_create, name="issue_create"),
    path("newsletter/issues/<int:pk>/", views.issue, name="issue"),
    path("newsletter/issues/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("newsletter/issues/<int:pk>/test/", views.issue_test, name="issue_test"),
    path("newsletter/issues/<int:pk>/send/", views.issue_send, name="issue_send"),
    # After the fixed paths above, which a territory's slug would otherwise shadow.
    path("newsletter/<slug:territory>/", views.archive, name="archive"),
    path("newsletter/<slug:territory>/<int:number>/", views.web, name="web"),
]
