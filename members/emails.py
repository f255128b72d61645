"""Translated notification emails, queued with the action that sends them (background/mail.py):
a failing mail server delays them, never loses them nor the action."""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from background.mail import email_queue


def send_notification(
    *,
    template: str,
    recipients: Iterable,
    context: dict,
    base_url: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> int:
    """Queue `<template>_subject.txt` / `_body.txt` for each recipient, in the current
    transaction: the emails go out once it commits, and never for a change rolled back.

    `template` is a template path prefix ("trainings/email/confirmed"), or a bare name for
    the members app's emails. Recipients are users (written to in their own language) or
    plain addresses (in the current language), read now. `headers` are added to each message
    (List-Unsubscribe, for instance: the worker sends them as stored). Returns how many were
    queued.
    """
    prefix = template if "/" in template else f"members/email/{template}"
    attachments = list(attachments)
    messages = []
    for recipient in recipients:
        address = getattr(recipient, "email", recipient)
        language = getattr(recipient, "language", None) or translation.get_language()
        with translation.override(language):
            ctx = {**context, "recipient": recipient, "base_url": base_url}
            subject = render_to_string(f"{prefix}_subject.txt", ctx).strip()
            body = render_to_string(f"{prefix}_body.txt", ctx)
        message = EmailMessage(
            f"[RRMA Antilles] {subject}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [address],
            headers=dict(headers or {}),
        )
        for attachment in attachments:
            message.attach(*attachment)
        messages.append(message)
    return len(email_queue(messages, purpose=prefix))
