from functools import cached_property

from calls import permissions as calls
from members import permissions as members
from projects import permissions as projects
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


def capabilities(request):
    return {"can": Capabilities(getattr(request, "user", None))}
