"""The probe library: attack families kept as YAML data, loaded strictly, selected into suites, filled per run.

A library file holds ``families:``, each with its metadata, a judge and a list of prompts. Every prompt of a
family becomes one :class:`Probe` with id ``<family>/<n>`` (n counts from 1). Files are read with
``yaml.safe_load`` only, are size-bounded, and every problem is reported as one line naming the file and the
family, so a user's own probe file fails loudly instead of silently dropping attacks.

Placeholders ``{canary}``, ``{secret}``, ``{payload}`` and ``{exfil_host}`` are filled by :func:`fill`. A
placeholder may name a transformed form, ``{payload:reversed}``, so a probe can ask for the plain value while
the request itself never contains it (an echo of the request then cannot look like compliance).
"""

from __future__ import annotations

import base64
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from aiwarden.core.errors import UsageError
from aiwarden.core.findings import Severity
from aiwarden.core.taxonomy import is_known_tag
from aiwarden.redteam.model import CATEGORIES, JudgeSpec, Probe, RunSecrets

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FAMILIES_PER_FILE = 500
MAX_PROMPTS_PER_FAMILY = 500
MAX_HISTORY_TURNS = 256
MAX_TEXT_CHARS_PER_FILE = 8 * 1024 * 1024  # after YAML aliases are expanded: aliases may not multiply text
MAX_FILLED_INPUT_CHARS = 4 * 1024 * 1024  # the most a consumption probe may grow to at fill time

AGENT_TOOLS: frozenset[str] = frozenset(
    {"fetch_document", "send_email", "http_get", "run_shell", "read_file", "transfer_funds"}
)
INSECURE_OUTPUT_KINDS: frozenset[str] = frozenset({"html", "shell", "sql"})
HISTORY_ROLES: frozenset[str] = frozenset({"user", "assistant"})

_FAMILY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")
_FAMILY_KEYS = frozenset(
    {"id", "category", "goal", "technique", "severity", "tags", "judge", "convertible", "agent", "prompts"}
)
_PROMPT_KEYS = frozenset({"prompt", "document", "history", "judge_params"})


class ProbeLibraryError(UsageError, ValueError):
    """A probe file that cannot be used; the message is one line naming the file and the family."""


# ---------------------------------------------------------------------------------------------------------------
# Judge parameter checks, one per judge kind of the runner's contract.

_ParamCheck = Callable[[Mapping[str, Any]], str | None]


def _is_str_list(value: Any, *, non_empty: bool = True) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value) and (bool(value) or not non_empty)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _unknown(params: Mapping[str, Any], allowed: set[str]) -> str | None:
    extra = sorted(set(params) - allowed)
    return f"unknown judge param {extra[0]!r}" if extra else None


def _check_canary(params: Mapping[str, Any]) -> str | None:
    return _unknown(params, set())


def _check_payload(params: Mapping[str, Any]) -> str | None:
    if not isinstance(params.get("expect"), str) or not params["expect"]:
        return "judge 'payload' needs a non-empty string 'expect'"
    return _unknown(params, {"expect"})


def _check_exfil(params: Mapping[str, Any]) -> str | None:
    if not _is_str_list(params.get("data")):
        return "judge 'exfil' needs 'data', a non-empty list of strings"
    if not isinstance(params.get("host"), str) or not params["host"]:
        return "judge 'exfil' needs a string 'host'"
    return _unknown(params, {"data", "host"})


def _check_insecure_output(params: Mapping[str, Any]) -> str | None:
    kinds = params.get("kinds")
    if not isinstance(kinds, list) or not _is_str_list(kinds):
        return "judge 'insecure-output' needs 'kinds', a non-empty list"
    bad = sorted(set(kinds) - INSECURE_OUTPUT_KINDS)
    if bad:
        return f"unknown insecure-output kind {bad[0]!r}"
    return _unknown(params, {"kinds"})


def _check_sensitive(params: Mapping[str, Any]) -> str | None:
    if not _is_str_list(params.get("planted", []), non_empty=False):
        return "judge 'sensitive' needs 'planted', a list of strings"
    if not isinstance(params.get("recognise", False), bool):
        return "judge 'sensitive' param 'recognise' must be true or false"
    if not params.get("planted") and not params.get("recognise"):
        return "judge 'sensitive' needs planted values or recognise: true"
    return _unknown(params, {"planted", "recognise"})


def _check_jailbreak(params: Mapping[str, Any]) -> str | None:
    if not _is_str_list(params.get("markers")):
        return "judge 'jailbreak' needs 'markers', a non-empty list of strings"
    return _unknown(params, {"markers"})


