"""The background worker: each email delivered once, retried with a growing delay, failures
visible and retried by hand; periodic jobs started once per period; the privacy page's
retention periods applied."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from background.enums import EmailStatus
from background.mail import email_queue
from background.models import MAX_ATTEMPTS, OutgoingEmail, ScheduledRun, retry_delay
from background.tasks import email_deliver, logs_purge, period_of, schedule_due, tick_ensure
from members.models import User
from members.tasks import accounts_purge
from tests.conftest import run_worker
from tests.members.factories import OrganisationFactory, UserFactory, member_of, site_admin
from tests.trainings.factories import RegistrationFactory, SessionFactory
from trainings.models import Registration
from trainings.tasks import registrations_purge

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("America/Guadeloupe")


def queue_one(**kwargs) -> OutgoingEmail:
    message = EmailMessage("Sujet", "Corps", "noreply@example.org", ["a@example.org"], **kwargs)
    message.attach("invitation.ics", b"BEGIN:VCALENDAR", "text/calendar")
    (email,) = email_queue([message], purpose="test")
    return email


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    return monkeypatch


def make_due():
    now = timezone.now()
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=now)


def test_an_email_is_stored_with_its_attachment_and_delivered_once_however_often_it_is_enqueued(
    database_tasks,
):
    email = queue_one()
    email_deliver.enqueue(email.pk)  # a duplicate task: the claim lets only one send
    assert mail.outbox == []
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == "invitation.ics"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    # Once delivered, what it said is erased (personal data, one-time links); the log stays.
    assert (email.body, email.attachments, email.subject) == ("", [], "Sujet")


def test_a_refused_delivery_is_retried_later_with_a_doubling_delay(
    database_tasks, mail_server_down
):
    email = queue_one()
    run_worker()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)
    assert "ConnectionRefusedError: mail server down" in email.last_error
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.run_after > timezone.now() + timedelta(seconds=50)
    assert [retry_delay(n) for n in (1, 2, 3, 10)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(hours=6),
    ]


def test_after_the_last_attempt_the_email_and_its_task_are_marked_failed_with_the_error(
    database_tasks, mail_server_down
):
    email = queue_one()
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    run_worker()
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "mail server down" in failed.traceback
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_site_admins_see_failed_emails_and_send_them_again(client, database_tasks):
    email = queue_one()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTPServerDisconnected"
    )
    DBTaskResult.objects.all().delete()
    client.force_login(site_admin())
    changelist = reverse("admin:background_outgoingemail_changelist")
    page = client.get(changelist, {"status": "failed"})
    assert page.status_code == 200
    assert "Sujet" in page.text
    detail = client.get(reverse("admin:background_outgoingemail_change", args=[email.pk]))
    assert "SMTPServerDisconnected" in detail.text
    assert "Corps" not in detail.text  # the body is shown to no one
    response = client.post(
        changelist, {"action": "send_again", "_selected_action": [email.pk]}, follow=True
    )
    assert response.status_code == 200
    run_worker()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_site_admins_run_a_failed_task_again_from_the_task_list(
    client, database_tasks, mail_server_down
):
    email = queue_one()
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    run_worker()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    mail_server_down.undo()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.PENDING, attempts=0)
    client.force_login(site_admin())
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    assert "email_deliver" in client.get(changelist).text
    client.post(changelist, {"action": "retry", "_selected_action": [failed.pk]})
    run_worker()
    assert len(mail.outbox) == 1


def test_a_delivery_whose_task_was_lost_is_enqueued_again_by_the_scheduler(database_tasks):
    email = queue_one()
    DBTaskResult.objects.all().delete()  # a worker killed before it ran the task
    OutgoingEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    run_worker(scheduler=True)
    assert len(mail.outbox) == 1


def test_daily_jobs_are_due_from_their_hour_hourly_jobs_every_hour(settings):
    settings.DAILY_JOBS_HOUR = 7
    early = datetime(2026, 12, 1, 6, 59, tzinfo=LOCAL)
    assert period_of("daily", early) is None
    assert period_of("daily", early + timedelta(minutes=1)) == "2026-12-01"
    assert period_of("hourly", early) == "2026-12-01T06"


def test_each_periodic_job_starts_once_per_period_however_many_workers_tick(
    database_tasks, settings
):
    settings.DAILY_JOBS_HOUR = 0
    assert tick_ensure() is True
    assert tick_ensure() is False  # one tick waiting is enough
    now = timezone.now()
    first = schedule_due(now)
    assert sorted(first) == sorted(path for path, _ in settings.PERIODIC_TASKS)
    assert schedule_due(now) == []
    run_worker(scheduler=True)
    run_worker(scheduler=True)
    assert ScheduledRun.objects.count() == len(settings.PERIODIC_TASKS)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()


def test_the_scheduled_reminders_reach_each_participant_once(database_tasks, settings, territories):
    settings.DAILY_JOBS_HOUR = 0
    soon = timezone.now() + timedelta(hours=20)
    registration = RegistrationFactory(
        session=SessionFactory(starts_at=soon, ends_at=soon + timedelta(hours=3))
    )
    run_worker(scheduler=True)
    ScheduledRun.objects.all().delete()  # next period: the job runs again
    run_worker(scheduler=True)
    reminders = [m for m in mail.outbox if m.to == [registration.user.email]]
    assert len(reminders) == 1
    assert reminders[0].attachments[0][0].endswith(".ics")


def test_accounts_without_login_for_three_years_are_deleted_except_an_organisations_last_admin(
    territories,
):
    long_ago = timezone.now() - timedelta(days=3 * 365 + 1)
    dormant, never_logged_in, recent = UserFactory(), UserFactory(), UserFactory()
    last_admin = member_of(OrganisationFactory(), "admin")
    User.objects.filter(pk__in=[dormant.pk, last_admin.pk]).update(last_login=long_ago)
    User.objects.filter(pk=never_logged_in.pk).update(last_login=None, date_joined=long_ago)
    User.objects.filter(pk=recent.pk).update(last_login=timezone.now() - timedelta(days=30))
    assert accounts_purge.call() == {"deleted": 2, "kept": 1}
    assert set(User.objects.values_list("pk", flat=True)) == {recent.pk, last_admin.pk}


def test_registrations_are_deleted_five_years_after_their_session_and_not_before(territories):
    old_start = timezone.now() - timedelta(days=5 * 365 + 2)
    old_session = SessionFactory(starts_at=old_start, ends_at=old_start + timedelta(hours=3))
    old = RegistrationFactory(session=old_session)
    RegistrationFactory(session=old_session, status=Registration.Status.WAITLISTED)
    recent_start = timezone.now() - timedelta(days=4 * 365)
    recent = RegistrationFactory(
        session=SessionFactory(starts_at=recent_start, ends_at=recent_start + timedelta(hours=3))
    )
    assert registrations_purge.call() == 2
    assert not Registration.objects.filter(pk=old.pk).exists()
    assert Registration.objects.filter(pk=recent.pk).exists()
    assert mail.outbox == []  # nobody promoted from a five-year-old waiting list


def test_technical_logs_are_kept_one_year(database_tasks):
    old, recent = queue_one(), queue_one()
    run_worker()
    year_ago = timezone.now() - timedelta(days=366)
    OutgoingEmail.objects.filter(pk=old.pk).update(created_at=year_ago)
    DBTaskResult.objects.filter(args_kwargs__args=[old.pk]).update(finished_at=year_ago)
    ScheduledRun.objects.create(job="x", period="2025-01-01", started_at=year_ago)
    assert logs_purge.call() == {"emails": 1, "task_results": 1, "scheduled_runs": 1}
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [recent.pk]
