"""The symbolic machine reads text arguments as CPython's C unpickler does (INT through strtol base 0, STRING
escapes through PyBytes_DecodeEscape, lines of any length), and a pickle it cannot run to its end is high:
a loader may read on from where the analysis stopped, so the rest is unverified."""

import io
import struct
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.engine import scan_paths
from aiwarden.scan.pkl.vm import MAX_LINE, Machine
from tests.bypasses.pickles import scan, worst
from tests.helpers import by_rule, uni


def _x(text: str) -> bytes:
    data = text.encode()
    return b"X" + struct.pack("<I", len(data)) + data


# STACK_GLOBAL with BINUNICODE names: the lexical fallback after a stop does not see these.
PAYLOAD = _x("posix") + _x("system") + b"\x93" + _x("true") + b"\x85R."

# Text arguments CPython accepts, each followed by POP and the payload.
ACCEPTED = {
    "int_octal": b"I010\n",
    "int_octal_negative": b"I-017\n",
    "int_hex": b"I0x1F\n",
    "int_nul_terminated": b"I12\0junk\n",
    "int_bool": b"I01\n",
    "int_beyond_c_long": b"I123456789012345678901234567890\n",
    "int_underscores_beyond_c_long": b"I1_000_000_000_000_000_000_000\n",
    "long_with_L": b"L12L\n",
    "long_hex": b"L0x10L\n",
    "string_unknown_escape": b"S'\\N{nope}'\n",
    "string_unknown_escapes": b"S'\\q\\8\\u1234'\n",
    "string_octal_escape": b"S'\\777\\0'\n",
    "float_nul_terminated": b"F1.5\0x\n",
    "memo_put_get_nul": b"N\x30Np1\0x\n0g1\0y\n",
}