def _check_consumption(params: Mapping[str, Any]) -> str | None:
    for key in ("max_reply_chars", "input_chars", "repeat_to_chars"):
        if key in params and not _is_count(params[key]):
            return f"judge 'consumption' param {key!r} must be a positive integer"
    if params.get("repeat_to_chars", 0) > MAX_FILLED_INPUT_CHARS:
        return f"judge 'consumption' param 'repeat_to_chars' is over {MAX_FILLED_INPUT_CHARS}"
    if "repetition" in params and not isinstance(params["repetition"], bool):
        return "judge 'consumption' param 'repetition' must be true or false"
    return _unknown(params, {"max_reply_chars", "input_chars", "repeat_to_chars", "repetition"})


def _check_tool_call(params: Mapping[str, Any]) -> str | None:
    forbidden = params.get("forbidden", [])
    if not _is_str_list(forbidden, non_empty=False) or not _is_str_list(
        params.get("attacker_values", []), non_empty=False
    ):
        return "judge 'tool-call' needs 'forbidden' and 'attacker_values' as lists of strings"
    if not forbidden and not params.get("attacker_values"):
        return "judge 'tool-call' needs forbidden tools or attacker values"
    bad = sorted(set(forbidden) - AGENT_TOOLS)
    if bad:
        return f"unknown agent tool {bad[0]!r}"
    return _unknown(params, {"forbidden", "attacker_values"})


JUDGE_PARAM_CHECKS: dict[str, _ParamCheck] = {
    "canary": _check_canary,
    "payload": _check_payload,
    "exfil": _check_exfil,
    "insecure-output": _check_insecure_output,
    "sensitive": _check_sensitive,
    "jailbreak": _check_jailbreak,
    "consumption": _check_consumption,
    "tool-call": _check_tool_call,
}


# ---------------------------------------------------------------------------------------------------------------
# Loading.


def builtin_files() -> list[Path]:
    """The library shipped with aiwarden, in a stable order."""
    folder = resources.files("aiwarden.redteam") / "data" / "probes"
    return sorted((Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".yaml")),
                  key=lambda p: p.name)


def load_library(paths: Sequence[Path] | None = None) -> list[Probe]:
    """The built-in probes followed by those in ``paths`` (user files). Family ids must be unique across all
    files. Raises :class:`ProbeLibraryError` with one line naming the file and family on any problem."""
    probes: list[Probe] = []
    seen: dict[str, str] = {}
    sources = [(p, p.name) for p in builtin_files()] + [(Path(p), str(p)) for p in paths or ()]
    for path, label in sources:
        for probe in load_file(path, label=label):
            owner = seen.setdefault(probe.family, label)
            if owner != label:
                raise ProbeLibraryError(f"{label}: family {probe.family!r}: already defined in {owner}")
            probes.append(probe)
    return probes


