"""Turn symbolic pickle traces into findings; scan nested pickles; check tensor storage records."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from aiwarden.core.findings import Severity
from aiwarden.scan.context import ScanContext
from aiwarden.scan.pkl import legacy, reviewed, scipy_stats, timezones
from aiwarden.scan.pkl.embedded import EMBEDDED_ARGUMENT, MSGPACK_READERS, embedded_argument, has_object_arrays
from aiwarden.scan.pkl.lexical import global_references
from aiwarden.scan.pkl.mutation import hooks_of, is_built_array
from aiwarden.scan.pkl.partials import effective_calls, is_partial
from aiwarden.scan.pkl.policy import (
    FORMAT_NAMESPACES,
    FORMAT_SAFE,
    JOBLIB_LEGACY_WRAPPERS,
    NESTED_LOADERS,
    Classification,
    Policy,
    Verdict,
)
from aiwarden.scan.pkl.values import Call, Dct, Global, LargeBytes, Persistent, Seq, Unknown
from aiwarden.scan.pkl.vm import Machine, Trace, run_stream
from aiwarden.scan.source import stream_size, window

# Arguments that look like shell commands or code, for callables outside the safe set.
_CODE_LIKE = re.compile(
    r"(\b(?:sh|bash|zsh|cmd|powershell|curl|wget|nc|ncat|python[0-9.]*|perl|ruby|chmod|rm|touch|echo)\b\s"
    r"|__import__|\bimport\s+\w|\bexec\s*\(|\beval\s*\(|os\.system|subprocess|/bin/|/etc/|&&|\|\||;\s*\w+\s"
    r"|\$\(|`[^`]+`)",
    re.IGNORECASE,
)

_STORAGE_ELEMENT_SIZE = {
    "DoubleStorage": 8, "FloatStorage": 4, "HalfStorage": 2, "BFloat16Storage": 2, "LongStorage": 8,
    "IntStorage": 4, "ShortStorage": 2, "CharStorage": 1, "ByteStorage": 1, "BoolStorage": 1,
    "ComplexFloatStorage": 8, "ComplexDoubleStorage": 16, "QInt8Storage": 1, "QUInt8Storage": 1,
    "QInt32Storage": 4, "QUInt4x2Storage": 1, "QUInt2x4Storage": 1, "UntypedStorage": 1,
}

_TENSOR_REBUILDERS = {"torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2",
                      "torch._utils._rebuild_tensor_v3", "torch._utils._rebuild_qtensor"}


@dataclass(slots=True)
class StorageRecord:
    key: str
    numel: int
    element_size: int | None
    offset: int


@dataclass(slots=True)
class PickleSummary:
    """What callers (the torch and joblib handlers) need to know besides the findings."""

    traces: list[Trace] = field(default_factory=list)
    storages: dict[str, StorageRecord] = field(default_factory=dict)

    @property
    def is_pickle(self) -> bool:
        return any(t.is_pickle for t in self.traces)


def scan_pickle_stream(stream: BinaryIO, ctx: ScanContext, fmt: str = "pickle", *, speculative: bool = False,
                       max_pickles: int = 64) -> PickleSummary:
    """Analyse every stacked pickle from the stream's position and report findings into ctx.

    With ``speculative`` (content not known to be a pickle), nothing is reported unless the bytes
    really parse as a pickle: they complete, or reach a global before failing.
    """
    start = stream.tell()
    traces = run_stream(stream, max_pickles=max_pickles, deadline=ctx.deadline)
    summary = PickleSummary(traces)
    if speculative and not summary.is_pickle:
        stream.seek(start)
        return summary
    ctx.note_format(fmt)
    policy = Policy(FORMAT_SAFE.get(fmt, FORMAT_SAFE["pickle"]), ctx.extra_safe_globals,
                    FORMAT_NAMESPACES.get(fmt, ()))
    end = stream.tell()
    for trace in traces:
        rep = _Reporter(ctx, policy, stream)
        _report_trace(trace, rep, summary)
        _scan_opaque_regions(trace, rep)
        if any(a.kind != "structure" for a in trace.anomalies):
            _scan_after_stop(trace, rep)
    stream.seek(end)
    return summary


def scan_pickle_bytes(data: bytes, ctx: ScanContext, fmt: str = "pickle", *, speculative: bool = False
                      ) -> PickleSummary:
    return scan_pickle_stream(io.BytesIO(data), ctx, fmt, speculative=speculative)


def _describe(value: Any, depth: int = 0) -> str:
    if isinstance(value, Global):
        return value.qualname if value.module is not None and value.name is not None else "<computed global>"
    if isinstance(value, Call):
        return f"{_describe(value.func, depth + 1)}(...)"
    if isinstance(value, Seq):
        if depth > 2:
            return "(...)"
        inner = ", ".join(_describe(v, depth + 1) for v in value.items[:6])
        return f"({inner}{', ...' if len(value.items) > 6 else ''})"
    if isinstance(value, Dct):
        return "{...}"
    if isinstance(value, LargeBytes):
        return f"<{value.length} bytes>"
    if isinstance(value, Unknown):
        return f"<{value.why}>"
    if isinstance(value, Persistent):
        return "<persistent id>"
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _strings(value: Any, depth: int = 0) -> list[str]:
    """Text arguments of a call. Not bytes (array data is not code), not inside nested calls (those are
    checked as calls of their own)."""
    if depth > 4:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Seq):
        return [s for v in value.items[:64] for s in _strings(v, depth + 1)]
    if isinstance(value, Dct):
        return [s for kv in value.items[:64] for v in kv for s in _strings(v, depth + 1)]
    return []


class _Reporter:
    def __init__(self, ctx: ScanContext, policy: Policy, stream: BinaryIO):
        self.ctx = ctx
        self.policy = policy
        self.stream = stream
        self.seen: set[tuple[str, str]] = set()

    def add(self, rule_id: str, key: str, message: str, offset: int, evidence: str = "",
            severity: Severity | None = None) -> None:
        if (rule_id, key) in self.seen:
            return
        self.seen.add((rule_id, key))
        self.ctx.add(rule_id, message, offset=offset, evidence=evidence, severity=severity)

    def classify(self, g: Global) -> Classification | None:
        if g.module is None or g.name is None:
            return None
        return self.policy.classify(g.module, g.name)


def _report_trace(trace: Trace, rep: _Reporter, summary: PickleSummary) -> None:
    ctx = rep.ctx
    called: set[int] = set()
    handed: dict[int, Call] = {}
    for call in trace.calls:
        _report_call(call, rep, summary, ctx)
        if isinstance(call.func, Global):
            called.add(id(call.func))
        built = _constructed(call)
        if built is not None:
            # copyreg/numpy create an instance of the class argument: its __new__/__setstate__ run at load.
            _report_call(Call(built, Seq("tuple"), call.offset, "construct", list(call.states)), rep, summary, ctx)
            called.add(id(built))
        for g in _globals_in(call.args):
            handed.setdefault(id(g), call)
    for g in trace.globals:
        if id(g) in called:
            continue
        if id(g) in handed:
            _report_handed(g, handed[id(g)], rep)
        else:
            _report_import(g, rep)
    _report_mutations(trace, rep)
    _report_distribution_states(trace, rep)
    for target, how, offset in trace.global_mutations:
        rep.add("pickle.state-on-global", f"{offset}", f"{how} on {_describe(target)} itself: changes an imported "
                "module-level object or class in place at load time", offset, evidence=_describe(target))
    for target, state, offset in trace.builds:
        if isinstance(target, Global):
            rep.add("pickle.state-on-global", f"{offset}",
                    f"BUILD sets attributes on {_describe(target)} itself at load time", offset,
                    evidence=_describe(state))
    expanded = _expanded_size(trace.result)
    if expanded > EXPANSION_LIMIT:
        rep.add("pickle.structure-abuse", "expansion", f"shared references expand to over {EXPANSION_LIMIT:,} "
                "objects when traversed (billion-laughs denial of service)", trace.start)
    for anomaly in trace.anomalies:
        if anomaly.kind == "structure":
            rep.add("pickle.structure-abuse", anomaly.message, anomaly.message, anomaly.offset)
        elif anomaly.kind == "limit":
            rep.add("scan.limit", anomaly.message, f"pickle analysis stopped: {anomaly.message}", anomaly.offset)
        elif anomaly is trace.unread:
            # A loader may read on where the machine stopped: what follows is unverified, as after a limit.
            rep.add("pickle.malformed", anomaly.message,
                    f"pickle analysis stopped before STOP ({anomaly.message}); the stream from offset "
                    f"{anomaly.offset} on was not read and is unverified", anomaly.offset, severity=Severity.HIGH)
        else:
            before = "after analysing what came before it" if trace.opcodes > 1 else "at its start"
            rep.add("pickle.malformed", anomaly.message, f"malformed pickle ({anomaly.message}), {before}",
                    anomaly.offset)


EXPANSION_LIMIT = 10_000_000


def _report_distribution_states(trace: Trace, rep: _Reporter) -> None:
    """Every BUILD on a SciPy distribution runs its ``__setstate__``, which executes code from the state."""
    for target, state, offset in trace.builds:
        if not isinstance(target, Call):
            continue
        for cls in _classes_built_by(target):
            if cls.qualname in scipy_stats.DISTRIBUTIONS and not scipy_stats.state_ok(state):
                rep.add("pickle.unknown-call", f"shape@{offset}", f"BUILD gives {cls.qualname} a state SciPy never "
                        "writes; its __setstate__ runs code taken from the state", offset, evidence=_describe(state),
                        severity=Severity.CRITICAL)


def _classes_built_by(call: Call, depth: int = 0) -> list[Global]:
    """The classes whose instance a call may return: the callable itself, the class a constructor helper
    instantiates, or what the function wrapped by a called partial builds (partial(cls)() is cls())."""
    func = call.func
    if isinstance(func, Global):
        built = _constructed(call) if func.qualname in CONSTRUCTORS else func
        return [built] if isinstance(built, Global) else []
    if isinstance(func, Call) and is_partial(func) and depth < _PARTIAL_DEPTH:
        return [cls for effective, _ in effective_calls(call) for cls in _classes_built_by(effective, depth + 1)]
    return []


def _report_mutations(trace: Trace, rep: _Reporter) -> None:
    """Hooks attached to tensors and tensors changed after they were built (``mutation.py``)."""
    for call in trace.calls:
        hooks = hooks_of(call)
        if not hooks:
            continue
        dangerous = [v for _, v in hooks if isinstance(v, Global) and (c := rep.classify(v)) is not None
                     and c.verdict in (Verdict.DANGEROUS, Verdict.INTERNALS, Verdict.BUILDER, Verdict.RESOLVER)]
        message = (f"{_describe(call.func)} installs {len(hooks)} backward hook(s) on the tensor it builds "
                   "(torch never saves hooks); they run on every backward pass")
        if dangerous:
            rep.add("pickle.dangerous-call", f"hooks@{call.offset}", f"{message}, and "
                    f"{_describe(dangerous[0])} can run code or touch files", call.offset,
                    evidence=_describe(Seq("tuple", [v for _, v in hooks])))
        else:
            rep.add("pickle.structure-abuse", f"hooks@{call.offset}", message, call.offset,
                    evidence=_describe(Seq("tuple", [v for _, v in hooks])), severity=Severity.HIGH)
    for target, offset in trace.mutations:
        if is_built_array(target):
            rep.add("pickle.structure-abuse", f"mutation@{offset}", f"SETITEM(S) writes into "
                    f"{_describe(target)}, a tensor or array already built: its values change after construction",
                    offset, evidence=_describe(Seq("tuple", [v for kv in target.items[:3] for v in kv])),
                    severity=Severity.HIGH)
    for target, state, offset in trace.builds:
        if is_built_array(target, torch_only=True):
            rep.add("pickle.structure-abuse", f"mutation@{offset}", f"BUILD sets the state of {_describe(target)}, "
                    "a tensor already built (Tensor.set_ swaps its storage, size and stride)", offset,
                    evidence=_describe(state), severity=Severity.HIGH)


def _expanded_size(root: Any) -> int:
    """Objects visited when the result is traversed as a tree; shared references count every time."""
    sizes: dict[int, int] = {}

    def size(value: Any, depth: int) -> int:
        if not isinstance(value, Seq | Dct) or depth > 100:
            return 1
        key = id(value)
        if key not in sizes:
            sizes[key] = 1  # cycles count once
            children = value.items if isinstance(value, Seq) else [v for kv in value.items for v in kv]
            total = 1 + value.dropped
            for child in children:
                total += size(child, depth + 1)
                if total > EXPANSION_LIMIT:
                    break
            sizes[key] = total
        return sizes[key]

    return size(root, 0)


def _globals_in(value: Any, depth: int = 0) -> list[Global]:
    if isinstance(value, Global):
        return [value]
    if depth > 3:
        return []
    if isinstance(value, Seq):
        return [g for v in value.items[:32] for g in _globals_in(v, depth + 1)]
    if isinstance(value, Dct):
        return [g for kv in value.items[:32] for v in kv for g in _globals_in(v, depth + 1)]
    return []


# Helpers that instantiate their first argument without calling its __init__ (copyreg, numpy arrays).
CONSTRUCTORS = frozenset({"copyreg._reconstructor", "copy_reg._reconstructor", "copyreg.__newobj__",
                          "copyreg.__newobj_ex__", *legacy.RECONSTRUCT,
                          "scipy.spatial.ckdtree.new_object"})  # SciPy < 1.3: cls.__new__(cls)


def _constructed(call: Call) -> Global | None:
    if not isinstance(call.func, Global) or call.func.qualname not in CONSTRUCTORS or legacy.reviewed_subclass(call):
        return None
    args = call.args.items if isinstance(call.args, Seq) else []
    return args[0] if args and isinstance(args[0], Global) else None


def _report_handed(g: Global, call: Call, rep: _Reporter) -> None:
    """A global passed into a call at load time (copyreg._reconstructor, map, partial...) may be invoked."""
    cls = rep.classify(g)
    if cls is not None and (cls.verdict in (Verdict.DANGEROUS, Verdict.INTERNALS, Verdict.RESOLVER)
                            or g.qualname in NESTED_LOADERS):
        rep.add("pickle.dangerous-call", g.qualname,
                f"passes {g.qualname} to {_describe(call.func)} at load time, which can invoke it ({_why(cls)})",
                call.offset, evidence=f"{_describe(call.func)}{_describe(call.args)}")
        return
    _report_import(g, rep)


def _report_import(g: Global, rep: _Reporter) -> None:
    cls = rep.classify(g)
    if cls is None:
        rep.add("pickle.unresolved-global", f"{g.offset}",
                "STACK_GLOBAL operands are not literal strings; the imported name is computed at load time",
                g.offset)
        return
    if cls.verdict in (Verdict.DANGEROUS, Verdict.INTERNALS):
        rep.add("pickle.dangerous-import", g.qualname, f"imports {g.qualname} ({_why(cls)})", g.offset,
                evidence=g.qualname)
    elif cls.verdict is Verdict.WALK:
        rep.add("pickle.attribute-walk", g.qualname, f"imports {g.qualname}, an attribute walk to an object that "
                "is not on the allowlist", g.offset, evidence=g.qualname)
    elif cls.verdict in (Verdict.BUILDER, Verdict.RESOLVER):
        rep.add("pickle.function-builder", cls.matched,
                f"imports {g.qualname}, which builds or looks up functions at load time", g.offset,
                evidence=g.qualname)
    elif cls.verdict in (Verdict.UNKNOWN, Verdict.ECOSYSTEM_CLASS):
        rep.add("pickle.unknown-global", cls.matched, f"imports {g.qualname}, which is not on the allowlist "
                "(not called at load)", g.offset, evidence=g.qualname)
    elif cls.verdict is Verdict.MODULE_OBJECT:
        rep.add("pickle.module-object", cls.matched, f"pickles a whole {g.qualname} object", g.offset,
                evidence=g.qualname)


def _why(cls: Classification) -> str:
    if cls.verdict is Verdict.INTERNALS:
        return "reaches Python internals through a dunder attribute"
    return f"{cls.matched} can run code or touch files"


def _shape_rule(qualname: str) -> tuple[str, Callable[[str, Call], bool]] | None:
    """Safe names that are safe only in the argument shape their library writes: (library, check)."""
    if legacy.shaped(qualname):
        return "NumPy", legacy.shape_ok
    if qualname in timezones.SHAPED:
        return "pytz", timezones.shape_ok
    if qualname in scipy_stats.SCIPY_STATS_SAFE:
        return "SciPy", scipy_stats.shape_ok
    if qualname in reviewed.REVIEWED_UNDER_DENY:
        return qualname.split(".", 1)[0], reviewed.shape_ok
    return None


# Partials wrapping partials are unwrapped this deep; deeper (or self-referencing) ones stay calls on results.
_PARTIAL_DEPTH = 8


def _report_call(call: Call, rep: _Reporter, summary: PickleSummary, ctx: ScanContext, depth: int = 0,
                 keywords: bool = False) -> None:
    """``keywords``: the call also passes keyword arguments (a partial's), which no shape rule accepts."""
    func = call.func
    evidence = f"{_describe(func)}{_describe(call.args)}"
    if _benign_special_call(call, rep):
        return
    rule = _shape_rule(func.qualname) if isinstance(func, Global) else None
    if isinstance(func, Global) and rule is not None and (keywords or not rule[1](func.qualname, call)):
        rep.add("pickle.unknown-call", f"shape@{call.offset}",
                f"{call.opcode} calls {func.qualname} with arguments {rule[0]} never writes", call.offset,
                evidence=evidence)
    if (isinstance(func, Call) and is_partial(func) and call.opcode in ("REDUCE", "OBJ")
            and depth < _PARTIAL_DEPTH and (inner := effective_calls(call))):
        # Calling partial(f, *a) with (*b) calls f(*a, *b): judged as that call, against the same tables.
        for effective, with_keywords in inner:
            _report_call(effective, rep, summary, ctx, depth + 1, with_keywords)
        return
    if isinstance(func, Call) and isinstance(_safe_attribute(func, rep), Global):
        return  # calls getattr(SafeClass, 'method') such as zoneinfo.ZoneInfo._unpickle
    if isinstance(func, Global):
        cls = rep.classify(func)
        if cls is None:
            rep.add("pickle.unresolved-global", f"{func.offset}",
                    "calls a global whose name is computed at load time", call.offset, evidence=evidence)
            return
        if cls.verdict in (Verdict.DANGEROUS, Verdict.INTERNALS):
            rep.add("pickle.dangerous-call", func.qualname,
                    f"{call.opcode} calls {func.qualname} at load time ({_why(cls)})", call.offset,
                    evidence=evidence)
        elif cls.verdict is Verdict.RESOLVER:
            _report_resolver(call, func, rep, evidence)
        elif cls.verdict is Verdict.BUILDER and _benign_builder_call(func.qualname, call, rep):
            pass
        elif cls.verdict is Verdict.BUILDER:
            rep.add("pickle.function-builder", cls.matched,
                    f"{call.opcode} calls {func.qualname}, which rebuilds code or looks up objects by name",
                    call.offset, evidence=evidence)
        elif cls.verdict is Verdict.WALK:
            rep.add("pickle.attribute-walk", func.qualname, f"{call.opcode} calls {func.qualname}, an attribute "
                    "walk to an object that is not on the allowlist", call.offset, evidence=evidence)
        elif cls.verdict in (Verdict.UNKNOWN, Verdict.ECOSYSTEM_CLASS):
            _report_unknown_call(call, func, cls, rep, evidence)
        elif cls.verdict is Verdict.MODULE_OBJECT:
            rep.add("pickle.module-object", cls.matched, f"pickles a whole {func.qualname} object", call.offset,
                    evidence=func.qualname)
        qualname = func.qualname
        if qualname in NESTED_LOADERS or cls.matched in NESTED_LOADERS or qualname in EMBEDDED_ARGUMENT:
            _scan_nested(call, rep, ctx)
        _check_callable_arguments(call, qualname, rep)
        _check_named_callables(call, rep)
        if qualname in _TENSOR_REBUILDERS:
            _check_tensor(call, rep, summary)
        return
    if isinstance(func, Call):
        rep.add("pickle.call-on-result", f"{call.offset}",
                f"{call.opcode} calls the object returned by {_describe(func)} at load time", call.offset,
                evidence=evidence)
    elif isinstance(func, Unknown):
        rep.add("pickle.unresolved-global", f"{call.offset}",
                f"{call.opcode} calls an object the analysis could not resolve ({func.why})", call.offset,
                evidence=evidence)
    elif isinstance(func, Persistent):
        rep.add("pickle.unknown-global", f"persid@{call.offset}",
                f"{call.opcode} calls an object supplied by the loader's persistent_load", call.offset,
                evidence=evidence)
    else:
        rep.add("pickle.malformed", f"call@{call.offset}",
                f"{call.opcode} calls a non-callable {_describe(func)}; loaders fail here", call.offset)


def _report_unknown_call(call: Call, func: Global, cls: Classification, rep: _Reporter, evidence: str) -> None:
    """Unknown code invoked at load is high; constructing an ecosystem class without arguments is medium."""
    if any(_CODE_LIKE.search(s) for s in _strings(call.args)):
        rep.add("pickle.suspicious-argument", cls.matched,
                f"{call.opcode} calls {func.qualname}, which is not on the allowlist, with code-like "
                "arguments", call.offset, evidence=evidence)
    if cls.verdict is Verdict.ECOSYSTEM_CLASS and not _runs_init_with_arguments(call):
        rep.add("pickle.unknown-global", cls.matched, f"constructs {func.qualname}, a class of a known ML "
                "ecosystem that is not in the table", call.offset, evidence=evidence)
        return
    what = "constructs" if call.opcode == "construct" else "calls"
    rep.add("pickle.unknown-call", cls.matched, f"{what} {func.qualname} at load time, which is not on the "
            "allowlist", call.offset, evidence=evidence)


def _runs_init_with_arguments(call: Call) -> bool:
    """REDUCE/INST/OBJ call the class itself (its __init__ runs with the file's arguments); NEWOBJ and the
    copyreg/numpy helpers only create the instance."""
    return call.opcode in ("REDUCE", "INST", "OBJ") and not (isinstance(call.args, Seq) and not call.args.items)


_GETATTR = frozenset({"builtins.getattr", "__builtin__.getattr"})
# Safe constructors and the type of what they return, to judge getattr on their results.
_RETURN_TYPES = {"re._compile": "re.Pattern"}


def _safe_attribute(call: Call, rep: _Reporter) -> Global | None:
    """getattr(G, 'attr') whose target G.attr is itself on the allowlist, as that global; else None."""
    if not isinstance(call.func, Global) or call.func.qualname not in _GETATTR:
        return None
    args = call.args.items if isinstance(call.args, Seq) else []
    if len(args) != 2 or not isinstance(args[1], str):
        return None
    target = args[0]
    if isinstance(target, Call) and isinstance(target.func, Global) and target.func.qualname in _RETURN_TYPES:
        # A bound method of an object built by a safe constructor: getattr(re.compile(...), 'search').
        module, name = _RETURN_TYPES[target.func.qualname].rsplit(".", 1)
        target = Global(module, name, target.offset)
    if not isinstance(target, Global) or target.module is None or target.name is None:
        return None
    resolved = Global(target.module, f"{target.name}.{args[1]}", call.offset)
    cls = rep.classify(resolved)
    return resolved if cls is not None and cls.verdict is Verdict.SAFE else None


def _benign_special_call(call: Call, rep: _Reporter) -> bool:
    """Calls of otherwise dangerous globals whose arguments make them harmless."""
    func = call.func
    if not isinstance(func, Global):
        return False
    args = call.args.items if isinstance(call.args, Seq) else []
    qualname = func.qualname
    if qualname in JOBLIB_LEGACY_WRAPPERS:
        return legacy.joblib_wrapper_ok(qualname.rsplit(".", 1)[-1], call)
    if qualname in _GETATTR:
        return _safe_attribute(call, rep) is not None
    if qualname in ("builtins.type", "__builtin__.type"):
        return len(args) == 1 and args[0] is None  # type(None) is NoneType
    if qualname in ("functools.partial", "_functools.partial") and args and isinstance(args[0], Global):
        # partial only wraps; what matters is the wrapped function, judged as an import of its own.
        wrapped = rep.classify(args[0])
        return wrapped is not None and wrapped.verdict in (Verdict.SAFE, Verdict.UNKNOWN, Verdict.MODULE_OBJECT)
    return False


# dill helpers that only wrap another call or name a builtin type: benign when what they wrap is.
_DILL_TYPE_NAMES = frozenset(
    "list dict tuple set frozenset bytes bytearray str int float complex bool NoneType type object slice range "
    "ellipsis NotImplementedType".split()
)


def _benign_builder_call(qualname: str, call: Call, rep: _Reporter) -> bool:
    args = call.args.items if isinstance(call.args, Seq) else []
    if qualname == "dill._dill._create_array" and args and isinstance(args[0], Global):
        cls = rep.classify(args[0])
        return cls is not None and cls.verdict is Verdict.SAFE
    if qualname == "dill._dill._load_type" and len(args) == 1:
        return isinstance(args[0], str) and args[0] in _DILL_TYPE_NAMES
    return False


# Allowlisted functions that call one of their arguments: (argument positions that are called).
HIGHER_ORDER: dict[str, tuple[int, ...]] = {
    "torch._tensor._rebuild_from_type": (0,),
    "torch._tensor._rebuild_from_type_v2": (0,),
    # (name or BitGenerator instance, ctor): the ctor is called; a bit generator instance is used as is.
    "numpy.random._pickle.__randomstate_ctor": (1,),
    "numpy.random._pickle.__generator_ctor": (1,),
    "numpy.random._pickle.__bit_generator_ctor": (0,),
    "copyreg._reconstructor": (1,),
    "copy_reg._reconstructor": (1,),
}


def _check_callable_arguments(call: Call, qualname: str, rep: _Reporter) -> None:
    positions = HIGHER_ORDER.get(qualname)
    args = call.args.items if isinstance(call.args, Seq) else []
    for index in positions or ():
        if index >= len(args) or isinstance(args[index], str):
            continue
        arg = args[index]
        cls = rep.classify(arg) if isinstance(arg, Global) else None
        if cls is None or cls.verdict is not Verdict.SAFE:
            rep.add("pickle.dangerous-call", f"higher-order@{call.offset}",
                    f"passes {_describe(arg)} to {qualname}, which calls it at load time", call.offset,
                    evidence=f"{qualname}{_describe(call.args)}")


_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")


def _check_named_callables(call: Call, rep: _Reporter) -> None:
    """String arguments that name dangerous callables ('posix.system') feed resolvers we may not know."""
    for text in _strings(call.args):
        if len(text) > 200 or not _DOTTED.match(text):
            continue
        module, _, name = text.rpartition(".")
        cls = rep.policy.classify(module, name)
        if cls.verdict in (Verdict.DANGEROUS, Verdict.INTERNALS, Verdict.RESOLVER, Verdict.BUILDER):
            rep.add("pickle.suspicious-argument", f"named:{text}",
                    f"{call.opcode} passes the name {text!r} of a dangerous callable to {_describe(call.func)}",
                    call.offset, evidence=f"{_describe(call.func)}{_describe(call.args)}")


def _report_resolver(call: Call, func: Global, rep: _Reporter, evidence: str) -> None:
    args = call.args.items if isinstance(call.args, Seq) else []
    if len(args) == 2 and all(isinstance(a, str) for a in args):
        module, name = args
        if module.split(".")[0] == "numpy" and name.isidentifier() and not name.startswith("_"):
            cls = rep.policy.classify(module, name)
            if cls.verdict not in (Verdict.DANGEROUS, Verdict.INTERNALS, Verdict.BUILDER):
                return
    rep.add("pickle.dangerous-call", f"resolver@{call.offset}",
            f"{func.qualname} resolves {_describe(call.args)} by name at load time", call.offset,
            evidence=evidence)


def _scan_nested(call: Call, rep: _Reporter, ctx: ScanContext) -> None:
    qualname = call.func.qualname if isinstance(call.func, Global) else ""
    arg = embedded_argument(qualname, call)
    where = f"nested@{call.offset}"
    if qualname in MSGPACK_READERS:
        _check_msgpack(call, arg, rep)
        return
    if ctx.depth >= ctx.limits.max_depth:
        rep.add("archive.too-deep", where, f"nested pickle beyond depth {ctx.limits.max_depth}; not opened",
                call.offset)
    elif isinstance(arg, bytes | str):
        data = arg.encode("latin-1", "replace") if isinstance(arg, str) else arg
        rep.add("pickle.nested", where,
                f"{_describe(call.func)} unpickles {len(data)} embedded bytes at load time; scanned", call.offset)
        _scan_nested_content(data, ctx.enter(where))
    elif isinstance(arg, LargeBytes):
        rep.add("pickle.nested", where,
                f"{_describe(call.func)} unpickles {arg.length} embedded bytes at load time; scanned", call.offset)
        position = rep.stream.tell()
        _scan_nested_content(window(rep.stream, arg.offset, arg.length), ctx.enter(where))
        rep.stream.seek(position)
    else:
        rep.add("pickle.dangerous-call", where,
                f"{_describe(call.func)} unpickles a value computed at load time ({_describe(arg)}), which cannot "
                "be inspected", call.offset, evidence=f"{_describe(call.func)}{_describe(call.args)}")


def _check_msgpack(call: Call, arg: Any, rep: _Reporter) -> None:
    """msgpack is not decoded here: object arrays in it (unpickled by the reader) are unverified."""
    if isinstance(arg, bytes | LargeBytes) and not has_object_arrays(arg):
        return
    what = "msgpack with NumPy object arrays, which it unpickles" if isinstance(arg, bytes | LargeBytes) else \
        f"a value computed at load time ({_describe(arg)})"
    rep.add("pickle.nested", f"nested@{call.offset}", f"{_describe(call.func)} reads {what}; the nested pickle "
            "was not decoded and is unverified", call.offset, severity=Severity.HIGH,
            evidence=f"{_describe(call.func)}{_describe(call.args)}")


def _scan_nested_content(content: bytes | BinaryIO, ctx: ScanContext) -> None:
    """Nested payloads may be a pickle or a whole torch zip (torch.storage._load_from_bytes)."""
    from aiwarden.scan.dispatch import scan_bytes, scan_stream

    if isinstance(content, bytes):
        scan_bytes(content, ctx)
    else:
        scan_stream(content, ctx)


_MAX_REGION_RUNS = 10_000


def _scan_opaque_regions(trace: Trace, rep: _Reporter) -> None:
    """joblib reads these bytes as array data, but pickle.load and torch.load execute them as opcodes."""
    # A region run as opcodes may hold wrappers of its own, whose array bytes the loader runs too: a work queue
    # of (region, offset of the window its machine ran on).
    queue = [(region, 0) for region in trace.opaque]
    runs = 0
    while queue:
        region, base = queue.pop(0)
        if region.length == 0:
            continue
        runs += 1
        if runs > _MAX_REGION_RUNS:
            rep.add("scan.limit", "array regions", f"more than {_MAX_REGION_RUNS} joblib array regions (nested ones "
                    "included); the rest were not run as opcodes and are unverified", base + region.offset)
            return
        # The loader runs these bytes with the stack, marks and memo of the pickle around them, so the run starts
        # from that state (a region opening with POP, TUPLE or SETITEMS works on the real values, and BINGET
        # fetches what the pickle stored). It reads on past the region's end from wherever the region's last
        # opcode ends (an argument may swallow bytes the main run read as opcodes, and the reverse), so the run
        # goes to the end of the data, not of the region.
        offset = base + region.offset
        machine = Machine(window(rep.stream, offset, stream_size(rep.stream) - offset), deadline=rep.ctx.deadline)
        machine.stack = list(region.state.stack)
        machine.metastack = [list(frame) for frame in region.state.metastack]
        machine.outer = region.state
        inner = machine.run()
        queue.extend((nested, offset) for nested in inner.opaque)
        # Array data is rarely a valid pickle: where every unpickler fails (an undefined opcode, a call of a
        # number or a string) pickle.load raises and runs nothing more, so that stop is no finding.
        inner.anomalies = [a for a in inner.anomalies if not a.definitive]
        if inner.unread is not None and inner.unread.definitive:
            inner.unread = None
        if inner.globals or inner.calls:
            before = len(rep.ctx.findings)
            _report_trace(inner, rep, PickleSummary([inner]))
            for index in range(before, len(rep.ctx.findings)):
                finding = rep.ctx.findings[index]
                rep.ctx.findings[index] = dataclasses.replace(
                    finding, location=dataclasses.replace(finding.location, offset=offset + (finding.location.offset
                                                                                             or 0)),
                    message=f"{finding.message} (in bytes joblib treats as array data; pickle.load runs them)")


def _scan_after_stop(trace: Trace, rep: _Reporter) -> None:
    """The machine stopped early: look for global references in what follows, lexically."""
    position = rep.stream.tell()
    rep.stream.seek(trace.end)
    rest = rep.stream.read(16 * 1024 * 1024)
    rep.stream.seek(position)
    for module, name, offset in global_references(rest):
        cls = rep.policy.classify(module, name)
        if cls.verdict in (Verdict.DANGEROUS, Verdict.INTERNALS, Verdict.RESOLVER, Verdict.BUILDER, Verdict.WALK):
            rep.add("pickle.dangerous-import", cls.matched,
                    f"{module}.{name} is referenced after the point where the analysis stopped ({_why(cls)})",
                    trace.end + offset, evidence=f"{module}.{name}")


def _check_tensor(call: Call, rep: _Reporter, summary: PickleSummary) -> None:
    args = call.args.items if isinstance(call.args, Seq) else []
    if len(args) < 4 or not isinstance(args[0], Persistent):
        return
    record = _storage_record(args[0])
    if record is None:
        return
    summary.storages.setdefault(record.key, record)
    storage_offset, size, stride = args[1], args[2], args[3]
    if not (isinstance(storage_offset, int) and isinstance(size, Seq) and isinstance(stride, Seq)):
        return
    if not all(isinstance(v, int) for v in (*size.items, *stride.items)):
        return
    if len(size.items) != len(stride.items) or storage_offset < 0 or any(v < 0 for v in size.items):
        rep.add("pickle.structure-abuse", f"view@{call.offset}",
                f"tensor view on storage {record.key} has inconsistent size/stride/offset", call.offset,
                evidence=_describe(call.args))
        return
    if any(v == 0 for v in size.items):
        return
    extent = storage_offset + sum((n - 1) * s for n, s in zip(size.items, stride.items, strict=True)) + 1
    if any(s < 0 for s in stride.items) or extent > record.numel:
        rep.add("torch.storage-mismatch", f"view@{call.offset}",
                f"tensor view reaches element {extent} of storage {record.key}, which holds {record.numel}",
                call.offset, evidence=_describe(call.args))


def _storage_record(pid: Persistent) -> StorageRecord | None:
    value = pid.pid
    if not isinstance(value, Seq) or len(value.items) < 5 or value.items[0] != "storage":
        return None
    storage_type, key, numel = value.items[1], value.items[2], value.items[4]
    if not isinstance(key, str) or not isinstance(numel, int):
        return None
    element_size = None
    if isinstance(storage_type, Global) and storage_type.name:
        element_size = _STORAGE_ELEMENT_SIZE.get(storage_type.name.rsplit(".", 1)[-1])
    return StorageRecord(key, numel, element_size, pid.offset)
