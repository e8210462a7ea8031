"""Exact-format provider keys and their near misses, written for these tests from each provider's documented
format (prefix, body alphabet, body length, checksum). No scanner's or vendor's example is reused.

A near miss is what a secret scanner's own rule tests mark "should not match": the prefix with a body one
character short or long, one character outside the alphabet, a failed checksum, the prefix alone, a masked,
truncated, templated or placeholder value, a name or path that contains the prefix, a public identifier, a
test-mode key, a key split across lines, an empty label, a code expression, base64 of ordinary text.
Shared by tests/guard/test_secret_nearmiss.py and benchmarks/guard_secrets_offline.py.
"""

from __future__ import annotations

import base64
import string
from collections.abc import Callable
from dataclasses import dataclass

from tests.guard.secret_samples import B62, HEX, URLSAFE, Maker

UPPER_B32 = string.ascii_uppercase + "234567"
LETTERS = string.ascii_letters
UPPER36 = string.ascii_uppercase + string.digits
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l".upper()


@dataclass(frozen=True)
class Format:
    family: str
    env: str  # the variable it is usually kept in
    prefix: str
    alphabet: str
    length: int  # of the body after the prefix
    suffix: str = ""
    checksum: bool = False  # GitHub/npm CRC32 in the last 6 characters

    def make(self, m: Maker) -> str:
        if self.checksum:
            return m.crc_token(self.prefix)
        return self.prefix + m.r(self.length, self.alphabet) + self.suffix


# Fixed-length formats, as the providers document them (and gitleaks/trufflehog encode them).
FORMATS: tuple[Format, ...] = (
    Format("github", "GITHUB_TOKEN", "ghp_", B62, 36, checksum=True),
    Format("github", "GH_OAUTH_TOKEN", "gho_", B62, 36, checksum=True),
    Format("github", "GITHUB_APP_TOKEN", "ghs_", B62, 36, checksum=True),
    Format("npm", "NPM_TOKEN", "npm_", B62, 36, checksum=True),
    Format("aws", "AWS_ACCESS_KEY_ID", "AKIA", UPPER_B32, 16),
    Format("google", "GOOGLE_API_KEY", "AIza", URLSAFE, 35),
    Format("gitlab", "GITLAB_TOKEN", "glpat-", URLSAFE, 20),
    Format("gitlab", "RUNNER_TOKEN", "glrt-", URLSAFE, 20),
    # (Shopify's tokens are base62 of 32 to 64 characters since 2024: no one length to miss by one, so they are
    # tested in test_secret_keyword_anchored.py.)
    Format("digitalocean", "DIGITALOCEAN_TOKEN", "dop_v1_", HEX, 64),
    Format("databricks", "DATABRICKS_TOKEN", "dapi", HEX, 32),
    Format("sentry", "SENTRY_AUTH_TOKEN", "sntryu_", HEX, 64),
    Format("rubygems", "GEM_HOST_API_KEY", "rubygems_", HEX, 48),
    Format("pulumi", "PULUMI_ACCESS_TOKEN", "pul-", HEX, 40),
    Format("prefect", "PREFECT_API_KEY", "pnu_", B62, 36),
    Format("perplexity", "PERPLEXITY_API_KEY", "pplx-", B62, 48),
    Format("groq", "GROQ_API_KEY", "gsk_", B62, 52),
    Format("xai", "XAI_API_KEY", "xai-", B62, 80),
    Format("replicate", "REPLICATE_API_TOKEN", "r8_", B62, 37),
    Format("linear", "LINEAR_API_KEY", "lin_api_", B62, 40),
    Format("huggingface", "HF_TOKEN", "hf_", LETTERS, 34),
    Format("mailgun", "MAILGUN_API_KEY", "key-", HEX, 32),
    Format("twilio", "TWILIO_API_KEY", "SK", HEX, 32),
    Format("heroku", "HEROKU_API_KEY", "HRKU-AA", URLSAFE, 58),
    Format("supabase", "SUPABASE_ACCESS_TOKEN", "sbp_", HEX, 40),
    Format("newrelic", "NEW_RELIC_API_KEY", "NRAK-", UPPER36, 27),
    Format("age", "AGE_KEY", "AGE-SECRET-KEY-1", BECH32, 58),
    Format("anthropic", "ANTHROPIC_API_KEY", "sk-ant-api03-", URLSAFE, 93, suffix="AA"),
    Format("dockerhub", "DOCKERHUB_TOKEN", "dckr_pat_", URLSAFE, 27),
)

