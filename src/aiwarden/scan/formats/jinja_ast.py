"""Parse-only analysis of Jinja templates: object-graph walking that regexes cannot see.

The template is parsed into jinja2's AST and never compiled or rendered. Ordinary chat templates read
message fields with constant keys; payloads assemble dunder names at render time ('_'*2 ~ 'init' ~ '_'*2),
subscript with computed keys, use the attr filter, or read attributes of Jinja's function globals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import nodes

# Jinja globals that expose Python function objects (and through them __globals__ and builtins).
_GADGET_NAMES = frozenset({"cycler", "joiner", "lipsum", "namespace", "range", "dict", "self", "config", "request",
                           "url_for", "get_flashed_messages", "g", "session"})
_ATTRIBUTE_FILTERS = frozenset({"map", "selectattr", "rejectattr", "sum", "groupby", "sort", "unique", "min", "max"})
_STRING_FILTERS = frozenset({"join", "format", "replace", "reverse"})


def jinja_violation(source: str) -> str | None:
    """A description of the first object-graph walk in the template, or None."""
    from jinja2 import Environment, nodes
    from jinja2.exceptions import TemplateError

    try:
        tree = Environment(extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"]).parse(source)
    except (TemplateError, RecursionError, ValueError):
        return None  # a renderer cannot run it either
    built = {
        target.name
        for assign in tree.find_all(nodes.Assign)
        if _builds_string(assign.node)
        for target in assign.find_all(nodes.Name)
        if target.ctx == "store"
    }
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            problem = _getattr_problem(node)
        elif isinstance(node, nodes.Getitem):
            problem = _getitem_problem(node, built)
        elif isinstance(node, nodes.Filter):
            problem = _filter_problem(node)
        if problem:
            return problem
    return None


def _getattr_problem(node: nodes.Getattr) -> str | None:
    from jinja2 import nodes as n

    if node.attr.startswith("_"):
        return f"reads attribute {node.attr!r}"
    if isinstance(node.node, n.Name) and node.node.name in _GADGET_NAMES:
        return f"reads {node.node.name}.{node.attr}"
    return None


def _getitem_problem(node: nodes.Getitem, built: set[str]) -> str | None:
    from jinja2 import nodes as n

    key = node.arg
    if isinstance(key, n.Const) and isinstance(key.value, str) and key.value.startswith("_"):
        return f"subscripts with {key.value!r}"
    if isinstance(node.node, n.Name) and node.node.name in _GADGET_NAMES:
        return f"subscripts {node.node.name}"
    if not isinstance(key, n.Const) and (_builds_string(key) or any(x.name in built for x in key.find_all(n.Name))):
        return "subscripts with a key assembled at render time"
    return None


def _filter_problem(node: nodes.Filter) -> str | None:
    from jinja2 import nodes as n

    if node.name == "attr":
        return "uses the attr filter"
    if node.name in _ATTRIBUTE_FILTERS:
        for kwarg in node.kwargs:
            value = kwarg.value
            plain = isinstance(value, n.Const) and isinstance(value.value, str) and not value.value.startswith("_")
            if kwarg.key == "attribute" and not plain:
                return f"uses {node.name}(attribute=...) with a private or computed name"
    return None


def _builds_string(expr: nodes.Node) -> bool:
    """True if the expression concatenates, repeats or formats strings that contain underscores."""
    from jinja2 import nodes as n

    for node in [expr, *expr.find_all((n.Concat, n.Mul, n.Add, n.Filter))]:
        building = isinstance(node, n.Mul | n.Add | n.Concat) or (
            isinstance(node, n.Filter) and node.name in _STRING_FILTERS
        )
        if building and any(isinstance(c.value, str) and "_" in c.value for c in node.find_all(n.Const)):
            return True
    return False
