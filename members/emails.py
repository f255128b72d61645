"""Translated notification emails. A failing mail server never loses the action that sent them:
the failure is logged and the caller goes on."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_notification(
    *,
    template: str,
    recipients: Iterable,
    context: dict,
    base_url: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> int:
    """Send `<template>_subject.txt` / `_body.txt` to each recipient.

    `template` is a template path prefix ("trainings/email/confirmed"), or a bare name for
    the members app's emails. Recipients are users (written to in their own language) or
    plain addresses (in the current language). Returns how many were sent.
    """
    prefix = template if "/" in template else f"members/email/{template}"
    attachments = list(attachments)
    sent = 0
    for recipient in recipients:
        address = getattr(recipient, "email", recipient)
        language = getattr(recipient, "language", None) or translation.get_language()
        with translation.override(language):
            ctx = {**context, "recipient": recipient, "base_url": base_url}
            subject = render_to_string(f"{prefix}_subject.txt", ctx).strip()
            body = render_to_string(f"{prefix}_body.txt", ctx)
        message = EmailMessage(
            f"[RRMA Antilles] {subject}", body, settings.DEFAULT_FROM_EMAIL, [address]
        )
        for attachment in attachments:
            message.attach(*attachment)
        try:
            message.send()
        except Exception:
            logger.exception("Could not send the %r email to %s", template, address)
        else:
            sent += 1
    return sent


def notify_on_commit(
    *,
    template: str,
    recipients,
    context: dict,
    base_url: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> None:
    """Send the notification once the current transaction commits (never for a change that
    was rolled back). Recipients given as a QuerySet are read then, not now."""
    transaction.on_commit(
        lambda: send_notification(
            template=template,
            recipients=recipients,
            context=context,
            base_url=base_url,
            attachments=attachments,
        )
    )
