"""Secret detection v2: the provider table, its keyword screen, the GitHub/npm checksum, the randomness model,
credential labels, and the hard negatives (placeholders, examples, hashes, ids, code, public keys)."""

from __future__ import annotations

import random
import re
import string
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.keyword_screen import KeywordScreen
from aiwarden.guard.secret_checksums import crc32_base62, github_checksum_ok
from aiwarden.guard.secret_entropy import alphabet_of, is_hash_context, looks_random
from aiwarden.guard.secret_rules import PROVIDERS, RULES
from aiwarden.guard.types import OutputContext
from tests.guard.secret_nearmiss_samples import positives as exact_positives
from tests.guard.secret_samples import B62, HEX, LOWER36, Maker, negatives, positives

CTX = OutputContext()
POSITIVES = [p for seed in range(3) for p in positives(seed)]
NEGATIVES = [n for seed in (1, 2) for n in negatives(seed)]
EXACT = exact_positives(3)


def _blocking(text: str) -> list[tuple[int, int, str]]:
    return [(*f.span, f.rule_id) for f in secrets.detect(text, CTX) if f.severity > Severity.INFO and f.span]


@pytest.mark.parametrize(("family", "text", "secret"), POSITIVES,
                         ids=[f"{p[0]}-{i}" for i, p in enumerate(POSITIVES)])
def test_each_provider_family_is_found_and_covered(family: str, text: str, secret: str) -> None:
    at = text.find(secret)
    spans = _blocking(text)
    if family in ("twilio", "keyword") and not spans:
        # a uniform hex/lower-case draw falls under the 1st-percentile entropy floor about 1 time in 100
        assert not looks_random(secret, labelled=True)
        return
    assert any(s <= at and e >= at + len(secret) for s, e, _ in spans), (family, spans)


@pytest.mark.parametrize("text", NEGATIVES)
def test_lookalikes_raise_nothing_above_info(text: str) -> None:
    assert _blocking(text) == []


def test_the_table_covers_150_providers_and_every_rule_compiles() -> None:
    assert len(PROVIDERS) >= 150
    for rule in RULES:
        re.compile(rule.pattern)
        assert rule.keywords and all(k == k.lower() for k in rule.keywords), rule.rule_id


def test_the_keyword_screen_finds_every_keyword_and_those_inside_it() -> None:
    screen = KeywordScreen(["sk", "sk_live_", "live_", "ghp_", "xoxb-"])
    assert screen.present("we ASK about Sk_Live_x and xoxb-1") == {"sk", "sk_live_", "live_", "xoxb-"}
    assert screen.present("nothing here") == set()


def test_screening_drops_no_finding() -> None:
    """The screen is an optimisation only: every rule that would report something is among those it runs."""
    for _, text, _ in POSITIVES:
        reporting = {index for index, compiled in enumerate(secrets._COMPILED)
                     if any(secrets._provider_finding(compiled, m, text) for m in compiled.pattern.finditer(text))}
        assert reporting <= set(secrets._rules_to_run(secrets._SCREEN.present(text)))


def _min_width(pattern: str, group: int | None) -> int:
    """The fewest characters ``pattern`` (or its numbered ``group``) can match."""
    def find(sub: Any) -> Any:
        for op, av in sub:
            if op is _constants.SUBPATTERN and av[0] == group:
                return av[3]
            children = [av[3]] if op is _constants.SUBPATTERN else av[1] if op is _constants.BRANCH else \
                [av[2]] if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) else []
            for child in children:
                found = find(child)
                if found is not None:
                    return found
        return None
    tree = _parser.parse(pattern)
    return int((find(tree) if group is not None else tree).getwidth()[0])


def test_every_key_is_long_enough_for_the_screen_to_see_its_word() -> None:
    for rule in RULES:
        groups = re.compile(rule.pattern).groupindex
        assert _min_width(rule.pattern, groups.get("key")) >= secrets.SCREEN_MIN_RUN, rule.rule_id


def test_the_screen_skips_prose_and_keeps_labels_before_a_long_word() -> None:
    screen = KeywordScreen(["heroku", "ghp_"], min_run=12, reach=40)
    assert screen.present("heroku is a platform; ghp_ starts a token") == set()  # no word long enough
    assert screen.present("HEROKU_API_KEY = 0f1e2d3c-4b5a-4968-8776-655443322110") == {"heroku"}
    assert screen.present("heroku " + "x " * 40 + "abcdefghijklmnop") == set()  # label out of reach


