"""Class 6 of scanner v2: budgets that end in medium. Huge metadata arrays, vocabularies, long strings and floods
of keys placed before a GGUF chat template must not leave the template unread while the gate passes: array and
string payloads are stepped over by their length (bounded by the file, never read into memory), and where one of
our own bounds is reached the verdict is scan.limit (high). A file that llama.cpp's gguf.cpp and gguf-py refuse
(lengths past the end of the file, counts over the loader's limits, duplicate keys) is gguf.malformed, and what
was read before the defect is still judged. Files are written by gguf-py's GGUFWriter, then patched where a
defect is needed."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from aiwarden.core.findings import Report, Severity
from aiwarden.scan import engine
from aiwarden.scan.context import Limits
from aiwarden.scan.engine import ScanOptions
from aiwarden.scan.formats import gguf as gguf_format
from tests.bypasses.chat_templates import BENIGN, carrier
from tests.bypasses.ggufs import write_gguf
from tests.helpers import by_rule, rules, worst

EVIL = carrier("{{ cycler.__init__.__globals__.os.popen('id').read() }}")
SMALL_BUDGET = ScanOptions(limits=Limits(max_header_bytes=256 * 1024))  # what the floods below exceed

FLOODS: dict[str, list[tuple[str, Any]]] = {
    "float-array": [("tokenizer.ggml.scores", [0.5] * 200_000)],
    "int-array": [("tokenizer.ggml.token_type", [1] * 300_000)],
    "bool-array": [("general.flags", [True] * 400_000)],
    "vocabulary": [("tokenizer.ggml.tokens", [f"tok{i}" for i in range(60_000)])],
    "merges": [("tokenizer.ggml.merges", [f"a{i} b{i}" for i in range(40_000)])],
    "long-string": [("general.description", "lorem ipsum " * 60_000)],
    "many-keys": [(f"general.note.{i}", f"value {i}") for i in range(8_000)],
    "nested-arrays": [("general.tags", [[f"t{i}", f"u{i}"] for i in range(2_000)])],
}


def _scan(path: Path, options: ScanOptions = SMALL_BUDGET) -> Report:
    return engine.scan_paths([str(path)], options)


@pytest.mark.parametrize("flood", FLOODS)
def test_a_template_after_a_flood_is_still_read(tmp_path: Path, flood: str) -> None:
    path = write_gguf(tmp_path / "m.gguf", [*FLOODS[flood], ("tokenizer.chat_template", EVIL)])
    assert path.stat().st_size > SMALL_BUDGET.limits.max_header_bytes or flood == "nested-arrays"
    report = _scan(path)
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


@pytest.mark.parametrize("flood", FLOODS)
def test_a_flood_before_a_benign_template_is_not_an_alarm(tmp_path: Path, flood: str) -> None:
    path = write_gguf(tmp_path / "m.gguf", [*FLOODS[flood], ("tokenizer.chat_template", BENIGN["qwen3-namespace"])])
    report = _scan(path)
    assert report.scanned and (worst(report) is None or worst(report) < Severity.HIGH), report.findings


@pytest.mark.parametrize("flood", ["vocabulary", "merges", "nested-arrays"])
def test_too_many_array_items_is_a_scan_limit_not_medium(tmp_path: Path, flood: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gguf_format, "MAX_STRING_ITEMS", 1_000)
    path = write_gguf(tmp_path / "m.gguf", [*FLOODS[flood], ("tokenizer.chat_template", EVIL)])
    report = _scan(path)
    assert "scan.limit" in rules(report, Severity.HIGH)


def test_arrays_nested_beyond_the_bound_are_a_scan_limit(tmp_path: Path) -> None:
    deep: Any = ["x"]
    for _ in range(gguf_format.MAX_NESTING + 1):
        deep = [deep]
    report = _scan(write_gguf(tmp_path / "m.gguf", [("general.tags", deep), ("tokenizer.chat_template", EVIL)]))
    assert "scan.limit" in rules(report, Severity.HIGH)


def test_a_template_larger_than_the_budget_is_a_scan_limit(tmp_path: Path) -> None:
    big = BENIGN["chatml"] + "{# padding #}" * 30_000
    report = _scan(write_gguf(tmp_path / "m.gguf", [("tokenizer.chat_template", big)]))
    assert by_rule(report, "scan.limit") and worst(report) is Severity.HIGH


def _patch(data: bytes, key: str, value_offset: int, new: bytes) -> bytes:
    """Overwrite bytes at an offset relative to the end of a key's name in a real GGUF file."""
    at = data.index(key.encode()) + len(key) + value_offset
    return data[:at] + new + data[at + len(new):]


