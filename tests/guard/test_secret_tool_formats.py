"""Credentials in tool formats: curl's proxy credentials, Maven's encrypted master password, and signed tokens whose
payload is not JSON; and the look-alikes that stay quiet."""

from __future__ import annotations

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.types import OutputContext

CTX = OutputContext()


def _acted(text: str) -> list[tuple[str, str]]:
    """(rule, value) of what the secrets detector redacts or blocks in ``text``."""
    return [(f.rule_id, text[f.span[0]:f.span[1]]) for f in secrets.detect(text, CTX)
            if f.span is not None and f.severity > Severity.INFO]


@pytest.mark.parametrize(("text", "value"), [
    ("curl -sS --proxy-user relay:Hx7mWq3Zt9 -x http://10.1.2.3:3128 https://api.internal/", "Hx7mWq3Zt9"),
    ("curl -U relay:Hx7mWq3Zt9 -x squid:3128 https://api.internal/", "Hx7mWq3Zt9"),
])
def test_curl_proxy_credentials_are_found(text: str, value: str) -> None:
    assert _acted(text) == [("secrets.cli-credentials", value)]


@pytest.mark.parametrize("text", [
    "curl --proxy-user relay:$PROXY_PASS -x squid:3128 https://api.internal/",
    "tar -U relay:Hx7mWq3Zt9 -xf a.tar",  # -U is a proxy user only to curl
])
def test_proxy_user_references_and_other_tools_stay_quiet(text: str) -> None:
    assert _acted(text) == []


def test_mavens_encrypted_master_password_is_found() -> None:
    text = "<settingsSecurity>\n  <master>{Rm3xQ8vTz2Lk9Wp4Hn7Yc1Bd6Fs0Ja5Ge+/Ut2Vo=}</master>\n</settingsSecurity>"
    assert _acted(text) == [("secrets.credential-file", "Rm3xQ8vTz2Lk9Wp4Hn7Yc1Bd6Fs0Ja5Ge+/Ut2Vo=")]


@pytest.mark.parametrize("text", [
    # a server password encrypted under the master password: nothing without settings-security.xml
    "<server>\n  <id>releases</id>\n  <username>deploy</username>\n  <password>{Kw8vNq2Tx5Zr7Lm3Pb9=}</password>\n"
    "</server>",
    "<password>{env.DEPLOY_PASSWORD}</password>",
    "<password>${env.DEPLOY_PASSWORD}</password>",
    "<master>{}</master>",
])
def test_maven_server_passwords_and_property_references_stay_quiet(text: str) -> None:
    assert _acted(text) == []


def test_a_signed_token_with_a_non_json_payload_is_found_when_its_header_names_the_algorithm() -> None:
    header = "eyJhbGciOiJFUzI1NiJ9"  # {"alg":"ES256"}
    token = f"{header}.R2xvcmlhIGluIGV4Y2Vsc2lz.Yk3nQ8xWm2Tz7Lp4Rv9Hs1Jd6Fc0Ba5G"
    assert _acted(f"Authorization header value: {token}") == [("secrets.jwt", token)]
    # without an algorithm in the header, three dotted base64 parts are nothing in particular
    assert _acted("eyJ0eXAiOiJKV1QifQ.R2xvcmlhIGluIGV4Y2Vsc2lz.Yk3nQ8xWm2Tz") == []


@pytest.mark.parametrize(("text", "value"), [
    ("az login -u deploy@corp.example -p Quartz7Lime42", "Quartz7Lime42"),
    ("redis-cli -h cache.internal -p 6380 -a Quartz7Lime42 INFO", "Quartz7Lime42"),
    ("echo 'Quartz7Lime42' | sudo -S systemctl restart nginx", "Quartz7Lime42"),
])
def test_command_specific_password_arguments_are_found(text: str, value: str) -> None:
    assert _acted(text) == [("secrets.cli-credentials", value)]


