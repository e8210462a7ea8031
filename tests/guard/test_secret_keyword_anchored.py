"""Keyword-anchored credentials: a value under a credential label in the forms answers carry (XML elements,
bracketed keys, prose "is/to", a service name before a bare "key"), labelled UUIDs of any version, passwords in
URLs, and what must stay quiet beside them (templates, repeats, prose hashes and ids, URL userinfo as email)."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.core.findings import Severity
from aiwarden.guard import Guard, secrets
from aiwarden.guard.secret_entropy import looks_random
from aiwarden.guard.types import OutputContext
from tests.guard.secret_acted import acted as _acted

CTX = OutputContext()
B62 = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
LOWER36 = string.ascii_lowercase + string.digits


def _r(seed: int, n: int, alphabet: str) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(n))


KEY = _r(1, 32, B62)
HEXKEY = _r(2, 32, HEX)
LOWERKEY = _r(3, 32, LOWER36)


@pytest.mark.parametrize(("template", "value"), [
    ("<password>{v}</password>", KEY),
    ("<apiKey>{v}</apiKey>", HEXKEY),
    ("settings['dict_key'] = \"{v}\"", KEY),
    ("config[\"api_token\"] = '{v}'", LOWERKEY),
    ("Set PAGERDUTY_TOKEN to {v} in the dashboard.", KEY),
    ("The Datadog app key is {v}.", HEXKEY),
    ("mailgun key: {v}", HEXKEY),
    ("Stripe secret = {v}", LOWERKEY),
    ("\"password\": \"`-08iOR~zZik6{v}^\\JP\",", KEY[:10]),
])
def test_labelled_forms_are_found(template: str, value: str) -> None:
    text = template.format(v=value)
    found = _acted(text)
    assert found, text
    assert any(value in f for f in found)


@pytest.mark.parametrize("text", [
    "The key is {v}.",  # a bare "key" in prose: weak evidence, the random-token layer judges it
    "the primary key: {v}",
    "Your key: {v}",
    "The commit {v} fixed it.",
    "sha256 = \"{v}{v}\"",
])
def test_weak_or_hash_labels_stay_quiet_on_hex(text: str) -> None:
    assert _acted(text.format(v=HEXKEY)) == []


def test_a_labelled_uuid_of_any_version_is_a_key_but_not_in_prose() -> None:
    v1 = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
    assert _acted(f"export FASTLY_API_TOKEN={v1}") == [v1]
    assert _acted(f"Request id {v1} failed.") == []
    assert _acted(f"user_id = {v1}") == []
    assert _acted(f"key: {v1}") == []  # a bare "key" is no credential label for a UUID


@pytest.mark.parametrize("text", [
    "https://{USER}:{PASS}@template.example.com",
    "https://user:abc@api.com/v1",
    "https://user:1111@service.com/api",
    "https://testuser:xxxx@demo.com",
    "postgresql://user:user@no_connection/no_db",
    "mongodb://mongodb:mongodb@localhost:27017/database",
    "https://username:REPLACE_WITH_PASSWORD@example.org",
])
def test_url_passwords_that_are_templates_repeats_or_the_user_name_are_not_flagged(text: str) -> None:
    assert Guard(use_model=False).scan_output(text).action == "allow"


def test_a_chosen_url_password_is_still_found() -> None:
    assert _acted("mongodb://realuser:s3cr3tP4ss@db1.example.net:27017/production") == ["s3cr3tP4ss"]


def test_url_userinfo_is_not_an_email() -> None:
    text = "clone https://deploy:Xk9mQ2vR7tLp@git.corp.io/repo.git"
    findings = Guard(use_model=False).scan_output(text).findings
    assert "secrets" in {f.detector for f in findings}
    assert "pii" not in {f.detector for f in findings}  # the exfiltration check may also judge the link
    ordinary = Guard(use_model=False).scan_output("write to jo.ng@corp.io").findings
    assert [f.rule_id for f in ordinary] == ["pii.email"]  # an address outside a URL is still an email


def test_a_closing_tag_after_a_value_is_not_a_template() -> None:
    text = f"<token>{KEY}</token>"
    assert _acted(text) == [KEY]
    assert _acted(f"token = {KEY[:20]}<{{rest}}>") == []


@pytest.mark.parametrize(("key", "rule"), [
    ("shpss_" + _r(4, 32, B62), "secrets.shopify-secret"),
    ("shpat_" + _r(5, 40, B62), "secrets.shopify-token"),
    ("shpat_" + _r(6, 32, "0123456789abcdef"), "secrets.shopify-token"),
    ("vcp_" + _r(7, 24, B62), "secrets.vercel-token"),
    ("vca_" + _r(8, 56, B62), "secrets.vercel-token"),
])
def test_shopify_base62_and_vercel_tokens(key: str, rule: str) -> None:
    found = [f for f in secrets.detect(f"token in the log: {key}", CTX) if f.severity > Severity.INFO]
    assert [f.rule_id for f in found] == [rule]


@pytest.mark.parametrize("text", ["vcp_aaaaaaaaaaaaaaaaaaaaaaaa", "shpss_" + "ab" * 16, "vcp_short"])
def test_vercel_and_shopify_placeholders_are_not_keys(text: str) -> None:
    assert _acted(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=B62, min_size=32, max_size=64))
def test_labelled_slack_never_admits_what_an_unlabelled_check_refuses_on_words(value: str) -> None:
    # the entropy slack under a label loosens only the entropy floor: a value with words stays refused
    worded = "password" + value[8:]
    assert looks_random(worded, labelled=True) is False


@pytest.mark.parametrize("text", [
    f"SENTRY_DSN=https://{HEXKEY}@o123456.ingest.sentry.io/1234567",
    f"git clone https://{LOWERKEY}@gitlab.example.com/group/repo.git",
])
def test_a_random_token_as_a_url_user_name_is_a_credential(text: str) -> None:
    found = _acted(text)
    assert len(found) == 1 and found[0] in (HEXKEY, LOWERKEY)
    assert not any(f.detector == "pii" for f in Guard(use_model=False).scan_output(text).findings)


@pytest.mark.parametrize("text", ["ssh://git@github.com/org/repo.git",
                                  "https://deploy-bot-for-production-12@host.io/x"])
def test_a_plain_url_user_name_is_neither_a_credential_nor_an_email(text: str) -> None:
    assert Guard(use_model=False).scan_output(text).action == "allow"


def test_pat_labels_a_personal_access_token_but_not_a_path() -> None:
    assert _acted(f"export GH_PAT={LOWERKEY}") == [LOWERKEY]
    assert _acted(f"path = {LOWERKEY}") == []
    assert _acted(f"patch: {LOWERKEY}") == []
