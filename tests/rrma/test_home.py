import pytest
from django.conf import settings
from django.urls import reverse

from members.models import Organisation
from rrma.views import home_territories
from tests.members.factories import OrganisationFactory
from tests.news.factories import PostFactory
from tests.projects.caching import memory_cache  # noqa: F401 (a fixture)
from toolbox.public_cache import public_cached

pytestmark = pytest.mark.django_db


def test_the_home_page_is_in_french_by_default_whatever_the_browser_prefers(client, territories):
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.text
    assert "Deux réseaux, un portail" in response.text


def test_the_home_page_presents_both_networks(client, territories):
    text = client.get(reverse("home")).text
    assert "Guadeloupe" in text
    assert "971" in text
    assert "Martinique" in text
    assert "972" in text


def test_switching_to_english_is_remembered(client, territories):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600 - 1
    page = client.get(reverse("home"))
    assert '<html lang="en">' in page.text
    assert "Two networks, one portal" in page.text
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert '<html lang="fr">' in client.get(reverse("home")).text


def test_an_unknown_language_cookie_falls_back_to_french(client, territories):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="fr">' in client.get(reverse("home")).text


def test_the_switcher_works_without_javascript(client, territories):
    text = client.get(reverse("home")).text
    assert f'action="{reverse("set_language")}"' in text
    assert 'name="language" value="en"' in text


@pytest.mark.usefixtures("memory_cache")
@pytest.mark.parametrize("count", [1, 12])
def test_the_home_page_costs_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        OrganisationFactory(territory=territories["martinique"])
        PostFactory(title=f"Nouvelle {n}")
    # The active organisations by territory, the territories, the latest news; nothing once
    # cached; the networks of the header and footer.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Deux réseaux, un portail" in response.text
    assert f"Nouvelle {count - 1}" in response.text
    assert f"{count} structure" in response.text


@pytest.mark.usefixtures("memory_cache")
def test_the_counts_are_computed_once_and_follow_every_change(
    client, territories, member, django_assert_num_queries
):
    client.force_login(member)  # a logged-in page: the view runs each time
    organisation = OrganisationFactory(territory=territories["guadeloupe"])
    OrganisationFactory(territory=territories["guadeloupe"], status="pending")

    def counts():
        territories = client.get(reverse("home")).context["territories"]
        return {t["slug"]: t["active_count"] for t in territories}

    assert counts() == {"guadeloupe": 1, "martinique": 0}
    # Cached: the next page reads no organisation.
    with django_assert_num_queries(0):
        cached = public_cached("home:territories", home_territories)
    assert [t["active_count"] for t in cached] == [1, 0]
    OrganisationFactory(territory=territories["martinique"])
    assert counts() == {"guadeloupe": 1, "martinique": 1}
    organisation.status = Organisation.Status.ARCHIVED
    organisation.save()
    assert counts() == {"guadeloupe": 0, "martinique": 1}
