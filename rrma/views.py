import logging
from datetime import date

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language

from members.models import Organisation, Territory, User
from news.latest import latest_posts
from toolbox.public_cache import public_cached

from .cache import cache_answers

logger = logging.getLogger(__name__)


def home_territories() -> list[dict]:
    """Both networks, each with its number of active organisations (one grouped query)."""
    counts = dict(
        Organisation.objects.public().values_list("territory").annotate(n=Count("*")).order_by()
    )
    return [
        {
            "slug": t.slug,
            "name": t.name,
            "network_name": t.network_name,
            "lead_body": t.lead_body,
            "insee_code": t.insee_code,
            "active_count": counts.get(t.pk, 0),
        }
        for t in Territory.objects.all()
    ]


def home(request):
    """The portal's front page: the two networks and what the portal offers."""
    # The same for every visitor: computed once per change of the public data.
    territories = public_cached("home:territories", home_territories)
    news = public_cached("home:news", latest_posts)
    return render(request, "home.html", {"territories": territories, "news": news})


@require_GET
@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitoring).

    The cache is reported, never fatal: while Redis is down the portal works on the database
    cache (rrma/cache.py), so the answer is then 200 with "status": "degraded" and
    "cache": "unavailable", for monitoring to raise an alert without taking the site out.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        database = False
    else:
        database = True
    cache = cache_answers()
    return JsonResponse(
        {
            "status": "error" if not database else "ok" if cache else "degraded",
            "database": "ok" if database else "unavailable",
            "cache": "ok" if cache else "unavailable",
        },
        status=200 if database else 503,
    )


# The switcher of visitors' pages says so (templates/base.html): it carries no CSRF token.
VISITOR_SWITCHER = "visitor"
# Django's CSRF check, run by set_language itself (exempt from the middleware's).
_csrf_check = CsrfViewMiddleware(lambda request: None)


@csrf_exempt
def set_language(request):
    """Django's language switch, also remembered on the account for the emails it receives.

    Business rules:

    - Visitors' pages carry no CSRF token, so that they can be cached and shared
      (rrma/middleware.py): their switcher (marked VISITOR_SWITCHER) only changes the language
      cookie of the browser that sends it. A forged request could do no more than that; from
      another site, it is refused all the same where the browser says so (Sec-Fetch-Site).
    - The account's language is written only for a logged-in person whose switcher carries a
      valid CSRF token, as theirs does: no forged request changes an account.
    - Any other switch needs a valid token too: without one, the expired-form page (403).
    """
    if request.method == "POST" and request.POST.get(VISITOR_SWITCHER) == "1":
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in {"same-origin", "none"}:
            return csrf_failure(request, reason="cross-site language switch")
        return django_set_language(request)
    refusal = _csrf_check.process_view(request, None, (), {})
    if refusal is not None:
        return refusal
    response = django_set_language(request)
    language = request.POST.get("language")
    languages = {code for code, _name in settings.LANGUAGES}
    if request.method == "POST" and request.user.is_authenticated and language in languages:
        # request.user is a lazy proxy: the model is the configured user model, not its type.
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


def csrf_failure(request, reason=""):
    """A form sent with an expired or missing security token (a page left open too long, or
    cookies refused): said in the site's layout and language, with a way back."""
    return render(request, "403_csrf.html", status=403)


# When the accessibility statement was last written (update it with the statement).
ACCESSIBILITY_STATEMENT_DATE = date(2026, 12, 1)


def page(request, name):
    """The privacy policy, the legal notice and the accessibility statement."""
    return render(
        request,
        f"rrma/{name}.html",
        {"territories": Territory.objects.all(), "statement_date": ACCESSIBILITY_STATEMENT_DATE},
    )
