"""An organisation's people: join requests, invitations, roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from toolbox.http import base_url
from toolbox.ratelimit import throttled

from .. import acting, permissions
from ..forms import InvitationForm, JoinRequestForm, MembershipRoleForm
from ..models import Invitation, JoinRequest, Membership
from ..services import (
    MembershipError,
    invitation_accept,
    invitation_create,
    join_request_create,
    join_request_decide,
    membership_remove,
    membership_set_role,
)
from .access import capability_required, organisation_for


@login_required
@require_http_methods(["GET", "POST"])
@throttled("join_request")
def organisation_join(request, slug):
    """Ask to join an organisation; its admins accept or refuse."""
    organisation = organisation_for(request, slug, permissions.can_ask_to_join)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            join_request_create(
                user=request.user,
                organisation=organisation,
                message=form.cleaned_data["message"],
                base_url=base_url(request),
            )
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Your request has been sent to the organisation's administrators.")
            )
        return redirect(organisation)
    return render(
        request, "members/organisation_join.html", {"organisation": organisation, "form": form}
    )


def _members_page(request, organisation, invite_form):
    return render(
        request,
        "members/organisation_members.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user").order_by(
                "role", "user__email"
            ),
            "join_requests": organisation.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("user"),
            "invitations": [i for i in organisation.invitations.all() if i.is_valid()],
            "invite_form": invite_form,
            "role_choices": Membership.Role.choices,
        },
    )


@login_required
def organisation_members(request, slug):
    organisation = organisation_for(request, slug, permissions.can_manage_members)
    return _members_page(request, organisation, InvitationForm())


@login_required
@require_POST
@throttled("invite")
def organisation_invite(request, slug):
    """Invite someone; a wrong address is said next to its field, on the members page."""
    organisation = organisation_for(request, slug, permissions.can_manage_members)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                base_url=base_url(request),
            )
        except MembershipError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("members:organisation_members", slug=organisation.slug)
    return _members_page(request, organisation, form)


@login_required
@require_POST
def membership_update(request, slug, pk):
    """Change a member's role, or remove them ("action" = "role" or "remove")."""
    organisation = organisation_for(request, slug, permissions.can_manage_members)
    membership = get_object_or_404(organisation.memberships, pk=pk)
    try:
        if request.POST.get("action") == "remove":
            membership_remove(membership=membership)
            messages.success(request, _("%(person)s was removed.") % {"person": membership.user})
        else:
            form = MembershipRoleForm(request.POST)
            if not form.is_valid():
                raise MembershipError(_("Choose a valid role."))
            membership_set_role(membership=membership, role=form.cleaned_data["role"])
            messages.success(request, _("Role updated."))
    except MembershipError as error:
        messages.error(request, str(error))
    acting.forget_cached_roles(request.user)
    if not permissions.can_manage_members(request.user, organisation):
        return redirect(organisation)
    return redirect("members:organisation_members", slug=organisation.slug)


@login_required
@require_POST
def join_request_answer(request, slug, pk):
    organisation = organisation_for(request, slug, permissions.can_manage_members)
    join_request = get_object_or_404(
        organisation.join_requests.select_related("user"), pk=pk, status=JoinRequest.Status.PENDING
    )
    accept = request.POST.get("decision") == "accept"
    join_request_decide(
        join_request=join_request, by=request.user, accept=accept, base_url=base_url(request)
    )
    if accept:
        messages.success(request, _("%(person)s joined.") % {"person": join_request.user})
    else:
        messages.success(request, _("Request refused."))
    return redirect("members:organisation_members", slug=organisation.slug)


@capability_required(permissions.can_register_organisation)
@require_http_methods(["GET", "POST"])
def invitation_answer(request, token):
    """The link of an invitation email. The link itself is the proof of the invitation."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    if request.method == "POST":
        try:
            invitation_accept(invitation=invitation, user=request.user)
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("You now belong to %(organisation)s.")
                % {"organisation": invitation.organisation},
            )
            return redirect(invitation.organisation)
    return render(request, "members/invitation.html", {"invitation": invitation})
