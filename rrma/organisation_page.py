"""An organisation's page: its record (members), its projects (projects) and, for those who
read its private fields, its training history (trainings) and its support requests (support).
It composes several apps, hence its place on the top floor; each part comes through its app's
scopes, never the template."""

from django.conf import settings
from django.db.models import F
from django.shortcuts import render

from members import acting, permissions
from members.enums import JoinRequestStatus
from members.models import ContactPerson, JoinRequest, Organisation
from members.views.access import organisation_for
from projects.models import Project
from support.models import SupportRequest
from support.permissions import can_ask_support
from trainings.models import Registration


def organisation_detail(request, slug):
    """The record: public fields for all; contact persons, status and training history for
    those allowed."""
    organisation = organisation_for(
        request,
        slug,
        queryset=Organisation.objects.select_related("territory", "commune").prefetch_related(
            "themes", "countries", "languages", "sdgs"
        ),
    )
    user = request.user
    pending_request = (
        user.is_authenticated
        and JoinRequest.objects.filter(
            user=user, organisation=organisation, status=JoinRequestStatus.PENDING
        ).exists()
    )
    latitude, longitude = organisation.position
    point = {"name": organisation.name, "url": "", "lat": latitude, "lon": longitude}
    return render(
        request,
        "rrma/organisation.html",
        {
            "organisation": organisation,
            "map_points": [point],
            "tile_url": settings.MAP_TILE_URL,
            "contacts": ContactPerson.objects.visible_to(user).filter(organisation=organisation),
            "led_projects": Project.objects.visible_to(user).filter(lead=organisation),
            "partner_projects": Project.objects.public()
            .filter(local_partners=organisation)
            .select_related("lead"),
            "registrations": Registration.objects.of_organisations_readable_by(user)
            .filter(organisation=organisation)
            .select_related("session__training", "user")
            .order_by("-session__starts_at"),
            # Open ones first, then the latest: an organisation has a few a year.
            "support_requests": SupportRequest.objects.visible_to(user)
            .filter(organisation=organisation)
            .select_related("assignee")
            .order_by(F("ended_at").asc(nulls_first=True), "-created_at", "-pk"),
            "can_ask_support": can_ask_support(user) and acting.acts_for(user, organisation.pk),
            "private": permissions.can_read_private(user, organisation),
            "pending_request": pending_request,
            "can_edit": permissions.can_edit_organisation(user, organisation),
            "can_manage": permissions.can_manage_members(user, organisation),
            "can_moderate": permissions.can_moderate(user, organisation),
            "can_resubmit": permissions.can_resubmit_organisation(user, organisation),
            "can_join": permissions.can_ask_to_join(user, organisation) and not pending_request,
        },
    )
