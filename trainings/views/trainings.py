from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from members.models import Territory
from members.views.access import capability_required, object_for
from resources.models import Resource
from toolbox.forms import formset_changes, relations_of, shown_unchecked
from toolbox.http import base_url
from toolbox.ratelimit import throttled

from .. import permissions
from ..enums import TrainingKind
from ..forms import RegistrationForm, SessionFormSet, TrainingForm
from ..ics import calendar_of
from ..models import Registration, Session, Training
from ..services import (
    RegistrationError,
    SessionsError,
    registration_create,
    training_cancel,
    training_publish,
    training_save,
)


def training_for(request, slug, capability=None) -> Training:
    """The training as the person may see it (404 otherwise), checked for `capability` (403)."""
    visible = Training.objects.visible_to(request.user).select_related(
        "territory", "language", "working_group__territory"
    )
    return object_for(request, visible, capability, slug=slug)


def session_for(request, pk, capability=None) -> Session:
    """The session as the person may see it (404 otherwise), checked for `capability` (403)."""
    visible = Session.objects.visible_to(request.user).select_related(
        "training__territory", "commune"
    )
    return object_for(request, visible, capability, pk=pk)


def training_detail(request, slug, event=False):
    """A training's page (`/trainings/<slug>/`) or an event's (`/events/<slug>/`, `event`):
    each address sends the other kind to its own once the person may see it; for now only (302):
    a coordinator may change its kind, and a redirect browsers kept would then loop."""
    training = training_for(request, slug)
    if training.is_event != event:
        return redirect(training)
    user = request.user
    sessions = list(training.sessions.select_related("commune").with_counts())
    # Its materials as the person may read them (members-only ones for members).
    materials = Resource.objects.visible_to(user).filter(trainings=training).order_by("title", "pk")
    mine = {}
    if user.is_authenticated:
        mine = {
            r.session_id: r
            for r in Registration.objects.active().filter(user=user, session__training=training)
        }
    organisations = permissions.registering_organisations(user, training)
    return render(
        request,
        "trainings/training_detail.html",
        {
            "training": training,
            "sessions": sessions,
            "materials": materials,
            "mine": mine,
            "register_form": RegistrationForm(organisations=organisations),
            "can_register": user.is_authenticated and organisations.exists(),
            "can_manage": permissions.can_manage_training(user, training),
        },
    )


def _edit(request, training, territories):
    form = TrainingForm(
        request.POST or None, instance=training, territories=territories, user=request.user
    )
    sessions = SessionFormSet(request.POST or None, instance=training, prefix="sessions")
    if form.searched:
        # The materials' search: the form comes back as typed, its sessions too.
        shown_unchecked(sessions)
    if request.method == "POST" and form.is_valid() and sessions.is_valid():
        new = [f.instance for f in (form, *sessions.forms) if f.instance.pk is None]
        saved, removed = formset_changes(sessions)
        try:
            promoted = training_save(
                training=form.save(commit=False),
                relations=relations_of(form),
                sessions=saved,
                removed_sessions=removed,
                by=request.user,
                base_url=base_url(request),
            )
        except SessionsError as error:
            # Rolled back: what the save created does not exist; the page shows the form again.
            for instance in new:
                instance.pk, instance._state.adding = None, True
            sessions._non_form_errors.append(str(error))
        else:
            saved = form.instance
            messages.success(
                request,
                saved.worded(_("The training has been saved."), _("The event has been saved.")),
            )
            if promoted:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s person on the waiting list got a seat and was told.",
                        "%(count)s people on the waiting list got a seat and were told.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )
            return redirect(saved)
    return render(
        request,
        "trainings/training_form.html",
        {
            "form": form,
            "sessions": sessions,
            "training": training if training.pk else None,
            "is_event": form.is_event,
        },
    )


@capability_required(permissions.can_create_training)
@require_http_methods(["GET", "POST"])
def training_create(request, kind=TrainingKind.TRAINING):
    """A new training (`/trainings/new/`), or a new event (`/events/new/`, `kind` preset to a
    general assembly): one form, whose kind the coordinator may change."""
    return _edit(request, Training(kind=kind), Territory.objects.moderated_by(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request, slug):
    training = training_for(request, slug, permissions.can_manage_training)
    return _edit(request, training, Territory.objects.moderated_by(request.user))


@login_required
@require_POST
def training_status(request, slug):
    """Publish, or cancel, a training (the posted "status" names which)."""
    training = training_for(request, slug, permissions.can_manage_training)
    status = request.POST.get("status")
    if status == Training.Status.PUBLISHED:
        training_publish(training=training, by=request.user)
        messages.success(
            request, training.worded(_("The training is published."), _("The event is published."))
        )
    elif status == Training.Status.CANCELLED:
        cancelled = training_cancel(training=training, by=request.user, base_url=base_url(request))
        message = training.worded(
            ngettext(
                "The training is cancelled: %(count)s registration was cancelled and its "
                "participant told by email.",
                "The training is cancelled: %(count)s registrations were cancelled and their "
                "participants told by email.",
                cancelled,
            ),
            ngettext(
                "The event is cancelled: %(count)s registration was cancelled and its "
                "participant told by email.",
                "The event is cancelled: %(count)s registrations were cancelled and their "
                "participants told by email.",
                cancelled,
            ),
        )
        messages.success(request, message % {"count": cancelled})
    return redirect(training)


@login_required
@require_POST
@throttled("register_for_session")
def session_register(request, pk):
    session = session_for(request, pk, permissions.can_register)
    organisations = permissions.registering_organisations(request.user, session.training)
    form = RegistrationForm(request.POST, organisations=organisations)
    if not form.is_valid():
        messages.error(request, _("Choose the organisation you register for."))
        return redirect(session.training)
    try:
        registration = registration_create(
            session=session,
            user=request.user,
            organisation=form.cleaned_data["organisation"],
            base_url=base_url(request),
        )
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            {
                Registration.Status.CONFIRMED: _(
                    "You are registered: a confirmation email is on its way."
                ),
                Registration.Status.WAITLISTED: _(
                    "The session is full: you are on the waiting list."
                ),
                Registration.Status.PENDING: _(
                    "Your registration awaits the coordinators' approval."
                ),
            }[registration.status],
        )
    return redirect(session.training)


def session_ics(request, pk):
    """One session as an .ics file; the online link only for its confirmed participants."""
    session = session_for(request, pk)
    confirmed = (
        request.user.is_authenticated
        and session.registrations.filter(
            user=request.user, status=Registration.Status.CONFIRMED
        ).exists()
    )
    data = calendar_of(
        [session],
        name=session.training.title,
        base_url=base_url(request),
        links_for={session.pk} if confirmed else set(),
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response
