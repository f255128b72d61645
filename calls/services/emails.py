"""What every alert email of the calls app shares: its recipient, its one-click unsubscribe
link (RFC 8058) in body and headers, and claiming a subscription's period before writing."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.urls import reverse

from members.emails import send_notification


@dataclass(frozen=True)
class Recipient:
    """An address written to in a given language (as send_notification reads a user)."""

    email: str
    language: str


def alert_email(*, template: str, recipient, token: str, context: dict, base_url: str) -> int:
    """Queue one alert email with its one-click unsubscribe link, in body and headers."""
    url = base_url + reverse("calls:unsubscribe", args=[token])
    return send_notification(
        template=f"calls/email/{template}",
        recipients=[recipient],
        context={**context, "unsubscribe_url": url},
        base_url=base_url,
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def claimed(model, pk: int, field: str, previous: datetime | None, now: datetime) -> bool:
    """Move `field` from the value read to `now`, unless another run did first."""
    unchanged = Q(**{f"{field}__isnull": True}) if previous is None else Q(**{field: previous})
    return bool(model.objects.filter(unchanged, pk=pk).update(**{field: now}))
