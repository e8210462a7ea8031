"""Credentials in model output: provider key formats, private keys, JWTs, password assignments, random tokens.

Every regex is a flat sequence of character classes with bounded or unambiguous repetition (no quantifier
nested inside another), so matching stays linear on adversarial input.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final

from aiwarden.core.findings import Severity
from aiwarden.guard.placeholders import placeholder_reason
from aiwarden.guard.spans import resolve_overlaps
from aiwarden.guard.types import GuardFinding, OutputContext

DETECTOR: Final = "secrets"
TAGS: Final = ("LLM02:2025", "AML.T0057", "CWE-200")
REPLACEMENT: Final = "SECRET"


@dataclass(frozen=True, slots=True)
class _Rule:
    rule_id: str
    pattern: re.Pattern[str]
    label: str
    anchors: tuple[str, ...]  # literals one of which must occur (lower-cased for (?i) rules) before the regex runs
    severity: Severity = Severity.CRITICAL
    score: float = 0.97
    group: int = 0  # which group is the secret (a key=value rule reports only the value)
    check: Callable[[str], bool] | None = None  # extra test on the secret before it is reported


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# Order matters: earlier rules win overlapping spans (sk-ant- before the generic OpenAI sk-). The anchors are a
# substring pre-check: a regex that starts with \b cannot use re's literal-prefix scan, so this is ~20x cheaper
# on the common text that holds no key at all.
_RULES: Final[tuple[_Rule, ...]] = (
    _Rule("secrets.aws-access-key", _rx(r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b"), "AWS access key id",
          ("AKIA", "ASIA", "ABIA", "ACCA")),
    _Rule(
        "secrets.aws-secret-key",
        _rx(r"(?i)\baws_?secret_?(?:access_?)?key\b[\"']?\s{0,5}[:=]\s{0,5}[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"),
        "AWS secret access key",
        ("aws",),
        group=1,
    ),
    _Rule("secrets.github-token", _rx(r"\bgh[pousr]_[A-Za-z0-9]{36,251}\b"), "GitHub token",
          ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    _Rule("secrets.github-token", _rx(r"\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b"), "GitHub fine-grained token",
          ("github_pat_",)),
    _Rule(
        "secrets.gitlab-token",
        _rx(r"\bglpat-[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]{2,})?(?:\.[A-Za-z0-9_-]{2,})?(?![A-Za-z0-9_-])"),
        "GitLab personal access token",
        ("glpat-",),
    ),
    _Rule("secrets.slack-token", _rx(r"\bxox[abprs]-[A-Za-z0-9-]{10,}(?![A-Za-z0-9-])"), "Slack token", ("xox",)),
    _Rule(
        "secrets.slack-webhook",
        _rx(r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}"),
        "Slack incoming webhook URL",
        ("hooks.slack.com",),
        Severity.HIGH,
    ),
    _Rule("secrets.stripe-key", _rx(r"\b[sr]k_live_[A-Za-z0-9]{20,}\b"), "Stripe live key", ("k_live_",)),
    _Rule(
        "secrets.anthropic-key",
        _rx(r"\bsk-ant-[a-z]{2,8}\d{2}-[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])"),
        "Anthropic API key",
        ("sk-ant-",),
    ),
    _Rule(
        "secrets.openai-key",
        _rx(r"\bsk-(?:proj-|svcacct-|admin-)[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])"),
        "OpenAI project/service key",
        ("sk-",),
    ),
    _Rule("secrets.openai-key", _rx(r"\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b"), "OpenAI API key", ("sk-",)),
    _Rule("secrets.twilio-key", _rx(r"\bSK[0-9a-fA-F]{32}\b"), "Twilio API key", ("SK",)),
    _Rule("secrets.google-api-key", _rx(r"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"), "Google API key", ("AIza",)),
    _Rule("secrets.huggingface-token", _rx(r"\bhf_[A-Za-z0-9]{34,}\b"), "Hugging Face token", ("hf_",)),
    _Rule(
        "secrets.azure-storage-key",
        _rx(r"\bAccountKey=([A-Za-z0-9+/]{40,}={0,2})"),
        "Azure storage account key",
        ("AccountKey=",),
        group=1,
    ),
    _Rule(
        "secrets.url-credentials",
        _rx(r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@]{1,64}:([^\s:/@]{3,128})@[A-Za-z0-9.-]{1,253}"),
        "password embedded in a URL",
        ("://",),
        Severity.HIGH,
        0.9,
        group=1,
        check=lambda value: _is_real_password(value),  # a lambda: the function is defined further down
    ),
)

# A bare "sk-" prefix also starts prose words ("sk-learn"), so the legacy shape needs length and randomness.
_OPENAI_LOOSE: Final = _rx(r"\bsk-(?!ant-|proj-|svcacct-|admin-)([A-Za-z0-9]{32,})\b")
_PEM_BEGIN: Final = _rx(r"-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----")
_PEM_BODY: Final = _rx(r"[A-Za-z0-9+/=\r\n:,\- ]*")  # fallback span when the END line is missing
_JWT: Final = _rx(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")
_BASIC_AUTH: Final = _rx(r"\bBasic\s{1,3}([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])")
_ASSIGNMENT: Final = _rx(
    r"(?i)\b(?:[a-z0-9]{1,32}[_-]){0,4}(?:password|passwd|pwd|passphrase|secret|client_?secret|api[_ -]?key|apikey"
    r"|access[_-]?token|auth[_-]?token|secret[_-]?key|private[_-]?key|bearer|token)[\"']?\s{0,5}(?:[:=]|:=|=>)\s{0,5}"
    r"[\"'`]?"
    r"([^\s\"'`,;()\[\]{}<>]{8,256})"
)
_ASSIGNMENT_ANCHORS: Final = ("pass", "pwd", "secret", "key", "token", "bearer")
# curl's --user/-u NAME:PASSWORD (and the same option in wget, httpie and friends)
_CLI_USER: Final = _rx(r"(?:\s|^)(?:--user|--http-user|-u)[\s=]{1,3}[\"']?[^\s:\"'/]{1,64}:([^\s\"'@]{4,256})")
_BEARER: Final = _rx(r"\bBearer\s{1,3}([A-Za-z0-9._~+/-]{20,}=*)")
_TOKEN: Final = _rx(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,512}={0,2}(?![A-Za-z0-9+/_=-])")
_URL_LOOKBACK: Final = 2048  # how far back to look for the "://" of a URL a token sits in
_SRI_PREFIXES: Final = ("sha256-", "sha384-", "sha512-")
_JOINERS: Final = _rx(r"[-_/]")
_HEX: Final = _rx(r"[0-9a-fA-F]+")
_PLAIN_WORD: Final = _rx(r"[a-z]{3,}|[A-Z][a-z]{2,}|[A-Z]{2,5}|\d{4,}")
_WORD_CHUNK: Final = _rx(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_PLACEHOLDER: Final = _rx(
    r"(?i)^(?:x{3,}|\*{3,}|\.{3,}|<.*>|\$\{.*\}|\{\{.*\}\}|%\(.*\)s|.*(?:example|changeme|placeholder|your[_-]|"
    r"redacted|dummy|sample).*)$"
)
_CODE_NAME: Final = _rx(r"^[A-Za-z_$][\w$.]*$")  # os.environ.KEY, import_x25519_private_key: code, not a value
_DOC_PASSWORDS: Final = frozenset({"password", "passwd", "pass", "pwd", "pw", "secret", "token", "apikey", "xxx"})

# Entropy gate for unlabelled tokens, in bits per character. Hex (hashes, git SHAs) cannot exceed log2(16) = 4.0
# and a UUID's hex-plus-dash tops out near 3.97, so 4.1 excludes both by construction. Random base62/base64 of
# 32+ characters measures 4.2-5.2 (1st percentile 4.2 at 32 chars), so real keys clear it. Base64 of English
# text also scores 4.3-4.8, so it is excluded separately by decoding, not by a higher threshold.
ENTROPY_THRESHOLD: Final = 4.1
_ASSIGNMENT_ENTROPY: Final = 3.0  # short labelled values: log2(8) = 3.0 is the ceiling for 8 distinct characters
_MAX_WORD_CHUNK: Final = 4.0  # random base62 averages ~2.1 letters per case-run (99th pct 3.2); CamelCase >= 5


def detect(text: str, context: OutputContext) -> list[GuardFinding]:
    """Find credentials in ``text``. Earlier, more specific rules win when spans overlap."""
    del context  # credentials are recognised by shape alone
    candidates: list[tuple[int, int, int, GuardFinding]] = []  # start, end, priority (lower wins), finding
    lower = text.lower()
    for priority, rule in enumerate(_RULES):
        haystack = lower if rule.pattern.flags & re.IGNORECASE else text
        if not any(anchor in haystack for anchor in rule.anchors):
            continue
        for m in rule.pattern.finditer(text):
            if rule.check is not None and not rule.check(m.group(rule.group)):
                continue
            start, end = m.start(rule.group), m.end(rule.group)
            candidates.append((start, end, priority, _finding(rule.rule_id, rule.label, start, end, text,
                                                              rule.severity, rule.score)))
    extras = (_openai_loose, _pem_blocks, _jwts, _basic_auth, _bearer, _cli_user, _assignments, _random_tokens)
    for priority, extra in enumerate(extras, start=len(_RULES)):
        candidates += [(*(f.span or (0, 0)), priority, f) for f in extra(text)]
    return [_unless_placeholder(f, text) for f in _resolve(candidates)]


def _value(span_text: str) -> str:
    """The credential itself in a matched span (an assignment's span holds its label: keep what follows)."""
    label, sep, rest = span_text.partition("=")
    if not sep:
        label, sep, rest = span_text.partition(":")
    return rest.strip().strip("\"'`") if sep and len(label) < 40 and " " not in label.strip() else span_text


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
    start, end = finding.span or (0, 0)
    reason = placeholder_reason(_value(text[start:end]))
    if reason is None:
        return finding
    return replace(finding, severity=Severity.INFO, message=f"{finding.message} ({reason}, not a live credential)",
                   score=0.05, replacement=None)


def _mask(value: str) -> str:
    """Evidence never carries the secret: the first four characters identify the kind (AKIA, ghp_, sk-a)."""
    return value[:4] + "…" if len(value) > 4 else "…"


def _shannon_entropy(value: str) -> float:
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values()) if n else 0.0


