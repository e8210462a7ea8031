"""Credentials named by a sibling name field, a call's first argument, a comparison or Dockerfile's ENV NAME value,
and the same forms holding names, references, placeholders and ordinary settings."""

from __future__ import annotations

import pytest

from aiwarden.guard import Guard
from aiwarden.guard.secret_pairs import paired_values
from tests.guard.secret_acted import acted as _acted

KEY = "Wq4nZr8TbX2mKv6Ps9Ld3Hy7"
PASSWORD = "tulip5Garnet"


@pytest.mark.parametrize(("text", "value"), [
    # name/value records
    (f'{{"name": "SMTP_PASSWORD", "value": "{PASSWORD}"}}', PASSWORD),
    (f"  - {{name: ORDERS_API_TOKEN, value: {KEY}}}", KEY),
    (f"env:\n  - name: POSTGRES_PASSWORD\n    value: {PASSWORD}\n  - name: PGPORT\n    value: \"5432\"", PASSWORD),
    (f"containers:\n      - name: REPORTS_API_KEY\n        value: \"{KEY}\"", KEY),
    (f"<property>\n  <name>fs.azure.account.key</name>\n  <value>{KEY}</value>\n</property>", KEY),
    (f'<appSettings>\n  <add key="PaymentsApiSecret" value="{KEY}" />\n</appSettings>', KEY),
    (f'<bean id="ds"><property name="password" value="{PASSWORD}"/></bean>', PASSWORD),
    (f'<entry key="ldap.bind.password">{PASSWORD}</entry>', PASSWORD),
    # a call given the label, then the value
    (f'api_key = os.environ.get("SEARCH_API_KEY", "{KEY}")', KEY),
    (f"define('DB_PASSWORD', '{PASSWORD}');", PASSWORD),
    (f'props.setProperty("mail.smtp.password", "{PASSWORD}");', PASSWORD),
    # comparisons against a literal
    (f'if (password === "{PASSWORD}") {{', PASSWORD),
    (f"if '{PASSWORD}' != admin_password:", PASSWORD),
    (f'return apiToken.equals("{KEY}");', KEY),
    # Dockerfile's ENV NAME value
    (f"FROM alpine:3.20\nENV UPLOAD_TOKEN {KEY}\nRUN true", KEY),
    (f'ENV REDIS_PASSWORD "{PASSWORD}"', PASSWORD),
])
def test_a_credential_named_beside_its_value_is_found(text: str, value: str) -> None:
    assert _acted(text) == [value]
    assert Guard(use_model=False).scan_output(text).action == "redact"


@pytest.mark.parametrize("text", [
    '{"name": "SMTP_PASSWORD", "value": "${SMTP_PASSWORD}"}',
    '{"key": "password", "value": ""}',
    '{"name": "LOG_LEVEL", "value": "Wq4nZr8TbX2mKv6Ps9Ld3Hy7"}',  # not a credential's name
    "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password",
    "env:\n  - name: API_TOKEN\n    value: <your-api-token>",
    "env:\n  - name: DB_PASSWORD_FILE\n    value: /run/secrets/db_password",
    "<property>\n  <name>hadoop.security.credential.provider.path</name>\n  <value>jceks://hdfs/creds.jceks</value>",
    '<add key="ApiKeyHeaderName" value="X-Api-Key" />',
    '<entry key="password.min.length">12</entry>',
    'password = os.getenv("DB_PASSWORD", "")',
    'token = os.environ.get("API_TOKEN", "changeme")',
    'secret = settings.get("client_secret", default_secret)',
    'define("UPLOAD_PASSWORD", getenv("UPLOAD_PASSWORD"));',
    'if password == "":',
    'if token_type == "Bearer":',
    'if password != confirm_password:',
    'if auth_mode === "oauth2":',
    "ENV API_TOKEN $API_TOKEN",
    'ENV API_TOKEN ""',
    "ENV NODE_ENV production",
    "ENV PASSWORD_MIN_LENGTH 12",
])
def test_references_placeholders_and_settings_in_the_same_forms_stay_quiet(text: str) -> None:
    assert _acted(text) == []


