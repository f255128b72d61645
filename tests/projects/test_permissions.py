"""The project predicates, case by case (the permission matrix checks them through the URLs)."""

import pytest

from members.models import Membership
from projects import permissions
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(territories):
    return ProjectFactory(lead=OrganisationFactory(territory=territories["guadeloupe"]))


def test_the_leads_editors_and_admins_edit_its_projects(project):
    for role in ("editor", "admin"):
        assert permissions.can_edit_project(member_of(project.lead, role), project)
    assert not permissions.can_edit_project(factories.UserFactory(), project)


def test_the_territorys_coordinators_only_unpublish(project, territories):
    coordinator = factories.coordinator(territories["guadeloupe"])
    assert permissions.can_unpublish_project(coordinator, project)
    assert not permissions.can_edit_project(coordinator, project)
    other = factories.coordinator(territories["martinique"])
    assert not permissions.can_unpublish_project(other, project)
    unenrolled = factories.coordinator(territories["guadeloupe"], two_factor=False)
    assert not permissions.can_unpublish_project(unenrolled, project)


def test_amounts_follow_the_leads_private_fields_unless_published(project, territories):
    stranger, state = factories.UserFactory(), factories.state_services()
    assert not permissions.can_read_amounts(stranger, project)
    assert permissions.can_read_amounts(state, project)
    assert permissions.can_read_amounts(member_of(project.lead), project)
    project.amounts_public = True
    assert permissions.can_read_amounts(stranger, project)


def test_state_services_never_declare_projects_even_as_members(project):
    state = factories.state_services()
    Membership.objects.create(user=state, organisation=project.lead, role="admin")
    assert not permissions.can_declare_project(state)
    assert permissions.can_declare_project(member_of(project.lead))
    assert not permissions.can_declare_project(factories.UserFactory())


def test_site_admins_act_only_after_two_factor(project):
    assert permissions.can_edit_project(factories.site_admin(), project)
    assert not permissions.can_edit_project(factories.site_admin(two_factor=False), project)


def test_coordinators_of_either_territory_curate_partners(territories):
    assert permissions.can_curate_partners(factories.coordinator(territories["martinique"]))
    assert not permissions.can_curate_partners(factories.state_services())
    assert not permissions.can_curate_partners(factories.UserFactory())
