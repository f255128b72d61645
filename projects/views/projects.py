from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.enums import OrganisationStatus
from members.models import Organisation
from members.views.access import capability_required, object_for
from toolbox.forms import formset_changes, relations_of

from .. import permissions
from ..forms import FundingLineFormSet, NewPartnerFormSet, ProjectForm
from ..models import Project
from ..services import NewPartner, project_publish, project_save, project_unpublish


def lead_choices(user):
    """The organisations whose projects the person may declare: those they act for, unless
    refused."""
    return Organisation.objects.acted_for_by(user).exclude(status=OrganisationStatus.REFUSED)


def project_for(request, slug, capability=None) -> Project:
    """The project as the person may see it (404 otherwise), checked for `capability` (403)."""
    visible = Project.objects.visible_to(request.user).select_related("lead__territory")
    return object_for(request, visible, capability, slug=slug)


def project_detail(request, slug):
    project = project_for(request, slug)
    lines = list(project.funding_lines.select_related("call"))
    user = request.user
    amounts = permissions.can_read_amounts(user, project)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "lines": lines,
            "funders": sorted({line.get_funder_display() for line in lines}),
            "amounts": amounts,
            "summary": project.funding_summary(lines) if amounts else None,
            "partners": project.caribbean_partners.select_related("country"),
            "local_partners": project.local_partners.public(),
            "can_edit": permissions.can_edit_project(user, project),
            "can_unpublish": permissions.can_unpublish_project(user, project),
        },
    )


def _edit(request, project, leads):
    form = ProjectForm(request.POST or None, instance=project, leads=leads)
    funding = FundingLineFormSet(request.POST or None, instance=project, prefix="funding")
    new_partners = NewPartnerFormSet(request.POST or None, prefix="partners")
    if request.method == "POST":
        form.is_valid()
        funding.total_budget = form.cleaned_data.get("total_budget")
    if request.method == "POST" and all(f.is_valid() for f in (form, funding, new_partners)):
        lines, removed = formset_changes(funding)
        project = project_save(
            project=form.save(commit=False),
            relations=relations_of(form),
            funding_lines=lines,
            removed_lines=removed,
            new_partners=[
                NewPartner(name=row["name"], country=row["country"], kind=row["kind"])
                for row in new_partners.cleaned_data
                if row
            ],
            by=request.user,
        )
        messages.success(request, _("The project has been saved."))
        return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "funding": funding,
            "new_partners": new_partners,
            "project": project if project.pk else None,
        },
    )


@capability_required(permissions.can_declare_project)
@require_http_methods(["GET", "POST"])
def project_create(request):
    return _edit(request, Project(), lead_choices(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, slug):
    project = project_for(request, slug, permissions.can_edit_project)
    return _edit(request, project, lead_choices(request.user))


@login_required
@require_POST
def project_publish_view(request, slug):
    project = project_for(request, slug, permissions.can_edit_project)
    project_publish(project=project, by=request.user)
    if not project.lead.is_public:
        messages.info(
            request,
            _("The project will appear in the catalogue once its organisation is validated."),
        )
    else:
        messages.success(request, _("The project is published."))
    return redirect(project)


@login_required
@require_POST
def project_unpublish_view(request, slug):
    project = project_for(request, slug, permissions.can_unpublish_project)
    project_unpublish(project=project, by=request.user)
    messages.success(request, _("The project is no longer public."))
    return redirect(project)
