"""The newsletters' pages: subscribing and leaving (anyone, from the emailed links, without an
account), the coordinators' issues (compose, preview, test, send), the web version and archive.

Issues are fetched through `Issue.objects.visible_to` (members.views.access.object_for): a draft
of another territory does not exist for the person (404); an issue sent, public, that they may
not manage is refused (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from members.models import Territory
from members.permissions import publishing_territories
from members.views.access import capability_required, object_for
from toolbox.http import base_url, paginate
from toolbox.ratelimit import throttled, typed_address

from . import services
from .content import issue_content
from .enums import Section
from .forms import IssueForm, SubscribeForm
from .models import Issue, Subscriber, newsletter_name
from .permissions import (
    can_compose_newsletter,
    can_edit_issue,
    can_send_newsletter,
)

# Subscribing ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@throttled("newsletter_subscribe", key=typed_address)
def subscribe(request):
    """The subscription form (GET `territory` ticks one network's newsletter). Once posted, the
    page is the same whether the address was known or not: check your inbox."""
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            services.subscription_request(
                email=form.cleaned_data["email"],
                territories=form.cleaned_data["territories"],
                sections=form.cleaned_data["sections"],
                language=translation.get_language(),
                base_url=base_url(request),
            )
            return render(
                request, "newsletter/subscribe_done.html", {"email": form.cleaned_data["email"]}
            )
    else:
        territories = request.GET.getlist("territory")
        initial = {"territories": territories, "sections": list(Section.values)}
        if request.user.is_authenticated:
            initial["email"] = request.user.email
        form = SubscribeForm(initial=initial)
    # Not "networks": the header's context processor names both networks so.
    newsletters = [
        {"territory": t, "name": newsletter_name(t)}
        for t in Territory.objects.order_by("insee_code")
    ]
    return render(request, "newsletter/subscribe.html", {"form": form, "newsletters": newsletters})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link of the confirmation email. GET only shows the choices, so that mail scanners
    following links confirm nothing; its button (POST) confirms them."""
    confirmation = services.confirmation_read(token)
    if confirmation is None:
        return render(request, "newsletter/confirm.html", {"expired": True})
    confirmed = request.method == "POST"
    if confirmed:
        services.subscription_confirm(token=token)
    context = {
        "confirmation": confirmation,
        "names": [newsletter_name(t) for t in confirmation.territories],
        "confirmed": confirmed,
    }
    return render(request, "newsletter/confirm.html", context)


# csrf_exempt: mail clients unsubscribe with a POST of "List-Unsubscribe=One-Click" and no CSRF
# token (RFC 8058). A forged cross-site POST can do nothing here but delete the one subscription
# its URL names, by a random token (24 bytes) that only the recipient of its emails holds.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link of every issue, without logging in: GET says what the button unsubscribes from;
    POST (the button, or the mail client's one click) deletes the subscription."""
    subscriber = Subscriber.objects.filter(token=token).prefetch_related("territories").first()
    if subscriber is None:
        # A second click, the mail client repeating its one click, or a test email's link.
        return render(request, "newsletter/unsubscribe_done.html", {"gone": True})
    names = [newsletter_name(t) for t in subscriber.territories.all()]
    context = {"subscriber": subscriber, "names": names}
    if request.method == "POST":
        services.subscription_end(token=token)
        return render(request, "newsletter/unsubscribe_done.html", context)
    return render(request, "newsletter/unsubscribe.html", context)


# The coordinators' issues --------------------------------------------------------------------


def _may_send(user, issue: Issue) -> bool:
    return can_send_newsletter(user, issue.territory)


def issue_for(request, pk: int, capability=_may_send) -> Issue:
    """The issue as the person may see it (404 otherwise), checked for `capability` (403)."""
    issues = Issue.objects.visible_to(request.user).select_related("territory")
    return object_for(request, issues, capability, pk=pk)


@capability_required(can_compose_newsletter)
def issues(request):
    """The issues of the person's territories, latest first, with their counts; how many
    confirmed subscribers each newsletter has."""
    rows = (
        Issue.objects.managed_by(request.user)
        .select_related("territory")
        .order_by("-created_at", "-pk")
    )
    page = paginate(request, rows)
    # Counted for the shown page only: every issue keeps its deliveries (subscribers × issues),
    # which the page's count and slice must not join.
    counts = {
        issue.pk: issue for issue in Issue.objects.filter(pk__in=[i.pk for i in page]).with_counts()
    }
    for issue in page:
        for name in ("delivery_count", "sent_count", "failed_count", "bounced_count"):
            setattr(issue, name, getattr(counts[issue.pk], name))
    territories = publishing_territories(request.user).annotate(
        subscribers=Count(
            "newsletter_subscribers", filter=Q(newsletter_subscribers__confirmed_at__isnull=False)
        )
    )
    newsletters = [
        {"territory": t, "name": newsletter_name(t), "subscribers": t.subscribers}
        for t in territories.order_by("insee_code")
    ]
    return render(
        request,
        "newsletter/issues.html",
        {"page": page, "newsletters": newsletters},
    )


def _form_page(request, form: IssueForm, issue: Issue, territories=()):
    return render(
        request,
        "newsletter/issue_form.html",
        {"form": form, "issue": issue, "territories": territories},
    )


@capability_required(can_compose_newsletter)
@require_http_methods(["GET", "POST"])
def issue_create(request):
    """A new draft for one of the person's territories (GET `territory` chooses which)."""
    territories = list(publishing_territories(request.user).order_by("insee_code"))
    chosen = request.GET.get("territory")
    territory = next((t for t in territories if t.slug == chosen), territories[0])
    issue = Issue(territory=territory)
    form = IssueForm(request.POST or None, instance=issue, territory=territory)
    if request.method == "POST" and form.is_valid():
        issue = services.issue_save(
            issue=form.save(commit=False), **form.relations(), by=request.user
        )
        messages.success(
            request,
            _("The issue is saved as a draft: preview it, send yourself a test, then send it."),
        )
        return redirect(issue.get_manage_url())
    return _form_page(request, form, issue, territories if len(territories) > 1 else ())


@login_required
@require_http_methods(["GET", "POST"])
def issue_edit(request, pk):
    issue = issue_for(request, pk, can_edit_issue)
    form = IssueForm(request.POST or None, instance=issue, territory=issue.territory)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_save(issue=form.save(commit=False), **form.relations(), by=request.user)
        except services.IssueError:
            messages.error(request, _("This issue's sending began: it cannot be changed any more."))
        else:
            messages.success(request, _("The issue is saved."))
        return redirect(issue.get_manage_url())
    return _form_page(request, form, issue)


@login_required
def issue(request, pk):
    """The issue as its readers will see it, its counts once sent, and its actions: edit, a
    test to oneself, send (with a confirmation)."""
    issue = issue_for(request, pk)
    counts = Issue.objects.with_counts().get(pk=issue.pk)
    blocks = issue_content(issue)
    recipients = None
    if issue.is_draft:
        recipients = (
            Subscriber.objects.confirmed()
            .filter(territories=issue.territory)
            .wanting([block.section for block in blocks])
            .count()
        )
    return render(
        request,
        "newsletter/issue_detail.html",
        {"issue": issue, "blocks": blocks, "counts": counts, "recipients": recipients},
    )


@login_required
@require_POST
def issue_test(request, pk):
    issue = issue_for(request, pk)
    services.issue_send_test(issue=issue, user=request.user, base_url=base_url(request))
    messages.success(
        request,
        _("A test of the issue is on its way to %(email)s.") % {"email": request.user.email},
    )
    return redirect(issue.get_manage_url())


@login_required
@require_POST
def issue_send(request, pk):
    """Send the issue to its subscribers, once (the page asks to confirm first)."""
    issue = issue_for(request, pk)
    if services.issue_send(issue=issue, by=request.user, base_url=base_url(request)):
        messages.success(
            request,
            _("Issue no. %(number)s is being sent: its counts below follow the emails.")
            % {"number": issue.number},
        )
    else:
        messages.info(request, _("This issue was sent already: it is sent only once."))
    return redirect(issue.get_manage_url())


# The public web version and archive ----------------------------------------------------------


def web(request, territory, number):
    """An issue as it was sent, with every section (drafts do not exist here)."""
    issue = get_object_or_404(
        Issue.objects.public().select_related("territory"),
        territory__slug=territory,
        number=number,
    )
    return render(
        request,
        "newsletter/web.html",
        {
            "issue": issue,
            "blocks": issue_content(issue),
            "subscribe_url": reverse("newsletter:subscribe") + f"?territory={issue.territory.slug}",
        },
    )


def archive(request, territory):
    """A newsletter's issues, latest first."""
    territory = get_object_or_404(Territory, slug=territory)
    rows = Issue.objects.public().filter(territory=territory).order_by("-number")
    return render(
        request,
        "newsletter/archive.html",
        {
            "territory": territory,
            "name": newsletter_name(territory),
            "page": paginate(request, rows),
            "subscribe_url": reverse("newsletter:subscribe") + f"?territory={territory.slug}",
        },
    )
