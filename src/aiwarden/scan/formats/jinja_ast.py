"""Parse-only analysis of Jinja templates: object-graph walking that regexes cannot see.

The template is parsed into jinja2's AST and never compiled or rendered. Ordinary chat templates read
message fields with constant keys; payloads assemble dunder names at render time ('_'*2 ~ 'init' ~ '_'*2,
'%c'|format(95), dict(__class__=1)|first), subscript with computed keys, use the attr filter, or read
attributes of Jinja's globals (cycler, joiner, lipsum, namespace, loop...) to reach function internals.
Names are resolved by ``jinja_eval``'s bounded constant evaluator before they are checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from aiwarden.scan.formats.jinja_eval import Cands, EvalBudget, Evaluator

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jinja2 import Environment, nodes

# Attributes that lead to interpreter internals without a leading underscore (frames, code, generators, Python 2
# function attributes, type.mro). Jinja's sandbox refuses all of these and every name starting with '_'.
INTERNAL_ATTRS = frozenset({
    "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "ag_frame", "ag_code", "ag_await",
    "f_globals", "f_locals", "f_builtins", "f_back", "f_code", "tb_frame", "tb_next", "co_code", "co_consts",
    "func_globals", "func_code", "func_closure", "im_func", "im_self", "im_class", "mro",
})
# Globals a renderer provides that are Python objects (Jinja's defaults, transformers' and Flask's extras,
# macro-scope names), with the attributes chat templates legitimately read from them.
_LOOP_API = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
                       "previtem", "nextitem", "cycle", "changed"})
_LOOP_METHODS = frozenset({"cycle", "changed"})
_MAPPING_API = frozenset({"items", "keys", "values", "get"})
# Filters whose leading arguments name another filter or test (map('upper'), select('odd')), by argument positions.
_NAMED_FILTER_OR_TEST = {"map": (0,), "select": (0,), "reject": (0,), "selectattr": (0, 1), "rejectattr": (0, 1)}
GADGETS: dict[str, frozenset[str]] = {
    "loop": _LOOP_API, "cycler": frozenset(), "joiner": frozenset(), "namespace": frozenset(),
    "range": frozenset(), "lipsum": frozenset(), "dict": frozenset(), "self": frozenset(), "caller": frozenset(),
    "varargs": frozenset({"index", "count"}), "kwargs": _MAPPING_API, "raise_exception": frozenset(),
    "strftime_now": frozenset(), "config": frozenset(), "request": frozenset(), "url_for": frozenset(),
    "get_flashed_messages": frozenset(), "g": frozenset(), "session": frozenset(),
}
# Filters that read attributes named by an argument (dotted paths allowed), and which positional argument names it.
_ATTRIBUTE_ARGUMENT = {"selectattr": 0, "rejectattr": 0, "groupby": 0, "sum": 0, "sort": 2, "unique": 1, "min": 1,
                       "max": 1, "map": -1}
_BUILDING_FILTERS = frozenset({"join", "format", "replace", "reverse", "lower", "upper", "string", "first", "last",
                               "list", "title", "capitalize", "center", "sort", "unique"})
# Dunder names that lead from any object to code, modules or builtins. A computed string equal to one of them is a
# payload wherever it is used; at an attribute or subscript position every private name counts.
_WALK_DUNDERS = frozenset({
    "__class__", "__mro__", "__subclasses__", "__globals__", "__builtins__", "__init__", "__import__", "__base__",
    "__bases__", "__dict__", "__getattribute__", "__getattr__", "__code__", "__func__", "__self__", "__reduce__",
    "__reduce_ex__", "__loader__", "__spec__", "__module__", "__closure__", "__call__", "__getitem__", "__new__",
    "__subclasshook__", "__init_subclass__", "__objclass__", "__wrapped__", "__kwdefaults__", "__defaults__",
    "__qualname__", "__name__", "__doc__", "__traceback__", "__context__", "__cause__", "__setattr__",
    "__delattr__", "__weakref__", "__file__", "__path__", "__package__", "__annotations__", "__format__",
})


@dataclass
class TemplateAnalysis:
    parsed: bool
    injection: list[str] = field(default_factory=list)
    suspicious: list[str] = field(default_factory=list)
    limit: str | None = None


def is_internal(name: str) -> bool:
    """True for attribute names a sandbox refuses: private and dunder names, frame and code attributes."""
    return any(part.startswith("_") or part in INTERNAL_ATTRS for part in name.split(".") if part)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """A parser that accepts what chat-template renderers accept: loop controls, `do`, and transformers'
    `{% generation %}` block. It is only ever used to parse."""
    from jinja2 import Environment, nodes
    from jinja2.ext import Extension
    from jinja2.parser import Parser

    class GenerationBlock(Extension):
        tags = {"generation"}  # noqa: RUF012 - the type jinja2 declares

        def parse(self, parser: Parser) -> nodes.Node:
            lineno = next(parser.stream).lineno
            body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
            return nodes.Scope(body).set_lineno(lineno)

    return Environment(extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do", GenerationBlock])


def parse(source: str) -> nodes.Template | None:
    """The AST, or None when jinja2 refuses the text. RecursionError propagates: that is our bound, not a verdict
    that no renderer could parse it."""
    from jinja2.exceptions import TemplateError

    try:
        return environment().parse(source)
    except (TemplateError, ValueError):
        return None


# Variables chat-template renderers pass (transformers, llama.cpp, llama-cpp-python, vLLM): a template that reads
# none of them does not format a conversation.
CHAT_VARIABLES = frozenset({"messages", "add_generation_prompt", "bos_token", "eos_token", "tools", "documents",
                            "raise_exception", "strftime_now", "custom_tools", "tools_in_user_message",
                            "enable_thinking", "chat_template_kwargs"})


def is_chat_template(source: str) -> bool:
    """True when the text parses as Jinja and its code reads chat variables (what a chat template loader loads),
    or reaches for renderer objects the way payloads do (a payload needs no messages to run)."""
    from jinja2 import nodes as n

    try:
        tree = parse(source)
        if tree is None:
            return False
        if any(name.ctx == "load" and name.name in CHAT_VARIABLES for name in tree.find_all(n.Name)):
            return True
        for node in tree.find_all((n.Getattr, n.Getitem, n.Filter)):
            if isinstance(node, n.Filter) and node.name == "attr":
                return True
            if isinstance(node, n.Getattr) and is_internal(node.attr):
                return True
            if (isinstance(node, n.Getattr | n.Getitem) and isinstance(node.node, n.Name)
                    and node.node.name in GADGETS):
                return True
    except (RecursionError, MemoryError):
        return True  # too deep for us to tell: analysing it reports the limit
    return bool(analyse(source).injection)  # names built at render time: a payload, whatever else the text is


def code_text(source: str) -> str | None:
    """The template's code (inside {{ }} and {% %}) without its literal text, comments and string literals (prompt
    text such as 'run exec(...)' is not code; names built from strings are the evaluator's job); None when the
    template does not even lex."""
    from jinja2.exceptions import TemplateError

    try:
        tokens = [value for _, kind, value in environment().lex(source)
                  if kind not in ("data", "comment", "comment_begin", "comment_end", "whitespace", "string")]
    except (TemplateError, RecursionError, ValueError):
        return None
    return " ".join(tokens)


def analyse(source: str) -> TemplateAnalysis:
    checker = _Checker()
    try:
        tree = parse(source)
        if tree is None:
            return TemplateAnalysis(parsed=False)
        checker.built = _built_names(tree)
        checker.origins = Origins(tree)
        evaluator = Evaluator(checker.on_value)
        evaluator.run(tree.body)
        if evaluator.limits and checker.result.limit is None:
            checker.result.limit = evaluator.limits[0]
    except EvalBudget as exc:
        checker.result.limit = str(exc)
    except (RecursionError, MemoryError):
        checker.result.limit = "template nested too deeply to analyse"
    return checker.result


class _Checker:
    """Receives every evaluated expression with its possible constant values and records what it reaches."""

    def __init__(self) -> None:
        self.result = TemplateAnalysis(parsed=True)
        self.values: dict[int, Cands] = {}
        self.built: set[str] = set()  # names assigned from suspicious string building
        self.origins: Origins | None = None

    def on_value(self, node: nodes.Node, cands: Cands) -> None:
        from jinja2 import nodes as n

        key = id(node)
        old = self.values.get(key, [])
        self.values[key] = None if old is None or cands is None else [*old, *cands][:64]
        if isinstance(node, n.Getattr):
            self._getattr(node)
        elif isinstance(node, n.Getitem):
            self._getitem(node)
        elif isinstance(node, n.Filter):
            self._filter(node)
        elif isinstance(node, n.Call):
            self._call(node)
        if not isinstance(node, n.Const | n.Name | n.TemplateData) and cands:
            for value in cands:
                if isinstance(value, str) and (value in _WALK_DUNDERS or value in INTERNAL_ATTRS):
                    self._injection(f"assembles the name {value!r} at render time")

    def _injection(self, message: str) -> None:
        if message not in self.result.injection:
            self.result.injection.append(message)

    def _suspicious(self, message: str) -> None:
        if message not in self.result.suspicious:
            self.result.suspicious.append(message)

    def _names(self, expr: nodes.Node) -> Cands:
        return self.values.get(id(expr))

    def _check_name(self, expr: nodes.Node, what: str) -> bool:
        """Checks an expression used as an attribute name; True when it was resolved to safe names."""
        values = self._names(expr)
        if values is None:
            if _builds_suspiciously(expr, self.built):
                self._injection(f"{what} a name assembled at render time")
            else:
                self._unresolved_name(expr, what)
            return False
        for value in values:
            if isinstance(value, str) and is_internal(value):
                self._injection(f"{what} {value!r}")
        return True

    def _unresolved_name(self, expr: nodes.Node, what: str) -> None:
        """Unknown is not safe at a name position: only names chosen by the conversation (message fields, tool
        schemas, loop counters) are what templates index with."""
        origin = self._origin(expr)
        if FILE in origin:
            self._injection(f"{what} a name derived from a token the model file provides (bos_token, ...)")
        elif NAMEY in origin:
            self._injection(f"{what} a name built from underscores, character codes or internal-name pieces by "
                            "operations not resolved before rendering")
        elif GADGET in origin:
            self._injection(f"{what} a name derived from a renderer global")
        elif TEXT in origin and INPUT not in origin:
            self._injection(f"{what} a name computed from the template's constants by operations not resolved "
                            "before rendering")

    def _origin(self, expr: nodes.Node) -> Origin:
        return self.origins.of(expr) if self.origins is not None else frozenset()

    def _gadget_object(self, obj: nodes.Node | None, what: str) -> None:
        """Indexing a renderer global, however wrapped ([cycler]|first, a set alias, a macro argument)."""
        from jinja2 import nodes as n

        if obj is None or (isinstance(obj, n.Name) and obj.name in _INPUT_GLOBALS):
            return
        if GADGET in self._origin(obj):
            self._injection(f"{what} an object derived from a renderer global")

    def _getattr(self, node: nodes.Getattr) -> None:
        from jinja2 import nodes as n

        if is_internal(node.attr):
            self._injection(f"reads attribute {node.attr!r}")
        elif (isinstance(node.node, n.Name) and node.node.name in GADGETS
              and node.attr not in GADGETS[node.node.name]):
            self._suspicious(f"reads {node.node.name}.{node.attr}, not part of what templates use it for")

    def _getitem(self, node: nodes.Getitem) -> None:
        from jinja2 import nodes as n

        if isinstance(node.arg, n.Slice):
            return
        if isinstance(node.node, n.Name) and node.node.name in GADGETS and node.node.name not in _INPUT_GLOBALS:
            self._injection(f"subscripts {node.node.name}")
        self._gadget_object(node.node, "subscripts")
        self._check_name(node.arg, "subscripts with")

    def _filter(self, node: nodes.Filter) -> None:
        if node.name == "attr":
            if not node.args:
                return
            self._gadget_object(node.node, "uses the attr filter on")
            if self._check_name(node.args[0], "uses the attr filter with") and not self.result.injection:
                self._suspicious("uses the attr filter")
            elif self._names(node.args[0]) is None:
                self._injection("uses the attr filter with a name not known before rendering")
            return
        position = _ATTRIBUTE_ARGUMENT.get(node.name)
        if position is None:
            return
        named = [k.value for k in node.kwargs if k.key == "attribute"]
        if position >= 0 and len(node.args) > position:
            named.append(node.args[position])
        if node.name == "map" and node.args and self._names(node.args[0]) == ["attr"]:
            named.extend(node.args[1:2])
        if named:
            self._gadget_object(node.node, f"uses {node.name} with an attribute on")
        for expr in named:
            self._check_name(expr, f"uses {node.name} with the attribute")

    def _call(self, node: nodes.Call) -> None:
        from jinja2 import nodes as n

        if isinstance(node.node, n.Getattr) and node.node.attr in ("format", "format_map"):
            owner = self._names(node.node.node)
            if owner is None and node.args + node.kwargs:
                self._unresolved_name(node.node.node, "formats with a format string (its fields walk attributes)")
            for value in owner or []:
                if isinstance(value, str):
                    self._format_fields(value)

    def _format_fields(self, fmt: str) -> None:
        import string

        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(fmt) if name]
        except ValueError:
            return
        for name in fields:
            parts = re.split(r"[.\[\]]", name)
            if any(is_internal(part) for part in parts[1:]):
                self._injection(f"walks {name!r} inside a format string")


def _builds_suspiciously(expr: nodes.Node, built: set[str]) -> bool:
    """A name computed at render time from the pieces payloads use: underscores, character codes, reversal."""
    from jinja2 import nodes as n

    consts = [c.value for c in expr.find_all(n.Const)]
    if isinstance(expr, n.Const):
        consts.append(expr.value)
    underscores = any(isinstance(c, str) and "_" in c for c in consts)
    codes = any((isinstance(c, int) and c == 95) or (isinstance(c, str) and re.search(r"%c|\{[^}]*:c\}", c))
                for c in consts)  # 95 is '_'; %c and {:c} turn numbers into characters
    operations: list[Any] = [expr, *expr.find_all((n.Concat, n.Add, n.Mul, n.Mod, n.Filter, n.Call))]
    for op in operations:
        if isinstance(op, n.Mul | n.Mod) and (underscores or codes):
            return True
        if isinstance(op, n.Filter) and op.name in _BUILDING_FILTERS and (underscores or codes):
            return True
        if isinstance(op, n.Concat | n.Add) and any(isinstance(c, str) and "__" in c for c in consts):
            return True
        if isinstance(op, n.Call) and isinstance(op.node, n.Getattr) and op.node.attr in ("format", "join") and (
                underscores or codes):
            return True
    if any(_harvests(item) for item in [expr, *expr.find_all(n.Getitem)]):
        return True
    if any(isinstance(ref.node, n.Name) and ref.node.name in ("self", "caller") for ref in expr.find_all(n.Getattr)):
        return True  # the text of a block or a call body: {% block b %}__class__{% endblock %} ... self.b()
    if any(isinstance(name, n.Name) and name.name == "caller" for name in expr.find_all(n.Name)):
        return True
    return any(isinstance(name, n.Name) and name.name in built for name in [expr, *expr.find_all(n.Name)])


# Filters whose output is the text of an arbitrary object ('<generator object ...>', "{'a': 1}", '&lt;').
_TEXT_OF = frozenset({"string", "pprint", "tojson", "urlencode", "e", "escape", "forceescape", "list", "format",
                      "join", "wordwrap", "center", "truncate", "title", "capitalize", "lower", "upper"})


def _harvests(expr: nodes.Node) -> bool:
    """Picks characters out of an object's text by index or slice: (()|select|string)[24] is '_'."""
    from jinja2 import nodes as n

    if not isinstance(expr, n.Getitem):
        return False
    positional = isinstance(expr.arg, n.Slice) or (isinstance(expr.arg, n.Const) and isinstance(expr.arg.value, int))
    return positional and any(f.name in _TEXT_OF for f in [expr.node, *expr.node.find_all(n.Filter)]
                              if isinstance(f, n.Filter))