def _openai_loose(text: str) -> list[GuardFinding]:
    if "sk-" not in text:
        return []
    return [_finding("secrets.openai-key", "OpenAI API key", m.start(), m.end(), text, Severity.CRITICAL, 0.9)
            for m in _OPENAI_LOOSE.finditer(text) if _looks_random(m.group(1), min_len=32)]


def _pem_blocks(text: str) -> list[GuardFinding]:
    out = []
    for m in _PEM_BEGIN.finditer(text):
        end_marker = text.find("-----END ", m.end())
        if end_marker != -1:
            close = text.find("-----", end_marker + 9)
            end = close + 5 if close != -1 else end_marker + 9
        else:
            body = _PEM_BODY.match(text, m.end())
            end = body.end() if body else m.end()
        out.append(_finding("secrets.private-key", "private key block", m.start(), end, text, Severity.CRITICAL, 0.99))
    return out


def _jwts(text: str) -> list[GuardFinding]:
    out: list[GuardFinding] = []
    if "eyJ" not in text:
        return out
    for m in _JWT.finditer(text):
        header = _b64decode(m.group(0).split(".", 1)[0])
        score = 0.95 if header is not None and b'"alg"' in header else 0.75
        out.append(_finding("secrets.jwt", "JSON Web Token", m.start(), m.end(), text, Severity.HIGH, score))
    return out


