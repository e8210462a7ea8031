"""Credentials in model output: provider key formats, private keys, JWTs, credentials in URLs and on command
lines, credential-labelled values, and unlabelled random tokens.

The provider table (secret_rules.py) is screened in one pass (keyword_screen.py) so only the rules whose
prefix or provider name occurs in the text run. Placeholders and documented example keys are a layer of their
own (placeholders.py): they stay visible as info, never redacted or blocking, as do providers' test-mode keys.
Every regex is a flat sequence of character classes with bounded or unambiguous repetition (no quantifier
nested inside another), so matching stays linear on adversarial input.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import re
from dataclasses import dataclass, replace
from typing import Final

from aiwarden.core.findings import Severity
from aiwarden.guard.keyword_screen import KeywordScreen
from aiwarden.guard.placeholders import placeholder_reason, reasons_remembered
from aiwarden.guard.secret_calls import call_credentials
from aiwarden.guard.secret_checksums import github_checksum_ok
from aiwarden.guard.secret_commands import command_passwords
from aiwarden.guard.secret_entropy import (
    is_hash_context,
    looks_random,
    plausible_key_body,
    shannon_entropy,
    word_chunk_length,
)
from aiwarden.guard.secret_files import file_passwords
from aiwarden.guard.secret_joined import JoinedLiterals, joined_literals
from aiwarden.guard.secret_labels import (
    labelled_credential,
    labelled_values,
    names_a_credential,
    names_something_else,
)
from aiwarden.guard.secret_nearmiss import PrefixClaims, shown_in_part
from aiwarden.guard.secret_pairs import paired_values
from aiwarden.guard.secret_prose import prose_credentials
from aiwarden.guard.secret_rules import RULES, ProviderRule
from aiwarden.guard.secret_sql import sql_passwords
from aiwarden.guard.secret_tables import table_values
from aiwarden.guard.spans import resolve_overlaps
from aiwarden.guard.types import GuardFinding, OutputContext

DETECTOR: Final = "secrets"
TAGS: Final = ("LLM02:2025", "AML.T0057", "CWE-200")
REPLACEMENT: Final = "SECRET"


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@dataclass(frozen=True, slots=True)
class _Compiled:
    rule: ProviderRule
    pattern: re.Pattern[str]
    group: int | str  # the secret's group


def _compile(rule: ProviderRule) -> _Compiled:
    pattern = _rx(rule.pattern, re.IGNORECASE if rule.ignore_case else 0)
    return _Compiled(rule, pattern, "key" if "key" in pattern.groupindex else 0)


_COMPILED: Final = tuple(_compile(r) for r in RULES)
# Every rule's key is at least SCREEN_MIN_RUN characters long (a test checks it) and its keyword lies in the key's
# word or in a label within SCREEN_REACH characters before it: the screen looks nowhere else.
SCREEN_MIN_RUN: Final = 12
SCREEN_REACH: Final = 96
_SCREEN: Final = KeywordScreen((k for r in RULES for k in r.keywords), min_run=SCREEN_MIN_RUN, reach=SCREEN_REACH)
# Prefixed rules only (the key is the whole match): what a value that starts with their prefix must look like.
_CLAIMS: Final = PrefixClaims((c.rule.keywords, c.pattern, c.rule.label) for c in _COMPILED
                              if c.group == 0 and not c.rule.ignore_case)
_RULES_BY_KEYWORD: Final[dict[str, tuple[int, ...]]] = {
    k: tuple(i for i, r in enumerate(RULES) if k in r.keywords) for r in RULES for k in r.keywords
}
_PREFIX: Final = _rx(r"^(?:[A-Za-z0-9]{1,12}[_\-.]){1,3}")
_URL_CREDENTIALS: Final = _rx(
    r"\b[a-z][a-z0-9+.\-]{1,20}://(?P<user>[^\s:/@\"'<>]{0,64}):(?P<key>[^\s:/@\"'<>]{4,128})@[A-Za-z0-9._\-]{1,253}"
)
# https://<token>@host: a token in the user-name place (git remotes with a personal access token, Sentry DSNs)
_URL_TOKEN_USER: Final = _rx(r"\b[a-z][a-z0-9+.\-]{1,20}://(?P<key>[A-Za-z0-9_\-]{20,128})@[A-Za-z0-9._\-]{1,253}")
_DSN_PASSWORD: Final = _rx(
    r"(?i)[;?&]\s{0,2}(?:password|pwd)\s{0,2}=\s{0,2}(?P<key>[^;\s\"'{}&]{4,128})(?=[;&\s\"']|$)"
)
_PUTTY: Final = _rx(r"PuTTY-User-Key-File-\d: [^\n]{1,64}\n(?:[^\n]{0,200}\n){0,40}?Private-Lines: \d{1,3}\r?\n"
                    r"(?:[A-Za-z0-9+/=]{1,80}(?:\r?\n|$)){1,100}")
_PEM_BEGIN: Final = _rx(r"-----BEGIN[ A-Z0-9_\-]{0,40}PRIVATE KEY(?: BLOCK)?-----")
_PEM_BODY: Final = _rx(r"(?:[A-Za-z0-9+/=\r\n:,\- ]|\\n){0,16384}")  # fallback span when the END line is missing
# A JWS payload need not be JSON (eyJ...): any base64url, when the header names its algorithm
_JWT: Final = _rx(r"\beyJ[A-Za-z0-9_-]{8,}\.(?P<payload>[A-Za-z0-9_-]{8,})\.[A-Za-z0-9_-]*")
_BASIC_AUTH: Final = _rx(r"\bBasic\s{1,3}([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])")
# curl's --user/-u NAME:PASSWORD and --proxy-user/-U (and the same options in wget, httpie and friends)
_CLI_USER: Final = _rx(
    r"(?:\s|^)(?:--user|--http-user|--proxy-user|-u|-U)[\s=]{1,3}[\"']?[^\s:\"'/]{0,64}:([^\s\"'@]{4,256})"
)
_BEARER: Final = _rx(r"\bBearer\s{1,3}([A-Za-z0-9._~+/-]{20,}=*)")
_TOKEN: Final = _rx(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,512}={0,2}(?![A-Za-z0-9+/_=-])")
_PUBLIC_LABEL: Final = _rx(r"(?i)(?:pub(?:lic)?[_\- ]?key|publishable[_\- ]?key|public)[\"']?\s{0,3}[:=]\s{0,3}[\"']?$")
_LABEL_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_URL_LOOKBACK: Final = 2048  # how far back to look for the "://" of a URL a token sits in
_SRI_PREFIXES: Final = ("sha256-", "sha384-", "sha512-")
_JOINERS: Final = _rx(r"[-_/]")
_HEX: Final = _rx(r"[0-9a-fA-F]+")
_PLAIN_WORD: Final = _rx(r"[a-z]{3,}|[A-Z][a-z]{2,}|[A-Z]{2,5}|\d{4,}")
_PLACEHOLDER: Final = _rx(
    r"(?i)^(?:x{3,}|\*{3,}|\.{3,}|<.*>|\$\{.*\}|\{\{.*\}\}|%\(.*\)s|%s|\$[A-Z_]+|.*(?:example|changeme|"
    r"placeholder|your[_-]|redacted|dummy|sample|replace[_-]?(?:with|me)).*)$"
)
_DOC_PASSWORDS: Final = frozenset({"password", "passwd", "pass", "pwd", "pw", "secret", "token", "apikey", "xxx",
                                   "pass123", "password123", "secret123", "changeme", "admin", "root", "guest",
                                   "test", "testing", "mypassword", "p@ssw0rd", "passw0rd", "hunter2"})

# Entropy gate for unlabelled tokens, in bits per character. Hex (hashes, git SHAs) cannot exceed log2(16) = 4.0
# and a UUID's hex-plus-dash tops out near 3.97, so 4.1 excludes both by construction. Random base62/base64 of
# 32+ characters measures 4.2-5.2 (1st percentile 4.2 at 32 chars), so real keys clear it. Base64 of English
# text also scores 4.3-4.8, so it is excluded separately by decoding, not by a higher threshold.
ENTROPY_THRESHOLD: Final = 4.1
_MAX_WORD_CHUNK: Final = 4.0  # random base62 averages ~2.1 letters per case-run (99th pct 3.2); CamelCase >= 5
_GITHUB_CHECKED: Final = 0.99  # score of a token whose built-in checksum matches
# The right shape with a checksum that fails, or a random value one or two characters off a provider's length:
# possibly edited or invented, but it still carries nearly all of a key's entropy (a mistyped live key is repaired
# by trying each position, and a checksum confirms the repair offline), so it is redacted and reported as medium.
_NEAR_MISS_SCORE: Final = 0.5
# An unlabelled random token counts only with a credential word before it on its line ("your token is ...").
_CREDENTIAL_WORD: Final = _rx(r"(?i)token|secret|passw|key|credential|auth|bearer|login|api")
_CREDENTIAL_REACH: Final = 80
_GENERIC_RULES: Final = frozenset({"secrets.generic-assignment", "secrets.high-entropy-token",
                                   "secrets.bearer-token", "secrets.url-credentials", "secrets.cli-credentials",
                                   "secrets.connection-string", "secrets.credential-file",
                                   "secrets.sql-password"})


def detect(text: str, context: OutputContext) -> list[GuardFinding]:
    """Find credentials in ``text``. Earlier, more specific rules win when spans overlap."""
    del context  # credentials are recognised by shape alone
    with reasons_remembered():
        return _detect(text)


def _detect(text: str) -> list[GuardFinding]:
    candidates: list[tuple[int, int, int, GuardFinding]] = []  # start, end, priority (lower wins), finding
    present = _SCREEN.present(text)
    for index in _rules_to_run(present):
        compiled = _COMPILED[index]
        for m in compiled.pattern.finditer(text):
            finding = _provider_finding(compiled, m, text)
            if finding is not None:
                candidates.append((*(finding.span or (0, 0)), index, finding))
    runs = list(joined_literals(text))
    candidates += [(*(f.span or (0, 0)), len(_COMPILED), f) for f in _joined_keys(runs)]
    extras = (_pem_blocks, _putty_keys, _jwts, _basic_auth, _bearer, _url_credentials, _cli_user,
              _cli_password, _sql_passwords, _credential_files, _labelled, _paired, _call_arguments,
              _table_cells, _prose, _random_tokens)
    for priority, extra in enumerate(extras, start=len(_COMPILED) + 1):
        candidates += [(*(f.span or (0, 0)), priority, f) for f in extra(text)]
    priority = len(_COMPILED) + 1 + len(extras)
    candidates += [(*(f.span or (0, 0)), priority, f) for f in _near_miss_keys(text, present)]
    findings = [_unless_near_miss(_unless_placeholder(f, text), text) for f in _resolve(candidates)]
    return _over_whole_runs(findings, runs)


def _rules_to_run(present: set[str]) -> list[int]:
    """Indexes of the provider rules whose keyword is among those ``present`` in the text, in table order."""
    return sorted({i for keyword in present for i in _RULES_BY_KEYWORD.get(keyword, ())})


def _provider_finding(compiled: _Compiled, m: re.Match[str], text: str) -> GuardFinding | None:
    rule = compiled.rule
    secret = m.group(compiled.group)
    start, end = m.start(compiled.group), m.end(compiled.group)
    severity, score = rule.severity, 0.97
    reason = placeholder_reason(secret) or placeholder_reason(_body(secret, rule))
    if reason is not None:
        return _as_info(_finding(rule.rule_id, rule.label, start, end, text, severity, score), reason)
    if rule.check == "random" and not looks_random(_body(secret, rule), min_length=8, labelled=True):
        return None
    if rule.check == "prefixed-random" and not plausible_key_body(_body(secret, rule)):
        return None
    label = text[m.start():start].rstrip(" \t:=>\"'`,")
    if rule.ignore_case and compiled.group == "key" and not names_a_credential(label):
        return None  # HEROKU_APP_ID = <uuid> names an id, not the key
    if rule.check == "base64-key" and not _is_base64_key(secret):
        return None
    if rule.check in _DECODED_CHECKS and not _DECODED_CHECKS[rule.check](secret):
        return None
    if rule.check == "github-crc32":
        checked = github_checksum_ok(secret)
        if checked is False:
            return _near_miss(rule.rule_id, start, end, text, f"{rule.label}-shaped value whose checksum fails")
        elif checked:
            score = _GITHUB_CHECKED
    finding = _finding(rule.rule_id, rule.label, start, end, text, severity, score)
    if rule.test_mode:
        return replace(finding, severity=Severity.INFO, score=0.1, replacement=None,
                       message=f"{finding.message} (a test-mode key: no live access)")
    return finding


def _joined_keys(runs: list[JoinedLiterals]) -> list[GuardFinding]:
    """A key split over string literals joined in code: the literals' span, judged by the joined value against the
    provider formats, or under the name the run is assigned to as one literal under it would be."""
    out: list[GuardFinding] = []
    for run in runs:
        finding = _joined_provider_key(run)
        if finding is None and run.label is not None and _CLAIMS.malformed(run.value) is None and \
                labelled_credential(run.label, run.value):
            finding = _finding("secrets.generic-assignment", "credential split across string literals", 0,
                               len(run.value), run.value, Severity.HIGH, 0.8)
        if finding is not None:
            out.append(replace(finding, span=(run.start, run.end), evidence=_mask(run.value)))
    return out


def _joined_provider_key(run: JoinedLiterals) -> GuardFinding | None:
    for index in _rules_to_run(_SCREEN.present(run.value)):
        compiled = _COMPILED[index]
        m = compiled.pattern.fullmatch(run.value) if compiled.group == 0 else None
        finding = _provider_finding(compiled, m, run.value) if m is not None else None
        if finding is not None and finding.severity > Severity.INFO:
            return replace(finding, message=f"{compiled.rule.label} split across string literals in output")
    return None


def _over_whole_runs(findings: list[GuardFinding], runs: list[JoinedLiterals]) -> list[GuardFinding]:
    """A finding inside one literal of a joined run covers the whole run: redacting one piece of a split key
    leaves the others in plain view. Both lists are in text order; each finding finds its run by bisection."""
    if not runs:
        return findings
    starts = [run.start for run in runs]
    out: list[GuardFinding] = []
    for finding in findings:
        start, end = finding.span or (0, 0)
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and end <= runs[i].end and finding.replacement is not None and finding.severity > Severity.INFO:
            whole = (runs[i].start, runs[i].end)
            if out and out[-1].span == whole:
                continue  # a second piece of the same run: already covered
            finding = replace(finding, span=whole)
        out.append(finding)
    return out


def _near_miss(rule_id: str, start: int, end: int, text: str, what: str) -> GuardFinding:
    """Not a working key as shown, but one repair away from one: medium, redacted."""
    return replace(_finding(rule_id, what, start, end, text, Severity.MEDIUM, _NEAR_MISS_SCORE),
                   message=f"{what} (possibly edited or invented; redacted, as a one-character repair could restore "
                           "a live key)")


def _near_miss_keys(text: str, present: set[str]) -> list[GuardFinding]:
    """Random values that carry a provider's prefix but miss its length by one or two characters."""
    out = []
    for start, end, provider in _CLAIMS.near_misses(text, present):
        value = text[start:end]
        if placeholder_reason(value) is None and shown_in_part(value, text[end:end + 3]) is None and \
                _random_body(value):
            out.append(_near_miss("secrets.near-miss-key", start, end, text,
                                  f"value one or two characters off the {provider} format"))
    return out


