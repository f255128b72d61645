"""Alerts of the calls an organisation may answer: for each call (opening, 14 and 3 days before
the deadline, each once) or a weekly digest; the members' page that chooses."""

import re
import threading
from datetime import timedelta
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from background.enums import EmailStatus
from background.models import OutgoingEmail
from calls.enums import AlertFrequency, AlertKind
from calls.matching import Profile, call_match
from calls.models import AlertSent, Call, OrganisationAlert
from calls.services.alerts import call_alerts_send, digests_send
from calls.tasks import call_alerts_send_task, digests_send_task
from members.models import Membership, Organisation
from tests.background.test_mail_server_down import Sink, free_port, make_retries_due
from tests.calls.factories import CallFactory, OrganisationAlertFactory
from tests.conftest import run_worker
from tests.members.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
BASE = "https://portal.example"
WEEKLY = AlertFrequency.WEEKLY


@pytest.fixture
def organisation(territories):
    return OrganisationFactory(name="Jeunesse Karukera")


@pytest.fixture
def alert(organisation):
    return OrganisationAlertFactory(user=member_of(organisation), organisation=organisation)


def send(now=None) -> int:
    return call_alerts_send(now=now, base_url=BASE)


def kinds_told(alert) -> set[str]:
    return set(AlertSent.objects.filter(alert=alert).values_list("kind", flat=True))


def test_an_open_call_is_emailed_once_to_each_matching_alert_however_many_runs(alert):
    call = CallFactory(title="Je coopère avec Haïti")
    other = OrganisationAlertFactory(
        user=member_of(alert.organisation), organisation=alert.organisation
    )

    assert send() == 2
    assert send() == 0
    call_command("send_call_alerts", "--base-url", BASE, stdout=StringIO())

    assert sorted(m.to[0] for m in mail.outbox) == sorted([alert.user.email, other.user.email])
    message = mail.outbox[0]
    assert "Je coopère avec Haïti" in message.subject
    assert f"{BASE}{call.get_absolute_url()}" in message.body
    assert "Jeunesse Karukera" in message.body
    assert kinds_told(alert) == {AlertKind.OPENING}


def test_the_reminders_go_14_then_3_days_before_the_deadline(alert):
    call = CallFactory()
    deadline = call.deadline

    assert send(now=deadline - timedelta(days=30)) == 1
    assert send(now=deadline - timedelta(days=14, minutes=1)) == 0
    assert send(now=deadline - timedelta(days=14)) == 1
    assert kinds_told(alert) == {AlertKind.OPENING, AlertKind.DEADLINE_14}
    assert send(now=deadline - timedelta(days=3, minutes=1)) == 0
    assert send(now=deadline - timedelta(days=2, hours=20)) == 1
    assert send(now=deadline - timedelta(hours=1)) == 0
    assert send(now=deadline + timedelta(hours=1)) == 0  # closed

    assert kinds_told(alert) == set(AlertKind.values)
    subjects = [m.subject for m in mail.outbox]
    assert "14" in subjects[1]
    assert "3" in subjects[2]
    assert call.title in subjects[2]


def test_a_call_published_days_before_its_deadline_is_told_in_one_email_not_two(alert):
    call = CallFactory(deadline=timezone.now() + timedelta(days=10))

    assert send() == 1
    assert kinds_told(alert) == {AlertKind.OPENING, AlertKind.DEADLINE_14}
    assert "10" in mail.outbox[0].body  # the days left, said in the opening email
    assert send(now=call.deadline - timedelta(days=2)) == 1
    assert kinds_told(alert) == set(AlertKind.values)


def test_a_call_not_open_yet_is_told_once_it_opens(alert):
    call = CallFactory(opens_on=timezone.localdate() + timedelta(days=5))

    assert send() == 0
    assert send(now=call.opens_at + timedelta(hours=1)) == 1


def test_an_organisation_the_call_does_not_match_gets_nothing(alert):
    CallFactory(territories=["martinique"])
    CallFactory(themes=["education-training"])
    CallFactory(whole_caribbean=False, countries=["CU"])
    CallFactory(applicants=["company"])

    assert send() == 0
    assert mail.outbox == []


def test_an_ex_member_an_inactive_account_and_an_organisation_no_longer_active_get_nothing(
    alert, organisation
):
    CallFactory()
    Membership.objects.filter(user=alert.user).delete()
    OrganisationAlertFactory(
        user=member_of(organisation, is_active=False), organisation=organisation
    )
    archived = OrganisationFactory(status=Organisation.Status.ARCHIVED)
    OrganisationAlertFactory(user=member_of(archived), organisation=archived)

    assert send() == 0
    assert not AlertSent.objects.exists()
    assert mail.outbox == []


def test_a_draft_call_gets_nothing(alert):
    CallFactory(status=Call.Status.DRAFT)

    assert send() == 0


def test_every_alert_email_has_its_unsubscribe_link_in_the_body_and_the_headers(alert):
    CallFactory()
    send()

    message = mail.outbox[0]
    url = f"{BASE}/calls/unsubscribe/{alert.token}/"
    assert url == f"{BASE}{reverse('calls:unsubscribe', args=[alert.token])}"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body


