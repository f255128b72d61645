"""The pages of advisory support: the requests' list (the organisation's, or the territory's
queue), asking, a request's thread, the coordinators' follow-up and appointments.

Requests are fetched through `SupportRequest.objects.visible_to` (members.views.access): a
request of another organisation or territory does not exist for the person (404); one they
read but may not act on is refused (403). Internal notes reach the page only for those who
follow the request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members import acting
from members.models import Organisation
from members.views.access import capability_required, object_for
from toolbox.http import base_url, paginate, render_list

from . import services
from .enums import Status
from .filters import RequestFilter
from .forms import AppointmentForm, FollowUpForm, MessageForm, RequestForm
from .ics import appointment_calendar
from .models import SupportRequest
from .permissions import (
    can_ask_support,
    can_follow_request,
    can_read_support,
    can_reopen_request,
    can_withdraw_request,
    can_write_in_thread,
)


def request_for(request, pk: int, capability=None) -> SupportRequest:
    """The support request `pk` as the person may see it, checked for `capability`."""
    queryset = SupportRequest.objects.select_related(
        "organisation__territory", "assignee", "requested_by", "project", "call"
    ).visible_to(request.user)
    return object_for(request, queryset, capability, pk=pk)


@capability_required(can_read_support)
def requests(request):
    """The requests the person reads: their organisations' (people of an organisation), the
    territory's queue (coordinators), both territories' (State services, site admins); the
    oldest waiting first among open ones."""
    user = request.user
    both = acting.reads_both_territories(user)
    scope = SupportRequest.objects.visible_to(user)
    filters = RequestFilter(request.GET or None, queryset=scope, user=user, both_territories=both)
    rows = (
        filters.qs.for_listing()
        .annotate(
            message_count=Count("messages", filter=Q(messages__internal=False), distinct=True)
        )
        # Open ones first, those waiting longest on the coordinators first (NULLs placed
        # alike on every database).
        .order_by(
            F("ended_at").asc(nulls_first=True),
            F("awaiting_since").asc(nulls_last=True),
            "-created_at",
            "-pk",
        )
    )
    page = paginate(request, rows)
    follows = acting.acts_as_coordinator(user) or acting.acts_as_site_admin(user)
    context = {
        "filters": filters,
        "page": page,
        "follows": follows,
        "title": _("Support requests to follow")
        if follows
        else _("Support requests of both networks")
        if both
        else _("Our support requests"),
        "can_ask": can_ask_support(user),
        "overdue_count": SupportRequest.objects.followed_by(user).overdue().count()
        if follows
        else 0,
    }
    return render_list(request, "support/requests.html", context)


@capability_required(can_ask_support)
@require_http_methods(["GET", "POST"])
def request_create(request):
    """Ask for support on behalf of one of the organisations the person acts for
    (`?organisation=<slug>` chooses it)."""
    organisations = Organisation.objects.acted_for_by(request.user)
    form = RequestForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": request.GET.get("organisation", "")[:200]}
        if request.method == "GET"
        else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = services.request_create(
            organisation=data["organisation"],
            by=request.user,
            topic=data["topic"],
            description=data["description"],
            preferred_mode=data["preferred_mode"],
            project=data["project"],
            call=data["call"],
            needed_by=data["needed_by"],
            base_url=base_url(request),
        )
        messages.success(
            request, _("Your request has been sent to the coordinators of the network.")
        )
        return redirect(created)
    return render(request, "support/request_form.html", {"form": form})


def _thread(support_request: SupportRequest, *, follows: bool) -> list[dict]:
    """Messages, steps and appointments, oldest first: the request's story."""
    entries = support_request.messages.select_related("author")
    if not follows:
        entries = entries.seen_by_organisation()
    story = [{"kind": "message", "at": m.created_at, "item": m} for m in entries]
    story += [
        {"kind": "step", "at": s.created_at, "item": s}
        for s in support_request.status_changes.select_related("by", "assignee")
    ]
    return sorted(story, key=lambda entry: (entry["at"], entry["kind"] != "step"))


def _detail(request, support_request, **forms):
    """The request's page; `forms` are the bound forms of a failed submission."""
    user = request.user
    follows = can_follow_request(user, support_request)
    context = {
        "support_request": support_request,
        "thread": _thread(support_request, follows=follows),
        "appointments": list(support_request.appointments.all()),
        "follows": follows,
        "can_write": can_write_in_thread(user, support_request),
        "can_withdraw": can_withdraw_request(user, support_request),
        "can_reopen": can_reopen_request(user, support_request),
        "overdue": support_request.is_overdue(),
    }
    if context["can_write"]:
        context["message_form"] = forms.get("message_form") or MessageForm(follows=follows)
    if follows:
        context["minutes_spent"] = support_request.minutes_spent()
        if support_request.is_open:
            context["follow_form"] = forms.get("follow_form") or _follow_form(support_request)
    return render(request, "support/request_detail.html", context)


