"""The API's rate limit, counted by the portal's one mechanism (allauth's rate limits, the
table `settings.ACCOUNT_RATE_LIMITS`, toolbox/ratelimit.py).

Business rule: every request to the API counts, per client address (allauth's reading of it,
behind the trusted proxies), logged in or not: the API answers the same public data to all.
Beyond the rate `ACCOUNT_RATE_LIMITS["api_read"]`, it answers 429 with a JSON body and
`Retry-After`, the seconds until the rate's period has passed.
"""

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

ACTION = "api_read"


class PortalRateThrottle(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        # GET requests count here (allauth counts only the others by default).
        usage = allauth_ratelimit.consume(
            request, app="allauth.account", action=ACTION, limit_get=True
        )
        return usage is not None

    def wait(self) -> float | None:
        """The longest period of the rates: then every rate has room again."""
        rates = allauth_ratelimit.get_rates(app="allauth.account", action=ACTION)
        return max((rate.duration for rate in rates), default=None)
