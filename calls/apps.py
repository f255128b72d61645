from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_applicants(sender, using="default", **kwargs) -> None:
    """Keep the kinds of applicant in step with the enums after every migrate (and flush, which
    empties them in tests as it does the members app's reference tables)."""
    from members.enums import OrganisationKind

    from .enums import Audience
    from .models import Applicant

    for position, code in enumerate([*OrganisationKind.values, *Audience.values]):
        Applicant.objects.using(using).update_or_create(code=code, defaults={"position": position})


class CallsConfig(AppConfig):
    """Funding calls relayed by the networks: the public calendar, matching and alerts."""

    name = "calls"
    verbose_name = _("Funding calls")

    def ready(self):
        post_migrate.connect(sync_applicants, sender=self)
