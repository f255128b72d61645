"""Generated data at a given scale, in the proportions of the demo data, inserted in bulk.

Rules:
- per 100 organisations, as in the demo (members/demo_organisations.py, projects/demo.py,
  trainings/demo.py): about 85 active, 8 awaiting validation, 5 archived and 2 refused, in
  both territories; about 140 contact persons and 120 accounts (an admin for 9 in 10
  organisations, an editor for 3 in 10), 2 pending join requests; 67 projects (`cooperation`),
  20 trainings (`training_sessions`) with their sessions and registrations; 2 funding calls
  (`funding_calls`), a quarter of the FCR and Interreg lines answering one; the networks'
  content (`network_content`): 2 working groups per territory, 5 resources, 4 events, 10 news
  posts and 20 newsletter subscribers, one newsletter issue a month per territory over 2 years
  (deliveries for the last 3 only); advisory support and missions (`advisory`): support
  requests from about 3 in 100 organisations a year, with their threads, steps and
  appointments, missions from about 10 in 100 a year, with their obstacles;
- every record passes the checks people's input goes through (`full_clean`): communes of
  its territory, positions inside its box, valid SIRET, RNA and phone numbers;
- history as the portal writes it: a row at creation, one per decision (validation,
  refusal, archiving), the record's lists next to the last one;
- the demo accounts (members/demo.py), for measuring each audience: `admin.asso@rrma.example`
  administers two active organisations and edits a third;
- a fixed seed: the same scale always gives the same data; dates are relative to today.
"""

import io
import random

from django.core.management import call_command
from django.db import transaction

from calls.models import Call
from members.demo import load_demo_accounts
from members.models import (
    ContactPerson,
    JoinRequest,
    Membership,
    Organisation,
    User,
    WorkingGroup,
)
from missions.models import Mission, Obstacle
from news.models import Post
from newsletter.models import Delivery, Issue, Subscriber
from projects.models import CaribbeanPartner, Project
from resources.models import Resource
from support.models import Appointment, Message, StatusChange, SupportRequest
from trainings.models import Registration, Training

from . import (
    advisory,
    cooperation,
    funding_calls,
    network_content,
    organisations,
    people,
    training_sessions,
)
from .bulk import dates_as_given
from .context import make_context

# Not for security: the data set is to be the same at every run.
SEED = 971_972


def generate(scale: int, *, seed: int = SEED) -> dict[str, int]:
    """Fill the empty database with `scale` organisations and the rest in proportion; returns
    the number of rows of each main table."""
    rng = random.Random(seed)  # noqa: S311
    with transaction.atomic():
        accounts = {user.email: user for user in load_demo_accounts()}
        ctx = make_context(scale, rng, accounts)
        with dates_as_given(
            Organisation,
            Membership,
            JoinRequest,
            Project,
            CaribbeanPartner,
            Training,
            Registration,
            Call,
            WorkingGroup,
            Resource,
            Post,
            Subscriber,
            Issue,
            Delivery,
            Mission,
        ):
            organisations.organisations(ctx)
            people.people(ctx)
            organisations.organisations_history(ctx)
            cooperation.projects(ctx)
            training_sessions.trainings(ctx)
            funding_calls.calls(ctx)
            network_content.network_content(ctx)
            advisory.advisory(ctx)
        after_bulk_insert()
    models = [
        Organisation,
        ContactPerson,
        User,
        Membership,
        Project,
        CaribbeanPartner,
        Training,
        Registration,
        Call,
        WorkingGroup,
        Resource,
        Post,
        Subscriber,
        Issue,
        Delivery,
        SupportRequest,
        Message,
        StatusChange,
        Appointment,
        Mission,
        Obstacle,
        Organisation.history.model,
    ]
    return {model._meta.label: model._base_manager.count() for model in models}


def after_bulk_insert() -> None:
    """What `save()` maintains besides the row, for the rows `bulk_create` wrote without it.

    `search_text` is built as rows are made, with the models' own code. `save()` also adds its
    words to the search vocabulary (typo tolerance, members/models/search.py): added here for
    all rows at once. PostgreSQL's search vectors are kept by a trigger, bulk inserts included.
    """
    call_command("search_vocabulary_rebuild", stdout=io.StringIO())
