"""The networks' thematic working groups: who creates and edits them (the territory's
coordinators, site admins: 403 for anyone else, 404 for what does not exist), their form (the
person's territories, active organisations of either territory as members), their public page
(members, coming and past meetings, documents, each as the visitor may see them, in a few
queries whatever the group's size), the territory's list and the network page."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from members import permissions
from members.forms import WorkingGroupForm
from members.models import Territory, WorkingGroup
from resources.models import Resource
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.pages import changed, form_data
from tests.projects.caching import memory_cache  # noqa: F401 (a fixture)
from tests.trainings.factories import EventFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]

LOGIN = "login"
ROLES = ["anon", "member", "editor", "admin", "coordinator", "other_coordinator", "state", "site"]


@pytest.fixture
def people(guadeloupe, martinique):
    acme = OrganisationFactory(territory=guadeloupe, name="Acme Caraïbe")
    return {
        "anon": None,
        "member": factories.UserFactory(),
        "editor": member_of(acme, "editor"),
        "admin": member_of(acme, "admin"),
        "coordinator": factories.coordinator(guadeloupe),
        "other_coordinator": factories.coordinator(martinique),
        "state": factories.state_services(),
        "site": factories.site_admin(),
    }


@pytest.fixture
def group(guadeloupe):
    return WorkingGroup.objects.create(
        territory=guadeloupe, name="Éducation et jeunesse", description="Les mobilités scolaires."
    )


def answers(client, people, url) -> dict[str, object]:
    """Each role's answer to a GET of `url` (LOGIN: sent to log in)."""
    result = {}
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        response = client.get(url)
        login = response.status_code == 302 and response["Location"].startswith(
            reverse("account_login")
        )
        result[role] = LOGIN if login else response.status_code
    return result


def expected(*statuses) -> dict[str, object]:
    return dict(zip(ROLES, statuses, strict=True))


# Who may do what ----------------------------------------------------------------------------


def test_the_territory_s_coordinators_and_site_admins_create_groups(client, people):
    url = reverse("members:working_group_create", args=["guadeloupe"])
    assert answers(client, people, url) == expected(LOGIN, 403, 403, 403, 200, 403, 403, 200)
    url = reverse("members:working_group_create", args=["martinique"])
    assert answers(client, people, url) == expected(LOGIN, 403, 403, 403, 403, 200, 403, 200)
    url = reverse("members:working_group_create", args=["corse"])
    assert answers(client, people, url) == expected(LOGIN, *[404] * 7)


def test_the_group_s_coordinators_and_site_admins_edit_it(client, people, group):
    url = reverse("members:working_group_edit", args=["guadeloupe", group.slug])
    assert answers(client, people, url) == expected(LOGIN, 403, 403, 403, 200, 403, 403, 200)
    # The address names its territory: another one, or an unknown group, is no page at all.
    for wrong in (["martinique", group.slug], ["guadeloupe", "unknown"]):
        url = reverse("members:working_group_edit", args=wrong)
        assert answers(client, people, url) == expected(LOGIN, *[404] * 7)


def test_every_group_s_page_and_list_are_public(client, people, group):
    WorkingGroup.objects.filter(pk=group.pk).update(is_active=False)  # closed ones too
    assert answers(client, people, group.get_absolute_url()) == expected(*[200] * 8)
    url = reverse("working_group", args=["martinique", group.slug])
    assert answers(client, people, url) == expected(*[404] * 8)
    assert answers(client, people, reverse("working_groups", args=["guadeloupe"])) == expected(
        *[200] * 8
    )
    url = reverse("working_groups", args=["corse"])
    assert answers(client, people, url) == expected(*[404] * 8)


def test_unenrolled_coordinators_and_site_admins_manage_nothing(guadeloupe, group):
    for user in (
        factories.coordinator(guadeloupe, two_factor=False),
        factories.site_admin(two_factor=False),
    ):
        assert not permissions.can_manage_working_group(user, group)
        assert not permissions.can_create_working_group(user)
        assert not WorkingGroup.objects.managed_by(user).exists()


