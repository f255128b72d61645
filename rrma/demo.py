"""The demo data set: every app's demo data, loaded in dependency order."""

from django.db import transaction

from calls.demo import load_demo_calls
from members.demo import load_demo_accounts
from members.demo_groups import load_demo_working_groups
from members.demo_organisations import load_demo_organisations
from members.models import User
from missions.demo import load_demo_missions
from news.demo import load_demo_news
from newsletter.demo import load_demo_newsletter
from projects.demo import load_demo_projects
from resources.demo import load_demo_resources
from support.demo import load_demo_support
from trainings.demo import load_demo_trainings


def demo_is_loaded() -> bool:
    return User.objects.exists()


@transaction.atomic
def load_demo_data() -> None:
    accounts = {user.email: user for user in load_demo_accounts()}
    coordinators = {
        "guadeloupe": accounts["coordination.guadeloupe@rrma.example"],
        "martinique": accounts["coordination.martinique@rrma.example"],
    }
    load_demo_organisations(admin=accounts["admin.asso@rrma.example"], validator=coordinators)
    calls = load_demo_calls(by=coordinators)
    load_demo_projects(calls=calls)
    load_demo_missions(admin=accounts["admin.asso@rrma.example"])
    groups = load_demo_working_groups()
    load_demo_resources(by=coordinators)
    load_demo_trainings(groups=groups)
    load_demo_news(by=coordinators)
    # Last: its issue is composed of the news, calls, trainings and events above.
    load_demo_newsletter(by=coordinators)
    load_demo_support(asker=accounts["admin.asso@rrma.example"], by=coordinators)
