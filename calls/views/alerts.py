"""Alerts: members' choices per organisation, saved searches, one-click unsubscribe."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from members import acting
from toolbox.forms import SafeInputMixin
from toolbox.http import base_url
from toolbox.ratelimit import throttled, typed_address

from ..enums import AlertFrequency
from ..matching import Profile, matches_for, open_calls
from ..models import OrganisationAlert, SavedSearch
from ..permissions import alert_organisations
from ..services import alerts as services
from ..services import searches

# The choice that deletes the alert ("" is no frequency).
NO_EMAIL = ("", gettext_lazy("No email"))


class AlertForm(SafeInputMixin, forms.Form):
    frequency = forms.ChoiceField(
        label=gettext_lazy("Emails about the calls this organisation may answer"),
        choices=[NO_EMAIL, *AlertFrequency.choices],
        widget=forms.RadioSelect,
        # "No email" is a choice like the others: an empty answer deletes the alert.
        required=False,
    )


class SearchSaveForm(SafeInputMixin, forms.Form):
    """The calendar's "Save this search" form: its filters (hidden) and, unless the person is
    a member with a verified address, the address to send the new calls to."""

    query = forms.CharField(
        required=False, max_length=searches.QUERY_MAX_LENGTH, widget=forms.HiddenInput
    )
    email = forms.EmailField(label=gettext_lazy("Your email address"), max_length=254)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if acting.is_verified_member(user):
            del self.fields["email"]
        elif user.is_authenticated:
            # The calendar asks no address of people logged in: theirs, to confirm first.
            self.fields["email"].required = False
            self.fields["email"].initial = user.email

    def clean_email(self):
        return self.cleaned_data["email"] or getattr(self.user, "email", "")

    def clean_query(self):
        try:
            return searches.search_query_clean(self.cleaned_data["query"])
        except searches.SearchError as error:
            raise forms.ValidationError(str(error)) from error


def _prefix(organisation) -> str:
    return f"organisation-{organisation.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def alerts(request):
    """For each of the person's organisations, how they want to hear of the calls it matches
    (and how many match now); their saved searches."""
    organisations = list(
        alert_organisations(request.user).prefetch_related("themes", "countries").order_by("name")
    )
    chosen = {
        alert.organisation_id: alert
        for alert in OrganisationAlert.objects.filter(
            user=request.user, organisation__in=[o.pk for o in organisations]
        )
    }
    posted, posted_form = None, None
    if request.method == "POST":
        posted = next(
            (o for o in organisations if str(o.pk) == request.POST.get("organisation")), None
        )
        if posted is None:
            raise Http404
        posted_form = AlertForm(request.POST, prefix=_prefix(posted))
        if posted_form.is_valid():
            frequency = posted_form.cleaned_data["frequency"] or None
            services.alert_set(user=request.user, organisation=posted, frequency=frequency)
            if frequency:
                messages.success(
                    request,
                    _("Saved: %(frequency)s, for %(organisation)s.")
                    % {
                        "frequency": AlertFrequency(frequency).label,
                        "organisation": posted.name,
                    },
                )
            else:
                messages.success(
                    request,
                    _("No more emails about the calls for %(organisation)s.")
                    % {"organisation": posted.name},
                )
            return redirect("calls:alerts")
    # The open calls, read once for every organisation (calls.matching.matching_calls each).
    calls = open_calls() if organisations else []
    rows = []
    for organisation in organisations:
        alert = chosen.get(organisation.pk)
        form = (
            posted_form
            if organisation == posted
            else AlertForm(
                prefix=_prefix(organisation),
                initial={"frequency": alert.frequency if alert else ""},
            )
        )
        matches = matches_for(Profile.of(organisation), calls)
        rows.append({"organisation": organisation, "form": form, "matches": matches})
    return render(
        request,
        "calls/alerts.html",
        {"rows": rows, "posted_form": posted_form, "searches": _searches_of(request.user)},
    )


def _searches_of(user) -> list[dict]:
    """The person's saved searches, and those saved for their verified address."""
    mine = Q(user=user)
    if acting.is_verified_member(user):
        mine |= Q(email__iexact=user.email)
    return [
        {"search": search, "description": searches.search_description(search.query)}
        for search in SavedSearch.objects.filter(mine).order_by("created_at", "pk")
    ]


@require_http_methods(["GET", "POST"])
@throttled("save_call_search", key=typed_address)
def search_save(request):
    """Save the calendar's search: at once for a member's verified address; for any other
    address, once it is confirmed from the emailed link (the page says to check the inbox).

    The calendar links here with its filters (GET `query`), so that its own pages carry no
    form that posts: they stay the same for every visitor, and shared by caches."""
    if request.method == "GET":
        query = request.GET.get("query", "")[: searches.QUERY_MAX_LENGTH]
        form = SearchSaveForm(initial={"query": query}, user=request.user)
        try:
            description = searches.search_description(searches.search_query_clean(query))
        except searches.SearchError:
            description = None
        return render(request, "calls/search_save.html", {"form": form, "description": description})
    form = SearchSaveForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            search = searches.search_save(
                query=form.cleaned_data["query"],
                email=form.cleaned_data.get("email", ""),
                user=request.user if request.user.is_authenticated else None,
                language=translation.get_language(),
                base_url=base_url(request),
            )
        except searches.SearchError as error:
            form.add_error(None, str(error))
        else:
            if request.user.is_authenticated and search.user_id == request.user.pk:
                messages.success(
                    request, _("Search saved: its new calls will be emailed to you weekly.")
                )
                return redirect("calls:alerts")
            return render(
                request,
                "calls/search_saved.html",
                {"search": search, "description": searches.search_description(search.query)},
            )
    return render(request, "calls/search_save.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def search_confirm(request, token):
    """The link of the confirmation email. GET only shows the search, so that mail scanners
    following links confirm nothing; its button (POST) confirms."""
    search = get_object_or_404(SavedSearch, token=token)
    confirmed = request.method == "POST"
    if confirmed:
        search = searches.search_confirm(search=search)
    return render(
        request,
        "calls/search_confirm.html",
        {
            "search": search,
            "description": searches.search_description(search.query),
            "confirmed": confirmed,
        },
    )


def _subscription(token: str) -> dict:
    """What the token names: an alert, a search, or nothing (`{}`: already unsubscribed, or a
    link made up; the page says so either way, revealing nothing)."""
    alert = OrganisationAlert.objects.select_related("organisation").filter(token=token).first()
    if alert is not None:
        return {"alert": alert}
    search = SavedSearch.objects.filter(token=token).first()
    if search is None:
        return {}
    return {"search": search, "description": searches.search_description(search.query)}


# csrf_exempt: mail clients unsubscribe with a POST of "List-Unsubscribe=One-Click" and no CSRF
# token (RFC 8058). A forged cross-site POST can do nothing here but delete the one subscription
# its URL names, by a random token (24 bytes) that only the recipient of its emails holds.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link of every alert email, without logging in: GET says what the button
    unsubscribes from; POST (the button, or the mail client's one click) deletes it."""
    subscription = _subscription(token)
    if not subscription:
        # A second click on the link, or the mail client repeating its one click.
        return render(request, "calls/unsubscribe_done.html", {"gone": True})
    if request.method == "POST":
        services.subscription_end(token=token)
        return render(request, "calls/unsubscribe_done.html", subscription)
    return render(request, "calls/unsubscribe.html", subscription)
