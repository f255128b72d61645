"""Rate limits that cannot be turned against people: failed logins per account *and* address,
every action that sends email per person and per address, one translated 429 page."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import resolve, reverse

from tests.members.factories import PASSWORD, OrganisationFactory, UserFactory, member_of
from tests.trainings.factories import RegistrationFactory, SessionFactory
from toolbox.ratelimit import LoginFailuresPerAddressMixin

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"


def log_in(client, email, password, address):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def refused_for_too_many_attempts(response) -> bool:
    form = response.context["form"]
    return response.status_code == 200 and any(
        error.code == "too_many_login_attempts" for error in form.non_field_errors().as_data()
    )


def test_the_account_adapter_counts_failed_logins_per_account_and_address():
    from allauth.account.adapter import get_adapter

    assert isinstance(get_adapter(), LoginFailuresPerAddressMixin)


def test_failures_on_an_account_from_one_address_do_not_lock_out_its_owner_elsewhere(client):
    person = UserFactory()
    for _ in range(8):
        log_in(client, person.email, "not-the-password", ATTACKER)
    response = log_in(client, person.email, PASSWORD, VICTIM)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_failures_on_an_account_from_one_address_are_limited_there(client):
    person = UserFactory()
    for _ in range(5):
        response = log_in(client, person.email, "not-the-password", ATTACKER)
        assert not refused_for_too_many_attempts(response)
    # Even the right password: the address has used up its attempts on this account.
    response = log_in(client, person.email, PASSWORD, ATTACKER)
    assert refused_for_too_many_attempts(response)
    assert "Trop de tentatives" in response.text


def test_failures_from_one_address_on_many_accounts_are_limited(client):
    people = UserFactory.create_batch(11)
    for person in people[:10]:
        log_in(client, person.email, "not-the-password", ATTACKER)
    assert refused_for_too_many_attempts(log_in(client, people[10].email, PASSWORD, ATTACKER))
    assert log_in(client, people[10].email, PASSWORD, VICTIM).status_code == 302


def test_a_successful_login_does_not_wipe_the_failures_counted_before_it(client):
    person = UserFactory()
    for _ in range(4):
        log_in(client, person.email, "not-the-password", ATTACKER)
    assert log_in(client, person.email, PASSWORD, ATTACKER).status_code == 302
    client.logout()
    log_in(client, person.email, "not-the-password", ATTACKER)
    assert refused_for_too_many_attempts(log_in(client, person.email, PASSWORD, ATTACKER))


# Actions that send email ---------------------------------------------------------------------

OPEN_TO_VISITORS = ("calls:search_save", "newsletter:subscribe")
THROTTLED = {
    # action: URL name of the view that counts it
    "invite": "members:organisation_invite",
    "join_request": "members:organisation_join",
    "register_organisation": "members:organisation_register",
    "email_registrants": "trainings:registrants",
    "register_for_session": "trainings:register",
    "save_call_search": "calls:search_save",
    "newsletter_subscribe": "newsletter:subscribe",
}


@pytest.mark.parametrize(("action", "name"), THROTTLED.items())
def test_every_action_that_sends_email_is_limited_per_person_and_per_address(action, name):
    """Per person and address; per address and recipient for the forms open to visitors, who
    have no account to count."""
    rates = {rate.rsplit("/", 1)[1] for rate in settings.ACCOUNT_RATE_LIMITS[action].split(",")}
    kwargs = {"slug": "x"} if name.startswith("members:organisation_") else {"pk": 1}
    if name in ("members:organisation_register", *OPEN_TO_VISITORS):
        kwargs = {}
    view = resolve(reverse(name, kwargs=kwargs)).func
    assert view.rate_limit_action == action
    assert rates == ({"ip", "key"} if name in OPEN_TO_VISITORS else {"user", "ip"})
    assert view.rate_limit_by_key == (name in OPEN_TO_VISITORS)


def test_allauths_own_email_actions_are_limited_per_address_and_recipient():
    limits = settings.ACCOUNT_RATE_LIMITS
    assert limits["reset_password"] == "20/h/ip,3/h/key"
    # Sign-up (its verification email) and the verification email sent again keep allauth's
    # limits: per address for the sign-up, one email per recipient every 3 minutes, per person
    # for the email page.
    assert "signup" not in limits
    assert "confirm_email" not in limits
    assert "manage_email" not in limits


@pytest.fixture
def strict_limits(settings):
    """Two per person, three per address, for every action the portal limits."""
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        **dict.fromkeys(THROTTLED, "2/h/user,3/h/ip"),
    }


@pytest.fixture
def organisation(territories):
    return OrganisationFactory()


def invite(client, organisation, n):
    url = reverse("members:organisation_invite", args=[organisation.slug])
    return client.post(url, {"email": f"invitee{n}@example.org", "role": "editor"})


def test_invitations_beyond_the_limit_get_the_429_page_and_send_nothing(
    client, organisation, strict_limits, django_capture_on_commit_callbacks
):
    client.force_login(member_of(organisation, role="admin"))
    with django_capture_on_commit_callbacks(execute=True):
        responses = [invite(client, organisation, n) for n in range(3)]
    assert [r.status_code for r in responses] == [302, 302, 429]
    assert len(mail.outbox) == 2
    assert "Trop de tentatives" in responses[2].text
    assert "Veuillez patienter quelques minutes" in responses[2].text
    assert organisation.invitations.count() == 2


def test_the_limit_per_address_covers_several_people_behind_it(client, organisation, strict_limits):
    statuses = []
    for _ in range(2):
        client.force_login(member_of(organisation, role="admin"))
        statuses += [invite(client, organisation, n).status_code for n in range(2)]
    assert statuses == [302, 302, 302, 429]


def test_the_limit_per_person_follows_them_to_another_address(client, organisation, strict_limits):
    client.force_login(member_of(organisation, role="admin"))
    url = reverse("members:organisation_invite", args=[organisation.slug])
    statuses = [
        client.post(url, {"email": "a@example.org", "role": "editor"}, REMOTE_ADDR=address)
        for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3")
    ]
    assert [s.status_code for s in statuses] == [302, 302, 429]


def test_join_requests_are_limited(client, strict_limits, territories):
    client.force_login(UserFactory())
    statuses = [
        client.post(
            reverse("members:organisation_join", args=[OrganisationFactory().slug]),
            {"message": "Bonjour"},
        )
        for _ in range(3)
    ]
    assert [s.status_code for s in statuses] == [302, 302, 429]
    # Reading the page is never limited.
    url = reverse("members:organisation_join", args=[OrganisationFactory().slug])
    assert client.get(url).status_code == 200


def test_writing_to_a_sessions_registrants_is_limited_but_not_the_other_actions(
    client, strict_limits, organisation, coordinator_gp
):
    session = SessionFactory()
    registration = RegistrationFactory(session=session, organisation=organisation)
    client.force_login(coordinator_gp)
    url = reverse("trainings:registrants", args=[session.pk])
    message = {"action": "email", "subject": "Salle", "message": "Salle B."}
    statuses = [client.post(url, message).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    attendance = {"action": "attendance", "present": [registration.pk]}
    assert [client.post(url, attendance).status_code for _ in range(3)] == [200, 200, 200]


def test_registrations_for_sessions_are_limited(client, strict_limits, organisation):
    client.force_login(member_of(organisation, role="editor"))
    statuses = [
        client.post(
            reverse("trainings:register", args=[SessionFactory().pk]),
            {"organisation": organisation.pk},
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_password_reset_beyond_the_limit_gets_the_portals_429_page(client):
    UserFactory(email="known@example.org")
    url = reverse("account_reset_password")
    statuses = [client.post(url, {"email": "known@example.org"}) for _ in range(4)]
    assert [s.status_code for s in statuses] == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    assert "<h1>Trop de tentatives</h1>" in statuses[3].text
    # In the site's layout, with a way back.
    assert reverse("members:directory") in statuses[3].text


def test_the_429_page_is_translated_into_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("account_reset_password")
    for _ in range(3):
        client.post(url, {"email": "someone@example.org"})
    response = client.post(url, {"email": "someone@example.org"})
    assert response.status_code == 429
    assert "<h1>Too many attempts</h1>" in response.text
