"""Each capability predicate agrees with its scope, for every role on every kind of object:
the two are written on the same primitives (members.acting), and this checks they say the same.
"""

import pytest

from members import permissions as members
from members.enums import OrganisationStatus
from members.models import Organisation, Territory
from projects import permissions as projects
from projects.models import Project
from tests.members import factories
from tests.members.factories import OrganisationFactory
from tests.projects.factories import ProjectFactory
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory
from trainings import permissions as trainings
from trainings.enums import TrainingStatus
from trainings.models import Registration, Session, Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(territories):
    gp, mq = territories["guadeloupe"], territories["martinique"]
    organisations = [
        OrganisationFactory(
            territory=territory,
            status=status,
            refusal_reason="Hors champ." if status == OrganisationStatus.REFUSED else "",
        )
        for territory in (gp, mq)
        for status in OrganisationStatus.values
    ]
    own = organisations[1]  # a pending organisation of Guadeloupe
    editor, admin = factories.member_of(own, "editor"), factories.member_of(own, "admin")
    for organisation in organisations:
        ProjectFactory(lead=organisation, published=True)
        ProjectFactory(lead=organisation, published=False)
    training_records = [
        TrainingFactory(territory=territory, status=status)
        for territory in (gp, mq)
        for status in TrainingStatus.values
    ]
    for training in training_records:
        session = SessionFactory(training=training)
        RegistrationFactory(session=session, user=editor, organisation=own)
        RegistrationFactory(session=session)
    people = {
        "anonymous": None,
        "member": factories.UserFactory(),
        "editor": editor,
        "admin": admin,
        "coordinator": factories.coordinator(gp),
        "coordinator without two-factor": factories.coordinator(gp, two_factor=False),
        "other coordinator": factories.coordinator(mq),
        "state": factories.state_services(),
        "site admin": factories.site_admin(),
        "site admin without two-factor": factories.site_admin(two_factor=False),
    }
    return people


def anonymous_or(user):
    from django.contrib.auth.models import AnonymousUser

    return user if user is not None else AnonymousUser()


PEOPLE = [
    "anonymous",
    "member",
    "editor",
    "admin",
    "coordinator",
    "coordinator without two-factor",
    "other coordinator",
    "state",
    "site admin",
    "site admin without two-factor",
]


def disagreements(objects, scope, predicate):
    inside = set(scope.values_list("pk", flat=True))
    return [o for o in objects if predicate(o) != (o.pk in inside)]


def test_organisation_predicates_agree_with_their_scopes(world):
    for who in PEOPLE:
        _organisation_predicates_agree_with_their_scopes(anonymous_or(world[who]), who)


def _organisation_predicates_agree_with_their_scopes(user, who):
    every = list(Organisation.objects.all())
    objects = Organisation.objects
    for scope, predicate in [
        (objects.with_private_access(user), lambda o: members.can_read_private(user, o)),
        (objects.editable_by(user), lambda o: members.can_edit_organisation(user, o)),
        (objects.managed_by(user), lambda o: members.can_manage_members(user, o)),
        (objects.moderated_by(user), lambda o: members.can_moderate(user, o)),
        (objects.visible_to(user), lambda o: o.is_public or members.can_read_private(user, o)),
        (objects.public(), lambda o: o.is_public),
    ]:
        assert not disagreements(every, scope, predicate), (who, scope.query)


def test_territory_scopes_agree_with_the_predicates(world):
    for who in PEOPLE:
        _territory_scopes_agree_with_the_predicates(anonymous_or(world[who]), who)


def _territory_scopes_agree_with_the_predicates(user, who):
    every = list(Territory.objects.all())
    assert not disagreements(
        every, Territory.objects.moderated_by(user), lambda t: members.can_coordinate(user, t)
    )
    censused = Territory.objects.censused_by(user)
    assert members.can_read_census(user) == censused.exists()
    assert members.can_read_both_territories(user) == (censused.count() == 2)
    assert members.can_read_activity_report(user) == censused.exists()
    assert not disagreements(
        every, censused, lambda t: members.can_read_activity_report(user, t)
    ), who


def test_project_predicates_agree_with_their_scopes(world):
    for who in PEOPLE:
        _project_predicates_agree_with_their_scopes(anonymous_or(world[who]), who)


def _project_predicates_agree_with_their_scopes(user, who):
    every = list(Project.objects.select_related("lead"))
    assert not disagreements(
        every, Project.objects.editable_by(user), lambda p: projects.can_edit_project(user, p)
    )
    assert not disagreements(
        every,
        Project.objects.visible_to(user),
        lambda p: p.is_public or members.can_read_private(user, p.lead),
    )
    assert not disagreements(every, Project.objects.public(), lambda p: p.is_public)


def test_training_predicates_agree_with_their_scopes(world):
    for who in PEOPLE:
        _training_predicates_agree_with_their_scopes(anonymous_or(world[who]), who)


