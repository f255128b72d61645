"""The coordinators' call pages: creation and edition with the rules of the form (each refusal
said next to its field, nothing saved), who may create, edit, publish and unpublish, and the
history each of those writes."""

from datetime import UTC, date, datetime, timedelta

import lxml.html
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from calls.enums import ChangeReason
from calls.models import Call
from calls.services.calls import call_history, call_publish, call_save
from tests.calls.factories import CallFactory
from tests.members import factories
from tests.pages import changed, form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("calls:call_create")


def edit_url(call):
    return reverse("calls:call_edit", args=[call.slug])


def status_url(call):
    return reverse("calls:call_status", args=[call.slug])


def error_next_to(response, name) -> str:
    """The error shown in the same field block as the input named `name`."""
    page = lxml.html.fromstring(response.content)
    (block,) = page.xpath(
        '//div[contains(concat(" ", @class, " "), " field ")][.//*[@name=$name]]', name=name
    )
    return " ".join(e.text_content() for e in block.xpath('.//*[contains(@class, "errorlist")]'))


def label(name) -> str:
    return capfirst(str(Call._meta.get_field(name).verbose_name))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def new_call(territories, *slugs, **values) -> dict:
    """What a coordinator types for a call open to the territories `slugs` (Guadeloupe by
    default), with `values` replacing or adding fields."""
    data = {
        "title": "Appel à projets FCR 2027",
        "funder": Call.Funder.FCR_GUADELOUPE,
        "summary": "Soutenir la coopération avec les pays de l'OECO.",
        "territories": [territories[slug].pk for slug in slugs or ["guadeloupe"]],
        "whole_caribbean": "on",
        "opens_on": "2027-01-15",
        "deadline": "2027-03-31T12:00",
    }
    data.update(values)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def as_coordinator(client, coordinator_gp):
    client.force_login(coordinator_gp)
    return coordinator_gp


# Creation ---------------------------------------------------------------------------------


def test_a_coordinator_creates_a_call_for_their_territory_saved_as_a_draft(
    client, as_coordinator, territories
):
    response = client.get(CREATE)
    assert response.status_code == 200
    # Their one territory is ticked for them.
    assert response.context["form"]["territories"].initial == [territories["guadeloupe"]]

    response = client.post(CREATE, new_call(territories))

    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == call.get_absolute_url()
    assert messages_of(response) == [
        _("The call has been saved as a draft: publish it from its page when it is ready.")
    ]
    assert (call.status, call.created_by, call.published_at) == ("draft", as_coordinator, None)
    assert list(call.territories.values_list("slug", flat=True)) == ["guadeloupe"]
    # Typed in local time (UTC−4), stored in UTC.
    assert call.deadline == datetime(2027, 3, 31, 16, 0, tzinfo=UTC)
    assert (call.whole_caribbean, call.programme, call.cofinancing_max) == (True, "", None)


def test_a_coordinator_creates_a_call_open_to_both_territories(client, as_coordinator, territories):
    response = client.post(CREATE, new_call(territories, "guadeloupe", "martinique"))

    assert response.status_code == 302
    call = Call.objects.get()
    assert set(call.territories.values_list("slug", flat=True)) == {"guadeloupe", "martinique"}


def test_a_call_for_the_other_territory_only_is_refused_next_to_the_territories(
    client, as_coordinator, territories
):
    response = client.post(CREATE, new_call(territories, "martinique"))

    assert response.status_code == 200
    assert response.context["form"].has_error("territories", "territory_not_published_for")
    assert "Guadeloupe" in error_next_to(response, "territories")
    assert not Call.objects.exists()


def test_the_creation_is_one_history_entry_by_its_author_with_its_lists(
    client, as_coordinator, territories
):
    client.post(CREATE, new_call(territories, "guadeloupe", "martinique", themes=["health"]))

    call = Call.objects.get()
    (record,) = call.history.all()
    assert (record.history_type, record.history_user) == ("+", as_coordinator)
    assert record.history_change_reason is None
    assert {row.territory.slug for row in record.territories.all()} == {"guadeloupe", "martinique"}
    assert [row.theme_id for row in record.themes.all()] == ["health"]


# Refusals: the message next to its field, nothing saved -------------------------------------

