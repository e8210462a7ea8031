"""Formats added after checking the table against gitleaks' and trufflehog's rule lists, credential files without a
password= label, and password-hash dumps. Every key here is drawn at random in the test, in the provider's
published shape; each has a counter-case (placeholder, near miss, prose) that must stay below medium."""

from __future__ import annotations

import base64
import random
import string
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.secret_entropy import looks_random, shannon_entropy
from aiwarden.guard.secret_rules import RULES
from aiwarden.guard.types import OutputContext

CTX = OutputContext()
B62 = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
LOWER36 = string.ascii_lowercase + string.digits
URLSAFE = B62 + "_-"
CRYPT = "./" + B62


def _r(rng: random.Random, n: int, alphabet: str = B62) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _uuid(rng: random.Random) -> str:
    return "-".join(_r(rng, n, HEX) for n in (8, 4, 4, 4, 12))


# (rule id, template with {s} for the key, the key drawn from a seeded generator)
KeyMaker = Callable[[random.Random], str]
ADDED: list[tuple[str, str, KeyMaker]] = [
    ("secrets.aws-appsync-key", "appsync key {s}", lambda r: "da2-" + _r(r, 26, LOWER36)),
    ("secrets.tavily-key", "TAVILY_API_KEY={s}", lambda r: "tvly-dev-" + _r(r, 32)),
    ("secrets.firecrawl-key", "Authorization: Bearer {s}", lambda r: "fc-" + _r(r, 32, HEX)),
    ("secrets.e2b-key", "export E2B_API_KEY={s}", lambda r: "e2b_" + _r(r, 40, HEX)),
    ("secrets.bannerbear-key", "key: {s}", lambda r: "bb_pr_" + _r(r, 30, HEX)),
    ("secrets.figma-token", "figma {s}", lambda r: "figp_" + _r(r, 48, URLSAFE)),
    ("secrets.flexport-key", "{s}", lambda r: "shltm_" + _r(r, 40)),
    ("secrets.pganalyze-key", "read key {s}", lambda r: "pgar_" + _r(r, 27)),
    ("secrets.sonar-token", "SONAR_TOKEN={s}", lambda r: "sqco_" + _r(r, 59)),
    ("secrets.trufflehog-key", "{s}", lambda r: "thog-key-" + _r(r, 16, HEX)),
    ("secrets.robinhood-key", "api key {s}", lambda r: "rh-api-" + _uuid(r)),
    ("secrets.stripe-key", "STRIPE_KEY={s}", lambda r: "sk_prod_" + _r(r, 32)),
    ("secrets.apideck-key", "{s}", lambda r: "sk_live_" + _r(r, 40) + "-" + _r(r, 52)),
    ("secrets.jfrog-token", "{s}", lambda r: "cmVmd" + _r(r, 59)),
    ("secrets.aws-bedrock-key", "{s}",
     lambda r: "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + _r(r, 200, B62 + "+/")),
    ("secrets.gitlab-token", "Cookie: _gitlab_session={s}", lambda r: _r(r, 32, LOWER36)),
    ("secrets.gitlab-token", "{s}", lambda r: "glpat-" + _r(r, 36, URLSAFE) + ".01.0" + _r(r, 8, LOWER36)),
    ("secrets.slack-token", "{s}", lambda r: "xoxe-" + "-".join(_r(r, 12, string.digits) for _ in range(3))
     + "-" + _r(r, 32)),
    ("secrets.slack-token", "{s}", lambda r: "xoxr-" + _r(r, 12, string.digits) + "-" + _r(r, 12, string.digits)
     + "-" + _r(r, 24)),
    ("secrets.telegram-bot-token", "TELEGRAM_BOT_TOKEN = {s}", lambda r: _r(r, 7, string.digits) + ":AB"
     + _r(r, 33, URLSAFE)),
    ("secrets.adafruit-key", "ADAFRUIT_IO_KEY={s}", lambda r: _r(r, 32, LOWER36)),
    ("secrets.codecov-token", "CODECOV_ACCESS_TOKEN: {s}", lambda r: _r(r, 32, LOWER36)),
    ("secrets.confluent-key", "confluent_api_key = \"{s}\"",
     lambda r: _r(r, 16, string.ascii_uppercase + string.digits)),
    ("secrets.sonar-token", "sonar.login={s}", lambda r: _r(r, 40, HEX)),
    ("secrets.vault-token", "VAULT_TOKEN={s}", lambda r: "s." + _r(r, 24)),
    ("secrets.yandex-key", "yandex_secret: {s}", lambda r: "YC" + _r(r, 38, URLSAFE)),
    ("secrets.mistral-key", "MISTRAL_API_KEY={s}", lambda r: _r(r, 32)),
    ("secrets.deepgram-key", "DEEPGRAM_API_KEY={s}", lambda r: _r(r, 40, HEX)),
    ("secrets.assemblyai-key", "ASSEMBLYAI_API_KEY={s}", lambda r: _r(r, 32, HEX)),
    ("secrets.facebook-token", "facebook_access_token = {s}", lambda r: _r(r, 15, string.digits) + "|"
     + _r(r, 27, URLSAFE)),
    ("secrets.password-hash", "admin:{s}", lambda r: "$apr1$" + _r(r, 8, CRYPT) + "$" + _r(r, 22, CRYPT)),
    ("secrets.password-hash", "root:{s}:19700:0:99999:7:::", lambda r: "$6$" + _r(r, 16, CRYPT) + "$"
     + _r(r, 86, CRYPT)),
    ("secrets.password-hash", "deploy:{s}", lambda r: "$2b$12$" + _r(r, 53, CRYPT)),
    ("secrets.password-hash", "svc:{s}", lambda r: "$5$rounds=5000$" + _r(r, 16, CRYPT) + "$" + _r(r, 43, CRYPT)),
    ("secrets.password-hash", "web:{s}", lambda r: "{SHA}" + base64.b64encode(r.randbytes(20)).decode()),
    ("secrets.ntlm-hash", "Administrator:500:{s}:::", lambda r: _r(r, 32, HEX) + ":" + _r(r, 32, HEX)),
    ("secrets.ntlm-hash", "alice::CORP:{s}", lambda r: _r(r, 16, HEX) + ":" + _r(r, 32, HEX) + ":"
     + _r(r, 180, HEX)),
    ("secrets.ntlm-hash", "* NTLM     : {s}", lambda r: _r(r, 32, HEX)),
    ("secrets.kerberos-hash", "{s}", lambda r: "$krb5tgs$23$*svc_sql$CORP.LOCAL$MSSQLSvc/db01*$" + _r(r, 32, HEX)
     + "$" + _r(r, 600, HEX)),
    ("secrets.kerberos-hash", "{s}", lambda r: "$krb5asrep$23$bob@CORP.LOCAL:" + _r(r, 32, HEX) + "$"
     + _r(r, 400, HEX)),
]


def _pem(rng: random.Random) -> str:
    body = "\n".join(_r(rng, 64, B62 + "+/") for _ in range(8))
    return f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\n"


def _covered(text: str, key: str, rule_id: str | None = None) -> bool:
    at = text.find(key)
    return any(f.severity > Severity.INFO and f.replacement and f.span and f.span[0] <= at
               and f.span[1] >= at + len(key) and (rule_id is None or f.rule_id == rule_id)
               for f in secrets.detect(text, CTX))


def _quiet(text: str) -> bool:
    return all(f.severity == Severity.INFO for f in secrets.detect(text, CTX))


@pytest.mark.parametrize(("rule_id", "template", "make"), ADDED, ids=[f"{a[0]}-{i}" for i, a in enumerate(ADDED)])
def test_each_added_format_is_found_by_its_rule(rule_id: str, template: str, make: KeyMaker) -> None:
    rng = random.Random(rule_id)
    keys = [make(rng) for _ in range(20)]
    missed = [k for k in keys if not _covered(template.format(s=k), k, rule_id)]
    # a uniform single-case or hex draw of 16-32 characters reads as non-random now and then; never 3 in 20
    assert len(missed) <= 2, missed


@given(st.integers(0, 2**32), st.sampled_from(ADDED))
@settings(max_examples=200, deadline=None)
def test_random_provider_shaped_keys_are_found_anywhere_in_a_line(seed: int,
                                                                   added: tuple[str, str, KeyMaker]) -> None:
    """Uniform draws (the seed is hypothesis's, the characters are not): keys as providers issue them."""
    rule_id, template, make = added
    key = make(random.Random(seed))
    if shannon_entropy(key[-16:]) < 3.2:
        return  # a draw too uniform to be told from a placeholder (random 16-character tails measure 3.4-4.0)
    text = "Here is the config:\n" + template.format(s=key) + "\nKeep it safe."
    # the permitted misses: a keyword-anchored draw whose body (what the rule checks: the key without its
    # literal prefix) the randomness model reads as non-random (about 1 in 100), the gate every labelled value
    # passes; and a draw the rule's format refuses on purpose (a 16-character Confluent key without a digit, about
    # 1 in 200, reads like an upper-case word)
    anchored = [r for r in RULES if r.rule_id == rule_id and r.check == "random"]
    refused = not any(c.rule.rule_id == rule_id and c.pattern.search(text) for c in secrets._COMPILED)
    assert _covered(text, key) or refused or any(
        not looks_random(secrets._body(key, r), min_length=8, labelled=True) for r in anchored)


@pytest.mark.parametrize("text", [
    "TAVILY_API_KEY=tvly-YOUR_API_KEY", "Keys start with tvly- and fc-, e.g. fc-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "E2B_API_KEY=e2b_" + "0" * 40, "bb_pr_" + "ab" * 15, "sqco_" + "X" * 59,
    "MISTRAL_API_KEY=your-mistral-api-key-here", "DEEPGRAM_API_KEY=" + "a" * 40,
    "VAULT_TOKEN=s.xxxxxxxxxxxxxxxxxxxxxxxx", "yandex: YC" + "x" * 38,
    "Use $6$ for SHA-512 crypt and $2b$ for bcrypt; $apr1$ is Apache's MD5 variant.",
    "admin:$apr1$" + "x" * 8 + "$" + "x" * 22, "root:*:19700:0:99999:7:::", "root:x:0:0:root:/root:/bin/bash",
    "Administrator:500:<LM hash>:<NT hash>:::", "listen on [::1]:8080 and ::ffff:10.0.0.1",
    "The NTLM hash of an empty password is well known.", "$krb5tgs$23$*user$REALM$spn*$<checksum>$<data>",
    "The meeting is at 12:30:45:00 on Monday",
])
def test_placeholders_and_prose_about_the_added_formats_stay_below_medium(text: str) -> None:
    assert _quiet(text)


def test_a_repairable_added_key_is_medium_and_a_far_one_is_not() -> None:
    rng = random.Random(5)
    short = "e2b_" + _r(rng, 39, HEX)
    findings = [f for f in secrets.detect(f"use {short} here", CTX) if f.severity > Severity.INFO]
    assert findings and findings[0].severity == Severity.MEDIUM and "possibly edited" in findings[0].message
    assert _quiet(f"use e2b_{_r(rng, 20, HEX)} here")


# --- credential files and config formats -----------------------------------------------------------------------

def _password(rng: random.Random) -> str:
    return _r(rng, 4, string.ascii_uppercase) + _r(rng, 4, string.ascii_lowercase) + _r(rng, 3, string.digits) + "!"


CREDENTIAL_FILES: list[tuple[str, Callable[[str], str]]] = [
    ("netrc", lambda p: f"machine api.example.org\n  login deploy@corp.io\n  password {p}\n"),
    ("netrc one line", lambda p: f"machine git.corp.io login ci password {p}"),
    ("pgpass", lambda p: f"db.internal:5432:orders:app:{p}\n*:*:*:replicator:{p}x"),
    ("jdbc thin", lambda p: f'url = "jdbc:oracle:thin:scott/{p}@db01:1521:ORCL"'),
    ("jdbc query", lambda p: f"jdbc:postgresql://db:5432/app?user=app&password={p}"),
    ("odbc", lambda p: f"Driver={{ODBC Driver 18 for SQL Server}};Server=db;Uid=sa;Pwd={p};"),
    ("nuget", lambda p: f'<add key="ClearTextPassword" value="{p}" />'),
    ("npmrc", lambda p: f"//registry.npmjs.org/:_authToken={p}"),
    ("kubeconfig token", lambda p: f"users:\n- name: ci\n  user:\n    token: {p}"),
    ("spring noop builder", lambda p: f'User.withUsername("ops").password("{{noop}}{p}").roles("ADMIN").build();'),
    ("spring noop property", lambda p: f"spring.security.user.name=ops\nspring.security.user.pass={{noop}}{p}"),
]


@pytest.mark.parametrize(("kind", "render"), CREDENTIAL_FILES, ids=[c[0] for c in CREDENTIAL_FILES])
def test_passwords_in_credential_files_are_found(kind: str, render: Callable[[str], str]) -> None:
    rng = random.Random(kind)
    for _ in range(10):
        password = _password(rng) if kind not in ("npmrc", "kubeconfig token") else _r(rng, 36)
        text = render(password)
        assert _covered(text, password), (kind, text)


def test_kubeconfig_client_key_data_is_a_private_key() -> None:
    rng = random.Random(3)
    encoded = base64.b64encode(_pem(rng).encode()).decode()
    text = f"users:\n- name: admin\n  user:\n    client-key-data: {encoded}\n"
    assert _covered(text, encoded, "secrets.private-key")
    certificate = base64.b64encode(_pem(rng).replace("RSA PRIVATE KEY", "CERTIFICATE").encode()).decode()
    assert _quiet(f"    client-certificate-data: {certificate}")  # a certificate is public


@pytest.mark.parametrize("text", [
    "machine api.example.org login deploy password <your-password>",
    "machine api.example.org login deploy password $NETRC_PASSWORD",
    "localhost:5432:*:postgres:password", "db:5432:app:app:${PGPASSWORD}",
    'jdbc:oracle:thin:scott/tiger@db01:1521:ORCL', '<add key="ClearTextPassword" value="%FEED_PASSWORD%" />',
    "server started at 10:15:30:120:ok",
    'password("{noop}${ADMIN_PASSWORD}")', "the {noop} prefix tells Spring the password is stored as plain text",
])
def test_placeholder_passwords_in_credential_files_stay_below_medium(text: str) -> None:
    assert _quiet(text)
