"""Every email of the portal, allauth's included, leaves through here: it is stored with the
action that sends it, then delivered by the background worker (`manage.py worker`). A mail
server that is down or hangs delays a message, never loses it, and never slows a request."""

from collections.abc import Iterable

from django.core.mail import EmailMessage

from background.models import OutgoingEmail


def email_queue(messages: Iterable[EmailMessage], *, purpose: str) -> list[OutgoingEmail]:
    """Store the messages and enqueue their delivery, in the current transaction.

    With the database backend (production, the demo) the rows and their tasks are written in
    the same transaction as the action: both are saved, or neither, and nothing runs after the
    commit that could fail and turn a saved action into an error page. (The tests' immediate
    backend delivers at once; tests of a rollback use the database backend.)"""
    from background.tasks import email_deliver

    stored = OutgoingEmail.objects.bulk_create(
        [OutgoingEmail.from_message(message, purpose=purpose) for message in messages]
    )
    for email in stored:
        email_deliver.enqueue(email.pk)
    return stored
