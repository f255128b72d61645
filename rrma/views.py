import logging
from datetime import date

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language

from members.models import Territory, User
from members.models.organisations import public_organisations

from .cache import cache_answers

logger = logging.getLogger(__name__)


def home(request):
    """The portal's front page: the two networks and what the portal offers."""
    territories = Territory.objects.annotate(
        active_count=Count("organisations", filter=public_organisations(prefix="organisations__"))
    )
    return render(request, "home.html", {"territories": territories})


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


def set_language(request):
    """Django's language switch, also remembered on the account for the emails it receives."""
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
