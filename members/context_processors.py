from functools import cached_property

from . import permissions


class Capabilities:
    """The capability predicates as template attributes (`{% if can.use_admin %}`), lazily."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def use_admin(self) -> bool:
        return permissions.can_use_admin(self.user)

    @cached_property
    def read_census(self) -> bool:
        return permissions.can_read_census(self.user)


def capabilities(request):
    return {"can": Capabilities(getattr(request, "user", None))}
