"""Capabilities on trainings (rules in shared/PERMISSIONS.md).

A territory's coordinators create, publish and run its trainings. People register on behalf of
an organisation they belong to (admin or editor), for the other territory's trainings only if
they are open to it. State services never register anyone.
"""

from members import permissions as members
from members.models import Organisation, Territory

from .models import Registration, Session, Training


def can_manage_training(user, training: Training) -> bool:
    if not members.has_two_factor(user):
        return False
    return members.is_site_admin(user) or training.territory_id in (
        members.coordinated_territory_ids(user)
    )


def managed_territories(user):
    """The territories whose trainings the person runs."""
    if not members.has_two_factor(user):
        return Territory.objects.none()
    if members.is_site_admin(user):
        return Territory.objects.all()
    return Territory.objects.filter(pk__in=members.coordinated_territory_ids(user))


def can_create_training(user) -> bool:
    return members.has_two_factor(user) and (
        members.is_site_admin(user) or members.is_coordinator(user)
    )


def registering_organisations(user, training: Training):
    """The organisations on whose behalf the person may register for this training."""
    if members.is_state_services(user):
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(status=Organisation.Status.ACTIVE)
    if not (members.is_site_admin(user) and members.has_two_factor(user)):
        if not members.is_verified_member(user):
            return Organisation.objects.none()
        organisations = organisations.filter(pk__in=members.organisation_roles(user).keys())
    if not training.open_to_other_territory:
        organisations = organisations.filter(territory=training.territory_id)
    return organisations


def can_register(user, session: Session) -> bool:
    return registering_organisations(user, session.training).exists()


def can_cancel_registration(user, registration: Registration) -> bool:
    """The participant cancels until the deadline; the coordinators at any time."""
    return registration.user_id == user.pk or can_manage_training(
        user, registration.session.training
    )
