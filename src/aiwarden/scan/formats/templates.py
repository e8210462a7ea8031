"""Static analysis of Jinja chat templates (GGUF metadata, tokenizer_config.json). Never rendered.

llama-cpp-python rendered GGUF chat templates with an unsandboxed jinja2 Environment (CVE-2024-34359):
a template that walks Python object internals runs code. Ordinary chat templates only loop over
messages, test roles and concatenate strings, so reaching dunder attributes or the well-known
SSTI gadgets is a reliable signal.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from aiwarden.scan.context import ScanContext

# Reaching Python internals from a template: attribute or subscript access to dunders and gadgets.
_SSTI = re.compile(
    r"""(?x)
    __(?:class|mro|subclasses|globals|builtins|init|import|base|bases|dict|getattribute|code|func|self|reduce
        |reduce_ex|loader|spec|module|closure|call|getitem)__
    | \b(?:cycler|joiner|lipsum|url_for|get_flashed_messages|config|request|self)\s*\.\s*(?:__|_\w|init|globals)
    | \[\s*['"][^'"\]]*__   # subscript with a dunder-bearing string: obj['__cla' + 'ss__']
    | ['"]__\w*['"]\s*[+~] | [+~]\s*['"]\w*__['"]   # dunders assembled by concatenation
    | \|\s*attr\s*\(
    | \bos\s*\.\s*(?:popen|system|exec\w*|spawn\w*)\b
    | \b(?:popen|subprocess|eval|exec|import_module|__import__)\s*\(
    | \\x5f\\x5f | \\u005f\\u005f
    """
)
# Constructs ordinary chat templates do not need, but that are not exploits by themselves.
_UNUSUAL = re.compile(r"\{%-?\s*(?:import|from|include|extends|macro\s+\w+\s*\(\s*\)\s*-?%\}\s*\{%-?\s*call)\b")


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    check_template(f.read(size).decode("utf-8", "replace"), ctx, "chat template file")


def check_template(template: str, ctx: ScanContext, where: str) -> None:
    if len(template) > 1_000_000:
        ctx.add("template.suspicious", f"{where}: chat template of {len(template)} characters", evidence=where)
        template = template[:1_000_000]
    match = _SSTI.search(template)
    if match:
        ctx.add("template.injection", f"{where} reaches Python internals ({match.group(0).strip()!r}); "
                "a template renderer without a sandbox runs code", evidence=_context(template, match.start()))
        return
    violation = jinja_violation(template)
    if violation:
        ctx.add("template.injection", f"{where} {violation}; a template renderer without a sandbox runs code",
                evidence=violation)
        return
    match = _UNUSUAL.search(template)
    if match:
        ctx.add("template.suspicious", f"{where} uses {match.group(0).strip()!r}",
                evidence=_context(template, match.start()))


def _context(text: str, index: int) -> str:
    start = max(0, index - 40)
    return text[start : index + 120].replace("\n", " ")


# Jinja globals that expose Python function objects (and through them __globals__ and builtins).
_GADGET_NAMES = frozenset({"cycler", "joiner", "lipsum", "namespace", "range", "dict", "self", "config", "request",
                           "url_for", "get_flashed_messages", "g", "session"})
_ATTRIBUTE_FILTERS = frozenset({"map", "selectattr", "rejectattr", "sum", "groupby", "sort", "unique", "min", "max"})


def jinja_violation(source: str) -> str | None:
    """Parse (never compile or render) the template and look for object-graph walking.

    Catches what regexes cannot: dunder names assembled at run time ('_'*2 ~ 'init' ~ '_'*2), subscripts
    with computed string keys, attribute filters, attribute access on Jinja's function globals.
    """
    try:
        from jinja2 import Environment, nodes
        from jinja2.exceptions import TemplateError
    except ImportError:  # pragma: no cover - jinja2 is a declared dependency
        return None
    try:
        tree = Environment(extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"]).parse(source)
    except (TemplateError, RecursionError, ValueError):
        return None  # the loader cannot render it either
    built = {
        target.name
        for assign in tree.find_all(nodes.Assign)
        if _builds_string(assign.node, nodes)
        for target in assign.find_all(nodes.Name)
        if target.ctx == "store"
    }
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                return f"reads attribute {node.attr!r}"
            if isinstance(node.node, nodes.Name) and node.node.name in _GADGET_NAMES:
                return f"reads {node.node.name}.{node.attr}"
        elif isinstance(node, nodes.Getitem):
            key = node.arg
            if isinstance(key, nodes.Const) and isinstance(key.value, str) and key.value.startswith("_"):
                return f"subscripts with {key.value!r}"
            if isinstance(node.node, nodes.Name) and node.node.name in _GADGET_NAMES:
                return f"subscripts {node.node.name}"
            if not isinstance(key, nodes.Const) and (
                _builds_string(key, nodes) or any(n.name in built for n in key.find_all(nodes.Name))
            ):
                return "subscripts with a key assembled at render time"
        elif isinstance(node, nodes.Filter):
            if node.name == "attr":
                return "uses the attr filter"
            if node.name in _ATTRIBUTE_FILTERS:
                for kwarg in node.kwargs:
                    value = kwarg.value
                    if kwarg.key == "attribute" and not (isinstance(value, nodes.Const) and isinstance(
                            value.value, str) and not value.value.startswith("_")):
                        return f"uses {node.name}(attribute=...) with a private or computed name"
    return None


def _builds_string(expr: object, nodes: object) -> bool:
    """True if the expression concatenates, repeats or formats strings containing underscores."""
    n = nodes  # the jinja2.nodes module, passed in to keep the import lazy
    for node in [expr, *expr.find_all((n.Concat, n.Mul, n.Add, n.Filter, n.Const))]:  # type: ignore[attr-defined]
        if isinstance(node, n.Mul | n.Add | n.Concat):  # type: ignore[attr-defined]
            consts = [c for c in node.find_all(n.Const) if isinstance(c.value, str)]  # type: ignore[attr-defined]
            if any("_" in c.value for c in consts):
                return True
        if isinstance(node, n.Filter) and node.name in ("join", "format", "replace", "reverse"):  # type: ignore[attr-defined]
            consts = [c for c in node.find_all(n.Const) if isinstance(c.value, str)]  # type: ignore[attr-defined]
            if any("_" in c.value for c in consts):
                return True
    return False
