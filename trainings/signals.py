"""Seats freed by deletions: an account, an organisation or a registration deleted (by the
person, the admin, or a cascade) gives its seat to the first person waiting."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Registration
from .services import session_seats_freed


@receiver(post_delete, sender=Registration, dispatch_uid="trainings_seat_freed_by_deletion")
def registration_deleted(sender, instance: Registration, **kwargs) -> None:
    # Runs inside the deletion's transaction: the promotion commits, or rolls back, with it.
    if instance.status in Registration.HOLDS_A_SEAT:
        session_seats_freed(session_id=instance.session_id)
