"""Who reaches which mission: the organisation's people, its territory's coordinators, State
services (reading only) and site admins; anyone else is told nothing exists."""

import pytest
from django.urls import reverse

from missions.models import Mission
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.missions.factories import MissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(territories):
    return MissionFactory(organisation=OrganisationFactory(territory=territories["guadeloupe"]))


def pages(mission):
    kwargs = {"pk": mission.pk}
    return [
        reverse("missions:mission", kwargs=kwargs),
        reverse("missions:mission_edit", kwargs=kwargs),
        reverse("missions:mission_delete", kwargs=kwargs),
    ]


def test_another_organisations_mission_does_not_exist_for_its_people(client, mission):
    client.force_login(member_of(OrganisationFactory(), "admin"))
    for url in pages(mission):
        assert client.get(url).status_code == 404
    assert client.post(pages(mission)[2]).status_code == 404
    assert Mission.objects.filter(pk=mission.pk).exists()
    assert mission.title not in client.get(reverse("missions:list")).text


def test_the_other_territorys_coordinator_gets_404(client, mission, territories):
    client.force_login(factories.coordinator(territories["martinique"]))
    for url in pages(mission):
        assert client.get(url).status_code == 404
    response = client.get(reverse("missions:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_the_territorys_coordinator_reads_but_does_not_change(client, mission, territories):
    client.force_login(factories.coordinator(territories["guadeloupe"]))
    detail, edit, delete = pages(mission)
    response = client.get(detail)
    assert response.status_code == 200
    assert not response.context["can_edit"]
    assert reverse("missions:mission_edit", kwargs={"pk": mission.pk}) not in response.text
    assert client.get(edit).status_code == 403
    assert client.post(delete).status_code == 403
    assert Mission.objects.filter(pk=mission.pk).exists()


def test_state_services_read_every_mission_and_never_write(client, mission):
    client.force_login(factories.state_services())
    detail, edit, delete = pages(mission)
    assert client.get(detail).status_code == 200
    assert client.get(reverse("missions:list")).context["page"].paginator.count == 1
    assert client.get(reverse("missions:mission_create")).status_code == 403
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"participants": "9"}).status_code == 403
    assert client.post(delete).status_code == 403
    mission.refresh_from_db()
    assert mission.participants == 3


def test_state_services_belonging_to_an_organisation_still_never_record(client, mission):
    state = factories.state_services()
    from members.models import Membership

    Membership.objects.create(user=state, organisation=mission.organisation, role="admin")
    client.force_login(state)
    assert client.get(reverse("missions:mission_create")).status_code == 403
    assert client.get(pages(mission)[1]).status_code == 403


def test_an_editor_deletes_the_organisations_mission_after_confirming(client, mission):
    client.force_login(member_of(mission.organisation, "editor"))
    delete = pages(mission)[2]
    confirmation = client.get(delete)
    assert confirmation.status_code == 200
    assert Mission.objects.filter(pk=mission.pk).exists()
    response = client.post(delete)
    assert response.status_code == 302
    assert response["Location"] == reverse("missions:list")
    assert not Mission.objects.filter(pk=mission.pk).exists()


def test_a_member_without_organisation_has_no_missions_page(client, member):
    client.force_login(member)
    assert client.get(reverse("missions:list")).status_code == 403
    assert client.get(reverse("missions:mission_create")).status_code == 403


def test_visitors_are_sent_to_log_in(client, mission):
    for url in [reverse("missions:list"), reverse("missions:obstacles"), *pages(mission)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_an_organisation_reads_the_obstacles_report_of_its_own_missions_only(client, mission):
    from tests.missions.factories import mission_with

    mission_with(
        "visa-delayed", organisation=OrganisationFactory(territory=mission.organisation.territory)
    )
    client.force_login(member_of(mission.organisation, "admin"))
    for name in ("missions:obstacles", "missions:obstacles_csv", "missions:obstacles_xlsx"):
        assert client.get(reverse(name)).status_code == 200
    report = client.get(reverse("missions:obstacles")).context["report"]
    assert report.recorded == 1


def test_a_coordinator_without_two_factor_reads_nothing(client, mission, territories):
    client.force_login(factories.coordinator(territories["guadeloupe"], two_factor=False))
    # Sent to enrol first, on every page.
    response = client.get(pages(mission)[0])
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]
