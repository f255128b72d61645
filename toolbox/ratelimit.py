"""Rate limits on what sends email or guesses passwords, on allauth's primitives.

Every limit lives in one table, `settings.ACCOUNT_RATE_LIMITS` (allauth's actions and the
portal's), is counted in the shared cache and, once reached, answers the translated 429 page
(templates/429.html), allauth's refusals included.

Business rules:

- **Failed logins** are limited per address, and per account *from one address*, never per
  account alone. A limit per account alone lets anyone lock a person out: fail five times on
  their address, from anywhere, and the right password is refused to them too (allauth counts
  a failure before checking the password and, at the limit, refuses before checking).
  Counted per (account, address), an attacker only locks themselves out; the real person,
  from their own address, logs in. A guessing attack spread over many addresses is then
  slowed per address only: the password rules (12 characters, common ones refused) and the
  two-factor authentication of every privileged role are the answer to that, and the
  authenticator code keeps a limit per account (after the right password only).
- **Actions that send email** (`throttled`) are limited per person and per address, so that
  nobody turns the portal into a mail cannon, towards strangers (invitations) or towards the
  networks' staff (join requests, registrations). Each POST counts, valid or not.
- **Actions open to visitors** (saving a search of the calls, subscribing to a newsletter) have
  no person to count: they are limited per address and per recipient (the address typed,
  `key`), as allauth's password reset is. Counted "per user", every visitor would share one
  count, and the eleventh subscriber of the hour would lock the form for all.
"""

from functools import wraps

from allauth.core import ratelimit

# allauth's own reading of the visitor's address (ALLAUTH_TRUSTED_PROXY_COUNT, ..._HEADER), with
# IPv6 addresses reduced to their /64 network, as its per-address limits count them.
from allauth.core.internal.ratelimit import get_ip


def throttled(action: str, *, when=None, key=None):
    """Decorate a view, below @login_required, whose POST sends email: beyond the rates of
    `ACCOUNT_RATE_LIMITS[action]` (per "user" and per "ip"), it answers 429 instead.

    `when(request)`, if given, says which POSTs count (a page whose other actions send
    nothing). GET requests never count. `key(request)`, for a view open to visitors: the
    recipient the rates "per key" count (the address typed), in place of "per user".
    """

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if when is None or when(request):
                refusal = ratelimit.consume_or_429(
                    request,
                    action=action,
                    user=request.user,
                    key=None if key is None else key(request),
                )
                if refusal is not None:
                    return refusal
            return view(request, *args, **kwargs)

        # Kept through the decorators above (functools.wraps): tests find which views count.
        limited.rate_limit_action = action  # type: ignore[attr-defined]
        limited.rate_limit_by_key = key is not None  # type: ignore[attr-defined]
        return limited

    return decorator


def typed_address(request) -> str:
    """The email address a visitor's form sends to (a `key` for `throttled`)."""
    return request.POST.get("email", "").strip().lower()


class LoginFailuresPerAddressMixin:
    """For the account adapter: failed logins are counted per account *and address* (the
    "key" of allauth's `login_failed` limit), so that nobody can lock out someone else."""

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's key for the account (the host and the login), narrowed to one address.
        # allauth clears it after a password reset, which then lifts the limit on the address
        # that reset the password.
        account = super()._get_login_attempts_cache_key(request, **credentials)  # type: ignore[misc]
        return f"{account}:{get_ip(request)}"
