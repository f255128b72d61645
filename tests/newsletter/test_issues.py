"""The coordinators' issues: who reaches which page, composing from what the territory
published, drafts only edited; the public web version and archive; query ceilings."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Issue
from newsletter.services import issue_send
from tests.calls.factories import CallFactory
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.news.factories import PostFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory, sent_issue
from tests.trainings.factories import SessionFactory, TrainingFactory
from trainings.enums import TrainingKind

pytestmark = pytest.mark.django_db
LOGIN = "login"
ROLES = ["anon", "member", "editor", "admin", "coordinator", "other", "state", "site_admin"]


def person(role, territories):
    if role == "anon":
        return None
    if role in ("editor", "admin"):
        return member_of(OrganisationFactory(), role=role)
    return {
        "member": factories.UserFactory,
        "coordinator": lambda: factories.coordinator(territories["guadeloupe"]),
        "other": lambda: factories.coordinator(territories["martinique"]),
        "state": factories.state_services,
        "site_admin": factories.site_admin,
    }[role]()


def status_of(response):
    if response.status_code == 302 and "/accounts/login/" in response.url:
        return LOGIN
    return response.status_code


def row(*statuses):
    return dict(zip(ROLES, statuses, strict=True))


def draft(objects):
    return [objects["draft"].pk]


def sent(objects):
    return [objects["sent"].pk]


# URL name, its arguments (from the draft and the sent issue), method, expected per role.
MATRIX = [
    ("issues", lambda o: [], "get", row(LOGIN, 403, 403, 403, 200, 200, 403, 200)),
    ("issue_create", lambda o: [], "get", row(LOGIN, 403, 403, 403, 200, 200, 403, 200)),
    ("issue", draft, "get", row(LOGIN, 404, 404, 404, 200, 404, 404, 200)),
    ("issue", sent, "get", row(LOGIN, 403, 403, 403, 200, 403, 403, 200)),
    ("issue_edit", draft, "get", row(LOGIN, 404, 404, 404, 200, 404, 404, 200)),
    ("issue_edit", sent, "get", row(LOGIN, 403, 403, 403, 403, 403, 403, 403)),
    ("issue_test", draft, "post", row(LOGIN, 404, 404, 404, 302, 404, 404, 302)),
    ("issue_test", draft, "get", row(LOGIN, 405, 405, 405, 405, 405, 405, 405)),
    ("issue_send", sent, "post", row(LOGIN, 403, 403, 403, 302, 403, 403, 302)),
    ("issue_send", draft, "post", row(LOGIN, 404, 404, 404, 302, 404, 404, 302)),
    ("web", lambda o: ["guadeloupe", o["sent"].number], "get", row(*[200] * 8)),
    ("web", lambda o: ["guadeloupe", 99], "get", row(*[404] * 8)),
    ("archive", lambda o: ["guadeloupe"], "get", row(*[200] * 8)),
    ("archive", lambda o: ["atlantis"], "get", row(*[404] * 8)),
    ("subscribe", lambda o: [], "get", row(*[200] * 8)),
    ("confirm", lambda o: ["made-up"], "get", row(*[200] * 8)),
    ("unsubscribe", lambda o: [o["subscriber"].token], "get", row(*[200] * 8)),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_what_the_rules_say(client, territories, role):
    objects = {
        "draft": IssueFactory(),
        "sent": sent_issue(),
        "subscriber": SubscriberFactory(),
    }
    user = person(role, territories)
    if user is not None:
        client.force_login(user)
    got, expected = [], []
    for name, args, method, statuses in MATRIX:
        url = reverse(f"newsletter:{name}", args=args(objects))
        got.append((name, method, status_of(getattr(client, method)(url))))
        expected.append((name, method, statuses[role]))
    assert got == expected
    assert Issue.objects.get(pk=objects["draft"].pk).is_draft is (
        role not in ("coordinator", "site_admin")
    )


def test_coordinators_see_the_issues_of_their_territory_only(client, territories):
    IssueFactory(subject="Numéro de Guadeloupe")
    IssueFactory(subject="Numéro de Martinique", territory=territories["martinique"])
    client.force_login(factories.coordinator(territories["martinique"]))

    page = client.get(reverse("newsletter:issues")).text
    assert "Numéro de Martinique" in page
    assert "Numéro de Guadeloupe" not in page
    assert "Kari" not in page  # the other network's newsletter is not offered


def test_a_coordinator_without_two_factor_reaches_nothing(client, territories):
    client.force_login(factories.coordinator(territories["guadeloupe"], two_factor=False))
    response = client.get(reverse("newsletter:issues"))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/2fa/")  # sent to enrol first
    for name in ("issue_create", "issues"):
        assert client.get(reverse(f"newsletter:{name}")).url.startswith("/accounts/2fa/")
    assert client.post(reverse("newsletter:issue_create"), {"subject": "x"}).status_code == 302
    assert not Issue.objects.exists()


# Composing -----------------------------------------------------------------------------------


@pytest.fixture
def coordinator_gp(territories):
    return factories.coordinator(territories["guadeloupe"])


def published_things(territories):
    """What a new issue of Guadeloupe offers, and what it does not."""
    now = timezone.now()
    training = TrainingFactory(title="Formation à venir")
    SessionFactory(training=training)
    event = TrainingFactory(title="Réunion à venir", kind=TrainingKind.MEETING)
    SessionFactory(training=event)
    past = TrainingFactory(title="Formation passée")
    SessionFactory(training=past, starts_at=now - timedelta(days=10))
    SessionFactory(
        training=TrainingFactory(
            title="Formation de Martinique", territory=territories["martinique"]
        )
    )
    return {
        "offered": [
            PostFactory(title="Nouvelle de Guadeloupe"),
            PostFactory(title="Nouvelle des deux réseaux", territory=None),
            CallFactory(title="Appel ouvert"),
            CallFactory(title="Appel à venir", opens_on=(now + timedelta(days=5)).date()),
            training,
            event,
        ],
        "not_offered": [
            PostFactory(title="Nouvelle de Martinique", territory="martinique"),
            PostFactory(title="Brouillon de nouvelle", draft=True),
            PostFactory(title="Nouvelle programmée", scheduled=True),
            CallFactory(title="Appel de Martinique", territories=["martinique"]),
            CallFactory(title="Appel clos", deadline=now - timedelta(days=1),
                        opens_on=(now - timedelta(days=30)).date()),
            CallFactory(title="Appel en brouillon", status="draft"),
            past,
        ],
    }  # fmt: skip


def test_a_new_issue_offers_what_the_territory_published_ticked(
    client, coordinator_gp, territories
):
    things = published_things(territories)
    client.force_login(coordinator_gp)

    response = client.get(reverse("newsletter:issue_create"))
    assert response.status_code == 200
    form = response.context["form"]
    offered = {
        option.choice_label.split(" (")[0].split(" — ")[0]
        for name in ("posts", "calls", "trainings", "events")
        for option in form[name]
    }
    assert offered == {thing.title for thing in things["offered"]}
    post, both, call, upcoming, training, event = things["offered"]
    assert set(form.initial["posts"]) == {post.pk, both.pk}
    assert set(form.initial["calls"]) == {call.pk, upcoming.pk}
    assert form.initial["trainings"] == [training.pk]
    assert form.initial["events"] == [event.pk]
    assert form["events"].field.queryset.get().title == "Réunion à venir"


def test_news_already_in_a_sent_issue_are_offered_unticked(client, coordinator_gp, territories):
    old = PostFactory(title="Déjà envoyée", published_at=timezone.now() - timedelta(days=3))
    sent_issue()  # sent now: after the old news
    new = PostFactory(title="Toute nouvelle")
    Issue.objects.update(sent_at=timezone.now() - timedelta(days=1))
    client.force_login(coordinator_gp)

    form = client.get(reverse("newsletter:issue_create")).context["form"]
    assert {o.data["value"].value for o in form["posts"]} == {old.pk, new.pk}
    assert form.initial["posts"] == [new.pk]


def test_saving_keeps_what_stayed_ticked_as_a_draft(client, coordinator_gp, territories):
    things = published_things(territories)
    post, _both, call, _upcoming, training, _event = things["offered"]
    client.force_login(coordinator_gp)

    response = client.post(
        reverse("newsletter:issue_create"),
        {
            "subject": "Les nouvelles",
            "intro": "Bonjour,",
            "posts": [post.pk],
            "calls": [call.pk],
            "trainings": [training.pk],
        },
    )
    issue = Issue.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("newsletter:issue", args=[issue.pk])
    assert (issue.territory.slug, issue.status, issue.created_by) == (
        "guadeloupe",
        "draft",
        coordinator_gp,
    )
    assert list(issue.posts.all()) == [post]
    assert list(issue.calls.all()) == [call]
    assert list(issue.trainings.all()) == [training]

    page = client.get(response.url)
    assert "Nouvelle de Guadeloupe" in page.text
    assert "Nouvelle des deux réseaux" not in page.text


def test_items_of_another_territory_cannot_be_slipped_in(client, coordinator_gp, territories):
    things = published_things(territories)
    foreign = things["not_offered"][3]  # a call of Martinique
    client.force_login(coordinator_gp)

    response = client.post(
        reverse("newsletter:issue_create"), {"subject": "Les nouvelles", "calls": [foreign.pk]}
    )
    assert response.status_code == 200
    assert "calls" in response.context["form"].errors
    assert not Issue.objects.exists()


def test_a_site_admin_composes_for_either_territory(client, territories):
    CallFactory(title="Appel de Martinique", territories=["martinique"])
    client.force_login(factories.site_admin())

    response = client.get(reverse("newsletter:issue_create"), {"territory": "martinique"})
    assert [o.choice_label.split(" — ")[0] for o in response.context["form"]["calls"]] == [
        "Appel de Martinique"
    ]
    client.post(
        reverse("newsletter:issue_create") + "?territory=martinique", {"subject": "Numéro 1"}
    )
    assert Issue.objects.get().territory.slug == "martinique"


def test_a_draft_is_edited_keeping_its_choices(client, coordinator_gp, territories):
    call = CallFactory(title="Appel choisi")
    CallFactory(title="Appel laissé")
    issue = IssueFactory(calls=[call])
    client.force_login(coordinator_gp)
    url = reverse("newsletter:issue_edit", args=[issue.pk])

    form = client.get(url).context["form"]
    assert form.initial["calls"] == [call.pk]
    assert client.post(url, {"subject": "Nouveau sujet"}).status_code == 302
    issue.refresh_from_db()
    assert issue.subject == "Nouveau sujet"
    assert not issue.calls.exists()


def test_the_issue_page_counts_its_deliveries_once_sent(client, coordinator_gp, territories):
    SubscriberFactory()
    SubscriberFactory()
    SubscriberFactory(territories=["martinique"])
    issue = IssueFactory()
    client.force_login(coordinator_gp)
    url = reverse("newsletter:issue", args=[issue.pk])

    draft = client.get(url)
    assert draft.context["recipients"] == 2
    assert reverse("newsletter:issue_send", args=[issue.pk]) in draft.text
    issue_send(issue=issue, by=coordinator_gp, base_url="http://testserver")
    page = client.get(url)
    counts = page.context["counts"]
    assert (counts.sent_count, counts.undelivered_count, counts.pending_count) == (2, 0, 0)
    assert reverse("newsletter:issue_send", args=[issue.pk]) not in page.text
    assert reverse("newsletter:web", args=["guadeloupe", 1]) in page.text


# The web version and the archive -------------------------------------------------------------


def test_the_web_version_shows_a_sent_issue_whole_and_a_draft_never(client, territories):
    post = PostFactory(title="Le réseau accueille Haïti")
    issue = IssueFactory(posts=[post], subject="Les nouvelles de décembre")
    assert client.get("/newsletter/guadeloupe/1/").status_code == 404
    issue_send(issue=issue, by=factories.site_admin(), base_url="http://testserver")

    response = client.get("/newsletter/guadeloupe/1/")
    assert response.status_code == 200
    assert "Kari&#x27;On" in response.text
    assert "Les nouvelles de décembre" in response.text
    assert f'href="{post.get_absolute_url()}"' in response.text
    assert "Cache-Control" in response
    assert "no-store" not in response["Cache-Control"]  # a public page
    assert client.get("/newsletter/martinique/1/").status_code == 404


def test_the_archive_lists_the_sent_issues_latest_first(client, territories):
    IssueFactory(subject="Un brouillon")
    sent_issue(subject="Premier numéro")
    sent_issue(subject="Deuxième numéro")
    sent_issue(subject="Numéro de Martinique", territory=territories["martinique"])

    text = client.get(reverse("newsletter:archive", args=["guadeloupe"])).text
    assert text.index("Deuxième numéro") < text.index("Premier numéro")
    assert "Un brouillon" not in text
    assert "Numéro de Martinique" not in text
    assert reverse("newsletter:web", args=["guadeloupe", 2]) in text


# Query ceilings ------------------------------------------------------------------------------


def issue_with(count, territories, subscribers=()):
    posts = [PostFactory(title=f"Nouvelle {n}") for n in range(count)]
    calls = [CallFactory(title=f"Appel {n}") for n in range(count)]
    trainings = []
    for n in range(count):
        training = TrainingFactory(
            title=f"Rencontre {n}", kind=TrainingKind.MEETING if n % 2 else TrainingKind.TRAINING
        )
        SessionFactory(training=training)
        SessionFactory(training=training, starts_at=timezone.now() + timedelta(days=20))
        trainings.append(training)
    return IssueFactory(posts=posts, calls=calls, trainings=trainings)


@pytest.mark.parametrize("count", [2, 12])
def test_the_issue_pages_read_a_constant_number_of_queries(
    client, coordinator_gp, territories, count, django_assert_max_num_queries
):
    for n in range(count):
        SubscriberFactory(email=f"lecteur{n}@example.org")
    issue = issue_with(count, territories)
    for _ in range(count):
        sent_issue(subject="Ancien numéro")
    client.force_login(coordinator_gp)

    # The session, the person, their roles and two-factor; the issue, its counts, its news,
    # calls, trainings and their sessions, the subscribers it would go to; the networks.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("newsletter:issue", args=[issue.pk]))
    assert response.status_code == 200
    assert f"Rencontre {count - 1}" in response.text
    assert response.context["recipients"] == count

    # The four offered and their choices' lists, the last issue, the issue's own choices.
    with django_assert_max_num_queries(18):
        response = client.get(reverse("newsletter:issue_edit", args=[issue.pk]))
    assert response.status_code == 200
    assert f"Appel {count - 1}" in response.text

    with django_assert_max_num_queries(15):
        response = client.get(reverse("newsletter:issue_create"))
    assert response.status_code == 200
    assert f"Nouvelle {count - 1}" in response.text

    issue_send(issue=issue, by=coordinator_gp, base_url="http://testserver")
    with django_assert_max_num_queries(11):
        response = client.get(reverse("newsletter:issue", args=[issue.pk]))
    assert response.status_code == 200
    assert response.context["counts"].sent_count == count

    with django_assert_max_num_queries(9):
        response = client.get(reverse("newsletter:issues"))
    assert response.status_code == 200
    assert response.text.count("Ancien numéro") == count

    client.logout()
    # The issue, its news, calls, trainings and their sessions; the networks.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("newsletter:web", args=["guadeloupe", count + 1]))
    assert response.status_code == 200
    assert f"Nouvelle {count - 1}" in response.text
    with django_assert_max_num_queries(4):
        response = client.get(reverse("newsletter:archive", args=["guadeloupe"]))
    assert response.status_code == 200
    assert response.text.count("Ancien numéro") == count


# Predicates and scopes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    ["anon", "member", "coordinator", "other", "state", "site_admin", "unenrolled"],
)
def test_the_predicates_agree_with_the_scopes(territories, role):
    from django.contrib.auth.models import AnonymousUser

    from newsletter.permissions import can_edit_issue, can_send_newsletter

    issues = [IssueFactory(territory=t) for t in territories.values()]
    issues += [sent_issue(territory=t) for t in territories.values()]
    if role == "unenrolled":
        user = factories.coordinator(territories["guadeloupe"], two_factor=False)
    else:
        user = person(role, territories) or AnonymousUser()
    managed = set(Issue.objects.managed_by(user))
    visible = set(Issue.objects.visible_to(user))
    for issue in issues:
        assert can_send_newsletter(user, issue.territory) is (issue in managed)
        assert can_edit_issue(user, issue) is (issue in managed and issue.is_draft)
        assert (issue in visible) is (issue in managed or not issue.is_draft)


def test_the_archive_kept_for_visitors_shows_an_issue_as_soon_as_it_is_sent(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    issue = IssueFactory(subject="Le tout premier numéro")
    url = reverse("newsletter:archive", args=["guadeloupe"])
    assert "Le tout premier numéro" not in client.get(url).text
    assert "Le tout premier numéro" not in client.get(url).text  # kept

    issue_send(issue=issue, by=factories.site_admin(), base_url="http://testserver")
    assert "Le tout premier numéro" in client.get(url).text
