"""The training's pages keep the seat rules: the edit page (capacity, deleted sessions, dates
within the portal's range, down to the database) and the cancellation of a whole training; the
Django admin cannot change seats."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import lxml.html
import pytest
from django.contrib import admin
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.members.factories import OrganisationFactory, member_of
from tests.projects.factories import FundingLineFactory, ProjectFactory
from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory
from trainings.admin import RegistrationAdmin, SessionInline, TrainingAdmin
from trainings.models import Registration, Session, Training
from trainings.services import training_cancel

pytestmark = pytest.mark.django_db
Status = Registration.Status
DATE_RANGE_ERROR = "Saisissez une date entre le"


def registration(session, status=Status.CONFIRMED, *, days_ago=1):
    organisation = OrganisationFactory()
    made = RegistrationFactory(
        session=session, user=member_of(organisation), organisation=organisation, status=status
    )
    Registration.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return Registration.objects.get(pk=made.pk)


def status_of(registration):
    return Registration.objects.get(pk=registration.pk).status


def recipients():
    return [address for message in mail.outbox for address in message.to]


def browser_submission(response, css_class="record-form", form_id=None) -> dict[str, list[str]]:
    """What a browser sends for the page's form (of that class, or id) as it stands: selects
    without a chosen option send their first one, unchecked boxes send nothing."""
    page = lxml.html.fromstring(response.content)
    form = next(
        f
        for f in page.forms
        if (f.get("id") == form_id if form_id else css_class in (f.get("class") or "").split())
    )
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def row_of(data, session) -> str:
    """The formset prefix of the session's row ("sessions-0")."""
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("sessions-") and key.endswith("-id") and value == [str(session.pk)]
    )


def edit_url(training):
    return reverse("trainings:training_edit", args=[training.slug])


@pytest.fixture
def editor(client, coordinator_gp):
    """The coordinator on the training's edit page: returns (url, browser submission)."""
    client.force_login(coordinator_gp)

    def open_page(training):
        response = client.get(edit_url(training))
        assert response.status_code == 200
        return edit_url(training), browser_submission(response)

    return open_page


def session_form(response, session):
    return next(f for f in response.context["sessions"].forms if f.instance.pk == session.pk)


def error_next_to(response, name) -> str:
    """The error shown in the same field block as the input named `name`."""
    page = lxml.html.fromstring(response.content)
    (block,) = page.xpath(
        '//div[contains(concat(" ", @class, " "), " field ")][.//*[@name=$name]]', name=name
    )
    return " ".join(e.text_content() for e in block.xpath('.//*[contains(@class, "errorlist")]'))


# The edit page ----------------------------------------------------------------------------


def test_saving_the_edit_page_unchanged_succeeds(client, editor, territories):
    session = SessionFactory(capacity=4)
    registration(session)
    url, data = editor(session.training)
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(session.training.get_absolute_url(), 302)]
    assert "La formation a été enregistrée." in response.text
    saved = Session.objects.get(pk=session.pk)
    assert (saved.capacity, saved.starts_at, saved.ends_at) == (
        4,
        session.starts_at,
        session.ends_at,
    )
    assert Session.objects.filter(training=session.training).count() == 1


def test_a_capacity_below_the_confirmed_seats_is_refused_and_nothing_is_saved(
    client, editor, territories
):
    session = SessionFactory(capacity=3)
    registration(session)
    registration(session)
    url, data = editor(session.training)
    row = row_of(data, session)
    data[f"{row}-capacity"] = ["1"]
    data["title"] = ["Un autre titre"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert session_form(response, session).has_error("capacity", "capacity_below_seats")
    assert "2 places sont déjà prises" in error_next_to(response, f"{row}-capacity")
    assert Session.objects.get(pk=session.pk).capacity == 3
    assert Training.objects.get(pk=session.training.pk).title == session.training.title


def test_raising_the_capacity_of_a_full_session_gives_the_new_seats_to_the_people_waiting(
    client, editor, territories, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    registration(session, days_ago=9)
    third = registration(session, Status.WAITLISTED, days_ago=2)
    second = registration(session, Status.WAITLISTED, days_ago=3)
    first = registration(session, Status.WAITLISTED, days_ago=4)
    url, data = editor(session.training)
    data[f"{row_of(data, session)}-capacity"] = ["3"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][1] == 302
    statuses = [Registration.objects.get(pk=r.pk).status for r in (first, second, third)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, second.user.email])
    assert "2 personnes sur liste d’attente ont obtenu une place" in response.text


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.WAITLISTED, Status.PENDING])
def test_a_session_people_are_registered_for_cannot_be_deleted(client, editor, territories, status):
    session = SessionFactory(capacity=1)
    other = SessionFactory(training=session.training, starts_at=session.starts_at + timedelta(7))
    kept = registration(session, status)
    url, data = editor(session.training)
    data[f"{row_of(data, session)}-DELETE"] = ["on"]
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["sessions"].non_form_errors()
    assert any("ne peut pas être supprimée" in e for e in errors)
    assert "ne peut pas être supprimée" in response.text
    assert set(Session.objects.filter(training=session.training)) == {session, other}
    assert Registration.objects.get(pk=kept.pk).status == status