def _basic_auth(text: str) -> list[GuardFinding]:
    out: list[GuardFinding] = []
    if "Basic" not in text:
        return out
    for m in _BASIC_AUTH.finditer(text):
        decoded = _b64decode(m.group(1))
        if decoded is not None and b":" in decoded[1:]:  # user:password
            out.append(_finding("secrets.basic-auth", "HTTP Basic credentials", m.start(1), m.end(1), text,
                                Severity.HIGH, 0.9))
    return out


def _bearer(text: str) -> list[GuardFinding]:
    if "Bearer" not in text:
        return []
    return [_finding("secrets.bearer-token", "bearer token", m.start(1), m.end(1), text, Severity.HIGH, 0.85)
            for m in _BEARER.finditer(text) if _shannon_entropy(m.group(1)) >= 3.5]


def _cli_user(text: str) -> list[GuardFinding]:
    if "-u" not in text and "--user" not in text and "--http-user" not in text:
        return []
    out = []
    for m in _CLI_USER.finditer(text):
        password = m.group(1)
        if len(password) < 6 or password.isdigit() or not _is_real_password(password):
            continue  # docker's -u 1000:1000 and chown-style user:group pairs are not passwords
        line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        if m.group(0).lstrip().startswith("-u") and "curl" not in line:
            continue  # the short -u means a password only to curl
        out.append(_finding("secrets.cli-credentials", "password on a command line", m.start(1), m.end(1), text,
                            Severity.HIGH, 0.8))
    return out


