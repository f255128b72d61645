"""The network's events beyond trainings (general assemblies, meetings, worklabs…): the same
trainings, sessions and registrations, of another kind. Their own list, archive and feed apart
from the catalogue, each page at its one address, the same form in the words of an event, the
same seats, waiting lists, emails and reminders."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import Territory, WorkingGroup
from resources.models import Resource
from tests.members.factories import OrganisationFactory, member_of
from tests.pages import changed, form_data
from tests.projects.caching import memory_cache  # noqa: F401 (a fixture)
from tests.trainings.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    TrainingFactory,
)
from trainings.enums import EVENT_KINDS
from trainings.models import Registration, Session, Training
from trainings.services import (
    RegistrationError,
    registration_cancel,
    registration_create,
    reminders_send,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_cache")]

Kind = Training.Kind


def titles(response) -> set[str]:
    return {session.training.title for session in response.context["page"]}


def past(**kwargs) -> dict:
    starts = timezone.now() - timedelta(days=20)
    return {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "registration_deadline": starts - timedelta(days=2),
        **kwargs,
    }


@pytest.fixture
def sample(martinique):
    SessionFactory(training=TrainingFactory(title="Dossier FCR"))
    SessionFactory(training=TrainingFactory(title="Formation passée"), **past())
    SessionFactory(training=EventFactory(title="Assemblée générale"))
    SessionFactory(
        training=EventFactory(
            title="Rencontre en ligne", kind=Kind.MEETING, territory=martinique, format="online"
        )
    )
    SessionFactory(training=EventFactory(title="Worklab passé", kind=Kind.WORKLAB), **past())
    SessionFactory(training=EventFactory(title="Brouillon d'événement", status="draft"))


def test_the_catalogue_and_its_archive_list_trainings_only(client, sample):
    assert titles(client.get(reverse("trainings:catalogue"))) == {"Dossier FCR"}
    assert titles(client.get(reverse("trainings:archive"))) == {"Formation passée"}


def test_the_events_and_their_archive_list_the_other_kinds_only(client, sample):
    response = client.get(reverse("trainings:events"))
    assert response.status_code == 200
    assert titles(response) == {"Assemblée générale", "Rencontre en ligne"}
    assert _("Events of the networks") in response.text
    assert str(Kind.GENERAL_ASSEMBLY.label) in response.text
    assert titles(client.get(reverse("trainings:events_archive"))) == {"Worklab passé"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "general-assembly"}, {"Assemblée générale"}),
        ({"kind": "meeting"}, {"Rencontre en ligne"}),
        ({"kind": "worklab"}, set()),
        ({"kind": "meeting", "territory": "guadeloupe"}, set()),
        ({"territory": "martinique"}, {"Rencontre en ligne"}),
        ({"format": "online"}, {"Rencontre en ligne"}),
    ],
)
def test_the_kind_is_one_more_filter_of_the_events(client, sample, params, expected):
    assert titles(client.get(reverse("trainings:events"), params)) == expected


def test_the_kind_filter_offers_events_only_and_says_a_made_up_kind(client, sample):
    response = client.get(reverse("trainings:events"), {"kind": "training"})
    assert response.status_code == 200
    assert response.context["filter"].errors["kind"]
    # Ignored, the list stays whole.
    assert titles(response) == {"Assemblée générale", "Rencontre en ligne"}
    choices = dict(response.context["filter"].form.fields["kind"].choices)
    assert set(choices) - {""} == {kind.value for kind in EVENT_KINDS}
    assert "kind" not in client.get(reverse("trainings:catalogue")).context["filter"].form.fields


@pytest.mark.parametrize("count", [2, 25])
def test_the_events_list_reads_a_constant_number_of_queries(
    client, territories, count, django_assert_max_num_queries
):
    for _n in range(count):
        RegistrationFactory(session=SessionFactory(training=EventFactory()))
    # The count, the page, its events' themes, its seats, the filters' territories and themes,
    # the networks of the header.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("trainings:events"), {"kind": "general-assembly"})
    assert response.status_code == 200
    assert f"{count} sessions" in response.text
    assert "1 places prises sur 10" in response.text


def test_each_feed_holds_its_own_kind_and_the_territory_s_feed_both(client, sample):
    def summaries(url):
        response = client.get(url)
        assert response.status_code == 200
        calendar = icalendar.Calendar.from_ical(response.content)
        return {str(event["summary"]) for event in calendar.walk("VEVENT")}

    assert summaries(reverse("trainings:feed")) == {"Dossier FCR", "Formation passée"}
    events = summaries(reverse("trainings:events_feed"))
    assert events == {"Assemblée générale", "Rencontre en ligne", "Worklab passé"}
    assert summaries(reverse("trainings:territory_feed", args=["guadeloupe"])) == {
        "Dossier FCR",
        "Formation passée",
        "Assemblée générale",
        "Worklab passé",
    }
    response = client.get(reverse("trainings:events_feed"))
    assert 'filename="rrma-events.ics"' in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    event = next(e for e in calendar.walk("VEVENT") if str(e["summary"]) == "Assemblée générale")
    slug = Training.objects.get(title="Assemblée générale").slug
    assert str(event["url"]).endswith(f"/events/{slug}/")


# One page per training or event --------------------------------------------------------------


def test_an_event_lives_under_events_and_a_training_under_trainings(territories):
    event, training = EventFactory(slug="ag-2027"), TrainingFactory(slug="fcr")
    assert event.get_absolute_url() == "/events/ag-2027/"
    assert training.get_absolute_url() == "/trainings/fcr/"
    assert (event.is_event, training.is_event) == (True, False)
    session = SessionFactory(training=event)
    assert session.get_absolute_url() == f"/events/ag-2027/#session-{session.pk}"


def test_each_address_sends_the_other_kind_to_its_own(client, territories):
    event, training = EventFactory(slug="ag-2027"), TrainingFactory(slug="fcr")
    response = client.get("/trainings/ag-2027/")
    assert (response.status_code, response["Location"]) == (302, "/events/ag-2027/")
    response = client.get("/events/fcr/")
    assert (response.status_code, response["Location"]) == (302, "/trainings/fcr/")
    for url, item in (("/events/ag-2027/", event), ("/trainings/fcr/", training)):
        response = client.get(url)
        assert response.status_code == 200
        assert item.title in response.text


def test_a_draft_event_is_out_of_reach_at_both_addresses(
    client, territories, coordinator_gp, coordinator_mq
):
    EventFactory(slug="ag-draft", status="draft")
    for user in (None, coordinator_mq):
        if user:
            client.force_login(user)
        # Never a redirect that would tell it exists.
        assert client.get("/events/ag-draft/").status_code == 404
        assert client.get("/trainings/ag-draft/").status_code == 404
    client.force_login(coordinator_gp)
    assert client.get("/events/ag-draft/").status_code == 200
    assert client.get("/trainings/ag-draft/").status_code == 302
    assert client.get("/events/unknown/").status_code == 404


def test_the_event_page_speaks_of_an_event(client, territories, coordinator_gp):
    session = SessionFactory(training=EventFactory(title="AG 2027", trainers="Le comité"))
    client.force_login(coordinator_gp)
    text = client.get(session.training.get_absolute_url()).text
    for shown in (
        _("Edit the event"),
        _("Cancel the event"),
        _("Yes, cancel the event"),
        _("Speakers and facilitators"),
        str(Kind.GENERAL_ASSEMBLY.label),
    ):
        assert shown in text
    for hidden in (_("Edit the training"), _("Cancel the training"), _("Trainers")):
        assert hidden not in text


def resource(title, **kwargs) -> Resource:
    return Resource.objects.create(
        title=title, url=f"https://docs.example.org/{title.lower().replace(' ', '-')}", **kwargs
    )


def test_the_page_shows_the_materials_the_viewer_may_read_and_the_working_group(
    client, guadeloupe, member
):
    group = WorkingGroup.objects.create(territory=guadeloupe, name="Santé")
    event = EventFactory(kind=Kind.WORKING_GROUP, working_group=group)
    guide = resource("Guide du porteur de projet")
    minutes = resource("Compte rendu réservé", audience=Resource.Audience.MEMBERS)
    draft = resource("Document en préparation", status=Resource.Status.DRAFT)
    event.materials.set([guide, minutes, draft])
    SessionFactory(training=event)
    text = client.get(event.get_absolute_url()).text
    assert "Guide du porteur de projet" in text
    assert "Compte rendu réservé" not in text
    assert "Document en préparation" not in text
    assert f'href="{group.get_absolute_url()}"' in text
    client.force_login(member)
    text = client.get(event.get_absolute_url()).text
    assert "Compte rendu réservé" in text
    assert "Document en préparation" not in text
    # A training links its materials too.
    training = TrainingFactory()
    training.materials.set([guide])
    assert "Guide du porteur de projet" in client.get(training.get_absolute_url()).text


@pytest.mark.parametrize("materials", [0, 1, 15])
def test_the_event_page_reads_a_constant_number_of_queries(
    client, guadeloupe, materials, django_assert_max_num_queries
):
    group = WorkingGroup.objects.create(territory=guadeloupe, name="Santé")
    event = EventFactory(working_group=group)
    event.materials.set([resource(f"Guide {n}") for n in range(materials)])
    for _n in range(3):
        RegistrationFactory(session=SessionFactory(training=event))
    # The event (with its territory, language, group), its sessions with their counts, its
    # materials, its themes, the networks of the header.
    with django_assert_max_num_queries(6):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert event.title in response.text
    assert response.text.count('href="/resources/guide-') == materials


# The form ---------------------------------------------------------------------------------


SOON = timezone.localdate() + timedelta(days=40)


def creation(**values) -> dict:
    """A submission of the creation form, optional fields left empty."""
    return {
        "kind": "general-assembly",
        "territory": str(Territory.objects.get(slug="guadeloupe").pk),
        "title": "Assemblée générale 2027",
        "summary": "Bilan, comptes et orientations.",
        "format": "in-person",
        "language": "fr",
        "themes": ["local-governance"],
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "1",
        "sessions-MAX_NUM_FORMS": "20",
        "sessions-0-starts_at": f"{SOON:%Y-%m-%d}T09:00",
        "sessions-0-ends_at": f"{SOON:%Y-%m-%d}T12:00",
        "sessions-0-capacity": "80",
        "sessions-0-registration_deadline": f"{SOON - timedelta(days=3):%Y-%m-%d}T18:00",
        **values,
    }


def test_the_new_event_page_is_the_training_form_preset_to_a_general_assembly(
    client, guadeloupe, coordinator_gp
):
    client.force_login(coordinator_gp)
    response = client.get(reverse("trainings:event_create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["kind"].value() == Kind.GENERAL_ASSEMBLY
    assert response.context["is_event"]
    for shown in (_("New event"), _("The event"), _("Save the event"), _("Materials")):
        assert shown in response.text
    response = client.get(reverse("trainings:training_create"))
    assert response.context["form"]["kind"].value() == Kind.TRAINING
    assert _("New training") in response.text
    assert _("Save the training") in response.text


def test_a_coordinator_creates_an_event_leaving_optional_fields_empty(
    client, guadeloupe, coordinator_gp
):
    client.force_login(coordinator_gp)
    response = client.post(reverse("trainings:event_create"), creation(), follow=True)
    event = Training.objects.get()
    assert response.redirect_chain == [(f"/events/{event.slug}/", 302)]
    assert _("The event has been saved.") in response.text
    assert (event.kind, event.status, event.territory, event.working_group) == (
        "general-assembly",
        "draft",
        guadeloupe,
        None,
    )
    assert list(event.materials.all()) == []
    assert event.sessions.get().capacity == 80


def test_the_form_offers_the_territory_s_active_groups_and_the_materials_one_may_read(
    client, guadeloupe, martinique, coordinator_gp
):
    health = WorkingGroup.objects.create(territory=guadeloupe, name="Santé")
    closed = WorkingGroup.objects.create(territory=guadeloupe, name="Ancien", is_active=False)
    elsewhere = WorkingGroup.objects.create(territory=martinique, name="Mobilité")
    guide = resource("Guide du porteur de projet")
    other_draft = resource("Brouillon martiniquais", status="draft", territory=martinique)
    client.force_login(coordinator_gp)
    form = client.get(reverse("trainings:event_create")).context["form"]
    assert list(form.fields["working_group"].queryset) == [health]
    assert not form.fields["materials"].queryset.exists()  # offered once found
    for words, offered in (("guide porteur", guide), ("brouillon martiniquais", None)):
        searched = client.post(
            reverse("trainings:event_create"), creation(materials_find=words, find="1")
        )
        assert searched.status_code == 200
        assert "error-summary" not in searched.text  # a search, not a submission
        found = list(searched.context["form"].fields["materials"].queryset)
        assert found == ([offered] if offered else [])
    assert not Training.objects.exists()

    for refused in (closed, elsewhere):
        response = client.post(
            reverse("trainings:event_create"), creation(working_group=str(refused.pk))
        )
        assert response.status_code == 200
        assert response.context["form"].errors["working_group"]
    response = client.post(
        reverse("trainings:event_create"), creation(materials=[str(other_draft.pk)])
    )
    assert response.context["form"].errors["materials"]
    assert not Training.objects.exists()

    response = client.post(
        reverse("trainings:event_create"),
        creation(kind="working-group", working_group=str(health.pk), materials=[str(guide.pk)]),
    )
    assert response.status_code == 302
    event = Training.objects.get()
    assert (event.working_group, list(event.materials.all())) == (health, [guide])


def test_a_group_of_another_territory_is_refused_for_a_site_admin_too(
    client, guadeloupe, martinique, site_admin_user
):
    elsewhere = WorkingGroup.objects.create(territory=martinique, name="Mobilité")
    client.force_login(site_admin_user)
    response = client.post(
        reverse("trainings:event_create"),
        creation(territory=str(guadeloupe.pk), working_group=str(elsewhere.pk)),
    )
    assert response.context["form"].errors["working_group"] == [
        _("Choose a working group of the network that organises it.")
    ]


def test_saving_an_event_unchanged_keeps_its_closed_group_and_materials_hidden_from_the_person(
    client, guadeloupe, martinique, coordinator_gp
):
    group = WorkingGroup.objects.create(territory=guadeloupe, name="Santé")
    event = EventFactory(kind=Kind.WORKING_GROUP, working_group=group)
    SessionFactory(training=event)
    hidden = resource("Brouillon martiniquais", status="draft", territory=martinique)
    shown = resource("Guide")
    event.materials.set([hidden, shown])
    WorkingGroup.objects.filter(pk=group.pk).update(is_active=False)
    client.force_login(coordinator_gp)
    url = reverse("trainings:training_edit", args=[event.slug])
    page = client.get(url)
    assert _("Save the event") in page.text
    response = client.post(url, form_data(page))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.working_group == group
    assert set(event.materials.all()) == {hidden, shown}
    # Unticking what one sees removes it; what one cannot see stays.
    response = client.post(url, changed(form_data(page), materials=None))
    assert response.status_code == 302
    assert list(event.materials.all()) == [hidden]


def test_an_event_turned_into_a_training_moves_to_its_address(client, guadeloupe, coordinator_gp):
    event = EventFactory(slug="ag")
    SessionFactory(training=event)
    client.force_login(coordinator_gp)
    url = reverse("trainings:training_edit", args=[event.slug])
    response = client.post(url, changed(form_data(client.get(url)), kind="training"), follow=True)
    assert response.redirect_chain == [("/trainings/ag/", 302)]
    assert _("The training has been saved.") in response.text


def test_publishing_and_cancelling_an_event_say_so(client, guadeloupe, coordinator_gp):
    event = EventFactory(status="draft")
    session = SessionFactory(training=event)
    registration = RegistrationFactory(session=session)
    client.force_login(coordinator_gp)
    url = reverse("trainings:training_status", args=[event.slug])
    response = client.post(url, {"status": "published"}, follow=True)
    assert _("The event is published.") in response.text
    mail.outbox.clear()
    response = client.post(url, {"status": "cancelled"}, follow=True)
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    said = ngettext(
        "The event is cancelled: %(count)s registration was cancelled and its participant told "
        "by email.",
        "The event is cancelled: %(count)s registrations were cancelled and their participants "
        "told by email.",
        1,
    )
    assert said % {"count": 1} in response.text
    (message,) = mail.outbox
    assert message.to == [registration.user.email]
    assert message.subject.endswith(_("Event cancelled: %(title)s") % {"title": event.title})


# One registration system -----------------------------------------------------------------


def test_registrations_and_the_waiting_list_work_for_an_event(client, territories):
    session = SessionFactory(training=EventFactory(title="AG 2027"), capacity=1)
    organisation = OrganisationFactory()
    first, second = member_of(organisation, "admin"), member_of(organisation)
    client.force_login(first)
    response = client.post(
        reverse("trainings:register", args=[session.pk]),
        {"organisation": organisation.pk},
        follow=True,
    )
    assert response.redirect_chain == [(session.training.get_absolute_url(), 302)]
    assert Registration.objects.get(user=first).status == "confirmed"
    assert mail.outbox[-1].attachments[0][2] == "text/calendar"
    waiting = registration_create(session=session, user=second, organisation=organisation)
    assert waiting.status == "waitlisted"
    # The first one cancels: the seat goes to the person waiting, who is told.
    mail.outbox.clear()
    promoted = registration_cancel(registration=Registration.objects.get(user=first), by=first)
    assert promoted == waiting
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert mail.outbox[-1].to == [second.email]
    # My trainings lists the event, with its kind.
    client.force_login(second)
    text = client.get(reverse("trainings:mine")).text
    assert "AG 2027" in text
    assert str(Kind.GENERAL_ASSEMBLY.label) in text


def test_an_event_closed_to_the_other_territory_says_event(territories, martinique):
    session = SessionFactory(training=EventFactory())
    outsider = OrganisationFactory(territory=martinique)
    with pytest.raises(RegistrationError) as refused:
        registration_create(session=session, user=member_of(outsider), organisation=outsider)
    assert str(refused.value) == _("This event is reserved for its territory's members.")


def test_the_reminder_of_an_event_speaks_of_an_event(territories):
    starts = timezone.now() + timedelta(hours=30)
    session = SessionFactory(
        training=EventFactory(title="AG 2027"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        registration_deadline=starts - timedelta(hours=2),
    )
    registration = RegistrationFactory(session=session)
    assert reminders_send(base_url="https://rrma.example") == 1
    (message,) = mail.outbox
    assert message.to == [registration.user.email]
    assert "AG 2027" in message.subject
    assert _("Your event starts soon:") in message.body
    assert _("Your training session starts soon:") not in message.body
    assert "https://rrma.example/events/" in message.body
    assert Session.objects.get(pk=session.pk).registrations.get().reminder_sent_at
