from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from toolbox.forms import formset_changes, relations_of
from toolbox.http import base_url
from toolbox.ratelimit import throttled

from .. import permissions
from ..forms import ContactPersonFormSet, OrganisationForm, RegistrationForm
from ..history import history_entries
from ..models import Organisation
from ..services import (
    ConfirmationLinkExpired,
    ContactDetails,
    Duplicates,
    duplicates_find,
    organisation_confirm,
    organisation_register,
    organisation_resubmit,
    organisation_update,
    record_confirmation_check,
)
from .access import capability_required, organisation_for


@capability_required(permissions.can_register_organisation)
@require_http_methods(["GET", "POST"])
@throttled("register_organisation")
def organisation_register_view(request):
    """Register an organisation: it stays pending, invisible to the public, until validated.

    Before creating, look for the same SIRET or RNA (impossible to register twice) and for a
    very similar name in the territory (the applicant confirms, or asks to join instead).
    """
    form = RegistrationForm(request.POST or None, request.FILES or None)
    duplicates = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            duplicates = duplicates_find(name=data["name"], territory=data["commune"].territory)
            if duplicates.similar_name and not data["confirm_not_duplicate"]:
                form.add_error(
                    "confirm_not_duplicate",
                    _("Organisations with a very similar name exist: is yours among them?"),
                )
            else:
                try:
                    organisation = _register(request, form)
                except IntegrityError:
                    form.add_error(
                        None, _("An organisation with this number is already registered.")
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you! Your organisation is registered and awaits validation "
                            "by the coordinators of its territory, who have been told."
                        ),
                    )
                    return redirect(organisation)
        elif form.identifier_matches:
            duplicates = Duplicates(same_identifier=form.identifier_matches, similar_name=[])
    return render(
        request,
        "members/organisation_register.html",
        {"form": form, "duplicates": duplicates},
    )


def _register(request, form: RegistrationForm) -> Organisation:
    data = form.cleaned_data
    return organisation_register(
        organisation=form.save(commit=False),
        relations=relations_of(form),
        registrant=request.user,
        contact=ContactDetails(
            name=data["contact_name"],
            role=data["contact_role"],
            phone=data["contact_phone"],
            public=data["contact_public"],
        ),
        base_url=base_url(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    organisation = organisation_for(request, slug, permissions.can_edit_organisation)
    previous_territory_id = organisation.territory_id
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    contacts = ContactPersonFormSet(request.POST or None, instance=organisation, prefix="contacts")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        try:
            saved, removed = formset_changes(contacts)
            moved = organisation_update(
                organisation=form.save(commit=False),
                relations=relations_of(form),
                contacts=saved,
                removed_contacts=removed,
                previous_territory_id=previous_territory_id,
                by=request.user,
                base_url=base_url(request),
            )
        except IntegrityError:
            form.add_error(None, _("An organisation with this number is already registered."))
        else:
            messages.success(request, _("The record has been updated."))
            if moved:
                messages.info(
                    request,
                    _(
                        "The organisation now belongs to %(territory)s: it awaits validation "
                        "by that network's coordinators, who have been told."
                    )
                    % {"territory": organisation.territory.name},
                )
            if not permissions.can_edit_organisation(request.user, organisation):
                return redirect("dashboard")
            return redirect(organisation)
    return render(
        request,
        "members/organisation_edit.html",
        {"organisation": organisation, "form": form, "contacts": contacts},
    )


@login_required
@require_POST
def organisation_resubmit_view(request, slug):
    """Its admins send a corrected, refused record back to the coordinators."""
    organisation = organisation_for(request, slug, permissions.can_resubmit_organisation)
    organisation_resubmit(organisation=organisation, by=request.user, base_url=base_url(request))
    messages.success(
        request,
        _("The record is sent again to the coordinators of %(territory)s, who have been told.")
        % {"territory": organisation.territory.name},
    )
    return redirect(organisation)


@login_required
def organisation_history(request, slug):
    """Every change to the record: who, when, what. For those who moderate it."""
    organisation = organisation_for(request, slug, permissions.can_moderate)
    entries = history_entries(organisation)
    return render(
        request,
        "members/organisation_history.html",
        {"organisation": organisation, "entries": entries},
    )


@login_required
@require_POST
def organisation_confirm_view(request, slug):
    """Those who edit a record confirm, from its page, that it is still accurate."""
    organisation = organisation_for(request, slug, permissions.can_edit_organisation)
    organisation_confirm(organisation=organisation, by=request.user)
    messages.success(request, _("Thank you: the record is confirmed as accurate."))
    return redirect(organisation)


@require_http_methods(["GET", "POST"])
def organisation_confirm_link(request, slug, token):
    """The personal link emailed to admins: confirm the record without logging in.

    A forged link, or one for another record or a person who no longer edits it, is a 404.
    The GET only shows the record: mail scanners that follow links confirm nothing.
    """
    organisation = get_object_or_404(
        Organisation.objects.public().select_related("territory", "commune"), slug=slug
    )
    try:
        admin = record_confirmation_check(organisation=organisation, token=token)
    except ConfirmationLinkExpired:
        return render(
            request,
            "members/organisation_confirm.html",
            {"organisation": organisation, "expired": True},
            status=410,
        )
    if admin is None:
        raise Http404
    confirmed = request.method == "POST"
    if confirmed:
        organisation_confirm(organisation=organisation, by=admin)
    return render(
        request,
        "members/organisation_confirm.html",
        {"organisation": organisation, "confirmed": confirmed},
    )
