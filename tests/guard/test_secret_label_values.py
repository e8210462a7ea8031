"""Labelled values: numbered labels (db_password2), key bodies a named label vouches for that a random draw's
entropy test would refuse, digit-free random values, and the templates and code expressions that stay quiet."""

from __future__ import annotations

import pytest

from aiwarden.guard import Guard
from tests.guard.secret_acted import acted as _acted


@pytest.mark.parametrize(("text", "value"), [
    ('const replica_password2 = "quartz7Lime";', "quartz7Lime"),
    ("SMTP_PASSWORD_1=velvet42moth", "velvet42moth"),
    ('private static final String backupKey01 = "Rk82hQvx0PzLm3Ws9tYb";', "Rk82hQvx0PzLm3Ws9tYb"),
    ("secret3: Jx4Tq9Lw2Vn7Hb5Mc8Kd", "Jx4Tq9Lw2Vn7Hb5Mc8Kd"),
])
def test_a_numbered_credential_label_is_a_label(text: str, value: str) -> None:
    assert _acted(text) == [value]


@pytest.mark.parametrize("text", [
    'sha256 = "9d2c41e0a7f3b5c8d6e1f0a9b8c7d6e5"',  # a digest's label with a number is no credential label
    "v2: Rk82hQvx0PzLm3Ws9tYb",
    "step3 = Jx4Tq9Lw2Vn7Hb5Mc8Kd",
])
def test_numbered_words_that_are_not_credential_words_stay_quiet(text: str) -> None:
    assert _acted(text) == []


@pytest.mark.parametrize(("text", "value"), [
    # a repeated group lowers the entropy below a 20-character draw's 1st percentile; the label vouches for it
    ("BILLING_API_TOKEN=Zf3kZf3kBn7qBn7qYw2d", "Zf3kZf3kBn7qBn7qYw2d"),
    # base52 without a digit: a random draw, not an identifier
    ('"partnerSecret": "pXqWzRtKvBnYcLmJhGfDsTa"', "pXqWzRtKvBnYcLmJhGfDsTa"),
])
def test_a_named_label_vouches_for_a_plausible_key_body(text: str, value: str) -> None:
    assert _acted(text) == [value]


@pytest.mark.parametrize("text", [
    "api_key = getPartnerApiKeyFromVault",  # an identifier: long case-runs
    "auth_token: thisIsTheTokenValue",
    "WEBHOOK_SECRET=aaaaBBBBccccDDDD1111",  # runs
    "SESSION_SECRET=abcdEFGH12345678wxyz",  # a typed sequence
    "key: Zf3kZf3kBn7qBn7qYw2d",  # a bare "key" is weak evidence: no slack
    "client_secret: Qk7m",
])
def test_what_no_key_looks_like_stays_quiet_under_a_named_label(text: str) -> None:
    assert _acted(text) == []


@pytest.mark.parametrize("text", [
    'mail_password = "relay-{0}-pw".format(env)',
    'DB_PASSWORD = "pw_{region}_{stage}"',
    "admin_password = '%(admin_pw)s' % cfg",
    'var ldap_password = "vault.readPassword()";',
    'service_token = "Secrets.fetch(svc)"',
])
def test_templates_and_code_in_quotes_are_not_credentials(text: str) -> None:
    assert _acted(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("SMS_GATEWAY_API_KEY=60418397250166384917", "60418397250166384917"),
    ('"licenseToken": "3071958842610357294481"', "3071958842610357294481"),
])
def test_a_long_decimal_key_under_a_named_label_is_found(text: str, value: str) -> None:
    assert _acted(text) == [value]


@pytest.mark.parametrize("text", [
    "api_token: 1733961600",  # a timestamp
    "session_token: 9007199254740993",  # fits in 64 bits: a count or an id
    "auth_token: 10000000000000000000000",  # a round number
    "access_token: 11112222333344445555",  # runs
    "key: 60418397250166384917",  # a bare "key"
])
def test_short_round_or_weakly_labelled_numbers_stay_quiet(text: str) -> None:
    assert _acted(text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("ENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305", False),  # a release-signing key's fingerprint
    ("PGP_KEY=0x4E1F799AA4FF2279", False),
    ("GPG_PRIVATE_KEY=Zf3kWq8Bn7qYw2dLx5Rt9Hm4", True),
    ("GPG_PASSPHRASE=tulip5Garnet", True),
])
def test_an_openpgp_key_named_without_private_or_secret_is_its_public_id(text: str, found: bool) -> None:
    assert bool(_acted(text)) is found


def test_a_flag_after_another_options_value_is_still_a_flag() -> None:
    # "admin" before "--password" is the user name, not a word that qualifies the label
    assert _acted("mongosh --host db1 --username admin --password Quartz7Lime42") == ["Quartz7Lime42"]


