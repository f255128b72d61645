"""The networks' working groups as everyone reads them: a territory's list, and each group's
page with its member organisations (members), its meetings (trainings: events naming the
group) and its documents (resources). It composes three apps, hence its place on the top floor;
each part comes through its app's scopes, in a few queries whatever the group's size."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from members import permissions
from members.models import Territory, WorkingGroup
from members.models.organisations import public_organisations
from resources.models import Resource
from toolbox.text import normalize_text
from trainings.models import Session

# A group's page shows this many of its coming meetings, of its past ones, of its documents.
MEETINGS_SHOWN = 10
DOCUMENTS_SHOWN = 20


def working_groups(request, territory):
    """A territory's working groups: those still meeting, then the closed ones."""
    territory = get_object_or_404(Territory, slug=territory)
    groups = sorted(
        WorkingGroup.objects.filter(territory=territory)
        .select_related("territory")
        .annotate(members=Count("organisations", filter=public_organisations("organisations__")))
        .prefetch_related("themes"),
        key=lambda group: normalize_text(group.name),
    )
    return render(
        request,
        "rrma/working_groups.html",
        {
            "territory": territory,
            "active": [group for group in groups if group.is_active],
            "closed": [group for group in groups if not group.is_active],
            "can_create": permissions.can_create_working_group(request.user, territory),
        },
    )


def working_group(request, territory, slug):
    """A group's page, the same for everyone but what they may see: its meetings as the
    person sees events (drafts to their coordinators), its documents as they read resources
    (members-only ones to members)."""
    group = get_object_or_404(
        WorkingGroup.objects.select_related("territory").prefetch_related("themes"),
        territory__slug=territory,
        slug=slug,
    )
    user = request.user
    meetings = (
        Session.objects.visible_to(user)
        .filter(training__working_group=group)
        .select_related("training__territory", "commune")
    )
    return render(
        request,
        "rrma/working_group.html",
        {
            "group": group,
            "members": sorted(group.organisations.public(), key=lambda o: normalize_text(o.name)),
            "coming": meetings.upcoming().order_by("starts_at", "pk")[:MEETINGS_SHOWN],
            "past": meetings.past().order_by("-starts_at", "-pk")[:MEETINGS_SHOWN],
            "documents": Resource.objects.visible_to(user).filter(working_group=group)[
                :DOCUMENTS_SHOWN
            ],
            "can_manage": permissions.can_manage_working_group(user, group),
        },
    )
