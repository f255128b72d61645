"""Where each person lands after logging in: one dashboard, with a panel per role they hold.

- everyone: their organisations (flagging records to confirm), their organisations' projects,
  their coming training registrations, their pending join requests and invitations, and the
  join requests awaiting their answer as an organisation's admin;
- coordinators (after 2FA): per territory, the moderation queue, the coming sessions with their
  fill rates, and the active records not confirmed for a year;
- State services and site admins (after 2FA): the census's headline figures for both
  territories and its latest changes.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import permissions
from members.enums import ChangeReason, OrganisationStatus
from members.models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    Territory,
)
from projects.models import Project
from trainings.models import Registration, Session, Training

from .census import census_territories

LIST_SIZE = 8
# What a change to a record was, from its history entry's reason or, failing that, its type.
CHANGES = {
    **dict(ChangeReason.choices),
    "+": _("Registration"),
    "~": _("Modification"),
    "-": _("Deletion"),
}


def _member_panel(user) -> dict:
    memberships = list(
        user.memberships.select_related("organisation__territory").order_by("organisation__name")
    )
    organisation_ids = [m.organisation_id for m in memberships]
    admin_of = [m.organisation_id for m in memberships if m.role == Membership.Role.ADMIN]
    now = timezone.now()
    return {
        "memberships": memberships,
        "projects": Project.objects.filter(lead__in=organisation_ids).order_by("-updated_at")[
            :LIST_SIZE
        ],
        "registrations": Registration.objects.active()
        .filter(user=user, session__ends_at__gte=now)
        .order_by("session__starts_at"),
        "join_requests": user.join_requests.filter(status=JoinRequest.Status.PENDING)
        .select_related("organisation")
        .order_by("-created_at"),
        "requests_to_answer": JoinRequest.objects.filter(
            organisation__in=admin_of, status=JoinRequest.Status.PENDING
        )
        .select_related("organisation", "user")
        .order_by("created_at"),
        "invitations": [
            invitation
            for invitation in Invitation.objects.filter(
                email__iexact=user.email, accepted_at__isnull=True
            ).select_related("organisation")
            if invitation.is_valid(now)
        ],
        "can_register": permissions.can_register_organisation(user),
    }


def _coordinator_panels(user) -> list[dict]:
    panels = []
    for territory in Territory.objects.coordinated_by(user):
        organisations = Organisation.objects.filter(territory=territory)
        stale = organisations.public().needing_confirmation().order_by("confirmed_at", "name")
        sessions = (
            Session.objects.upcoming()
            .filter(training__territory=territory)
            .exclude(training__status=Training.Status.CANCELLED)
            .select_related("training")
            .with_counts()
            .order_by("starts_at")[:LIST_SIZE]
        )
        panels.append(
            {
                "territory": territory,
                "pending": organisations.filter(status=Organisation.Status.PENDING).order_by(
                    "created_at"
                ),
                "sessions": [
                    {
                        "session": s,
                        "fill_rate": round(100 * s.confirmed_count / s.capacity),
                    }
                    for s in sessions
                ],
                "stale_count": stale.count(),
                "stale": stale.select_related("commune")[:LIST_SIZE],
            }
        )
    return panels


def _state_panel(user) -> dict | None:
    if not permissions.can_read_both_territories(user):
        return None
    year_start = timezone.localdate().replace(month=1, day=1)
    territories = census_territories(user).annotate(
        active=Count(
            "organisations",
            filter=Q(organisations__status=OrganisationStatus.ACTIVE),
            distinct=True,
        ),
        pending=Count(
            "organisations",
            filter=Q(organisations__status=OrganisationStatus.PENDING),
            distinct=True,
        ),
    )
    stale = dict(
        Organisation.objects.public()
        .needing_confirmation()
        .values_list("territory")
        .annotate(n=Count("pk"))
    )
    projects = dict(
        Project.objects.exclude(status__in=[Project.Status.COMPLETED, Project.Status.ABANDONED])
        .values_list("lead__territory")
        .annotate(n=Count("pk"))
    )
    sessions = dict(
        Session.objects.published()
        .filter(starts_at__date__gte=year_start)
        .values_list("training__territory")
        .annotate(n=Count("pk"))
    )
    participants = dict(
        Registration.objects.filter(
            status__in=Registration.HOLDS_A_SEAT,
            session__in=Session.objects.published(),
            session__starts_at__date__gte=year_start,
        )
        .values_list("session__training__territory")
        .annotate(n=Count("pk"))
    )
    figures = [
        {
            "territory": t,
            "active": t.active,
            "pending": t.pending,
            "stale": stale.get(t.pk, 0),
            "projects": projects.get(t.pk, 0),
            "sessions": sessions.get(t.pk, 0),
            "participants": participants.get(t.pk, 0),
        }
        for t in territories
    ]
    # Saving a record and its lists writes several history entries at once: the latest entry
    # of each record stands for them.
    entries = Organisation.history.select_related("territory").order_by("-history_date")
    changes, seen = [], set()
    for entry in entries[: LIST_SIZE * 6]:
        if entry.id in seen:
            continue
        seen.add(entry.id)
        what = CHANGES.get(entry.history_change_reason or "", CHANGES[entry.history_type])
        changes.append({"entry": entry, "what": what})
        if len(changes) == LIST_SIZE:
            break
    return {
        "figures": figures,
        "changes": changes,
        "new_projects": Project.objects.order_by("-created_at")[:5],
    }


@login_required
def dashboard(request):
    user = request.user
    member = _member_panel(user)
    coordinator_panels = _coordinator_panels(user)
    state = _state_panel(user)
    return render(
        request,
        "rrma/dashboard.html",
        {
            "member": member,
            "coordinator_panels": coordinator_panels,
            "state": state,
            # Staff who belong to no organisation have no use for the member panels.
            "show_member": bool(
                member["memberships"] or member["invitations"] or member["join_requests"]
            )
            or not (coordinator_panels or state),
        },
    )
