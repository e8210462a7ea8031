"""A small, bounded constant evaluator over a parsed Jinja AST. It never renders or compiles the template.

Payloads hide names such as ``__class__`` behind render-time string building ('_'*2 ~ 'class', '%c'|format(95),
['__', 'globals__']|join, dict(__init__=1)|first, a `set` variable or a namespace attribute). Each expression is
evaluated to the few constant values it can take (None when unknown), using only str/int/float/list/dict
arithmetic on constants, so the names the renderer would look up can be checked before anything runs.
Every bound (candidates per expression, string length, loop items, total steps) keeps the work finite.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from jinja2 import nodes

if TYPE_CHECKING:
    from jinja2 import Environment

MAX_CANDIDATES = 32  # values one expression may take before it counts as unknown
MAX_STRING = 4096  # longest constant string built
MAX_ITEMS = 256  # longest constant list built (range(), list repetition)
MAX_LOOP = 256  # loop iterations simulated over a constant iterable; a longer constant loop is a limit
MAX_ITERATIONS = 4096  # loop iterations simulated per template (nested constant loops multiply)
MAX_STEPS = 200_000  # expression evaluations per template
MAX_MACRO_DEPTH = 4  # macro calls expanded inside macro calls

Cands = list[Any] | None  # the constant values an expression can take; None: unknown


class EvalBudget(Exception):
    """The evaluator's step bound was reached: the rest of the template is unverified."""


@dataclass
class Namespace:
    """A `namespace(...)` object: attributes assigned with `{% set ns.x = ... %}`."""

    attrs: dict[str, Cands] = field(default_factory=dict)


@dataclass(frozen=True)
class Cycler:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Joiner:
    sep: str


@dataclass(frozen=True)
class MacroDef:
    """A macro: a call evaluates its body's text with the arguments bound (macros return their output)."""

    node: nodes.Macro


@dataclass(frozen=True)
class Method:
    """A bound method of a constant (`'{}'.format`, `'_'.join`), resolved when it is called."""

    owner: Any
    name: str


_FORMAT_WIDTH = re.compile(r"\d{4,}|\*")  # widths and precisions that could build huge strings
_STR_METHODS = frozenset({"format", "format_map", "join", "replace", "upper", "lower", "strip", "lstrip", "rstrip",
                          "title", "capitalize", "swapcase", "casefold", "split", "rsplit", "removeprefix",
                          "removesuffix", "zfill", "encode", "decode", "splitlines", "center", "ljust", "rjust"})


