from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import acting, permissions
from ..enums import JoinRequestStatus
from ..forms import AccountDeletionForm
from ..personal_data import account_delete, organisations_needing_handover, personal_data_export


@login_required
def account(request):
    """The person's own page: their email addresses, security settings and roles."""
    user = request.user
    grants = list(acting.role_grants(user))
    return render(
        request,
        "members/account.html",
        {
            "emails": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            "grants": grants,
            "memberships": user.memberships.select_related("organisation__territory"),
            "join_requests": user.join_requests.filter(
                status=JoinRequestStatus.PENDING
            ).select_related("organisation"),
            "can_register": permissions.can_register_organisation(user),
            "is_site_admin": user.is_superuser,
            "has_two_factor": acting.has_two_factor(user),
            "privileged": acting.holds_privileged_role(user),
        },
    )


@login_required
def data_export(request):
    """Download all the personal data the portal holds about me (JSON)."""
    response = HttpResponse(
        personal_data_export(user=request.user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-rrma-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request):
    """Delete my account, once I am no organisation's last admin; asks for my password."""
    handover = organisations_needing_handover(request.user)
    form = AccountDeletionForm(request.user, request.POST or None)
    if request.method == "POST" and not handover and form.is_valid():
        user = request.user
        logout(request)
        account_delete(user=user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(request, "members/account_delete.html", {"form": form, "handover": handover})
