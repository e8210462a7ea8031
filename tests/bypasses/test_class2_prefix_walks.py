"""Class 2 of scanner v2: an allowlisted prefix never makes a longer name safe. Protocol 4 resolves dotted names
by getattr through each component, so a walk from an allowlisted module reaches whatever it imported; memo games,
GLOBAL/INST spellings and getattr chains must not change the verdict."""

from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from tests.bypasses.pickles import EMPTY_TUPLE, MEMOIZE, NEWOBJ, inst, reduce, scan, sglobal, worst, wrap
from tests.helpers import STACK_GLOBAL, binget, glob, uni

# (module, dotted name) walks through allowlisted modules and classes to dangerous objects: critical when called.
DANGEROUS_WALKS = [
    ("torch._utils", "os.system"), ("torch", "serialization.pickle.loads"), ("numpy.core.multiarray", "__builtins__"),
    ("collections", "OrderedDict.__class__.__subclasses__"), ("collections", "OrderedDict.__init__.__globals__"),
    ("torch._utils", "_rebuild_tensor_v2.__globals__"), ("torch.return_types", "max.__reduce__"),
    ("torch.return_types", "torch.load"), ("torch.distributed.checkpoint.metadata", "pickle.loads"),
    ("numpy", "lib.npyio.load"), ("numpy", "testing._private.utils.runstring"), ("re", "Pattern.search.__self__"),
    ("sklearn.pipeline", "Pipeline.os.system"), ("datetime", "sys.modules"), ("decimal", "sys.breakpointhook"),
    ("pathlib", "Path.write_text"), ("_codecs", "encode.__self__"), ("torch.nn.modules.conv", "Conv2d.__new__"),
    ("builtins", "getattr.__self__.exec"), ("scipy.sparse._csr", "csr_matrix.__init__.__globals__"),
    ("gensim.models.word2vec", "Word2Vec.load"), ("pandas.core.frame", "DataFrame.to_pickle"),
    ("transformers", "AutoModel.from_pretrained"), ("torch", "UntypedStorage.from_file"),
]

# Walks to objects that are simply not in the table: at least high, never medium.
OTHER_WALKS = [
    ("collections", "OrderedDict.fromkeys"), ("numpy", "dtype.mro"), ("torch", "Size.count"),
    ("sklearn.linear_model._logistic", "LogisticRegression.fit"), ("mylab", "Outer.Inner"),
    ("torch._utils", "_rebuild_tensor_v2.x"),
]

# Names that merely start like an allowlisted one: exact names only.
LOOK_ALIKES = [
    ("torch._utils", "_rebuild_tensor_v2x"), ("collections", "OrderedDictX"), ("torch.return_typesx", "max"),
    ("numpy.core.multiarray", "_reconstructs"), ("torch.distributed.checkpoint.metadataX", "Metadata"),
    ("torch._utilsx", "_rebuild_tensor_v2"),
]


@pytest.mark.parametrize(("module", "name"), DANGEROUS_WALKS, ids=[f"{m}+{n}" for m, n in DANGEROUS_WALKS])
@pytest.mark.parametrize("spelling", ["STACK_GLOBAL", "GLOBAL", "INST", "memo"])
def test_walks_to_dangerous_objects_are_critical(tmp_path: Path, module: str, name: str, spelling: str) -> None:
    if spelling == "INST":
        body = inst(module, name, uni("id"))
    elif spelling == "GLOBAL":
        body = reduce(glob(module, name), uni("id"))
    elif spelling == "memo":
        # The strings are memoized first and fetched back, as picklescan-style memo games do.
        body = (uni(module) + MEMOIZE + uni(name) + MEMOIZE + b"0" + b"0" + binget(0) + binget(1) + STACK_GLOBAL
                + b"(" + uni("id") + b"tR")
    else:
        body = reduce(sglobal(module, name), uni("id"))
    report = scan(tmp_path, wrap(body))
    assert worst(report) is Severity.CRITICAL, [(f.rule_id, f.severity) for f in report.findings]


@pytest.mark.parametrize(("module", "name"), DANGEROUS_WALKS, ids=[f"{m}+{n}" for m, n in DANGEROUS_WALKS])
def test_walks_to_dangerous_objects_are_high_even_when_only_imported(tmp_path: Path, module: str, name: str) -> None:
    report = scan(tmp_path, wrap(b"]" + sglobal(module, name) + b"a"))
    assert worst(report) is not None and worst(report) >= Severity.HIGH


@pytest.mark.parametrize(("module", "name"), OTHER_WALKS, ids=[f"{m}+{n}" for m, n in OTHER_WALKS])
def test_walks_outside_the_table_are_high(tmp_path: Path, module: str, name: str) -> None:
    called = scan(tmp_path, wrap(reduce(sglobal(module, name), uni("x"))), "a.pkl")
    imported = scan(tmp_path, wrap(b"]" + sglobal(module, name) + b"a"), "b.pkl")
    for report in (called, imported):
        assert "pickle.attribute-walk" in {f.rule_id for f in report.findings if f.severity >= Severity.HIGH}


@pytest.mark.parametrize(("module", "name"), LOOK_ALIKES, ids=[f"{m}.{n}" for m, n in LOOK_ALIKES])
def test_names_that_extend_an_allowlisted_name_are_not_allowlisted(tmp_path: Path, module: str, name: str) -> None:
    report = scan(tmp_path, wrap(reduce(sglobal(module, name), uni("x"))))
    assert worst(report) is not None and worst(report) >= Severity.HIGH


@pytest.mark.parametrize("chain", [
    # getattr(collections.OrderedDict, '__class__')
    [("collections", "OrderedDict"), "__class__"],
    # getattr(torch._utils, 'os') after importing the module object itself
    [("torch", "_utils"), "os"],
    # getattr(numpy.core.multiarray._reconstruct, '__globals__')
    [("numpy.core.multiarray", "_reconstruct"), "__globals__"],
])
def test_getattr_chains_from_allowlisted_objects_are_critical(tmp_path: Path, chain: list) -> None:
    (module, name), attr = chain
    body = reduce(sglobal("builtins", "getattr"), sglobal(module, name), uni(attr))
    report = scan(tmp_path, wrap(body))
    assert worst(report) is Severity.CRITICAL


def test_an_allowlisted_class_built_then_walked_through_the_memo_is_still_judged(tmp_path: Path) -> None:
    # memo[0] = collections.OrderedDict (safe); the walk is spelled separately and called.
    body = (sglobal("collections", "OrderedDict") + MEMOIZE + b"0"
            + reduce(sglobal("collections", "OrderedDict.__class__.__subclasses__")))
    assert worst(scan(tmp_path, wrap(body))) is Severity.CRITICAL


def test_torchscript_namespace_is_not_a_prefix_for_walks(tmp_path: Path) -> None:
    # Outside a TorchScript archive, __torch__ is just a dunder module name: internals.
    report = scan(tmp_path, wrap(sglobal("__torch__.model", "Net") + EMPTY_TUPLE + NEWOBJ))
    assert worst(report) is Severity.CRITICAL