def test_a_query_parameter_ends_at_the_next_parameter() -> None:
    text = "GET /v3/quotes?symbol=ACME&apikey=Hv5nQ2xRm8Tz4Lw7Kp1Bd9Ys&format=json"
    assert _acted(text) == ["Hv5nQ2xRm8Tz4Lw7Kp1Bd9Ys"]


@pytest.mark.parametrize(("text", "found"), [
    ('password: "P@ssw0rd!"', False),
    ("DB_PASSWORD=S3cr3t#99", False),
    ("ADMIN_PASSWORD=R00t2024x", False),
    ("DB_PASSWORD=Tr0mb0ne#84", True),  # look-alike symbols, no documentation word
])
def test_documentation_passwords_in_look_alike_symbols_are_still_documentation(text: str, found: bool) -> None:
    assert bool(_acted(text)) is found


@pytest.mark.parametrize(("text", "found"), [
    ("secret_arn: arn:aws:secretsmanager:eu-west-1:210987654321:secret:billing/stripe-Qw3rTy", False),
    ("ref: projects/acme/secrets/api-key:latest", False),
    ("secret: Jx4Tq9Lw2Vn7Hb5Mc8Kd", True),
])
def test_a_credential_word_inside_a_colon_separated_name_is_no_label(text: str, found: bool) -> None:
    assert bool(_acted(text)) is found


RANDOM_44 = "Hk29fLqP0aZt7WmB3nRvYe8sXc4Jd1Gu6Ty5Ni2ObQ7w"


@pytest.mark.parametrize("text", [
    f'"nextPageToken": "{RANDOM_44}"',
    f'{{"NextToken": "{RANDOM_44}", "Items": []}}',
    f"continuation_token = '{RANDOM_44}'",
    f'"cursor_token": "{RANDOM_44}"',
    f'"correlationToken": "{RANDOM_44}"',
    f"TURNSTILE_SITE_KEY={RANDOM_44}",
    f'"sha256_key": "{RANDOM_44}"',
])
def test_labels_that_name_something_else_by_a_credential_word_stay_quiet(text: str) -> None:
    assert _acted(text) == []


@pytest.mark.parametrize("text", [
    f'"refreshToken": "{RANDOM_44}"',
    f"TURNSTILE_SECRET_KEY={RANDOM_44}",
    f"NEXTAUTH_SECRET={RANDOM_44}",
    f'"sessionToken": "{RANDOM_44}"',
])
def test_the_credentials_beside_them_are_still_found(text: str) -> None:
    assert _acted(text) == [RANDOM_44]


@pytest.mark.parametrize(("text", "found"), [
    ("token = r\"[-!#$%&'*+.^_`|~0-9a-zA-Z]+\"", False),  # a regular expression for tokens
    ('API_KEY_PATTERN = "^[A-Za-z0-9]{32}$"', False),
    ("longopt_pat = r'[a-zA-Z](?:[a-zA-Z0-9-]*)'", False),
    ("ACCESS_TOKEN_RE = r'\\bghp_\\w{36}\\b'", False),
    ('password: "Qx[7]z+Lm2"', True),  # brackets in a chosen password are symbols, not a class
])
def test_regular_expressions_under_credential_names_are_not_credentials(text: str, found: bool) -> None:
    assert bool(_acted(text)) is found


@pytest.mark.parametrize(("text", "found"), [
    ('cipher_key.algorithm = "Xk29fLqP0aZt7WmB"', False),  # a dotted name names its last part
    ('self.api_key = "Hk29fLqP0aZt7WmB3nRvYe8s"', True),
    ("spring.mail.password=Tr0mb0ne#84", True),
])
def test_a_dotted_name_is_judged_by_its_last_part(text: str, found: bool) -> None:
    assert bool(_acted(text)) is found


@pytest.mark.parametrize(("text", "value"), [
    ('password: "@o0ZjxQAKEca75ch"', "@o0ZjxQAKEca75ch"), ("DB_PASSWORD=%Vq8rTn2LwX5zKp", "%Vq8rTn2LwX5zKp"),
    ('api_secret = "$Jt7mQ2vZx9LpRw4K"', "$Jt7mQ2vZx9LpRw4K"),
])
def test_a_random_value_that_starts_with_a_sigil_is_still_a_credential(text: str, value: str) -> None:
    assert _acted(text) == [value]


@pytest.mark.parametrize("text", [
    'password: "$DB_PASSWORD"', "password=%DB_PASS%", 'password: "${DB_PASSWORD}"', "password=$(cat /run/pw)",
    'password: "@db_password"', 'password: "$dbPassword"', "token = $1", "pass = %APPDATA%",
])
def test_a_variable_behind_a_sigil_is_a_reference(text: str) -> None:
    assert Guard(use_model=False).scan_output(text).action == "allow", text