REFUSALS = {
    "deadline the day before the opening": (
        {"opens_on": "2027-01-15", "deadline": "2027-01-14T18:00"},
        "deadline",
        "deadline_before_opening",
    ),
    "deadline at the very start of the opening day": (
        {"opens_on": "2027-01-15", "deadline": "2027-01-15T00:00"},
        "deadline",
        "deadline_before_opening",
    ),
    "pre-deposit before the opening": (
        {"predeposit_on": "2027-01-10"},
        "predeposit_on",
        "predeposit_before_opening",
    ),
    "pre-deposit after the deadline": (
        {"predeposit_on": "2027-04-01"},
        "predeposit_on",
        "predeposit_after_deadline",
    ),
    "rate above 100": ({"cofinancing_max": "120"}, "cofinancing_max", "max_value"),
    "negative rate": ({"cofinancing_min": "-5"}, "cofinancing_min", "min_value"),
    "minimum rate above the maximum": (
        {"cofinancing_min": "80", "cofinancing_max": "50"},
        "cofinancing_max",
        "maximum_below_minimum",
    ),
    "minimum grant above the maximum": (
        {"grant_min": "50000", "grant_max": "10000"},
        "grant_max",
        "maximum_below_minimum",
    ),
    "no partner country": ({"whole_caribbean": None}, "countries", "no_country"),
}