class Evaluator:
    """Walks statements in document order and evaluates every expression once or a few times.

    ``on_value`` sees (node, candidates) for every evaluated expression; the caller's checks live there.
    """

    def __init__(self, on_value: Callable[[nodes.Node, Cands], None]):
        self.on_value = on_value
        self.env: dict[str, Cands] = {}
        self.weak = 0  # > 0 inside branches and unknown loops: assignments add candidates, never replace
        self.steps = 0
        self.iterations = 0  # loop iterations simulated so far; past the bound, loops are summarised
        self.macro_depth = 0
        self.limits: list[str] = []  # bounds reached without stopping: what they covered is unverified

    # Statements -------------------------------------------------------------------------------------------

    def run(self, body: Iterable[nodes.Node]) -> None:
        for node in body:
            self.statement(node)

    def statement(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for expr in node.nodes:
                self.ev(expr)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.ev(node.node))
        elif isinstance(node, nodes.AssignBlock):
            value = self._block_text(node.body)
            if node.filter is not None:
                value = self._filter_on(node.filter, value)
            self.bind(node.target, value)
        elif isinstance(node, nodes.For):
            self._for(node)
        elif isinstance(node, nodes.If):
            self.ev(node.test)
            self.weak += 1
            self.run(node.body)
            for branch in node.elif_:
                self.statement(branch)
            self.run(node.else_)
            self.weak -= 1
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            if isinstance(node, nodes.CallBlock):
                self.ev(node.call)
            for arg in node.args:
                self.env[arg.name] = None
            for default in node.defaults:
                self.ev(default)
            self.weak += 1
            self._block_text(node.body)  # checked once with unknown arguments, again at each call
            self.weak -= 1
            if isinstance(node, nodes.Macro):
                self.env[node.name] = [MacroDef(node)]
        elif isinstance(node, nodes.FilterBlock):
            self.run(node.body)
            self._filter_on(node.filter, None)
        elif isinstance(node, nodes.With):
            for target, expr in zip(node.targets, node.values, strict=False):
                self.bind(target, self.ev(expr))
            self.run(node.body)
        elif isinstance(node, nodes.ExprStmt):
            self.ev(node.node)
        else:  # blocks, scopes, includes, imports: evaluate what they contain
            self._children(node)

    def _children(self, node: nodes.Node) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.ev(child)
            else:
                self.statement(child)

    def _for(self, node: nodes.For) -> None:
        iterables = self.ev(node.iter)
        if node.test is not None:
            self.ev(node.test)
        sequence = iterables[0] if iterables and len(iterables) == 1 else None
        items = _iterate(sequence)
        if items is None and _long_range(node.iter, self.env):
            self._limit(f"a loop over range() of more than {MAX_ITEMS} items")
        if items is not None and not self.weak and (len(items) > MAX_LOOP or self.iterations >= MAX_ITERATIONS):
            self._limit(f"a constant loop beyond {MAX_LOOP} items or {MAX_ITERATIONS} iterations per template")
        if items is not None and len(items) <= MAX_LOOP and not self.weak and self.iterations < MAX_ITERATIONS:
            self.iterations += len(items)
            for item in items:  # a loop over constants runs as the renderer runs it
                self.bind(node.target, [item])
                self.run(node.body)
        else:
            union: Cands = None
            if iterables is not None:
                merged: list[Any] = []
                for candidate in iterables:
                    merged.extend(_iterate(candidate) or [])
                union = _unique(merged)
            self.weak += 1
            # Twice, so values accumulated in one iteration reach the next; once when deeply nested (2^depth).
            for _ in range(2 if self.weak <= 3 else 1):
                self.bind(node.target, union)
                self.run(node.body)
            self.weak -= 1
        self.run(node.else_)

    def _limit(self, what: str) -> None:
        if what not in self.limits:
            self.limits.append(what)

    def bind(self, target: nodes.Node, value: Cands) -> None:
        if isinstance(target, nodes.Name):
            self._store(self.env, target.name, value)
        elif isinstance(target, nodes.NSRef):
            for ns in self.env.get(target.name) or []:
                if isinstance(ns, Namespace):
                    self._store(ns.attrs, target.attr, value)
        elif isinstance(target, nodes.Tuple):
            for index, item in enumerate(target.items):
                parts: Cands = None
                if value is not None:
                    parts = _unique(v[index] for v in value if isinstance(v, list | tuple) and len(v) > index)
                self.bind(item, parts)

    def _store(self, scope: dict[str, Cands], name: str, value: Cands) -> None:
        if self.weak and name in scope:
            old = scope[name]
            scope[name] = None if old is None or value is None else _unique([*old, *value])
        else:
            scope[name] = value

    def _block_text(self, body: list[nodes.Node]) -> Cands:
        """`{% set x %}...{% endset %}`: the concatenated output when it is constant."""
        pieces: list[Cands] = []
        for stmt in body:
            if isinstance(stmt, nodes.Output):
                pieces.extend(self.ev(expr) for expr in stmt.nodes)
            elif isinstance(stmt, nodes.FilterBlock):
                pieces.append(self._filter_on(stmt.filter, self._block_text(stmt.body)))
            else:
                self.statement(stmt)
                pieces.append(None)
        return _product(pieces, lambda *parts: "".join(_text(p) for p in parts))

    # Expressions ------------------------------------------------------------------------------------------

    def ev(self, node: nodes.Node) -> Cands:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise EvalBudget(f"more than {MAX_STEPS} evaluation steps")
        value = self._ev(node)
        if value is not None and len(value) > MAX_CANDIDATES:
            value = None
        self.on_value(node, value)
        return value

    def _ev(self, node: nodes.Node) -> Cands:
        if isinstance(node, nodes.Const):
            return [node.value]
        if isinstance(node, nodes.TemplateData):
            return [node.data]
        if isinstance(node, nodes.Name):
            return self.env.get(node.name)
        if isinstance(node, nodes.Tuple | nodes.List):
            items = [self.ev(item) for item in node.items]
            wrap = tuple if isinstance(node, nodes.Tuple) else list
            return _product(items, lambda *parts: wrap(parts))
        if isinstance(node, nodes.Dict):
            keys = [self.ev(pair.key) for pair in node.items]
            values = [self.ev(pair.value) for pair in node.items]
            return _product([*keys, *values], lambda *kv: _dict(kv[: len(keys)], kv[len(keys):]))
        if isinstance(node, nodes.Concat):
            return _product([self.ev(n) for n in node.nodes], lambda *parts: _cap("".join(_text(p) for p in parts)))
        if isinstance(node, nodes.BinExpr):
            left, right = self.ev(node.left), self.ev(node.right)
            if isinstance(node, nodes.And | nodes.Or):
                return None if left is None or right is None else _unique([*left, *right])
            return _product([left, right], lambda a, b: _binary(node.operator, a, b))
        if isinstance(node, nodes.UnaryExpr):
            inner = self.ev(node.node)
            return _product([inner], lambda a: _unary(node.operator, a))
        if isinstance(node, nodes.CondExpr):
            self.ev(node.test)
            first = self.ev(node.expr1)
            second = self.ev(node.expr2) if node.expr2 is not None else [None]
            return None if first is None or second is None else _unique([*first, *second])
        if isinstance(node, nodes.Getattr):
            return _product([self.ev(node.node)], lambda obj: _getattr(obj, node.attr))
        if isinstance(node, nodes.Getitem):
            return self._getitem(node)
        if isinstance(node, nodes.Call):
            return self._call(node)
        if isinstance(node, nodes.Filter):
            return self._filter_on(node, self.ev(node.node) if node.node is not None else None)
        if isinstance(node, nodes.MarkSafe | nodes.MarkSafeIfAutoescape):
            return self.ev(node.expr)
        for child in node.iter_child_nodes():  # tests, comparisons, slices: check what they hold
            self.ev(child) if isinstance(child, nodes.Expr) else self._children(child)
        return None

    def _getitem(self, node: nodes.Getitem) -> Cands:
        obj = self.ev(node.node)
        if isinstance(node.arg, nodes.Slice):
            parts = [self.ev(p) if p is not None else [None] for p in (node.arg.start, node.arg.stop, node.arg.step)]
            return _product([obj, *parts], lambda o, a, b, c: _index(o, slice(a, b, c)))
        key = self.ev(node.arg)
        return _product([obj, key], _index)

    def _call(self, node: nodes.Call) -> Cands:
        func = self.ev(node.node)
        args = [self.ev(a) for a in node.args]
        names = [k.key for k in node.kwargs]
        kwvalues = [self.ev(k.value) for k in node.kwargs]
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.ev(extra)
                return None
        callee = node.node.name if isinstance(node.node, nodes.Name) and func is None else None

        def call(f: Any, *values: Any) -> Any:
            positional, keywords = values[: len(args)], dict(zip(names, values[len(args):], strict=True))
            return _call(callee if f is None else f, positional, keywords)

        if isinstance(node.node, nodes.Getattr) and node.node.attr in _MUTATORS:
            self._mutate(node.node, args)
            return None
        if _is_loop_cycle(node.node):  # loop.cycle('odd', 'even') yields one of its arguments
            return None if any(a is None for a in args) else _unique(v for a in args for v in a or [])
        if func is None and callee is None:
            return None
        results: list[Any] = []
        for f in func or [None]:
            if isinstance(f, Method) and isinstance(f.owner, Cycler) and f.name == "next":
                results.extend(f.owner.items)
                continue
            if isinstance(f, Joiner):
                results.extend(["", f.sep])
                continue
            if isinstance(f, MacroDef):
                text = self._expand(f.node, args, dict(zip(names, kwvalues, strict=True)))
                if text is None:
                    return None
                results.extend(text)
                continue
            one = _product([*args, *kwvalues], lambda *v, f=f: call(f, *v))
            if one is None:
                return None
            results.extend(one)
        return _unique(results)

    def _expand(self, macro: nodes.Macro, args: list[Cands], kwargs: dict[str, Cands]) -> Cands:
        """The text a macro call produces, its parameters bound to the call's values (nested calls bounded)."""
        if self.macro_depth >= MAX_MACRO_DEPTH:
            return None
        saved = dict(self.env)
        defaults = [None] * (len(macro.args) - len(macro.defaults)) + list(macro.defaults)
        for index, param in enumerate(macro.args):
            if index < len(args):
                value = args[index]
            elif param.name in kwargs:
                value = kwargs[param.name]
            else:
                default = defaults[index]
                value = self.ev(default) if default is not None else [None]
            self.env[param.name] = value
        self.env["varargs"] = _product(args[len(macro.args):], lambda *rest: list(rest))
        self.macro_depth += 1
        try:
            return self._block_text(macro.body)
        finally:
            self.macro_depth -= 1
            self.env = saved

    def _mutate(self, method: nodes.Getattr, args: list[Cands]) -> None:
        """`{% do chars.append(c) %}` builds a list in place (unsandboxed renderers allow it): follow appends and
        extends of constants; anything else makes the variable unknown."""
        if not isinstance(method.node, nodes.Name):
            return
        name = method.node.name
        current = self.env.get(name)
        updated: Cands = None
        if current is not None and len(args) == 1 and args[0] is not None and method.attr in ("append", "extend"):
            updated = _product([current, args[0]], lambda old, v: _grow(old, v, method.attr == "append"))
        if self.weak and updated is not None and current is not None:
            updated = _unique([*current, *updated])
        self.env[name] = updated

    def _filter_on(self, node: nodes.Filter, value: Cands) -> Cands:
        args = [self.ev(a) for a in node.args]
        keywords = cast("list[nodes.Keyword]", node.kwargs)  # typed as Pair, parsed as Keyword
        names = [k.key for k in keywords]
        kwvalues = [self.ev(k.value) for k in keywords]
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.ev(extra)
                return None
        return _product([value, *args, *kwvalues],
                        lambda v, *rest: _filter(node.name, v, rest[: len(args)],
                                                 dict(zip(names, rest[len(args):], strict=True))))