def _assignments(text: str) -> list[GuardFinding]:
    out: list[GuardFinding] = []
    lower = text.lower()
    if not any(word in lower for word in _ASSIGNMENT_ANCHORS):
        return out
    for m in _ASSIGNMENT.finditer(text):
        value = m.group(1)
        if _is_credential_value(value, text[m.end(1): m.end(1) + 1]):
            out.append(_finding("secrets.generic-assignment", "credential assignment", m.start(1), m.end(1), text,
                                Severity.HIGH, 0.8))
    return out


def _is_real_password(value: str) -> bool:
    """user:password@host in docs usually shows the placeholder, not a password."""
    return not _PLACEHOLDER.match(value) and value.lower() not in _DOC_PASSWORDS


def _is_credential_value(value: str, following: str) -> bool:
    if following == "(" or _PLACEHOLDER.match(value) or _is_code_name(value):
        return False
    classes = sum((any(c.islower() for c in value), any(c.isupper() for c in value),
                   any(c.isdigit() for c in value), any(not c.isalnum() for c in value)))
    return classes >= 2 and _shannon_entropy(value) >= _ASSIGNMENT_ENTROPY


def _is_code_name(value: str) -> bool:
    """An identifier or dotted reference: no digits at all, or snake_case/dotted, or made of long words."""
    if not _CODE_NAME.match(value):
        return False
    return not any(c.isdigit() for c in value) or "_" in value or "." in value or _word_chunk_length(value) >= 4


def _random_tokens(text: str) -> list[GuardFinding]:
    return [_finding("secrets.high-entropy-token", "high-entropy token", m.start(), m.end(), text,
                     Severity.MEDIUM, 0.6)
            for m in _TOKEN.finditer(text) if not _is_public_blob(text, m) and _looks_random(m.group(0), min_len=32)]


def _is_public_blob(text: str, m: re.Match[str]) -> bool:
    """Random-looking but not a credential: subresource-integrity hashes (sha512-...), inline data: URIs, public
    keys and certificates, and URL paths (github.com/org/repo/blob/<sha>/...), which exfil.py judges instead."""
    token, before = m.group(0), text[max(0, m.start() - _URL_LOOKBACK): m.start()]
    if token.startswith(_SRI_PREFIXES) or before.endswith(";base64,") or _in_public_pem(before):
        return True
    if "/" not in token:
        return False
    chunk = before[max(before.rfind(" "), before.rfind("\n"), before.rfind("\t")) + 1:]
    return before.endswith(".") or "://" in chunk or chunk.startswith("www.")


def _in_public_pem(before: str) -> bool:
    """Inside an open -----BEGIN CERTIFICATE/PUBLIC KEY----- block (private keys are reported by their own rule)."""
    begin = before.rfind("-----BEGIN ")
    return begin != -1 and "-----END " not in before[begin:] and "PRIVATE" not in before[begin: begin + 48]


def _looks_random(token: str, min_len: int) -> bool:
    """A machine-generated token: long, mixed classes, above the entropy gate, not words, not encoded text."""
    core = token.rstrip("=")
    if len(core) < min_len or _PLACEHOLDER.match(core):
        return False
    if sum((any(c.islower() for c in core), any(c.isupper() for c in core), any(c.isdigit() for c in core))) < 2:
        return False
    if _shannon_entropy(core) < ENTROPY_THRESHOLD or _word_chunk_length(core) > _MAX_WORD_CHUNK:
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


def _word_chunk_length(token: str) -> float:
    chunks = _WORD_CHUNK.findall(token)
    return sum(map(len, chunks)) / len(chunks) if chunks else 0.0


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
