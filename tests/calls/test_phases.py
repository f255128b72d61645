"""A call's phase is computed from its dates, in the territories' local time (UTC-4)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from calls.enums import CallPhase
from calls.models import Call
from tests.calls.factories import CallFactory

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("America/Guadeloupe")


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=LOCAL)


@pytest.fixture
def call():
    return CallFactory(opens_on=date(2026, 12, 5), deadline=at(31, 12))


@pytest.mark.parametrize(
    ("now", "phase"),
    [
        (at(4, 23, 59), CallPhase.UPCOMING),
        (at(5, 0, 0), CallPhase.OPEN),
        (at(17, 11, 59), CallPhase.OPEN),
        (at(17, 12, 0), CallPhase.CLOSING_SOON),
        (at(31, 11, 59), CallPhase.CLOSING_SOON),
        (at(31, 12, 0), CallPhase.CLOSED),
    ],
)
def test_the_phase_follows_the_local_dates(call, now, phase):
    assert call.phase(now) == phase


def test_the_phase_scopes_agree_with_the_phase(call):
    for now in (at(4), at(10), at(20), at(31, 13)):
        phase = call.phase(now)
        assert Call.objects.upcoming(now).filter(pk=call.pk).exists() == (
            phase == CallPhase.UPCOMING
        )
        assert Call.objects.open_now(now).filter(pk=call.pk).exists() == (
            phase in (CallPhase.OPEN, CallPhase.CLOSING_SOON)
        )
        assert Call.objects.closing_soon(now).filter(pk=call.pk).exists() == (
            phase == CallPhase.CLOSING_SOON
        )
        assert Call.objects.closed(now).filter(pk=call.pk).exists() == (phase == CallPhase.CLOSED)


def test_the_opening_day_starts_at_local_midnight(call):
    assert call.opens_at == datetime(2026, 12, 5, 4, 0, tzinfo=ZoneInfo("UTC"))
