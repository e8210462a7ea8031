"""Framework tags are data; check them against the vendored sources (ATLAS v5.6 YAML, OWASP tables)."""

import re
from pathlib import Path

from aiwarden.core import taxonomy
from aiwarden.scan.rules import RULES

DATA = Path(__file__).parent.parent / "data"


def _framework_rows() -> dict[str, str]:
    rows = {}
    for line in (DATA / "framework-ids.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) >= 2 and re.match(r"^(LLM\d\d:2025|ASI\d\d)$", cells[0]):
            rows[cells[0]] = cells[1]
    return rows


def _atlas() -> tuple[str, dict[str, str]]:
    text = (DATA / "ATLAS.yaml").read_text()
    version = re.search(r"^version: ([\d.]+)", text, re.M)
    assert version
    names: dict[str, str] = {}
    for match in re.finditer(r"^\s*- id: (AML\.T\d{4}(?:\.\d{3})?)\n\s+name: (.+)$", text, re.M):
        names.setdefault(match.group(1), match.group(2).strip().strip("'\""))
    return version.group(1), names


def test_owasp_tables_match_source() -> None:
    rows = _framework_rows()
    assert len(rows) == 20
    for table in (taxonomy.OWASP_LLM_2025, taxonomy.OWASP_AGENTIC_2026):
        for tag, name in table.items():
            assert rows[tag] == name


def test_atlas_ids_and_names_match_pinned_release() -> None:
    version, names = _atlas()
    assert version == taxonomy.ATLAS_VERSION
    for tag, name in taxonomy.ATLAS_TECHNIQUES.items():
        assert tag in names, tag
        assert names[tag] == name, (tag, names[tag], name)


def test_every_rule_tag_is_known() -> None:
    for rule in RULES.values():
        assert rule.tags, rule.id
        for tag in rule.tags:
            assert taxonomy.is_known_tag(tag), (rule.id, tag)
        assert "LLM03:2025" in rule.tags or "LLM10:2025" in rule.tags
    assert not taxonomy.is_known_tag("LLM11:2025")
    assert not taxonomy.is_known_tag("AML.T9999")
