"""aiwarden.toml (or [tool.aiwarden] in pyproject.toml): loaded once, validated strictly.

Unknown keys and wrong types are errors naming the file and the key, so a typo never silently
weakens a policy.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field
from typing import Any

from aiwarden.core.errors import ConfigError

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
    "untrusted_margin": (float, int),
    "window": int,
    "overlap": int,
    "allowed_hosts": (list, str),
    "canaries": (list, str),
    "redact_output": bool,
}
REQUIRED_IN_LIST_ITEMS = {"suppress": ("rule", "path", "reason")}
# Bounds that must be finite and > 0: zero or less would leave every file unverified, nan/inf no bound.
POSITIVE = frozenset({"scan.jobs", *(f"scan.limits.{key}" for key in SCHEMA["scan"]["limits"])})


@dataclass(frozen=True, slots=True)
class Config:
    source: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value: dict[str, Any] = self.data.get(name, {})
        return value


def load_config(path: str | None = None, cwd: str = ".") -> Config:
    """Load an explicit file, else ./aiwarden.toml, else [tool.aiwarden] in ./pyproject.toml, else defaults."""
    if path is not None:
        return _load(path, explicit=True)
    candidate = os.path.join(cwd, "aiwarden.toml")
    if os.path.isfile(candidate):
        return _load(candidate, explicit=True)
    candidate = os.path.join(cwd, "pyproject.toml")
    if os.path.isfile(candidate):
        return _load(candidate, explicit=False)
    return Config()


def _load(path: str, explicit: bool) -> Config:
    try:
        with open(path, "rb") as f:
            document = tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        document = document.get("tool", {}).get("aiwarden", {})
        if not document and not explicit:
            return Config()
        prefix = "tool.aiwarden."
    else:
        prefix = ""
    _validate(document, SCHEMA, path, prefix)
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
    if where.removeprefix("tool.aiwarden.") in POSITIVE and not (math.isfinite(value) and value > 0):
        raise ConfigError(f"{path}: '{where}' must be a finite number greater than 0, got {value}")
