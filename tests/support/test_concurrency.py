"""Advisory support under concurrent workers and coordinators: runs on PostgreSQL (SQLite
serialises writers)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from support import services
from support.enums import Status
from support.models import StatusChange
from tests.members import factories
from tests.members.factories import OrganisationFactory

from .factories import SupportRequestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6


def race(target, arguments):
    barrier = threading.Barrier(len(arguments))
    errors = []

    def run(argument):
        try:
            barrier.wait(timeout=30)
            target(argument)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_workers_running_the_reminders_at_once_remind_each_request_once(territories):
    guadeloupe = territories["guadeloupe"]
    coordinator = factories.coordinator(guadeloupe)
    asked = timezone.now() - timedelta(days=30)
    requests = SupportRequestFactory.create_batch(
        3,
        organisation=OrganisationFactory(territory=guadeloupe),
        created_at=asked,
        awaiting_since=asked,
    )
    reminded = []
    errors = race(
        lambda _n: reminded.append(services.overdue_requests_remind(base_url="https://x")),
        range(THREADS),
    )
    assert errors == []
    assert sum(reminded) == len(requests)
    assert [m.to for m in mail.outbox] == [[coordinator.email]] * len(requests)


def test_coordinators_taking_a_request_at_once_leave_one_assignee_and_a_step_each(territories):
    guadeloupe = territories["guadeloupe"]
    coordinators = [factories.coordinator(guadeloupe) for _ in range(THREADS)]
    request = SupportRequestFactory(organisation=OrganisationFactory(territory=guadeloupe))
    errors = race(
        lambda who: services.request_assign(
            request=request, assignee=who, by=who, base_url="https://x"
        ),
        coordinators,
    )
    assert errors == []
    request.refresh_from_db()
    assert request.status == Status.ASSIGNED
    steps = list(StatusChange.objects.filter(request=request).order_by("pk"))
    assert len(steps) == THREADS
    # Serialised by the row lock: the last step names the assignee that stayed.
    assert steps[-1].assignee_id == request.assignee_id