@pytest.mark.parametrize(("values", "field", "code"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    client, as_coordinator, territories, values, field, code
):
    response = client.post(CREATE, new_call(territories, **values))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error(field, code)
    assert list(form.errors) == [field]
    assert str(form.errors[field][0]) in error_next_to(response, field)
    assert not Call.objects.exists()


@pytest.mark.parametrize(("values", "field", "code"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_bad_input_on_the_edit_page_leaves_the_call_as_it_was(
    client, as_coordinator, values, field, code
):
    call = CallFactory(title="Appel FCR")
    entries = call.history.count()
    typed = {"title": "Un autre titre", "opens_on": "2027-01-15", "deadline": "2027-03-31T12:00"}
    data = changed(form_data(client.get(edit_url(call))), **(typed | values))

    response = client.post(edit_url(call), data)

    form = response.context["form"]
    assert form.has_error(field, code)
    # The rule's message alone: not "the value saved earlier no longer passes" besides it.
    (message,) = form.errors[field]
    assert str(message) in error_next_to(response, field)
    call.refresh_from_db()
    assert call.title == "Appel FCR"
    assert call.history.count() == entries


def test_a_pre_deposit_on_the_opening_day_or_on_the_deadline_is_accepted(
    client, as_coordinator, territories
):
    for day in ("2027-01-15", "2027-03-31"):
        response = client.post(CREATE, new_call(territories, title=day, predeposit_on=day))
        assert response.status_code == 302
    assert sorted(Call.objects.values_list("predeposit_on", flat=True)) == [
        date(2027, 1, 15),
        date(2027, 3, 31),
    ]


def test_named_partner_countries_are_saved_and_dropped_for_the_whole_caribbean(
    client, as_coordinator, territories
):
    client.post(
        CREATE, new_call(territories, title="OECO", whole_caribbean=None, countries=["LC", "DM"])
    )
    client.post(CREATE, new_call(territories, title="Caraïbe", countries=["LC"]))

    named, whole = Call.objects.get(title="OECO"), Call.objects.get(title="Caraïbe")
    assert (named.whole_caribbean, sorted(named.countries.values_list("pk", flat=True))) == (
        False,
        ["DM", "LC"],
    )
    assert (whole.whole_caribbean, whole.countries.count()) == (True, 0)


# Edition ----------------------------------------------------------------------------------


def test_saving_the_edit_page_unchanged_keeps_the_call_as_it_was(client, as_coordinator):
    call = CallFactory(themes=["health"], cofinancing_min=20, cofinancing_max=80)
    before = Call.objects.values().get(pk=call.pk)

    response = client.post(edit_url(call), form_data(client.get(edit_url(call))))

    assert response.status_code == 302
    assert response["Location"] == call.get_absolute_url()
    assert messages_of(response) == [_("The call has been saved.")]
    after = Call.objects.values().get(pk=call.pk)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
    assert list(call.themes.values_list("pk", flat=True)) == ["health"]


def test_an_edit_is_one_history_entry_naming_the_fields_changed(client, as_coordinator):
    call = CallFactory(title="Appel FCR")
    entries = call.history.count()
    data = changed(
        form_data(client.get(edit_url(call))),
        title="Appel FCR 2027",
        themes=["health", "education-training"],
        cofinancing_max="80",
    )

    assert client.post(edit_url(call), data).status_code == 302

    assert call.history.count() == entries + 1
    newest = call.history.first()
    assert (newest.history_type, newest.history_user) == ("~", as_coordinator)
    entry = call_history(call=call)[0]
    assert (entry.who, entry.what) == (as_coordinator, _("Modification"))
    assert entry.fields == [label("title"), label("cofinancing_max"), label("themes")]


def test_the_edit_page_shows_the_history_newest_first_in_local_time(
    client, as_coordinator, guadeloupe
):
    call = call_save(
        call=CallFactory.build(status=Call.Status.DRAFT, published_at=None),
        relations={"territories": [guadeloupe]},
        by=as_coordinator,
    )
    call_publish(call=call, by=as_coordinator)

    response = client.get(edit_url(call))

    history = response.context["history"]
    assert [entry.what for entry in history] == [ChangeReason.PUBLISHED.label, _("Creation")]
    assert history[0].date.utcoffset() == timedelta(hours=-4)
    rows = lxml.html.fromstring(response.content).xpath('//section[@id="history"]//tbody/tr')
    cells = [[" ".join(cell.text_content().split()) for cell in row] for row in rows]
    assert [row[1:] for row in cells] == [
        [str(as_coordinator), str(ChangeReason.PUBLISHED.label)],
        [str(as_coordinator), _("Creation")],
    ]


# Who may do what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "state_user"])
def test_members_and_state_services_may_not_create_calls(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"title": "Appel"}).status_code == 403
    assert not Call.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    call = CallFactory()
    for url in (CREATE, edit_url(call)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = client.post(status_url(call), {"status": "draft"})
    assert response["Location"].startswith(reverse("account_login"))
    assert Call.objects.get().status == "published"


def test_the_other_territorys_coordinator_gets_403_on_a_published_call_and_404_on_a_draft(
    client, coordinator_mq
):
    published = CallFactory()
    draft = CallFactory(status=Call.Status.DRAFT, published_at=None)
    client.force_login(coordinator_mq)

    assert client.get(edit_url(published)).status_code == 403
    assert client.post(status_url(published), {"status": "draft"}).status_code == 403
    assert client.get(edit_url(draft)).status_code == 404
    assert client.post(status_url(draft), {"status": "published"}).status_code == 404
    assert list(Call.objects.order_by("pk").values_list("status", flat=True)) == [
        "published",
        "draft",
    ]


def test_a_call_open_to_both_territories_is_edited_by_either_coordinator(
    client, coordinator_gp, coordinator_mq
):
    call = CallFactory(territories=["guadeloupe", "martinique"], status=Call.Status.DRAFT)
    editors = [(coordinator_gp, "Par la Guadeloupe"), (coordinator_mq, "Par la Martinique")]
    for coordinator, title in editors:
        client.force_login(coordinator)
        data = changed(form_data(client.get(edit_url(call))), title=title)
        assert client.post(edit_url(call), data).status_code == 302
        call.refresh_from_db()
        assert call.title == title


def test_a_coordinator_may_not_hand_a_call_over_to_the_other_territory_alone(
    client, as_coordinator, martinique
):
    call = CallFactory(territories=["guadeloupe", "martinique"])
    data = changed(form_data(client.get(edit_url(call))), territories=[martinique.pk])

    response = client.post(edit_url(call), data)

    assert response.context["form"].has_error("territories", "territory_not_published_for")
    assert set(call.territories.values_list("slug", flat=True)) == {"guadeloupe", "martinique"}


def test_a_coordinator_without_two_factor_is_sent_to_enrol_before_creating_calls(
    client, guadeloupe, territories
):
    client.force_login(factories.coordinator(guadeloupe, two_factor=False))

    for response in (client.get(CREATE), client.post(CREATE, new_call(territories))):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/")
    assert not Call.objects.exists()


# Publication ------------------------------------------------------------------------------


def test_a_coordinator_publishes_then_withdraws_a_call_each_written_in_its_history(
    client, as_coordinator
):
    call = CallFactory(status=Call.Status.DRAFT, published_at=None)

    response = client.post(status_url(call), {"status": "published"})

    assert response["Location"] == call.get_absolute_url()
    assert messages_of(response) == [_("The call is published.")]
    call.refresh_from_db()
    assert call.status == "published"
    assert timezone.now() - call.published_at < timedelta(minutes=1)
    published = call.history.first()
    assert (published.history_user, published.history_change_reason) == (
        as_coordinator,
        ChangeReason.PUBLISHED,
    )

    client.post(status_url(call), {"status": "draft"})

    call.refresh_from_db()
    assert call.status == "draft"
    withdrawn = call.history.first()
    assert (withdrawn.history_user, withdrawn.history_change_reason) == (
        as_coordinator,
        ChangeReason.UNPUBLISHED,
    )
    assert [entry.what for entry in call_history(call=call)][:2] == [
        ChangeReason.UNPUBLISHED.label,
        ChangeReason.PUBLISHED.label,
    ]


def test_publishing_a_published_call_writes_nothing(client, as_coordinator):
    call = CallFactory()
    published_at = call.published_at

    client.post(status_url(call), {"status": "published"})

    call.refresh_from_db()
    assert call.published_at == published_at
    assert not call.history.filter(history_change_reason=ChangeReason.PUBLISHED).exists()


@pytest.mark.parametrize("status", ["cancelled", "", "PUBLISHED"])
def test_an_unknown_status_is_a_bad_request(client, as_coordinator, status):
    call = CallFactory(status=Call.Status.DRAFT, published_at=None)

    assert client.post(status_url(call), {"status": status}).status_code == 400
    call.refresh_from_db()
    assert call.status == "draft"
