"""Who may do what with trainings: one predicate per capability, written on the primitives of
members.acting (rules in docs/permissions.md).

A territory's coordinators create, publish and run its trainings. People register on behalf of
an organisation they belong to (admin or editor), for the other territory's trainings only if
they are open to it. State services never register anyone.
"""

from members import acting
from members.models import Organisation

from .models import Registration, Session, Training


def can_manage_training(user, training: Training) -> bool:
    """Edit, publish, cancel, and run the registrations: its territory's coordinators and site
    admins (the scope `TrainingQuerySet.managed_by`)."""
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(
        user, training.territory_id
    )


def can_manage_session(user, session: Session) -> bool:
    """A session is run by whoever runs its training."""
    return can_manage_training(user, session.training)


def can_create_training(user) -> bool:
    return acting.acts_as_site_admin(user) or acting.acts_as_coordinator(user)


def registering_organisations(user, training: Training):
    """The organisations on whose behalf the person may register for this training: the public
    ones they act for (all, for a site admin), of its territory unless it is open to both.
    Verified members only; State services never register anyone."""
    if acting.holds_state_role(user):
        return Organisation.objects.none()
    if not (acting.is_verified_member(user) or acting.acts_as_site_admin(user)):
        return Organisation.objects.none()
    organisations = Organisation.objects.acted_for_by(user).public()
    if not training.open_to_other_territory:
        organisations = organisations.filter(territory=training.territory_id)
    return organisations


def can_register(user, session: Session) -> bool:
    return registering_organisations(user, session.training).exists()


def can_cancel_registration(user, registration: Registration) -> bool:
    """The participant cancels until the deadline; the coordinators at any time (the scope
    `RegistrationQuerySet.cancellable_by`)."""
    return registration.user_id == getattr(user, "pk", None) or can_manage_training(
        user, registration.session.training
    )
