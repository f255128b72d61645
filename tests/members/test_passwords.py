"""Passwords people cannot guess: zxcvbn's estimate, fed with French passwords and the
portal's own words (members/passwords.py), at sign-up and at every password change."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from members.models import User
from members.passwords import PortalPasswordValidator, french_passwords, portal_words
from tests.members.factories import PASSWORD, UserFactory

# From the issue: all accepted before, all refused now.
GUESSABLE = [
    "aaaaaaaaaaaa",
    "motdepasse12",
    "guadeloupe971",
    "Martinique972",
    "P@ssw0rd2026",
    "soleil123456",
]
STRONG = "bambou cerf-volant lanterne marée"
WHAT_TO_DO = "Que faire\u00a0: choisissez une phrase d’au moins quatre mots"


def signup(client, password, email="nouvelle@example.org"):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("password", GUESSABLE)
def test_the_passwords_of_the_issue_are_refused_at_sign_up_saying_what_to_do(client, password):
    response = signup(client, password)
    assert response.status_code == 200
    errors = response.context["form"].errors["password1"]
    assert any(WHAT_TO_DO in error for error in errors)
    assert any("trop facile à deviner" in error for error in errors)
    assert not User.objects.filter(email="nouvelle@example.org").exists()


@pytest.mark.django_db
def test_a_phrase_of_unrelated_words_is_accepted(client):
    response = signup(client, STRONG)
    assert response.status_code == 302
    assert User.objects.get(email="nouvelle@example.org").check_password(STRONG)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("guadeloupe971", "noms des Antilles"),
        ("Pointe-à-Pitre-97110", "noms des Antilles"),
        ("schoelcher1978", "noms des Antilles"),
        ("RRMA2026!!", "noms des Antilles"),
        ("antilles-caraibes", "noms des Antilles"),
        ("motdepasse12", "plus courants en France"),
        ("doudou-doudou", "plus courants en France"),
        ("Bibliothèque2026", "Un mot courant"),
    ],
)
def test_the_refusal_names_what_makes_the_password_guessable(password, reason):
    with pytest.raises(ValidationError) as refusal:
        PortalPasswordValidator().validate(password)
    assert refusal.value.code == "password_too_guessable"
    assert any(reason in message for message in refusal.value.messages)


def test_the_refusal_is_in_english_for_english_readers():
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        PortalPasswordValidator().validate("soleil123456")
    assert "What to do: choose a phrase" in refusal.value.messages[0]


def test_the_persons_own_address_counts_as_guessable():
    nadia = User(email="nadia.hippolyte@karukera-sante.example")
    with pytest.raises(ValidationError):
        PortalPasswordValidator().validate("nadiahippolyte2026", nadia)
    PortalPasswordValidator().validate("nadiahippolyte2026", User(email="rose@example.org"))
    PortalPasswordValidator().validate(STRONG, nadia)


def test_a_long_passphrase_past_zxcvbns_limit_is_estimated_not_refused():
    PortalPasswordValidator().validate(" ".join([STRONG] * 4))  # 132 characters


def test_the_dictionaries_hold_french_passwords_and_the_portals_words():
    french = french_passwords()
    assert len(french) > 15_000
    assert french.index("soleil") < 100
    assert "motdepasse" in french
    words = portal_words()
    for word in ("rrma", "antilles", "caraibes", "caraïbes", "971", "97110", "schoelcher"):
        assert word in words
    assert {"haïti", "haiti", "dominique", "dominica"} <= set(words)
    assert words.index("rrma") < words.index("pointe-à-pitre")


@pytest.mark.django_db
def test_the_sign_up_page_explains_what_a_good_password_is(client):
    page = client.get(reverse("account_signup"))
    assert "au moins quatre mots" in page.text
    assert any("quatre mots" in text for text in password_validators_help_texts())


@pytest.mark.django_db
def test_changing_ones_password_for_a_guessable_one_is_refused(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Martinique972", "password2": "Martinique972"},
    )
    assert response.status_code == 200
    assert any(WHAT_TO_DO in error for error in response.context["form"].errors["password1"])
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
