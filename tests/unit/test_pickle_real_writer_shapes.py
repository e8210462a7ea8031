"""False alarms on real files fixed at their root, each with the payload that the same allowance must not let
through. The real files are in tests/corpus/real-benign (tests/test_real_benign.py); here each decision is pinned
with hand-built opcodes (nothing is ever unpickled)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.engine import scan_paths
from tests.bypasses.pickles import (
    BUILD,
    EMPTY_TUPLE,
    NEWOBJ,
    binint,
    binint1,
    dict_of,
    reduce,
    scan,
    sglobal,
    short_binstring,
    tup,
    worst,
    wrap,
)
from tests.helpers import MARK, REDUCE, by_rule, glob, uni

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


# -- time zones: pytz reconstructors in the shapes pytz writes ------------------------------------------------

def _pytz(name: str, *args: bytes) -> bytes:
    return wrap(reduce(sglobal("pytz", name), *args))


TIMEZONES_WRITTEN = {
    "utc": _pytz("_UTC"),
    "static_zone": _pytz("_p", uni("Asia/Kolkata")),
    "dst_zone": _pytz("_p", uni("Europe/London"), binint(3600), binint(3600), uni("BST")),
    "dst_zone_negative_offset": _pytz("_p", uni("America/Argentina/Buenos_Aires"), binint(-10800), binint1(0),
                                      uni("-03")),
    "python2_str_zone": wrap(reduce(sglobal("pytz", "_p"), short_binstring("US/Eastern"), binint(-18000),
                                    binint1(0), short_binstring("EST")), protocol=2),
    "fixed_offset": _pytz("FixedOffset", binint(-300)),
    "dateutil_tzutc": wrap(sglobal("dateutil.tz.tz", "tzutc") + EMPTY_TUPLE + NEWOBJ + dict_of() + BUILD),
}

TIMEZONES_NOT_WRITTEN = {
    "zone_with_parent_segments": _pytz("_p", uni("../../../../etc/passwd")),
    "absolute_zone": _pytz("_p", uni("/etc/passwd")),
    "dotted_zone": _pytz("_p", uni("Europe/..")),
    "zone_not_a_string": _pytz("_p", sglobal("posix", "getcwd")),
    "utc_with_arguments": _pytz("_UTC", uni("x")),
    "offset_out_of_range": _pytz("FixedOffset", binint(100000)),
    "dateutil_tzfile_opens_a_path": wrap(reduce(sglobal("dateutil.tz.tz", "tzfile"), uni("/etc/passwd"))),
}


@pytest.mark.parametrize("data", TIMEZONES_WRITTEN.values(), ids=TIMEZONES_WRITTEN.keys())
def test_time_zones_as_their_libraries_write_them_are_clean(tmp_path: Path, data: bytes) -> None:
    report = scan(tmp_path, data)
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


@pytest.mark.parametrize("data", TIMEZONES_NOT_WRITTEN.values(), ids=TIMEZONES_NOT_WRITTEN.keys())
def test_time_zone_reconstructors_in_other_shapes_are_high(tmp_path: Path, data: bytes) -> None:
    report = scan(tmp_path, data)
    assert worst(report) is not None and worst(report) >= Severity.HIGH, _findings(report)


@pytest.mark.parametrize("name", ["py36/pandas-0.23.4/dataframe.pkl", "py27/pandas-0.24.2/dataframe-p2.pkl",
                                  "py311old/pandas-1.5.3/multiindex.pkl"])
def test_real_pandas_frames_with_utc_columns_are_clean(tmp_path: Path, name: str) -> None:
    report = scan(tmp_path, (REAL / name).read_bytes())
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


# -- functools.partial: calling it calls the wrapped function with the combined arguments ---------------------

PARTIAL = sglobal("functools", "partial")


def _partial_state(func: bytes, args: bytes = EMPTY_TUPLE, keywords: bytes = b"N") -> bytes:
    """BUILD state of a partial, as its __reduce__ writes it: (func, args, keywords or None, __dict__ or None)."""
    return tup(func, args, keywords, b"N") + BUILD


NEW_BLOCK = sglobal("pandas.core.internals.blocks", "new_block")
PARTIALS_WRITTEN = {
    # pandas 1.3: Block.__reduce__ -> (partial(new_block, ndim=2), (values, placement))
    "pandas_block": wrap(PARTIAL + tup(NEW_BLOCK) + REDUCE + _partial_state(NEW_BLOCK, EMPTY_TUPLE,
                                                                            dict_of((uni("ndim"), binint1(2))))
                         + tup(uni("values"), tup(binint1(0))) + REDUCE),
    "safe_builtin_with_bound_arguments": wrap(reduce(reduce(PARTIAL, sglobal("builtins", "int"), uni("ff")),
                                                     binint1(16))),
}

PARTIALS_NOT_SAFE = {
    "dangerous_function": (wrap(reduce(reduce(PARTIAL, sglobal("posix", "system")), uni("id"))), Severity.CRITICAL),
    "dangerous_function_with_bound_argument": (wrap(reduce(reduce(PARTIAL, sglobal("posix", "system"), uni("id")))),
                                               Severity.CRITICAL),
    "function_swapped_in_by_build": (wrap(PARTIAL + tup(sglobal("builtins", "int")) + REDUCE
                                          + _partial_state(sglobal("posix", "system"), tup(uni("id")))
                                          + EMPTY_TUPLE + REDUCE), Severity.CRITICAL),
    "partial_of_a_partial": (wrap(reduce(reduce(PARTIAL, reduce(PARTIAL, sglobal("posix", "system"), uni("id"))))),
                             Severity.CRITICAL),
    "unknown_function": (wrap(reduce(reduce(PARTIAL, sglobal("mylab.tools", "run_step")), uni("x"))), Severity.HIGH),
    "shaped_function_with_keywords": (wrap(PARTIAL + tup(sglobal("pytz", "_p")) + REDUCE
                                           + _partial_state(sglobal("pytz", "_p"), EMPTY_TUPLE,
                                                            dict_of((uni("zone"), uni("../../etc/passwd"))))
                                           + EMPTY_TUPLE + REDUCE), Severity.HIGH),
    "shaped_function_in_another_shape": (wrap(reduce(reduce(PARTIAL, sglobal("pytz", "_p")), uni("/etc/passwd"))),
                                         Severity.HIGH),
}


@pytest.mark.parametrize("data", PARTIALS_WRITTEN.values(), ids=PARTIALS_WRITTEN.keys())
def test_calling_a_partial_of_a_safe_function_is_clean(tmp_path: Path, data: bytes) -> None:
    report = scan(tmp_path, data)
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


@pytest.mark.parametrize(("data", "severity"), PARTIALS_NOT_SAFE.values(), ids=PARTIALS_NOT_SAFE.keys())
def test_calling_a_partial_is_judged_as_calling_what_it_wraps(tmp_path: Path, data: bytes,
                                                             severity: Severity) -> None:
    report = scan(tmp_path, data)
    assert worst(report) is severity, _findings(report)


def test_real_pandas_1_3_blocks_are_clean(tmp_path: Path) -> None:
    report = scan(tmp_path, (REAL / "py39/pandas-1.3.5/dataframe.pkl").read_bytes())
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)
    assert not by_rule(report, "pickle.call-on-result")


# -- NumPy reconstructors: the subclasses and the pre-1.0 helper real files name ------------------------------

def _reconstruct(helper: tuple[str, str], cls: bytes, code: bytes = short_binstring("b")) -> bytes:
    return wrap(reduce(glob(*helper), cls, tup(binint1(0)), code), protocol=2)


MULTIARRAY = ("numpy.core.multiarray", "_reconstruct")
INTERNAL = ("numpy.core._internal", "_reconstruct")
FROZEN = glob("pandas.core.indexes.frozen", "FrozenNDArray")
RECONSTRUCTS_WRITTEN = {
    "pandas_frozen_ndarray": _reconstruct(MULTIARRAY, FROZEN),
    "numpy_0x_internal_helper": _reconstruct(INTERNAL, glob("numpy", "ndarray")),
    "numpy_0x_internal_helper_matrix": _reconstruct(INTERNAL, glob("numpy.matrixlib.defmatrix", "matrix")),
}
RECONSTRUCTS_NOT_WRITTEN = {
    "frozen_ndarray_with_an_object_dtype": (_reconstruct(MULTIARRAY, FROZEN, glob("posix", "system")),
                                            Severity.CRITICAL),
    "other_pandas_class": (_reconstruct(MULTIARRAY, glob("pandas.core.indexes.frozen", "FrozenList")),
                           Severity.HIGH),
    "internal_helper_on_a_dangerous_class": (_reconstruct(INTERNAL, glob("posix", "system")), Severity.CRITICAL),
    "internal_helper_on_an_unknown_class": (_reconstruct(INTERNAL, glob("mylab.arrays", "Loader")), Severity.HIGH),
    "other_internal_name": (wrap(reduce(glob("numpy.core._internal", "_getintp_ctype")), protocol=2),
                            Severity.CRITICAL),
}


@pytest.mark.parametrize("data", RECONSTRUCTS_WRITTEN.values(), ids=RECONSTRUCTS_WRITTEN.keys())
def test_reconstructs_as_written_are_clean(tmp_path: Path, data: bytes) -> None:
    report = scan(tmp_path, data)
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


@pytest.mark.parametrize(("data", "severity"), RECONSTRUCTS_NOT_WRITTEN.values(), ids=RECONSTRUCTS_NOT_WRITTEN.keys())
def test_reconstructs_in_other_shapes_stay_high(tmp_path: Path, data: bytes, severity: Severity) -> None:
    report = scan(tmp_path, data)
    assert worst(report) is severity, _findings(report)


@pytest.mark.parametrize("name", ["py27/pandas-0.24.2/multiindex.pkl",
                                  "py310/testdata-pandas-2.0.3/tests/io/data/pickle/test_mi_py27.pkl",
                                  "py311/testdata-numpy-2.4.6/lib/tests/data/py2-np0-objarr.npy",
                                  "py27/testdata-joblib-0.13.2/test/data/joblib_0.9.2_compressed_pickle_py27_np16.gz"])
def test_real_numpy_and_pandas_legacy_files_are_clean(name: str) -> None:
    report = scan_paths([str(REAL / name)])
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


# -- an exact reviewed class under a denied package ------------------------------------------------------------

DICTIONARY = ("gensim.corpora.dictionary", "Dictionary")
GENSIM = {
    "dictionary_as_pickled": (wrap(sglobal(*DICTIONARY) + EMPTY_TUPLE + NEWOBJ
                                   + dict_of((uni("token2id"), dict_of((uni("model"), binint1(0))))) + BUILD), None),
    "dictionary_protocol_0_reconstructor": (wrap(reduce(glob("copy_reg", "_reconstructor"), glob(*DICTIONARY),
                                                        glob("__builtin__", "object"), b"N"), protocol=2), None),
    "dictionary_called_with_documents": (wrap(reduce(sglobal(*DICTIONARY), uni("/etc/passwd"))), Severity.HIGH),
    "corpus_reader_in_the_same_package": (wrap(sglobal("gensim.corpora.mmcorpus", "MmCorpus") + EMPTY_TUPLE + NEWOBJ),
                                          Severity.CRITICAL),
    "loader_reached_through_the_class": (wrap(reduce(sglobal("gensim.corpora.dictionary", "Dictionary.load"),
                                                     uni("x.pkl"))), Severity.CRITICAL),
    "other_name_in_the_module": (wrap(reduce(sglobal("gensim.corpora.dictionary", "utils"))), Severity.CRITICAL),
}


@pytest.mark.parametrize(("data", "severity"), GENSIM.values(), ids=GENSIM.keys())
def test_only_the_reviewed_class_wins_over_the_deny_prefix(tmp_path: Path, data: bytes,
                                                          severity: Severity | None) -> None:
    report = scan(tmp_path, data)
    if severity is None:
        assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)
    else:
        assert worst(report) is severity, _findings(report)


@pytest.mark.parametrize("name", ["py37/gensim-3.8.3/corpus.dict", "py311/gensim-4.4.0/corpus.dict"])
def test_real_gensim_dictionaries_are_clean(name: str) -> None:
    report = scan_paths([str(REAL / name)])
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


# -- SciPy frozen distributions: __setstate__ executes the state's template ----------------------------------

NORM = sglobal("scipy.stats._continuous_distns", "norm_gen")
GENERATED = ("\ndef _parse_args(self,  loc=0, scale=1):\n    return (), loc, scale\n\n"
             "def _parse_args_rvs(self,  loc=0, scale=1, size=None):\n    return self._argcheck_rvs( loc, scale, "
             "size=size)\n\ndef _parse_args_stats(self,  loc=0, scale=1, moments='mv'):\n    return (), loc, scale, "
             "moments\n")
INJECTED = GENERATED + "\nimport os\nos.system('id')\n"


def _norm(*states: bytes) -> bytes:
    return wrap(NORM + EMPTY_TUPLE + NEWOBJ + b"".join(s + BUILD for s in states))


def _template(text: str) -> bytes:
    return dict_of((uni("_parse_arg_template"), uni(text)), (uni("numargs"), binint1(0)))


DISTRIBUTIONS_NOT_WRITTEN = {
    "template_with_code": _norm(_template(INJECTED)),
    "template_with_code_then_a_real_one": _norm(_template(INJECTED), _template(GENERATED)),
    "shadowed_method_called_by_setstate": _norm(dict_of((uni("_attach_methods"), sglobal("builtins", "breakpoint")))),
    "distribution_called_with_arguments": wrap(reduce(NORM, uni("x"))),
}


def test_frozen_distribution_with_scipys_own_template_is_clean(tmp_path: Path) -> None:
    frozen = sglobal("scipy.stats._distn_infrastructure", "rv_continuous_frozen") + EMPTY_TUPLE + NEWOBJ
    data = wrap(frozen + dict_of((uni("dist"), NORM + EMPTY_TUPLE + NEWOBJ + _template(GENERATED) + BUILD)) + BUILD)
    report = scan(tmp_path, data)
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


@pytest.mark.parametrize("data", DISTRIBUTIONS_NOT_WRITTEN.values(), ids=DISTRIBUTIONS_NOT_WRITTEN.keys())
def test_distribution_states_scipy_never_writes_are_high(tmp_path: Path, data: bytes) -> None:
    report = scan(tmp_path, data)
    assert worst(report) is not None and worst(report) >= Severity.HIGH, _findings(report)


@pytest.mark.parametrize("name", ["py27/scipy-1.2.3/frozen-norm.pkl", "py39/scipy-1.7.3/frozen-norm.pkl",
                                  "py311/scipy-1.17.1/frozen-norm.pkl"])
def test_real_frozen_distributions_are_clean(name: str) -> None:
    report = scan_paths([str(REAL / name)])
    assert worst(report) is None or worst(report) < Severity.HIGH, _findings(report)


def _new_object_of(module: str, name: str) -> bytes:
    # SciPy < 1.3 pickles a cKDTree as scipy.spatial.ckdtree.new_object(cKDTree), i.e. cls.__new__(cls)
    from tests.helpers import STOP, TUPLE1, proto

    return proto(2) + glob("scipy.spatial.ckdtree", "new_object") + glob(module, name) + TUPLE1 + REDUCE + STOP


def test_scipy_new_object_of_its_tree_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "tree.pkl"
    path.write_bytes(_new_object_of("scipy.spatial.ckdtree", "cKDTree"))
    assert scan_paths([str(path)]).max_severity() is None


@pytest.mark.parametrize(("module", "name", "severity"), [("subprocess", "Popen", Severity.CRITICAL),
                                                          ("mylab.jobs", "Runner", Severity.HIGH)])
def test_scipy_new_object_judges_the_class_it_creates(tmp_path: Path, module: str, name: str,
                                                       severity: Severity) -> None:
    path = tmp_path / "tree.pkl"
    path.write_bytes(_new_object_of(module, name))
    worst = scan_paths([str(path)]).max_severity()
    assert worst is not None and worst >= severity


def _tuple(*items: bytes) -> bytes:
    return MARK + b"".join(items) + b"t"


def test_a_distribution_built_through_a_partial_has_its_state_checked(tmp_path: Path) -> None:
    # partial(norm_gen)() is a norm_gen instance: the BUILD that follows runs its __setstate__ (exec)
    from tests.helpers import BUILD, STOP, proto

    payload = uni("import os\nos.system('id')\n")
    data = (proto(2) + glob("functools", "partial") + glob("scipy.stats._continuous_distns", "norm_gen") + b"\x85"
            + REDUCE + b")" + REDUCE + b"}" + uni("_parse_arg_template") + payload + b"s" + BUILD + STOP)
    path = tmp_path / "dist.pkl"
    path.write_bytes(data)
    assert scan_paths([str(path)]).max_severity() == Severity.CRITICAL


def test_a_partial_called_between_two_builds_is_judged_with_both_states(tmp_path: Path) -> None:
    from tests.helpers import BUILD, STOP, proto

    body = glob("functools", "partial") + _tuple(glob("colorsys", "rgb_to_hsv")) + REDUCE + b"q\x00"
    body += _tuple(glob("posix", "system"), _tuple(uni("id")), b"}", b"N") + BUILD + b"0"
    body += b"h\x00" + b")" + REDUCE + b"0"  # the call runs posix.system('id')
    body += b"h\x00" + _tuple(glob("colorsys", "rgb_to_hsv"), _tuple(uni("a")), b"}", b"N") + BUILD + b"0N"
    path = tmp_path / "two.pkl"
    path.write_bytes(proto(2) + body + STOP)
    report = scan_paths([str(path)])
    assert any(f.rule_id == "pickle.dangerous-call" and f.severity == Severity.CRITICAL for f in report.findings)