def load_file(path: Path, *, label: str | None = None) -> list[Probe]:
    """The probes of one file; ``label`` is how errors name it (default: the path as given)."""
    name = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ProbeLibraryError(f"{name}: file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProbeLibraryError(f"{name}: cannot read: {_one_line(str(error))}") from None
    return parse_library(text, name)


def parse_library(text: str, name: str) -> list[Probe]:
    """The probes of one file's text; ``name`` is how errors name the file."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ProbeLibraryError(f"{name}: over the {MAX_FILE_BYTES}-byte limit")
    try:
        document = yaml.safe_load(text)
    except RecursionError:
        raise ProbeLibraryError(f"{name}: nested too deeply") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or type(error).__name__
        raise ProbeLibraryError(f"{name}: not valid YAML{where}: {_one_line(str(problem))}") from None
    _check_expanded_size(document, name)
    if not isinstance(document, dict) or set(document) != {"families"} or not isinstance(document["families"], list):
        raise ProbeLibraryError(f"{name}: expected a mapping with one key, 'families', holding a list")
    families = document["families"]
    if len(families) > MAX_FAMILIES_PER_FILE:
        raise ProbeLibraryError(f"{name}: more than {MAX_FAMILIES_PER_FILE} families")
    budget = _TextBudget(name)
    probes: list[Probe] = []
    ids: set[str] = set()
    for index, raw in enumerate(families):
        family_id = raw.get("id") if isinstance(raw, dict) else None
        where = f"{name}: family {family_id!r}" if isinstance(family_id, str) else f"{name}: family #{index + 1}"
        try:
            family = _parse_family(raw, budget)
        except _Invalid as problem:
            raise ProbeLibraryError(f"{where}: {_one_line(str(problem))}") from None
        if family[0].family in ids:
            raise ProbeLibraryError(f"{where}: duplicate family id")
        ids.add(family[0].family)
        probes.extend(family)
    return probes


MAX_NODES_PER_FILE = 1_000_000
MAX_DEPTH = 32


def _check_expanded_size(document: Any, name: str) -> None:
    """The document as a program will walk it, aliases expanded: every node and character counted (judge params
    included), so a small file of aliases cannot stand for gigabytes of text or a deep nest of lists."""
    chars = nodes = 0
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            raise ProbeLibraryError(f"{name}: nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, str):
            chars += len(value)
        elif isinstance(value, dict):
            stack.extend((k, depth + 1) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        if chars > MAX_TEXT_CHARS_PER_FILE or nodes > MAX_NODES_PER_FILE:
            raise ProbeLibraryError(f"{name}: the file expands to more than {MAX_TEXT_CHARS_PER_FILE} characters or "
                                    f"{MAX_NODES_PER_FILE} values once YAML aliases are followed")


class _Invalid(Exception):
    pass


class _TextBudget:
    """Counts text as the loader sees it, so YAML aliases cannot multiply a small file into a huge library."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.left = MAX_TEXT_CHARS_PER_FILE

    def take(self, text: str) -> str:
        self.left -= len(text)
        if self.left < 0:
            raise _Invalid(f"text of the file exceeds {MAX_TEXT_CHARS_PER_FILE} characters once aliases expand")
        return text


def _text(raw: Mapping[str, Any], key: str, budget: _TextBudget, *, required: bool = True) -> str | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{key!r} must be a non-empty string")
    return budget.take(value)


def _parse_family(raw: Any, budget: _TextBudget) -> list[Probe]:
    if not isinstance(raw, dict):
        raise _Invalid("a family must be a mapping")
    unknown = sorted(set(raw) - _FAMILY_KEYS)
    if unknown:
        raise _Invalid(f"unknown field {unknown[0]!r}")
    for key in ("id", "category", "goal", "technique", "severity", "tags", "judge", "prompts"):
        if key not in raw:
            raise _Invalid(f"missing field {key!r}")
    family_id = _text(raw, "id", budget)
    assert family_id is not None
    if not _FAMILY_ID.match(family_id):
        raise _Invalid("id must look like 'group.name' (lower-case words joined by '-')")
    category = raw["category"]
    if category not in CATEGORIES:
        raise _Invalid(f"unknown category {category!r}")
    goal = _text(raw, "goal", budget)
    technique = _text(raw, "technique", budget)
    assert goal is not None and technique is not None
    if not isinstance(raw["severity"], str):
        raise _Invalid("'severity' must be a string")
    try:
        severity = Severity.parse(raw["severity"])
    except ValueError as error:
        raise _Invalid(str(error)) from None
    tags = raw["tags"]
    if not _is_str_list(tags):
        raise _Invalid("'tags' must be a non-empty list of strings")
    for tag in tags:
        if not is_known_tag(tag):
            raise _Invalid(f"unknown tag {tag!r}")
    flags = {}
    for flag, default in (("convertible", True), ("agent", False)):
        value = raw.get(flag, default)
        if not isinstance(value, bool):
            raise _Invalid(f"{flag!r} must be true or false")
        flags[flag] = value
    judge = _parse_judge(raw["judge"])
    if flags["agent"] != (judge.kind == "tool-call"):
        raise _Invalid("agent families, and only they, are judged by 'tool-call'")
    prompts = raw["prompts"]
    if not isinstance(prompts, list) or not prompts:
        raise _Invalid("'prompts' must be a non-empty list")
    if len(prompts) > MAX_PROMPTS_PER_FAMILY:
        raise _Invalid(f"more than {MAX_PROMPTS_PER_FAMILY} prompts")
    probes = []
    for number, item in enumerate(prompts, start=1):
        try:
            prompt, document, history, overrides = _parse_prompt(item, budget)
        except _Invalid as problem:
            raise _Invalid(f"prompt {number}: {problem}") from None
        spec = judge
        if overrides:
            spec = JudgeSpec(judge.kind, {**judge.params, **overrides})
            override_problem = JUDGE_PARAM_CHECKS[judge.kind](spec.params)
            if override_problem:
                raise _Invalid(f"prompt {number}: {override_problem}")
        if flags["agent"] and document is None:
            raise _Invalid(f"prompt {number}: agent prompts need a document (the tool result)")
        if "repeat_to_chars" in spec.params and document is None:
            raise _Invalid(f"prompt {number}: 'repeat_to_chars' repeats the document, and there is none")
        probes.append(Probe(
            id=f"{family_id}/{number}", family=family_id, category=category, goal=goal, technique=technique,
            severity=severity, tags=tuple(tags), prompt=prompt, judge=spec, document=document, history=history,
            convertible=flags["convertible"], agent=flags["agent"],
        ))
    return probes


def _parse_judge(raw: Any) -> JudgeSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("kind"), str):
        raise _Invalid("'judge' must be a mapping with a 'kind'")
    unknown = sorted(set(raw) - {"kind", "params"})
    if unknown:
        raise _Invalid(f"unknown judge field {unknown[0]!r}")
    kind = raw["kind"]
    if kind not in JUDGE_PARAM_CHECKS:
        raise _Invalid(f"unknown judge kind {kind!r}")
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        raise _Invalid("judge 'params' must be a mapping")
    problem = JUDGE_PARAM_CHECKS[kind](params)
    if problem:
        raise _Invalid(problem)
    return JudgeSpec(kind, dict(params))


