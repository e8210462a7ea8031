"""aiwarden.toml (or [tool.aiwarden] in pyproject.toml): loaded once, validated strictly.

Unknown keys and wrong types are errors naming the file and the key, so a typo never silently
weakens a policy.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import ConfigError
from aiwarden.core.files import read_regular_file

# section -> key -> expected type (a type, or a (list, item type) pair, or a nested schema dict)
SchemaValue = type | tuple[type, type] | dict[str, Any]
SCHEMA: dict[str, Any] = {
    "scan": {
        "fail_on": str,
        "jobs": int,
        "exclude": (list, str),
        "allow_globals": (list, str),
        "suppress": (list, {"rule": str, "path": str, "reason": str}),
        "limits": {
            "max_member_bytes": int,
            "max_depth": int,
            "max_entries": int,
            "bomb_ratio": (float, int),
            "bomb_min_bytes": int,
            "max_declared_bytes": int,
            "max_header_bytes": int,
            "seconds_per_file": (float, int),
        },
    },
}
SCHEMA["guard"] = {
    "model": bool,
    "tier": str,
    "untrusted_margin": (float, int),
    "window": int,
    "overlap": int,
    "allowed_hosts": (list, str),
    "canaries": (list, str),
    "redact_output": bool,
}
SCHEMA["gateway"] = {
    "upstreams": (list, {"url": str, "models": (list, str), "api_key_env": str}),
    "host": str,
    "port": int,
    "db": str,
    "redis": str,
    "redis_timeout": (float, int),
    "max_body_bytes": int,
    "upstream_timeout": (float, int),
    "connect_timeout": (float, int),
    "body_timeout": (float, int),
    "input_action": str,
    "system_action": str,
    "output_action": str,
    "guard_tier": str,
    "firewall_policy": str,
    "audit_bodies": bool,
    "audit_key_env": str,
    "metrics_token_env": str,
    "allowed_hosts": (list, str),
    "stream_hold_chars": int,
    "monitor": bool,
    "hardening": {
        "logprobs": str,
        "max_top_logprobs": int,
        "max_n": int,
        "max_tokens": int,
        "min_temperature": (float, int),
        "max_temperature": (float, int),
    },
}
# String settings with a fixed set of values.
CHOICES = {
    "guard.tier": ("auto", "transformer", "ngram"),
    "gateway.input_action": ("block", "log", "off"),
    "gateway.system_action": ("block", "log", "off"),
    "gateway.output_action": ("enforce", "log", "off"),
    "gateway.guard_tier": ("auto", "transformer", "ngram"),
    "gateway.hardening.logprobs": ("allow", "strip", "round"),
}
REQUIRED_IN_LIST_ITEMS = {"suppress": ("rule", "path", "reason"), "upstreams": ("url",)}
# Bounds that must be finite and > 0: zero or less would leave every file unverified, nan/inf no bound.
POSITIVE = frozenset({"scan.jobs", *(f"scan.limits.{key}" for key in SCHEMA["scan"]["limits"]),
                      "gateway.port", "gateway.max_body_bytes", "gateway.upstream_timeout", "gateway.connect_timeout",
                      "gateway.body_timeout", "gateway.redis_timeout",
                      "gateway.stream_hold_chars", "gateway.hardening.max_top_logprobs", "gateway.hardening.max_n",
                      "gateway.hardening.max_tokens"})


@dataclass(frozen=True, slots=True)
class Config:
    source: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value: dict[str, Any] = self.data.get(name, {})
        return value


def find_config(start: str = ".") -> str | None:
    """The nearest aiwarden.toml, or pyproject.toml with a [tool.aiwarden] table, from ``start`` up to the
    repository root (the first directory holding ``.git``) or the filesystem root; in one directory
    aiwarden.toml wins. The search stops at the repository root so that a checkout never picks up a file
    from whatever directory it happens to be cloned into."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, "aiwarden.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and _load(candidate, explicit=False).source is not None:
            return candidate
        parent = os.path.dirname(directory)
        if os.path.lexists(os.path.join(directory, ".git")) or parent == directory:
            return None
        directory = parent


