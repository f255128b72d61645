from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.views.access import object_for
from toolbox.http import base_url
from toolbox.ratelimit import throttled
from toolbox.spreadsheets import csv_response

from .. import permissions
from ..forms import AttendanceForm, ChosenRegistrationForm, EmailRegistrantsForm, PromotionForm
from ..models import Registration, Session
from ..services import (
    RegistrationError,
    attendance_mark,
    registration_approve,
    registration_cancel,
    registration_promote,
    session_email_registrants,
)
from .trainings import session_for


@login_required
def my_trainings(request):
    registrations = (
        Registration.objects.filter(user=request.user)
        .select_related("session__training__territory", "session__commune", "organisation")
        .order_by("-session__starts_at")
    )
    now = timezone.now()
    return render(
        request,
        "trainings/my_trainings.html",
        {
            "coming": [r for r in registrations if r.session.ends_at >= now],
            "past": [r for r in registrations if r.session.ends_at < now],
        },
    )


@login_required
@require_POST
def registration_cancel_view(request, pk):
    registration = object_for(
        request,
        Registration.objects.cancellable_by(request.user).select_related("session__training"),
        pk=pk,
    )
    try:
        registration_cancel(registration=registration, by=request.user, base_url=base_url(request))
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The registration is cancelled."))
    if registration.user_id == request.user.pk:
        return redirect("trainings:mine")
    return redirect("trainings:registrants", pk=registration.session_id)


def session_to_manage(request, pk) -> Session:
    """The session if the person runs its training: 404 when they cannot see it (a draft of
    another territory), 403 when they see it but do not run it."""
    return session_for(request, pk, permissions.can_manage_session)


def _chosen_registration(request, session) -> Registration:
    """The session's registration the posted button names; 404 for any other value."""
    chosen = ChosenRegistrationForm(request.POST, registrations=session.registrations.all())
    if not chosen.is_valid():
        raise Http404
    return chosen.cleaned_data["registration"]


def _registrations(session):
    return session.registrations.select_related("user", "organisation").order_by("created_at", "pk")


@login_required
@require_http_methods(["GET", "POST"])
@throttled("email_registrants", when=lambda request: request.POST.get("action") == "email")
def registrants(request, pk):
    """Coordinators see the registrants, approve, mark attendance and write to them."""
    session = session_to_manage(request, pk)
    seated = session.registrations.filter(status__in=Registration.HOLDS_A_SEAT).select_related(
        "user", "organisation"
    )
    action = request.POST.get("action")
    attendance = AttendanceForm(
        request.POST if action == "attendance" else None,
        registrations=seated,
        initial={"present": [r.pk for r in seated if r.status == Registration.Status.ATTENDED]},
    )
    email = EmailRegistrantsForm(request.POST if action == "email" else None)
    if request.method == "POST":
        try:
            if action == "approve":
                registration = _chosen_registration(request, session)
                registration = registration_approve(
                    registration=registration, base_url=base_url(request)
                )
                if registration.status == Registration.Status.CONFIRMED:
                    messages.success(
                        request,
                        _("Registration approved: %(person)s has a seat and was told.")
                        % {"person": registration.user},
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "Registration approved, but the session is full: %(person)s is on "
                            "the waiting list and was told. Promote them to give them a seat."
                        )
                        % {"person": registration.user},
                    )
                return redirect("trainings:registrants", pk=session.pk)
            if action == "promote":
                registration = _chosen_registration(request, session)
                promotion = PromotionForm(request.POST, prefix=f"promote-{registration.pk}")
                if not promotion.is_valid():
                    raise RegistrationError(
                        _("Say why this person goes ahead of the waiting list.")
                    )
                before = session.capacity
                session = registration_promote(
                    registration=registration,
                    by=request.user,
                    reason=promotion.cleaned_data["reason"],
                    base_url=base_url(request),
                )
                message = _("%(person)s has a seat and was told.") % {"person": registration.user}
                if session.capacity > before:
                    message += " " + _(
                        "The session was full: its capacity is now %(capacity)s."
                    ) % {"capacity": session.capacity}
                messages.success(request, message)
                return redirect("trainings:registrants", pk=session.pk)
            if action == "attendance" and attendance.is_valid():
                attendance_mark(
                    session=session, attended={r.pk for r in attendance.cleaned_data["present"]}
                )
                messages.success(request, _("Attendance recorded."))
                return redirect("trainings:registrants", pk=session.pk)
            if action == "email" and email.is_valid():
                sent = session_email_registrants(
                    session=session, base_url=base_url(request), **email.cleaned_data
                )
                messages.success(request, _("Message sent to %(count)s people.") % {"count": sent})
                return redirect("trainings:registrants", pk=session.pk)
        except RegistrationError as error:
            messages.error(request, str(error))
    return render(
        request,
        "trainings/registrants.html",
        {
            "session": session,
            "registrations": _registrations(session),
            "attendance": attendance,
            "email": email,
            "started": timezone.now() >= session.starts_at,
            "seats_taken": session.seats_taken(),
        },
    )


@login_required
def attendance_csv(request, pk):
    """The attendance sheet as CSV (UTF-8 with BOM, semicolons: opens as is in spreadsheets)."""
    session = session_to_manage(request, pk)
    rows = (
        [
            registration.user.get_full_name() or registration.user.email,
            registration.user.email,
            registration.organisation.name,
            registration.get_status_display(),
            timezone.localtime(registration.created_at, session.tz).strftime("%Y-%m-%d %H:%M"),
        ]
        for registration in _registrations(session).exclude(status=Registration.Status.CANCELLED)
    )
    return csv_response(
        f"attendance-session-{session.pk}.csv",
        [_("Name"), _("Email"), _("Organisation"), _("Status"), _("Registered on")],
        rows,
    )


@login_required
def attendance_sheet(request, pk):
    """A printable sheet with a signature column."""
    session = session_to_manage(request, pk)
    registrations = _registrations(session).filter(status__in=Registration.HOLDS_A_SEAT)
    return render(
        request,
        "trainings/attendance_sheet.html",
        {"session": session, "registrations": registrations},
    )