@pytest.mark.parametrize("text", [
    "redis-cli -a \"$REDIS_PASSWORD\" INFO",
    "az login --service-principal -u $APP_ID -p $CLIENT_SECRET --tenant $TENANT",
    "echo 'done' | sudo -S true",  # a word, not a chosen password
    "git archive -a --format=tar HEAD",
])
def test_command_password_arguments_that_are_references_or_words_stay_quiet(text: str) -> None:
    assert _acted(text) == []


STRIPE_BODY = "Zf3kWq8Bn7qYw2dLx5Rt9Hm4"


@pytest.mark.parametrize(("text", "joined"), [
    (f'const key = "sk_live_" + "{STRIPE_BODY}";', f'"sk_live_" + "{STRIPE_BODY}"'),
    (f'STRIPE_KEY = ("sk_live_{STRIPE_BODY[:9]}"\n              "{STRIPE_BODY[9:]}")',
     f'"sk_live_{STRIPE_BODY[:9]}"\n              "{STRIPE_BODY[9:]}"'),
    (f"$key = 'sk_live_{STRIPE_BODY[:5]}' . '{STRIPE_BODY[5:]}';",
     f"'sk_live_{STRIPE_BODY[:5]}' . '{STRIPE_BODY[5:]}'"),
    (f'String k = "sk_live_{STRIPE_BODY[:12]}" +\n    "{STRIPE_BODY[12:]}";',
     f'"sk_live_{STRIPE_BODY[:12]}" +\n    "{STRIPE_BODY[12:]}"'),
])
def test_a_provider_key_split_across_joined_string_literals_is_found(text: str, joined: str) -> None:
    assert _acted(text) == [("secrets.stripe-key", joined)]


@pytest.mark.parametrize("text", [
    'print("sk_live_" + "XXXXXXXXXXXXXXXXXXXXXXXX")',  # a placeholder once joined
    'prefix = "sk_live_" + suffix',  # the rest is a variable
    'print("Hello, " + "world")',
    "cols = 'id' 'name' 'email' 'created_at'",
])
def test_joined_literals_that_make_no_key_stay_quiet(text: str) -> None:
    assert _acted(text) == []


TOOL_PASSWORD = "Marble9Otter31"


@pytest.mark.parametrize(("text", "rule"), [
    (f"openssl pkcs12 -export -in crt.pem -inkey key.pem -out bundle.p12 -passout pass:{TOOL_PASSWORD}",
     "secrets.cli-credentials"),
    (f"openssl rsa -in enc.key -passin 'pass:{TOOL_PASSWORD}' -out plain.key", "secrets.cli-credentials"),
    (f'ldapsearch -x -H ldaps://dir.corp -D "cn=reader,dc=corp" -w {TOOL_PASSWORD} -b dc=corp',
     "secrets.cli-credentials"),
    (f'sqlcmd -S tcp:db,1433 -U sa -P "{TOOL_PASSWORD}" -Q "SELECT @@VERSION"', "secrets.cli-credentials"),
    (f"smbclient //files/finance -U reporter%{TOOL_PASSWORD} -c ls", "secrets.cli-credentials"),
    (f"xfreerdp /v:jump.corp /u:ops /p:{TOOL_PASSWORD} /cert:ignore", "secrets.cli-credentials"),
    (f"keytool -importkeystore -srckeystore a.p12 -srcstorepass {TOOL_PASSWORD} -destkeystore b.jks",
     "secrets.generic-assignment"),
])
def test_tool_specific_password_arguments_are_found(text: str, rule: str) -> None:
    assert _acted(text) == [(rule, TOOL_PASSWORD)]


@pytest.mark.parametrize("text", [
    "openssl rsa -in enc.key -passin env:KEY_PASSPHRASE -out plain.key",
    "openssl rsa -in enc.key -passin pass:$KEY_PASSPHRASE -out plain.key",
    'ldapsearch -x -W -D "cn=reader,dc=corp" -b dc=corp',  # -W prompts
    "sqlcmd -S db -E -Q \"SELECT 1\"",
    "smbclient -L //files -U reporter",
    "keytool -list -keystore cacerts -storepass changeit",
])
def test_tool_password_arguments_that_prompt_or_reference_stay_quiet(text: str) -> None:
    assert _acted(text) == []
