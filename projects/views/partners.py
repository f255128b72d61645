from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.views.access import capability_required

from .. import permissions
from ..forms import PartnerForm
from ..models import CaribbeanPartner, public_projects


def partner_list(request):
    """The Caribbean partners of public projects, by country."""
    partners = (
        CaribbeanPartner.objects.select_related("country")
        .annotate(
            project_count=Count("projects", filter=public_projects("projects__"), distinct=True)
        )
        .filter(project_count__gt=0)
        .order_by("country__code", "name")
    )
    return render(
        request,
        "projects/partner_list.html",
        {"partners": partners, "can_curate": permissions.can_curate_partners(request.user)},
    )


@capability_required(permissions.can_curate_partners)
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    partner = get_object_or_404(CaribbeanPartner, pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The partner record has been updated."))
        return redirect("projects:partners")
    return render(request, "projects/partner_form.html", {"form": form, "partner": partner})