def test_the_screen_finds_what_scanning_everything_finds() -> None:
    full = KeywordScreen(k for r in RULES for k in r.keywords)
    for _, text, _ in POSITIVES + EXACT:
        rules = {i for k in full.present(text) for i in secrets._RULES_BY_KEYWORD.get(k, ())}
        reporting = {i for i in rules if any(secrets._provider_finding(secrets._COMPILED[i], m, text)
                                             for m in secrets._COMPILED[i].pattern.finditer(text))}
        assert reporting <= set(secrets._rules_to_run(secrets._SCREEN.present(text))), text[:60]


def test_github_checksum_separates_real_tokens_from_edited_ones() -> None:
    token = Maker(5).crc_token("ghp_")
    assert github_checksum_ok(token) is True
    edited = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert github_checksum_ok(edited) is False
    assert github_checksum_ok("ghp_short") is None
    assert crc32_base62("") == "000000"
    real, fake = secrets.detect(token, CTX)[0], secrets.detect(edited, CTX)[0]
    assert (real.severity, real.score) == (Severity.CRITICAL, 0.99)
    # an edited or invented token is no live key as shown, but one repair away from one: medium and redacted
    assert fake.severity == Severity.MEDIUM and fake.score < real.score and fake.replacement
    assert "possibly edited or invented" in fake.message


@pytest.mark.parametrize("text", ["sk_test_" + "a1B2c3D4e5F6g7H8i9J0k1L2", "rzp_test_" + "Ab12Cd34Ef56Gh",
                                  "pk_live_" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2", "EZTK" + "a1" * 27])
def test_test_mode_and_publishable_keys_are_info_and_not_redacted(text: str) -> None:
    findings = secrets.detect(text, CTX)
    assert findings and all(f.severity == Severity.INFO and f.replacement is None for f in findings)


@pytest.mark.parametrize(("alphabet", "length"), [(HEX, 32), (HEX, 40), (LOWER36, 20), (LOWER36, 32), (B62, 24),
                                                  (B62, 40), (B62 + "+/", 64)])
def test_uniform_random_keys_pass_the_labelled_model(alphabet: str, length: int) -> None:
    rng = random.Random(length)
    draws = ["".join(rng.choice(alphabet) for _ in range(length)) for _ in range(300)]
    passed = sum(looks_random(d, labelled=True) for d in draws)
    assert passed >= 0.95 * len(draws)


def test_unlabelled_hex_and_uuids_never_pass() -> None:
    rng = random.Random(3)
    for _ in range(200):
        assert not looks_random("".join(rng.choice(HEX) for _ in range(40)))
    assert not looks_random("123e4567-e89b-42d3-a456-426614174000")
    assert alphabet_of("deadBEEF") == "base62" and alphabet_of("deadbeef") == "hex"


@pytest.mark.parametrize("value", ["getUserAccessTokenFromRefreshToken", "application_configuration_value",
                                   "passwordResetTokenExpiration", "1234567890123456", "aaaaaaaaaaaaaaaa",
                                   "correcthorsebatterystaple2024"])
def test_words_names_and_numbers_are_not_random(value: str) -> None:
    assert not looks_random(value, labelled=True)


def test_hash_context_by_label_and_by_file_name() -> None:
    assert is_hash_context("sha256: ", "")
    assert is_hash_context("commit ", "")
    assert is_hash_context("", "  dist/aiwarden-1.0.tar.gz")
    assert not is_hash_context("api_key = ", " # prod")


@pytest.mark.parametrize(("text", "value"), [
    ("export PAYMENTS_API_TOKEN=" + "q7w2e9r4t1y8u3i6o0p5", "q7w2e9r4t1y8u3i6o0p5"),
    ('{"client_secret": "' + "Zt8kQ2mX9vB4nL7pR3sW6yH1" + '"}', "Zt8kQ2mX9vB4nL7pR3sW6yH1"),
    ("X-Api-Key: " + "e4d909c290d0fb1ca068ffaddf22cbd0", "e4d909c290d0fb1ca068ffaddf22cbd0"),
    ("mytool --auth-token " + "Kx82jLq0Zr5mW3vT9nB1", "Kx82jLq0Zr5mW3vT9nB1"),
    ("SECRET_KEY = '" + "k9#x!2(v)m8_q%z4r7" + "'", "k9#x!2(v)m8_q%z4r7"),
])
def test_labelled_values_in_every_syntax(text: str, value: str) -> None:
    assert (text.find(value), text.find(value) + len(value), "secrets.generic-assignment") in _blocking(text)


def test_masks_evidence_and_keeps_the_detector_api() -> None:
    rng = random.Random(9)
    token = "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
    findings = secrets.detect(f"key id {token}", CTX)
    assert [f.rule_id for f in findings] == ["secrets.aws-access-key"]
    assert findings[0].evidence == "AKIA…" and findings[0].replacement == "SECRET"
