"""Capacity under concurrent registrations: runs on PostgreSQL (SQLite serialises writers)."""

import threading

import pytest
from django.db import connection

from tests.members.factories import OrganisationFactory, member_of
from tests.trainings.factories import SessionFactory
from trainings.models import Registration
from trainings.services import registration_cancel, registration_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS, SEATS = 24, 5


def test_many_people_racing_for_the_last_seats_never_exceed_capacity(territories):
    session = SessionFactory(capacity=SEATS)
    organisation = OrganisationFactory()
    people = [member_of(organisation) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def register(user):
        try:
            barrier.wait(timeout=30)
            registration_create(session=session, user=user, organisation=organisation)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = list(session.registrations.values_list("status", flat=True))
    assert statuses.count(Registration.Status.CONFIRMED) == SEATS
    assert statuses.count(Registration.Status.WAITLISTED) == THREADS - SEATS

    # Cancellations promote the waiting list in order of registration.
    waiting = list(session.registrations.filter(status="waitlisted").order_by("created_at", "pk"))
    confirmed = list(session.registrations.filter(status="confirmed"))
    for n, registration in enumerate(confirmed[:3]):
        promoted = registration_cancel(registration=registration, by=registration.user)
        assert promoted == waiting[n]
    assert session.registrations.filter(status="confirmed").count() == SEATS
