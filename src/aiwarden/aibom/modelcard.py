"""What a model directory says about itself: README front matter, config.json, tokenizer chat template.

Only facts present in the files are returned; nothing is guessed or invented.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_TEXT = 4 * 1024 * 1024

# config.json fields worth recording as model parameters (present in most transformers configs).
CONFIG_FIELDS = ("model_type", "hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
                 "intermediate_size", "vocab_size", "max_position_embeddings", "torch_dtype", "dtype",
                 "transformers_version")


@dataclass(slots=True)
class ModelFacts:
    front_matter: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    chat_templates: dict[str, str] = field(default_factory=dict)  # name -> template text
    template_source: str = ""
    problems: list[str] = field(default_factory=list)  # files that are there but malformed: warnings

    def listed(self, key: str) -> list[str]:
        value = self.front_matter.get(key)
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [str(v) for v in value if isinstance(v, str | int | float)]
        return []


def _read_text(path: Path, facts: ModelFacts) -> str | None:
    try:
        if path.stat().st_size > MAX_TEXT:
            facts.problems.append(f"{path.name}: larger than {MAX_TEXT} bytes, not read")
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or type(exc).__name__)
        facts.problems.append(f"{path.name}: unreadable ({why})")
        return None


def front_matter(text: str) -> dict[str, Any] | None:
    """The YAML block between the first two '---' lines of a model card, parsed with safe_load."""
    return _front_matter(text)[0]


def _front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """(front matter, why it is unusable): a card without front matter is no problem, a broken one is."""
    import yaml

    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return None, ""
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return None, "front matter has no closing '---' line"
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return None, f"front matter is not valid YAML{where}"
    if not isinstance(data, dict):
        return None, "front matter is not a mapping of fields"
    return data, ""


def read_facts(model_dir: Path) -> ModelFacts:
    facts = ModelFacts()
    readme = model_dir / "README.md"
    if readme.is_file():
        text = _read_text(readme, facts)
        if text is not None:
            parsed, problem = _front_matter(text)
            if problem:
                facts.problems.append(f"README.md: {problem}")
            facts.front_matter = parsed or {}
    facts.config = _json(model_dir / "config.json", facts)
    tokenizer = _json(model_dir / "tokenizer_config.json", facts)
    template = tokenizer.get("chat_template")
    if isinstance(template, str):
        facts.chat_templates["default"] = template
        facts.template_source = "tokenizer_config.json"
    elif isinstance(template, list):
        for item in template:
            if isinstance(item, dict) and isinstance(item.get("template"), str):
                facts.chat_templates[str(item.get("name", "default"))] = item["template"]
        facts.template_source = "tokenizer_config.json"
    jinja = model_dir / "chat_template.jinja"
    if jinja.is_file():
        text = _read_text(jinja, facts)
        if text is not None:
            facts.chat_templates.setdefault("default", text)
            facts.template_source = facts.template_source or "chat_template.jinja"
    return facts


def _json(path: Path, facts: ModelFacts) -> dict[str, Any]:
    if not path.is_file():
        return {}
    text = _read_text(path, facts)
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        facts.problems.append(f"{path.name}: not valid JSON")
        return {}
    if not isinstance(value, dict):
        facts.problems.append(f"{path.name}: not a JSON object")
        return {}
    return value
