"""The coordinators' pages: create, edit, publish and unpublish calls, attach documents.

Every call is fetched through `Call.objects.visible_to` (members.views.access.object_for): a
draft of another territory does not exist for the person (404); a published call they may not
manage is refused (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.permissions import publishing_territories
from members.views.access import capability_required, object_for
from toolbox.forms import relations_of

from ..enums import CallStatus
from ..forms import CallDocumentForm, CallForm
from ..models import Call
from ..permissions import can_create_call, can_manage_call
from ..services import calls as services

DOCUMENT_PREFIX = "document"


def call_for(request, slug, capability=None) -> Call:
    """The call as the person may see it (404 otherwise), checked for `capability` (403)."""
    return object_for(request, Call.objects.visible_to(request.user), capability, slug=slug)


def _edit_page(request, call: Call, form: CallForm, document_form=None):
    """The call's form; for a saved call, its documents (and the form to add one) and its
    history."""
    context = {"form": form, "call": call if call.pk else None}
    if call.pk:
        context |= {
            "documents": list(call.documents.all()),
            "document_form": document_form or CallDocumentForm(prefix=DOCUMENT_PREFIX),
            "history": services.call_history(call=call),
        }
    return render(request, "calls/call_form.html", context)


def _save(request, call: Call):
    form = CallForm(
        request.POST or None, instance=call, publishing=publishing_territories(request.user)
    )
    if request.method == "POST" and form.is_valid():
        created = call.pk is None
        call = services.call_save(
            call=form.save(commit=False), relations=relations_of(form), by=request.user
        )
        if created:
            messages.success(
                request,
                _("The call has been saved as a draft: publish it from its page when it is ready."),
            )
        else:
            messages.success(request, _("The call has been saved."))
        return redirect(call)
    return _edit_page(request, call, form)


@capability_required(can_create_call)
@require_http_methods(["GET", "POST"])
def call_create(request):
    return _save(request, Call())


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request, slug):
    return _save(request, call_for(request, slug, can_manage_call))


@login_required
@require_POST
def call_status(request, slug):
    """Publish the call, or withdraw it from publication (the posted "status" names which)."""
    call = call_for(request, slug, can_manage_call)
    status = request.POST.get("status")
    if status == CallStatus.PUBLISHED:
        services.call_publish(call=call, by=request.user)
        messages.success(request, _("The call is published."))
    elif status == CallStatus.DRAFT:
        services.call_unpublish(call=call, by=request.user)
        messages.success(
            request, _("The call is withdrawn from publication: only its coordinators see it.")
        )
    else:
        # The page's buttons post one of the two: anything else is no request of theirs.
        raise BadRequest("Unknown call status.")
    return redirect(call)


def _documents_url(call: Call) -> str:
    return reverse("calls:call_edit", args=[call.slug]) + "#documents"


@login_required
@require_POST
def document_add(request, slug):
    call = call_for(request, slug, can_manage_call)
    form = CallDocumentForm(request.POST, request.FILES, prefix=DOCUMENT_PREFIX)
    if not form.is_valid():
        # The edit page again, the call's form as saved, the message next to the file.
        unchanged = CallForm(instance=call, publishing=publishing_territories(request.user))
        return _edit_page(request, call, unchanged, document_form=form)
    services.document_add(
        call=call,
        title=form.cleaned_data["title"],
        file=form.cleaned_data["file"],
        by=request.user,
    )
    messages.success(request, _("The document has been added."))
    return redirect(_documents_url(call))


@login_required
@require_POST
def document_delete(request, slug, pk):
    call = call_for(request, slug, can_manage_call)
    document = get_object_or_404(call.documents, pk=pk)
    services.document_delete(document=document, by=request.user)
    messages.success(request, _("The document has been deleted."))
    return redirect(_documents_url(call))
