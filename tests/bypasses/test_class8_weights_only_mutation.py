"""Class 8: in-place tensor mutation and hooks through SETITEM(S)/BUILD inside a weights-only stream.

torch.load(weights_only=True) allows SETITEM(S) into any dict/OrderedDict on the stack (a memoized one too, after
it was handed to a tensor rebuilder) and BUILD on a built tensor (``set_``). The tensor's ``backward_hooks``
OrderedDict filled that way installs hooks that run on every backward pass; torch never saves hooks. Every
value written is judged: a later SETITEM overwrites an earlier key, as a real dict keeps the last value."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.pkl.vm import Machine
from tests.bypasses.pickles import scan, worst
from tests.helpers import binget, binput, by_rule, glob

ORDERED_DICT = glob("collections", "OrderedDict") + b")R"
STORAGE = (b"(X\x07\x00\x00\x00storage" + glob("torch", "FloatStorage")
           + b"X\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x04tQ")


def _tensor(hooks: bytes, memo: int = 1) -> bytes:
    """_rebuild_tensor_v2(storage, 0, (4,), (1,), False, hooks) with hooks memoized in slot ``memo``."""
    return (glob("torch._utils", "_rebuild_tensor_v2") + b"(" + STORAGE + b"K\x00K\x04\x85K\x01\x85\x89" + hooks
            + binput(memo) + b"tR" + binput(2))


def _state_dict(tensor: bytes, after: bytes = b"") -> bytes:
    """{'weight': tensor} as torch writes it, then ``after`` run with the state dict on top of the stack."""
    return b"\x80\x02" + ORDERED_DICT + b"X\x06\x00\x00\x00weight" + tensor + b"s" + after + b"."


HOOK_VALUES = {"allowlisted": glob("torch", "Tensor"), "unknown": glob("mylab.hooks", "grad_logger")}
DANGEROUS_HOOKS = {"exec": glob("builtins", "exec"), "system": glob("posix", "system")}


def _late_hook(value: bytes) -> bytes:
    """The hooks OrderedDict is filled by SETITEM after the tensor was built, through its memo slot."""
    return _state_dict(_tensor(ORDERED_DICT), binget(1) + b"K\x00" + value + b"s0")


def _built_hook(value: bytes) -> bytes:
    return _state_dict(_tensor(b"}(K\x00" + value + b"u"))


@pytest.mark.parametrize("build", [_late_hook, _built_hook], ids=["set_after_build", "set_at_build"])
@pytest.mark.parametrize("value", HOOK_VALUES.values(), ids=HOOK_VALUES.keys())
def test_backward_hooks_on_a_tensor_are_high(tmp_path: Path, build: object, value: bytes) -> None:
    report = scan(tmp_path, build(value), "pytorch_model.bin")  # type: ignore[operator]
    assert worst(report) is not None and worst(report) >= Severity.HIGH
    assert any("backward hook" in f.message and f.severity >= Severity.HIGH for f in report.findings)


@pytest.mark.parametrize("build", [_late_hook, _built_hook], ids=["set_after_build", "set_at_build"])
@pytest.mark.parametrize("value", DANGEROUS_HOOKS.values(), ids=DANGEROUS_HOOKS.keys())
def test_a_dangerous_backward_hook_is_critical(tmp_path: Path, build: object, value: bytes) -> None:
    report = scan(tmp_path, build(value), "pytorch_model.bin")  # type: ignore[operator]
    assert any("backward hook" in f.message for f in by_rule(report, "pickle.dangerous-call"))
    assert worst(report) is Severity.CRITICAL


MUTATIONS = {
    # tensor[0] = 7.0 on the built tensor fetched from its memo slot
    "setitem_on_tensor": binget(2) + b"K\x00G@\x1c\x00\x00\x00\x00\x00\x00s0",
    "setitems_on_tensor": binget(2) + b"(K\x00K\x07K\x01K\x08u0",
    # BUILD on the built tensor: Tensor.set_(storage, offset, size, stride)
    "build_on_tensor": binget(2) + b"(" + STORAGE + b"K\x00K\x02\x85K\x01\x85tb0",
}


@pytest.mark.parametrize("after", MUTATIONS.values(), ids=MUTATIONS.keys())
def test_changing_a_built_tensor_is_high(tmp_path: Path, after: bytes) -> None:
    report = scan(tmp_path, _state_dict(_tensor(ORDERED_DICT), after), "pytorch_model.bin")
    assert any(f.rule_id == "pickle.structure-abuse" and f.severity is Severity.HIGH and "already built" in f.message
               for f in report.findings), report.findings


def test_a_plain_state_dict_with_empty_hooks_stays_below_high(tmp_path: Path) -> None:
    report = scan(tmp_path, _state_dict(_tensor(ORDERED_DICT)), "pytorch_model.bin")
    assert worst(report) is None or worst(report) < Severity.HIGH


def test_a_later_setitem_overwrites_the_key_as_a_real_dict_does() -> None:
    trace = Machine(io.BytesIO(b"\x80\x02}(X\x01\x00\x00\x00aK\x01X\x01\x00\x00\x00aK\x02u.")).run()
    assert trace.result.get("a") == 2


def test_every_value_written_under_one_key_is_judged(tmp_path: Path) -> None:
    # 'weight' is first a plain tensor, then overwritten by a call: the call runs at load whatever key wins.
    after = b"X\x06\x00\x00\x00weight" + glob("posix", "system") + b"(X\x02\x00\x00\x00idtRs"
    assert worst(scan(tmp_path, _state_dict(_tensor(ORDERED_DICT), after), "pytorch_model.bin")) is Severity.CRITICAL
