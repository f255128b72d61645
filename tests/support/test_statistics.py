"""Advisory support's figures on the statistics page, against requests the test creates."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from rrma.statistics import statistics_compute
from support.enums import Outcome, Status, Topic
from tests.members.factories import OrganisationFactory

from .factories import SupportRequestFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
PERIOD = {"start": date(YEAR, 1, 1), "end": date(YEAR, 12, 31)}


def chart(charts, key):
    return next(c for c in charts if c.key == key)


def test_requests_are_counted_per_topic_and_outcome_and_their_median_delays_given(
    guadeloupe, martinique
):
    gp, mq = OrganisationFactory(territory=guadeloupe), OrganisationFactory(territory=martinique)
    asked = datetime(YEAR, 3, 2, 12, tzinfo=UTC)
    for hours, days, outcome in (
        (2, 10, Outcome.FILE_SUBMITTED),
        (4, 20, Outcome.ADVICE_GIVEN),
        (30, 40, Outcome.FILE_SUBMITTED),
    ):
        SupportRequestFactory(
            organisation=gp,
            created_at=asked,
            first_answer_at=asked + timedelta(hours=hours),
            status=Status.CLOSED,
            outcome=outcome,
            ended_at=asked + timedelta(days=days),
            awaiting_since=None,
        )
    # Open, never answered: counted by topic, left out of the medians.
    SupportRequestFactory(organisation=mq, topic=Topic.MOBILITY, created_at=asked)
    # Asked the year before: outside the period.
    SupportRequestFactory(organisation=gp, created_at=datetime(YEAR - 1, 6, 1, tzinfo=UTC))

    charts = statistics_compute(territories=[guadeloupe, martinique], **PERIOD)
    assert chart(charts, "support_by_topic").rows == [
        ("Dossier de financement\u00a0: FCR", [3, 0]),
        ("Mobilité et visas", [0, 1]),
    ]
    assert chart(charts, "support_outcomes").rows == [
        ("Conseil apporté", [1, 0]),
        ("Dossier déposé", [2, 0]),
    ]
    assert chart(charts, "support_delays").rows == [
        ("Délai médian de première réponse (heures)", [4, None]),
        ("Délai médian de clôture (jours)", [20, None]),
    ]