DEFECTS = {
    # (key to break, offset after its name, new bytes); after the key name come the type (4) and the value.
    "string-length-past-end": ("general.description", 4, struct.pack("<Q", 1 << 40)),
    "string-length-over-loader-limit": ("general.description", 4, struct.pack("<Q", (1 << 30) + 1)),
    "array-count-over-loader-limit": ("tokenizer.ggml.scores", 8, struct.pack("<Q", (1 << 30) + 5)),
    "array-count-past-end": ("tokenizer.ggml.scores", 8, struct.pack("<Q", 1 << 28)),
    "unknown-value-type": ("general.description", 0, struct.pack("<I", 77)),
    "array-of-unknown-type": ("tokenizer.ggml.scores", 0, struct.pack("<I", 66)),
}


@pytest.mark.parametrize("defect", DEFECTS)
def test_lengths_the_loader_refuses_are_malformed_and_earlier_templates_still_judged(tmp_path: Path,
                                                                                      defect: str) -> None:
    path = write_gguf(tmp_path / "m.gguf", [("tokenizer.chat_template", EVIL),
                                             ("general.description", "a model"),
                                             ("tokenizer.ggml.scores", [0.0] * 64)])
    key, offset, new = DEFECTS[defect]
    path.write_bytes(_patch(path.read_bytes(), key, offset, new))
    report = _scan(path)
    assert by_rule(report, "gguf.malformed"), [f.message for f in report.findings]
    assert "template.injection" in rules(report, Severity.CRITICAL)


@pytest.mark.parametrize("count", [1 << 40, 50_000_000])
def test_a_key_count_the_file_cannot_hold_is_malformed(tmp_path: Path, count: int) -> None:
    path = write_gguf(tmp_path / "m.gguf", [("tokenizer.chat_template", BENIGN["chatml"])])
    data = path.read_bytes()
    path.write_bytes(data[:16] + struct.pack("<Q", count) + data[24:])
    report = _scan(path)
    assert by_rule(report, "gguf.malformed") and worst(report) is Severity.MEDIUM


@pytest.mark.parametrize("evil_first", [True, False])
def test_duplicate_template_keys_are_all_judged(tmp_path: Path, evil_first: bool) -> None:
    first, second = (EVIL, BENIGN["chatml"]) if evil_first else (BENIGN["chatml"], EVIL)
    path = write_gguf(tmp_path / "m.gguf", [("tokenizer.chat_template", first), ("tokenizer.chat_templatX", second)])
    path.write_bytes(path.read_bytes().replace(b"tokenizer.chat_templatX", b"tokenizer.chat_template"))
    report = _scan(path)
    assert "template.injection" in rules(report, Severity.CRITICAL)
    assert any("duplicate" in f.message for f in by_rule(report, "gguf.malformed"))


def test_many_named_templates_after_a_vocabulary_are_all_read(tmp_path: Path) -> None:
    named = [(f"tokenizer.chat_template.variant_{i}", BENIGN["chatml"]) for i in range(40)]
    path = write_gguf(tmp_path / "m.gguf", [*FLOODS["vocabulary"], *named,
                                            ("tokenizer.chat_template.tool_use", EVIL)])
    assert "template.injection" in rules(_scan(path), Severity.CRITICAL)
