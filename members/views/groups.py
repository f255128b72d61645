"""Creating and editing the networks' working groups (their coordinators, site admins). A
group's public page composes its meetings and documents: it is the top floor's
(rrma/groups.py)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import permissions
from ..forms import WorkingGroupForm
from ..models import Territory, WorkingGroup
from .access import object_for

logger = logging.getLogger(__name__)


def _edit(request, group: WorkingGroup):
    form = WorkingGroupForm(
        request.POST or None,
        instance=group,
        territories=Territory.objects.moderated_by(request.user),
    )
    if request.method == "POST" and form.is_valid():
        group = form.save()
        logger.info("Working group %s saved by user %s", group.pk, request.user.pk)
        messages.success(request, _("The working group has been saved."))
        return redirect(group)
    return render(
        request,
        "members/working_group_form.html",
        {"form": form, "group": group if group.pk else None, "territory": group.territory},
    )


@login_required
@require_http_methods(["GET", "POST"])
def working_group_create(request, territory):
    """A new working group of the territory (`can_create_working_group`: 403 for anyone else,
    404 for an unknown territory)."""
    territory = object_for(
        request, Territory.objects.all(), permissions.can_create_working_group, slug=territory
    )
    return _edit(request, WorkingGroup(territory=territory))


@login_required
@require_http_methods(["GET", "POST"])
def working_group_edit(request, territory, slug):
    """Edit a group (`can_manage_working_group`): every group's page is public, so anyone
    else is refused (403); a group of another territory than the address's is 404."""
    group = object_for(
        request,
        WorkingGroup.objects.select_related("territory"),
        permissions.can_manage_working_group,
        territory__slug=territory,
        slug=slug,
    )
    return _edit(request, group)