def test_a_session_nobody_is_registered_for_can_be_deleted(client, editor, territories):
    session = SessionFactory()
    empty = SessionFactory(training=session.training, starts_at=session.starts_at + timedelta(7))
    registration(session)
    url, data = editor(session.training)
    data[f"{row_of(data, empty)}-DELETE"] = ["on"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(Session.objects.filter(training=session.training)) == [session]


@pytest.mark.parametrize(
    ("field", "value"),
    [("ends_at", "9999-12-31T23:59"), ("starts_at", "1900-01-01T09:00")],
)
def test_a_date_beyond_the_portals_range_is_refused_next_to_the_field(
    client, editor, territories, field, value
):
    session = SessionFactory()
    url, data = editor(session.training)
    name = f"{row_of(data, session)}-{field}"
    data[name] = [value]
    response = client.post(url, data)
    assert response.status_code == 200
    assert any(DATE_RANGE_ERROR in e for e in session_form(response, session).errors[field])
    assert DATE_RANGE_ERROR in error_next_to(response, name)
    assert getattr(Session.objects.get(pk=session.pk), field) == getattr(session, field)


def test_a_new_session_ending_in_the_year_9999_is_refused_next_to_the_field(
    client, editor, territories
):
    session = SessionFactory()
    url, data = editor(session.training)
    total = int(data["sessions-TOTAL_FORMS"][0])
    new = f"sessions-{total - 1}"
    data |= {
        f"{new}-starts_at": ["2030-03-02T09:00"],
        f"{new}-ends_at": ["9999-12-31T23:59"],
        f"{new}-capacity": ["12"],
        f"{new}-registration_deadline": ["2030-03-01T18:00"],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert DATE_RANGE_ERROR in error_next_to(response, f"{new}-ends_at")
    assert Session.objects.filter(training=session.training).count() == 1


# Cancelling a whole training --------------------------------------------------------------


@pytest.fixture
def cancellable(territories):
    """A training held once already (attendance taken) with a session in progress and one to
    come, holding every kind of registration."""
    training = TrainingFactory()
    now = timezone.now()
    held = SessionFactory(
        training=training,
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30) + timedelta(hours=3),
        registration_deadline=now - timedelta(days=32),
    )
    ongoing = SessionFactory(
        training=training,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        registration_deadline=now - timedelta(days=2),
    )
    coming = SessionFactory(training=training, capacity=1)
    earlier = now - timedelta(days=3)
    already = registration(coming, Status.CANCELLED)
    Registration.objects.filter(pk=already.pk).update(cancelled_at=earlier)
    return SimpleNamespace(
        training=training,
        attended=registration(held, Status.ATTENDED),
        absent=registration(held, Status.ABSENT),
        coming=[
            registration(ongoing, Status.CONFIRMED),
            registration(coming, Status.CONFIRMED),
            registration(coming, Status.WAITLISTED),
            registration(coming, Status.PENDING),
        ],
        already=already,
        earlier=earlier,
    )


def assert_cancelled(c, started):
    assert Training.objects.get(pk=c.training.pk).status == Training.Status.CANCELLED
    for coming in c.coming:
        row = Registration.objects.get(pk=coming.pk)
        assert row.status == Status.CANCELLED
        assert started <= row.cancelled_at <= timezone.now()
    assert (status_of(c.attended), status_of(c.absent)) == (Status.ATTENDED, Status.ABSENT)
    assert Registration.objects.get(pk=c.already.pk).cancelled_at == c.earlier
    assert sorted(recipients()) == sorted(r.user.email for r in c.coming)
    assert all("Formation annulée" in m.subject for m in mail.outbox)


def test_cancelling_a_training_cancels_every_coming_registration_and_tells_each_person(
    cancellable, coordinator_gp, django_capture_on_commit_callbacks
):
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        count = training_cancel(training=cancellable.training, by=coordinator_gp)
    assert count == 4
    assert_cancelled(cancellable, started)


def test_cancelling_a_training_from_its_page(
    cancellable, coordinator_gp, client, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_gp)
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("trainings:training_status", args=[cancellable.training.slug]),
            {"status": "cancelled"},
            follow=True,
        )
    assert response.redirect_chain[-1][1] == 302
    assert "La formation est annulée\u00a0: 4 inscriptions ont été annulées" in response.text
    assert_cancelled(cancellable, started)


