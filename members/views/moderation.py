"""Coordinators moderate their own territory's organisations (404 for any other)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from toolbox.http import base_url, paginate

from ..forms import RefusalForm
from ..models import Organisation
from ..services import (
    duplicates_find,
    organisation_archive,
    organisation_refuse,
    organisation_validate,
)
from .access import organisation_to_moderate, territory_to_moderate


@login_required
def moderation_queue(request, territory):
    """Pending organisations of the territory, oldest first, a page at a time, each with its
    duplicate suspicions."""
    territory = territory_to_moderate(request, territory)
    page = paginate(
        request,
        Organisation.objects.filter(territory=territory, status=Organisation.Status.PENDING)
        .select_related("commune")
        .order_by("created_at", "pk"),
    )
    items = [
        {
            "organisation": organisation,
            "duplicates": duplicates_find(
                name=organisation.name,
                territory=territory,
                siret=organisation.siret,
                rna=organisation.rna,
                exclude_pk=organisation.pk,
            ),
        }
        for organisation in page
    ]
    return render(
        request,
        "members/moderation_queue.html",
        {"territory": territory, "items": items, "page": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_moderate(request, slug):
    """Validate, or refuse with a reason."""
    organisation = organisation_to_moderate(request, slug)
    refusal = RefusalForm(request.POST if request.POST.get("decision") == "refuse" else None)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "validate":
            organisation_validate(
                organisation=organisation, by=request.user, base_url=base_url(request)
            )
            messages.success(
                request, _("%(name)s is validated and now public.") % {"name": organisation.name}
            )
            return redirect("members:moderation_queue", territory=organisation.territory.slug)
        if decision == "refuse" and refusal.is_valid():
            organisation_refuse(
                organisation=organisation,
                by=request.user,
                reason=refusal.cleaned_data["reason"],
                base_url=base_url(request),
            )
            messages.success(request, _("%(name)s is refused.") % {"name": organisation.name})
            return redirect("members:moderation_queue", territory=organisation.territory.slug)
    duplicates = duplicates_find(
        name=organisation.name,
        territory=organisation.territory,
        siret=organisation.siret,
        rna=organisation.rna,
        exclude_pk=organisation.pk,
    )
    return render(
        request,
        "members/organisation_moderate.html",
        {"organisation": organisation, "refusal": refusal, "duplicates": duplicates},
    )


@login_required
@require_POST
def organisation_archive_view(request, slug):
    organisation = organisation_to_moderate(request, slug)
    organisation_archive(organisation=organisation, by=request.user)
    messages.success(request, _("%(name)s is archived.") % {"name": organisation.name})
    return redirect(organisation)
