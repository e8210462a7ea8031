"""Documented example keys, sandbox card numbers and placeholders are info, not secrets: shown, never redacted
or blocking. Anything random stays a finding."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.core.findings import Severity
from aiwarden.guard import pii, placeholders, secrets
from aiwarden.guard.placeholders import (
    _has_repeated_chunk,
    _has_typed_stretch,
    _is_keyboard_run,
    placeholder_reason,
)
from aiwarden.guard.types import OutputContext
from tests.guard.secret_samples import Maker

CTX = OutputContext()


@pytest.mark.parametrize("text", [
    "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_SECRET_ACCESS_KEY=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "api_key = 'sk-proj-...abcd'",
])
def test_placeholders_are_info_and_not_redacted(text: str) -> None:
    findings = secrets.detect(text, CTX)
    assert findings and all(f.severity == Severity.INFO and f.replacement is None for f in findings)
    assert all("not a live credential" in f.message for f in findings)


@pytest.mark.parametrize("text", ["AKIA2OGYBAH6STMMNXNN", Maker(7).crc_token("ghp_"),
                                  "secret = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'"])
def test_real_looking_credentials_stay_findings(text: str) -> None:
    findings = secrets.detect(text, CTX)
    assert findings and all(f.severity >= Severity.MEDIUM and f.replacement for f in findings)


@pytest.mark.parametrize(("text", "severity"), [("Stripe test card 4242 4242 4242 4242", Severity.INFO),
                                                ("visa 4111-1111-1111-1111", Severity.INFO),
                                                ("card 4539 5260 1815 9083", Severity.HIGH)])
def test_sandbox_card_numbers_are_info(text: str, severity: Severity) -> None:
    findings = pii.detect(text, CTX)
    assert [f.severity for f in findings] == [severity]
    assert (findings[0].replacement is None) == (severity == Severity.INFO)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["ghp_", "sk_live_", "xoxb-", "AKIA", "sk-proj-", ""]),
       st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", min_size=16, max_size=48))
def test_random_keys_are_never_taken_for_placeholders(prefix: str, body: str) -> None:
    if len(set(body.lower())) <= 2 or "example" in body.lower() or any(
            w in body.lower() for w in ("your", "dummy", "placeholder", "changeme", "redacted")) or \
            re.search(r"my(?:api)?(?:key|token|secret|password)|(?:key|token|secret)here|insert(?:key|token)",
                      body.lower()) or \
            _is_keyboard_run([c.lower() for c in body]) or _has_typed_stretch([c.lower() for c in body]) or \
            _has_repeated_chunk(body):
        return  # these bodies are placeholders by construction (hypothesis favours runs and repeats; random draws
        # hold them with odds ~1e-8, see test_random_draws_are_not_taken_for_typed_runs_or_repeats)
    assert placeholder_reason(prefix + body) is None


@pytest.mark.parametrize(("text", "severity"), [
    ("call +1 415 555 0132", Severity.INFO), ("call (415) 555-0199", Severity.INFO),
    ("call (415) 867-5309", Severity.MEDIUM), ("phone 020 7946 0958", Severity.INFO),
    ("+44 20 7946 0958", Severity.INFO), ("mobile 07700 900123", Severity.INFO),
    ("IBAN DE89 3704 0044 0532 0130 00", Severity.INFO), ("IBAN DE44 5001 0517 5407 3249 31", Severity.HIGH),
    ("mail user@example.com", Severity.INFO), ("mail ops@build.test", Severity.INFO),
    ("mail ops@halcyon-freight.co.uk", Severity.MEDIUM), ("SSN 078-05-1120", Severity.INFO),
    ("DNI 00000000-T", Severity.INFO),
])
def test_fictional_numbers_example_ibans_and_documentation_values_are_info(text: str, severity: Severity) -> None:
    findings = pii.detect(text, CTX)
    assert [f.severity for f in findings] == [severity]


def test_a_fictional_number_without_its_area_code_is_info() -> None:
    from aiwarden.guard import pii
    from aiwarden.guard.types import OutputContext

    found = pii.detect("Call our support line at 555-0143 (a demo number).", OutputContext())
    assert [(f.rule_id, str(f.severity)) for f in found] == [("pii.phone", "info")]
    real = pii.detect("Call our support line at 555-0243.", OutputContext())
    assert [str(f.severity) for f in real] != ["info"]


@pytest.mark.parametrize("value", [
    "sk-sUeBP9asw6GiYHXqtg70abcdefghJuLwJFco90bOpU0Nt",  # an alphabet run inside
    "tok_Zq7Xw2Rt5Y987654Io1Pa4SdF6gH9jK3",  # a descending digit run inside
    "qKirRWalryBGqKirRWalryBG",  # the same chunk twice
    "T11111AA/BAAAA111A/qKirRWalryBGqKirRWalryBG",
    "zpk_aAbBcCdDeEfFgGhHiIjJkKlL93e1",  # the alphabet typed in both cases
    "QqRrSsTtUuVvWwXxYyZz0123",
])
def test_typed_runs_and_repeated_chunks_inside_a_value_are_placeholders(value: str) -> None:
    assert placeholder_reason(value) is not None


def test_ids_beside_the_random_part_do_not_make_a_key_a_placeholder() -> None:
    assert placeholder_reason("xoxb-123456789012-1234567890123-2IyjV0ZgSclrudxsBmrtx2OB") is None


def test_random_draws_are_not_taken_for_typed_runs_or_repeats() -> None:
    import random
    import string

    rng = random.Random(7)
    for alphabet in (string.ascii_letters + string.digits, "0123456789abcdef", string.ascii_lowercase + string.digits):
        draws = ["".join(rng.choice(alphabet) for _ in range(rng.randint(16, 100))) for _ in range(2000)]
        flagged = [d for d in draws if placeholder_reason(d) is not None]
        assert len(flagged) <= 2, flagged[:3]  # the older run-of-two-characters rule may catch a rare short draw


def test_a_scan_works_out_each_values_reason_once_and_keeps_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    key = Maker(11).crc_token("ghp_")
    text = f"GITHUB_TOKEN={key}\nsecret = '{key}'\nAPI_KEY=your-api-key-here and the token is {key}"
    unremembered = secrets._detect(text)  # outside a scan's block: every rule works the reason out again
    counted: Counter[str] = Counter()
    reason = placeholders._reason

    def counting(value: str) -> str | None:
        counted[value] += 1
        return reason(value)

    monkeypatch.setattr(placeholders, "_reason", counting)
    assert secrets.detect(text, CTX) == unremembered
    assert counted and max(counted.values()) == 1
    assert placeholders._REMEMBERED.get() is None
