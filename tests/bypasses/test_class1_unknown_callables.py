"""Class 1 of scanner v2: a callable invoked at load is never medium because nobody listed it. Obscure
standard-library and library helpers from the 2025-26 advisories against picklescan, modelscan and fickling are
critical; anything else outside the table is high; only ecosystem classes built without arguments are medium."""

from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import EMPTY_TUPLE, NEWOBJ, reduce, scan, sglobal, worst, wrap
from tests.helpers import glob, uni

# (module, name) of helpers that run code, write files, spawn interpreters or re-enter a loader.
CRITICAL_HELPERS = [
    ("pydoc", "pipepager"), ("_posixsubprocess", "fork_exec"), ("idlelib.pyshell", "main"),
    ("idlelib.run", "exec_tb"), ("lib2to3.main", "main"), ("distutils.file_util", "write_file"),
    ("ctypes", "CDLL"), ("ctypes.util", "find_library"), ("torch.utils._config_module", "install_config_module"),
    ("numpy.f2py.crackfortran", "getlincoef"), ("pip._internal.cli.main", "main"),
    ("pip._vendor.distlib.scripts", "ScriptMaker"), ("setuptools.sandbox", "run_setup"),
    ("code", "InteractiveInterpreter"), ("timeit", "timeit"), ("cProfile", "run"), ("trace", "Trace"),
    ("_interpreters", "run_string"), ("_xxsubinterpreters", "run_string"), ("site", "addsitedir"),
    ("atexit", "register"), ("imp", "load_source"), ("pipes", "Template"),
    ("asyncio.unix_events", "_UnixSubprocessTransport"), ("weakref", "finalize"), ("tkinter", "Tcl"),
    ("_imp", "create_dynamic"), ("_pyio", "open"), ("_sitebuiltins", "_Helper"), ("dataclasses", "_create_fn"),
    ("unittest", "main"), ("test.support.script_helper", "assert_python_ok"), ("_testcapi", "run_in_subinterp"),
    ("pandas", "HDFStore"), ("spacy.util", "run_command"), ("gensim.utils", "unpickle"),
    ("statsmodels.iolib.smpickle", "load_pickle"), ("statsmodels.formula.api", "ols"), ("sympy", "sympify"),
    ("scipy", "LowLevelCallable"), ("torchvision.datasets", "MNIST"), ("torch.utils.model_zoo", "load_url"),
    ("sklearn.datasets", "fetch_openml"), ("sklearn.externals.joblib", "load"), ("srsly", "pickle_loads"),
    ("numpy", "_pytesttester"), ("faulthandler", "dump_traceback_later"), ("_sre", "compile"),
    ("rlcompleter", "Completer"), ("gettext", "c2py"), ("modulefinder", "ModuleFinder"),
]

# Harmless-looking or unheard-of callables: not on any list, so high (the gate fails) rather than medium.
UNKNOWN_CALLABLES = [
    ("colorsys", "rgb_to_hsv"), ("string", "capwords"), ("textwrap", "dedent"), ("html", "escape"),
    ("json", "loads"), ("base64", "b64decode"), ("zlib", "decompress"), ("copy", "deepcopy"),
    ("itertools", "starmap"), ("random", "seed"), ("statistics", "mean"), ("mylab.helpers", "run_job"),
    ("acme_internal.plan", "execute_plan"), ("__main__", "load_everything"), ("sklearn.utils", "check_array"),
    ("torch.utils.data", "default_collate"), ("numpy", "fromfunction"), ("numpy", "vectorize"),
]


@pytest.mark.parametrize(("module", "name"), CRITICAL_HELPERS, ids=[f"{m}.{n}" for m, n in CRITICAL_HELPERS])
@pytest.mark.parametrize("opcode", ["GLOBAL", "STACK_GLOBAL"])
def test_advisory_helpers_called_at_load_are_critical(tmp_path: Path, module: str, name: str, opcode: str) -> None:
    func = glob(module, name) if opcode == "GLOBAL" else sglobal(module, name)
    report = scan(tmp_path, wrap(reduce(func, uni("id"))))
    assert worst(report) is Severity.CRITICAL, [f.rule_id for f in report.findings]


@pytest.mark.parametrize(("module", "name"), UNKNOWN_CALLABLES, ids=[f"{m}.{n}" for m, n in UNKNOWN_CALLABLES])
def test_unknown_callables_called_at_load_are_high(tmp_path: Path, module: str, name: str) -> None:
    report = scan(tmp_path, wrap(reduce(sglobal(module, name), uni("x"))))
    assert worst(report) is not None and worst(report) >= Severity.HIGH
    assert "pickle.unknown-call" in {f.rule_id for f in report.findings}


@pytest.mark.parametrize("how", ["NEWOBJ", "copyreg._reconstructor", "copyreg.__newobj__", "INST"])
def test_constructing_an_unknown_class_is_high(tmp_path: Path, how: str) -> None:
    cls = sglobal("mylab.layers", "ResidualBlock")
    if how == "NEWOBJ":
        body = cls + EMPTY_TUPLE + NEWOBJ
    elif how == "INST":
        body = b"(imylab.layers\nResidualBlock\n"
    elif how == "copyreg.__newobj__":
        body = reduce(sglobal("copyreg", "__newobj__"), cls)
    else:
        body = reduce(sglobal("copyreg", "_reconstructor"), cls, sglobal("builtins", "object"), b"N")
    report = scan(tmp_path, wrap(body))
    assert "pickle.unknown-call" in {f.rule_id for f in report.findings if f.severity >= Severity.HIGH}


def test_allow_globals_accepts_an_exact_name_only(tmp_path: Path) -> None:
    from aiwarden.scan.engine import ScanOptions, scan_paths

    path = tmp_path / "m.pkl"
    path.write_bytes(wrap(sglobal("mylab.layers", "ResidualBlock") + EMPTY_TUPLE + NEWOBJ))
    allowed = scan_paths([str(path)], ScanOptions(extra_safe_globals=frozenset({"mylab.layers.ResidualBlock"})))
    assert allowed.findings == []
    path.write_bytes(wrap(sglobal("mylab.layers", "ResidualBlock.os.system") + EMPTY_TUPLE + NEWOBJ))
    walked = scan_paths([str(path)], ScanOptions(extra_safe_globals=frozenset({"mylab.layers.ResidualBlock"})))
    assert worst(walked) is Severity.CRITICAL


def test_ecosystem_class_without_arguments_is_medium_with_arguments_high(tmp_path: Path) -> None:
    plain = scan(tmp_path, wrap(sglobal("gensim.models.fasttext", "FastText") + EMPTY_TUPLE + NEWOBJ), "a.pkl")
    assert worst(plain) is Severity.MEDIUM
    argued = scan(tmp_path, wrap(reduce(sglobal("gensim.models.fasttext", "FastText"), uni("corpus.txt"))), "b.pkl")
    assert "pickle.unknown-call" in {f.rule_id for f in argued.findings if f.severity >= Severity.HIGH}


def test_an_import_that_is_never_called_stays_medium(tmp_path: Path) -> None:
    report = scan(tmp_path, wrap(b"]" + sglobal("mylab.activations", "swish") + b"a"))
    assert worst(report) is Severity.MEDIUM
    assert {f.rule_id for f in report.findings} == {"pickle.unknown-global"}
