"""skops files: schema.json names every type and function the loader will import.

skops' safety model is an audit: ``get_untrusted_types`` lists what the file needs beyond skops' trusted
defaults, the user reviews it and passes it to ``load(trusted=...)``. Two kinds of finding follow:

- a type the audit lists: the user sees it before loading. Dangerous names are high, other names outside the
  safe tables medium (skops refuses them unless trusted).
- something the loader builds or calls that the audit of some skops release does not list
  (``skops.audit-bypass``, critical): the review cannot catch it. From skops' own source (``io/_general.py``,
  ``io/_numpy.py`` and their fixes for CVE-2025-54412/54413):
  ``OperatorFuncNode`` builds ``operator.<__class__>`` whatever ``__module__`` says (the audit lists
  ``__module__.__class__``); ``MethodNode`` returns ``getattr(obj, func)`` and neither ``func`` nor a type
  differing from ``obj``'s was audited; ``RandomGeneratorNode`` calls ``numpy.random.<name>`` with the
  name read from a plain string in the bit generator's state.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from aiwarden.core.findings import Severity
from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats import jsontext
from aiwarden.scan.pkl.policy import FORMAT_SAFE, Policy, Verdict

_MAX_NODES = 1_000_000
_MAX_DEPTH = 200
# numpy.random's BitGenerator subclasses (skops' NUMPY_RANDOM_BIT_GENERATOR_TYPE_NAMES)
BIT_GENERATORS = frozenset({"MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64"})
# operator functions that only compute on their arguments; attrgetter/methodcaller/itemgetter reach attributes
_PLAIN_OPERATORS = frozenset(
    "abs add and_ concat contains eq floordiv ge gt index inv invert is_ is_not le lshift lt matmul mod mul ne "
    "neg not_ or_ pos pow rshift sub truediv truth xor".split()
)
_PUBLIC_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_DANGER = (Verdict.DANGEROUS, Verdict.INTERNALS, Verdict.BUILDER, Verdict.RESOLVER, Verdict.WALK)
# what skops trusts by default beyond the safe tables' modules (builtins containers, numpy/scipy/sklearn types)
_TRUSTED_ROOTS = ("sklearn", "numpy", "scipy", "builtins", "collections", "skops", "operator")


class _Budget(Exception):
    pass


def _nodes(value: Any, depth: int = 0, count: list[int] | None = None) -> Iterator[dict[str, Any]]:
    count = [0] if count is None else count
    if depth > _MAX_DEPTH:
        raise _Budget(f"schema nested deeper than {_MAX_DEPTH} levels")
    if isinstance(value, dict):
        count[0] += 1
        if count[0] > _MAX_NODES:
            raise _Budget(f"schema holds more than {_MAX_NODES} objects")
        yield value
        for v in value.values():
            yield from _nodes(v, depth + 1, count)
    elif isinstance(value, list):
        for v in value:
            yield from _nodes(v, depth + 1, count)


def check_schema(raw: bytes, ctx: ScanContext) -> None:
    try:
        readings = jsontext.parse(raw)  # skops reads it with json.loads(bytes): BOMs and UTF-16 included
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        ctx.add("skops.malformed", f"schema.json is not valid JSON: {str(exc)[:80]}")
        return
    checker = _Checker(ctx)
    try:
        for schema in (readings.last, readings.first):
            for node in _nodes(schema):
                checker.check(node)
    except _Budget as exc:
        ctx.add("scan.limit", f"skops schema not fully checked: {exc}; the rest is unverified")


class _Checker:
    def __init__(self, ctx: ScanContext) -> None:
        self.ctx = ctx
        self.policy = Policy(FORMAT_SAFE["pickle"])
        self.reported: set[str] = set()

    def check(self, node: dict[str, Any]) -> None:
        loader = node.get("__loader__")
        if loader == "JsonNode":
            return  # json.loads of its content; its type fields are never imported
        for module, name in _references(node):
            self._visible(module, name, str(loader or "node"))
        if loader == "OperatorFuncNode":
            self._operator(node)
        elif loader == "MethodNode":
            self._method(node)
        elif loader == "RandomGeneratorNode":
            self._bit_generator(node)

    def _visible(self, module: str, name: str, loader: str) -> None:
        qualname = f"{module}.{name}"
        if qualname in self.reported:
            return
        verdict = self.policy.classify(module, name).verdict
        if verdict in _DANGER:
            self.reported.add(qualname)
            self.ctx.add("skops.untrusted-type", f"schema loads {qualname} ({loader})", evidence=qualname)
        elif verdict is Verdict.UNKNOWN and module.split(".")[0] not in _TRUSTED_ROOTS:
            self.reported.add(qualname)
            self.ctx.add("skops.untrusted-type", f"schema loads {qualname} ({loader}); skops refuses it unless "
                         "the user trusts it", evidence=qualname, severity=Severity.MEDIUM)

    def _bypass(self, what: str, evidence: str) -> None:
        if evidence in self.reported:
            return
        self.reported.add(evidence)
        self.ctx.add("skops.audit-bypass", what, evidence=evidence)

    def _operator(self, node: dict[str, Any]) -> None:
        module, name = node.get("__module__"), str(node.get("__class__"))
        if module != "operator":
            self._bypass(f"OperatorFuncNode builds operator.{name} while skops' audit lists {module}.{name} "
                         "(CVE-2025-54412)", f"operator.{name}")
        elif name not in _PLAIN_OPERATORS:
            self._visible_high(f"operator.{name}", "OperatorFuncNode reaches attributes or items of its argument")

    def _method(self, node: dict[str, Any]) -> None:
        content = node.get("content")
        content = content if isinstance(content, dict) else {}
        obj, func = content.get("obj"), content.get("func")
        module, cls = node.get("__module__"), node.get("__class__")
        if isinstance(obj, dict) and (obj.get("__module__"), obj.get("__class__")) != (module, cls):
            self._bypass(f"MethodNode declares {module}.{cls} but takes its method from "
                         f"{obj.get('__module__')}.{obj.get('__class__')} (CVE-2025-54413)", f"{module}.{cls}")
        if not isinstance(func, str) or not _PUBLIC_NAME.fullmatch(func):
            self._bypass(f"MethodNode takes attribute {func!r} of {module}.{cls}; skops before 0.12 does not "
                         "audit the name, and it reaches internals (CVE-2025-54413)", f"{module}.{cls}.{func}")
        elif f"{module}.{cls}.{func}" not in self.reported:
            # returned, not called, at load; listed by the audit of skops 0.12 and later
            self.reported.add(f"{module}.{cls}.{func}")
            self.ctx.add("skops.untrusted-type", f"MethodNode returns the bound method {module}.{cls}.{func}",
                         evidence=f"{module}.{cls}.{func}", severity=Severity.MEDIUM)

    def _bit_generator(self, node: dict[str, Any]) -> None:
        name = _bit_generator_name(node.get("content"))
        if name not in BIT_GENERATORS:
            self._bypass(f"RandomGeneratorNode calls numpy.random.{name} at load; the name is a plain string "
                         "that skops' audit did not list before its fix", f"numpy.random.{name}")

    def _visible_high(self, qualname: str, why: str) -> None:
        if qualname not in self.reported:
            self.reported.add(qualname)
            self.ctx.add("skops.untrusted-type", f"{why}: {qualname}", evidence=qualname)


def _bit_generator_name(content: Any) -> str:
    """The bit generator's class name wherever a skops protocol keeps it (a raw dict in protocol 0, a
    DictNode of JsonNodes later)."""
    state = content.get("bit_generator") if isinstance(content, dict) else None
    if not isinstance(state, dict):
        return repr(state)
    raw = state.get("bit_generator")
    if isinstance(raw, str):
        return raw
    inner = state.get("content")
    if isinstance(inner, dict) and isinstance(inner.get("bit_generator"), dict):
        text = inner["bit_generator"].get("content")
        try:
            value = json.loads(text) if isinstance(text, str) else text
        except ValueError:
            return repr(text)
        return value if isinstance(value, str) else repr(value)
    return repr(raw)


def _references(node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    module, cls = node.get("__module__"), node.get("__class__")
    if isinstance(module, str) and isinstance(cls, str):
        yield module, cls
    content = node.get("content")
    if isinstance(content, dict):
        path, function = content.get("module_path"), content.get("function")
        if isinstance(path, str) and isinstance(function, str):
            yield path, function
        if isinstance(content.get("attr"), str) and isinstance(module, str):
            yield module, content["attr"]
