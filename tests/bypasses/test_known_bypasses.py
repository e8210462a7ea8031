"""Every public bypass of model-file scanners, kept forever: each case names its advisory or issue and the
rule that must catch it (not just any finding). Files come from scripts/corpus_malicious.py."""

from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.engine import scan_paths

CORPUS = Path(__file__).parent.parent / "corpus" / "malicious"

# (corpus file prefix, rule that must fire, minimum severity, source of the technique)
BYPASSES = [
    ("m12", "pickle.dangerous-call", "critical", "picklescan GHSA: timeit gadget missing from denylists"),
    ("m13", "pickle.dangerous-call", "critical", "picklescan GHSA: cProfile.run"),
    ("m15", "pickle.dangerous-call", "critical", "picklescan GHSA: pydoc.pipepager"),
    ("m16", "pickle.dangerous-call", "critical", "picklescan GHSA: uuid._get_command_stdout"),
    ("m17", "pickle.dangerous-call", "critical", "picklescan GHSA: _osx_support._read_output"),
    ("m18", "pickle.dangerous-call", "critical", "picklescan GHSA: ensurepip._run_pip"),
    ("m19", "pickle.dangerous-call", "critical", "picklescan GHSA: pip.main"),
    ("m20", "pickle.dangerous-call", "critical", "picklescan #66: pkgutil.resolve_name universal resolver"),
    ("m21", "pickle.dangerous-call", "critical", "picklescan GHSA: numpy.testing runstring"),
    ("m22", "pickle.dangerous-call", "critical", "modelscan #338: torch.utils.collect_env.run"),
    ("m23", "pickle.dangerous-call", "critical", "modelscan #338: multiprocessing.util.spawnv_passfds"),
    ("m24", "pickle.dangerous-call", "critical", "modelscan #331: importlib.import_module + getattr"),
    ("m25", "pickle.dangerous-call", "critical", "picklescan #66: operator.methodcaller chains"),
    ("m28", "pickle.dangerous-call", "critical", "picklescan #14/#22: memo confusion (PUT/MEMOIZE mix)"),
    ("m29", "pickle.dangerous-call", "critical", "modelscan #85: BINGET of a reinterpreted memo slot"),
    ("m30", "pickle.unresolved-global", "critical", "GHSA-9gvj-pp9x-gcfr: STACK_GLOBAL with computed names"),
    ("m31", "pickle.dangerous-call", "critical", "dotted qualname through an allowed module (torch -> os.system)"),
    ("m32", "pickle.dangerous-call", "high", "dotted qualname: pathlib.Path.touch"),
    ("m37", "pickle.state-on-global", "critical", "modelscan #330: BUILD on a module object"),
    ("m38", "pickle.state-on-global", "critical", "modelscan #85: BUILD/setattr on an allowlisted module"),
    ("m39", "pickle.nested", "medium", "modelscan #267: nested pickle.loads"),
    ("m41", "pickle.call-on-result", "critical", "marshal + types.FunctionType (CodeType denylisted, these not)"),
    ("m44", "pickle.dangerous-call", "critical", "nullifAI: payload first, invalid opcode later"),
    ("m44", "pickle.malformed", "medium", "nullifAI: the break itself is reported"),
    ("m45", "pickle.dangerous-call", "critical", "stacked pickles: payload in the second"),
    ("m47", "pickle.dangerous-call", "critical", "GHSA-769v-p64c-89pr: extension-gated walkers"),
    ("m48", "pickle.dangerous-call", "critical", "JFrog: .pth.tar not walked"),
    ("m49", "pickle.dangerous-call", "critical", "fickling #73: pickle+zip polyglot"),
    ("m50", "pickle.dangerous-call", "critical", "gzip-compressed pickle"),
    ("m54", "pickle.dangerous-call", "critical", "joblib raw array bytes stop naive opcode walks"),
    ("m55", "pickle.dangerous-call", "critical", "joblib zlib compression hides opcodes"),
    ("m57", "archive.anomaly", "medium", "GHSA-7q5r-7gvp-wc82: ZIP CRC mismatch"),
    ("m57", "pickle.dangerous-call", "critical", "GHSA-7q5r-7gvp-wc82: payload still found"),
    ("m58", "pickle.dangerous-call", "critical", "GHSA-w8jq-xcqf-f792: encryption flag set"),
    ("m59", "pickle.dangerous-call", "critical", "modelscan #354: corrupt entry before data.pkl"),
    ("m60", "pickle.dangerous-call", "critical", "modelaudit #624/#953: pickle under a non-pickle member name"),
    ("m62", "pickle.dangerous-call", "critical", "picklescan: legacy torch magic-number pickle"),
    ("m63", "pickle.dangerous-call", "critical", "modelscan: legacy torch, later pickles unscanned"),
    ("m64", "pickle.dangerous-call", "critical", "CVE-2025-32434: legacy tar container"),
    ("m65", "pickle.dangerous-call", "critical", "nullifAI: 7z-compressed PyTorch archive"),
    ("m67", "pickle.structure-abuse", "medium", "CVE-2026-24747: SETITEM on a non-dict"),
    ("m69", "torch.storage-mismatch", "medium", "CVE-2026-24747: storage size mismatch"),
    ("m70", "pickle.dangerous-call", "critical", "NumPy object array with allow_pickle"),
    ("m72", "keras.lambda", "high", "CVE-2024-3660: Keras Lambda bytecode"),
    ("m73", "keras.unsafe-module", "high", "CVE-2025-1550: config names an arbitrary module"),
    ("m74", "keras.dangerous-function", "high", "CVE-2025-8747: keras.utils.get_file in config"),
    ("m76", "keras.dangerous-function", "high", "CVE-2025-9906: enable_unsafe_deserialization"),
    ("m77", "keras.lambda", "high", "CVE-2025-9905: HDF5 ignores safe_mode"),
    ("m78", "template.injection", "critical", "CVE-2024-34359: GGUF chat template SSTI"),
    ("m79", "template.injection", "critical", "CVE-2024-34359: cycler.__init__.__globals__ variant"),
    ("m80", "onnx.external-path", "high", "CVE-2022-25882: external_data traversal"),
    ("m81", "onnx.external-path", "high", "CVE-2024-27318: external_data absolute path"),
    ("m82", "onnx.external-path", "high", "CVE-2025-51480 family: ExternalDataInfo attribute injection"),
    ("m84", "safetensors.header", "medium", "safetensors header length DoS"),
    ("m87", "archive.path-traversal", "high", "zip-slip (CWE-22)"),
    ("m91", "archive.link", "high", "tar symlink member"),
    ("m93", "archive.bomb", "medium", "zip bomb"),
    ("m95", "skops.untrusted-type", "high", "CVE-2025-54412: skops OperatorFuncNode"),
    ("m96", "skops.untrusted-type", "high", "CVE-2025-54413: skops MethodNode"),
    ("m97", "pickle.dangerous-call", "critical", "aiwarden red team: _load_from_bytes(_codecs.encode(...))"),
    ("m98", "pickle.dangerous-call", "critical", "aiwarden red team: _load_from_bytes(bytearray(...))"),
    ("m99", "pickle.dangerous-call", "critical", "aiwarden red team: _load_from_bytes of a literal torch zip"),
    ("m100", "pickle.dangerous-call", "critical", "aiwarden red team: __randomstate_ctor + _import_dotted_name"),
    ("m101", "pickle.dangerous-call", "critical", "aiwarden red team: _rebuild_from_type_v2 + _import_dotted_name"),
    ("m102", "pickle.dangerous-call", "critical", "aiwarden red team: typing.get_type_hints evaluates annotations"),
    ("m103", "pickle.dangerous-call", "critical", "aiwarden red team: get_type_hints handed to __generator_ctor"),
    ("m104", "pickle.dangerous-call", "critical", "aiwarden red team: INT '0x10' (base 0) stopped the analysis"),
    ("m105", "pickle.dangerous-call", "critical", "aiwarden red team: text argument over the line limit"),
    ("m106", "pickle.dangerous-call", "critical", "aiwarden red team: LONG4 over 1 MiB"),
    ("m107", "pickle.dangerous-import", "high", "aiwarden red team: payload past the stack-size limit"),
    ("m108", "pickle.dangerous-call", "critical", "aiwarden red team: joblib 'array bytes' run by pickle.load"),
    ("m109", "pickle.dangerous-call", "critical", "aiwarden red team: joblib dtype elsize desync"),
    ("m110", "pickle.dangerous-call", "critical", "aiwarden red team: LZMA-compressed .npz member"),
    ("m111", "template.injection", "critical", "aiwarden red team: chat_template SSTI with computed dunder names"),
    ("m112", "template.injection", "critical", "aiwarden red team: GGUF chat_template SSTI, computed names"),
    ("m113", "keras.lambda", "high", "aiwarden red team: Lambda in an LZMA-compressed .keras zip"),
]


def _file(prefix: str) -> Path:
    [path] = [p for p in CORPUS.iterdir() if p.name.startswith(prefix + "-")]
    return path


@pytest.mark.parametrize(("prefix", "rule_id", "severity", "source"), BYPASSES,
                         ids=[f"{b[0]}-{b[1]}" for b in BYPASSES])
def test_bypass_is_caught_by_the_right_rule(prefix: str, rule_id: str, severity: str, source: str) -> None:
    report = scan_paths([str(_file(prefix))])
    hits = [f for f in report.findings if f.rule_id == rule_id]
    assert hits, f"{source}: rule {rule_id} did not fire; got {[f.rule_id for f in report.findings]}"
    assert max(f.severity for f in hits) >= Severity.parse(severity), source