@login_required
def request_detail(request, pk):
    return _detail(request, request_for(request, pk))


def _follow_form(support_request, data=None) -> FollowUpForm:
    return FollowUpForm(
        data,
        request=support_request,
        followers=acting.coordinators_of(support_request.organisation.territory).order_by(
            "last_name", "first_name", "pk"
        ),
    )


@login_required
@require_POST
def message_post(request, pk):
    support_request = request_for(request, pk, can_write_in_thread)
    follows = can_follow_request(request.user, support_request)
    form = MessageForm(request.POST, follows=follows)
    if not form.is_valid():
        return _detail(request, support_request, message_form=form)
    data = form.cleaned_data
    # Someone who both follows the request and belongs to the organisation writes as a
    # coordinator: their role here is the follow-up.
    services.message_post(
        request=support_request,
        author=request.user,
        body=data["body"],
        from_coordinators=follows,
        internal=bool(data.get("internal")),
        minutes_spent=data.get("minutes_spent"),
        base_url=base_url(request),
    )
    messages.success(
        request,
        _("The internal note has been saved.")
        if data.get("internal")
        else _("Your message has been sent."),
    )
    return redirect(support_request)


@login_required
@require_POST
def request_take(request, pk):
    """A coordinator takes the request: they follow it from now on."""
    support_request = request_for(request, pk, can_follow_request)
    if not support_request.is_open:
        return redirect(support_request)
    services.request_assign(
        request=support_request, assignee=request.user, by=request.user, base_url=base_url(request)
    )
    messages.success(request, _("You follow this request."))
    return redirect(support_request)


@login_required
@require_POST
def request_follow_up(request, pk):
    """The coordinators' step: assignee, status, outcome."""
    support_request = request_for(request, pk, can_follow_request)
    if not support_request.is_open:
        return redirect(support_request)
    form = _follow_form(support_request, request.POST)
    if not form.is_valid():
        return _detail(request, support_request, follow_form=form)
    data, link = form.cleaned_data, base_url(request)
    assignee = data["assignee"]
    if assignee and assignee != support_request.assignee:
        support_request = services.request_assign(
            request=support_request, assignee=assignee, by=request.user, base_url=link
        )
    services.request_status_set(
        request=support_request,
        status=Status(data["status"]),
        outcome=data["outcome"],
        by=request.user,
        base_url=link,
    )
    messages.success(request, _("The request has been updated."))
    return redirect(support_request)


@login_required
@require_POST
def request_reopen(request, pk):
    support_request = request_for(request, pk, can_reopen_request)
    services.request_status_set(
        request=support_request,
        status=Status.IN_PROGRESS,
        by=request.user,
        base_url=base_url(request),
    )
    messages.success(request, _("The request is followed again."))
    return redirect(support_request)


@login_required
@require_http_methods(["GET", "POST"])
def request_withdraw(request, pk):
    """The organisation withdraws its request (a confirmation page, then the button)."""
    support_request = request_for(request, pk, can_withdraw_request)
    if request.method == "POST":
        services.request_status_set(
            request=support_request,
            status=Status.WITHDRAWN,
            by=request.user,
            base_url=base_url(request),
        )
        messages.success(request, _("The request has been withdrawn."))
        return redirect(support_request)
    return render(request, "support/request_withdraw.html", {"support_request": support_request})


@login_required
@require_http_methods(["GET", "POST"])
def appointment_create(request, pk):
    support_request = request_for(request, pk, can_follow_request)
    form = AppointmentForm(request.POST or None, initial={"mode": support_request.preferred_mode})
    if request.method == "POST" and form.is_valid():
        link = base_url(request)
        services.appointment_schedule(
            request=support_request, by=request.user, base_url=link, **form.cleaned_data
        )
        messages.success(
            request, _("The appointment has been scheduled and sent to the organisation.")
        )
        return redirect(support_request)
    return render(
        request, "support/appointment_form.html", {"support_request": support_request, "form": form}
    )


@login_required
def appointment_ics(request, pk, appointment):
    """One appointment as an .ics file, for whoever reads the request."""
    support_request = request_for(request, pk)
    found = get_object_or_404(support_request.appointments, pk=appointment)
    data = appointment_calendar(found, base_url=base_url(request))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appointment-{found.pk}.ics"'
    return response
