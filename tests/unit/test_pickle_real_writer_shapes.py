"""False alarms on real files fixed at their root, each with the payload that the same allowance must not let
through. The real files are in tests/corpus/real-benign (tests/test_real_benign.py); here each decision is pinned
with hand-built opcodes (nothing is ever unpickled)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import scan, worst
from tests.helpers import MARK, by_rule, uni

REAL = Path(__file__).parent.parent / "corpus" / "real-benign"


def _findings(report: object) -> list[tuple[str, str, str]]:
    return [(f.rule_id, str(f.severity), f.message) for f in getattr(report, "findings", [])]


# -- joblib array data run as opcodes: from the loader's real stack and memo ---------------------------------

def _joblib_wrapper(region: bytes) -> bytes:
    """joblib's NumpyArrayWrapper record for an int8 array whose raw bytes are ``region`` (no STOP)."""
    u = uni
    dtype = u("numpy") + u("dtype") + b"\x93" + u("i1") + b"\x89\x88\x87R"
    state = (b"}(" + u("subclass") + u("numpy") + u("ndarray") + b"\x93" + u("shape") + b"J"
             + struct.pack("<i", len(region)) + b"\x85" + u("order") + u("C") + u("dtype") + dtype
             + u("allow_mmap") + b"\x89u")
    return u("joblib.numpy_pickle") + u("NumpyArrayWrapper") + b"\x93)\x81" + state + b"b" + region


def _estimator_state(region: bytes, before: bytes = b"", after: bytes = b"") -> bytes:
    """An estimator's state dict under construction (as sklearn writes it) whose last value is an array."""
    return (b"\x80\x04" + before + b"}" + MARK + uni("with_mean") + b"\x88" + uni("n_features_in_") + b"K\x04"
            + uni("mean_") + _joblib_wrapper(region) + b"u" + after + b".")


# Float64 data of a real StandardScaler (joblib 1.1.1): READONLY_BUFFER, OBJ (on the str key 'with_mean'), then
# an undefined opcode. pickle.load fails at the OBJ; the stand-in stack the analysis used to start from made it
# a call of an unknown object (critical).
SCALER_MEAN = bytes.fromhex("986ffa76892be13ffbd1b7aca13ce03fed693081b37ddf3ff54e3aa4118edf3f")


def test_array_data_that_fails_as_opcodes_where_every_loader_fails_is_clean(tmp_path: Path) -> None:
    report = scan(tmp_path, _estimator_state(SCALER_MEAN), "model.joblib")
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


@pytest.mark.parametrize("name", [
    "py27/sklearn-0.20.4/scaler-svc-pipeline.joblib", "py36/sklearn-0.21.3/scaler-svc-pipeline-z3.joblib",
    "py39/sklearn-1.0.2/scaler-svc-pipeline.joblib", "py39/sklearn-1.0.2/scaler-svc-pipeline-z3.joblib"])
def test_real_joblib_pipelines_are_clean(tmp_path: Path, name: str) -> None:
    report = scan(tmp_path, (REAL / name).read_bytes(), "model.joblib")
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


POSIX_SYSTEM = uni("posix") + uni("system") + b"\x93"
ARRAY_PAYLOADS = {
    # OBJ in the array data calls what the pickle left under the MARK: posix.system('id').
    "obj_on_the_real_stack": (MARK + POSIX_SYSTEM + uni("id"), b"\x86o0"),
    # BINGET in the array data fetches posix.system, memoized (and popped) before the array.
    "binget_of_a_memoized_global": (POSIX_SYSTEM + b"q\x070", b"h\x07" + uni("id") + b"\x85R0"),
}


@pytest.mark.parametrize(("before", "region"), ARRAY_PAYLOADS.values(), ids=ARRAY_PAYLOADS.keys())
def test_array_data_calling_what_the_pickle_holds_is_critical(tmp_path: Path, before: bytes, region: bytes) -> None:
    data = b"\x80\x04" + before + _joblib_wrapper(region) + b"0."
    report = scan(tmp_path, data, "model.joblib")
    assert worst(report) is Severity.CRITICAL, _findings(report)
    assert any("posix.system" in f.message and "array data" in f.message
               for f in by_rule(report, "pickle.dangerous-call")), _findings(report)


def test_memo_slot_rewritten_after_the_array_is_not_trusted(tmp_path: Path) -> None:
    # The slot holds posix.system when the array data runs; the pickle overwrites it with a string afterwards.
    data = (b"\x80\x04" + POSIX_SYSTEM + b"q\x070" + _joblib_wrapper(b"h\x07" + uni("id") + b"\x85R0")
            + b"0" + uni("harmless") + b"q\x07.")
    report = scan(tmp_path, data, "model.joblib")
    assert worst(report) is Severity.CRITICAL, _findings(report)