def _built_names(tree: nodes.Template) -> set[str]:
    """Variables (and namespaces) assigned from suspicious string building, followed through reassignment."""
    from jinja2 import nodes as n

    built: set[str] = set()
    for _ in range(3):
        for assign in tree.find_all(n.Assign):
            if _builds_suspiciously(assign.node, built):
                targets = [assign.target, *assign.target.find_all((n.Name, n.NSRef))]
                built.update(t.name for t in targets if isinstance(t, n.Name | n.NSRef))
        for block in tree.find_all((n.AssignBlock, n.Macro)):  # {% set x %}...{% endset %}, {% macro u() %}
            if _text_builds(block):
                if isinstance(block, n.Macro):
                    built.add(block.name)
                elif isinstance(block, n.AssignBlock) and isinstance(block.target, n.Name | n.NSRef):
                    built.add(block.target.name)
        for call in tree.find_all(n.Call):  # chars.append(...), parts.extend(...)
            method = call.node
            if (isinstance(method, n.Getattr) and isinstance(method.node, n.Name)
                    and any(_builds_suspiciously(arg, built) for arg in call.args)):
                built.add(method.node.name)
    return built


def _name_positions(filter_name: str) -> tuple[int, ...]:
    """Positions of a filter's arguments that name an attribute, a filter or a test rather than carry data."""
    if filter_name in _NAMED_FILTER_OR_TEST:
        return _NAMED_FILTER_OR_TEST[filter_name]
    position = _ATTRIBUTE_ARGUMENT.get(filter_name, -1)
    return (position,) if position >= 0 else ()