def test_the_predicates_agree_with_the_scope(people, group, martinique):
    other = WorkingGroup.objects.create(territory=martinique, name="Mobilité et visas")
    for role, user in people.items():
        managed = set(WorkingGroup.objects.managed_by(user))
        for item in (group, other):
            assert (item in managed) == permissions.can_manage_working_group(user, item), role
        assert permissions.can_create_working_group(user) == any(
            permissions.can_create_working_group(user, t) for t in Territory.objects.all()
        ), role
    assert set(WorkingGroup.objects.managed_by(people["coordinator"])) == {group}
    assert set(WorkingGroup.objects.managed_by(people["site"])) == {group, other}


def test_the_admin_keeps_the_groups_history():
    assert isinstance(admin.site._registry[WorkingGroup], SimpleHistoryAdmin)


# The form -----------------------------------------------------------------------------------


def test_a_coordinator_creates_a_group_through_the_form(client, people, guadeloupe, martinique):
    mine = OrganisationFactory(territory=guadeloupe, name="Lycée de Baimbridge")
    theirs = OrganisationFactory(territory=martinique, name="Madinina Jeunesse")
    pending = OrganisationFactory(territory=guadeloupe, name="En attente", status="pending")
    client.force_login(people["coordinator"])
    url = reverse("members:working_group_create", args=["guadeloupe"])
    page = client.get(url)
    form = page.context["form"]
    assert list(form.fields["territory"].queryset) == [guadeloupe]
    # Found by a search in the form (its button sends it back, nothing saved), then ticked.
    assert not form.fields["organisations"].queryset.exists()
    for words, offered in (("baimbridge", mine), ("madinina", theirs), ("attente", None)):
        searched = client.post(url, changed(form_data(page), organisations_find=words, find="1"))
        assert searched.status_code == 200
        assert "error-summary" not in searched.text
        assert list(searched.context["form"].fields["organisations"].queryset) == (
            [offered] if offered else []
        )
    # A second search keeps what was ticked: both are offered, the first still ticked.
    searched = client.post(
        url,
        changed(
            form_data(page), organisations=[str(mine.pk)], organisations_find="madinina", find="1"
        ),
    )
    assert set(searched.context["form"].fields["organisations"].queryset) == {mine, theirs}
    assert f'name="organisations" value="{mine.pk}"' in searched.text
    assert f'value="{mine.pk}" id="id_organisations_0" checked' in searched.text
    assert not WorkingGroup.objects.exists()

    data = changed(
        form_data(page),
        name="Éducation et jeunesse",
        description="Mobilités d'élèves.",
        themes=["education-training"],
        organisations=[str(mine.pk), str(theirs.pk)],
    )
    response = client.post(url, changed(data, organisations=[str(pending.pk)]))
    assert response.status_code == 200
    assert response.context["form"].errors["organisations"]
    response = client.post(url, changed(data, territory=str(martinique.pk)))
    assert response.context["form"].errors["territory"]
    assert not WorkingGroup.objects.exists()

    response = client.post(url, data, follow=True)
    group = WorkingGroup.objects.get()
    assert response.redirect_chain == [(group.get_absolute_url(), 302)]
    assert _("The working group has been saved.") in response.text
    assert (group.territory, group.name, group.is_active) == (
        guadeloupe,
        "Éducation et jeunesse",
        True,
    )
    assert set(group.organisations.all()) == {mine, theirs}
    assert group.history.count() >= 1


def test_saving_a_group_unchanged_keeps_the_members_no_longer_active(client, people, group):
    active = OrganisationFactory(name="Toujours là")
    archived = OrganisationFactory(name="Archivée", status="archived")
    group.organisations.set([active, archived])
    client.force_login(people["coordinator"])
    url = reverse("members:working_group_edit", args=["guadeloupe", group.slug])
    page = client.get(url)
    assert page.context["form"].stored_value_errors() == {}
    response = client.post(url, form_data(page))
    assert response.status_code == 302
    assert set(group.organisations.all()) == {active, archived}
    # Closing the group: it keeps its page.
    response = client.post(url, changed(form_data(page), is_active=None, organisations=None))
    assert response.status_code == 302
    group.refresh_from_db()
    assert not group.is_active
    assert list(group.organisations.all()) == [archived]


