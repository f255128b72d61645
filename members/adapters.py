"""How allauth talks to people: its emails name the portal, link to the address served, and
leave through the portal's email queue."""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings

from background.mail import email_queue
from toolbox.ratelimit import LoginFailuresPerAddressMixin


@dataclass(frozen=True)
class PortalSite:
    """What allauth's emails call the site: the portal's name, and the host the person used
    (without django.contrib.sites, allauth would name the site by its host and port)."""

    name: str
    domain: str


class AccountAdapter(LoginFailuresPerAddressMixin, DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        domain = request.get_host() if request is not None else settings.SITE_URL.split("//")[-1]
        context = {
            "request": request,
            "email": email,
            "current_site": PortalSite(name=settings.SITE_NAME, domain=domain),
            **context,
        }
        # Queued, not sent: the request never waits for the mail server, nor fails with it.
        message = self.render_mail(template_prefix, email, context)
        email_queue([message], purpose=template_prefix)