# Dates bounded by the database ------------------------------------------------------------


def out_of_range_rows():
    session = SessionFactory()
    yield session, "ends_at", datetime(2101, 6, 1, 12, tzinfo=UTC), "session_ends_at_in_range"
    yield session, "starts_at", datetime(1949, 6, 1, 12, tzinfo=UTC), "session_starts_at_in_range"
    project = ProjectFactory()
    yield project, "start_date", date(2200, 1, 1), "project_start_date_in_range"
    line = FundingLineFactory(project=project)
    yield line, "decision_date", date(1900, 1, 1), "fundingline_decision_date_in_range"


def test_the_database_refuses_dates_beyond_the_portals_range(territories):
    checked = []
    for row, field, value, constraint in out_of_range_rows():
        before = getattr(row, field)
        setattr(row, field, value)
        with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
            row.save()
        setattr(row, field, before)
        checked.append(constraint)
    assert len(checked) == 4


# The Django admin -------------------------------------------------------------------------


def test_the_admin_shows_registrations_without_letting_anyone_add_them_or_change_their_status():
    assert "status" in RegistrationAdmin.readonly_fields
    assert "session" in RegistrationAdmin.readonly_fields
    registration_admin = admin.site._registry[Registration]
    assert isinstance(registration_admin, RegistrationAdmin)
    assert registration_admin.has_add_permission(request=None) is False


def test_the_admins_session_rows_neither_change_the_capacity_nor_delete_a_session():
    assert SessionInline in TrainingAdmin.inlines
    assert "capacity" in SessionInline.readonly_fields
    assert SessionInline.can_delete is False


def test_the_admin_pages_offer_no_way_to_change_seats(client, site_admin_user, territories):
    session = SessionFactory(capacity=2)
    seated = registration(session)
    client.force_login(site_admin_user)
    page = client.get(reverse("admin:trainings_registration_change", args=[seated.pk]))
    assert page.status_code == 200
    assert 'name="status"' not in page.text
    assert client.get(reverse("admin:trainings_registration_add")).status_code == 403
    page = client.get(reverse("admin:trainings_training_change", args=[session.training.pk]))
    assert page.status_code == 200
    assert 'name="sessions-0-venue"' in page.text
    assert 'name="sessions-0-capacity"' not in page.text
    assert 'name="sessions-0-DELETE"' not in page.text


def test_a_forged_admin_submission_changes_neither_capacity_nor_status(
    client, site_admin_user, territories
):
    session = SessionFactory(capacity=2)
    seated = registration(session)
    client.force_login(site_admin_user)
    url = reverse("admin:trainings_training_change", args=[session.training.pk])
    data = browser_submission(client.get(url), form_id="training_form") | {
        "sessions-0-capacity": ["1"],
        "sessions-0-DELETE": ["on"],
    }
    assert client.post(url, data).status_code == 302
    assert Session.objects.get(pk=session.pk).capacity == 2
    url = reverse("admin:trainings_registration_change", args=[seated.pk])
    client.post(url, {"status": Status.CANCELLED})
    assert Registration.objects.get(pk=seated.pk).status == Status.CONFIRMED


def test_deleting_a_registration_in_the_admin_gives_its_seat_to_the_first_person_waiting(
    client, site_admin_user, territories, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    seated = registration(session, days_ago=5)
    second = registration(session, Status.WAITLISTED, days_ago=2)
    first = registration(session, Status.WAITLISTED, days_ago=3)
    client.force_login(site_admin_user)
    url = reverse("admin:trainings_registration_delete", args=[seated.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=seated.pk).exists()
    assert Registration.objects.get(pk=first.pk).status == Status.CONFIRMED
    assert Registration.objects.get(pk=second.pk).status == Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[first.user.email]]