def test_a_group_is_never_called_new(guadeloupe):
    form = WorkingGroupForm(
        data={"territory": str(guadeloupe.pk), "name": "New", "is_active": "on"},
        territories=Territory.objects.all(),
    )
    assert form.is_valid(), form.errors
    group = form.save()
    assert group.slug == "new-2"
    assert reverse("members:working_group_create", args=["guadeloupe"]) != group.get_absolute_url()


# The page -----------------------------------------------------------------------------------


def resource(title, group, **kwargs) -> Resource:
    return Resource.objects.create(
        title=title,
        url="https://docs.example.org/" + title.replace(" ", "-"),
        working_group=group,
        **kwargs,
    )


def meeting(group, title, *, days=10, **kwargs):
    starts = timezone.now() + timedelta(days=days)
    return SessionFactory(
        training=EventFactory(title=title, kind="working-group", working_group=group, **kwargs),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        registration_deadline=starts - timedelta(days=1),
    )


@pytest.fixture
def filled(group, martinique):
    group.themes.set(["education-training", "youth-mobility"])
    group.organisations.set(
        [
            OrganisationFactory(name="Lycée de Baimbridge"),
            OrganisationFactory(name="Madinina Jeunesse", territory=martinique),
            OrganisationFactory(name="Dossier en attente", status="pending"),
        ]
    )
    meeting(group, "Réunion de rentrée", days=12)
    meeting(group, "Bilan des échanges", days=-30)
    meeting(group, "Réunion en préparation", days=40, status="draft")
    meeting(None, "Assemblée générale", days=5)
    resource("Convention type", group)
    resource("Compte rendu réservé", group, audience=Resource.Audience.MEMBERS)
    resource("Note en préparation", group, status=Resource.Status.DRAFT)
    return group


def test_the_page_shows_the_group_as_the_visitor_may_see_it(client, people, filled):
    response = client.get(filled.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    for shown in (
        "Éducation et jeunesse",
        "Les mobilités scolaires.",
        "Éducation et formation professionnelle",  # its themes, translated
        "Lycée de Baimbridge",
        "Madinina Jeunesse",
        "Réunion de rentrée",
        "Bilan des échanges",
        "Convention type",
        "2 structures membres",
    ):
        assert shown in text, shown
    for hidden in (
        "Dossier en attente",
        "Réunion en préparation",
        "Assemblée générale",
        "Compte rendu réservé",
        "Note en préparation",
        _("Edit the working group"),
    ):
        assert hidden not in text, hidden
    coming, past = response.context["coming"], response.context["past"]
    assert [s.training.title for s in coming] == ["Réunion de rentrée"]
    assert [s.training.title for s in past] == ["Bilan des échanges"]
    member = filled.organisations.get(name="Lycée de Baimbridge")
    assert f'href="{member.get_absolute_url()}"' in text

    client.force_login(people["member"])
    text = client.get(filled.get_absolute_url()).text
    assert "Compte rendu réservé" in text
    assert "Réunion en préparation" not in text

    client.force_login(people["coordinator"])
    text = client.get(filled.get_absolute_url()).text
    for shown in ("Réunion en préparation", "Note en préparation", _("Edit the working group")):
        assert shown in text, shown
    assert reverse("members:working_group_edit", args=["guadeloupe", filled.slug]) in text

    client.force_login(people["other_coordinator"])
    text = client.get(filled.get_absolute_url()).text
    assert "Réunion en préparation" not in text
    assert _("Edit the working group") not in text


@pytest.mark.parametrize("size", [2, 20])
def test_the_page_reads_a_constant_number_of_queries(
    client, people, group, martinique, size, django_assert_max_num_queries
):
    group.themes.set(["education-training", "youth-mobility"])
    group.organisations.set(
        [
            OrganisationFactory(territory=martinique if n % 2 else group.territory)
            for n in range(size)
        ]
    )
    for n in range(size):
        meeting(group, f"Réunion à venir {n}", days=5 + n)
        meeting(group, f"Réunion passée {n}", days=-5 - n)
        resource(f"Document {n}", group)
    shown = min(size, 10)
    # The group with its territory, its themes, its members, its coming and past meetings, its
    # documents; the networks of the header.
    with django_assert_max_num_queries(7):
        response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["coming"]) == shown
    assert len(response.context["past"]) == shown
    assert response.text.count("Réunion à venir") == shown
    assert response.text.count('href="/organisations/') == size
    # A coordinator's page: the same, with their roles and two-factor read once.
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert _("Edit the working group") in response.text
    assert response.text.count('href="/resources/document-') == size


