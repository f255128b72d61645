"""How long a login lasts, and what browsers and proxies may keep of the pages.

Business rules:

- a login ends after SESSION_IDLE_TIMEOUT without any request (2 hours), or
  SESSION_IDLE_TIMEOUT_PRIVILEGED (30 minutes) for the people whose role reads non-public data:
  site admins, coordinators and State services (members.acting.holds_privileged_role, enrolled
  in two-factor authentication or not yet);
- and SESSION_COOKIE_AGE after logging in (12 hours), however active the person is;
- the person is then logged out and told why; the page they asked for answers as to a visitor
  (the login page, when it needs an account);
- every response to a logged-in person, and the account pages of visitors (log-in, password
  reset, two-factor, invitation and confirmation links), say `Cache-Control: no-store`: neither
  the browser (its history, its back button after logging out) nor a proxy keeps non-public
  data. Public pages shown to visitors stay cacheable.
"""

import time

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members import acting

STARTED = "rrma_login_started"
LAST_SEEN = "rrma_last_seen"
# Seconds since the epoch (a module attribute, so that tests can move time forward).
clock = time.time
# The last activity is written at most this often (seconds): a write per request would cost
# every page a database update, for a precision nobody needs.
TOUCH_EVERY = 60

# Pages that visitors reach with personal data or secrets in them or in their address.
NO_STORE_PREFIXES = ("account_", "mfa_", "usersessions_")
NO_STORE_VIEWS = frozenset(
    {"members:invitation", "members:organisation_confirm_link", "admin:login"}
)


def idle_timeout(user) -> int:
    """Seconds without activity after which the person's login ends."""
    if acting.holds_privileged_role(user):
        return settings.SESSION_IDLE_TIMEOUT_PRIVILEGED
    return settings.SESSION_IDLE_TIMEOUT


def duration(seconds: int) -> str:
    """How long, in words: "30 minutes", "2 hours"."""
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = seconds // 60
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


@receiver(user_logged_in)
def start_lifetime(sender, request, user, **kwargs):
    """A login starts both clocks and gives the stored session the inactivity timeout.

    Connected by RrmaConfig.ready(). Logging in without it (no request) leaves the session
    without clocks: its first request starts them (SessionLifetimeMiddleware)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[STARTED] = session[LAST_SEEN] = clock()
        SessionLifetimeMiddleware.extend(session, idle_timeout(user))


class SessionLifetimeMiddleware:
    """Log people out after inactivity, and at the latest SESSION_COOKIE_AGE after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.enforce(request)
        return self.get_response(request)

    def enforce(self, request) -> None:
        session = request.session
        now = clock()
        idle = idle_timeout(request.user)
        started = session.get(STARTED)
        last_seen = session.get(LAST_SEEN)
        if started is None or last_seen is None:
            # A login that did not go through start_lifetime.
            session[STARTED] = session[LAST_SEEN] = now
            self.extend(session, idle)
            return
        if now - started > settings.SESSION_COOKIE_AGE:
            self.end(
                request,
                _("For your security a login lasts %(duration)s at most: please log in again.")
                % {"duration": duration(settings.SESSION_COOKIE_AGE)},
            )
        elif now - last_seen > idle:
            self.end(
                request,
                _("You were logged out after %(duration)s without activity: please log in again.")
                % {"duration": duration(idle)},
            )
        elif now - last_seen >= TOUCH_EVERY:
            session[LAST_SEEN] = now
            self.extend(session, idle)
            UserSession.objects.filter(session_key=session.session_key).update(
                last_seen_at=timezone.now()
            )
        elif session.get_expiry_age() > idle:
            # Just logged in: allauth gave a remembered login the full SESSION_COOKIE_AGE.
            self.extend(session, idle)

    @staticmethod
    def extend(session, idle: int) -> None:
        # The stored session (and its cookie) expire with inactivity too, so that an abandoned
        # one is gone from the database and from the list of sessions. A login the person
        # chose not to remember keeps ending when the browser closes.
        if not session.get_expire_at_browser_close():
            session.set_expiry(idle)

    @staticmethod
    def end(request, message: str) -> None:
        logout(request)
        messages.info(request, message)


def holds_private_data(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return match.view_name in NO_STORE_VIEWS or (match.url_name or "").startswith(NO_STORE_PREFIXES)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on whatever may hold non-public data (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if holds_private_data(request):
            add_never_cache_headers(response)
        return response
