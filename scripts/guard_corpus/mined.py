"""Attack and benign rows written by other authors, mined from GPT-store prompt collections and red-team tools.

Inputs, all read-only, at the revisions pinned in common.SOURCES:
- bare mirrors under ``--mirrors`` (``owner+name/repo``): LouisShark/chatgpt_system_prompt, 0xeb/TheBigPromptLibrary,
  mnns/LLMFuzzer;
- wheels unpacked under ``--mined`` (see the package docstring): ``MINED/pyrit-1.1.0/pyrit/...`` and
  ``MINED/aegisrt-0.1.0/aegisrt/...``.

Labels follow what the upstream file says a text is: an extraction prompt ("how to get the system prompt") is an
injection, a protection instruction ("how to protect GPT instructions") or a published GPT's instructions are benign
system-prompt text, a jailbreak template is a jailbreak. Texts that cannot be labelled that way are left out.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import yaml

from .attacks import _JB_CUE, _cat_file, _guess_lang, git_show
from .common import SOURCES, Row, clean, rng_for, sample

LOUISSHARK = "LouisShark/chatgpt_system_prompt"
TBPL = "0xeb/TheBigPromptLibrary"
LLMFUZZER = "mnns/LLMFuzzer"
PYRIT_DIR = "pyrit-1.1.0"  # under --mined: the unzipped pyrit-1.1.0-py3-none-any.whl
AEGISRT_DIR = "aegisrt-0.1.0"  # under --mined: the unzipped aegisrt-0.1.0-py3-none-any.whl

_FENCE = re.compile(r"```[a-zA-Z]*\n(.*?)```", re.S)
_NUMBERED = re.compile(r"^\s*\d+\.\s+", re.M)
_PLACEHOLDER = re.compile(r"\{\{\s*prompt\s*\}\}")


_SCRIPTS = (("ja", r"[\u3040-\u30ff]"), ("ar", r"[\u0600-\u06ff]"), ("hi", r"[\u0900-\u097f]"),
            ("th", r"[\u0e00-\u0e7f]"), ("uk", r"[іїєґІЇЄҐ]"))
_LATIN = (("de", r"\b(?:anweisungen|ignorieren sie|vergiss|bitte)\b"),
          ("fr", r"\b(?:toutes les|précédentes|votre|vous)\b"), ("pt", r"\b(?:você|instruções|todas as)\b"),
          ("es", r"\b(?:todas las|instrucciones|eres)\b"),
          ("tr", r"\b(?:talimatları|önceki)\b"), ("vi", r"\b(?:bỏ qua|hướng dẫn)\b"), ("sw", r"\b(?:puuza|maagizo)\b"))


def _lang(t: str) -> str:
    """_guess_lang, with the scripts and Latin-script languages of these collections' short hijacks added."""
    for lang, pat in _SCRIPTS:
        if re.search(pat, t):
            return lang
    guess = _guess_lang(t)
    if guess == "en":
        low = t.lower()
        return next((lang for lang, pat in _LATIN if re.search(pat, low)), "en")
    return guess


def _row(text: str, label: int, kind: str, source: str, lang: str = "", origin: str = "") -> Row:
    t = clean(text)
    return Row(t, label, kind, source, SOURCES[source].author_group, lang or _lang(t), "user", origin)


def _ls(mirrors: Path, repo: str, commit: str, under: str) -> list[str]:
    """Paths under a folder at a commit (NUL-separated, so names with spaces or non-ASCII letters come through)."""
    git_dir = mirrors / repo.replace("/", "+") / "repo"
    out = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "--name-only", commit, under],
                         check=True, capture_output=True).stdout.decode("utf-8")
    return sorted(p for p in out.split("\0") if p)


def _numbered_items(block: str) -> list[str]:
    """The items of a ``1. ... 2. ...`` list (continuation lines belong to the item above)."""
    parts = _NUMBERED.split(block)
    return [p.strip() for p in parts[1:] if p.strip()]


# ---------------------------------------------------------------- LouisShark/chatgpt_system_prompt


def _gpt_instructions(md: str) -> str | None:
    """The instructions of one published GPT (the fenced block after ``GPT instructions:``)."""
    if "GPT instructions:" not in md:
        return None
    body = md.split("GPT instructions:", 1)[1]
    m = _FENCE.search(body)
    return m.group(1) if m else None