def test_text_without_a_credential_word_is_not_read() -> None:
    assert list(paired_values(f'{{"name": "color", "value": "{KEY}"}}')) == []


@pytest.mark.parametrize("text", [
    '{"name": "x", ' * 5000 + 'password == "' + "a" * 5000,
    "password, " * 20000 + '= "x", "y"',  # a line of names and no literals in their places
    'a = "k", "v", ' * 10000,
    "password:\n  a: b\n" * 10000,
    '<add key="password" a="b" ' * 10000,
])
def test_long_runs_of_the_forms_punctuation_are_read_in_linear_time(text: str) -> None:
    assert list(paired_values(text)) == []


DOCUMENTS = [
    # a Dockerfile in the official images' style: versions, checksums, a signing key's fingerprint
    "FROM debian:bookworm-slim\nENV LANG C.UTF-8\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\n"
    "ENV PYTHON_VERSION 3.12.7\nENV PYTHON_SHA256 24887b92e2afd4a2ac602419ad4b596372f67ac9b077190f459aba390faf5550\n"
    "ENV PATH /usr/local/bin:$PATH\n",
    # a Deployment whose secrets come from references
    "spec:\n  containers:\n    - name: api\n      image: registry.local/api:1.4.2\n      env:\n"
    "        - name: DB_HOST\n          value: postgres.default.svc\n        - name: DB_PASSWORD\n"
    "          valueFrom:\n            secretKeyRef:\n              name: api-db\n              key: password\n"
    "        - name: TOKEN_TTL_SECONDS\n          value: \"3600\"\n",
    # Hadoop and .NET settings that name credentials without holding them
    "<configuration>\n  <property>\n    <name>hadoop.security.authentication</name>\n    <value>kerberos</value>\n"
    "  </property>\n  <property>\n    <name>dfs.web.authentication.kerberos.keytab</name>\n"
    "    <value>/etc/security/keytabs/spnego.service.keytab</value>\n  </property>\n</configuration>\n",
    '<appSettings>\n  <add key="ApiKeyHeader" value="X-Api-Key" />\n  <add key="TokenLifetimeMinutes" value="30" />\n'
    '  <add key="ClientSecret" value="%CLIENT_SECRET%" />\n  <add key="ApiKey" value="#{ApiKey}" />\n</appSettings>\n',
    # code that compares credentials with each other or with kinds, and reads them with empty defaults
    'if (password !== confirmPassword) { throw new Error("mismatch"); }\nif (token.kind === "IDENTIFIER") return;\n'
    'const secret = process.env.JWT_SECRET || "";\nif (key === "Escape") close();\n',
    'api_key = os.environ.get("SEARCH_API_KEY", "")\nif auth_type == "bearer":\n    headers["Authorization"] = token\n',
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_configuration_documents_without_a_credential_stay_quiet(text: str) -> None:
    assert Guard(use_model=False).scan_output(text).action == "allow"


@pytest.mark.parametrize(("text", "value"), [
    (f'r = requests.post(url, json=body, auth=("reporter", "{PASSWORD}"))', PASSWORD),
    (f'session.auth = HTTPDigestAuth("reporter", "{PASSWORD}")', PASSWORD),
    (f'var cred = new NetworkCredential("svc-report", "{PASSWORD}");', PASSWORD),
    (f'server.login("alerts@corp.example", "{PASSWORD}")', PASSWORD),
    (f'conn.simple_bind_s("uid=svc,ou=apps,dc=corp", "{PASSWORD}")', PASSWORD),
    (f'return new PasswordAuthentication("relay", "{PASSWORD}".toCharArray());', PASSWORD),
])
def test_a_password_given_to_a_login_call_after_the_user_name_is_found(text: str, value: str) -> None:
    assert _acted(text) == [value]


@pytest.mark.parametrize("text", [
    'auth=("reporter", os.environ["REPORT_PW"])',
    'server.login("alerts@corp.example", "password")',
    'router.auth("GET", "/users/me")',
    'signIn("google", "popup")',
    'bind("click", "handler")',
])
def test_login_calls_with_references_or_other_arguments_stay_quiet(text: str) -> None:
    assert _acted(text) == []


@pytest.mark.parametrize(("text", "value"), [
    (f'variable "smtp_password" {{\n  type      = string\n  sensitive = true\n  default   = "{PASSWORD}"\n}}',
     PASSWORD),
    (f"Parameters:\n  Environment:\n    Type: String\n    Default: staging\n  ReportsApiToken:\n    Type: String\n"
     f"    NoEcho: true\n    Default: \"{KEY}\"\n", KEY),
])
def test_a_default_under_a_credential_named_block_is_found(text: str, value: str) -> None:
    assert _acted(text) == [value]


@pytest.mark.parametrize("text", [
    'variable "smtp_password" {\n  type      = string\n  sensitive = true\n}\nvariable "region" {\n'
    '  default = "eu-west-1"\n}',
    "Parameters:\n  DBPasswordLength:\n    Type: Number\n    Default: 24\n",
    "Parameters:\n  DBPassword:\n    Type: String\n    NoEcho: true\n  DBPort:\n    Type: Number\n    Default: 5432\n",
    'variable "api_token" {\n  default = ""\n}',
])
def test_defaults_that_are_not_a_credentials_value_stay_quiet(text: str) -> None:
    assert _acted(text) == []


@pytest.mark.parametrize(("text", "values"), [
    (f'SMTP_USER, SMTP_PASSWORD = "alerts", "{PASSWORD}"', [PASSWORD]),
    (f'\tuser, password := "relay", "{PASSWORD}"', [PASSWORD]),
    (f'\tvar stagingToken, prodToken string = "{KEY}", "{KEY[::-1]}"', [KEY, KEY[::-1]]),
])
def test_names_assigned_literals_together_each_name_their_own_literal(text: str, values: list[str]) -> None:
    assert _acted(text) == values


@pytest.mark.parametrize("text", [
    f'host, user = "db.internal", "{PASSWORD}"',  # no credential name
    f'password, host = "db.internal", "{PASSWORD}"',
    'user, password = "relay", ""',
    f'user, password, port = "relay", "{PASSWORD}"',  # three names, two literals: no pairing
])
def test_literals_out_of_a_credentials_place_stay_quiet(text: str) -> None:
    assert _acted(text) == []


@pytest.mark.parametrize(("text", "value"), [
    (f"aws configure --profile billing set aws_secret_access_key {KEY}Qp1Ls6Dv0Tz8Xc3N", f"{KEY}Qp1Ls6Dv0Tz8Xc3N"),
    (f"npm config set //npm.pkg.corp.example/:_authToken {KEY}", KEY),
    (f"yarn config set npmAuthToken {KEY}", KEY),
    (f'setx SEARCH_API_KEY "{KEY}"', KEY),
    (f"set -gx ORDERS_API_TOKEN {KEY}", KEY),
    (f"git config --global sendemail.smtpPass '{PASSWORD}'", PASSWORD),
])
def test_a_setting_command_given_a_credential_by_name_is_found(text: str, value: str) -> None:
    assert _acted(text) == [value]


@pytest.mark.parametrize("text", [
    "git config --global credential.helper store",
    "npm config set registry https://npm.pkg.corp.example/",
    "aws configure set region eu-central-1",
    "setx SEARCH_API_KEY %SEARCH_API_KEY%",
    "set -gx GITHUB_TOKEN (gh auth token)",
    "poetry config pypi-token.internal $PYPI_TOKEN",
])
def test_setting_commands_without_a_credential_value_stay_quiet(text: str) -> None:
    assert _acted(text) == []


@pytest.mark.parametrize("text", [
    'if key_priv.curve == "Curve25519":',  # a dotted name names its last part
    'if key == "smtputf8":',  # a dictionary key
    'if tok == "lambda2":',
    'assert token.kind == "NAME1"',
])
def test_comparisons_of_keys_tokens_and_attributes_stay_quiet(text: str) -> None:
    assert _acted(text) == []