_CONTEXTS: tuple[Callable[[str, str], str], ...] = (
    lambda env, k: f"export {env}={k}",
    lambda env, k: f'{{"{env.lower()}": "{k}"}}',
    lambda env, k: f"Use this key: {k}",
    lambda env, k: f"    {env.lower()}: {k}\n",
    lambda env, k: f"client = Client(token=\"{k}\")",
    lambda env, k: f"{env}='{k}' ./deploy.sh",
    lambda env, k: f"I found {k} in the logs.",
    lambda env, k: f"Authorization: Bearer {k}",
    lambda env, k: f"- name: {env}\n  value: {k}",
    lambda env, k: f"| {env} | `{k}` |",
)


def positives(seed: int = 0) -> list[tuple[str, str, str]]:
    """(family, text, key): every format in every context, with a fresh random body each time."""
    m = Maker(seed)
    out = []
    for fmt in FORMATS:
        for context in _CONTEXTS:
            key = fmt.make(m)
            out.append((fmt.family, context(fmt.env, key), key))
    # multi-part formats
    for _ in range(5):
        out.append(("slack", f"SLACK_BOT_TOKEN={(k := _slack_bot(m))}", k))
        out.append(("sendgrid", f"sg.api_key = '{(k := 'SG.' + m.r(22, URLSAFE) + '.' + m.r(43, URLSAFE))}'", k))
        out.append(("openai", f"OPENAI_API_KEY={(k := 'sk-proj-' + m.r(74, URLSAFE) + 'T3BlbkFJ' + m.r(74, URLSAFE))}",
                    k))
        out.append(("github", f"token: {(k := 'github_pat_' + m.r(22) + '_' + m.r(59))}", k))
        out.append(("postman", f"x-api-key: {(k := 'PMAK-' + m.r(24, HEX) + '-' + m.r(34, HEX))}", k))
        out.append(("grafana", f"GRAFANA_SA_TOKEN={(k := 'glsa_' + m.r(32) + '_' + m.r(8, HEX))}", k))
    return out


def _slack_bot(m: Maker) -> str:
    return f"xoxb-{m.r(12, string.digits)}-{m.r(13, string.digits)}-{m.r(24)}"


def _outside(alphabet: str) -> str:
    """A character a key of this alphabet never holds, that still glues to the key (no space or quote)."""
    for c in "gG!%.~+@":
        if c not in alphabet:
            return c
    return "!"


def near_misses(seed: int = 1) -> list[tuple[str, str]]:
    """(kind, text) pairs that hold no live credential."""
    m = Maker(seed)
    out: list[tuple[str, str]] = []

    def add(kind: str, text: str) -> None:
        out.append((kind, text))

    for fmt in FORMATS:
        env, p, n = fmt.env, fmt.prefix, fmt.length
        good = fmt.make(m)
        add("one-short", f"{env}={p}{m.r(n - 1 + len(fmt.suffix), fmt.alphabet)}")
        long_body = m.r(n + 1, fmt.alphabet) + fmt.suffix
        add("one-long", f"{env}={p}{long_body}")
        body = m.r(n, fmt.alphabet)
        mid = n // 2
        add("outside-alphabet", f"{env}={p}{body[:mid]}{_outside(fmt.alphabet)}{body[mid + 1:]}{fmt.suffix}")
        if fmt.checksum:
            last = good[-1]
            add("bad-checksum", f"{env}={good[:-1]}{'A' if last != 'A' else 'B'}")
            add("bad-checksum", f"token {good[:-6]}{m.r(6)} was revoked")
        add("prefix-only", f"Tokens start with `{p}`, followed by the key.")
        add("prefix-only", f"{env}={p}")
        add("masked", f"{env}={p}{body[:4]}...{body[-4:]}")
        add("masked", f"Your key {p}****************{body[-4:]} was created.")
        add("masked", f"{env}={p}{'*' * n}")
        add("truncated", f"{env}={good[: len(p) + n // 2]}…")
        add("placeholder", f"{env}={p}{'x' * n}")
        add("placeholder", f"{env}={p}<your-key-here>")
        add("placeholder", f"{env}={p}{'0' * n}")
        add("templated", f"{env}={p}${{{env}_SUFFIX}}")
        add("templated", f"{env}: \"{{{{ secrets.{env} }}}}\"")
        add("expression", f"{env.lower()} = os.environ[\"{env}\"]")
        add("expression", f"const key = process.env.{env};")
        add("name", f"def parse_{p.strip('_-.').lower()}_token(value): ...")
        add("path", f"See docs/{p.strip('_-.').lower()}-rotation.md and /static/img/{p}setup.png")
        add("split", f"{env}={p}{body[:n // 2]}\n{body[n // 2:]}")
        add("empty", f"{env}=")

    _generic(m, add)
    return out