def test_emails_are_written_in_the_recipients_language(organisation):
    call = CallFactory()
    french = OrganisationAlertFactory(user=member_of(organisation), organisation=organisation)
    english = OrganisationAlertFactory(
        user=member_of(organisation, language="en"), organisation=organisation
    )
    send()

    bodies = {m.to[0]: m.body for m in mail.outbox}
    days = {}
    for alert, language in ((french, "fr"), (english, "en")):
        with translation.override(language):
            days[language] = date_format(call.local_deadline, "l j F Y")
            reasons = call_match(call, Profile.of(organisation)).reasons
        assert days[language] in bodies[alert.user.email]
        assert all(reason in bodies[alert.user.email] for reason in reasons)
    assert days["en"] != days["fr"]
    assert days["en"] not in bodies[french.user.email]


# Weekly digests ----------------------------------------------------------------------------


def test_the_weekly_digest_lists_the_new_matching_calls_with_deadlines_and_reasons(organisation):
    alert = OrganisationAlertFactory(
        user=member_of(organisation), organisation=organisation, frequency=WEEKLY
    )
    health = CallFactory(title="Santé Caraïbe", themes=["health"])
    anyone = CallFactory(title="Appel ouvert à tous")
    CallFactory(title="Appel de Martinique", territories=["martinique"])

    assert send() == 0  # no email for each call
    assert digests_send(base_url=BASE) == 1

    (message,) = mail.outbox
    assert message.to == [alert.user.email]
    assert "Jeunesse Karukera" in message.subject
    for call in (health, anyone):
        assert call.title in message.body
        assert date_format(call.local_deadline, "l j F Y") in message.body
        assert all(r in message.body for r in call_match(call, Profile.of(organisation)).reasons)
    assert "Appel de Martinique" not in message.body
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<{BASE}/calls/unsubscribe/{alert.token}/>"
    )


def test_the_digest_goes_once_a_week_with_only_the_calls_new_since_the_last(organisation):
    alert = OrganisationAlertFactory(
        user=member_of(organisation), organisation=organisation, frequency=WEEKLY
    )
    CallFactory(title="Premier appel")
    now = timezone.now()

    assert digests_send(now=now, base_url=BASE) == 1
    CallFactory(title="Deuxième appel", published_at=now + timedelta(days=1))
    assert digests_send(now=now + timedelta(days=2), base_url=BASE) == 0  # the same week
    assert digests_send(now=now + timedelta(days=7), base_url=BASE) == 1
    assert digests_send(now=now + timedelta(days=14), base_url=BASE) == 0  # nothing new

    second = mail.outbox[1].body
    assert "Deuxième appel" in second
    assert "Premier appel" not in second
    alert.refresh_from_db()
    assert alert.last_digest_at == now + timedelta(days=14)


def test_a_call_published_before_a_digest_but_opening_after_it_is_in_the_next(organisation):
    OrganisationAlertFactory(
        user=member_of(organisation), organisation=organisation, frequency=WEEKLY
    )
    now = timezone.now()
    CallFactory(title="Appel à venir", opens_on=timezone.localdate() + timedelta(days=3))

    assert digests_send(now=now, base_url=BASE) == 0
    assert digests_send(now=now + timedelta(days=7), base_url=BASE) == 1
    assert "Appel à venir" in mail.outbox[0].body


def test_switching_to_the_digest_starts_it_from_now(client, organisation, alert):
    CallFactory()
    send()
    client.force_login(alert.user)
    client.post(
        reverse("calls:alerts"),
        {"organisation": organisation.pk, f"organisation-{organisation.pk}-frequency": WEEKLY},
    )

    assert digests_send(now=timezone.now() + timedelta(days=7), base_url=BASE) == 0
    assert len(mail.outbox) == 1


# The tasks and the command -----------------------------------------------------------------


def test_the_tasks_and_the_command_send_with_the_sites_address(settings, organisation, alert):
    settings.SITE_URL = "https://rrma.example/"
    OrganisationAlertFactory(
        user=member_of(organisation), organisation=organisation, frequency=WEEKLY
    )
    CallFactory()

    assert call_alerts_send_task.enqueue().return_value == 1
    assert digests_send_task.enqueue().return_value == 1
    assert all("https://rrma.example/calls/unsubscribe/" in m.body for m in mail.outbox)
    CallFactory()
    out = StringIO()
    call_command("send_call_alerts", "--digests", stdout=out)
    assert out.getvalue() == "1 call alert(s) queued.\n0 digest(s) queued.\n"


# Bounded work ------------------------------------------------------------------------------


def alerts_and_calls(n: int) -> None:
    for _ in range(n):
        organisation = OrganisationFactory()
        for _ in range(2):
            OrganisationAlertFactory(user=member_of(organisation), organisation=organisation)
        CallFactory(themes=["health"])
    OrganisationAlertFactory(
        user=member_of(organisation), organisation=organisation, frequency=WEEKLY
    )