def _random_body(value: str) -> bool:
    """Random enough to be a key's body: not a placeholder, no run, no repeated pattern, no words. Looser than the
    labelled model, which also weighs how a value is written: here the prefix already claims a key."""
    body = _PREFIX.sub("", value) or value
    if placeholder_reason(body) is not None or _RUN.search(body):
        return False
    mixed_case = body.lower() != body and body.upper() != body
    return looks_random(body, min_length=8, labelled=True) or (
        len(set(body)) >= 10 and shannon_entropy(body) >= _NEAR_MISS_ENTROPY
        and (not mixed_case or word_chunk_length(body) <= 5))


_RUN: Final = _rx(r"(.)\1{3}")
_CONTINUED: Final = _rx(r"\r?\n[A-Za-z0-9+/_\-]{8,512}={0,2}[ \t]{0,8}(?:\r?\n|$)")
_NEAR_MISS_ENTROPY: Final = 3.3  # random hex of 16+ characters measures 3.5-4.0; a repeated pattern or words less


def _decodes_to_jwt(secret: str) -> bool:
    decoded = _b64decode(secret.rstrip("=")[: len(secret.rstrip("=")) // 4 * 4])
    return decoded is not None and decoded.startswith(b"eyJ") and decoded.count(b".") >= 1


def _decodes_to_private_key(secret: str) -> bool:
    decoded = _b64decode(secret[:120 // 4 * 4])
    return decoded is not None and b"PRIVATE KEY" in decoded[:80]


_DECODED_CHECKS: Final = {"base64-jwt": _decodes_to_jwt, "base64-private-key": _decodes_to_private_key}


def _is_base64_key(secret: str) -> bool:
    """AWS-style secrets are base64 of random bytes: mixed case. All-lower-case hex of that length is a SHA-1."""
    return looks_random(secret, min_length=30, labelled=True) and any(map(str.isupper, secret)) and \
        any(map(str.islower, secret))


def _body(secret: str, rule: ProviderRule) -> str:
    """The random part of a key: without the rule's literal prefix (SK, AIza, key-) or a vendor_prefix_."""
    lower = secret.lower()
    for keyword in rule.keywords:
        if lower.startswith(keyword) and len(secret) - len(keyword) >= 8:
            return secret[len(keyword):]
    return _PREFIX.sub("", secret) or secret


def _finding(rule_id: str, label: str, start: int, end: int, text: str, severity: Severity,
             score: float) -> GuardFinding:
    return GuardFinding(
        detector=DETECTOR,
        rule_id=rule_id,
        severity=severity,
        message=f"{label} in output",
        span=(start, end),
        evidence=_mask(text[start:end]),
        score=score,
        tags=TAGS,
        replacement=REPLACEMENT,
    )


def _resolve(candidates: list[tuple[int, int, int, GuardFinding]]) -> list[GuardFinding]:
    return [c[3] for c in resolve_overlaps(candidates)]


def _unless_placeholder(finding: GuardFinding, text: str) -> GuardFinding:
    """Documented example keys and placeholders stay visible as info: not redacted, never blocking."""
    if finding.severity == Severity.INFO:
        return finding
    start, end = finding.span or (0, 0)
    reason = placeholder_reason(text[start:end])
    return finding if reason is None else _as_info(finding, reason)


def _unless_near_miss(finding: GuardFinding, text: str) -> GuardFinding:
    """A generic finding whose value carries a provider's prefix without its format, or that shows only part
    of a key (masked, cut off, templated), is no live credential: info."""
    if finding.severity == Severity.INFO or finding.span is None:
        return finding
    start, end = finding.span
    value, after = text[start:end], text[end:end + 3]
    reason = shown_in_part(value, after if finding.rule_id in _GENERIC_RULES else "")
    if reason is None and finding.rule_id in _GENERIC_RULES and _CONTINUED.match(text, end):
        reason = "split across lines"  # the rest of the key on a line of its own: what is shown is a fragment
    if reason is None and finding.rule_id in _GENERIC_RULES:
        provider = _CLAIMS.malformed(value)
        if provider is not None and _CLAIMS.off_by_few(value) is not None and _random_body(value):
            return _near_miss(finding.rule_id, start, end, text, f"value one or two characters off the {provider} "
                                                                 "format")
        reason = None if provider is None else f"not the format of a {provider}"
    return finding if reason is None else _as_info(finding, reason)


def _as_info(finding: GuardFinding, reason: str) -> GuardFinding:
    return replace(finding, severity=Severity.INFO, message=f"{finding.message} ({reason}, not a live credential)",
                   score=0.05, replacement=None)


def _mask(value: str) -> str:
    """Evidence never carries the secret: the first four characters identify the kind (AKIA, ghp_, sk-a)."""
    return value[:4] + "…" if len(value) > 4 else "…"


def _pem_blocks(text: str) -> list[GuardFinding]:
    out: list[GuardFinding] = []
    if "PRIVATE KEY" not in text:
        return out
    for m in _PEM_BEGIN.finditer(text):
        end_marker = text.find("-----END ", m.end())
        if end_marker != -1:
            close = text.find("-----", end_marker + 9)
            end = close + 5 if close != -1 else end_marker + 9
        else:
            body = _PEM_BODY.match(text, m.end())
            end = body.end() if body else m.end()
        if not _pem_has_body(text[m.end():end]):
            continue  # "-----BEGIN PRIVATE KEY-----\n...\n-----END" in docs: the marker, not a key
        out.append(_finding("secrets.private-key", "private key block", m.start(), end, text, Severity.CRITICAL, 0.99))
    return out


def _pem_has_body(body: str) -> bool:
    """At least one base64 line of key material: not '...', not 'anything', not a placeholder."""
    core = "".join(c for c in body.replace("\\n", "\n") if c.isalnum() or c in "+/")
    if len(core) < 40 or placeholder_reason(core) is not None:
        return False
    return shannon_entropy(core[:400]) >= 4.0


def _putty_keys(text: str) -> list[GuardFinding]:
    if "PuTTY-User-Key-File-" not in text:
        return []
    return [_finding("secrets.private-key", "PuTTY private key", m.start(), m.end(), text, Severity.CRITICAL, 0.99)
            for m in _PUTTY.finditer(text)]


def _jwts(text: str) -> list[GuardFinding]:
    out: list[GuardFinding] = []
    if "eyJ" not in text:
        return out
    for m in _JWT.finditer(text):
        header = _b64decode(m.group(0).split(".", 1)[0])
        names_alg = header is not None and b'"alg"' in header
        if not names_alg and not m.group("payload").startswith("eyJ"):
            continue
        score = 0.95 if names_alg else 0.75
        out.append(_finding("secrets.jwt", "JSON Web Token", m.start(), m.end(), text, Severity.HIGH, score))
    return out


def _basic_auth(text: str) -> list[GuardFinding]:
    out: list[GuardFinding] = []
    if "Basic" not in text:
        return out
    for m in _BASIC_AUTH.finditer(text):
        decoded = _b64decode(m.group(1))
        if decoded is None or b":" not in decoded[1:]:
            continue
        password = decoded.split(b":", 1)[1].decode("utf-8", "replace")
        if _is_real_password(password):  # user:password
            out.append(_finding("secrets.basic-auth", "HTTP Basic credentials", m.start(1), m.end(1), text,
                                Severity.HIGH, 0.9))
    return out


def _bearer(text: str) -> list[GuardFinding]:
    if "Bearer" not in text:
        return []
    return [_finding("secrets.bearer-token", "bearer token", m.start(1), m.end(1), text, Severity.HIGH, 0.85)
            for m in _BEARER.finditer(text)
            if shannon_entropy(m.group(1)) >= 3.5 and placeholder_reason(m.group(1)) is None]


def _url_credentials(text: str) -> list[GuardFinding]:
    """user:password@host in any scheme's URL (postgres, mongodb+srv, redis://:pass@, amqp, https), a random token
    as the user (https://<token>@host) and Password=... in ADO/JDBC/ODBC connection strings."""
    out: list[GuardFinding] = []
    if "://" in text:
        for m in _URL_CREDENTIALS.finditer(text):
            if _is_real_password(m.group("key")) and m.group("key").lower() != m.group("user").lower():
                out.append(_finding("secrets.url-credentials", "password embedded in a URL", m.start("key"),
                                    m.end("key"), text, Severity.HIGH, 0.9))
        for m in _URL_TOKEN_USER.finditer(text):
            if looks_random(_KEYISH_PREFIX.sub("", m.group("key")), min_length=20, labelled=True):
                out.append(_finding("secrets.url-credentials", "token as a URL's user name", m.start("key"),
                                    m.end("key"), text, Severity.HIGH, 0.85))
    lower = text.lower()
    if "password" in lower or "pwd" in lower:
        for m in _DSN_PASSWORD.finditer(text):
            if _is_real_password(m.group("key")) and _is_chosen(m.group("key")):
                finding = _finding("secrets.connection-string", "password in a connection string", m.start("key"),
                                   m.end("key"), text, Severity.HIGH, 0.85)
                out.append(_meeting_passcode(finding) if _in_meeting_link(text, m.start()) else finding)
    return out


# A meeting service's join link: the passcode it embeds was put there by the service so that the link alone lets
# an invitee in. Whoever was given the link holds it already; redacting it breaks the link it came with.
_MEETING_LINK: Final = re.compile(
    r"(?i)https?://(?:[\w-]{1,63}\.){0,3}(?:zoom\.us|zoomgov\.com)/(?:j|w|s|wc/join|my)/[\w.-]{1,64}$")


def _in_meeting_link(text: str, at: int) -> bool:
    start = max(text.rfind(c, max(0, at - 300), at) for c in " \t\n(<\"'") + 1
    return _MEETING_LINK.fullmatch(text[start:at]) is not None


def _meeting_passcode(finding: GuardFinding) -> GuardFinding:
    return replace(finding, rule_id="secrets.meeting-passcode", severity=Severity.INFO, score=0.1, replacement=None,
                   message="meeting passcode in a join link (anyone with the link can join; left in place)")


def _cli_user(text: str) -> list[GuardFinding]:
    if "-u" not in text and "-U" not in text and "--user" not in text and "--http-user" not in text:
        return []
    out = []
    for m in _CLI_USER.finditer(text):
        password = m.group(1)
        if len(password) < 6 or password.isdigit() or not _is_real_password(password):
            continue  # docker's -u 1000:1000 and chown-style user:group pairs are not passwords
        line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        if m.group(0).lstrip().startswith(("-u", "-U")) and "curl" not in line:
            continue  # the short -u and -U mean a password only to curl
        out.append(_finding("secrets.cli-credentials", "password on a command line", m.start(1), m.end(1), text,
                            Severity.HIGH, 0.8))
    return out


def _cli_password(text: str) -> list[GuardFinding]:
    """Passwords given to a command by a flag or position that means "password" only to that command."""
    return [_finding("secrets.cli-credentials", "password on a command line", start, end, text, Severity.HIGH, 0.8)
            for start, end in command_passwords(text)
            if _is_real_password(text[start:end]) and _is_chosen(text[start:end])]


def _sql_passwords(text: str) -> list[GuardFinding]:
    """CREATE USER ... PASSWORD '...', IDENTIFIED BY '...', SET PASSWORD = '...'."""
    return [_finding("secrets.sql-password", "password in a SQL statement", start, end, text, Severity.HIGH, 0.8)
            for start, end in sql_passwords(text)
            if _is_real_password(text[start:end]) and _is_chosen(text[start:end])]


def _credential_files(text: str) -> list[GuardFinding]:
    """.netrc, .pgpass and nuget.config entries and Oracle JDBC URLs: a password without a password= label."""
    spans = file_passwords(text)
    return [_finding("secrets.credential-file", "password in a credential file or JDBC URL", start, end, text,
                     Severity.HIGH, 0.85)
            for start, end in spans if _is_real_password(text[start:end]) and _is_chosen(text[start:end])]


def _labelled(text: str) -> list[GuardFinding]:
    """Values under a credential label; a masked provider key there (sk-proj-...abcd) is kept, to become info."""
    return [_finding("secrets.generic-assignment", "credential assignment", v.start, v.end, text, Severity.HIGH, 0.8)
            for v in labelled_values(text)]


def _paired(text: str) -> list[GuardFinding]:
    """Values named by a name field, a call's first argument, a comparison or Dockerfile's ENV NAME value."""
    return [_finding("secrets.generic-assignment", "credential named beside its value", start, end, text,
                     Severity.HIGH, 0.8)
            for start, end in paired_values(text)]


def _prose(text: str) -> list[GuardFinding]:
    """A password or key told in a sentence ("the password is ...", "Das Passwort lautet ...")."""
    return [_finding("secrets.generic-assignment", "credential named in prose", start, end, text, Severity.HIGH, 0.75)
            for start, end, _ in prose_credentials(text) if _is_real_password(text[start:end])]


def _call_arguments(text: str) -> list[GuardFinding]:
    """Literals a call takes as a credential by their place in its arguments or by the method's name."""
    return [_finding("secrets.generic-assignment", "credential passed to a call", start, end, text, Severity.HIGH,
                     0.8)
            for start, end, label in call_credentials(text) if labelled_credential(label, text[start:end])]


def _table_cells(text: str) -> list[GuardFinding]:
    """Values in markdown table cells beside or under a credential label."""
    return [_finding("secrets.generic-assignment", "credential in a table", start, end, text, Severity.HIGH, 0.8)
            for start, end in table_values(text)]


def _is_real_password(value: str) -> bool:
    """user:password@host in docs usually shows the placeholder, not a password: a template ({PASS}), a documented
    word, one repeated character (1111, xxxx)."""
    if any(c in value for c in "{}") or len(set(value.lower())) == 1:
        return False
    return not _PLACEHOLDER.match(value) and value.lower() not in _DOC_PASSWORDS and placeholder_reason(value) is None


# printf and Python's %s, %(name)s and Windows' %NAME%: a "%" elsewhere is one of a password's symbols
_PERCENT_TEMPLATE: Final = re.compile(r"%(?:\(|[sd](?![A-Za-z0-9])|[A-Za-z_]\w{0,40}%)")


def _is_chosen(value: str) -> bool:
    """Not a template or variable reference ({pwd}, $PASS, %(password)s) and mixed enough to be set by hand."""
    if any(c in value for c in "{}$") or _PERCENT_TEMPLATE.search(value) or len(value) < 6:
        return False
    return sum((any(map(str.islower, value)), any(map(str.isupper, value)),
                any(map(str.isdigit, value)), not all(map(str.isalnum, value)))) >= 2


def _random_tokens(text: str) -> list[GuardFinding]:
    return [_finding("secrets.high-entropy-token", "high-entropy token", m.start(), m.end(), text,
                     Severity.MEDIUM, 0.6)
            for m in _TOKEN.finditer(text)
            if (_credential_word_before(text, m.start()) or _KEYISH_PREFIX.match(m.group(0)))
            and not _is_public_blob(text, m) and _looks_random(_KEYISH_PREFIX.sub("", m.group(0)), min_len=24)]


# A secret-key-shaped prefix (sk-, rk_, sk-live-, key_prod_...) in front of a random body names a credential by
# itself, whichever provider (or in-house service) issued it; publishable keys (pk_) are public by design.
_KEYISH_PREFIX: Final = re.compile(r"(?:sk|rk|sec|secret|key|tok|token|api)[-_](?:(?:live|prod|svc|proj)[-_])?",
                                   re.I)


def _credential_word_before(text: str, start: int) -> bool:
    """Randomness alone is no evidence (ids, nonces, build hashes): a credential word must precede the token."""
    line_start = text.rfind("\n", max(0, start - _CREDENTIAL_REACH), start) + 1
    return _CREDENTIAL_WORD.search(text, max(line_start, start - _CREDENTIAL_REACH), start) is not None


def _is_public_blob(text: str, m: re.Match[str]) -> bool:
    """Random-looking but not a credential: subresource-integrity hashes (sha512-...), inline data: URIs, public
    keys and certificates, and URL paths (github.com/org/repo/blob/<sha>/...), which exfil.py judges instead."""
    token, before = m.group(0), text[max(0, m.start() - _URL_LOOKBACK): m.start()]
    if token.startswith(_SRI_PREFIXES) or before.endswith(";base64,") or _in_public_pem(before):
        return True
    if before.endswith(("ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-nistp256 ", "ssh-dss ")):
        return True  # an OpenSSH public key line
    if _PUBLIC_LABEL.search(before[-40:]):
        return True  # public_key: <base64>, a public key by its label
    label = _label_ending(before)
    if label and names_something_else(label):
        return True  # nextPageToken: <base64>, recaptcha_site_key: ..., key_id: ...
    if is_hash_context(before, text[m.end(): m.end() + 120]):
        return True  # sha256:<digest>, h1:<go.sum hash>, a checksum beside its file name
    if "/" not in token:
        return False
    chunk = before[max(before.rfind(" "), before.rfind("\n"), before.rfind("\t")) + 1:]
    return before.endswith(".") or "://" in chunk or chunk.startswith("www.")


def _label_ending(before: str) -> str:
    """The label that ``before`` ends with, assignment and quotes stripped ("nextPageToken" in '"nextPageToken": "'),
    or "" (read back from the end: a regex anchored at the end would try every start in the window)."""
    tail = before[-80:].rstrip(" \t\"'")
    if not tail.endswith((":", "=")):
        return ""
    tail = tail.rstrip(":=>").rstrip(" \t\"'")
    start = len(tail)
    while start > 0 and tail[start - 1] in _LABEL_CHARS:
        start -= 1
    return tail[start:]


def _in_public_pem(before: str) -> bool:
    """Inside an open -----BEGIN CERTIFICATE/PUBLIC KEY----- block (private keys are reported by their own rule)."""
    begin = before.rfind("-----BEGIN ")
    return begin != -1 and "-----END " not in before[begin:] and "PRIVATE" not in before[begin: begin + 48]


def _looks_random(token: str, min_len: int) -> bool:
    """A machine-generated token: long, mixed classes, above the entropy gate, not words, not encoded text."""
    core = token.rstrip("=")
    if len(core) < min_len or _PLACEHOLDER.match(core):
        return False
    if sum((any(map(str.islower, core)), any(map(str.isupper, core)), any(map(str.isdigit, core)))) < 2:
        return False
    if shannon_entropy(core) < ENTROPY_THRESHOLD or word_chunk_length(core) > _MAX_WORD_CHUNK:
        return False
    if not looks_random(core.replace("-", "").replace("_", ""), min_length=min_len, labelled=False):
        return False
    return not _is_name_or_path(core) and not _is_encoded_text(core)


def _is_name_or_path(token: str) -> bool:
    """Names and paths glued with - _ or / (PBKDF2WithHMAC-SHA1AndDES-EDE3-CBC, article/abs/pii/S0378375804003519):
    short parts, one of them a plain word; or a path around a hex hash (<sha>/kernel/sched). A random base64
    token's parts are long and mixed."""
    parts = _JOINERS.split(token)
    if len(parts) == 1:
        return False
    if any(len(p) >= 32 and _HEX.fullmatch(p) for p in parts):
        return True
    return max(map(len, parts)) < 20 and any(_PLAIN_WORD.fullmatch(p) for p in parts)


def _is_encoded_text(token: str) -> bool:
    """Base64 of ordinary text (a sentence, a JSON blob) is data, not a credential."""
    decoded = _b64decode(token[: len(token) // 4 * 4])
    if not decoded:
        return False
    printable = sum(1 for b in decoded if 32 <= b < 127 or b in (9, 10, 13))
    return printable / len(decoded) >= 0.95


def _b64decode(value: str) -> bytes | None:
    padded = value + "=" * (-len(value) % 4)
    try:
        return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return None
