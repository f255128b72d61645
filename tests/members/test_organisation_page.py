import pytest
from django.utils import timezone

from members.models import ContactPerson
from tests.members.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(territories):
    organisation = OrganisationFactory(
        name="Eau Partage Antilles", themes=["water-sanitation", "health"], countries=["HT", "DM"]
    )
    ContactPerson.objects.create(
        organisation=organisation, name="Sully Privé", email="s@example.org"
    )
    ContactPerson.objects.create(
        organisation=organisation, name="Ketty Publique", public_consent_at=timezone.now()
    )
    return organisation


def test_the_public_record_shows_themes_countries_and_the_commune(client, organisation):
    text = client.get(organisation.get_absolute_url()).text
    assert "Eau et assainissement" in text
    assert "Haïti" in text
    assert organisation.commune.name in text
    assert "Ketty Publique" in text
    assert "Sully Privé" not in text


def test_the_map_pin_falls_back_to_the_communes_position(client, organisation):
    response = client.get(organisation.get_absolute_url())
    point = response.context["map_points"][0]
    assert (point["lat"], point["lon"]) == (
        float(organisation.commune.latitude),
        float(organisation.commune.longitude),
    )
    organisation.latitude, organisation.longitude = 16.2411, -61.5331
    organisation.save()
    point = client.get(organisation.get_absolute_url()).context["map_points"][0]
    assert (point["lat"], point["lon"]) == (16.2411, -61.5331)


@pytest.mark.parametrize("who", ["member of it", "coordinator", "state"])
def test_private_contacts_show_to_those_allowed(
    client, organisation, who, coordinator_gp, state_user
):
    user = {
        "member of it": lambda: member_of(organisation),
        "coordinator": lambda: coordinator_gp,
        "state": lambda: state_user,
    }[who]()
    client.force_login(user)
    assert "Sully Privé" in client.get(organisation.get_absolute_url()).text


def test_the_other_territorys_coordinator_does_not_see_private_contacts(
    client, organisation, coordinator_mq
):
    client.force_login(coordinator_mq)
    assert "Sully Privé" not in client.get(organisation.get_absolute_url()).text


@pytest.mark.parametrize("extra", [0, 20])
def test_the_number_of_queries_does_not_grow_with_the_data(
    client, organisation, extra, django_assert_max_num_queries
):
    from tests.projects.factories import ProjectFactory

    for n in range(extra):
        ContactPerson.objects.create(organisation=organisation, name=f"Contact {n}")
        ProjectFactory(lead=organisation)
        ProjectFactory(lead=OrganisationFactory(name=f"Autre {n}")).local_partners.add(organisation)
    client.force_login(UserFactory())
    # Its led and partner projects cost two queries, whatever their number.
    with django_assert_max_num_queries(15):
        response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert organisation.name in response.text
    assert response.text.count("— structure cheffe de file") == extra
    assert response.text.count("— partenaire de ") == extra


def test_a_partner_organisations_page_shows_the_consortiums_public_projects(client, organisation):
    from tests.projects.factories import ProjectFactory

    shared = ProjectFactory(title="Consortium caribéen")
    shared.local_partners.add(organisation)
    ProjectFactory(title="Brouillon du consortium", published=False).local_partners.add(
        organisation
    )
    text = client.get(organisation.get_absolute_url()).text
    assert "Consortium caribéen" in text
    assert shared.lead.name in text
    assert "Brouillon du consortium" not in text