_MUTATORS = frozenset({"append", "extend", "insert", "update", "setdefault", "pop", "popitem", "remove", "clear",
                       "add", "discard", "__setitem__"})


def _grow(old: Any, value: Any, append: bool) -> list[Any]:
    if not isinstance(old, list) or not (append or isinstance(value, list | tuple)):
        raise _Unknown
    grown: list[Any] = _cap([*old, value] if append else [*old, *value])
    return grown


def _long_range(node: nodes.Node, env: dict[str, Cands]) -> bool:
    """`range(n)` with constant arguments too long to model: the loop is summarised, and that is reported."""
    if not (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range"):
        return False
    args: list[Any] = []
    for arg in node.args:
        if isinstance(arg, nodes.Const):
            args.append(arg.value)
        elif isinstance(arg, nodes.Name) and len(env.get(arg.name) or []) == 1:
            args.append((env.get(arg.name) or [None])[0])
        else:
            return False
    try:
        return len(range(*args)) > MAX_ITEMS
    except (TypeError, ValueError, OverflowError):
        return False


def _is_loop_cycle(node: nodes.Node) -> bool:
    return (isinstance(node, nodes.Getattr) and node.attr == "cycle" and isinstance(node.node, nodes.Name)
            and node.node.name == "loop")


# Constant semantics ---------------------------------------------------------------------------------------

class _Unknown(Exception):
    """This operation on these constants is not modelled (or would exceed a bound)."""


def _product(inputs: list[Cands], fn: Callable[..., Any]) -> Cands:
    if any(c is None for c in inputs):
        return None
    total = 1
    for c in inputs:
        total *= max(1, len(c or []))
        if total > MAX_CANDIDATES * 4:
            return None
    combos: list[list[Any]] = [[]]
    for c in inputs:
        combos = [[*combo, value] for combo in combos for value in c or []]
    results = []
    for combo in combos:
        try:
            results.append(fn(*combo))
        except (_Unknown, TypeError, ValueError, KeyError, IndexError, AttributeError, ZeroDivisionError,
                OverflowError, UnicodeError):
            return None
    return _unique(results)


def _unique(values: Iterable[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for value in values:
        seen.setdefault(repr(value), value)
        if len(seen) > MAX_CANDIDATES:
            break
    return list(seen.values())


def _cap(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_STRING:
        raise _Unknown
    if isinstance(value, list | tuple) and len(value) > MAX_ITEMS:
        raise _Unknown
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**12:
        raise _Unknown
    return value


def _plain(value: Any) -> bool:
    """Only constants of these types are ever operated on: no Python object of the scanner leaks in."""
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return value is None or isinstance(value, str | bytes | int | float | bool)


def _text(value: Any) -> str:
    if not _plain(value):
        raise _Unknown
    text = str(value)
    if len(text) > MAX_STRING:
        raise _Unknown
    return text


def _dict(keys: tuple[Any, ...], values: tuple[Any, ...]) -> dict[Any, Any]:
    return dict(zip(keys, values, strict=True))


def _iterate(value: Any) -> list[Any] | None:
    if isinstance(value, str | list | tuple):
        return list(value)
    if isinstance(value, dict):
        return list(value)
    if isinstance(value, Cycler):
        return list(value.items)
    return None


def _binary(op: str, a: Any, b: Any) -> Any:
    if not (_plain(a) and _plain(b)):
        raise _Unknown
    if op == "%":
        return _percent(a, b)
    if op == "*":
        count = b if isinstance(a, str | list | tuple) else a
        seq = a if isinstance(a, str | list | tuple) else b
        if isinstance(seq, str | list | tuple) and isinstance(count, int) and len(seq) * max(count, 0) > MAX_STRING:
            raise _Unknown
    if op == "**" and (not isinstance(b, int) or abs(b) > 64):
        raise _Unknown
    operations: dict[str, Callable[[Any, Any], Any]] = {
        "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y, "/": lambda x, y: x / y,
        "//": lambda x, y: x // y, "**": lambda x, y: x**y,
    }
    if op not in operations:
        raise _Unknown
    return _cap(operations[op](a, b))


def _unary(op: str, a: Any) -> Any:
    if op == "not":
        return not a
    if isinstance(a, int | float) and op in "+-":
        return -a if op == "-" else a
    raise _Unknown


def _percent(fmt: Any, args: Any) -> Any:
    """`fmt % args`, the same operation the `format` filter performs, on constants only."""
    if isinstance(fmt, int | float) and isinstance(args, int | float):
        return fmt % args
    if not isinstance(fmt, str) or _FORMAT_WIDTH.search(fmt.replace("%%", "")):
        raise _Unknown
    if isinstance(args, list):
        args = tuple(args)
    return _cap(fmt % args)


def _check_format_string(fmt: str) -> None:
    for _, field_name, spec, _ in string.Formatter().parse(fmt):
        if spec and _FORMAT_WIDTH.search(spec):
            raise _Unknown
        if field_name and re.search(r"[.\[]", field_name):
            raise _Unknown  # attribute or item lookups inside a format string: never evaluated


def _getattr(obj: Any, attr: str) -> Any:
    if isinstance(obj, Namespace):
        values = obj.attrs.get(attr)
        if values is None or len(values) != 1:
            raise _Unknown
        return values[0]
    if isinstance(obj, dict):
        if attr in obj:
            return obj[attr]
        if attr in ("items", "keys", "values", "get"):
            return Method(obj, attr)
        raise _Unknown
    if isinstance(obj, str) and attr in _STR_METHODS:
        return Method(obj, attr)
    if isinstance(obj, bytes) and attr in ("decode", "upper", "lower", "strip", "replace"):
        return Method(obj, attr)
    if isinstance(obj, Cycler) and attr in ("next", "current"):
        return Method(obj, attr) if attr == "next" else obj.items[0]
    raise _Unknown


def _index(obj: Any, key: Any) -> Any:
    if isinstance(obj, str | list | tuple) and isinstance(key, int | slice):
        return obj[key]
    if isinstance(obj, dict) and _plain(key):
        return obj[key]
    if isinstance(obj, Namespace) and isinstance(key, str):
        return _getattr(obj, key)
    raise _Unknown


def _call(func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if not all(_plain(a) for a in (*args, *kwargs.values())):
        raise _Unknown
    if func == "dict":
        return dict(*args, **kwargs)
    if func == "namespace":
        return Namespace({k: [v] for k, v in dict(*args, **kwargs).items()})
    if func == "cycler":
        return Cycler(tuple(args))
    if func == "joiner":
        return Joiner(str(args[0]) if args else ", ")
    if func == "range":
        if len(range(*args)) > MAX_ITEMS:
            raise _Unknown
        return list(range(*args))
    if isinstance(func, Joiner):
        raise _Unknown  # '' on the first call, the separator after: both are modelled by the caller's checks
    if not isinstance(func, Method):
        raise _Unknown
    owner, name = func.owner, func.name
    if isinstance(owner, Cycler):
        raise _Unknown
    if isinstance(owner, dict):
        if name == "get":
            return owner.get(*args)
        return list(getattr(owner, name)())
    if name == "format":
        _check_format_string(owner)
        return _cap(owner.format(*args, **kwargs))
    if name == "format_map":
        _check_format_string(owner)
        return _cap(owner.format_map(*args))
    if name == "join":
        return _cap(owner.join(_text(a) for a in (_iterate(args[0]) or [])))
    if name in ("zfill", "center", "ljust", "rjust") and (not args or not isinstance(args[0], int)
                                                          or args[0] > MAX_STRING):
        raise _Unknown
    if name == "replace" and len(args) >= 2:
        return _cap(owner.replace(*args))
    if name in ("encode", "decode") and not all(isinstance(a, str) for a in (*args, *kwargs.values())):
        raise _Unknown
    result = getattr(owner, name)(*args, **kwargs)
    return _cap(result)


_CASE: dict[str, Callable[[str], str]] = {"lower": str.lower, "upper": str.upper, "title": str.title,
                                          "capitalize": str.capitalize, "trim": str.strip}


def _filter(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if not all(_plain(a) for a in (value, *args, *kwargs.values())):
        raise _Unknown
    if name in _CASE and isinstance(value, str):
        return _CASE[name](value)
    if name == "string":
        return _text(value)
    if name == "join":
        sep = args[0] if args else kwargs.get("d", "")
        items = _iterate(value)
        if items is None or not isinstance(sep, str):
            raise _Unknown
        return _cap(sep.join(_text(i) for i in items))
    if name == "format":
        if not isinstance(value, str):
            raise _Unknown
        return _percent(value, kwargs if kwargs else tuple(args))
    if name == "replace" and isinstance(value, str) and len(args) >= 2:
        return _cap(value.replace(*args[:3]))
    if name == "reverse":
        if isinstance(value, str):
            return value[::-1]
        items = _iterate(value)
        if items is None:
            raise _Unknown
        return items[::-1]
    if name in ("list", "first", "last", "sort", "unique", "length", "count"):
        items = _iterate(value)
        if items is None:
            raise _Unknown
        if name == "first":
            return items[0]
        if name == "last":
            return items[-1]
        if name in ("length", "count"):
            return len(items)
        if name == "sort":
            return sorted(items, reverse=bool(args[0]) if args else False)
        if name == "unique":
            return _unique(items)
        return items
    if name == "int":
        return int(value)
    if name in ("e", "escape", "safe", "forceescape") and isinstance(value, str):
        return value
    if name == "default":
        return value
    if name == "center" and isinstance(value, str):
        width = args[0] if args else 80
        if not isinstance(width, int) or width > MAX_STRING:
            raise _Unknown
        return value.center(width)
    if name in _LIBRARY_FILTERS:
        return _library_filter(name, value, args, kwargs)
    raise _Unknown


# Filters computed by jinja2's own implementation on plain constants (exact semantics, nothing of the template is
# rendered): only pure str/list/dict functions, never ones that read attributes or call tests.
_LIBRARY_FILTERS = frozenset({"indent", "striptags", "wordwrap", "truncate", "urlencode", "min", "max", "dictsort",
                              "batch", "slice", "wordcount", "abs", "round", "float", "sum", "items", "xmlattr",
                              "filesizeformat", "tojson", "pprint", "forceescape", "random"})
_ATTRIBUTE_KEYWORDS = frozenset({"attribute"})


@lru_cache(maxsize=1)
def _filter_environment() -> Environment:
    from jinja2 import Environment

    return Environment()


def _library_filter(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if name == "random":
        raise _Unknown  # any item: the caller's checks see the list's items as candidates
    if _ATTRIBUTE_KEYWORDS & kwargs.keys() or (name in ("min", "max", "sum") and len(args) > 1):
        raise _Unknown  # attribute lookups are never performed on constants
    if any(isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_STRING for a in (*args, *kwargs.values())):
        raise _Unknown  # widths and lengths that would build huge strings
    if isinstance(value, str | bytes) and len(value) > MAX_STRING:
        raise _Unknown
    result = _filter_environment().call_filter(name, value, list(args), kwargs)
    if isinstance(result, str):
        result = str(result)  # Markup to plain text
    elif not isinstance(result, int | float | list | tuple | dict):
        result = _iterate_all(result)  # generators (batch, slice, items)
    if not _plain(result):
        raise _Unknown
    return _cap(result)


def _iterate_all(result: Any) -> list[Any]:
    items: list[Any] = []
    for item in result:
        items.append(item)
        if len(items) > MAX_ITEMS:
            raise _Unknown
    return items
