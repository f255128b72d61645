"""Every email of the portal, allauth's included, leaves through here: it is stored with the
action that sends it, then delivered by the background worker (`manage.py worker`). A mail
server that is down or hangs delays a message, never loses it, and never slows a request."""

from collections.abc import Iterable

from django.core.mail import EmailMessage

from background.models import OutgoingEmail
from background.queue import enqueue_with_transaction


def email_queue(messages: Iterable[EmailMessage], *, purpose: str) -> list[OutgoingEmail]:
    """Store the messages and enqueue their delivery (see `enqueue_with_transaction`)."""
    from background.tasks import email_deliver

    stored = OutgoingEmail.objects.bulk_create(
        [OutgoingEmail.from_message(message, purpose=purpose) for message in messages]
    )
    for email in stored:
        enqueue_with_transaction(email_deliver, email.pk)
    return stored
