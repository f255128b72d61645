"""An issue as an email: HTML and text, in the recipient's language, with the sections they
chose, a link to the web version and the one-click unsubscribe link (RFC 8058) in the body
and in the `List-Unsubscribe` and `List-Unsubscribe-Post` headers, as the calls' alerts do
(calls/services/emails.py)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .content import Block
from .models import Issue

# The unsubscribe link of test emails: it names no subscription (the page says so).
TEST_TOKEN = "test"  # noqa: S105 (no secret: a token that names nothing)


def unsubscribe_url(token: str, base_url: str) -> str:
    return base_url + reverse("newsletter:unsubscribe", args=[token])


def one_click_headers(url: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def issue_message(
    *,
    issue: Issue,
    blocks: list[Block],
    recipient,
    token: str,
    base_url: str,
    test: bool = False,
) -> EmailMultiAlternatives:
    """The email of `issue` for `recipient` (anything with `email` and `language`)."""
    link = unsubscribe_url(token, base_url)
    context = {
        "issue": issue,
        "name": issue.name,
        "blocks": blocks,
        "base_url": base_url,
        "web_url": base_url + issue.get_absolute_url(),
        "subscribe_url": base_url + reverse("newsletter:subscribe"),
        "unsubscribe_url": link,
        "test": test,
    }
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = render_to_string("newsletter/email/issue_subject.txt", context)
        text = render_to_string("newsletter/email/issue.txt", context)
        html = render_to_string("newsletter/email/issue.html", context)
    message = EmailMultiAlternatives(
        # One line, whatever the subject typed holds (a header cannot break).
        " ".join(subject.split()),
        text,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers=one_click_headers(link),
    )
    message.attach_alternative(html, "text/html")
    return message
