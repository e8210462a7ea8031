"""The scikit-learn table is generated from real wheels (scripts/sklearn_table.py): the generator reads a wheel's
sources and compiled modules without running them, and the committed table covers what real pickles name."""

import importlib.util
import io
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from aiwarden.scan.pkl.policy import Policy, Verdict, unsafe_to_allow
from aiwarden.scan.pkl.sklearn_names import NAMES, RELEASES
from aiwarden.scan.pkl.values import Global
from aiwarden.scan.pkl.vm import run_stream

ROOT = Path(__file__).resolve().parents[2]
BENIGN = ROOT / "tests" / "corpus" / "benign"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sklearn_table", ROOT / "scripts" / "sklearn_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wheel(tmp_path: Path, members: dict[str, bytes]) -> Path:
    path = tmp_path / "scikit_learn-9.9-cp311-cp311-manylinux_2_28_x86_64.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_generator_lists_defining_modules_and_compiled_types(tmp_path: Path) -> None:
    gen = _generator()
    so = (b"\0sklearn.tree._tree.Tree\0sklearn.tree._tree.Tree.apply\0sklearn.utils.Other\0__pyx_unpickle_Builder\0"
          b"_Z9__pyx_unpickle_BuilderP7_object\0__pyx_unpickle_Builder__set_state\0_tree.Splitter\0")
    wheel = _wheel(tmp_path, {
        "sklearn/linear_model/_logistic.py": b"import os\nclass LogisticRegression:\n    class Inner: pass\n"
                                             b"if True:\n    class Switched: pass\ndef helper(): pass\n",
        "sklearn/linear_model/__init__.py": b"from ._logistic import LogisticRegression\nclass Exported: pass\n",
        "sklearn/tree/_tree.cpython-311-x86_64-linux-gnu.so": so,
        "sklearn/tree/_tree.pxd": b"cdef class TreeBuilder:\n    pass\n",
        "sklearn/linear_model/tests/test_logistic.py": b"class TestCase: pass\n",
        "sklearn/datasets/_base.py": b"class Fetcher: pass\n",
        "sklearn/externals/_arff.py": b"class ArffDecoder: pass\n",
        "sklearn/utils/__init__.py": b"class Memory: pass\nclass Bunch(dict): pass\n",
    })
    assert gen.wheel_names(wheel) == {
        "sklearn.linear_model._logistic.LogisticRegression", "sklearn.linear_model._logistic.Switched",
        "sklearn.linear_model.Exported", "sklearn.tree._tree.Tree", "sklearn.tree._tree.Splitter",
        "sklearn.tree._tree.__pyx_unpickle_Builder", "sklearn.tree._tree.TreeBuilder", "sklearn.utils.Bunch",
    }


def test_table_covers_every_minor_release_since_0_22() -> None:
    minors = {tuple(int(p) for p in r.split(".")[:2]) for r in RELEASES}
    assert min(minors) == (0, 22)
    newest = max(minors)
    expected = {(0, 22), (0, 23), (0, 24)} | {(1, m) for m in range(newest[1] + 1)}
    assert expected <= minors


def test_no_table_entry_reaches_a_dangerous_name() -> None:
    assert [n for n in NAMES if unsafe_to_allow(n)] == []
    assert not [n for n in NAMES if n.startswith(("sklearn.datasets", "sklearn.externals", "sklearn.utils._testing"))]


_PLAIN = sorted(p.name for p in BENIGN.glob("*sklearn*") if p.read_bytes()[:1] == b"\x80")


def test_real_sklearn_files_are_present() -> None:
    assert len(_PLAIN) >= 3


@pytest.mark.parametrize("name", _PLAIN)
def test_real_sklearn_pickles_name_only_table_entries(name: str) -> None:
    """Every scikit-learn global the committed real files use is an exact entry (not a medium guess)."""
    traces = run_stream(io.BytesIO((BENIGN / name).read_bytes()))
    names = {g.qualname for t in traces for g in t.globals if isinstance(g, Global) and g.module
             and g.module.startswith("sklearn.")}
    assert names, name
    policy = Policy(frozenset())
    assert {n for n in names if policy.classify(*n.rsplit(".", 1)).verdict is not Verdict.SAFE} == set()
    assert names <= NAMES
