from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .acting import must_enrol_two_factor

# Pages a person must still reach before enrolling: enrolment itself (and the
# re-authentication it may ask for), email verification, language choice and log-out.
ENROLMENT_PAGES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "account_confirm_email",
        "account_email_verification_sent",
        "set_language",
        "healthz",
    }
)


class RequireTwoFactorForPrivilegedRolesMiddleware:
    """Send coordinators, State services and site admins to TOTP enrolment until they enrol.

    Stricter than guarding privileged pages only: a privileged account cannot use any page
    while unprotected, so no privileged view can be reached by forgetting a decorator.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name in ENROLMENT_PAGES:
            return None
        if not must_enrol_two_factor(request.user):
            return None
        messages.warning(
            request,
            _(
                "Your role gives access to non-public data: please set up two-factor "
                "authentication with an authenticator app before going on."
            ),
            fail_silently=True,
        )
        return redirect("mfa_activate_totp")
