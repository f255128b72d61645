"""Advisory support: asking, the follow-up, the thread and its internal notes, appointments,
the reminders of requests waiting too long."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.personal_data import account_delete, personal_data_export
from support import services
from support.enums import Mode, Outcome, Status, Topic
from support.models import Message, SupportRequest
from tests.members import factories
from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import ProjectFactory

from .factories import MessageFactory, SupportRequestFactory

BASE = "https://portail.example"


@pytest.fixture
def ask(organisation, asker, coordinator_gp):
    def ask(**kwargs):
        values = {
            "organisation": organisation,
            "by": asker,
            "topic": Topic.FUNDING_FCR,
            "description": "Un dossier FCR avec la Dominique.",
            "preferred_mode": Mode.REMOTE,
            "base_url": BASE,
        } | kwargs
        return services.request_create(**values)

    return ask


def test_a_new_request_is_emailed_to_the_coordinators_of_its_territory_only(
    ask, coordinator_gp, coordinator_mq
):
    request = ask()
    assert request.status == Status.NEW
    assert request.awaiting_since == request.created_at
    assert [m.to for m in mail.outbox] == [[coordinator_gp.email]]
    assert BASE + request.get_absolute_url() in mail.outbox[0].body
    assert "Karib Horizon" in mail.outbox[0].subject


def test_a_coordinators_message_is_the_first_answer_and_stops_the_wait(ask, coordinator_gp, asker):
    request = ask()
    mail.outbox.clear()
    services.message_post(
        request=request,
        author=coordinator_gp,
        body="Envoyez-nous le budget prévisionnel.",
        from_coordinators=True,
        minutes_spent=20,
        base_url=BASE,
    )
    request.refresh_from_db()
    assert request.first_answer_at is not None
    assert request.awaiting_since is None
    assert [m.to for m in mail.outbox] == [[asker.email]]
    assert "Envoyez-nous le budget prévisionnel." in mail.outbox[0].body


def test_an_internal_note_is_emailed_to_nobody_and_answers_nothing(ask, coordinator_gp):
    request = ask()
    mail.outbox.clear()
    services.message_post(
        request=request,
        author=coordinator_gp,
        body="Dossier fragile : cofinancement absent.",
        from_coordinators=True,
        internal=True,
        minutes_spent=10,
        base_url=BASE,
    )
    request.refresh_from_db()
    assert mail.outbox == []
    assert request.first_answer_at is None
    assert request.awaiting_since is not None
    assert request.minutes_spent() == 10


def test_only_the_coordinators_write_internal_notes(ask, asker):
    with pytest.raises(ValueError, match="internal"):
        services.message_post(
            request=ask(),
            author=asker,
            body="Note",
            from_coordinators=False,
            internal=True,
            base_url=BASE,
        )


def test_the_organisations_answer_brings_a_waiting_request_back_and_tells_the_assignee(
    ask, coordinator_gp, asker, guadeloupe
):
    other = factories.coordinator(guadeloupe)
    request = ask()
    services.request_assign(request=request, assignee=other, by=coordinator_gp, base_url=BASE)
    services.request_status_set(request=request, status=Status.WAITING, by=other, base_url=BASE)
    request.refresh_from_db()
    assert request.awaiting_since is None
    mail.outbox.clear()
    services.message_post(
        request=request,
        author=asker,
        body="Voici le budget.",
        from_coordinators=False,
        base_url=BASE,
    )
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    assert request.awaiting_since is not None
    assert [m.to for m in mail.outbox] == [[other.email]]


def test_closing_needs_an_outcome_and_ends_the_request(ask, coordinator_gp, asker):
    request = ask()
    with pytest.raises(ValueError, match="outcome"):
        services.request_status_set(
            request=request, status=Status.CLOSED, by=coordinator_gp, base_url=BASE
        )
    mail.outbox.clear()
    services.request_status_set(
        request=request,
        status=Status.CLOSED,
        outcome=Outcome.FILE_SUBMITTED,
        by=coordinator_gp,
        base_url=BASE,
    )
    request.refresh_from_db()
    assert (request.status, request.outcome) == (Status.CLOSED, Outcome.FILE_SUBMITTED)
    assert request.ended_at is not None
    assert request.awaiting_since is None
    assert not request.is_open
    assert [m.to for m in mail.outbox] == [[asker.email]]
    assert "Dossier déposé" in mail.outbox[0].body


def test_a_reopened_request_waits_on_the_coordinators_again(ask, coordinator_gp):
    request = ask()
    services.request_status_set(
        request=request,
        status=Status.CLOSED,
        outcome=Outcome.ADVICE_GIVEN,
        by=coordinator_gp,
        base_url=BASE,
    )
    services.request_status_set(
        request=request, status=Status.IN_PROGRESS, by=coordinator_gp, base_url=BASE
    )
    request.refresh_from_db()
    assert (request.status, request.outcome, request.ended_at) == (Status.IN_PROGRESS, "", None)
    assert request.awaiting_since is not None


def test_a_request_waiting_too_long_is_flagged_and_reminded_once(ask, coordinator_gp, settings):
    settings.SUPPORT_ANSWER_DAYS = 5
    request = ask()
    later = timezone.now() + timedelta(days=6)
    assert request.is_overdue(later)
    assert not request.is_overdue()
    mail.outbox.clear()
    assert services.overdue_requests_remind(base_url=BASE, now=later) == 1
    assert services.overdue_requests_remind(base_url=BASE, now=later) == 0
    assert [m.to for m in mail.outbox] == [[coordinator_gp.email]]
    assert "Rappel" in mail.outbox[0].subject


def test_an_answer_then_a_new_question_starts_a_new_waiting_spell_reminded_again(
    ask, coordinator_gp, asker
):
    request = ask()
    later = timezone.now() + timedelta(days=6)
    services.overdue_requests_remind(base_url=BASE, now=later)
    services.message_post(
        request=request, author=coordinator_gp, body="Oui.", from_coordinators=True, base_url=BASE
    )
    services.message_post(
        request=request, author=asker, body="Et ensuite ?", from_coordinators=False, base_url=BASE
    )
    request.refresh_from_db()
    assert request.reminded_at is None
    assert services.overdue_requests_remind(base_url=BASE, now=later + timedelta(days=6)) == 1


def test_an_appointment_is_emailed_to_the_organisation_with_its_calendar_file(
    ask, coordinator_gp, asker
):
    request = ask()
    mail.outbox.clear()
    appointment = services.appointment_schedule(
        request=request,
        by=coordinator_gp,
        starts_at=timezone.now() + timedelta(days=3),
        duration=45,
        mode=Mode.REMOTE,
        link="https://visio.example/karib",
        base_url=BASE,
    )
    (message,) = mail.outbox
    assert message.to == [asker.email]
    name, content, kind = message.attachments[0]
    assert (name, kind) == ("appointment.ics", "text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert f"UID:support-appointment-{appointment.pk}@rrma-antilles" in text
    assert "https://visio.example/karib" in text


def test_the_people_of_the_organisation_read_messages_and_never_the_notes(
    client, ask, coordinator_gp, asker
):
    request = ask()
    MessageFactory(request=request, author=coordinator_gp, from_coordinators=True, body="Visible")
    MessageFactory(
        request=request,
        author=coordinator_gp,
        from_coordinators=True,
        internal=True,
        body="Secret des coordinateurs",
    )
    client.force_login(asker)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Visible" in page
    assert "Secret des coordinateurs" not in page
    client.force_login(coordinator_gp)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Secret des coordinateurs" in page


def test_the_request_form_refuses_another_organisations_project_next_to_its_field(
    client, organisation, asker, guadeloupe
):
    foreign = ProjectFactory(lead=OrganisationFactory(territory=guadeloupe))
    client.force_login(asker)
    response = client.post(
        reverse("support:request_create"),
        {
            "organisation": organisation.slug,
            "topic": Topic.PARTNER_SEARCH,
            "description": "Trouver un partenaire.",
            "preferred_mode": Mode.PHONE,
            "project": foreign.pk,
        },
    )
    assert response.status_code == 200
    assert "project" in response.context["form"].errors
    assert not SupportRequest.objects.exists()


def test_a_coordinator_closes_through_the_follow_up_form_only_with_an_outcome(
    client, ask, coordinator_gp
):
    request = ask()
    client.force_login(coordinator_gp)
    url = reverse("support:request_follow_up", args=[request.pk])
    response = client.post(url, {"status": Status.CLOSED, "outcome": ""})
    assert response.status_code == 200
    assert "outcome" in response.context["follow_form"].errors
    response = client.post(
        url, {"status": Status.CLOSED, "outcome": Outcome.FILE_SUBMITTED, "assignee": ""}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.outcome == Outcome.FILE_SUBMITTED


def test_the_list_of_a_coordinator_costs_the_same_whatever_the_number_of_requests(
    client, guadeloupe, coordinator_gp, django_assert_max_num_queries
):
    client.force_login(coordinator_gp)
    url = reverse("support:requests")
    counts = []
    for total in (3, 30):
        SupportRequestFactory.create_batch(
            total - SupportRequest.objects.count(),
            organisation=OrganisationFactory(territory=guadeloupe),
        )
        with django_assert_max_num_queries(14) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == total
        assert "Dossier de financement\u00a0: FCR" in response.content.decode()
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_organisation_sees_its_own_requests_only_in_its_list(
    client, organisation, asker, guadeloupe
):
    mine = SupportRequestFactory(organisation=organisation, description="Le nôtre")
    SupportRequestFactory(organisation=OrganisationFactory(territory=guadeloupe))
    client.force_login(asker)
    response = client.get(reverse("support:requests"))
    assert list(response.context["page"].object_list) == [mine]


def test_messages_are_in_their_authors_data_export_and_kept_without_them_after_deletion(
    ask, asker, coordinator_gp
):
    request = ask()
    services.message_post(
        request=request,
        author=asker,
        body="Mon numéro : 0690 00 00 00",
        from_coordinators=False,
        base_url=BASE,
    )
    data = json.loads(personal_data_export(user=asker))
    assert [m["body"] for m in data["support.Message.author"]] == ["Mon numéro : 0690 00 00 00"]
    assert data["support.SupportRequest.requested_by"][0]["id"] == request.pk
    # The organisation's last admin hands over first (members.personal_data).
    member_of(request.organisation, "admin")
    account_delete(user=asker)
    message = Message.objects.get()
    assert message.author is None
    request.refresh_from_db()
    assert request.requested_by is None
