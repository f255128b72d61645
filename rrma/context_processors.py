from functools import cached_property

from django.utils.functional import SimpleLazyObject

from calls import permissions as calls
from imports import permissions as imports
from members import permissions as members
from members.models import Territory
from missions import permissions as missions
from news import permissions as news
from newsletter import permissions as newsletter
from projects import permissions as projects
from resources import permissions as resources
from support import permissions as support
from trainings import permissions as trainings


class Capabilities:
    """The capability predicates that take no object, as template attributes
    (`{% if can.declare_project %}`), each computed once per page and only if asked: templates
    show a link only to someone the view behind it lets in. Predicates on an object come from
    the page's view."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def use_admin(self) -> bool:
        return members.can_use_admin(self.user)

    @cached_property
    def import_organisations(self) -> bool:
        return imports.can_import_organisations(self.user)

    @cached_property
    def read_census(self) -> bool:
        return members.can_read_census(self.user)

    @cached_property
    def register_organisation(self) -> bool:
        return members.can_register_organisation(self.user)

    @cached_property
    def declare_project(self) -> bool:
        return projects.can_declare_project(self.user)

    @cached_property
    def create_training(self) -> bool:
        return trainings.can_create_training(self.user)

    @cached_property
    def create_call(self) -> bool:
        return calls.can_create_call(self.user)

    @cached_property
    def publish_news(self) -> bool:
        return news.can_publish_news(self.user)

    @cached_property
    def publish_resource(self) -> bool:
        return resources.can_publish_resource(self.user)

    @cached_property
    def compose_newsletter(self) -> bool:
        return newsletter.can_compose_newsletter(self.user)

    @cached_property
    def ask_support(self) -> bool:
        return support.can_ask_support(self.user)

    @cached_property
    def read_support(self) -> bool:
        return support.can_read_support(self.user)

    @cached_property
    def list_missions(self) -> bool:
        return missions.can_list_missions(self.user)

    @cached_property
    def record_mission(self) -> bool:
        return missions.can_record_mission(self.user)


def capabilities(request):
    return {"can": Capabilities(getattr(request, "user", None))}


def network_identities() -> list[dict]:
    """Both networks as the header and footer show them: their own name (Karib Horizon…) when
    their coordinators gave one, their territory's otherwise, and their logo. One query of two
    rows, made only if the page shows them (visitors' pages come whole from the page cache)."""
    logo = Territory._meta.get_field("logo")
    return [
        {
            "slug": row["slug"],
            "territory": row["name"],
            "name": row["network_name"] or row["name"],
            "logo": logo.storage.url(row["logo"]) if row["logo"] else "",
        }
        for row in Territory.objects.values("slug", "name", "network_name", "logo")
    ]


def networks(request):
    return {"networks": SimpleLazyObject(network_identities)}
