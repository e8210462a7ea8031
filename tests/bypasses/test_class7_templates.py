"""Class 7 of scanner v2: chat templates analysed too literally. Dunder names built at render time (character
codes, filters, format, join, dict keys, set variables, namespaces, macro arguments), gadgets reached through
Jinja's globals (loop, cycler, joiner, namespace, lipsum, range, dict, self, caller, varargs), and payloads in a
later named template (tokenizer_config lists, GGUF tokenizer.chat_template.<name>, additional_chat_templates/).
Every payload sits inside a working ChatML template. Templates are parsed, never rendered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiwarden.core.findings import Report, Severity
from aiwarden.scan.engine import scan_paths
from tests.bypasses.chat_templates import BENIGN, CHATML, INDEXING, carrier
from tests.bypasses.ggufs import write_gguf, write_gguf_templates
from tests.helpers import rules, worst

PAYLOADS = {
    # character codes
    "percent-c-filter": "{{ message|attr('%c%cclass%c%c'|format(95, 95, 95, 95)) }}",
    "percent-c-operator": "{% set u = '%c' % 95 %}{{ message[u ~ u ~ 'class' ~ u ~ u] }}",
    "format-spec-c": "{{ message|attr('{:c}{:c}init{:c}{:c}'.format(95, 95, 95, 95)) }}",
    "repeated-percent-c": "{{ message|attr(('%c' * 2)|format(95, 95) ~ 'globals' ~ ('%c' * 2)|format(95, 95)) }}",
    # filters
    "reverse": "{{ message|attr('__ssalc__'|reverse) }}",
    "replace": "{{ message|attr('xxclassxx'|replace('x', '_')) }}",
    "lower": "{{ message|attr('__CLASS__'|lower) }}",
    "slice": "{{ message[('x__class__x')[1:-1]] }}",
    "string-of-list": "{{ message[(['__class__']|string)[2:-2]] }}",
    "trim": "{{ message[('  __init__  '|trim)] }}",
    "first-of-list": "{{ message[['__cla' ~ 'ss__']|first] }}",
    # format
    "format-filter-s": "{{ message|attr('%s%sclass%s%s'|format('_', '_', '_', '_')) }}",
    "format-filter-mapping": "{{ message|attr('%(u)s%(u)sclass%(u)s%(u)s'|format(u='_')) }}",
    "str-format": "{{ message|attr('{0}{0}class{0}{0}'.format('_')) }}",
    "format-field-walk": "{{ ('{0.' ~ '_' * 2 ~ 'init' ~ '_' * 2 ~ '}').format(message) }}",
    # join and repetition
    "join-list": "{{ message|attr(['__', 'class', '__']|join) }}",
    "join-tuple": "{{ message|attr(('_', '_', 'class', '_', '_')|join) }}",
    "str-join": "{{ message|attr('_'.join(['', '', 'class', '', ''])) }}",
    "multiply": "{{ message[(['_'] * 2)|join ~ 'class' ~ '_' * 2] }}",
    # dict key tricks
    "dict-first": "{{ message|attr(dict(__class__=1)|first) }}",
    "dict-list-index": "{% set k = dict(__globals__=1)|list %}{{ message[k[0]] }}",
    "dict-keys-method": "{{ message[dict(__init__=0).keys()|first] }}",
    # variables
    "set-variable": "{% set a = '__' %}{% set b = a ~ 'class' ~ a %}{{ message[b] }}",
    "set-block": "{% set n %}__class__{% endset %}{{ message[n] }}",
    "namespace-attribute": "{% set ns = namespace(a='__cla') %}{% set ns.a = ns.a ~ 'ss__' %}{{ message|attr(ns.a) }}",
    "namespace-char-loop": ("{% set ns = namespace(s='') %}{% for c in [95, 95, 99, 108, 97, 115, 115, 95, 95] %}"
                            "{% set ns.s = ns.s ~ '%c'|format(c) %}{% endfor %}{{ message|attr(ns.s) }}"),
    "macro-argument": "{% macro f(n) %}{{ message|attr(n) }}{% endmacro %}{{ f('__cla' ~ 'ss__') }}",
    "for-over-constants": "{% for n in ['__cla' ~ 'ss__'] %}{{ message|attr(n) }}{% endfor %}",
    "with-block": "{% with n = '_' * 2 ~ 'class' ~ '_' * 2 %}{{ message[n] }}{% endwith %}",
    "attr-name-unknown": "{% for k in message.keys() %}{{ message|attr(k) }}{% endfor %}",
    "map-attr": "{{ [message]|map('attr', '_' * 2 ~ 'class' ~ '_' * 2)|list }}",
    "selectattr-built": "{{ messages|selectattr(['__cla', 'ss__']|join)|list }}",
    # gadgets: Jinja globals walked toward function internals
    "loop-class": "{{ loop.__class__.__init__.__globals__ }}",
    "loop-attr-built": "{{ loop|attr('_' * 2 ~ 'class' ~ '_' * 2) }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "cycler-subscript-built": "{{ cycler['_' * 2 ~ 'init' ~ '_' * 2] }}",
    "joiner-globals": "{{ joiner.__init__.__globals__['os'].popen('id').read() }}",
    "namespace-globals": "{{ namespace.__init__.__globals__.os.popen('id').read() }}",
    "lipsum-globals-built": "{% set g = lipsum|attr(['__glo', 'bals__']|join) %}{{ g['o' ~ 's'].popen('id').read() }}",
    "range-subclasses": "{{ range|attr('__ba' ~ 'se__')|attr('__subcla' ~ 'sses__') }}",
    "dict-base": "{{ dict.__base__.__subclasses__() }}",
    "self-context": "{{ self._TemplateReference__context.cycler }}",
    "caller-func": "{% macro m() %}{{ caller._func }}{% endmacro %}{% call m() %}x{% endcall %}",
    "varargs-class": "{% macro m() %}{{ varargs|attr('_' * 2 ~ 'class' ~ '_' * 2) }}{% endmacro %}{{ m(1) }}",
    "repr-harvest": "{% set u = (()|select|string)[24] %}{{ message[u ~ u ~ 'class' ~ u ~ u] }}",
    "append-char-codes": ("{% set l = [] %}{% for c in [95, 95, 99, 108, 97, 115, 115, 95, 95] %}"
                          "{% do l.append('%c'|format(c)) %}{% endfor %}{{ message[l|join] }}"),
    "append-unknown-codes": ("{% set l = [] %}{% for c in message.codes %}{% do l.append('%c'|format(c)) %}"
                             "{% endfor %}{{ message[l|join] }}"),
    "extend-list": "{% set l = ['_', '_'] %}{% do l.extend(['init', '_', '_']) %}{{ message|attr(l|join) }}",
    "hex-escapes": "{{ message['\\x5f\\x5fclass\\x5f\\x5f'] }}",
    "unicode-escapes": "{{ message|attr('\\u005f\\u005finit\\u005f\\u005f') }}",
    "format-fill": "{{ message['{0:_^9}'.format('class')] }}",
    "str-center-fill": "{{ message['class'.center(9, '_')] }}",
    "filter-block-in-set": "{% set n %}{% filter lower %}__CLASS__{% endfilter %}{% endset %}{{ message[n] }}",
    "set-block-char-loop": ("{% set n %}{% for c in message.codes %}{{ '%c'|format(c) }}{% endfor %}{% endset %}"
                            "{{ message[n] }}"),
    "macro-output": "{% macro u() %}__{% endmacro %}{{ message[u() ~ 'class' ~ u()] }}",
    "macro-parameter-output": ("{% macro u(x, y='_') %}{{ y }}{{ x }}{{ y }}{% endmacro %}"
                               "{{ message[u('_class_')] }}"),
    "recursive-macro": ("{% macro r(n) %}{% if n > 0 %}{{ r(n - 1) }}_{% endif %}{% endmacro %}"
                        "{{ message[r(2) ~ 'class' ~ r(2)] }}"),
    "block-text": "{% block b %}__class__{% endblock %}{{ message[self.b()] }}",
    "caller-text": "{% macro m() %}{{ message[caller()] }}{% endmacro %}{% call m() %}__class__{% endcall %}",
    "frame-globals": "{{ (messages|attr('gi_frame')).f_globals }}",
}


def _scan(path: Path) -> Report:
    return scan_paths([str(path)])


def _json_string(tmp_path: Path, template: str) -> Path:
    path = tmp_path / "tokenizer_config.json"
    path.write_text(json.dumps({"bos_token": "<s>", "chat_template": template}))
    return path


def _json_named_last(tmp_path: Path, template: str) -> Path:
    """70 named templates (beyond any fixed prefix), the payload in the last; transformers keeps them all."""
    entries = [{"name": "default", "template": CHATML}]
    entries += [{"name": f"variant_{i}", "template": CHATML} for i in range(68)]
    entries.append({"name": "tool_use", "template": template})
    path = tmp_path / "tokenizer_config.json"
    path.write_text(json.dumps({"chat_template": entries}, indent=2))
    return path


def _json_bom_duplicate(tmp_path: Path, template: str) -> Path:
    """BOM, indentation, and the payload under a chat_template key that a later duplicate hides from json.loads."""
    body = f'{{\n  "chat_template": {json.dumps(template)},\n  "chat_template": {json.dumps(CHATML)}\n}}\n'
    path = tmp_path / "tokenizer_config.json"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    return path


def _json_mapping(tmp_path: Path, template: str) -> Path:
    path = tmp_path / "tokenizer_config.json"
    path.write_text(json.dumps({"chat_template": {"default": CHATML, "tool_use": template}}))
    return path


def _json_entry_duplicate(tmp_path: Path, template: str) -> Path:
    entry = f'{{"name": "tool_use", "template": {json.dumps(template)}, "template": {json.dumps(CHATML)}}}'
    path = tmp_path / "tokenizer_config.json"
    path.write_text(f'{{"chat_template": [{{"name": "default", "template": {json.dumps(CHATML)}}}, {entry}]}}')
    return path


def _jinja_file(tmp_path: Path, template: str) -> Path:
    path = tmp_path / "chat_template.jinja"
    path.write_text(template)
    return path


def _additional_jinja(tmp_path: Path, template: str) -> Path:
    folder = tmp_path / "additional_chat_templates"
    folder.mkdir()
    (tmp_path / "chat_template.jinja").write_text(CHATML)
    path = folder / "tool_use.jinja"
    path.write_text(template)
    return path


def _gguf_default(tmp_path: Path, template: str) -> Path:
    return write_gguf(tmp_path / "model.gguf", [("general.name", "m"), ("tokenizer.chat_template", template)])


def _gguf_named(tmp_path: Path, template: str) -> Path:
    templates = [{"name": "default", "template": CHATML}, {"name": "rag", "template": CHATML},
                 {"name": "tool_use", "template": template}]
    return write_gguf_templates(tmp_path / "model.gguf", templates)


CARRIERS = {"json": _json_string, "json-named-last": _json_named_last, "json-bom-duplicate": _json_bom_duplicate,
            "json-mapping": _json_mapping, "json-entry-duplicate": _json_entry_duplicate,
            "jinja-file": _jinja_file, "additional-jinja": _additional_jinja, "gguf": _gguf_default,
            "gguf-named": _gguf_named}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
@pytest.mark.parametrize("where", ["json", "jinja-file", "gguf-named"])
def test_render_time_names_and_gadgets_are_critical(tmp_path: Path, payload: str, where: str) -> None:
    report = _scan(CARRIERS[where](tmp_path, carrier(payload)))
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


CARRIER_PAYLOADS = ["percent-c-filter", "namespace-attribute", "cycler-globals", "dict-first"]


@pytest.mark.parametrize("payload", CARRIER_PAYLOADS)
@pytest.mark.parametrize("where", CARRIERS)
def test_every_named_template_is_checked(tmp_path: Path, payload: str, where: str) -> None:
    report = _scan(CARRIERS[where](tmp_path, carrier(PAYLOADS[payload])))
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


@pytest.mark.parametrize("name", BENIGN)
@pytest.mark.parametrize("where", CARRIERS)
def test_real_world_templates_stay_below_high(tmp_path: Path, name: str, where: str) -> None:
    report = _scan(CARRIERS[where](tmp_path, BENIGN[name]))
    assert report.scanned, "the template carrier was not recognised"
    severity = worst(report)
    assert severity is None or severity < Severity.HIGH, [f.message for f in report.findings]


@pytest.mark.parametrize("name", BENIGN)
def test_real_world_templates_are_recognised_as_template_files(tmp_path: Path, name: str) -> None:
    """Found by content even when the file does not start with a tag (so a payload cannot hide that way)."""
    report = _scan(_jinja_file(tmp_path, "\n" + BENIGN[name]))
    assert report.scanned == [str(tmp_path / "chat_template.jinja")]


PAYLOAD_ONLY = [
    "{ {{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "Prompt: {{ lipsum|attr(['__glo', 'bals__']|join) }}",
    "x {% set g = joiner|attr('%c%cinit%c%c'|format(95, 95, 95, 95)) %}{{ g }}",
]


@pytest.mark.parametrize("template", PAYLOAD_ONLY)
def test_template_files_without_chat_variables_are_still_analysed(tmp_path: Path, template: str) -> None:
    report = _scan(_jinja_file(tmp_path, template))
    assert "template.injection" in rules(report, Severity.CRITICAL)


PYTHON_SOURCE = '''"""Message formatting helpers."""

class Message:
    def __init__(self, role, content):
        self.role = role
        self.content = content

    def __repr__(self):
        return f"{{{self.role}}}: {self.content!r} ({self.__class__.__name__})"


def render(messages):
    out = []
    for message in messages:
        out.append("{{%s}}" % message.content.__class__.__name__)
        out.append(f"{{{{ message }}}} {message.__dict__}")
    return "{%" + "".join(out) + "%}"
'''

CHANGELOG = """# Changelog

