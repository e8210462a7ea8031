"""Class 9 of scanner v2: real legacy files (joblib < 0.10 array records, Python 2 NumPy pickles) are not false
alarms, because their helpers are allowlisted with the exact argument shapes those libraries wrote; the same names
with any other arguments are still high or critical."""

from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.engine import scan_paths
from tests.bypasses.pickles import (
    EMPTY_TUPLE,
    NEWFALSE,
    NEWOBJ,
    NEWTRUE,
    binint1,
    dict_of,
    reduce,
    scan,
    short_binstring,
    tup,
    worst,
    wrap,
)
from tests.helpers import BUILD, glob, uni

CORPUS = Path(__file__).parent.parent / "corpus" / "benign"
LEGACY = ["b75-joblib-0.9-ndarraywrapper", "b76-joblib-0.9-ndarraywrapper-p2",
          "b77-joblib-0.8-zndarraywrapper-py2.pkl", "b78-numpy-py2-object-array.pkl",
          "b79-numpy-py2-object-array.npy"]
NDARRAY = glob("numpy", "ndarray")


def _dtype(code: str = "f8") -> bytes:
    return reduce(glob("numpy", "dtype"), short_binstring(code), binint1(0), binint1(1))


def _ndarray_wrapper(filename: bytes = uni("model.pkl_01.npy"), subclass: bytes = NDARRAY,
                     extra: tuple[tuple[bytes, bytes], ...] = (), module: str = "joblib.numpy_pickle") -> bytes:
    state = dict_of((uni("filename"), filename), (uni("subclass"), subclass), (uni("allow_mmap"), NEWTRUE), *extra)
    return wrap(glob(module, "NDArrayWrapper") + EMPTY_TUPLE + NEWOBJ + state + BUILD, protocol=2)


def _zndarray_wrapper(init_class: bytes = NDARRAY, dtype: bytes = _dtype()) -> bytes:
    init_args = tup(init_class, tup(binint1(0)), short_binstring("b"))
    state = tup(binint1(1), tup(binint1(2), binint1(3)), dtype, NEWFALSE)
    record = dict_of((uni("filename"), uni("model.pkl_01.npy.z")), (uni("init_args"), init_args),
                     (uni("state"), state))
    return wrap(glob("joblib.numpy_pickle", "ZNDArrayWrapper") + EMPTY_TUPLE + NEWOBJ + record + BUILD, protocol=2)


@pytest.mark.parametrize("name", LEGACY)
def test_real_legacy_files_are_not_high(name: str) -> None:
    report = scan_paths([str(CORPUS / name)])
    assert report.errors == []
    assert worst(report) is None or worst(report) < Severity.HIGH, [(f.rule_id, f.message) for f in report.findings]


@pytest.mark.parametrize("module", ["joblib.numpy_pickle", "joblib.numpy_pickle_compat",
                                   "sklearn.externals.joblib.numpy_pickle"])
def test_wrappers_in_their_written_shape_are_clean(tmp_path: Path, module: str) -> None:
    assert scan(tmp_path, _ndarray_wrapper(module=module), "a.pkl").findings == []
    assert scan(tmp_path, _zndarray_wrapper(), "b.pkl").findings == []


@pytest.mark.parametrize("filename", ["../../home/user/evil.npy", "/tmp/evil.npy", "sub/dir.npy", "..",
                                      "C:evil.npy", "a\\b.npy"])
def test_wrapper_naming_a_file_outside_its_folder_is_critical(tmp_path: Path, filename: str) -> None:
    assert worst(scan(tmp_path, _ndarray_wrapper(filename=uni(filename)))) is Severity.CRITICAL


@pytest.mark.parametrize("variant", ["subclass-os-system", "subclass-unknown", "extra-key", "filename-int",
                                     "reduce-with-args", "zwrapper-unknown-class", "zwrapper-odd-dtype"])
def test_same_names_with_other_arguments_are_critical(tmp_path: Path, variant: str) -> None:
    if variant == "subclass-os-system":
        data = _ndarray_wrapper(subclass=glob("os", "system"))
    elif variant == "subclass-unknown":
        data = _ndarray_wrapper(subclass=glob("mylib.arrays", "Evil"))
    elif variant == "extra-key":
        data = _ndarray_wrapper(extra=((uni("__class__"), glob("os", "system")),))
    elif variant == "filename-int":
        data = _ndarray_wrapper(filename=binint1(7))
    elif variant == "reduce-with-args":
        data = wrap(reduce(glob("joblib.numpy_pickle", "NDArrayWrapper"), uni("/etc/passwd"), NDARRAY), 2)
    elif variant == "zwrapper-unknown-class":
        data = _zndarray_wrapper(init_class=glob("mylib.arrays", "Evil"))
    else:
        data = _zndarray_wrapper(dtype=reduce(glob("numpy", "dtype"), glob("mylib.arrays", "Evil")))
    assert worst(scan(tmp_path, data)) is Severity.CRITICAL


def _reconstruct(cls: bytes = NDARRAY, shape: bytes = tup(binint1(0)), code: bytes = short_binstring("b")) -> bytes:
    return reduce(glob("numpy.core.multiarray", "_reconstruct"), cls, shape, code)


def test_python2_reconstruct_and_dtype_shapes_are_clean(tmp_path: Path) -> None:
    state = tup(binint1(1), tup(binint1(3)), _dtype("O8"), NEWFALSE, b"]" + uni("a") + b"a")
    assert scan(tmp_path, wrap(_reconstruct() + state + BUILD, 2)).findings == []


@pytest.mark.parametrize("variant", ["unknown-subclass", "odd-shape", "odd-typecode", "dtype-from-object",
                                     "dtype-code-string"])
def test_reconstruct_and_dtype_with_other_arguments_are_high(tmp_path: Path, variant: str) -> None:
    if variant == "unknown-subclass":
        body = _reconstruct(cls=glob("mylib.arrays", "Evil"))
    elif variant == "odd-shape":
        body = _reconstruct(shape=uni("(0,)"))
    elif variant == "odd-typecode":
        body = _reconstruct(code=reduce(glob("mylib.codes", "make")))
    elif variant == "dtype-from-object":
        body = reduce(glob("numpy", "dtype"), reduce(glob("mylib.arrays", "HasDtype")))
    else:
        body = reduce(glob("numpy", "dtype"), uni("__import__('os').system('id')"))
    report = scan(tmp_path, wrap(body, 2))
    assert worst(report) is not None and worst(report) >= Severity.HIGH, [f.rule_id for f in report.findings]