def _parse_prompt(
    item: Any, budget: _TextBudget
) -> tuple[str, str | None, tuple[tuple[str, str], ...], dict[str, Any]]:
    if isinstance(item, str):
        if not item.strip():
            raise _Invalid("empty prompt")
        return budget.take(item), None, (), {}
    if not isinstance(item, dict):
        raise _Invalid("must be a string or a mapping with 'prompt'")
    unknown = sorted(set(item) - _PROMPT_KEYS)
    if unknown:
        raise _Invalid(f"unknown field {unknown[0]!r}")
    prompt = _text(item, "prompt", budget)
    document = _text(item, "document", budget, required=False)
    assert prompt is not None
    history_raw = item.get("history") or []
    if not isinstance(history_raw, list) or len(history_raw) > MAX_HISTORY_TURNS:
        raise _Invalid(f"'history' must be a list of at most {MAX_HISTORY_TURNS} [role, text] turns")
    history = []
    for turn in history_raw:
        if not (isinstance(turn, list) and len(turn) == 2 and all(isinstance(t, str) for t in turn)):
            raise _Invalid("each history turn must be [role, text]")
        if turn[0] not in HISTORY_ROLES:
            raise _Invalid(f"unknown history role {turn[0]!r}")
        history.append((turn[0], budget.take(turn[1])))
    overrides = item.get("judge_params") or {}
    if not isinstance(overrides, dict):
        raise _Invalid("'judge_params' must be a mapping")
    return prompt, document, tuple(history), dict(overrides)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------------------------
# Suites and selection.


@dataclass(frozen=True, slots=True)
class Suite:
    """A named selection: categories, whether agent probes are in, and an optional per-category sample."""

    description: str
    categories: frozenset[str]
    agent: bool | None  # True: only agent probes; False: none; None: both
    per_category: int | None = None  # a deterministic sample of this many probes per category

    def admits(self, probe: Probe) -> bool:
        return probe.category in self.categories and (self.agent is None or probe.agent == self.agent)


_ALL = frozenset(CATEGORIES)
SUITES: dict[str, Suite] = {
    **{c: Suite(f"the {c} probes (without agent mode)", frozenset({c}), agent=False) for c in CATEGORIES},
    "default": Suite("every category, without agent mode", _ALL, agent=False),
    "agent": Suite("agent mode: injections arriving as tool results", _ALL, agent=True),
    "all": Suite("everything, agent mode included", _ALL, agent=None),
    "quick": Suite("a small fixed sample of each category, without agent mode", _ALL, agent=False, per_category=4),
}


def select(probes: Sequence[Probe], suites: Iterable[str], *, max_attempts: int | None = None,
           seed: int = 0) -> list[Probe]:
    """The probes of the named suites, in library order. With ``max_attempts``, at most that many probes,
    sampled with ``seed`` evenly across categories (every category keeps a share while the cap allows)."""
    names = list(suites)
    if not names:
        raise ValueError("no suite named")
    chosen: set[str] = set()
    for name in names:
        suite = SUITES.get(name)
        if suite is None:
            raise ValueError(f"unknown suite {name!r} (known: {', '.join(SUITES)})")
        admitted = [p for p in probes if suite.admits(p)]
        if suite.per_category is not None:
            admitted = _spread_sample(admitted, suite.per_category)
        chosen.update(p.id for p in admitted)
    selected = [p for p in probes if p.id in chosen]
    if max_attempts is not None:
        if max_attempts < 0:
            raise ValueError("max_attempts must not be negative")
        selected = _capped(selected, max_attempts, seed)
    return selected


