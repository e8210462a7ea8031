"""Passwords and keys told in a sentence ("the password is ...", "use ... as the password") and under labels in
other languages (Passwort, mot de passe, contraseña, 密码, ...), and the sentences about passwords that stay quiet."""

from __future__ import annotations

import random
import string

import pytest

from aiwarden.guard.secret_prose import prose_credentials
from tests.guard.secret_acted import acted as _acted


def _password(seed: int) -> str:
    """A chosen-looking password: lower, upper, digits and a symbol, drawn from a seeded generator."""
    rng = random.Random(seed)
    parts = [rng.choice(string.ascii_lowercase) for _ in range(3)] + [rng.choice("!#%&*+@^")] + \
        [rng.choice(string.digits) for _ in range(3)] + [rng.choice(string.ascii_uppercase) for _ in range(3)]
    return "".join(parts)


def _key(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(32))


PW = _password(11)
KEY = _key(12)


@pytest.mark.parametrize("sentence", [
    "The password for the analytics warehouse is {pw}.",
    "Your new passphrase is {pw}",
    "the admin password on the router was {pw}, so change it",
    'The passcode is "{pw}".',
    "Use {pw} as the password when the installer asks.",
    "Use '{pw}' as your database password",
    "The password is {pw} and it expires on Friday.",
])
def test_a_password_told_in_a_sentence_is_redacted(sentence: str) -> None:
    assert _acted(sentence.format(pw=PW)) == [PW]


@pytest.mark.parametrize("sentence", [
    "The API key for the billing service is {key}.",
    "The token for the nightly runner is {key}",
    "use {key} as the access key",
])
def test_a_random_key_told_in_a_sentence_is_redacted(sentence: str) -> None:
    text = sentence.format(key=KEY)
    assert [(s, e) for s, e, _ in prose_credentials(text)] == [(text.index(KEY), text.index(KEY) + len(KEY))]
    assert _acted(text) == [KEY]


@pytest.mark.parametrize("sentence", [
    "The password is required for every login.",
    "The password is stored hashed with bcrypt.",
    "The password is the same as before.",
    "The key is in the vault.",
    "The token is valid for 1 hour.",
    "The API key is missing from the request.",
    "The password is case-sensitive.",
    "The API key is 32-chars.",
    "The password is SHA256-hashed.",
    "The token is HS256-signed.",
    "The password is 2024-03-09.",
    "The password is changeme.",
    "The password is Password123.",
    "The password is P@ssw0rd.",
    "The password is ********.",
    "The password is <your-password>.",
    "The password is $DB_PASSWORD.",
    "Use your email as the password.",
    "The key to success is patience.",
    "The key is A1b2C3d4.",  # a key told in a sentence is long: eight characters are a description or a demo
])
def test_sentences_about_passwords_and_keys_stay_quiet(sentence: str) -> None:
    assert _acted(sentence) == []


def test_the_value_must_end_the_clause() -> None:
    """A lone password word is weak evidence: a value followed by more words of the same clause is not given."""
    assert _acted(f"The password is {PW} characters of nonsense here") == []
    assert _acted(f"The password is {PW}\nNext, open the console.") == [PW]


@pytest.mark.parametrize("sentence", [
    "Das Passwort lautet {pw}.",
    "Das Kennwort für den Server ist {pw}",
    "Passwort: {pw}",
    "Le mot de passe est {pw}.",
    "mot de passe : {pw}",
    "La contraseña es {pw}.",
    "clave: {pw}",
    "A senha é {pw}.",
    "La password è {pw}.",
    "La parola d'ordine è {pw}",
    "Het wachtwoord is {pw}.",
    "Hasło to {pw}.",
    "Lösenordet är {pw}.",
    "Salasana on {pw}.",
    "Пароль: {pw}",
    "Ваш пароль {pw}",
    "密码：{pw}",
    "密码是 {pw}。",
    "パスワードは {pw} です",
    "비밀번호: {pw}",
    "비밀번호는 {pw} 입니다",
])
def test_password_labels_in_other_languages(sentence: str) -> None:
    assert _acted(sentence.format(pw=PW)) == [PW]


@pytest.mark.parametrize("sentence", [
    "Das Passwort ist erforderlich.",
    "Das Passwort ist 8-stellig.",
    "Le mot de passe est incorrect.",
    "La contraseña es obligatoria.",
    "La clave del éxito es la paciencia.",
    "A senha é inválida.",
    "Het wachtwoord is onjuist.",
    "Passwort: ********",
    "Das Passwortfeld ist leer.",
    "密码：请输入",
])
def test_sentences_about_passwords_in_other_languages_stay_quiet(sentence: str) -> None:
    assert _acted(sentence) == []


def test_a_dash_ends_the_clause() -> None:
    assert _acted(f"The password for the build agent is {PW} — rotate it after the demo.") == [PW]
    assert _acted(f"The password for the build agent is {PW} - rotate it after the demo.") == [PW]
