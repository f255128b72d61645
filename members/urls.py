from django.urls import path

from .views import account, directory, groups, moderation, organisations, people

app_name = "members"

urlpatterns = [
    path("account/", account.account, name="account"),
    path("account/data.json", account.data_export, name="data_export"),
    path("account/delete/", account.account_delete_view, name="account_delete"),
    path("directory/", directory.directory, name="directory"),
    path("directory/map.json", directory.directory_map, name="directory_map"),
    path(
        "organisations/register/",
        organisations.organisation_register_view,
        name="organisation_register",
    ),
    path(
        "organisations/<slug:slug>/edit/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisations/<slug:slug>/resubmit/",
        organisations.organisation_resubmit_view,
        name="organisation_resubmit",
    ),
    path(
        "organisations/<slug:slug>/history/",
        organisations.organisation_history,
        name="organisation_history",
    ),
    path(
        "organisations/<slug:slug>/confirm/",
        organisations.organisation_confirm_view,
        name="organisation_confirm",
    ),
    path(
        "organisations/<slug:slug>/confirm/<str:token>/",
        organisations.organisation_confirm_link,
        name="organisation_confirm_link",
    ),
    path("organisations/<slug:slug>/join/", people.organisation_join, name="organisation_join"),
    path(
        "organisations/<slug:slug>/members/",
        people.organisation_members,
        name="organisation_members",
    ),
    path(
        "organisations/<slug:slug>/members/invite/",
        people.organisation_invite,
        name="organisation_invite",
    ),
    path(
        "organisations/<slug:slug>/members/<int:pk>/",
        people.membership_update,
        name="membership_update",
    ),
    path(
        "organisations/<slug:slug>/join-requests/<int:pk>/",
        people.join_request_answer,
        name="join_request_answer",
    ),
    path(
        "organisations/<slug:slug>/moderate/",
        moderation.organisation_moderate,
        name="organisation_moderate",
    ),
    path(
        "organisations/<slug:slug>/archive/",
        moderation.organisation_archive_view,
        name="organisation_archive",
    ),
    path("invitations/<str:token>/", people.invitation_answer, name="invitation"),
    path(
        "coordination/<slug:territory>/queue/",
        moderation.moderation_queue,
        name="moderation_queue",
    ),
    # A working group's public page and the territory's list of them are the top floor's
    # (rrma/groups.py: they compose events and resources).
    path(
        "networks/<slug:territory>/groups/new/",
        groups.working_group_create,
        name="working_group_create",
    ),
    path(
        "networks/<slug:territory>/groups/<slug:slug>/edit/",
        groups.working_group_edit,
        name="working_group_edit",
    ),
]