@pytest.mark.parametrize("size", [2, 20])
def test_the_list_reads_a_constant_number_of_queries(
    client, guadeloupe, size, django_assert_max_num_queries
):
    for n in range(size):
        group = WorkingGroup.objects.create(
            territory=guadeloupe, name=f"Groupe {n:02}", is_active=n != 0
        )
        group.themes.set(["health"])
        group.organisations.set([OrganisationFactory(), OrganisationFactory(status="pending")])
    # The territory, its groups with their members counted, their themes; the header.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("working_groups", args=["guadeloupe"]))
    assert response.status_code == 200
    assert [g.name for g in response.context["active"]] == [
        f"Groupe {n:02}" for n in range(1, size)
    ]
    assert [g.name for g in response.context["closed"]] == ["Groupe 00"]
    assert response.text.count("1 structure membre") == size - 1


def test_the_list_offers_the_creation_to_the_territory_s_coordinators(client, people):
    url = reverse("working_groups", args=["guadeloupe"])
    create = reverse("members:working_group_create", args=["guadeloupe"])
    for role in ROLES:
        client.logout()
        if people[role]:
            client.force_login(people[role])
        assert (create in client.get(url).text) == (role in ("coordinator", "site")), role


def test_the_network_page_lists_its_active_groups(client, group, guadeloupe, martinique):
    WorkingGroup.objects.create(territory=guadeloupe, name="Santé")
    WorkingGroup.objects.create(territory=guadeloupe, name="Groupe fermé", is_active=False)
    WorkingGroup.objects.create(territory=martinique, name="Mobilité et visas")
    response = client.get(reverse("network", args=["guadeloupe"]))
    assert [g["name"] for g in response.context["working_groups"]] == [
        "Éducation et jeunesse",
        "Santé",
    ]
    text = response.text
    assert f'href="{group.get_absolute_url()}"' in text
    assert "Groupe fermé" not in text
    assert "Mobilité et visas" not in text
    assert reverse("working_groups", args=["guadeloupe"]) in text
    # A change shows at once (the page's figures are cached until public data change).
    WorkingGroup.objects.filter(name="Santé").update(is_active=False)
    group.save()
    assert "Santé" not in client.get(reverse("network", args=["guadeloupe"])).text


def test_the_network_page_of_a_territory_without_groups_says_so(client, territories):
    response = client.get(reverse("network", args=["martinique"]))
    assert response.status_code == 200
    assert response.context["working_groups"] == []
    assert _("No working group yet.") in response.text


# The demo -----------------------------------------------------------------------------------


def test_the_demo_working_groups_are_made_through_the_form(territories, settings):
    from members.demo import load_demo_accounts
    from members.demo_groups import load_demo_working_groups
    from members.demo_organisations import load_demo_organisations

    settings.DEBUG = True
    accounts = {user.email: user for user in load_demo_accounts()}
    load_demo_organisations(
        admin=accounts["admin.asso@rrma.example"],
        validator={
            "guadeloupe": accounts["coordination.guadeloupe@rrma.example"],
            "martinique": accounts["coordination.martinique@rrma.example"],
        },
    )
    groups = load_demo_working_groups()
    assert len(groups) == 4
    for slug in ("guadeloupe", "martinique"):
        assert len([g for g in groups if g.territory.slug == slug]) == 2
    for group in groups:
        members = list(group.organisations.all())
        assert 2 <= len(members) <= 7, group
        assert all(organisation.is_public for organisation in members)
        assert group.themes.exists()
        assert group.description
        assert group.is_active
        group.full_clean()
    # One group counts members of both territories.
    assert any(
        {o.territory.slug for o in group.organisations.all()} == {"guadeloupe", "martinique"}
        for group in groups
    )
