"""Passwords given to one command by a flag or position that means "password" only to it: mysql -p, sshpass -p,
registry logins, htpasswd -b, net user and PowerShell's ConvertTo-SecureString; and the same commands without one."""

from __future__ import annotations

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.types import OutputContext

CTX = OutputContext()
PW = "Rv8^ka31Nq"


def _acted(text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.span[0]:f.span[1]]) for f in secrets.detect(text, CTX)
            if f.span is not None and f.severity > Severity.INFO]


def test_a_percent_sign_is_a_symbol_unless_it_forms_a_template() -> None:
    assert _acted("mysql -u reporting -p'Tm4%ux29Lb' sales") == [("secrets.cli-credentials", "Tm4%ux29Lb")]
    assert _acted("mysql -u reporting -p'%DB_PASS%' sales") == []


@pytest.mark.parametrize("command", [
    "mysql -h db.internal -u reporting -p{pw} sales",
    "mysql -u reporting -p'{pw}' sales",
    'mariadb-dump -u backup -p"{pw}" --all-databases',
    "sshpass -p '{pw}' scp build.tar ops@10.0.0.7:/srv",
    "docker login -u deployer -p {pw} registry.example.internal",
    "podman login --username deployer -p '{pw}' quay.internal",
    "echo '{pw}' | docker login -u deployer --password-stdin registry.example.internal",
    "printf '%s' >/dev/null; echo -n \"{pw}\" | helm registry login oci.internal --password-stdin",
    "htpasswd -b /etc/nginx/htpasswd alice {pw}",
    "htpasswd -cbB .htpasswd alice {pw}",
    "htpasswd -nb alice {pw}",
    "net user backup_svc {pw} /add /y",
    '$secure = ConvertTo-SecureString "{pw}" -AsPlainText -Force',
    "ConvertTo-SecureString -String '{pw}' -AsPlainText -Force",
])
def test_command_line_passwords(command: str) -> None:
    assert _acted(command.format(pw=PW)) == [("secrets.cli-credentials", PW)]


@pytest.mark.parametrize("command", [
    "mysql -u root -p sales",  # -p alone: mysql prompts
    "docker login -u deployer --password-stdin registry.example.internal",
    'docker login -u deployer -p "$REGISTRY_TOKEN" registry',
    "sshpass -p \"$SSHPASS\" ssh ops@host",
    'echo "$REGISTRY_TOKEN" | docker login -u deployer --password-stdin registry',
    "mysql -u reporting -p'%(password)s' sales",
    "htpasswd -c .htpasswd alice",  # no -b: htpasswd prompts
    "htpasswd -b .htpasswd alice password",
    "net user alice *",
    "net user alice /active:yes",
    "net user /domain",
    "ConvertTo-SecureString $plain -AsPlainText -Force",
    'ConvertTo-SecureString "{pw}"',  # without -AsPlainText the string is an encrypted standard string
])
def test_the_same_commands_without_a_password(command: str) -> None:
    assert _acted(command.format(pw=PW)) == []
