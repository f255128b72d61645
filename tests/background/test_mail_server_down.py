"""Nothing lost: with the mail server down, people's actions complete; once it is back, the
worker delivers each email exactly once. Real SMTP (a local aiosmtpd sink), real worker."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core.cache import caches
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from background.enums import EmailStatus
from background.models import OutgoingEmail
from tests.conftest import run_worker
from tests.members.factories import OrganisationFactory, member_of
from tests.trainings.factories import SessionFactory

pytestmark = pytest.mark.django_db


class Sink(Message):
    """Keeps what the portal sent: (recipient, subject) per message."""

    def __init__(self):
        super().__init__()
        self.received: list[tuple[str, str]] = []

    def handle_message(self, message):
        for recipient in message.get_all("X-RcptTo", [""])[0].split(","):
            self.received.append((recipient.strip(), str(message["Subject"])))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings, database_tasks):
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    sink = Sink()
    # allauth sends one confirmation per address every few minutes (a counter in the cache):
    # the test's sign-up must not meet a counter another test left.
    for alias in settings.CACHES:
        caches[alias].clear()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    yield controller, sink
    if getattr(controller, "_thread", None):
        controller.stop()
    else:
        # Never started (the test stopped first): its event loop is closed all the same, or
        # its sockets would be reported unclosed in whichever test runs next.
        controller.loop.close()


def make_retries_due():
    """Time passes: the retries scheduled a minute or two ahead are due."""
    now = timezone.now()
    OutgoingEmail.objects.filter(status=EmailStatus.PENDING).update(next_attempt_at=now)
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=now)


def test_with_the_mail_server_down_nothing_fails_and_every_email_goes_out_once_it_is_back(
    client, territories, smtp
):
    controller, sink = smtp  # not started: the port refuses connections
    organisation = OrganisationFactory()
    admin = member_of(organisation, "admin")
    session = SessionFactory()
    statuses = []

    statuses.append(
        client.post(
            reverse("account_signup"),
            {
                "email": "nouvelle@example.org",
                "password1": "Xq7!fjord-Lamantin",
                "password2": "Xq7!fjord-Lamantin",
            },
        ).status_code
    )
    client.force_login(admin)
    statuses.append(
        client.post(
            reverse("trainings:register", args=[session.pk]), {"organisation": organisation.pk}
        ).status_code
    )
    statuses.append(
        client.post(
            reverse("members:organisation_invite", args=[organisation.slug]),
            {"email": "invitee@example.org", "role": "editor"},
        ).status_code
    )
    assert all(status in (200, 302) for status in statuses), statuses
    assert statuses.count(302) == 3

    run_worker()  # every attempt refused: retries scheduled, nothing lost
    queued = list(OutgoingEmail.objects.values_list("to", "status", "attempts"))
    assert len(queued) == 3, queued
    assert {status for _, status, _ in queued} == {EmailStatus.PENDING}
    assert sink.received == []

    controller.start()
    make_retries_due()
    run_worker()
    run_worker()  # a second run finds nothing left to send
    expected = {"nouvelle@example.org", admin.email, "invitee@example.org"}
    assert sorted(recipient for recipient, _ in sink.received) == sorted(expected)
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
