"""Passwords under environment names that glue a tool name to the password word (PGPASSWORD, SSHPASS), Telegram
bot tokens inside a Bot API URL, and YAML tags written where a value would stand (``password: !vault |``)."""

from __future__ import annotations

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.types import OutputContext

CTX = OutputContext()


def _acting(text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.span[0]:f.span[1]]) for f in secrets.detect(text, CTX)
            if f.span and f.severity >= Severity.MEDIUM]


@pytest.mark.parametrize(("text", "value"), [
    ("PGPASSWORD=Wq7!tr29Kpz psql -h db.internal -U app", "Wq7!tr29Kpz"),
    ("export PGPASSWORD='h8Rv#2mLq0x'", "h8Rv#2mLq0x"),
    ("SSHPASS=Jd93kq!Lm2 sshpass -e ssh deploy@10.0.0.4", "Jd93kq!Lm2"),
    ("DBPASSWORD: Zt5$kw81PqR", "Zt5$kw81PqR"),
    ("MYSQL_PWD=Rb4%nw70Yhs mysql -u app shop", "Rb4%nw70Yhs"),
])
def test_a_password_under_a_glued_environment_name_is_redacted(text: str, value: str) -> None:
    assert _acting(text) == [("secrets.generic-assignment", value)]


@pytest.mark.parametrize("text", [
    "BYPASS=Wq7!tr29Kpz",  # bypass, compass: "pass" at a word's end is not the password word
    "compass: Nq81!ksPz",
    "RESETPASSWORD=https://id.example.org/reset",  # about the password, not it
    "PGPASSWORD=changeme psql -h localhost",  # a documentation value
    "Set PGPASSFILE=~/.pgpass instead of PGPASSWORD.",
])
def test_words_that_only_end_like_a_password_label_are_not(text: str) -> None:
    assert _acting(text) == []


def test_a_telegram_token_in_a_bot_api_url_path_is_found() -> None:
    token = "5123456789:AAF3kq9vZx1Lm2Np7Qr8St0Uv4Wx6Yz-AbC"
    assert len(token.split(":AA")[1]) == 33
    for text in (f"GET https://api.telegram.org/bot{token}/sendMessage?chat_id=42",
                 f"curl -s https://api.telegram.org/bot{token}/getMe"):
        assert _acting(text) == [("secrets.telegram-bot-token", token)]


def test_a_token_shaped_value_glued_to_other_words_is_not_a_telegram_token() -> None:
    token = "5123456789:AAF3kq9vZx1Lm2Np7Qr8St0Uv4Wx6Yz-AbC"
    assert _acting(f"/robot{token}/") == []  # only the Bot API's own "/bot" prefix
    assert _acting(f"https://example.org/path/x{token}") == []


@pytest.mark.parametrize("text", [
    "`password: !vault |` tells Ansible the value is encrypted below.",
    "db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n",
    "api_token: !secret weather_api_token",
    "MasterUserPassword: !Ref DatabasePassword",
    "secret_key: !!binary",
])
def test_a_yaml_tag_after_a_credential_label_is_not_the_value(text: str) -> None:
    assert [f for f in _acting(text) if f[0] == "secrets.generic-assignment"] == []


@pytest.mark.parametrize(("text", "value"), [
    ("PASSWORD=!Kd83jfQ2x", "!Kd83jfQ2x"),  # "=" in an env file: the "!" is part of the password
    ("password: '!Kd83jfQ2x'", "!Kd83jfQ2x"),  # quoted in YAML: a string, not a tag
])
def test_a_password_that_starts_with_an_exclamation_mark_is_still_found(text: str, value: str) -> None:
    assert _acting(text) == [("secrets.generic-assignment", value)]
