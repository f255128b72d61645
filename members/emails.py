"""Translated notification emails. A failing mail server never loses the action that sent them:
the failure is logged and the caller goes on."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_notification(
    *, template: str, recipients: Iterable, context: dict, base_url: str = ""
) -> int:
    """Send `members/email/<template>_subject.txt` / `_body.txt` to each recipient.

    Recipients are users (written to in their own language) or plain addresses (in the
    current language). Returns how many were sent.
    """
    sent = 0
    for recipient in recipients:
        address = getattr(recipient, "email", recipient)
        language = getattr(recipient, "language", None) or translation.get_language()
        with translation.override(language):
            ctx = {**context, "recipient": recipient, "base_url": base_url}
            subject = render_to_string(f"members/email/{template}_subject.txt", ctx).strip()
            body = render_to_string(f"members/email/{template}_body.txt", ctx)
        try:
            send_mail(f"[RRMA Antilles] {subject}", body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:
            logger.exception("Could not send the %r email to %s", template, address)
        else:
            sent += 1
    return sent
