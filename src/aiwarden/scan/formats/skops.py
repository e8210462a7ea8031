"""skops files: schema.json names every type and function the loader will import."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from aiwarden.scan.context import ScanContext
from aiwarden.scan.pkl.policy import FORMAT_SAFE, Policy, Verdict

_TRUSTED_ROOTS = ("sklearn", "numpy", "scipy", "builtins", "collections", "skops")


def _nodes(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 200:
        return
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _nodes(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            yield from _nodes(v, depth + 1)


def check_schema(raw: bytes, ctx: ScanContext) -> None:
    try:
        schema = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        ctx.add("skops.malformed", f"schema.json is not valid JSON: {str(exc)[:80]}")
        return
    policy = Policy(FORMAT_SAFE["pickle"])
    reported: set[str] = set()
    for node in _nodes(schema):
        for module, name in _references(node):
            qualname = f"{module}.{name}"
            if qualname in reported:
                continue
            verdict = policy.classify(module, name).verdict
            if verdict in (Verdict.DANGEROUS, Verdict.INTERNALS, Verdict.BUILDER, Verdict.RESOLVER):
                reported.add(qualname)
                ctx.add("skops.untrusted-type", f"schema loads {qualname} ({node.get('__loader__', 'node')})",
                        evidence=qualname)


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
