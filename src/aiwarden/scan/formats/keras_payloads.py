"""Serialized content hidden as base64 strings in a Keras config (a pickle, a zip, an HDF5 file, another
config): decode each long base64 string, bounded, and scan the bytes as a nested stream."""

from __future__ import annotations

import binascii
import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from aiwarden.scan.context import ScanContext

MIN_LENGTH = 24  # shorter strings are names and numbers, and hold no serialized object worth the decode
MAX_STRINGS = 50_000  # about 10 s of decoding and sniffing
MAX_NODES = 1_000_000
_BASE64 = re.compile(r"[A-Za-z0-9+/\-_\s]+={0,2}")
_UNREADABLE = frozenset({"archive.corrupt-entry", "archive.unscanned", "archive.anomaly", "pickle.malformed",
                         "gguf.malformed", "safetensors.header", "onnx.malformed", "scan.limit"})
_NAMED_CALLS = frozenset({"pickle.dangerous-call", "pickle.dangerous-import", "pickle.unknown-call",
                          "pickle.function-builder", "pickle.attribute-walk", "pickle.suspicious-argument"})
# Lambda bytecode is base64 marshal data; the Lambda finding already covers it.
_LAMBDA_KEYS = frozenset({"function", "value"})


def check_embedded_payloads(config: Any, ctx: ScanContext) -> None:
    from aiwarden.scan.dispatch import scan_bytes

    budget = ctx.limits.max_member_bytes
    decoded_count = 0
    for path, value in _strings(config):
        text = value.strip()
        if len(text) < MIN_LENGTH or not _BASE64.fullmatch(text):
            continue
        data = _decode(text)
        if data is None:
            continue
        decoded_count += 1
        budget -= len(data)
        if decoded_count > MAX_STRINGS or budget < 0:
            ctx.add("scan.limit", f"more base64 strings in the Keras config than the decode budget; the rest "
                    f"were not decoded (stopped at {path})", evidence=path)
            return
        if ctx.depth >= ctx.limits.max_depth:
            ctx.add("scan.limit", f"base64 content at {path} nested beyond depth {ctx.limits.max_depth}; "
                    "not decoded", evidence=path)
            return
        child = dataclasses.replace(ctx.enter(f"base64:{path}"), findings=[], formats=[])
        scan_bytes(data, child)
        # Keras never decodes these strings itself: bytes that are no readable serialized object (a layer
        # name that happens to be valid base64, noise that merely starts like zlib) are just a string.
        # So is a "pickle" that breaks before its end without naming a single callable: random bytes make
        # computed globals and BUILDs on them, a payload names what it calls.
        noise = any(f.rule_id == "pickle.malformed" for f in child.findings) and not any(
            f.rule_id in _NAMED_CALLS for f in child.findings)
        if not noise and any(f.rule_id not in _UNREADABLE for f in child.findings):
            ctx.findings.extend(child.findings)


def _decode(text: str) -> bytes | None:
    compact = "".join(text.split())
    padded = compact + "=" * (-len(compact) % 4)
    try:
        if "-" in compact or "_" in compact:
            return binascii.a2b_base64(padded.replace("-", "+").replace("_", "/"), strict_mode=True)
        return binascii.a2b_base64(padded, strict_mode=True)
    except (binascii.Error, ValueError):
        return None


def _strings(config: Any) -> Iterator[tuple[str, str]]:
    """(path, value) of every string in the config, except Lambda bytecode."""
    stack: list[tuple[Any, str, bool]] = [(config, "", False)]
    seen = 0
    while stack:
        value, path, in_lambda = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            return
        if isinstance(value, str):
            yield path or "/", value
        elif isinstance(value, dict):
            lambda_node = in_lambda or value.get("class_name") in ("Lambda", "__lambda__")
            for key, item in value.items():
                if lambda_node and key in _LAMBDA_KEYS:
                    continue
                stack.append((item, f"{path}/{key}", lambda_node))
        elif isinstance(value, list):
            stack.extend((item, f"{path}/{i}", in_lambda) for i, item in enumerate(value))
