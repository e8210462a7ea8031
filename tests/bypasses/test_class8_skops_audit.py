"""Class 8: skops files that make the loader import, build or call what skops' own audit
(get_untrusted_types / load(trusted=...)) does not list in some release are code execution at load:
critical. What the audit lists stays high (dangerous) or medium (merely untrusted). Variants edit real
archives written by skops.io.dump (scripts/fixtures_skops.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import scan, worst
from tests.bypasses.skopsfiles import PIPELINE, SKOPS_DATA, node_with_loader, rewrite
from tests.helpers import by_rule


def _findings(report: Any) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.severity.name, f.message) for f in report.findings]


def operator_module(module: str, name: str = "methodcaller") -> Any:
    def edit(schema: dict[str, Any]) -> None:
        node = node_with_loader(schema, "OperatorFuncNode")
        node["__module__"], node["__class__"] = module, name
    return edit


def method_func(func: str) -> Any:
    def edit(schema: dict[str, Any]) -> None:
        node_with_loader(schema, "MethodNode")["content"]["func"] = func
    return edit


def method_declares(module: str, cls: str) -> Any:
    def edit(schema: dict[str, Any]) -> None:
        node = node_with_loader(schema, "MethodNode")
        node["__module__"], node["__class__"] = module, cls
    return edit


def bit_generator(name: str) -> Any:
    def edit(schema: dict[str, Any]) -> None:
        state = node_with_loader(schema, "RandomGeneratorNode")["content"]["bit_generator"]
        state["content"]["bit_generator"]["content"] = json.dumps(name)
    return edit


def protocol0_bit_generator(name: str) -> Any:
    def edit(schema: dict[str, Any]) -> None:
        schema["protocol"] = 0
        node = node_with_loader(schema, "RandomGeneratorNode")
        node["content"]["bit_generator"] = {"bit_generator": name, "state": {"state": 1, "inc": 1}}
    return edit


@pytest.mark.parametrize(("fixture", "edit"), [
    ("attrgetter.skops", operator_module("builtins")),  # audit lists builtins.methodcaller
    ("attrgetter.skops", operator_module("numpy", "add")),  # audit lists numpy.add, a trusted ufunc
    ("attrgetter.skops", operator_module("sklearn.pipeline", "attrgetter")),
    ("method.skops", method_func("__reduce_ex__")),
    ("method.skops", method_func("__class__.__init__")),
    ("method.skops", method_func("_validate_data")),
    ("method.skops", method_declares("builtins", "dict")),
    ("generator.skops", bit_generator("seed")),
    ("generator.skops", bit_generator("set_bit_generator")),
    ("generator.skops", protocol0_bit_generator("seed")),
], ids=["operator_as_builtins", "operator_as_trusted_ufunc", "operator_as_sklearn", "method_dunder",
        "method_dotted", "method_private", "method_other_type", "bitgen_seed", "bitgen_setter", "bitgen_protocol0"])
def test_what_skops_audit_does_not_list_is_critical(tmp_path: Path, fixture: str, edit: Any) -> None:
    report = scan(tmp_path, rewrite(SKOPS_DATA / fixture, edit), "model.skops")
    assert worst(report) is Severity.CRITICAL, _findings(report)
    assert by_rule(report, "skops.audit-bypass")


@pytest.mark.parametrize(("fixture", "expected"), [
    ("generator.skops", None),
    ("attrgetter.skops", Severity.HIGH),  # listed by the audit; reaches attributes of what it is given
    ("method.skops", Severity.MEDIUM),  # listed by the audit; a bound method returned, not called
], ids=["generator", "attrgetter", "method"])
def test_real_skops_files_as_written(tmp_path: Path, fixture: str, expected: Severity | None) -> None:
    report = scan(tmp_path, (SKOPS_DATA / fixture).read_bytes(), "model.skops")
    assert worst(report) is expected, _findings(report)
    assert not by_rule(report, "skops.audit-bypass")


def test_visible_untrusted_type_is_medium_and_dangerous_one_high(tmp_path: Path) -> None:
    def custom(schema: dict[str, Any]) -> None:
        schema["__module__"] = "mylab.models"

    report = scan(tmp_path, rewrite(PIPELINE, custom), "model.skops")
    assert worst(report) is Severity.MEDIUM, _findings(report)

    def dangerous(schema: dict[str, Any]) -> None:
        schema["__module__"], schema["__class__"] = "os", "system"

    report = scan(tmp_path, rewrite(PIPELINE, dangerous), "model.skops")
    assert worst(report) is Severity.HIGH, _findings(report)
