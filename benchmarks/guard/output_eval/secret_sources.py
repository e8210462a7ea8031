"""Secrets: Nosey Parker's rule examples (should match) and negative examples (should not match)."""

from __future__ import annotations

import re

import yaml
from mirror import list_files, show
from records import Record, Source, record
from templates import SECRET_TEMPLATES, fill, pick

RULES_DIR = "crates/noseyparker/data/default/builtin/rules/"


def _compile(pattern: str) -> re.Pattern[str]:
    """Nosey Parker's patterns are Rust regexes; Python wants inline global flags first, so hoist them."""
    flags = "".join(sorted(set("".join(re.findall(r"\(\?([a-z]+)\)", pattern)))))
    body = re.sub(r"\(\?[a-z]+\)", "", pattern)
    return re.compile((f"(?{flags})" if flags else "") + body)


def _subtype(categories: list[str]) -> str:
    if "hashed" in categories:
        return "hashed"
    return "generic" if "generic" in categories or "fuzzy" in categories else "provider"


def noseyparker(source: Source) -> list[Record]:
    out: list[Record] = []
    for path in list_files(source["repo"], source["commit"], RULES_DIR):
        if not path.endswith(".yml"):
            continue
        for rule in yaml.safe_load(show(source["repo"], source["commit"], path)).get("rules", []):
            categories = rule.get("categories") or []
            # Identifier rules (client ids, account names) flag things that are not credentials.
            if "secret" in categories:
                pattern = _compile(rule["pattern"])
                for n, example in enumerate(rule.get("examples") or []):
                    match = pattern.search(example)
                    value = _captured(match, example)
                    out.append(wrap_secret(source["name"], f"{rule['id']}:pos{n}", _subtype(categories), 1,
                                     example, value or example))
            for n, example in enumerate(rule.get("negative_examples") or []):
                out.append(wrap_secret(source["name"], f"{rule['id']}:neg{n}", "should-not-match", 0, example, example))
    return out


def _captured(match: re.Match[str] | None, example: str) -> str:
    """The captured secret. A rule with one group captures it; rules with several capture context beside it (a
    user name, a client id, a domain) and the secret last, except in URIs (user:PASSWORD@host), where the
    secret is the group right before the "@"."""
    if match is None:
        return example
    groups = [n for n in range(1, (match.re.groups or 0) + 1) if match.span(n)[0] >= 0]
    if not groups:
        return match.group(0)
    before_at = [n for n in groups if example[match.end(n):match.end(n) + 1] == "@"]
    return match.group((before_at or groups)[-1])


def wrap_secret(source: str, key: str, subtype: str, label: int, example: str, value: str) -> Record:
    example = example.strip("\n")
    template = pick(SECRET_TEMPLATES, f"{source}:{key}", multiline="\n" in example)
    text = fill(SECRET_TEMPLATES, template, example)
    return record(source, key, "secrets", subtype, label, text, value.strip("\n"), template)