@pytest.mark.parametrize("argument", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_arguments_cpython_accepts_do_not_stop_the_machine(tmp_path: Path, argument: bytes) -> None:
    data = b"\x80\x02" + argument + b"0" + PAYLOAD
    trace = Machine(io.BytesIO(data)).run()
    assert trace.completed, trace.anomalies
    report = scan(tmp_path, data, "pytorch_model.bin")
    assert worst(report) is Severity.CRITICAL, [(f.rule_id, f.severity) for f in report.findings]


def test_int_is_parsed_like_strtol() -> None:
    data = b"\x80\x02(I010\nI0x10\nI00\nI01\nI-5\nI 7\nt."
    trace = Machine(io.BytesIO(data)).run()
    assert trace.result.items == [8, 16, False, True, -5, 7]


def test_text_line_longer_than_the_kept_part_is_read_to_its_end(tmp_path: Path) -> None:
    data = b"\x80\x02S'" + b"a" * (MAX_LINE + 10) + b"'\n0" + PAYLOAD
    assert Machine(io.BytesIO(data)).run().completed
    assert worst(scan(tmp_path, data, "pytorch_model.bin")) is Severity.CRITICAL


def test_global_name_longer_than_the_kept_part_is_not_trusted(tmp_path: Path) -> None:
    # The cut-off part could walk anywhere (collections.OrderedDict....os.system): treated as computed.
    data = b"\x80\x02ccollections\nOrderedDict" + b".x" * (MAX_LINE // 2 + 8) + b"\n)R."
    assert worst(scan(tmp_path, data)) is Severity.CRITICAL


# Bytes where the machine stops with data left after the stop point: whatever follows is unverified.
STOPPED = {
    "invalid_opcode": b"\x80\x02N\xff" + PAYLOAD,
    "bad_hex_escape": b"\x80\x02S'\\x4'\n0" + PAYLOAD,
    "unquoted_string": b"\x80\x02Sabc\n0" + PAYLOAD,
    "invalid_int": b"\x80\x02I12abc\n0" + PAYLOAD,
    "stack_underflow": b"\x80\x02R" + PAYLOAD,
    "bad_protocol": b"\x80\x02\x80\x09" + PAYLOAD,
}


@pytest.mark.parametrize("data", STOPPED.values(), ids=STOPPED.keys())
def test_a_pickle_the_machine_could_not_run_to_its_end_is_high(tmp_path: Path, data: bytes) -> None:
    report = scan(tmp_path, data)
    malformed = by_rule(report, "pickle.malformed")
    assert malformed and all(f.severity is Severity.HIGH for f in malformed), report.findings
    assert "not read" in malformed[0].message


@pytest.mark.parametrize("data", [b"\x80\x02(K\x01K\x02", b"\x80\x02X\x10\x00\x00\x00abc", b"\x80\x02I12"],
                         ids=["no_stop", "truncated_blob", "unterminated_line"])
def test_a_truncated_pickle_read_whole_stays_medium(tmp_path: Path, data: bytes) -> None:
    report = scan(tmp_path, data)
    assert [f.severity for f in by_rule(report, "pickle.malformed")] == [Severity.MEDIUM]
    assert worst(report) is Severity.MEDIUM


def _joblib_array(region: bytes) -> bytes:
    """joblib's NumpyArrayWrapper record for an int8 array whose raw bytes are ``region``."""
    u = uni
    dtype = u("numpy") + u("dtype") + b"\x93" + u("i1") + b"\x89\x88\x87R"
    state = (b"}(" + u("subclass") + u("numpy") + u("ndarray") + b"\x93" + u("shape") + b"J"
             + struct.pack("<i", len(region)) + b"\x85" + u("order") + u("C") + u("dtype") + dtype
             + u("allow_mmap") + b"\x89u")
    return b"\x80\x04" + u("joblib.numpy_pickle") + u("NumpyArrayWrapper") + b"\x93)\x81" + state + b"b" + region


def _swallowed(opcode: bytes, filler: int) -> bytes:
    """Bytes the main run reads as one argument; pickle.load resumes inside them, at the payload."""
    content = b"A" * filler + PAYLOAD[:-1] + b"0N0"
    return opcode + struct.pack("<I", len(content)) + content + b"0."


# Array data whose last opcode is cut at the region's end: pickle.load takes the following bytes as its
# argument (a length byte, then that many bytes) and resumes where the main run saw the inside of a string.
RUN_ON = {
    "short_binunicode_into_binbytes": b"\x8c", "short_binbytes_into_binbytes": b"C",
    "short_binstring_into_binbytes": b"U", "after_nones_and_mark": b"NN(\x8c",
}


@pytest.mark.parametrize("region", RUN_ON.values(), ids=RUN_ON.keys())
def test_joblib_array_bytes_are_run_on_past_their_end_as_pickle_load_does(tmp_path: Path, region: bytes) -> None:
    data = _joblib_array(region) + _swallowed(b"B", ord("B") - 4)
    report = scan(tmp_path, data, "model.joblib")
    assert worst(report) is Severity.CRITICAL, [(f.rule_id, f.severity) for f in report.findings]
    assert "posix.system" in " ".join(f.message for f in by_rule(report, "pickle.dangerous-call"))


def test_joblib_array_bytes_ending_on_an_opcode_boundary_stay_benign(tmp_path: Path) -> None:
    report = scan(tmp_path, _joblib_array(b"\x00\x01\x02\x03") + b".", "model.joblib")
    assert worst(report) is None or worst(report) < Severity.HIGH


# APPEND(S), ADDITEMS and SETITEM(S) on an imported object itself: the unpickler calls its extend()/append(),
# add() or __setitem__(), changing library state in place (a weights_only allowlist, the EXT registry, sys.path).
GLOBAL_MUTATIONS = {
    "additems_into_weights_only_allowlist": b"ctorch._weights_only_unpickler\n_marked_safe_globals_set\n"
                                            b"(cposix\nsystem\n\x90.",
    "setitem_into_extension_registry": b"ccopyreg\n_inverted_registry\nK\x05(S'posix'\nS'system'\nts.",
    "append_to_sys_path": b"csys\npath\nS'/tmp/x'\na.",
    "appends_on_allowlisted_class": b"ccollections\nOrderedDict\n(K\x01e.",
    "setitems_on_allowlisted_class": b"ccollections\nOrderedDict\n(K\x01K\x02u.",
}


@pytest.mark.parametrize("body", GLOBAL_MUTATIONS.values(), ids=GLOBAL_MUTATIONS.keys())
def test_in_place_changes_to_an_imported_object_are_critical(tmp_path: Path, body: bytes) -> None:
    report = scan(tmp_path, b"\x80\x02" + body)
    assert [f.severity for f in by_rule(report, "pickle.state-on-global")] == [Severity.CRITICAL], report.findings


@pytest.mark.parametrize("header", [b"", b"\x80\x02"], ids=["no_header", "protocol_2"])
def test_setitems_that_fails_after_changing_an_imported_object_is_critical(tmp_path: Path, header: bytes) -> None:
    # pickle._Unpickler (dill.load) registers EXT code 5 as posix.system, then fails on the odd item: the registry
    # stays changed for every later load in the process. No call happens before the failure.
    body = b"ccopyreg\n_inverted_registry\n(K\x05(S'posix'\nS'system'\ntK\x06u."
    report = scan(tmp_path, header + body, "model.bin")
    assert [f.severity for f in by_rule(report, "pickle.state-on-global")] == [Severity.CRITICAL], report.findings


def _joblib_wrapper(n: int) -> bytes:
    # NumpyArrayWrapper for n bytes of uint8 data (the dtype spelled builtins.str('u1') needs no NumPy global)
    return (b"cjoblib.numpy_pickle\nNumpyArrayWrapper\n)\x81}(Vshape\n(I%d\ntVdtype\ncbuiltins\nstr\n(Vu1\ntRub" % n)


@pytest.mark.parametrize("levels", [1, 2, 3])
def test_array_regions_nested_in_array_regions_are_run_too(tmp_path: Path, levels: int) -> None:
    # pickle.load runs the outer region as opcodes; a wrapper there makes joblib skip an inner region, which
    # pickle.load runs as well
    payload = b"0cos\nsystem\n(Vtouch /tmp/never\ntR0"
    for _ in range(levels):
        payload = _joblib_wrapper(len(payload)) + payload
    data = b"\x80\x02" + _joblib_wrapper(len(payload)) + payload + b"."
    import pickletools

    assert any(op.name == "REDUCE" for op, _, _ in pickletools.genops(data))  # pickle.load reaches the call
    path = tmp_path / "nested.joblib"
    path.write_bytes(data)
    report = scan_paths([str(path)])
    assert any(f.rule_id == "pickle.dangerous-call" and f.severity == Severity.CRITICAL for f in report.findings)
