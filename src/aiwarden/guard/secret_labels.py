"""Values under a credential label: ``API_KEY=...``, ``"password": "..."``, ``X-Api-Key: ...``, ``--token ...``.

The label is the evidence, so the value only has to read as random (or, for passwords, as chosen by a person
rather than written as an example). Labels are found by their secret word first (a cheap scan), then grown to
the whole identifier around it and judged by its parts: ``db_password`` and ``x-api-key`` are credential
labels, ``max_tokens``, ``public_key``, ``token_url`` and ``keyboard`` are not.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from aiwarden.guard.case_blind import CaseBlindPattern
from aiwarden.guard.placeholders import placeholder_reason
from aiwarden.guard.secret_entropy import (
    has_words,
    is_hash_context,
    looks_random,
    plausible_key_body,
    shannon_entropy,
)

_SECRET_WORDS: Final = ("token", "secret", "pass", "pwd", "key", "auth", "cred", "private", "pat")
# "pat" (a personal access token, GH_PAT) only as a word's end: not path, patch, pattern
_SECRET_WORD: Final = CaseBlindPattern(r"token|secret|pass|pwd|key|auth|credential|creds|private|pat(?![a-z])")
_LABEL_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_LABEL_REACH: Final = 60
_LABEL_RIGHT: Final = re.compile(r"[A-Za-z0-9_.\-]{0,40}")
# after the label: closing quote/bracket, an assignment operator, an opening quote, then the value
# (a label closed by ']' after a quote, as in ['api_key'] = ..., by an XML element's '>', as in <password>..., or
# set in bold, as in **API key:** ...)
_ASSIGN: Final = re.compile(
    r"[\"'\]>*]{0,3}\s{0,3}(?P<op>:=|=>|=|:|\s(?:is|was|to|as)\s|\s|(?<=>))\*{0,2}\s{0,3}(?:[bru]?(?P<quote>[\"'`]))?"
    r"(?:(?P<scheme>Bearer|Basic|Token|token|Digest|ApiKey|Api-Key|SSWS)\s{1,3})?"
    r"(?P<value>[^\s\"'`,;()\[\]{}<>]{0,256})"
)
# After "key:" an unquoted value starting with "!" is a YAML tag (!vault, !secret, !Ref, !!binary), not the value
_YAML_TAG: Final = re.compile(r"^!{1,2}[A-Za-z][\w\-]*$")
_PROSE_OPS: Final = frozenset({" is ", " was ", " to ", " as "})
# A name written before a bare credential word ("Mailgun key: ...", "the Datadog token is ..."): one word, not
# one that makes the phrase generic or about something else.
_NAMED_PREFIX: Final = re.compile(r"\b([A-Za-z][A-Za-z0-9]{2,20}) $")
_NOT_A_NAME: Final = frozenset({
    "the", "this", "that", "your", "our", "my", "his", "her", "their", "its", "a", "an", "any", "each", "every",
    "new", "old", "same", "valid", "invalid", "wrong", "correct", "right", "missing", "empty", "expired", "revoked",
    "rotated", "leaked", "test", "sample", "example", "fake", "dummy", "some", "one", "which", "what", "no", "and",
    "or", "with", "for", "from", "by", "of", "in", "on", "at", "to", "is", "are", "was", "not", "use", "using",
    "set", "get", "has", "have", "public", "primary", "foreign", "sort", "partition", "cache", "composite",
    "unique", "index", "hash", "map", "dict", "dictionary", "json", "row", "column", "table", "field", "object",
    "signing", "encryption", "verification", "session", "csrf", "xsrf", "cancel", "cancellation", "next", "page",
    "continuation", "refresh", "reset", "id", "bearer", "jwt", "ssh", "gpg", "pgp", "rsa", "aes", "host", "license",
})
_SPLIT: Final = re.compile(r"[_.\-]+|(?<=[a-z0-9])(?=[A-Z])")
_SPACED_PREFIX: Final = re.compile(r"(?i)\b(api|secret|access|auth|private|client|bot|personal|refresh|session|app|"
                                   r"master|admin|root|db|database|user) $")

_SECRET_PARTS: Final = frozenset({
    "token", "tokens", "secret", "secrets", "password", "passwd", "pwd", "passphrase", "pass", "pw", "key",
    "apikey", "auth", "authtoken", "credential", "credentials", "creds", "private", "privatekey", "secretkey",
    "accesskey", "accesstoken", "clientsecret", "bearer", "passcode", "pat", "apitoken", "accountkey", "authkey",
    "authorization",
})
_PASSWORD_PARTS: Final = frozenset({"password", "passwd", "pwd", "passphrase", "pass", "pw", "passcode"})
# Environment names that glue a short tool or role name to the password word (PGPASSWORD, DBPASSWORD,
# ROOTPASSWD) read as two words; a bare "pass" is glued only in SSHPASS (sshpass -e) and keytool's -storepass
# and -keypass, since bypass, compass and surpass end the same way.
_GLUED_PASSWORD: Final = re.compile(
    r"^([a-z]{2,8}?)(password|passwd|passphrase)$|^(ssh)(pass)$|^((?:src|dest)?(?:store|key))(pass)$"
)
_KEY_ALPHABET: Final = re.compile(r"[A-Za-z0-9+/=_\-.~]+")  # base64, base64url, base62, hex and their separators
_NAMED_KEY_MIN: Final = 16  # shorter values under a label are too often ids, versions or fragments
_KEY_ID_OWNERS: Final = frozenset({"gpg", "pgp", "gnupg", "openpgp"})
_LEET: Final = str.maketrans("@4310$5!7", "aaeiossit")
_NUMERIC_KEY_MIN: Final = 20
_NUMERIC_KEY_ENTROPY: Final = 2.5
_NUMBERED: Final = re.compile(r"^([a-z]+)\d{1,3}$")
# Label words that, after the credential word, name something about it rather than it: its id, kind, location,
# limits or lifetime (api_key_id, token_url, password_length, secret_name).
_NOT_SECRET_AFTER: Final = frozenset({
    "id", "ids", "type", "types", "name", "names", "url", "uri", "urls", "endpoint", "path", "paths", "file",
    "filename", "files", "dir", "directory", "count", "counts", "length", "len", "size", "limit", "limits", "max",
    "min", "num", "number", "prefix", "suffix", "format", "header", "headers", "param", "params", "field",
    "fields", "env", "var", "variable", "expiry", "expires", "expiration", "expired", "ttl", "timeout",
    "lifetime", "age", "hash", "hashed", "digest", "policy", "rotation", "store", "manager", "provider",
    "source", "method", "version", "mode", "enabled", "enable", "required", "label", "usage", "index",
    "column", "algorithm", "alg", "kind", "ref", "request", "response", "encoding", "pattern", "regex",
    "schema", "strength", "hint", "input", "lookup", "map", "mapping", "row", "dict", "list", "set", "pair",
    "spec", "class", "table", "generator", "gen", "validator", "valid", "callback", "redirect", "scope",
    "scopes", "grant", "audience", "issuer", "server", "host", "port", "user", "username", "login", "email",
    "expire", "rotate", "created", "updated", "fingerprint", "sig",
})
# Label words that change what the credential word means wherever they stand (public_key, max_tokens,
# keyboard, reset_password_url, example_api_key).
_NOT_SECRET_ANYWHERE: Final = frozenset({
    "public", "pub", "primary", "foreign", "sort", "partition", "cache", "idempotency", "hot", "keyboard",
    "keyword", "keywords", "keyframe", "keyframes", "keycode", "keystroke", "keypress", "keyup", "keydown",
    "tokenizer", "tokenize", "tokenized", "tokenizers", "author", "authors", "authority", "authorize",
    "authorized", "authenticate", "authentication", "authenticated", "reset", "forgot", "confirm",
    "confirmation", "placeholder", "example", "sample", "fake", "dummy", "max", "min", "num",
    # where a listing resumes (nextPageToken, continuation_token, cursor) and what ties log lines together
    "page", "paging", "pagination", "continuation", "cursor", "correlation",
    # a digest named by its algorithm (sha256_key, md5_token): a hash, not a secret
    "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "checksum",
})
_DOC_VALUES: Final = re.compile(
    r"(?i)^(?:true|false|none|null|nil|undefined|yes|no|on|off|required|optional|string|str|bytes|int|bool|"
    r"secret|password|token|basic|bearer|oauth2?|jwt|env|text|hidden|\*+|[.…]+)$"
)
_DOC_PASSWORD_WORDS: Final = re.compile(
    r"(?i)pass(?:w(?:or)?d)?|secret|admin|test|demo|example|sample|changeme|default|qwerty|123456|letmein|"
    r"welcome|dummy|foobar|hunter2|mypass|root|guest|temp"
)
# $NAME, ${...}, $(...), %NAME%, %(...), @name: a shell, batch, template or SQL variable when a name follows the sigil
_SIGIL: Final = re.compile(r"^[$%@]([{(]?)([^%}\s)]*)")
_CODE_REFERENCE: Final = re.compile(
    r"^(?:process\.env|os\.environ|os\.getenv|env\.|ENV\[|getenv|config\.|settings\.|self\.|this\.|"
    r"secrets\.|vars\.|params\.|args\.|options\.|props\.|request\.|req\.|ctx\.|context\.)"
)
# str.format's and printf's fields ({}, {0}, {user.name}, %(password)s, %s): the value is a template
_FORMAT_FIELD: Final = re.compile(r"\{[\w.\[\]]{0,40}\}|%\(\w{1,40}\)[sd]|%[sd](?![A-Za-z0-9])")
# a character class with a quantifier, a class escape or a group extension: a regular expression
_REGEX_SHAPED: Final = re.compile(r"\[[^\]]{1,80}\][+*?{]|\\[dwsDWSb]|\(\?[:=!<P]")
_CALL_EXPRESSION: Final = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\([^()]{0,80}\)$")
_CODE_NAME: Final = re.compile(r"^[A-Za-z_$][\w$.]*$")
_MASKED_KEY: Final = re.compile(r"^[a-z]{2,5}[_\-](?:[a-z]{2,8}[_\-])?[A-Za-z0-9]{0,8}(?:\.{3}|…|\*{3})")
_WORD_CHUNK: Final = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# A private key written as a hex literal (0x + 64 hex digits: a secp256k1 or Ed25519 key, as wallets export it):
# under a private-key label the 0x is notation, and the digits are judged as any labelled hex value.
_PRIVATE_KEY_LABEL: Final = re.compile(r"(?i)priv(?:ate)?[_\-.]?key$")
_HEX_LITERAL: Final = re.compile(r"^0x(?=[0-9a-fA-F]{64}$)")
# A name with a version or year after it (license ids like "adi-bsd-2011", "3D-Slicer-1.0", package pins)
_VERSIONED_NAME: Final = re.compile(
    r"^(?=.*[A-Za-z]{3})[A-Za-z0-9][A-Za-z0-9+.\-]{0,60}-v?(?:\d{1,3}(?:\.\d{1,4}){1,2}|(?:19|20)\d\d)$"
)


# After "is" a sentence may go on to describe: "SHA256-hashed", "case-sensitive", "32-chars", "K8s-ready", a date.
_DESCRIPTIVE: Final = re.compile(r"^[\d\-/.:]+$|(?:^|[-+])[a-z]{3,}(?:[-+]|$)")


@dataclass(frozen=True, slots=True)
class LabelledValue:
    start: int
    end: int
    is_password: bool


def labelled_values(text: str) -> Iterator[LabelledValue]:
    """Every credential-labelled value in ``text`` that reads as a real credential."""
    covered = 0
    if not mentions_secret_word(text):
        return
    for word_start, word_end in _SECRET_WORD.spans(text):
        if word_start < covered:
            continue
        label_start = _label_start(text, word_start)
        right = _LABEL_RIGHT.match(text, word_end)
        label_end = right.end() if right else word_end
        covered = label_end
        label = text[label_start:label_end]
        before = text[max(0, label_start - 24):label_start]
        # a flag (--password) is a label of its own: the word before it is another option's value (-u admin)
        spaced = None if label.startswith("-") else _SPACED_PREFIX.search(before) or _named_prefix(before, label)
        if spaced:
            label = spaced.group(1) + "_" + label  # "api key: ..." reads as api_key, "Mailgun key:" as mailgun_key
        kind = _label_kind(label.lstrip("-"), flag=label.startswith("-"))
        if kind is None:
            continue
        m = _ASSIGN.match(text, label_end)
        if m is None or (m.group("op").isspace() and not label.startswith("-") and m.group("scheme") is None):
            continue  # "token abc" in prose is not an assignment; "--token abc" and "Token: Bearer abc" are
        if m.group("op") == ":" and label_start and text[label_start - 1] == ":" and m.end("op") == label_end + 1:
            continue  # a segment of a colon-separated name (arn:aws:secretsmanager:...:secret:prod/db), not a label
        if m.group("op") in _PROSE_OPS and len([p for p in _SPLIT.split(label) if p]) < 2:
            continue  # "the key is ..." names nothing (the random-token layer judges it); "the Stripe key is ..."
            # and "set API_TOKEN to ..." name a credential
        start = m.start("value")
        value = _quoted_value(text, start, m.group("quote")) or m.group("value").rstrip(".:")
        if label_start and text[label_start - 1] in "?&" and not m.group("quote"):
            value = value.split("&", 1)[0]  # a URL's query parameter ends at the next one (?api_key=...&page=2)
        if not value or (m.group("op") == ":" and not m.group("quote") and _YAML_TAG.match(value)):
            continue  # password: !vault | (an encrypted block follows), token: !secret api_token (a reference)
        if m.group("op") in _PROSE_OPS and not m.group("quote") and describes_rather_than_shows(value):
            continue  # "the API key is 32-chars", "the password is case-sensitive"
        if _is_credential(value, kind, text[max(0, label_start - 40):label_start] + label,
                          text[start + len(value):start + len(value) + 120], text[start + len(value):][:1]):
            yield LabelledValue(start, start + len(value), kind == "password")


def describes_rather_than_shows(value: str) -> bool:
    """Whether a value after "is" reads as the sentence describing the credential (a hyphenated adjective with a
    lower-case word in it, a date) rather than giving it."""
    return _DESCRIPTIVE.search(value) is not None


def reads_as_credential(value: str, *, is_password: bool) -> bool:
    """Whether ``value``, named a password or a key only by the sentence around it, passes the strict tests: a
    chosen password, or for a key or token a value random on its own (a lone word is weak evidence)."""
    return _is_credential(value, "password" if is_password else "bare-key", "", "", "")


def _named_prefix(before: str, label: str) -> re.Match[str] | None:
    """The name before a lone credential word (key, token, secret), when it is one."""
    if label.lower() not in ("key", "token", "secret", "secret_key", "api_key", "api_token"):
        return None
    m = _NAMED_PREFIX.search(before)
    return m if m is not None and m.group(1).lower() not in _NOT_A_NAME else None


def _quoted_value(text: str, start: int, quote: str | None) -> str | None:
    """A quoted value runs to its closing quote, parentheses and all (Django's SECRET_KEY = '...(...')."""
    if not quote:
        return None
    close = text.find(quote, start, start + 257)
    value = text[start:close] if close != -1 else ""
    return value if value and not any(map(str.isspace, value)) else None


def mentions_secret_word(text: str) -> bool:
    """Whether ``text`` holds a credential word (token, secret, pass, key, ...) at all: a cheap screen before the
    label rules."""
    lower = text.lower()
    return any(word in lower for word in _SECRET_WORDS)


def labelled_credential(label: str, value: str) -> bool:
    """Whether ``value``, shown beside ``label`` with no assignment between them (a table cell under or beside a
    "Datadog API key" cell), reads as a real credential by the same rules as an assignment."""
    words = "_".join(label.strip(" *`_:").split())
    if not words or len(words) > _LABEL_REACH:
        return False
    kind = _label_kind(words, flag=False)
    return kind is not None and bool(value) and _is_credential(value, kind, words, "", "")


def names_a_non_secret(label: str) -> bool:
    """Whether a column header or label names something that is not a secret (ID, Hash, Name, URL, Public key)."""
    parts = [p.lower() for p in _SPLIT.split("_".join(label.strip(" *`_:").split())) if p]
    return any(p in _NOT_SECRET_AFTER or p in _NOT_SECRET_ANYWHERE for p in parts)


def names_something_else(label: str) -> bool:
    """Whether ``label`` holds a credential word but names something else by it (nextPageToken, key_id,
    recaptcha_site_key, sha256_key): the value under it is no credential however random it reads."""
    parts = [p for p in _SPLIT.split(label) if p]
    return len(parts) >= 2 and mentions_secret_word(label) and _label_kind(label, flag=False) is None


def names_a_credential(label: str) -> bool:
    """Whether a provider-named label (DATADOG_API_KEY, heroku_app_id) names the credential itself."""
    parts = [p.lower() for p in _SPLIT.split(label) if p]
    return not any(p in _NOT_SECRET_ANYWHERE or p in _NOT_SECRET_AFTER or p == "site" for p in parts[1:])


def _label_start(text: str, pos: int) -> int:
    """Where the identifier holding text[pos] starts (at most _LABEL_REACH characters back)."""
    floor = max(0, pos - _LABEL_REACH)
    while pos > floor and text[pos - 1] in _LABEL_CHARS:
        pos -= 1
    return pos


def _label_kind(label: str, flag: bool) -> str | None:
    """"password", "secret" or "bare-key" for a credential label, None for anything else."""
    if "." in label.rstrip(".") and not mentions_secret_word(label.rstrip(".").rsplit(".", 1)[1]):
        return None  # key_priv.curve, token.kind: a dotted name names its last part, here not a credential
    parts = [word for p in _SPLIT.split(label) if p for word in _unglued(p.lower())]
    if not parts or len(parts) > 7:
        return None
    positions = [i for i, p in enumerate(parts) if p in _SECRET_PARTS]
    if not positions or any(p in _NOT_SECRET_ANYWHERE for p in parts):
        return None
    last = positions[-1]
    if any(p in _NOT_SECRET_AFTER for p in parts[last + 1:]):
        return None
    if len(parts) - last > 3:
        return None  # the credential word is far from the end: secret_rotation_days_count
    if parts[last] in ("tokens", "secrets") and not flag:
        return None  # max_tokens, "secrets:" sections
    word = parts[last]
    if word in ("pass", "pw", "auth", "key") and len(parts) == 1 and not flag and label.isupper():
        return None  # PASS: in test logs, KEY: in tables; DB_PASS and API_KEY keep their qualifier
    if word == "key" and _KEY_ID_OWNERS.intersection(parts) and not {"private", "secret"}.intersection(parts):
        return None  # GPG_KEY, PGP_KEY: an OpenPGP key named by its id or fingerprint, public by design
    if word == "key" and "site" in parts[:last]:
        return None  # a CAPTCHA's site key is embedded in every page that shows it; its secret key is the secret
    if word == "token" and last and parts[last - 1] in ("next", "prev", "previous"):
        return None  # NextToken, prev_token: where a paged listing resumes
    if word == "key" and len(parts) == 1:
        return "bare-key"
    return "password" if word in _PASSWORD_PARTS else "secret"


def _unglued(part: str) -> tuple[str, ...]:
    """``pgpassword`` as ("pg", "password"), ``password2`` as ("password",); any other part as itself."""
    numbered = _NUMBERED.match(part)
    if numbered is not None and numbered.group(1) in _SECRET_PARTS:
        return (numbered.group(1),)  # db_password2, static_key01: the number tells several credentials apart
    m = _GLUED_PASSWORD.match(part)
    if m is None:
        return (part,)
    return tuple(g for g in m.groups() if g)


def _is_credential(value: str, kind: str, before: str, after: str, next_char: str) -> bool:
    if next_char == "(" or _DOC_VALUES.match(value) or _CODE_REFERENCE.match(value) or _sigil_reference(value):
        return False
    if _FORMAT_FIELD.search(value) or _CALL_EXPRESSION.match(value) or _REGEX_SHAPED.search(value):
        return False  # "prefix_{0}", "%(pw)s": a template; "obj.load()": code quoted as a string; "[a-z]+": a regex
    if placeholder_reason(value) is not None:
        return _MASKED_KEY.match(value) is not None  # sk-proj-...abcd: reported, then made info as a placeholder
    if _is_code_name(value) or _is_sequence(value) or _VERSIONED_NAME.match(value):
        return False
    if kind == "password":
        return _is_chosen_password(value)
    if len(value) < 8:
        return False
    # a bare "key" (a dict key, a cipher test vector) is weak evidence: only a value random on its own counts
    strong = kind != "bare-key"
    body = _strip_prefix(value) if not _PRIVATE_KEY_LABEL.search(before) else _HEX_LITERAL.sub("", value)
    random = looks_random(body, min_length=8, labelled=strong) or (
        strong and (_plausible_named_key(body) or _numeric_key(body)))
    return random and not is_hash_context(before, after)


def _plausible_named_key(body: str) -> bool:
    """Under a label that names a key, token or secret (api_key, SLACK_TOKEN), the label is the evidence a provider's
    prefix is elsewhere: the value then passes the test a prefixed key body passes (plausible_key_body), which
    refuses runs, repeats and words run together but not the 1-2% of random draws looks_random refuses. Long
    enough, of two character classes or more, both cases in fair shares when it has both (a hex digest behind a
    capital prefix, SK4aff..., is no base62 draw), with no common word in it."""
    if not _KEY_ALPHABET.fullmatch(body):
        return False  # brackets, stars, parentheses: a pattern or an expression, not drawn from a key alphabet
    lower, upper = sum(map(str.islower, body)), sum(map(str.isupper, body))
    classes = (lower > 0) + (upper > 0) + any(map(str.isdigit, body))
    if len(body) < _NAMED_KEY_MIN or classes < 2 or (lower and upper and min(lower, upper) < 0.12 * (lower + upper)):
        return False
    return not has_words(body) and plausible_key_body(body)


def _is_chosen_password(value: str) -> bool:
    """A password someone set, not one written to show the syntax: 6+ characters, two character classes, no
    documentation words (password123, admin, changeme), not a plain word."""
    if len(value) < 6 or _DOC_PASSWORD_WORDS.search(value) or value.count("/") >= 2:
        return False  # two slashes: a path (PASS: binutils-all/i386/empty), not a password
    if _DOC_PASSWORD_WORDS.search(value.lower().translate(_LEET)):
        return False  # P@ssw0rd, S3cr3t!, Adm1n: the same documentation words, spelled with look-alike symbols
    classes = sum((any(map(str.islower, value)), any(map(str.isupper, value)),
                   any(map(str.isdigit, value)), not all(map(str.isalnum, value))))
    return classes >= 2 and shannon_entropy(value) >= 2.5 and not (value.isalpha() and has_words(value))


def _strip_prefix(value: str) -> str:
    """The random body of a key with a short vendor prefix (abc_live_XXXX, key-XXXX)."""
    m = re.match(r"^(?:[A-Za-z]{2,8}[_\-.]){1,2}(?=.{16})", value)
    return value[m.end():] if m else value


def _sigil_reference(value: str) -> bool:
    """A value behind $, % or @ is a variable when a bracket or a name follows the sigil; a random body
    (``@o0ZjxQAKEca75ch``) is a password that happens to start with one of those characters."""
    m = _SIGIL.match(value)
    if m is None:
        return False
    bracket, body = m.groups()
    return bool(bracket) or not body or _is_code_name(body) or body.isdigit()


def _is_code_name(value: str) -> bool:
    """An identifier or dotted reference: no digits at all, or snake_case/dotted, or made of long words."""
    if not _CODE_NAME.match(value):
        return False
    if "." in value:
        return True
    if not any(map(str.isdigit, value)):
        return not _random_letters(value)
    chunks = _WORD_CHUNK.findall(value)
    return "_" in value and bool(chunks) and sum(map(len, chunks)) / len(chunks) >= 4


def _numeric_key(value: str) -> bool:
    """A decimal key (some providers issue digits only) under a named label: 20 digits or more, longer than any
    64-bit count, id, port, size or timestamp (at most 20 digits, 19 for a signed one), and spread like random
    digits (above the 1st-percentile entropy of a uniform 20-digit draw, 2.5 bits) rather than a run or a count."""
    return len(value) >= _NUMERIC_KEY_MIN and value.isdigit() and shannon_entropy(value) >= _NUMERIC_KEY_ENTROPY


def _random_letters(value: str) -> bool:
    """A long run of letters whose case changes every two or three characters (qWxZbTrkLmPa...): drawn from a key
    alphabet that happened to hold no digit, not a name, whose case-runs are words (getApiKeyFromVault)."""
    chunks = _WORD_CHUNK.findall(value)
    return len(value) >= _NAMED_KEY_MIN + 4 and bool(chunks) and sum(map(len, chunks)) / len(chunks) <= 3.0


def _is_sequence(value: str) -> bool:
    """abcdef..., 123456..., 0123456789abcdef: a keyboard run typed as an example, not a key."""
    core = "".join(filter(str.isalnum, value.lower()))
    if len(core) < 8:
        return False
    codes = list(map(ord, core))
    steps = list(map(operator.sub, codes[1:], codes[:-1])).count(1)  # C loops: values can be long
    return steps >= 0.6 * (len(core) - 1)