def _text_builds(block: nodes.Node) -> bool:
    """A block whose output carries underscores or character codes: its text may become a name."""
    from jinja2 import nodes as n

    data = [d.data for d in block.find_all(n.TemplateData)]
    consts = [c.value for c in block.find_all(n.Const)]
    return (any("_" in text for text in data) or any(isinstance(c, str) and ("_" in c or "%c" in c) for c in consts)
            or any(isinstance(c, int) and c == 95 for c in consts))


# Where a value can come from. An expression whose value the evaluator cannot resolve is still judged by its
# origins: message content and tool schemas legitimately choose keys; string fragments, tokenizer-provided tokens
# and renderer globals never do.
INPUT = "input"  # messages, tools, documents, loop counters: what the conversation provides
FILE = "file"  # special tokens the model file provides (GGUF vocabulary, tokenizer_config): attacker-controlled
GADGET = "gadget"  # a renderer global (cycler, namespace(...) objects, lipsum...) or something wrapping one
CONST = "const"  # constants of the template itself
NAMEY = "namey"  # a constant carrying a piece of an internal name: '_', character codes, 'class', 'globals'
TEXT = "text"  # a string constant: names are built from text (numbers alone never name an attribute)
BUILT_TEXT = "built-text"  # text made at render time (the text of an object, a concatenation, a formatted string)
Origin = frozenset[str]

