"""Passwords on command lines whose flag or position means "password" only to one command: ``mysql -p'...'``,
``sshpass -p ...``, ``docker login -p ...``, ``az login -p ...``, ``redis-cli -a ...``, ``echo ... | sudo -S``,
``openssl ... -passout pass:...``, ``ldapsearch -w ...``, ``sqlcmd -P ...``, ``smbclient -U user%...``,
``xfreerdp /p:...``, ``htpasswd -b file user ...``, ``net user name ...`` and PowerShell's
``ConvertTo-SecureString '...' -AsPlainText``. Flags that say so themselves (``--password ...``) are labelled
values (secret_labels.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

# One argument, bare or in single or double quotes: (?P<q>) holds the opening quote, the value its content.
_ARG: Final = r"(?P<q>[\"']?)(?P<key>[^\s\"']{4,128})(?P=q)(?=\s|$|[;|&)])"
# Each command's pattern with the lower-case words it cannot match without: a substring test is far cheaper
# than letting every pattern scan every answer.
_COMMANDS: Final = tuple((re.compile(pattern), needles) for needles, pattern in (
    # mysql and its kin take the password glued to -p (a space after -p makes them prompt instead)
    (("mysql", "mariadb"),
     r"\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n]{0,160}?\s-p" + _ARG),
    (("sshpass",),
     r"\bsshpass\s{1,3}-p\s{0,3}" + _ARG),
    # registry and cloud logins: docker, podman, nerdctl, buildah, skopeo, helm registry, oras, az (-p: password)
    (("login",),
     r"\b(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s{1,3}registry|az|az\s{1,3}acr)\s{1,3}login\b[^\n|;&]{0,160}?"
     r"\s-p[\s=]{1,3}" + _ARG),
    # the same logins reading the password from a pipe: echo '...' | docker login -u ci --password-stdin
    (("--password-stdin",),
     r"\b(?:echo|printf)\s{1,3}(?:-n\s{1,3})?" + _ARG + r"\s{0,3}\|\s{0,3}(?:sudo\s{1,3})?"
     r"(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s{1,3}registry)\s{1,3}login\b[^\n|;&]{0,160}?"
     r"--password-stdin\b"),
    # openssl's password arguments: -passin pass:..., -passout pass:..., -pass pass:...
    (("pass:",),
     r"\s-pass(?:in|out|word)?\s{1,3}[\"']?pass:(?P<key>[^\s\"']{4,128})[\"']?(?=\s|$|[;|&)])"),
    # LDAP tools' bind password (-w) and SQL Server's sqlcmd/bcp (-P)
    (("ldap",),
     r"\bldap(?:search|add|modify|delete|whoami|passwd|compare|modrdn)\b[^\n|;&]{0,200}?\s-w\s{1,3}" + _ARG),
    (("sqlcmd", "bcp"),
     r"\b(?:sqlcmd|bcp)\b[^\n|;&]{0,200}?\s-P\s{0,3}" + _ARG),
    # Samba's user%password and FreeRDP's /p:password
    (("smbclient", "rpcclient", "smbmap", "smbget", "net "),
     r"\b(?:smbclient|rpcclient|smbmap|smbget|net\s{1,3}rpc)\b[^\n|;&]{0,200}?\s(?:-U|--user(?:name)?)[\s=]{1,3}"
     r"[\"']?[^\s%\"']{1,64}%(?P<key>[^\s\"']{4,128})[\"']?(?=\s|$|[;|&)])"),
    (("freerdp",),
     r"\b[wx]freerdp\b[^\n|;&]{0,200}?\s/p:" + _ARG),
    # redis-cli -a PASSWORD (and its --pass synonym is a labelled flag)
    (("redis-cli",),
     r"\bredis-cli\b[^\n|;&]{0,160}?\s-a[\s=]{1,3}" + _ARG),
    # sudo -S reads the password from standard input: echo '...' | sudo -S ...
    (("sudo",),
     r"\b(?:echo|printf)\s{1,3}(?:-n\s{1,3})?" + _ARG + r"\s{0,3}\|\s{0,3}sudo\s{1,3}(?:-[A-Za-z]{1,3}\s{1,3}){0,3}?"
     r"-[A-Za-z]{0,3}S\b"),
    # htpasswd -b[c|B|m|...] FILE USER PASSWORD, or with -n (print, no file): -nb USER PASSWORD
    (("htpasswd",),
     r"\bhtpasswd\s{1,3}(?:-[A-Za-z]*n[A-Za-z]*b[A-Za-z]*|-[A-Za-z]*b[A-Za-z]*n[A-Za-z]*)\s{1,3}"
     r"(?:-\S{1,20}\s{1,3}){0,3}[^\s\-]\S{0,64}\s{1,3}" + _ARG),
    (("htpasswd",),
     r"\bhtpasswd\s{1,3}-(?![A-Za-z]*n)[A-Za-z]*b[A-Za-z]*\s{1,3}(?:-\S{1,20}\s{1,3}){0,3}[^\s\-]\S{0,255}\s{1,3}"
     r"[^\s\-]\S{0,64}\s{1,3}" + _ARG),
    # Windows: net user NAME PASSWORD [/add] ("*" prompts; a "/" starts an option)
    (("net",),
     r"(?i)\bnet\s{1,3}user\s{1,3}(?:\"[^\"\n]{1,64}\"|[^\s/\"*][^\s/\"]{0,63})\s{1,3}(?![/*])" + _ARG),
    (("convertto-securestring",),
     r"(?i)\bConvertTo-SecureString\s{1,3}(?:-String\s{1,3})?(?P<q>[\"'])(?P<key>[^\"'\n]{4,128})(?P=q)"
     r"(?=[^\n]{0,60}-AsPlainText)"),
))


def command_passwords(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the passwords these commands are given in ``text`` (the caller judges each value)."""
    lower = text.lower()
    for pattern, needles in _COMMANDS:
        if not any(needle in lower for needle in needles):
            continue
        for m in pattern.finditer(text):
            yield m.start("key"), m.end("key")
