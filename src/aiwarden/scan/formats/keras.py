"""Keras model configs (.keras config.json, legacy HDF5 model_config): Lambda layers, modules outside
Keras, and Keras functions that download files or switch safe mode off."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

from aiwarden.core.findings import Severity
from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.keras_payloads import check_embedded_payloads
from aiwarden.scan.pkl.policy import DANGEROUS_GLOBALS, DANGEROUS_MODULES

# Keras functions that are allowed by safe_mode but fetch files or disable the protection.
DANGEROUS_KERAS_FUNCTIONS = frozenset(
    {"get_file", "enable_unsafe_deserialization", "load_model", "load_weights", "TFSMLayer", "set_global_attribute",
     "save_model", "load_img", "save_img", "disable_safe_mode"}
)
# Packages Keras itself imports modules from (keras_hub/keras_cv/keras_nlp: KerasSaveable subclasses only).
_SAFE_MODULE_ROOTS = frozenset({"keras", "tf_keras", "tensorflow", "keras_hub", "keras_cv", "keras_nlp"})
MAX_NODES = 1_000_000
MAX_DEPTH = 200


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    stack: list[tuple[Any, int]] = [(node, depth)]
    seen = 0
    while stack:
        value, d = stack.pop()
        seen += 1
        if seen > MAX_NODES or d > MAX_DEPTH:
            return
        if isinstance(value, dict):
            yield value
            stack.extend((v, d + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, d + 1) for v in value)


def check_keras_json(raw: bytes, ctx: ScanContext) -> None:
    try:
        config = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        ctx.add("keras.unsafe-module", f"Keras config is not valid JSON ({str(exc)[:80]}); cannot verify it",
                severity=Severity.MEDIUM)
        return
    check_keras_config(config, ctx)


def check_keras_config(config: Any, ctx: ScanContext, *, legacy_h5: bool = False) -> None:
    """Check a Keras model config. ``legacy_h5``: it is the model_config/training_config a legacy HDF5 loader
    reads (keras.src.legacy.saving before 3.11.3, tf_keras), which runs Lambda bytecode whatever safe_mode is."""
    reported: set[tuple[str, str]] = set()

    def add(rule_id: str, key: str, message: str, evidence: str, severity: Severity | None = None) -> None:
        if (rule_id, key) not in reported:
            reported.add((rule_id, key))
            ctx.add(rule_id, message, evidence=evidence, severity=severity)

    nodes = list(_walk(config))
    has_lambda = any(n.get("class_name") in ("Lambda", "__lambda__") for n in nodes)
    for node in nodes:
        class_name = node.get("class_name")
        module = node.get("module")
        if class_name in ("Lambda", "__lambda__"):
            function = _describe_lambda(node.get("config")) if class_name == "Lambda" else _BYTECODE
            bytecode = function == _BYTECODE
            if bytecode and legacy_h5:
                add("keras.lambda", f"Lambda:{function}", f"Lambda layer with {function} in a legacy HDF5 model: "
                    "the legacy loader runs it whatever safe_mode is", function, Severity.CRITICAL)
            else:
                add("keras.lambda", f"Lambda:{function}", f"Lambda layer with {function}", function)
        for text in _strings_of(node, ("class_name", "registered_name", "config", "function_name", "function")):
            name = text.rsplit(">", 1)[-1].rsplit(".", 1)[-1]
            if name in DANGEROUS_KERAS_FUNCTIONS:
                # A switch that turns safe mode off, in a config that also carries a Lambda, runs that Lambda.
                severity = Severity.CRITICAL if name in _SAFE_MODE_SWITCHES and has_lambda else None
                add("keras.dangerous-function", text, f"config references Keras function {text!r}", text, severity)
        if isinstance(module, str) and module:
            _check_module(node, module, class_name, add)
    check_embedded_payloads(config, ctx)


def _check_module(node: dict[str, Any], module: str, class_name: Any,
                  add: Callable[[str, str, str, str, Severity | None], None]) -> None:
    """A config names the module its class or function comes from. tf_keras (all versions) and Keras before
    3.9 import any such module and take the attribute at load, whatever safe_mode is (CVE-2025-1550)."""
    root = module.split(".", 1)[0]
    name = node.get("config") if isinstance(node.get("config"), str) else class_name
    target = f"{module}.{name}"
    leaf = str(name).rsplit(">", 1)[-1]
    if root == "builtins":
        # Keras resolves "builtins" functions through Keras' own modules and the registry of custom objects
        # (no import); only names of real dangerous builtins are a threat.
        if leaf in _DANGEROUS_BUILTINS:
            add("keras.unsafe-module", target, f"config imports {target} at load time", target, Severity.CRITICAL)
        elif leaf not in _SAFE_BUILTINS:
            add("keras.unsafe-module", target, f"config needs the registered custom object {leaf!r}", target,
                Severity.MEDIUM)
        return
    if root in _SAFE_MODULE_ROOTS:
        return
    if root in DANGEROUS_MODULES or any(target.startswith(g) or module.startswith(g) for g in DANGEROUS_GLOBALS):
        add("keras.unsafe-module", target, f"config imports {target} at load time; older loaders do so whatever "
            "safe_mode is", target, Severity.CRITICAL)
    elif (root in sys.stdlib_module_names and root != "__main__") or "__" in str(name):
        # No custom object lives in the standard library: this picks a stdlib callable no table names.
        add("keras.unsafe-module", target, f"config imports the standard-library name {target} at load time",
            target, Severity.HIGH)
    else:
        add("keras.unsafe-module", module, f"config needs code from module {module!r} (custom object)",
            target, Severity.MEDIUM)


_BYTECODE = "serialized Python bytecode"
_SAFE_MODE_SWITCHES = frozenset({"enable_unsafe_deserialization", "set_global_attribute", "disable_safe_mode"})
_SAFE_BUILTINS = frozenset({"tuple", "list", "dict", "set", "int", "float", "str", "bool"})
_DANGEROUS_BUILTINS = frozenset({"eval", "exec", "compile", "open", "__import__", "getattr", "setattr", "delattr",
                                 "globals", "locals", "vars", "breakpoint", "input", "exit", "quit", "help",
                                 "memoryview", "type", "object", "print"})


def _strings_of(node: dict[str, Any], keys: tuple[str, ...]) -> Iterator[str]:
    for key in keys:
        value = node.get(key)
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for inner in ("class_name", "registered_name", "config"):
                if isinstance(value.get(inner), str):
                    yield value[inner]


def _describe_lambda(config: Any) -> str:
    if not isinstance(config, dict):
        return "a function"
    function = config.get("function")
    if isinstance(function, dict) and function.get("class_name") == "__lambda__":
        return "serialized Python bytecode"
    if isinstance(function, list) or config.get("function_type") == "lambda":
        return "serialized Python bytecode"
    if isinstance(function, str):
        return f"function {function!r}"
    if isinstance(function, dict):
        return f"function {function.get('config') or function.get('class_name')!r}"
    return "a function"
