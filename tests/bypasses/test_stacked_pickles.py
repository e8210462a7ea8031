"""Stacked pickles: loaders that call pickle.load() in a loop (legacy torch, joblib, custom code) run every one.
A following pickle is found with the same loose rule as a first one, and pickles left unread because of the
count limit fail the gate instead of passing silently."""

import pickle
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import scan, worst
from tests.helpers import by_rule

PAYLOAD = b"cposix\nsystem\n(S'true'\ntR."
SG_PAYLOAD = b"\x8c\x05posix\x8c\x06system\x93\x8c\x04true\x85R."
BENIGN = pickle.dumps({"a": 1}, protocol=2)


@pytest.mark.parametrize("prefix", [b"\x880", b"\x8c\x01a0", b"M\x01\x000", b"\x95" + b"\0" * 8, b"\x8f0", b""])
@pytest.mark.parametrize("payload", [PAYLOAD, SG_PAYLOAD], ids=["GLOBAL", "STACK_GLOBAL"])
def test_second_pickle_with_any_first_opcode_is_analysed(tmp_path: Path, prefix: bytes, payload: bytes) -> None:
    report = scan(tmp_path, BENIGN + prefix + payload, "model.bin")
    assert worst(report) is Severity.CRITICAL, [(f.rule_id, f.severity) for f in report.findings]


@pytest.mark.parametrize("first", [BENIGN, b"\x88."], ids=["proto2", "headerless"])
@pytest.mark.parametrize("count", [64, 65, 69, 200])
def test_pickles_beyond_the_count_limit_fail_the_gate(tmp_path: Path, first: bytes, count: int) -> None:
    report = scan(tmp_path, first * count + b"\x880" + SG_PAYLOAD, "model.bin")
    assert worst(report) is not None and worst(report) >= Severity.HIGH, report.findings
    if count >= 69:  # the payload lies beyond the 64 analysed (65 when the first is read on its own)
        assert any(f.severity >= Severity.HIGH for f in by_rule(report, "scan.limit"))


def test_pickles_within_the_limit_are_all_analysed(tmp_path: Path) -> None:
    report = scan(tmp_path, BENIGN * 40 + SG_PAYLOAD, "model.bin")
    assert worst(report) is Severity.CRITICAL
    assert not by_rule(report, "scan.limit")


@pytest.mark.parametrize("count", [1, 5, 70])
def test_benign_stacks_and_trailing_text_are_clean(tmp_path: Path, count: int) -> None:
    # Text after the last STOP that does not run as a pickle is not a pickle; no limit is hit below 64.
    data = BENIGN * count + b"trailing notes, not a pickle\n"
    report = scan(tmp_path, data, "model.bin")
    if count < 64:
        assert worst(report) is None, report.findings
    else:
        assert by_rule(report, "scan.limit")
