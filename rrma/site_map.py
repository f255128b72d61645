"""The site map: every public section of the portal, and the pages a signed-in person's role
opens to them (RGAA criterion 12.1: a second way to reach every page besides the menus)."""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import permissions as members
from members.models import Territory
from missions import permissions as missions

from .context_processors import Capabilities


@dataclass
class Section:
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, url_name: str, *args, when: bool = True) -> None:
        if when:
            self.links.append((label, reverse(url_name, args=args)))


def public_sections(territories: list[Territory]) -> list[Section]:
    """What everyone may open: the same for every visitor and every role."""
    networks = Section(gettext_lazy("The networks"))
    for territory in territories:
        name = territory.name
        networks.add(_("The %(name)s network") % {"name": name}, "network", territory.slug)
        networks.add(
            _("Working groups of the %(name)s network") % {"name": name},
            "working_groups",
            territory.slug,
        )
    actors = Section(gettext_lazy("Actors and projects"))
    actors.add(_("Directory of actors"), "members:directory")
    actors.add(_("Cooperation projects"), "projects:catalogue")
    actors.add(_("Cooperation by Caribbean country"), "projects:by_country")
    actors.add(_("Caribbean partners"), "projects:partners")
    trainings = Section(gettext_lazy("Trainings and events"))
    trainings.add(_("Trainings"), "trainings:catalogue")
    trainings.add(_("Past trainings"), "trainings:archive")
    trainings.add(_("Events"), "trainings:events")
    trainings.add(_("Past events"), "trainings:events_archive")
    calls = Section(gettext_lazy("Funding calls"))
    calls.add(_("Calendar of funding calls"), "calls:calendar")
    calls.add(_("Closed funding calls"), "calls:archive")
    news = Section(gettext_lazy("News and resources"))
    news.add(_("News of the networks"), "news:list")
    news.add(_("Resource library"), "resources:list")
    news.add(_("Subscribe to the newsletters"), "newsletter:subscribe")
    about = Section(gettext_lazy("About the portal"))
    about.add(_("Search the portal"), "search")
    about.add(_("Open data"), "opendata")
    about.add(_("API documentation"), "api-v1:openapi-view")
    about.add(_("Privacy policy"), "privacy")
    about.add(_("Legal notice"), "legal")
    about.add(_("Accessibility statement"), "accessibility")
    return [networks, actors, trainings, calls, news, about]


def personal_sections(user, territories: list[Territory]) -> list[Section]:
    """What the person's role opens, each link offered on the predicate its view asks (so
    that nobody is shown a page that would refuse them), empty sections left out."""
    can = Capabilities(user)
    account = Section(gettext_lazy("My account"))
    account.add(_("My dashboard"), "dashboard")
    account.add(_("My account"), "members:account")
    account.add(_("My active sessions"), "usersessions_list")
    account.add(_("My trainings"), "trainings:mine")
    account.add(_("Call alerts"), "calls:alerts")
    organisations = Section(gettext_lazy("Organisations"))
    organisations.add(
        _("Register an organisation"),
        "members:organisation_register",
        when=can.register_organisation,
    )
    organisations.add(_("Declare a project"), "projects:project_create", when=can.declare_project)
    organisations.add(_("Advisory support"), "support:requests", when=can.read_support)
    organisations.add(_("Ask for support"), "support:request_create", when=can.ask_support)
    organisations.add(_("Missions and delegations"), "missions:list", when=can.list_missions)
    organisations.add(_("Record a mission"), "missions:mission_create", when=can.record_mission)
    organisations.add(
        _("Obstacles met by the missions"),
        "missions:obstacles",
        when=missions.can_read_obstacles_report(user),
    )
    network = Section(gettext_lazy("Running the networks"))
    network.add(_("New training"), "trainings:training_create", when=can.create_training)
    network.add(_("New event"), "trainings:event_create", when=can.create_training)
    network.add(_("New funding call"), "calls:call_create", when=can.create_call)
    network.add(_("New post"), "news:post_create", when=can.publish_news)
    network.add(_("New resource"), "resources:resource_create", when=can.publish_resource)
    network.add(_("Newsletters"), "newsletter:issues", when=can.compose_newsletter)
    network.add(_("Imports of organisations"), "imports:list", when=can.import_organisations)
    for territory in territories:
        name = territory.name
        network.add(
            _("Organisations awaiting validation — %(name)s") % {"name": name},
            "members:moderation_queue",
            territory.slug,
            when=members.can_coordinate(user, territory),
        )
        network.add(
            _("Edit the page of the %(name)s network") % {"name": name},
            "network_edit",
            territory.slug,
            when=members.can_edit_network(user, territory),
        )
    network.add(_("Administration"), "admin:index", when=can.use_admin)
    census = Section(gettext_lazy("Census"))
    census.add(_("Census of the actors"), "census", when=can.read_census)
    census.add(_("Statistics of the census"), "statistics", when=can.read_census)
    census.add(_("My census exports"), "census_exports", when=can.read_census)
    for territory in territories:
        census.add(
            _("Activity report: %(territory)s") % {"territory": territory.name},
            "activity_report",
            territory.slug,
            when=members.can_read_activity_report(user, territory),
        )
    return [s for s in (account, organisations, network, census) if s.links]


def site_map(request):
    """The site map. Business rules: everyone sees the public sections; a signed-in person
    also sees, under them, the pages their role opens, each asked of the predicate its view
    asks (`Capabilities`, the per-territory predicates), never of the roles themselves."""
    territories = list(Territory.objects.all())
    user = request.user
    return render(
        request,
        "rrma/site_map.html",
        {
            "public_sections": public_sections(territories),
            "personal_sections": personal_sections(user, territories)
            if user.is_authenticated
            else [],
        },
    )