# Tokenizer-config and GGUF-vocabulary names that renderers pass to templates (transformers passes every special
# token; llama-cpp-python bos_token/eos_token). Any other `*_token(s)` name is treated the same way.
FILE_VARIABLES = frozenset({"bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token",
                            "mask_token", "additional_special_tokens", "special_tokens_map", "bos_token_id",
                            "eos_token_id", "tokenizer"})
_INPUT_GLOBALS = frozenset({"varargs", "kwargs"})  # a macro's own arguments
_OBJECT_FACTORIES = frozenset({"cycler", "joiner", "namespace"})  # calls that return Python objects
_NAME_PIECES = re.compile(r"%c|\{[^}]*:c\}|class|globals|builtins|subclasses|\bmro\b|\binit\b|import|getattr"
                          r"|getitem|closure|reduce", re.IGNORECASE)


def _namey(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value == 95  # '_'
    return isinstance(value, str) and ("_" in value or _NAME_PIECES.search(value) is not None)


def _const_origin(value: Any) -> Origin:
    origin = {CONST, TEXT} if isinstance(value, str | bytes) else {CONST}
    return frozenset(origin | {NAMEY}) if _namey(value) else frozenset(origin)


class Origins:
    """Flow-insensitive origins of every variable (set targets, namespace attributes, loop targets, macro
    parameters and outputs, appended lists), iterated to a fixpoint; then of any expression."""

    def __init__(self, tree: nodes.Template) -> None:
        from jinja2 import nodes as n

        self.vars: dict[str, Origin] = {}
        self.assigned: set[str] = set()
        self.macros = {m.name: m for m in tree.find_all(n.Macro)}
        self.calls = [c for c in tree.find_all(n.Call) if isinstance(c.node, n.Name) and c.node.name in self.macros]
        statements = list(tree.find_all((n.Assign, n.AssignBlock, n.For, n.With, n.Macro, n.Call)))
        for stmt in statements:
            for target in self._targets(stmt):
                self.assigned.update(t.name for t in [target, *target.find_all(n.Name)] if isinstance(t, n.Name))
        self.assigned.update(self.macros)
        for macro in self.macros.values():
            self.assigned.update(arg.name for arg in macro.args)
        for _ in range(32):  # origins only grow over a few flags: this converges in a handful of rounds
            before = dict(self.vars)
            for stmt in statements:
                self._statement(stmt)
            if self.vars == before:
                break
        self.memo: dict[int, Origin] = {}

    @staticmethod
    def _targets(stmt: nodes.Node) -> list[nodes.Node]:
        from jinja2 import nodes as n

        if isinstance(stmt, n.Assign | n.AssignBlock | n.For):
            return [stmt.target]
        if isinstance(stmt, n.With):
            return list(stmt.targets)
        return []

    def _add(self, key: str, origin: Origin) -> None:
        self.vars[key] = self.vars.get(key, frozenset()) | origin

    def _bind(self, target: nodes.Node, origin: Origin, value: nodes.Node | None = None) -> None:
        from jinja2 import nodes as n

        if isinstance(target, n.Name):
            self._add(target.name, origin)
            if (isinstance(value, n.Call) and isinstance(value.node, n.Name) and value.node.name == "namespace"):
                for kw in value.kwargs:
                    self._add(f"{target.name}.{kw.key}", self._of(kw.value))
        elif isinstance(target, n.NSRef):
            self._add(f"{target.name}.{target.attr}", origin)
        elif isinstance(target, n.Tuple):
            for item in target.items:
                self._bind(item, origin)

    def _statement(self, stmt: nodes.Node) -> None:
        from jinja2 import nodes as n

        if isinstance(stmt, n.Assign):
            self._bind(stmt.target, self._of(stmt.node), stmt.node)
        elif isinstance(stmt, n.AssignBlock | n.Macro):
            output = self._output(stmt.body)
            if isinstance(stmt, n.Macro):
                self._add(stmt.name, output)
                self._macro_arguments(stmt)
            else:
                self._bind(stmt.target, output)
        elif isinstance(stmt, n.For):
            self._bind(stmt.target, self._of(stmt.iter))
        elif isinstance(stmt, n.With):
            for target, value in zip(stmt.targets, stmt.values, strict=False):
                self._bind(target, self._of(value), value)
        elif isinstance(stmt, n.Call) and isinstance(stmt.node, n.Getattr) and stmt.node.attr in (
                "append", "extend", "insert", "update", "setdefault"):
            key = self._variable(stmt.node.node)
            if key is not None:
                self._add(key, self._union(stmt.args))

    def _macro_arguments(self, macro: nodes.Macro) -> None:
        """A parameter holds whatever any call passes (a gadget passed in stays a gadget) or its default."""
        defaults = [None] * (len(macro.args) - len(macro.defaults)) + list(macro.defaults)
        for index, param in enumerate(macro.args):
            default = defaults[index]
            if default is not None:
                self._add(param.name, self._of(default))
            for call in self.calls:
                if getattr(call.node, "name", None) != macro.name:
                    continue
                if index < len(call.args):
                    self._add(param.name, self._of(call.args[index]))
                for kw in call.kwargs:
                    if kw.key == param.name:
                        self._add(param.name, self._of(kw.value))

    def _output(self, body: list[nodes.Node]) -> Origin:
        from jinja2 import nodes as n

        origin: Origin = frozenset()
        for stmt in body:
            for output in [stmt, *stmt.find_all(n.Output)] if isinstance(stmt, n.Node) else []:
                if isinstance(output, n.Output):
                    origin |= self._union(output.nodes)
        return origin

    def _variable(self, node: nodes.Node) -> str | None:
        from jinja2 import nodes as n

        if isinstance(node, n.Name):
            return node.name
        if isinstance(node, n.Getattr) and isinstance(node.node, n.Name):
            return f"{node.node.name}.{node.attr}"
        return None

    def _union(self, exprs: Iterable[nodes.Node]) -> Origin:
        origin: Origin = frozenset()
        for expr in exprs:
            origin |= self._of(expr)
        return origin

    def of(self, expr: nodes.Node) -> Origin:
        key = id(expr)
        if key not in self.memo:
            self.memo[key] = self._of(expr)
        return self.memo[key]

    def name(self, name: str) -> Origin:
        origin = self.vars.get(name, frozenset())
        provided = name in CHAT_VARIABLES or name in GADGETS or _is_file_variable(name)
        if name in self.assigned and not provided:
            return origin
        if _is_file_variable(name):
            return origin | {FILE}
        if name in GADGETS and name not in _INPUT_GLOBALS:
            return origin | {GADGET}
        return origin | {INPUT}

    def _of(self, expr: nodes.Node) -> Origin:
        from jinja2 import nodes as n

        if isinstance(expr, n.Const):
            return _const_origin(expr.value)
        if isinstance(expr, n.TemplateData):
            return _const_origin(expr.data)
        if isinstance(expr, n.Name):
            return self.name(expr.name)
        if isinstance(expr, n.Getattr):
            if isinstance(expr.node, n.Name) and expr.node.name == "loop" and expr.attr in _LOOP_METHODS:
                return frozenset({GADGET})  # bound methods of the loop object: a subscript walks to __globals__
            if isinstance(expr.node, n.Name) and expr.node.name == "loop" and expr.attr in _LOOP_API:
                return frozenset({INPUT})
            variable = self._variable(expr)
            if variable is not None and variable in self.vars:
                return self.vars[variable]
            return self._of(expr.node)
        if isinstance(expr, n.Getitem):
            inner = self._of(expr.node)  # a part of the object; the key chose it, it is not its content
            if BUILT_TEXT in inner:  # characters picked out of built text: '<generator object select_or_reject'
                return inner | {NAMEY}
            return inner
        if isinstance(expr, n.Concat | n.Add | n.Mod):
            built = self._union(expr.iter_child_nodes()) | {BUILT_TEXT}
            if isinstance(expr, n.Mod) and not isinstance(expr.left, n.Const):
                built |= {NAMEY}  # '%c' built at render time
            return built
        if isinstance(expr, n.Filter):
            inner = self._of(expr.node) if expr.node is not None else frozenset()
            if expr.name == "attr":
                return inner  # the argument names an attribute: judged at that key position
            if expr.name in _ATTRIBUTE_ARGUMENT or expr.name in _NAMED_FILTER_OR_TEST:
                # Arguments that name an attribute, a filter or a test are not data; the others are, and flow into
                # the result (map('replace', '0', '__globals__') turns every item into that text).
                skip = _name_positions(expr.name)
                data = [arg for i, arg in enumerate(expr.args) if i not in skip]
                data += [k.value for k in expr.kwargs if k.key != "attribute"]
                return inner | self._union(data)
            if expr.name in _TEXT_OF:
                inner |= {BUILT_TEXT}
            if expr.name == "format" and not isinstance(expr.node, n.Const):
                inner |= {NAMEY}  # a format string built at render time may be '%c' (character codes)
            return inner | self._union([*expr.args, *(k.value for k in expr.kwargs)])
        if isinstance(expr, n.Call):
            arguments = self._union([*expr.args, *(k.value for k in expr.kwargs)])
            if isinstance(expr.node, n.Name):
                if expr.node.name in _OBJECT_FACTORIES:
                    return arguments | {GADGET}
                if expr.node.name == "range":
                    return frozenset({INPUT})  # counters: integers never name an attribute
                if expr.node.name in GADGETS:
                    return arguments | {CONST}  # range(), dict(), lipsum(), raise_exception(): plain values
                return arguments | self.name(expr.node.name)
            method = self._of(expr.node)
            if isinstance(expr.node, n.Getattr) and expr.node.attr in ("format", "format_map", "join"):
                method |= {BUILT_TEXT}
                if expr.node.attr != "join" and not isinstance(expr.node.node, n.Const):
                    method |= {NAMEY}  # '{:c}' built at render time
            return arguments | method
        if isinstance(expr, n.Test | n.Compare | n.Not):
            return frozenset({CONST})
        if isinstance(expr, n.CondExpr):
            return self._of(expr.expr1) | (self._of(expr.expr2) if expr.expr2 is not None else frozenset())
        origin: Origin = frozenset({CONST}) if isinstance(expr, n.Tuple | n.List | n.Dict) else frozenset()
        for child in expr.iter_child_nodes():
            origin |= self._of(child)
        return origin


def _is_file_variable(name: str) -> bool:
    return name in FILE_VARIABLES or name.endswith(("_token", "_tokens"))