def _cut(text: str, limit: int) -> str:
    """Text cut at the last paragraph break before ``limit`` characters (or the limit itself)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    i = head.rfind("\n\n")
    return head[:i] if i > limit // 3 else head


def louisshark_rows(mirrors: Path, benign_cap: int) -> list[Row]:
    src = SOURCES["louisshark-gpts"]
    c = src.revision
    rows: list[Row] = []
    # GETTING_STARTED.md "How to get system prompt": the extraction prompts the collection was gathered with.
    guide = git_show(mirrors, LOUISSHARK, c, "GETTING_STARTED.md")
    section = guide.split("## How to get system prompt", 1)[1].split("\n## ", 1)[0]
    for block in _FENCE.findall(section):
        for item in _numbered_items(block):
            if not item.lower().startswith("if you want"):  # advice, not a prompt
                rows.append(_row(item, 1, "injection", src.name))
    # SECURITY.md "How to protect GPT instructions": protection instructions (system-prompt text).
    sec = git_show(mirrors, LOUISSHARK, c, "SECURITY.md")
    first = _FENCE.findall(sec.split("## How to protect GPT instructions", 1)[1])[0]
    rows += [_row(item, 0, "benign", src.name) for item in _numbered_items(first)]
    # prompts/gpts/*.md: instructions of published custom GPTs (benign system prompts), jailbreak personas left out.
    gpts = []
    paths = [p for p in _ls(mirrors, LOUISSHARK, c, "prompts/gpts") if p.endswith(".md") and "/knowledge/" not in p]
    for md in _cat_file(mirrors, LOUISSHARK, c, paths).values():
        text = _gpt_instructions(md)
        if not text or len(text.strip()) < 80 or _JB_CUE.search(text):
            continue
        gpts.append(_row(_cut(text.strip(), 3000), 0, "benign", src.name))
    return rows + sample(gpts, benign_cap, "louisshark-gpts")


# ---------------------------------------------------------------- 0xeb/TheBigPromptLibrary


def tbpl_protection_rows(mirrors: Path) -> list[Row]:
    """Security/GPT-Protections/*.md: the fenced protection instructions GPT authors add to their system prompts."""
    src = SOURCES["tbpl-gpt-protections"]
    rows = []
    paths = [p for p in _ls(mirrors, TBPL, src.revision, "Security/GPT-Protections")
             if p.endswith(".md") and not p.endswith("README.md")]
    for md in _cat_file(mirrors, TBPL, src.revision, paths).values():
        for block in _FENCE.findall(md):
            if len(block.strip()) >= 40:
                rows.append(_row(_cut(block.strip(), 3000), 0, "benign", src.name))
    return rows


# ---------------------------------------------------------------- mnns/LLMFuzzer


def llmfuzzer_rows(mirrors: Path) -> list[Row]:
    """attacks/*.atk: the ``Query`` of each test (prompt injection and smuggling probes)."""
    src = SOURCES["llmfuzzer"]
    rows = []
    for path in _ls(mirrors, LLMFUZZER, src.revision, "attacks"):
        if path.endswith(".atk"):
            doc = yaml.safe_load(git_show(mirrors, LLMFUZZER, src.revision, path)) or {}
            for test in doc.get("Tests") or []:
                q = (test or {}).get("Query")
                if isinstance(q, str) and len(q.strip()) >= 8:
                    rows.append(_row(q, 1, "injection", src.name))
    return rows


# ---------------------------------------------------------------- PyRIT wheel


def _pyrit_datasets(mined: Path) -> Path:
    return mined / PYRIT_DIR / "pyrit" / "datasets"


def _template_source(path: Path, doc: dict) -> str | None:  # type: ignore[type-arg]
    if path.parent.name != "templates" or "benign" in path.stem:
        # Arth_Singh/ (written with LLM help, "research use only"), pliny/ (licence unclear), in_the_wild/
        # (Shen et al., already in the corpus), multi_parameter/ (several slots)
        return None
    if "jailbreakchat" in str(doc.get("source", "")):
        return "pyrit-jailbreakchat"
    return "pyrit-jailbreak-templates"


def pyrit_template_rows(mined: Path, asks: list[tuple[str, str]], per_template: dict[str, int]) -> list[Row]:
    """PyRIT's single-slot jailbreak templates, the ``{{ prompt }}`` slot filled with asks (``origin`` is the ask's
    source). ``per_template`` gives how many asks each template of a source gets."""
    root = _pyrit_datasets(mined) / "jailbreak" / "templates"
    rows = []
    for path in sorted(root.rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        source = _template_source(path, doc)
        value = doc.get("value")
        if source is None or not isinstance(value, str) or not _PLACEHOLDER.search(value):
            continue
        rng = rng_for(f"pyrit-template:{path.relative_to(root)}")
        for ask, origin in rng.sample(asks, per_template[source]):
            text = _PLACEHOLDER.sub(lambda _m, a=ask: a, value)
            rows.append(_row(text, 1, "jailbreak", source, "en", origin))
    return rows


def pyrit_seed_rows(mined: Path) -> list[Row]:
    """Human-written seed prompts: Prompt Security's ps-fuzz system-prompt theft prompts, AI Red Team's leakage
    objectives that ask for the system prompt, and 0DIN's disclosed guardrail bypasses."""
    local = _pyrit_datasets(mined) / "seed_datasets" / "local"
    rows = []
    doc = yaml.safe_load((local / "psfuzz_steal_system.prompt").read_text(encoding="utf-8"))
    for seed in doc["seeds"]:  # "1. ... | 2. ... | 3. ...", folded onto one line
        for item in re.split(r"\s*\|\s*(?=\d+\.\s)", seed["value"]):
            rows.append(_row(_NUMBERED.sub("", item, count=1).rstrip(" |"), 1, "injection", "psfuzz"))
    doc = yaml.safe_load((local / "airt" / "leakage.prompt").read_text(encoding="utf-8"))
    for seed in doc["seeds"]:
        if re.search(r"system (?:prompt|message)|instructions", seed["value"], re.I):
            rows.append(_row(seed["value"], 1, "injection", "pyrit-jailbreak-templates"))
    for path in sorted((local / "0din").glob("*.prompt")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for seed in doc["seeds"]:
            rows.append(_row(seed["value"], 1, "jailbreak", "0din-disclosures"))
    return rows


# ---------------------------------------------------------------- aegisrt wheel

_UNRESTRICTED = re.compile(r"\bDAN\b|do anything now|unrestricted|uncensored|no (?:safety|content|restrictions)|"
                           r"without (?:any )?(?:restrictions|filter|safety)|no alignment|zero content|dual mode|"
                           r"ohne einschränkung|sin restricciones|sem restrições|sans filtre|без ограничений|"
                           r"без обмежень|kısıtlaması olmayan|không có giới hạn|bila vikwazo|제한 없는|制限なし", re.I)
_LEAK_ASK = re.compile(r"system (?:prompt|message|instructions)|instructions|above|configuration|rules|constraints",
                       re.I)


def _seed_lists(path: Path) -> dict[str, list[str]]:
    """Module-level ``NAME_SEEDS: list[str] = [...]`` literals of a probe module (read, not imported)."""
    out = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
                and node.target.id.endswith("_SEEDS")):
            out[node.target.id] = [v for v in ast.literal_eval(node.value) if isinstance(v, str)]
    return out


def aegisrt_rows(mined: Path) -> list[Row]:
    """aegisrt's injection, system-prompt exfiltration and system-integrity probe seeds, and its jailbreak,
    DAN-variant and multilingual seed files. Seeds that read as ordinary questions on their own (the opening turns
    of its multi-turn chains, questions about the model's tools or training data) are left out."""
    root = mined / AEGISRT_DIR / "aegisrt"
    src = "aegisrt"
    rows = []

    def kind(t: str) -> str:
        return "jailbreak" if _UNRESTRICTED.search(t) or _JB_CUE.search(t) else "injection"

    for t in _seed_lists(root / "probes" / "injection.py")["INJECTION_SEEDS"]:
        rows.append(_row(t, 1, kind(t), src))
    for t in _seed_lists(root / "probes" / "exfiltration.py")["EXFILTRATION_SEEDS"]:
        if _LEAK_ASK.search(t):
            rows.append(_row(t, 1, "injection", src))
    for t in _seed_lists(root / "probes" / "redteam" / "system_integrity.py")["SYSTEM_INTEGRITY_SEEDS"]:
        if "jailbreak prompt" not in t:
            rows.append(_row(t, 1, kind(t), src))
    for name in ("jailbreak_templates", "dan_variants", "multilingual_seeds"):
        for line in (root / "datasets" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            t = rec["prompt"]
            if name == "jailbreak_templates":  # its categories: instruction_override, or a jailbreak technique
                k = "injection" if rec.get("category") == "instruction_override" else "jailbreak"
            else:
                k = "jailbreak" if name == "dan_variants" else kind(t)
            lang = {"mixed": "multi"}.get(rec.get("language", ""), rec.get("language", ""))
            rows.append(_row(t, 1, k, src, lang))
    return rows


def licence_files(mirrors: Path, mined: Path) -> dict[str, str | Path]:
    """Licence texts to ship in data/guard/licenses/: a path (package file) or the text (read from a mirror)."""
    out: dict[str, str | Path] = {}
    for fname, repo, source in (("louisshark-chatgpt_system_prompt.LICENSE", LOUISSHARK, "louisshark-gpts"),
                                ("thebigpromptlibrary.LICENSE", TBPL, "tbpl-gpt-protections"),
                                ("llmfuzzer.LICENSE", LLMFUZZER, "llmfuzzer")):
        out[fname] = git_show(mirrors, repo, SOURCES[source].revision, "LICENSE")
    out["aegisrt.LICENSE"] = mined / AEGISRT_DIR / "aegisrt-0.1.0.dist-info" / "licenses" / "LICENSE"
    out["pyrit.LICENSE"] = mined / PYRIT_DIR / "pyrit-1.1.0.dist-info" / "licenses" / "LICENSE"
    return out