def queries_of(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_alerts_and_calls(territories):
    alerts_and_calls(2)
    first = queries_of(send)
    assert len(mail.outbox) == 8
    steady_small = queries_of(send)
    alerts_and_calls(4)
    mail.outbox.clear()
    queries_of(send)
    assert len(mail.outbox) == 12 * 6 - 8  # 12 alerts, 6 calls, 8 told already
    steady_large = queries_of(send)
    digests = queries_of(lambda: digests_send(base_url=BASE))

    assert steady_small == steady_large <= 10
    # A few queries per email queued: its savepoint, the rows claiming it, the stored email,
    # its task (delivered at once by the tests' immediate backend: three more).
    assert first <= steady_small + 8 * 8
    assert digests <= 12 + 2 * 6


# Nothing lost, nothing twice ---------------------------------------------------------------


@pytest.fixture
def smtp(settings, database_tasks):
    """A real SMTP sink on a free port, not started: the mail server is down."""
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    yield controller, sink
    if getattr(controller, "_thread", None):
        controller.stop()


def test_with_the_mail_server_down_alerts_wait_and_each_goes_out_once_it_is_back(alert, smtp):
    controller, sink = smtp
    CallFactory(title="Appel patient")

    assert send() == 1
    run_worker()  # refused: a retry is scheduled, the alert is kept
    assert send() == 0  # told already: not queued twice
    (email,) = OutgoingEmail.objects.all()
    assert (email.status, email.attempts, sink.received) == (EmailStatus.PENDING, 1, [])
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    controller.start()
    make_retries_due()
    run_worker()
    run_worker()
    assert [recipient for recipient, _subject in sink.received] == [alert.user.email]
    assert "Appel patient" in sink.received[0][1]
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT


# Concurrency -------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_at_once_send_each_email_once(territories):
    organisation = OrganisationFactory()
    alerts = [
        OrganisationAlertFactory(user=member_of(organisation), organisation=organisation)
        for _ in range(5)
    ]
    for _ in range(4):
        CallFactory()
    barrier = threading.Barrier(2)
    errors, counts = [], []

    def run():
        try:
            barrier.wait(timeout=30)
            counts.append(send())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(counts) == 20
    assert len(mail.outbox) == 20
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert len(set(sent)) == 20
    assert AlertSent.objects.count() == 20
    assert {a.user.email for a in alerts} == {m.to[0] for m in mail.outbox}


# The members' page -------------------------------------------------------------------------


def frequency_field(organisation) -> str:
    return f"organisation-{organisation.pk}-frequency"


def test_the_alerts_page_needs_a_login(client):
    response = client.get(reverse("calls:alerts"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_a_member_creates_changes_and_deletes_the_alert_of_their_organisation(client, organisation):
    person = member_of(organisation)
    client.force_login(person)
    url = reverse("calls:alerts")

    response = client.post(
        url, {"organisation": organisation.pk, frequency_field(organisation): "each-call"}
    )
    assert response.status_code == 302
    alert = OrganisationAlert.objects.get(user=person, organisation=organisation)
    assert alert.frequency == AlertFrequency.EACH_CALL
    client.post(url, {"organisation": organisation.pk, frequency_field(organisation): WEEKLY})
    alert.refresh_from_db()
    assert alert.frequency == WEEKLY
    page = client.get(url).text
    assert re.search(rf'value="{WEEKLY}"[^>]* checked', page)
    client.post(url, {"organisation": organisation.pk, frequency_field(organisation): ""})
    assert not OrganisationAlert.objects.filter(user=person).exists()


def test_the_page_shows_how_many_open_calls_match_each_organisation(client, organisation):
    person = member_of(organisation)
    Membership.objects.create(user=person, organisation=OrganisationFactory(name="Deuxième"))
    CallFactory(title="Santé Caraïbe", themes=["health"])
    CallFactory(themes=["education-training"])
    CallFactory(status=Call.Status.DRAFT)
    client.force_login(person)

    response = client.get(reverse("calls:alerts"))
    assert response.status_code == 200
    assert response.text.count("Santé Caraïbe") == 2  # both organisations work on health
    assert "Jeunesse Karukera" in response.text
    assert "Deuxième" in response.text


def test_the_page_reads_a_fixed_number_of_queries(
    client, organisation, django_assert_max_num_queries
):
    person = member_of(organisation)
    for _ in range(4):
        Membership.objects.create(user=person, organisation=OrganisationFactory())
        CallFactory()
    client.force_login(person)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("calls:alerts")).status_code == 200


def test_nobody_sets_an_alert_for_an_organisation_they_do_not_belong_to(client, organisation):
    client.force_login(UserFactory())
    response = client.post(
        reverse("calls:alerts"),
        {"organisation": organisation.pk, frequency_field(organisation): "each-call"},
    )
    assert response.status_code == 404
    assert not OrganisationAlert.objects.exists()


def test_a_made_up_frequency_is_refused_next_to_its_field(client, organisation):
    client.force_login(member_of(organisation))
    response = client.post(
        reverse("calls:alerts"),
        {"organisation": organisation.pk, frequency_field(organisation): "daily"},
    )
    assert response.status_code == 200
    assert "error-summary" in response.text
    assert not OrganisationAlert.objects.exists()