def _spread_sample(probes: Sequence[Probe], per_category: int) -> list[Probe]:
    """Per category, the first probe of each family in turn, then the second..., up to ``per_category``."""
    picked: list[Probe] = []
    for category in CATEGORIES:
        families: dict[str, list[Probe]] = {}
        for probe in probes:
            if probe.category == category:
                families.setdefault(probe.family, []).append(probe)
        rank = 0
        taken: list[Probe] = []
        while len(taken) < per_category and any(rank < len(f) for f in families.values()):
            for members in families.values():
                if rank < len(members) and len(taken) < per_category:
                    taken.append(members[rank])
            rank += 1
        picked.extend(taken)
    return picked


def _capped(probes: Sequence[Probe], cap: int, seed: int) -> list[Probe]:
    if len(probes) <= cap:
        return list(probes)
    rng = random.Random(seed)
    by_category: dict[str, list[Probe]] = {}
    for probe in probes:
        by_category.setdefault(probe.category, []).append(probe)
    for members in by_category.values():
        rng.shuffle(members)
    keep: set[str] = set()
    while len(keep) < cap:  # round-robin over categories so a cap never drops a whole category first
        for members in by_category.values():
            if members and len(keep) < cap:
                keep.add(members.pop().id)
    return [p for p in probes if p.id in keep]


# ---------------------------------------------------------------------------------------------------------------
# Filling placeholders.

PLACEHOLDER_NAMES: tuple[str, ...] = ("canary", "secret", "payload", "exfil_host")
_PLACEHOLDER = re.compile(r"\{(canary|secret|payload|exfil_host)(?::([a-z0-9_]+))?\}")


def _first_half(value: str) -> str:
    return value[: len(value) // 2]


def _second_half(value: str) -> str:
    return value[len(value) // 2:]


# Forms a probe may ask for, so the request never holds the value the judge looks for.
TRANSFORMS: dict[str, Callable[[str], str]] = {
    "reversed": lambda v: v[::-1],
    "upper": str.upper,
    "lower": str.lower,
    "first_half": _first_half,
    "second_half": _second_half,
    "spaced": lambda v: " ".join(v),
    "dashed": lambda v: "-".join(v),
    "base64": lambda v: base64.b64encode(v.encode("utf-8")).decode("ascii"),
    "hex": lambda v: v.encode("utf-8").hex(),
    # invisible Unicode tag characters (U+E0000 + ASCII code), for instructions hidden inside a document
    "tags": lambda v: "".join(chr(0xE0000 + ord(c)) if ord(c) < 0x80 else c for c in v),
}


def fill_text(text: str, secrets: RunSecrets) -> str:
    """``text`` with every placeholder replaced; any other brace (JSON, code, ``{name}``) is kept as written."""
    values = {name: getattr(secrets, name) for name in PLACEHOLDER_NAMES}

    def substitute(match: re.Match[str]) -> str:
        value: str = values[match.group(1)]
        transform = match.group(2)
        if transform is None:
            return value
        if transform not in TRANSFORMS:
            return match.group(0)
        return TRANSFORMS[transform](value)

    return _PLACEHOLDER.sub(substitute, text)


def _fill_value(value: Any, secrets: RunSecrets) -> Any:
    if isinstance(value, str):
        return fill_text(value, secrets)
    if isinstance(value, list):
        return [_fill_value(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _fill_value(v, secrets) for k, v in value.items()}
    return value


def fill(probe: Probe, secrets: RunSecrets) -> Probe:
    """The probe with this run's values in its prompt, document, history and judge params. A consumption probe
    with ``repeat_to_chars`` has its document repeated up to that many characters (bounded), and its judge gets
    ``input_chars``, the size of what will be sent, instead."""
    prompt = fill_text(probe.prompt, secrets)
    document = fill_text(probe.document, secrets) if probe.document is not None else None
    history = tuple((role, fill_text(text, secrets)) for role, text in probe.history)
    params = _fill_value(dict(probe.judge.params), secrets)
    target = params.pop("repeat_to_chars", None)
    if isinstance(target, int) and target > 0:
        target = min(target, MAX_FILLED_INPUT_CHARS)
        if document is not None:
            document = _repeat_to(document, target)
        params["input_chars"] = len(prompt) + len(document or "")
    return replace(probe, prompt=prompt, document=document, history=history, judge=JudgeSpec(probe.judge.kind, params))


def _repeat_to(unit: str, chars: int) -> str:
    """``unit`` repeated (separated by a newline) until the text reaches ``chars`` characters."""
    if len(unit) >= chars:
        return unit
    piece = unit if unit.endswith("\n") else unit + "\n"
    return (piece * (chars // len(piece) + 1))[:chars]
