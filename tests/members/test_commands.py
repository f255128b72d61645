import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from members import acting
from members.models import RoleGrant
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_grant_role_makes_a_coordinator_of_the_named_territory(guadeloupe):
    user = UserFactory(email="coord@example.org")
    run("grant_role", "COORD@example.org", "coordinator", "--territory", "guadeloupe")
    assert RoleGrant.objects.get(user=user).territory == guadeloupe


def test_grant_role_makes_state_services():
    user = UserFactory()
    run("grant_role", user.email, "state")
    assert acting.holds_state_role(user)


def test_grant_role_twice_keeps_one_grant(guadeloupe):
    user = UserFactory()
    run("grant_role", user.email, "coordinator", "--territory", "guadeloupe")
    run("grant_role", user.email, "coordinator", "--territory", "guadeloupe")
    assert RoleGrant.objects.filter(user=user).count() == 1


def test_revoke_role_withdraws_it(guadeloupe):
    user = UserFactory()
    run("grant_role", user.email, "coordinator", "--territory", "guadeloupe")
    run("revoke_role", user.email, "coordinator", "--territory", "guadeloupe")
    assert not RoleGrant.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.org", "state"], "No account uses the email address"),
        (["{email}", "coordinator", "--territory", "corsica"], "Unknown territory 'corsica'"),
        (["{email}", "coordinator"], "A coordinator role needs a territory"),
        (["{email}", "state", "--territory", "martinique"], "State services cover both"),
    ],
)
def test_grant_role_refuses_bad_input_with_a_clear_message(territories, args, message):
    user = UserFactory()
    with pytest.raises(CommandError, match=message):
        run("grant_role", *[a.format(email=user.email) for a in args])
    assert not RoleGrant.objects.exists()


def test_revoking_a_role_not_held_is_an_error():
    user = UserFactory()
    with pytest.raises(CommandError, match="did not hold this role"):
        run("revoke_role", user.email, "state")


def test_an_unknown_role_exits_non_zero_with_a_message():
    result = subprocess.run(
        [sys.executable, "manage.py", "grant_role", "a@example.org", "emperor"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "invalid choice: 'emperor'" in result.stderr


def test_the_search_vocabulary_is_rebuilt_from_every_record(db, territories):
    from members.models import Organisation, SearchWord
    from tests.members.factories import OrganisationFactory

    OrganisationFactory(name="Karukera Solidarité", short_description="Mangroves.")
    Organisation.objects.update(search_text="karukera solidarite\nmangroves paletuviers")
    SearchWord.objects.all().delete()
    out = io.StringIO()
    call_command("search_vocabulary_rebuild", stdout=out)
    assert {"karukera", "solidarite", "mangroves"} <= set(
        SearchWord.objects.values_list("word", flat=True)
    )
    assert "words from" in out.getvalue()
