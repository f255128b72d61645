from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.models import Organisation

from .. import permissions
from ..forms import PartnerForm
from ..models import CaribbeanPartner


def partner_list(request):
    """The Caribbean partners of public projects, by country."""
    public = Q(projects__published=True, projects__lead__status=Organisation.Status.ACTIVE)
    partners = (
        CaribbeanPartner.objects.select_related("country")
        .annotate(project_count=Count("projects", filter=public, distinct=True))
        .filter(project_count__gt=0)
        .order_by("country__code", "name")
    )
    return render(
        request,
        "projects/partner_list.html",
        {"partners": partners, "can_curate": permissions.can_curate_partners(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    if not permissions.can_curate_partners(request.user):
        raise PermissionDenied
    partner = get_object_or_404(CaribbeanPartner, pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The partner record has been updated."))
        return redirect("projects:partners")
    return render(request, "projects/partner_form.html", {"form": form, "partner": partner})