## 3.2.0
- `{{ message }}` placeholders now render `message.__class__` names; `{% for m in messages %}` loops keep order.
- Fixed `__init__` of `Template` when `{{` appears in a message body.
- Sandbox: `{{ ''.__class__.__mro__ }}` is now refused with SecurityError.
"""


PROMPT_TEXT = carrier("{{ '<tools>Python tools may call exec(code) or os.system(cmd); never __import__.</tools>' }}")


def test_prompt_text_about_code_is_not_code(tmp_path: Path) -> None:
    report = _scan(_jinja_file(tmp_path, PROMPT_TEXT))
    assert report.scanned and not rules(report, Severity.HIGH), [f.message for f in report.findings]


@pytest.mark.parametrize(("name", "text"), [("helpers.py", PYTHON_SOURCE), ("CHANGELOG.md", CHANGELOG)])
def test_sources_and_documents_with_braces_are_not_templates(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    report = _scan(path)
    assert not rules(report, Severity.HIGH), [f.message for f in report.findings]


def test_a_template_whose_ninth_byte_is_a_brace_is_still_a_template(tmp_path: Path) -> None:
    """'Prompt: {' also reads as a safetensors header length followed by '{': both are checked."""
    report = _scan(_jinja_file(tmp_path, "Prompt: {{ message['_' * 2 ~ 'class' ~ '_' * 2] }}"))
    assert "template.injection" in rules(report, Severity.CRITICAL)


DEEP = {
    "subscript-chain": carrier("{{ message" + "['content']" * 4000 + " }}"),
    "parentheses": carrier("{{ " + "(" * 3000 + "message" + ")" * 3000 + " }}"),
    "filter-chain": carrier("{{ message" + "|string" * 4000 + " }}"),
}


@pytest.mark.parametrize("template", DEEP.values(), ids=DEEP.keys())
@pytest.mark.parametrize("where", ["json", "gguf"])
def test_templates_beyond_the_analysis_bounds_are_a_scan_limit(tmp_path: Path, template: str, where: str) -> None:
    report = _scan(CARRIERS[where](tmp_path, template))
    assert "scan.limit" in rules(report, Severity.HIGH), [f.message for f in report.findings]


# Names the constant evaluator cannot resolve (unmodelled filters and methods, loops past its bound, tokens the model
# file provides) used at a name position, and renderer globals wrapped before they are indexed. Each key form is
# checked twice: as the whole gadget chain that runs a command under a plain jinja2.Environment (verified below with
# a harmless canary), and alone on a message object, where only the unresolved-name rule can catch it.
KEY_FORMS = {
    # modelled now: resolved exactly, then matched
    "indent": "'{n}'|indent",
    "striptags": "'{n}'|striptags",
    "wordwrap": "'{n}'|wordwrap(99)",
    "truncate": "'{n}'|truncate(99)",
    "urlencode": "'{n}'|urlencode",
    "min-of-list": "['{n}']|min",
    "max-of-list": "['{n}', '']|max",
    "dictsort": "({{'k': '{n}'}}|dictsort)[0][1]",
    "encode-decode": "'{n}'.encode().decode()",
    "tojson-slice": "('{n}'|tojson)[1:-1]",
    "slice-filter": "(['{n}']|slice(1)|first|first)",
    "sum-of-lists": "([['{n}']]|sum(start=[]))|first",
    "list-index-of-min": "[['{n}']|min][0]",
    # filter and test arguments are data: map('replace', ...) turns every item into the name
    "map-replace-max": "range(1)|map('replace','0','{n}')|max",
    "map-replace-first": "range(1)|map('replace','0','{n}')|first",
    "select-argument": "['{n}']|select('ne','x')|first",
    "reject-argument": "['{n}']|reject('eq','x')|first",
    # not modelled: caught because the key carries underscores
    "partition": "'{n}x'.partition('x')[0]",
    "translate": "'{n}'.translate({{}})",
    "map-trim": "(['{n} ']|map('trim')|first)",
    "reject-none": "(['{n}']|reject('none')|first)",
    "random": "['{n}']|random",
    "select-string-last": "(['{n}']|select('string')|list|last)",
    "groupby-grouper": "((['{n}']|groupby(0))|first)[1]|first",
    "format-map-method": "'{{a}}'.format_map({{'a': '{n}'}})",
    "expandtabs": "'{n}'.expandtabs()",
    "range-loop-namespace": "NS",
    "long-range-loop": "LONG",
}


def _key(form: str, name: str) -> tuple[str, str]:
    """(statements that prepare the key, the key expression)."""
    codes = ", ".join(str(ord(c)) for c in name)
    if form == "range-loop-namespace":  # built one character per iteration inside a 70-step loop
        prep = ("{% set ns = namespace(s='') %}{% for k in range(70) %}{% if k < " + str(len(name)) + " %}"
                "{% set ns.s = ns.s ~ '%c'|format([" + codes + "][k]) %}{% endif %}{% endfor %}")
        return prep, "ns.s"
    if form == "long-range-loop":  # past any loop bound
        prep = ("{% set ns = namespace(s='') %}{% for k in range(300) %}{% if k < " + str(len(name)) + " %}"
                "{% set ns.s = ns.s ~ '%c'|format([" + codes + "][k]) %}{% endif %}{% endfor %}")
        return prep, "ns.s"
    return "", KEY_FORMS[form].format(n=name)


def _gadget_chain(form: str, command: str) -> str:
    prep_init, init = _key(form, "__init__")
    prep_globals, globals_ = _key(form, "__globals__")
    prep_globals = prep_globals.replace("ns ", "ns2 ").replace("ns.", "ns2.")
    globals_ = globals_.replace("ns.", "ns2.")
    return (prep_init + prep_globals + "{% set o = ([cycler]|first)[" + init + "][" + globals_ + "]['os'] %}"
            "{{ o['po' ~ 'pen']('" + command + "')['read']() }}")


# Tokens the model file provides (GGUF vocabulary, tokenizer_config special tokens) carry the names.
FILE_TOKENS = {"bos_token": "__init__|__globals__", "eos_token": "<__init__><__globals__>",
               "additional_special_tokens": ["<x>", "__init__", "__globals__"], "unk_token": "<unk:__init__>"}
FILE_KEYS = {
    "bos-split": ("bos_token.split('|')[0]", "bos_token.split('|')[1]"),
    "eos-slice": ("eos_token[1:9]", "eos_token[11:22]"),
    "additional-tokens": ("additional_special_tokens[1]", "additional_special_tokens[2]"),
    "set-alias-of-token": ("{% set t = {'a': unk_token} %}(t['a']|replace('<unk:', '')|replace('>', ''))",
                           "bos_token.split('|')|last"),
    "token-in-macro": ("{% macro k(t) %}{{ t[1:9] }}{% endmacro %}k(eos_token)", "eos_token[11:22]"),
}


def _file_chain(form: str, command: str) -> str:
    init, globals_ = FILE_KEYS[form]
    prep = ""
    if init.startswith("{%"):
        prep, init = init[: init.rindex("%}") + 2], init[init.rindex("%}") + 2 :]
    return (prep + "{% set o = ([joiner]|first)[" + init + "][" + globals_ + "]['os'] %}"
            "{{ o['popen']('" + command + "')['read']() }}")


# Renderer globals wrapped before they are indexed: lists, tuples, dict literals, filters, set aliases, macro args.
GADGET_OBJECTS = {
    "list-first": "([cycler]|first)",
    "tuple-last": "((joiner,)|last)",
    "dict-literal": "({'a': namespace}['a'])",
    "list-filter": "([cycler]|list|first)",
    "max-of-one": "([joiner]|max)",
    "random-of-one": "([namespace]|random)",
    "batch": "([cycler]|batch(1)|first|first)",
    "sort": "([joiner]|sort|first)",
    "set-alias": "ALIAS",
    "macro-argument": "MACRO",
    "lipsum-wrapped": "LIPSUM",
}


def _gadget_object_chain(form: str, key: str, command: str | None) -> str:
    tail = "['__init__']['__globals__']['os']"
    run = "{{ o['popen']('" + (command or "true") + "')['read']() }}"
    if command is None:  # only the object is unusual: the key is one a message chooses
        tail, run = "[message['role']]", "{{ o }}"
    if form == "set-alias":
        return "{% set c = [cycler] %}{% set d = c|first %}{% set o = d" + tail + " %}" + run
    if form == "macro-argument":
        return ("{% macro walk(obj) %}{% set o = obj" + tail + " %}" + run + "{% endmacro %}{{ walk(joiner) }}")
    if form == "lipsum-wrapped":
        tail = "['__globals__']['os']" if command else tail
        return "{% set o = ([lipsum]|first)" + tail + " %}" + run
    return "{% set o = " + GADGET_OBJECTS[form] + tail + " %}" + run


def _render_plain(template: str, **variables: object) -> str:
    """Test-time proof that a variant runs code under an unsandboxed renderer (never done by the scanner)."""
    import jinja2

    messages = [{"role": "user", "content": "hi"}]
    return jinja2.Environment().from_string(template).render(messages=messages, **variables)


@pytest.mark.parametrize("form", KEY_FORMS)
def test_unresolved_key_forms_run_code_and_are_critical(tmp_path: Path, form: str) -> None:
    canary = tmp_path / "ran"
    template = carrier(_gadget_chain(form, f"touch {canary}"))
    _render_plain(template)
    assert canary.exists(), "the variant does not run code under a plain jinja2 renderer"
    report = _scan(_json_string(tmp_path, template))
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


@pytest.mark.parametrize("form", KEY_FORMS)
def test_unresolved_keys_are_critical_on_any_object(tmp_path: Path, form: str) -> None:
    prep, key = _key(form, "__class__")
    report = _scan(_jinja_file(tmp_path, carrier(prep + "{{ message[" + key + "] }}")))
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


@pytest.mark.parametrize("form", FILE_KEYS)
def test_keys_from_file_tokens_run_code_and_are_critical(tmp_path: Path, form: str) -> None:
    canary = tmp_path / "ran"
    template = carrier(_file_chain(form, f"touch {canary}"))
    _render_plain(template, **FILE_TOKENS)
    assert canary.exists(), "the variant does not run code under a plain jinja2 renderer"
    for where in ("json", "gguf"):
        folder = tmp_path / where
        folder.mkdir()
        report = _scan(CARRIERS[where](folder, template))
        assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


@pytest.mark.parametrize("form", FILE_KEYS)
def test_file_token_keys_are_critical_on_any_object(tmp_path: Path, form: str) -> None:
    init, _ = FILE_KEYS[form]
    prep = ""
    if init.startswith("{%"):
        prep, init = init[: init.rindex("%}") + 2], init[init.rindex("%}") + 2 :]
    report = _scan(_jinja_file(tmp_path, carrier(prep + "{{ message[" + init + "] }}")))
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


@pytest.mark.parametrize("form", GADGET_OBJECTS)
def test_wrapped_globals_run_code_and_are_critical(tmp_path: Path, form: str) -> None:
    canary = tmp_path / "ran"
    template = carrier(_gadget_object_chain(form, "", f"touch {canary}"))
    _render_plain(template)
    assert canary.exists(), "the variant does not run code under a plain jinja2 renderer"
    report = _scan(_gguf_named(tmp_path, template))
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


@pytest.mark.parametrize("form", GADGET_OBJECTS)
def test_indexing_a_wrapped_global_is_critical_whatever_the_key(tmp_path: Path, form: str) -> None:
    report = _scan(_jinja_file(tmp_path, carrier(_gadget_object_chain(form, "", None))))
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


@pytest.mark.parametrize("name", INDEXING)
@pytest.mark.parametrize("where", ["json", "jinja-file", "gguf-named"])
def test_keys_chosen_by_the_conversation_stay_below_high(tmp_path: Path, name: str, where: str) -> None:
    report = _scan(CARRIERS[where](tmp_path, INDEXING[name]))
    assert report.scanned, "the template carrier was not recognised"
    severity = worst(report)
    assert severity is None or severity < Severity.HIGH, [f.message for f in report.findings]


LONG_LOOPS = {
    "range-300": "{% for k in range(300) %}{{ k }}{% endfor %}",
    "nested-constant-loops": ("{% set xs = [" + ", ".join(["1"] * 100) + "] %}"
                              "{% for a in xs %}{% for b in xs %}{{ a + b }}{% endfor %}{% endfor %}"),
}


@pytest.mark.parametrize("loop", LONG_LOOPS.values(), ids=LONG_LOOPS.keys())
def test_loops_past_the_evaluator_bound_are_a_scan_limit(tmp_path: Path, loop: str) -> None:
    report = _scan(_jinja_file(tmp_path, loop + CHATML))
    assert "scan.limit" in rules(report, Severity.HIGH), [f.message for f in report.findings]


# Keys whose constant pieces carry no underscore, mixed with a message field so that they look chosen by the
# conversation: character codes computed with arithmetic through a format string built at render time, and
# characters picked out of an object's text.
CONTAMINATED = {
    "percent-built-format": ("{% set u = ('%' ~ 'c' ~ message.role[:0]) % (94 + 1) %}", "u ~ u ~ 'cla' ~ 'ss' ~ u ~ u"),
    "format-filter-built": ("{% set u = ('%' ~ 'c' ~ message.role[:0])|format(94 + 1) %}",
                            "u ~ u ~ 'cla' ~ 'ss' ~ u ~ u"),
    "str-format-built": ("{% set u = ('{:' ~ 'c}' ~ message.role[:0]).format(94 + 1) %}",
                         "u ~ u ~ 'cla' ~ 'ss' ~ u ~ u"),
    "generator-text-computed-index": ("{% set u = (()|select|string)[20 + 4] %}", "u ~ u ~ 'cla' ~ 'ss' ~ u ~ u"),
    "message-generator-text": ("{% set t = (messages|select) ~ message.role[:0] %}{% set u = t[24] %}",
                               "u ~ u ~ 'cla' ~ 'ss' ~ u ~ u"),
}


@pytest.mark.parametrize("form", CONTAMINATED)
def test_names_built_without_underscore_constants_are_critical(tmp_path: Path, form: str) -> None:
    prep, key = CONTAMINATED[form]
    probe = "{% for message in messages %}" + prep + "{{ " + key + " }}{% endfor %}"
    assert _render_plain(probe) == "__class__", "the variant does not build the name under a plain renderer"
    report = _scan(_jinja_file(tmp_path, carrier(prep + "{{ message[" + key + "] }}")))
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]


_REPLACED = "{% set gl = range(1)|map('replace','0','__globals__')|max %}" \
            "{% set b = range(1)|map('replace','0','__builtins__')|max %}" \
            "{% set i = range(1)|map('replace','0','__import__')|max %}"
LOOP_METHODS = {
    "cycle": _REPLACED + "{% for m in messages %}{% set o = loop.cycle[gl][b][i]('os') %}"
             "{{ o['popen']('CMD')['read']() }}{% endfor %}",
    "changed": _REPLACED + "{% for m in messages %}{% set o = loop.changed[gl][b][i]('os') %}"
               "{{ o['popen']('CMD')['read']() }}{% endfor %}",
}


@pytest.mark.parametrize("form", LOOP_METHODS)
def test_subscripts_on_loop_methods_run_code_and_are_critical(tmp_path: Path, form: str) -> None:
    # loop.cycle and loop.changed are bound methods: a subscript falls back to getattr and reaches __globals__
    canary = tmp_path / "ran"
    template = carrier(LOOP_METHODS[form].replace("CMD", f"touch {canary}"))
    _render_plain(template)
    assert canary.exists(), "the variant does not run code under a plain jinja2 renderer"
    report = _scan(_json_string(tmp_path, template))
    assert "template.injection" in rules(report, Severity.CRITICAL), [f.message for f in report.findings]
