"""What the background worker keeps: every outgoing email until it is delivered, and which
periodic job already ran for which period."""

import base64
from datetime import timedelta

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from background.enums import EmailStatus

# After this many failed attempts an email is marked failed (a site admin may send it again).
# The delays between attempts double from one minute up to six hours: about 17 hours in all,
# enough for a mail server that is down for a night.
MAX_ATTEMPTS = 10
MAX_DELAY = timedelta(hours=6)
# A worker that claimed an email and did not report back within this time has died.
CLAIM_TIMEOUT = timedelta(minutes=15)


def retry_delay(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


class OutgoingEmailQuerySet(models.QuerySet):
    def claimable(self, now):
        """Pending emails no live worker is sending right now."""
        return self.filter(status=EmailStatus.PENDING).filter(
            models.Q(claimed_at__isnull=True) | models.Q(claimed_at__lt=now - CLAIM_TIMEOUT)
        )

    def overdue(self, now):
        """Pending emails whose next attempt should have started a while ago: their task was
        lost (a worker killed mid-task); the scheduler enqueues them again."""
        return self.claimable(now).filter(next_attempt_at__lt=now - CLAIM_TIMEOUT)


class OutgoingEmail(models.Model):
    """One message to one set of recipients. Stored in the transaction of the action that
    sends it, delivered by the worker, at most once: a delivery claims the row first.

    Once delivered, its body and attachments are erased (they may hold personal data or
    one-time links); the row stays as a log entry (technical logs are kept one year)."""

    purpose = models.CharField(_("purpose"), max_length=200)
    from_email = models.CharField(_("from"), max_length=300)
    to = models.JSONField(_("to"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    body = models.TextField(_("body"), blank=True)
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @classmethod
    def from_message(cls, message: EmailMessage, *, purpose: str) -> "OutgoingEmail":
        attachments = []
        for attachment in message.attachments:
            filename, content, mimetype = attachment
            if isinstance(content, str):
                content = content.encode()
            attachments.append([filename, base64.b64encode(content).decode(), mimetype])
        return cls(
            purpose=purpose[:200],
            from_email=message.from_email,
            to=list(message.to) + list(message.cc) + list(message.bcc),
            reply_to=list(message.reply_to),
            headers=dict(message.extra_headers),
            subject=message.subject[:500],
            body=str(message.body),
            alternatives=[
                [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
            ],
            attachments=attachments,
        )

    def message(self) -> EmailMessage:
        message = EmailMultiAlternatives(
            self.subject,
            self.body,
            self.from_email,
            self.to,
            reply_to=self.reply_to,
            headers=self.headers,
        )
        for content, mimetype in self.alternatives:
            message.attach_alternative(content, mimetype)
        for filename, content, mimetype in self.attachments:
            message.attach(filename, base64.b64decode(content), mimetype)
        return message

    @property
    def is_pending(self) -> bool:
        return self.status == EmailStatus.PENDING


class ScheduledRun(models.Model):
    """A periodic job started for one period ("2026-12-01" for a daily job): the unique pair
    makes it start once per period, however many workers run."""

    job = models.CharField(_("job"), max_length=200)
    period = models.CharField(_("period"), max_length=40)
    started_at = models.DateTimeField(_("started"), default=timezone.now)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="scheduled_run_once_per_period")
        ]

    def __str__(self):
        return f"{self.job} ({self.period})"