def load_config(path: str | None = None, cwd: str = ".") -> Config:
    """Load an explicit file, else the nearest one ``find_config`` finds from ``cwd``, else defaults."""
    if path is not None:
        return _load(path, explicit=True)
    found = find_config(cwd)
    return _load(found, explicit=False) if found else Config()


def _load(path: str, explicit: bool) -> Config:
    import tomllib  # only when a config file exists: start-up

    shown = safe_name(path)
    try:
        document = tomllib.loads(read_regular_file(path, 16 * 1024 * 1024, ConfigError).decode("utf-8"))
    except UnicodeDecodeError as exc:  # tomllib decodes the bytes itself and lets this through
        raise ConfigError(f"{shown}: config is not valid UTF-8 (byte offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: invalid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        tool = document.get("tool", {})
        document = tool.get("aiwarden", {}) if isinstance(tool, dict) else {}
        if not document and not explicit:
            return Config()
        prefix = "tool.aiwarden."
    else:
        prefix = ""
    _validate(document, SCHEMA, shown, prefix)
    return Config(path, document)


def _validate(data: Any, schema: dict[str, Any], path: str, where: str) -> None:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: {where.rstrip('.') or 'top level'} must be a table")
    for key, value in data.items():
        if key not in schema:
            known = ", ".join(sorted(schema))
            raise ConfigError(f"{path}: unknown key '{where}{key}' (known here: {known})")
        _check_value(value, schema[key], path, f"{where}{key}")


def _check_value(value: Any, expected: Any, path: str, where: str) -> None:
    if isinstance(expected, dict):
        _validate(value, expected, path, f"{where}.")
        return
    if isinstance(expected, tuple) and expected[0] is list:
        if not isinstance(value, list):
            raise ConfigError(f"{path}: '{where}' must be a list")
        for index, item in enumerate(value):
            if isinstance(expected[1], dict):
                _validate(item, expected[1], path, f"{where}[{index}].")
                leaf = where.rsplit(".", 1)[-1]
                for required in REQUIRED_IN_LIST_ITEMS.get(leaf, ()):
                    if required not in item or not str(item[required]).strip():
                        raise ConfigError(f"{path}: '{where}[{index}]' needs a non-empty '{required}'")
            else:
                _check_value(item, expected[1], path, f"{where}[{index}]")
        return
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in types:
        raise ConfigError(f"{path}: '{where}' must be {types[0].__name__}, not a boolean")
    if not isinstance(value, types):
        raise ConfigError(f"{path}: '{where}' must be {types[0].__name__}, got {type(value).__name__}")
    choices = CHOICES.get(where.removeprefix("tool.aiwarden."))
    if choices is not None and value not in choices:
        raise ConfigError(f"{path}: '{where}' must be one of {', '.join(choices)}, got {value!r}")
    if where.removeprefix("tool.aiwarden.") in POSITIVE and not (math.isfinite(value) and value > 0):
        raise ConfigError(f"{path}: '{where}' must be a finite number greater than 0, got {value}")


def to_toml(settings: dict[str, Any]) -> str:
    """Settings (tables of strings, numbers, booleans, lists of those, lists of tables) as TOML text that
    tomllib reads back to the same values; the standard library reads TOML but does not write it."""
    lines: list[str] = []
    _toml_table(settings, [], lines)
    return "\n".join(lines).lstrip("\n") + "\n"


def _toml_table(table: dict[str, Any], where: list[str], lines: list[str]) -> None:
    tables = {k: v for k, v in table.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in table.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)}
    for key, value in table.items():
        if key not in tables and key not in arrays:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in tables.items():
        lines.extend(["", f"[{'.'.join(_toml_key(k) for k in [*where, key])}]"])
        _toml_table(value, [*where, key], lines)
    for key, items in arrays.items():
        for item in items:
            lines.extend(["", f"[[{'.'.join(_toml_key(k) for k in [*where, key])}]]"])
            _toml_table(item, [*where, key], lines)


def _toml_key(key: str) -> str:
    return key if key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key) else _toml_value(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if math.isfinite(value) else ("nan" if value != value else ("inf" if value > 0 else "-inf"))
    if isinstance(value, str):
        import json

        # A JSON string is a TOML basic string, except that TOML also wants DEL escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
