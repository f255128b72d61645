"""The library's pages: the list, a resource's page and its file, for everyone as far as they
may see them; the coordinators' pages to add, edit and delete resources.

Every resource is fetched through `Resource.objects.visible_to` (members.views.access.
object_for): a members-only resource does not exist for visitors, nor a draft for anyone but
the coordinators who manage it (404); a resource one sees but does not manage is refused
(403). Visitors' 404 on these pages invite them to log in, whether the resource exists or not
(so that it tells nothing of it)."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.permissions import publishing_territories
from members.views.access import capability_required, object_for
from toolbox.forms import relations_of
from toolbox.http import paginate, render_list

from . import services
from .filters import ResourceFilter
from .forms import ResourceForm
from .models import Resource
from .permissions import can_manage_resource, can_publish_resource

# What the browser may do with a file it is sent: nothing but show it (no script, no style,
# no form, no plugin, no navigation), whatever the file holds.
FILE_POLICY = "default-src 'none'; sandbox"


def resource_for(request, slug, capability=None) -> Resource:
    """The resource as the person may see it (404 otherwise), checked for `capability` (403)."""
    resources = Resource.objects.visible_to(request.user).select_related(
        "territory", "language", "working_group"
    )
    return object_for(request, resources, capability, slug=slug)


def inviting_visitors_to_log_in(view):
    """A 404 of the view answers visitors with the library's not-found page, which offers to
    log in (the resource may be for members only, or may not exist: it says so either way)."""

    @wraps(view)
    def answered(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if request.user.is_authenticated:
                raise
            query = urlencode({"next": request.get_full_path()})
            context = {"login_url": f"{reverse(settings.LOGIN_URL)}?{query}"}
            return render(request, "resources/not_found.html", context, status=404)

    return answered


def resource_list(request):
    """The resources the person may see matching the filters (a refused value is said on the
    form and left out), newest first, a page at a time with their themes; drafts too, for the
    coordinators who manage them."""
    user = request.user
    resources = (
        Resource.objects.visible_to(user)
        .select_related("territory", "language", "working_group")
        .order_by("-created_at", "-pk")
    )
    filterset = ResourceFilter(request.GET or None, queryset=resources)
    page = paginate(request, filterset.qs.prefetch_related("themes"))
    context = {"filter": filterset, "page": page, "can_publish": can_publish_resource(user)}
    return render_list(request, "resources/list.html", context)


@inviting_visitors_to_log_in
def resource_detail(request, slug):
    resource = resource_for(request, slug)
    return render(
        request,
        "resources/resource_detail.html",
        {
            "resource": resource,
            "themes": list(resource.themes.all()),
            "can_manage": can_manage_resource(request.user, resource),
        },
    )


@inviting_visitors_to_log_in
def download(request, slug):
    """The resource's file, read from private storage through the file field: shown when a
    raster picture, downloaded otherwise, under a name made from its title; never sniffed,
    and sandboxed should a browser open it anyway."""
    resource = resource_for(request, slug)
    if not resource.file:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        # The row outlived its file (a restore without the files): nothing to send.
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=resource.file_type or "application/octet-stream",
        as_attachment=not resource.shown_inline,
        filename=f"{slugify(resource.title) or 'resource'}.{resource.extension or 'bin'}",
    )
    # Browsers must not guess another type than the one the upload was checked to be.
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, the site's policy (ContentSecurityPolicyMiddleware) leaves it alone.
    response["Content-Security-Policy"] = FILE_POLICY
    return response


def _save(request, resource: Resource):
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        instance=resource,
        publishing=publishing_territories(request.user),
        download_url=reverse("resources:download", args=[resource.slug]) if resource.pk else "",
    )
    if request.method == "POST" and form.is_valid():
        created = resource.pk is None
        resource = services.resource_save(
            resource=form.save(commit=False), relations=relations_of(form), by=request.user
        )
        if created:
            messages.success(request, _("The resource has been added to the library."))
        else:
            messages.success(request, _("The resource has been saved."))
        return redirect(resource)
    context = {"form": form, "resource": resource if resource.pk else None}
    return render(request, "resources/resource_form.html", context)


@capability_required(can_publish_resource)
@require_http_methods(["GET", "POST"])
def resource_create(request):
    return _save(request, Resource())


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, slug):
    return _save(request, resource_for(request, slug, can_manage_resource))


@login_required
@require_POST
def resource_delete(request, slug):
    resource = resource_for(request, slug, can_manage_resource)
    services.resource_delete(resource=resource, by=request.user)
    messages.success(
        request, _("The resource “%(title)s” has been deleted.") % {"title": resource.title}
    )
    return redirect("resources:list")