def _training_predicates_agree_with_their_scopes(user, who):
    every = list(Training.objects.all())
    assert not disagreements(
        every, Training.objects.managed_by(user), lambda t: trainings.can_manage_training(user, t)
    )
    sessions = list(Session.objects.select_related("training"))
    assert not disagreements(
        sessions, Session.objects.managed_by(user), lambda s: trainings.can_manage_session(user, s)
    )
    registrations = list(Registration.objects.all())
    assert not disagreements(
        registrations,
        Registration.objects.cancellable_by(user),
        lambda r: trainings.can_cancel_registration(user, r),
    )


@pytest.fixture
def voice(territories):
    """Posts, resources, issues and working groups of each territory and of both networks, in
    every status."""
    from members.models import WorkingGroup
    from tests.news.factories import PostFactory
    from tests.newsletter.factories import IssueFactory, sent_issue
    from tests.resources.factories import ResourceFactory, members_only

    for territory in ("guadeloupe", "martinique", None):
        PostFactory(territory=territory)
        PostFactory(territory=territory, draft=True)
        PostFactory(territory=territory, scheduled=True)
        where = territories[territory] if territory else None
        ResourceFactory(territory=where)
        members_only(territory=where)
        ResourceFactory(territory=where, status="draft")
    for territory in territories.values():
        IssueFactory(territory=territory)
        sent_issue(territory=territory)
        WorkingGroup.objects.create(territory=territory, name=f"Santé {territory.name}")


def test_news_resources_newsletter_and_groups_predicates_agree_with_their_scopes(world, voice):
    from members.models import WorkingGroup
    from news import permissions as news
    from news.models import Post
    from newsletter import permissions as newsletter
    from newsletter.models import Issue
    from resources import permissions as resources
    from resources.models import Resource

    posts, issues = list(Post.objects.all()), list(Issue.objects.select_related("territory"))
    every_resource, groups = list(Resource.objects.all()), list(WorkingGroup.objects.all())
    for who in PEOPLE:
        user = anonymous_or(world[who])
        checks = [
            (
                posts,
                Post.objects.managed_by(user),
                lambda p, user=user: news.can_manage_post(user, p),
            ),
            (
                every_resource,
                Resource.objects.managed_by(user),
                lambda r, user=user: resources.can_manage_resource(user, r),
            ),
            (
                issues,
                Issue.objects.managed_by(user),
                lambda i, user=user: newsletter.can_send_newsletter(user, i.territory),
            ),
            (
                groups,
                WorkingGroup.objects.managed_by(user),
                lambda g, user=user: members.can_manage_working_group(user, g),
            ),
        ]
        for objects, scope, predicate in checks:
            assert not disagreements(objects, scope, predicate), (who, scope.model)
        publishing = members.publishing_territories(user).exists()
        assert news.can_publish_news(user) == resources.can_publish_resource(user) == publishing
        assert newsletter.can_compose_newsletter(user) == publishing


def test_support_predicates_agree_with_their_scopes(world):
    from support import permissions as support
    from support.models import SupportRequest
    from tests.support.factories import SupportRequestFactory

    for organisation in Organisation.objects.all():
        SupportRequestFactory(organisation=organisation)
    every = list(SupportRequest.objects.select_related("organisation"))
    for who in PEOPLE:
        user = anonymous_or(world[who])
        objects = SupportRequest.objects
        for scope, predicate in [
            (objects.visible_to(user), lambda r, u=user: support.can_read_request(u, r)),
            (objects.followed_by(user), lambda r, u=user: support.can_follow_request(u, r)),
        ]:
            assert not disagreements(every, scope, predicate), (who, scope.query)


def test_mission_predicates_agree_with_their_scopes(world):
    from members import acting
    from missions import permissions as missions
    from missions.models import Mission
    from tests.missions.factories import MissionFactory

    for organisation in Organisation.objects.all():
        MissionFactory(organisation=organisation)
    every = list(Mission.objects.select_related("organisation"))
    for who in PEOPLE:
        user = anonymous_or(world[who])
        for scope, predicate in [
            (Mission.objects.visible_to(user), lambda m, u=user: missions.can_read_mission(u, m)),
            (Mission.objects.editable_by(user), lambda m, u=user: missions.can_edit_mission(u, m)),
        ]:
            assert not disagreements(every, scope, predicate), (who, scope.query)
        recording = missions.recording_organisations(user).exists()
        assert missions.can_record_mission(user) == recording, who
        reported = missions.report_territories(user).exists()
        assert missions.can_read_obstacles_report(user) == reported, who
        # The list: the missions of one's organisations, or those of the territories one reads.
        belongs = bool(acting.organisation_roles(user))
        assert missions.can_list_missions(user) == (belongs or reported), who


def test_import_predicates_agree_with_their_scopes(world, territories):
    from imports import permissions as imports
    from imports.models import Import

    every = [
        Import.objects.create(territory=territory, file_name=f"{territory.slug}.xlsx")
        for territory in territories.values()
    ]
    for who in PEOPLE:
        user = anonymous_or(world[who])
        scope = Import.objects.managed_by(user)
        predicate = lambda i, u=user: imports.can_manage_import(u, i)  # noqa: E731
        assert not disagreements(every, scope, predicate), (who, scope.query)
        importing = imports.import_territories(user).exists()
        assert imports.can_import_organisations(user) == importing, who