def _generic(m: Maker, add: Callable[[str, str], None]) -> None:
    """Near misses that belong to no one provider."""
    sentence = b"The quarterly report is attached; please review the figures before Friday's meeting."
    add("encoded-text", "data: " + base64.b64encode(sentence).decode())
    add("encoded-text", "echo " + base64.b64encode(b"hello world, this is only a test message").decode()
        + " | base64 -d")
    add("encoded-text", "SGVsbG8gZnJvbSB0aGUgb3RoZXIgc2lkZSBvZiB0aGUgd29ybGQsIG15IGZyaWVuZA==")
    add("public-id", f"GOOGLE_CLIENT_ID={m.r(12, string.digits)}-{m.r(32, string.ascii_lowercase + string.digits)}"
        ".apps.googleusercontent.com")
    add("public-id", f"GITHUB_CLIENT_ID=Iv1.{m.r(16, HEX)}")
    add("public-id", f"AWS account id: {m.r(12, string.digits)}")
    add("public-id", f"stripe account acct_{m.r(16)}")
    add("public-id", f"STRIPE_PUBLISHABLE_KEY=pk_live_{m.r(24)}")
    add("public-id", f"Slack channel C{m.r(10, UPPER36)} in workspace T{m.r(8, UPPER36)}")
    add("public-id", f"arn:aws:iam::{m.r(12, string.digits)}:role/deploy")
    add("test-mode", f"STRIPE_SECRET_KEY=sk_test_{m.r(24)}")
    add("test-mode", f"rk_test_{m.r(24)}")
    add("test-mode", f"RAZORPAY_KEY_ID=rzp_test_{m.r(14)}")
    add("hash", f"sha256 {m.r(64, HEX)}")
    add("hash", f"git commit {m.r(40, HEX)}")
    add("hash", f"checksum: {m.r(32, HEX)}")
    add("expression", "api_key = getenv(\"API_KEY\")")
    add("expression", "password = vault.read('secret/data/db')['password']")
    add("expression", "  valueFrom:\n    secretKeyRef:\n      name: api-credentials\n      key: token")
    add("expression", "token: !vault |\n  $ANSIBLE_VAULT;1.1;AES256")
    add("expression", "secretRef: api-token")
    add("expression", "API_KEY = config[\"api_key\"]")
    add("expression", "token = ENV.fetch('SERVICE_TOKEN')")
    add("expression", "client_secret: ${{ secrets.CLIENT_SECRET }}")
    add("empty", "api_key: \"\"")
    add("empty", "password:")
    add("empty", "token = ''  # set in production")
    add("masked", "OPENAI_API_KEY=sk-...AbCd")
    add("masked", "api_key: ••••••••••••3f9a")
    add("masked", "Your token: ghp_••••••••••••••••••••••••••••••••1a2B")
    add("name", "The function get_aws_access_key_id returns the key id from the profile.")
    add("name", "sk_live_mode_enabled = False")
    add("name", "xoxb_token_scopes = ['chat:write']")
    add("path", "https://example.com/assets/AKIA-logo.svg")
    add("path", "open('configs/glpat-expiry-report.csv')")
    add("unlabelled-random", f"build {m.r(40, string.ascii_lowercase + string.digits)} finished")
