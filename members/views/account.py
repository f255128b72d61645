from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import permissions


@login_required
def account(request):
    """The person's own page: their email addresses, security settings and roles."""
    user = request.user
    grants = list(user.role_grants.select_related("territory"))
    return render(
        request,
        "members/account.html",
        {
            "emails": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            "grants": grants,
            "memberships": user.memberships.select_related("organisation__territory"),
            "join_requests": user.join_requests.filter(status="pending").select_related(
                "organisation"
            ),
            "can_register": permissions.can_register_organisation(user),
            "is_site_admin": permissions.is_site_admin(user),
            "has_two_factor": permissions.has_two_factor(user),
            "privileged": permissions.holds_privileged_role(user),
        },
    )
