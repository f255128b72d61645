"""Passwords people cannot guess: a strength estimate that knows French and the Antilles.

Business rules:

- a password is refused when zxcvbn (through django-zxcvbn-password-validator) scores it below
  settings.PASSWORD_MINIMAL_STRENGTH (4 of 4: more than ten billion guesses, days of work for an
  attacker holding the password database, against the portal's Argon2 hashes). Three ordinary
  words joined pass ("pomme-poire-banane"); two of the portal's words do not ("RRMA2026!!");
- besides zxcvbn's English lists, the estimate knows the 20,000 most common French passwords
  (reference/french_passwords.txt, "Richelieu", CC BY 4.0), the 30,000 most frequent French
  words (reference/french_words.txt, from wordfreq, CC BY-SA 4.0) and the portal's own words: the
  territories, their department and postal codes, their communes, the Caribbean countries the
  networks work with, the networks' names ("rrma", "antilles", "caraïbes"…). Those words are
  the first an attacker targeting the portal tries, so a password made of them is weak
  whatever its length (`guadeloupe971`, `Martinique972`);
- a refusal says why and what to do instead, in the person's language.

The person's own details (email address, names) are counted as guessable too, by the package.
"""

from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django_zxcvbn_password_validator import ZxcvbnPasswordValidator
from django_zxcvbn_password_validator.translate_zxcvbn_text import (
    translate_zxcvbn_text,
    translate_zxcvbn_time_estimate,
)
from zxcvbn.matching import add_frequency_lists

from toolbox.text import normalize_text

from .reference.caribbean import COUNTRIES
from .reference.communes import COMMUNES

REFERENCE = Path(__file__).parent / "reference"
FRENCH_PASSWORDS = "french_passwords"
FRENCH_WORDS = "french_words"
PORTAL_WORDS = "portal_words"
# zxcvbn refuses to estimate longer passwords (its running time grows with the length): a
# longer one is estimated on its first characters, which can only underestimate it.
ZXCVBN_MAX_LENGTH = 72

# The portal's own vocabulary, most obvious first (zxcvbn counts a word's rank as its cost).
NETWORK_WORDS = [
    "rrma",
    "antilles",
    "guadeloupe",
    "martinique",
    "gwada",
    "madinina",
    "caraïbes",
    "caraïbe",
    "caribbean",
    "caribe",
    "karukera",
    "matinino",
    "madnina",
    "antillais",
    "antillaise",
    "971",
    "972",
    "rrma antilles",
    "réseau",
    "réseaux",
    "coopération",
    "cooperation",
    "multi-acteurs",
    "portail",
    "outre-mer",
    "créole",
    "kreyol",
]
ZXCVBN_GENERIC_ADVICE = "Add another word or two. Uncommon words are better."


def _variants(word: str) -> list[str]:
    """A word as people type it: lower case, with or without accents, separators or parts."""
    lower = word.lower()
    plain = normalize_text(word)
    forms = [lower, plain]
    for text in (lower, plain):
        squeezed = text
        for separator in " -'’":
            squeezed = squeezed.replace(separator, "")
        forms.append(squeezed)
        for separator in " -'’":
            text = text.replace(separator, " ")
        forms.extend(part for part in text.split() if len(part) >= 3)
    return forms


def portal_words() -> list[str]:
    """The networks' words, then territories' postal codes, communes and partner countries."""
    words = list(NETWORK_WORDS)
    for communes in COMMUNES.values():
        for commune in communes:
            words.append(commune.name)
            words.extend(commune.postal_codes)
            words.append(commune.insee_code)
    for language in ("fr", "en"):
        with translation.override(language):
            words.extend(str(country.name) for country in COUNTRIES.values())
    return _ranked(form for word in words for form in _variants(word))


def _word_list(name: str) -> list[str]:
    lines = (REFERENCE / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def french_passwords() -> list[str]:
    return _ranked(_word_list(FRENCH_PASSWORDS))


def french_words() -> list[str]:
    """Each word, then the same without accents ("maree" is typed for "marée")."""
    return _ranked(
        form for word in _word_list(FRENCH_WORDS) for form in (word, normalize_text(word))
    )


def _ranked(words) -> list[str]:
    """Lower-cased (as zxcvbn compares), each word at its first, best rank."""
    return list(dict.fromkeys(word.lower() for word in words if word))


@cache
def load_dictionaries() -> None:
    """Teach zxcvbn the French passwords and the portal's words, once per process."""
    add_frequency_lists(
        {
            FRENCH_PASSWORDS: french_passwords(),
            FRENCH_WORDS: french_words(),
            PORTAL_WORDS: portal_words(),
        }
    )


class PortalPasswordValidator(ZxcvbnPasswordValidator):
    """zxcvbn's estimate with French passwords and the portal's words (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        load_dictionaries()

    def _get_user_inputs(self, user):
        """The person's details, and each part of their email address ("nadia", "hippolyte")."""
        inputs = super()._get_user_inputs(user)
        email = getattr(user, "email", "") or ""
        local, _at, domain = email.partition("@")
        for text in (local, domain):
            for separator in "._-+":
                text = text.replace(separator, " ")
            inputs.extend(part for part in text.split() if len(part) >= 3)
        return inputs

    def _run_zxcvbn(self, password, user=None):
        return self.zxcvbn_implementation(
            password[:ZXCVBN_MAX_LENGTH], user_inputs=self._get_user_inputs(user)
        )

    def validate(self, password, user=None):
        result = self._run_zxcvbn(password, user)
        if result["score"] >= self.password_minimal_strength:
            return
        seconds = result["crack_times_seconds"]["offline_slow_hashing_1e4_per_second"]
        messages = [
            _(
                "This password is too easy to guess: an attacker with a copy of the password "
                "database would find it in %(time)s."
            )
            % {"time": translate_zxcvbn_time_estimate(seconds)}
        ]
        dictionaries = {
            match.get("dictionary_name")
            for match in result["sequence"]
            if match["pattern"] == "dictionary"
        }
        if PORTAL_WORDS in dictionaries:
            messages.append(
                _(
                    "Names of the Antilles, their communes and codes, and the networks' names "
                    "are the first words an attacker tries."
                )
            )
        elif FRENCH_PASSWORDS in dictionaries:
            messages.append(_("It is built on one of the most common passwords in France."))
        elif FRENCH_WORDS in dictionaries and len(result["sequence"]) <= 2:
            messages.append(_("A common word, even with a few digits or symbols, is guessed fast."))
        elif result["feedback"]["warning"]:
            messages.append(str(translate_zxcvbn_text(result["feedback"]["warning"])))
        messages.append(
            _(
                "What to do: choose a phrase of four or more words that do not usually go "
                "together, such as “bamboo kite lantern tide”. Adding digits, capitals or "
                "symbols to a common word does not make it hard to guess."
            )
        )
        messages.extend(
            str(translate_zxcvbn_text(advice))
            for advice in result["feedback"]["suggestions"]
            if advice != ZXCVBN_GENERIC_ADVICE
        )
        # One message of a few sentences: the error summary lists one problem, not four.
        sentences = [m if m.endswith((".", "!", "?")) else f"{m}." for m in messages]
        raise ValidationError(" ".join(sentences), code="password_too_guessable")

    def get_help_text(self):
        return _(
            "Choose a password that is hard to guess, for instance four or more words that do "
            "not usually go together. Common passwords and names of places of the Antilles are "
            "refused."
        )
