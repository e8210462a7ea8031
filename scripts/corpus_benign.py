"""Generate the benign corpus: realistic model files written by the real ML libraries.

Every file is a hard negative for the static model-file scanner: it is produced by the
library that normally produces that format (torch, numpy, scikit-learn, joblib, skops,
dill, cloudpickle, onnx, gguf, keras, h5py, safetensors, pandas, omegaconf, transformers,
statsmodels, gensim, scipy, spacy) from tiny seeded models, and it contains nothing but
ordinary weights, metadata and real chat templates of popular models. The scanner must not
report any of them as high or critical.

Usage::

    python scripts/corpus_benign.py --out tests/corpus

writes ``tests/corpus/benign/`` (replaced on every run) and
``tests/corpus/manifest-benign.json``. Each case is one builder function listed in
``CASES``; a builder writes one file or one folder and returns its manifest entries.
Files produced here are only written, never unpickled.

Randomness is seeded and ``time.time``/``time.localtime`` are pinned while a builder runs,
so zip and gzip headers written by the libraries carry a fixed timestamp. A few outputs
still differ between runs because the library offers no control: legacy ``torch.save``
(storage keys), ``torch.jit.script`` (random ``serialization_id``, attribute order), skops
(member names from object ids), safetensors with several ``__metadata__`` keys (hash-map
order), Keras ``.keras`` (``date_saved`` and the weights member's mtime), gensim (vectors
seeded through ``hash()``, ``lifecycle_events`` with ``datetime.now()``) and the spaCy pickle
(string-hash order unless ``PYTHONHASHSEED`` is fixed).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import pickle
import platform
import random
import shutil
import sys
import tarfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple
from unittest import mock

if TYPE_CHECKING:
    import numpy as np
    import torch

SEED = 20240601
FIXED_EPOCH = 1_717_200_000  # 2024-06-01T00:00:00Z
ZIP_DATE = (2024, 6, 1, 0, 0, 0)
MAX_FILE_BYTES = 1_500_000
MAX_TOTAL_BYTES = 10_000_000


@dataclass(frozen=True)
class Entry:
    """One manifest row."""

    path: Path
    format: str
    made_by: str
    note: str


Builder = Callable[[Path], list[Entry]]


class Case(NamedTuple):
    """A corpus case: the file or folder name under ``benign/`` and the builder writing it."""

    name: str
    build: Builder


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _made_by(dist: str, api: str) -> str:
    return f"{dist} {metadata.version(dist)} {api}"


def _python(api: str) -> str:
    return f"python {platform.python_version()} {api}"


@contextlib.contextmanager
def _pinned_clock() -> Iterator[None]:
    """Pin the clock read by zipfile and gzip so archive headers get FIXED_EPOCH."""
    with (
        mock.patch("time.time", return_value=float(FIXED_EPOCH)),
        mock.patch("time.localtime", time.gmtime),
    ):
        yield


def _seed_everything() -> None:
    import numpy as np
    import torch

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)


def _rng() -> np.random.Generator:
    import numpy as np

    return np.random.default_rng(SEED)


def _keras() -> ModuleType:
    os.environ["KERAS_BACKEND"] = "torch"
    import keras

    keras.utils.set_random_seed(SEED)
    return keras


def _keras_made_by(api: str) -> str:
    return f"keras {metadata.version('keras')} (torch backend {metadata.version('torch')}) {api}"


def _mlp() -> torch.nn.Sequential:
    import torch

    torch.manual_seed(SEED)
    return torch.nn.Sequential(
        torch.nn.Linear(16, 32),
        torch.nn.LayerNorm(32),
        torch.nn.ReLU(),
        torch.nn.Dropout(0.1),
        torch.nn.Linear(32, 4),
    )


def _small_cnn() -> torch.nn.Sequential:
    import torch

    torch.manual_seed(SEED)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, kernel_size=3, padding=1),
        torch.nn.BatchNorm2d(4),
        torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1),
        torch.nn.Flatten(),
        torch.nn.Linear(4, 3),
    )


def _classification_data() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_classification

    x, y = make_classification(n_samples=80, n_features=8, n_informative=4, n_classes=3, random_state=SEED)
    return x, y


def _sklearn_pipeline() -> Any:
    from sklearn.decomposition import PCA
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    x, y = _classification_data()
    pipe = Pipeline(
        [
            ("scaler", StandardScaler()),
            ("pca", PCA(n_components=3, random_state=SEED)),
            ("svc", SVC(kernel="rbf", C=1.0, random_state=SEED)),
        ]
    )
    return pipe.fit(x, y)


def _plain_data() -> dict[str, Any]:
    rng = _rng()
    return {
        "vocab": ["<pad>", "<unk>", "the", "model", "weights", "tensor"],
        "embeddings": rng.normal(size=(6, 4)).astype("float32"),
        "label_ids": [0, 2, 1, 1, 0],
        "config": {"hidden": 4, "dropout": 0.1, "tied": True, "name": "tiny-encoder"},
        "history": {"loss": [1.21, 0.93, 0.71], "val_acc": [0.52, 0.61, 0.66]},
        "shape": (6, 4),
    }


def _qwen2_tensors() -> dict[str, torch.Tensor]:
    """Tiny Qwen2ForCausalLM weights with the real parameter names (hidden 16, 1 layer)."""
    import torch

    gen = torch.Generator().manual_seed(SEED)
    hidden, inter, vocab, kv = 16, 32, 64, 8

    def w(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=gen) * 0.02

    prefix = "model.layers.0"
    return {
        "model.embed_tokens.weight": w(vocab, hidden),
        f"{prefix}.input_layernorm.weight": torch.ones(hidden),
        f"{prefix}.self_attn.q_proj.weight": w(hidden, hidden),
        f"{prefix}.self_attn.q_proj.bias": torch.zeros(hidden),
        f"{prefix}.self_attn.k_proj.weight": w(kv, hidden),
        f"{prefix}.self_attn.k_proj.bias": torch.zeros(kv),
        f"{prefix}.self_attn.v_proj.weight": w(kv, hidden),
        f"{prefix}.self_attn.v_proj.bias": torch.zeros(kv),
        f"{prefix}.self_attn.o_proj.weight": w(hidden, hidden),
        f"{prefix}.post_attention_layernorm.weight": torch.ones(hidden),
        f"{prefix}.mlp.gate_proj.weight": w(inter, hidden),
        f"{prefix}.mlp.up_proj.weight": w(inter, hidden),
        f"{prefix}.mlp.down_proj.weight": w(hidden, inter),
        "model.norm.weight": torch.ones(hidden),
    }


def _zip_info(name: str, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16
    return info


def _write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Real chat templates (tokenizer_config.json "chat_template" / GGUF tokenizer.chat_template)
# ---------------------------------------------------------------------------

QWEN25_TEMPLATE = r"""{%- if tools %}
    {{- '<|im_start|>system\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
    {%- for tool in tools %}
        {{- "\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
    {%- else %}
        {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\n<tool_call>\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\n<tool_response>\n' }}
        {{- message.content }}
        {{- '\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
{%- endif %}
"""  # noqa: E501

QWEN3_TEMPLATE = r"""{%- if tools %}
    {{- '<|im_start|>system\n' }}
    {%- if messages[0].role == 'system' %}
        {{- messages[0].content + '\n\n' }}
    {%- endif %}
    {{- "# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
    {%- for tool in tools %}
        {{- "\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" }}
{%- else %}
    {%- if messages[0].role == 'system' %}
        {{- '<|im_start|>system\n' + messages[0].content + '<|im_end|>\n' }}
    {%- endif %}
{%- endif %}
{%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}
{%- for message in messages[::-1] %}
    {%- set index = (messages|length - 1) - loop.index0 %}
    {%- if ns.multi_step_tool and message.role == "user" and not(message.content.startswith('<tool_response>') and message.content.endswith('</tool_response>')) %}
        {%- set ns.multi_step_tool = false %}
        {%- set ns.last_query_index = index %}
    {%- endif %}
{%- endfor %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) %}
        {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
    {%- elif message.role == "assistant" %}
        {%- set content = message.content %}
        {%- set reasoning_content = '' %}
        {%- if message.reasoning_content is defined and message.reasoning_content is not none %}
            {%- set reasoning_content = message.reasoning_content %}
        {%- else %}
            {%- if '</think>' in message.content %}
                {%- set content = message.content.split('</think>')[-1].lstrip('\n') %}
                {%- set reasoning_content = message.content.split('</think>')[0].rstrip('\n').split('<think>')[-1].lstrip('\n') %}
            {%- endif %}
        {%- endif %}
        {%- if loop.index0 > ns.last_query_index %}
            {%- if loop.last or (not loop.last and reasoning_content) %}
                {{- '<|im_start|>' + message.role + '\n<think>\n' + reasoning_content.strip('\n') + '\n</think>\n\n' + content.lstrip('\n') }}
            {%- else %}
                {{- '<|im_start|>' + message.role + '\n' + content }}
            {%- endif %}
        {%- else %}
            {{- '<|im_start|>' + message.role + '\n' + content }}
        {%- endif %}
        {%- if message.tool_calls %}
            {%- for tool_call in message.tool_calls %}
                {%- if (loop.first and content) or (not loop.first) %}
                    {{- '\n' }}
                {%- endif %}
                {%- if tool_call.function %}
                    {%- set tool_call = tool_call.function %}
                {%- endif %}
                {{- '<tool_call>\n{"name": "' }}
                {{- tool_call.name }}
                {{- '", "arguments": ' }}
                {%- if tool_call.arguments is string %}
                    {{- tool_call.arguments }}
                {%- else %}
                    {{- tool_call.arguments | tojson }}
                {%- endif %}
                {{- '}\n</tool_call>' }}
            {%- endfor %}
        {%- endif %}
        {{- '<|im_end|>\n' }}
    {%- elif message.role == "tool" %}
        {%- if loop.first or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\n<tool_response>\n' }}
        {{- message.content }}
        {{- '\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
    {%- if enable_thinking is defined and enable_thinking is false %}
        {{- '<think>\n\n</think>\n\n' }}
    {%- endif %}
{%- endif %}"""  # noqa: E501

LLAMA31_TEMPLATE = r"""{{- bos_token }}
{%- if custom_tools is defined %}
    {%- set tools = custom_tools %}
{%- endif %}
{%- if not tools_in_user_message is defined %}
    {%- set tools_in_user_message = true %}
{%- endif %}
{%- if not date_string is defined %}
    {%- set date_string = "26 Jul 2024" %}
{%- endif %}
{%- if not tools is defined %}
    {%- set tools = none %}
{%- endif %}

{#- This block extracts the system message, so we can slot it into the right place. #}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}

{#- System message + builtin tools #}
{{- "<|start_header_id|>system<|end_header_id|>\n\n" }}
{%- if builtin_tools is defined or tools is not none %}
    {{- "Environment: ipython\n" }}
{%- endif %}
{%- if builtin_tools is defined %}
    {{- "Tools: " + builtin_tools | reject('equalto', 'code_interpreter') | join(", ") + "\n\n"}}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\n" }}
{{- "Today Date: " + date_string + "\n\n" }}
{%- if tools is not none and not tools_in_user_message %}
    {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
{%- endif %}
{{- system_message }}
{{- "<|eot_id|>" }}

{#- Custom tools are passed in a user message with some extra guidance #}
{%- if tools_in_user_message and not tools is none %}
    {#- Extract the first user message so we can plug it in here #}
    {%- if messages | length != 0 %}
        {%- set first_user_message = messages[0]['content']|trim %}
        {%- set messages = messages[1:] %}
    {%- else %}
        {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
{%- endif %}
    {{- '<|start_header_id|>user<|end_header_id|>\n\n' -}}
    {{- "Given the following functions, please respond with a JSON for a function call " }}
    {{- "with its proper arguments that best answers the given prompt.\n\n" }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
    {{- first_user_message + "<|eot_id|>"}}
{%- endif %}

{%- for message in messages %}
    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' }}
    {%- elif 'tool_calls' in message %}
        {%- if not message.tool_calls|length == 1 %}
            {{- raise_exception("This model only supports single tool-calls at once!") }}
        {%- endif %}
        {%- set tool_call = message.tool_calls[0].function %}
        {%- if builtin_tools is defined and tool_call.name in builtin_tools %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
            {{- "<|python_tag|>" + tool_call.name + ".call(" }}
            {%- for arg_name, arg_val in tool_call.arguments | items %}
                {{- arg_name + '="' + arg_val + '"' }}
                {%- if not loop.last %}
                    {{- ", " }}
                {%- endif %}
                {%- endfor %}
            {{- ")" }}
        {%- else  %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
            {{- '{"name": "' + tool_call.name + '", ' }}
            {{- '"parameters": ' }}
            {{- tool_call.arguments | tojson }}
            {{- "}" }}
        {%- endif %}
        {%- if builtin_tools is defined %}
            {#- This means we're in ipython mode #}
            {{- "<|eom_id|>" }}
        {%- else %}
            {{- "<|eot_id|>" }}
        {%- endif %}
    {%- elif message.role == "tool" or message.role == "ipython" %}
        {{- "<|start_header_id|>ipython<|end_header_id|>\n\n" }}
        {%- if message.content is mapping or message.content is iterable %}
            {{- message.content | tojson }}
        {%- else %}
            {{- message.content }}
        {%- endif %}
        {{- "<|eot_id|>" }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
{%- endif %}
"""  # noqa: E501

MISTRAL_TEMPLATE = r"""{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content'] %}
    {%- set loop_messages = messages[1:] %}
{%- else %}
    {%- set loop_messages = messages %}
{%- endif %}

{{- bos_token }}
{%- for message in loop_messages %}
    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
        {{- raise_exception('After the optional system message, conversation roles must alternate user/assistant/user/assistant/...') }}
    {%- endif %}
    {%- if message['role'] == 'user' %}
        {%- if loop.first and system_message is defined %}
            {{- ' [INST] ' + system_message + '\n\n' + message['content'] + ' [/INST]' }}
        {%- else %}
            {{- ' [INST] ' + message['content'] + ' [/INST]' }}
        {%- endif %}
    {%- elif message['role'] == 'assistant' %}
        {{- ' ' + message['content'] + eos_token}}
    {%- else %}
        {{- raise_exception('Only user and assistant roles are supported, with the exception of an initial optional system message!') }}
    {%- endif %}
{%- endfor %}
"""  # noqa: E501

GEMMA_TEMPLATE = (
    r"{{ bos_token }}{% if messages[0]['role'] == 'system' %}"
    r"{{ raise_exception('System role not supported') }}{% endif %}"
    r"{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    r"{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
    r"{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}"
    r"{% else %}{% set role = message['role'] %}{% endif %}"
    r"{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}"
    r"{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}"
)

PHI3_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') %}"
    "{{'<|user|>' + '\n' + message['content'] + '<|end|>' + '\n' + '<|assistant|>' + '\n'}}"
    "{% elif (message['role'] == 'assistant') %}{{message['content'] + '<|end|>' + '\n'}}"
    "{% endif %}{% endfor %}"
)

DEEPSEEK_R1_DISTILL_TEMPLATE = r"""{% if not add_generation_prompt is defined -%}
  {%- set add_generation_prompt = false -%}
{%- endif -%}
{%- set ns = namespace(is_first=false, is_tool=false, is_output_first=true, system_prompt='') -%}
{%- for message in messages -%}
  {%- if message['role'] == 'system' -%}
    {%- set ns.system_prompt = message['content'] -%}
  {%- endif -%}
{%- endfor -%}{{bos_token}}{{ns.system_prompt}}
{%- for message in messages -%}
  {%- if message['role'] == 'user' -%}
    {%- set ns.is_tool = false -%}{{'<｜User｜>' + message['content']}}
  {%- endif -%}
  {%- if message['role'] == 'assistant' and message['tool_calls'] -%}
    {%- set ns.is_tool = false -%}
    {%- for tool in message['tool_calls']-%}
      {%- if not ns.is_first -%}
        {{'<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\n' + '```json' + '\n' + tool['function']['arguments'] + '\n' + '```' + '<｜tool▁call▁end｜>'}}
        {%- set ns.is_first = true -%}
      {%- else -%}
        {{'\n' + '<｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\n' + '```json' + '\n' + tool['function']['arguments'] + '\n' + '```' + '<｜tool▁call▁end｜>'}}
      {%- endif -%}
    {%- endfor -%}
    {{'<｜tool▁calls▁end｜><｜end▁of▁sentence｜>'}}
  {%- endif -%}
  {%- if message['role'] == 'assistant' and message['content'] is not none -%}
    {%- if ns.is_tool -%}{{'<｜tool▁outputs▁end｜>' + message['content'] + '<｜end▁of▁sentence｜>'}}
      {%- set ns.is_tool = false -%}
    {%- else -%}
      {%- set content = message['content'] -%}
      {%- if '</think>' in content -%}
        {%- set content = content.split('</think>')[-1] -%}
      {%- endif -%}{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}
    {%- endif -%}
  {%- endif -%}
  {%- if message['role'] == 'tool' -%}
    {%- set ns.is_tool = true -%}
    {%- if ns.is_output_first -%}{{'<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}
      {%- set ns.is_output_first = false -%}
      {%- else -%}{{'\n<｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}
    {%- endif -%}
  {%- endif -%}
{%- endfor -%}
{%- if ns.is_tool -%}{{'<｜tool▁outputs▁end｜>'}}
{%- endif -%}
{%- if add_generation_prompt and not ns.is_tool -%}{{'<｜Assistant｜><think>\n'}}
{%- endif %}"""  # noqa: E501

DEEPSEEK_CODER_TEMPLATE = r"""{% if not add_generation_prompt is defined %}
{% set add_generation_prompt = false %}
{% endif %}
{%- set ns = namespace(found=false) -%}
{%- for message in messages -%}
    {%- if message['role'] == 'system' -%}
        {%- set ns.found = true -%}
    {%- endif -%}
{%- endfor -%}
{{bos_token}}{%- if not ns.found -%}
{{'You are an AI programming assistant, utilizing the Deepseek Coder model, developed by Deepseek Company, and you only answer questions related to computer science. For politically sensitive questions, security and privacy issues, and other non-computer science questions, you will refuse to answer\n'}}
{%- endif %}
{%- for message in messages %}
    {%- if message['role'] == 'system' %}
{{ message['content'] }}
    {%- else %}
        {%- if message['role'] == 'user' %}
{{'### Instruction:\n' + message['content'] + '\n'}}
        {%- else %}
{{'### Response:\n' + message['content'] + '\n<|EOT|>\n'}}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{% if add_generation_prompt %}
{{'### Response:'}}
{% endif %}"""  # noqa: E501


# ---------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------


def torch_state_dict(path: Path) -> list[Entry]:
    import torch

    model = _small_cnn()
    torch.save(model.state_dict(), path)
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "state_dict of a Conv2d+BatchNorm2d+Linear net (includes int64 num_batches_tracked buffer)",
        )
    ]


def torch_legacy_state_dict(path: Path) -> list[Entry]:
    import torch

    torch.save(_mlp().state_dict(), path, _use_new_zipfile_serialization=False)
    return [
        Entry(
            path,
            "pytorch-legacy",
            _made_by("torch", "torch.save(_use_new_zipfile_serialization=False)"),
            "pre-1.6 non-zip format: magic/protocol/sys_info/data pickles then raw storages; keys vary per run",
        )
    ]


def torch_training_checkpoint(path: Path) -> list[Entry]:
    import torch

    model = _mlp()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    x = torch.randn(8, 16)
    y = torch.randint(0, 4, (8,))
    loss = torch.tensor(0.0)
    for _ in range(3):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        scheduler.step()
    torch.save(
        {
            "epoch": 3,
            "model_state_dict": model.state_dict(),
            "optimizer_state_dict": optimizer.state_dict(),
            "scheduler_state_dict": scheduler.state_dict(),
            "loss": float(loss.item()),
            "best_val_acc": 0.8125,
            "config": {"lr": 1e-3, "batch_size": 8, "arch": "mlp-16-32-4"},
        },
        path,
    )
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "training checkpoint: model + Adam state (exp_avg/exp_avg_sq/step) + StepLR state + epoch/loss",
        )
    ]


def torch_checkpoint_argparse_hparams(path: Path) -> list[Entry]:
    import torch

    model = _mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    hparams = argparse.Namespace(
        arch="mlp",
        lr=0.01,
        momentum=0.9,
        batch_size=32,
        max_epochs=10,
        seed=SEED,
        data_dir="data/",
        gpus=0,
    )
    torch.save(
        {
            "epoch": 9,
            "global_step": 320,
            "pytorch-lightning_version": "1.2.10",
            "state_dict": {f"model.{k}": v for k, v in model.state_dict().items()},
            "callbacks": {},
            "optimizer_states": [optimizer.state_dict()],
            "lr_schedulers": [],
            "hparams_name": "hparams",
            "hyper_parameters": hparams,
        },
        path,
    )
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "Lightning-1.x-style checkpoint whose hyper_parameters is an argparse.Namespace",
        )
    ]


def torch_full_module(path: Path) -> list[Entry]:
    import torch

    torch.save(_mlp(), path)
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save(nn.Module)"),
            "whole nn.Sequential pickled: torch.nn classes by reference, _rebuild_parameter, __builtin__.set",
        )
    ]


def torchscript_scripted(path: Path) -> list[Entry]:
    import torch

    torch.jit.script(_mlp().eval()).save(str(path))
    return [
        Entry(
            path,
            "torchscript",
            _made_by("torch", "torch.jit.script(...).save"),
            "TorchScript archive: code/__torch__/*.py, constants.pkl; serialization_id varies per run",
        )
    ]


def torchscript_traced(path: Path) -> list[Entry]:
    import torch

    model = _small_cnn().eval()
    example = torch.randn(1, 1, 8, 8)
    torch.jit.trace(model, example).save(str(path))
    return [
        Entry(
            path,
            "torchscript",
            _made_by("torch", "torch.jit.trace(...).save"),
            "traced Conv2d+BatchNorm2d net; traced_inputs.pkl uses torch.jit._pickle.restore_type_tag",
        )
    ]


def torch_export_pt2(path: Path) -> list[Entry]:
    import torch

    model = _small_cnn().eval()
    program = torch.export.export(model, (torch.randn(2, 1, 8, 8),))
    torch.export.save(program, path)
    return [
        Entry(
            path,
            "torch-export-pt2",
            _made_by("torch", "torch.export.export + torch.export.save"),
            "ExportedProgram archive (models/model.json, weights, sample_inputs/model.pt)",
        )
    ]


def torch_dtypes(path: Path) -> list[Entry]:
    import torch

    gen = torch.Generator().manual_seed(SEED)
    tensors = {
        "float16": torch.randn(4, 4, generator=gen).to(torch.float16),
        "bfloat16": torch.randn(4, 4, generator=gen).to(torch.bfloat16),
        "float64": torch.randn(3, generator=gen, dtype=torch.float64),
        "int8": torch.randint(-128, 128, (16,), generator=gen, dtype=torch.int8),
        "uint8": torch.randint(0, 256, (16,), generator=gen, dtype=torch.uint8),
        "int64": torch.arange(10),
        "bool": torch.rand(8, generator=gen) > 0.5,
        "complex64": torch.randn(4, generator=gen, dtype=torch.complex64),
        "scalar": torch.tensor(3.5),
    }
    torch.save(tensors, path)
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "dict of tensors: float16, bfloat16, float64, int8, uint8, int64, bool, complex64, 0-d scalar",
        )
    ]


def torch_views_shared_storage(path: Path) -> list[Entry]:
    import torch

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    tensors = {
        "base": base,
        "transposed": base.t(),
        "column_slice": base[:, 1:4],
        "strided": base[::2, ::3],
        "reshaped_alias": base.view(6, 4),
        "expanded": torch.ones(1, 3).expand(4, 3),
    }
    torch.save(tensors, path)
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "non-contiguous views and aliases sharing one storage (offsets/strides in rebuild args)",
        )
    ]


def torch_checkpoint_numpy_meta(path: Path) -> list[Entry]:
    import numpy as np
    import torch

    torch.save(
        {
            "model": _small_cnn().state_dict(),
            "class_names": ["cat", "dog", "bird"],
            "normalize_mean": np.array([0.485], dtype=np.float32),
            "normalize_std": np.array([0.229], dtype=np.float32),
            "input_size": (1, 8, 8),
        },
        path,
    )
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "tensors mixed with numpy arrays: numpy _reconstruct/dtype and _codecs.encode (protocol 2) globals",
        )
    ]


# ---------------------------------------------------------------------------
# safetensors
# ---------------------------------------------------------------------------


def safetensors_from_torch(path: Path) -> list[Entry]:
    from safetensors.torch import save_file

    save_file(
        _small_cnn().state_dict(),
        str(path),
        metadata={"format": "pt"},
    )
    return [
        Entry(
            path,
            "safetensors",
            _made_by("safetensors", "safetensors.torch.save_file"),
            "conv net state_dict with __metadata__ {format: pt}",
        )
    ]


def safetensors_from_numpy(path: Path) -> list[Entry]:
    import numpy as np
    from safetensors.numpy import save_file

    rng = _rng()
    save_file(
        {
            "embedding": rng.normal(size=(32, 8)).astype(np.float32),
            "positions": np.arange(32, dtype=np.int32),
            "mask": rng.random(32) > 0.2,
            "scale": np.array([0.5, 2.0], dtype=np.float16),
        },
        str(path),
        metadata={"format": "np", "source": "numpy", "license": "apache-2.0"},
    )
    return [
        Entry(
            path,
            "safetensors",
            _made_by("safetensors", "safetensors.numpy.save_file"),
            "float32/int32/bool/float16 arrays; three __metadata__ keys (their order varies run to run)",
        )
    ]


# ---------------------------------------------------------------------------
# numpy
# ---------------------------------------------------------------------------


def numpy_float(path: Path) -> list[Entry]:
    import numpy as np

    np.save(path, _rng().normal(size=(16, 8)).astype(np.float32))
    return [Entry(path, "npy", _made_by("numpy", "numpy.save"), "float32 (16, 8) array")]


def numpy_int_fortran(path: Path) -> list[Entry]:
    import numpy as np

    np.save(path, np.asfortranarray(np.arange(60, dtype=np.int64).reshape(6, 10)))
    return [Entry(path, "npy", _made_by("numpy", "numpy.save"), "int64 array stored with fortran_order: True")]


def numpy_structured(path: Path) -> list[Entry]:
    import numpy as np

    dtype = np.dtype([("id", "<i4"), ("name", "<U12"), ("score", "<f8"), ("valid", "?")])
    records = np.array([(1, "alpha", 0.91, True), (2, "beta", 0.47, False), (3, "gamma", 0.78, True)], dtype=dtype)
    np.save(path, records)
    return [
        Entry(
            path,
            "npy",
            _made_by("numpy", "numpy.save"),
            "structured dtype (int32, unicode, float64, bool fields), no object fields",
        )
    ]


def numpy_unicode(path: Path) -> list[Entry]:
    import numpy as np

    np.save(path, np.array(["cat", "dog", "ünïcödé", "你好世界", "import os"]))
    return [
        Entry(
            path,
            "npy",
            _made_by("numpy", "numpy.save"),
            "fixed-width unicode (<U) strings, one of them reads 'import os' as plain text",
        )
    ]


def numpy_npz(path: Path) -> list[Entry]:
    import numpy as np

    rng = _rng()
    np.savez(
        path,
        weights=rng.normal(size=(8, 4)).astype(np.float32),
        bias=np.zeros(4, dtype=np.float32),
        labels=np.array(["neg", "neu", "pos"]),
        step=np.array(1200, dtype=np.int64),
    )
    return [Entry(path, "npz", _made_by("numpy", "numpy.savez"), "stored zip of four .npy members")]


def numpy_npz_compressed(path: Path) -> list[Entry]:
    import numpy as np

    rng = _rng()
    np.savez_compressed(
        path,
        embeddings=rng.normal(size=(64, 16)).astype(np.float32),
        token_ids=np.arange(64, dtype=np.int32),
    )
    return [
        Entry(
            path,
            "npz",
            _made_by("numpy", "numpy.savez_compressed"),
            "deflate-compressed zip of .npy members",
        )
    ]


# ---------------------------------------------------------------------------
# scikit-learn, joblib, skops, dill, cloudpickle, pickle
# ---------------------------------------------------------------------------


def sklearn_logreg_pickle4(path: Path) -> list[Entry]:
    from sklearn.linear_model import LogisticRegression

    x, y = _classification_data()
    model = LogisticRegression(max_iter=500).fit(x, y)
    path.write_bytes(pickle.dumps(model, protocol=4))
    return [
        Entry(
            path,
            "pickle",
            _python(f"pickle.dumps(protocol=4) of scikit-learn {metadata.version('scikit-learn')}"),
            "fitted LogisticRegression",
        )
    ]


def sklearn_random_forest_pickle5(path: Path) -> list[Entry]:
    from sklearn.ensemble import RandomForestClassifier

    x, y = _classification_data()
    model = RandomForestClassifier(n_estimators=4, max_depth=3, random_state=SEED).fit(x, y)
    path.write_bytes(pickle.dumps(model, protocol=5))
    return [
        Entry(
            path,
            "pickle",
            _python(f"pickle.dumps(protocol=5) of scikit-learn {metadata.version('scikit-learn')}"),
            "fitted RandomForestClassifier (4 trees, depth 3); protocol 5 numpy buffers",
        )
    ]


def sklearn_pipeline_pickle5(path: Path) -> list[Entry]:
    path.write_bytes(pickle.dumps(_sklearn_pipeline(), protocol=5))
    return [
        Entry(
            path,
            "pickle",
            _python(f"pickle.dumps(protocol=5) of scikit-learn {metadata.version('scikit-learn')}"),
            "Pipeline(StandardScaler, PCA, SVC)",
        )
    ]


def _joblib_pipeline(path: Path, compress: int | tuple[str, int], fmt: str, note: str) -> list[Entry]:
    import joblib

    joblib.dump(_sklearn_pipeline(), path, compress=compress)
    return [Entry(path, fmt, _made_by("joblib", f"joblib.dump(compress={compress!r})"), note)]


def joblib_pipeline_plain(path: Path) -> list[Entry]:
    return _joblib_pipeline(path, 0, "joblib", "uncompressed; numpy arrays as NumpyArrayWrapper frames")


def joblib_pipeline_zlib(path: Path) -> list[Entry]:
    return _joblib_pipeline(path, 3, "joblib-zlib", "compress=3 (zlib stream)")


def joblib_pipeline_xz(path: Path) -> list[Entry]:
    return _joblib_pipeline(path, ("xz", 3), "joblib-xz", "xz-compressed pickle")


def joblib_pipeline_bz2(path: Path) -> list[Entry]:
    return _joblib_pipeline(path, ("bz2", 3), "joblib-bz2", "bz2-compressed pickle")


def joblib_pipeline_gzip(path: Path) -> list[Entry]:
    return _joblib_pipeline(path, ("gzip", 3), "joblib-gzip", "gzip-compressed pickle")


def joblib_array_dict(path: Path) -> list[Entry]:
    import joblib
    import numpy as np

    rng = _rng()
    joblib.dump(
        {
            "embeddings": rng.normal(size=(20, 8)).astype(np.float32),
            "labels": rng.integers(0, 3, size=20),
            "vocab": ["<pad>", "hello", "world"],
            "meta": {"dim": 8, "normalized": False},
        },
        path,
    )
    return [Entry(path, "joblib", _made_by("joblib", "joblib.dump"), "dict of numpy arrays, list and dict")]


def skops_pipeline(path: Path) -> list[Entry]:
    import skops.io as sio

    sio.dump(_sklearn_pipeline(), path)
    return [
        Entry(
            path,
            "skops",
            _made_by("skops", "skops.io.dump"),
            "Pipeline(StandardScaler, PCA, SVC) as skops zip (schema.json + .npy members named by object id)",
        )
    ]


def dill_plain_data(path: Path) -> list[Entry]:
    import dill

    path.write_bytes(dill.dumps(_plain_data()))
    return [
        Entry(
            path,
            "pickle",
            _made_by("dill", "dill.dumps"),
            "plain data only (dicts, lists, tuple, numpy array); dill emits dill._dill._create_array",
        )
    ]


def cloudpickle_plain_data(path: Path) -> list[Entry]:
    import cloudpickle

    path.write_bytes(cloudpickle.dumps(_plain_data()))
    return [
        Entry(
            path,
            "pickle",
            _made_by("cloudpickle", "cloudpickle.dumps"),
            "plain data only: dict of lists, tuple, nested dicts and a numpy array",
        )
    ]


def gzip_pickle_state_dict(path: Path) -> list[Entry]:
    state = {name: tensor.numpy() for name, tensor in _mlp().state_dict().items()}
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        pickle.dump(state, handle, protocol=4)
    return [
        Entry(
            path,
            "pickle-gzip",
            _python("gzip.GzipFile + pickle.dump(protocol=4)"),
            "gzip-compressed pickle of a state dict converted to numpy arrays",
        )
    ]


# ---------------------------------------------------------------------------
# ONNX
# ---------------------------------------------------------------------------


def _onnx_mlp(hidden: int) -> Any:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = _rng()
    w1 = numpy_helper.from_array(rng.normal(size=(8, hidden)).astype(np.float32), "fc1.weight")
    b1 = numpy_helper.from_array(np.zeros(hidden, dtype=np.float32), "fc1.bias")
    w2 = numpy_helper.from_array(rng.normal(size=(hidden, 3)).astype(np.float32), "fc2.weight")
    b2 = numpy_helper.from_array(np.zeros(3, dtype=np.float32), "fc2.bias")
    nodes = [
        helper.make_node("MatMul", ["input", "fc1.weight"], ["fc1.mm"], name="fc1_matmul"),
        helper.make_node("Add", ["fc1.mm", "fc1.bias"], ["fc1.out"], name="fc1_add"),
        helper.make_node("Relu", ["fc1.out"], ["relu.out"], name="relu"),
        helper.make_node("MatMul", ["relu.out", "fc2.weight"], ["fc2.mm"], name="fc2_matmul"),
        helper.make_node("Add", ["fc2.mm", "fc2.bias"], ["logits"], name="fc2_add"),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny_mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])],
        initializer=[w1, b1, w2, b2],
    )
    model = helper.make_model(
        graph,
        producer_name="aiwarden-corpus",
        producer_version="1.0",
        opset_imports=[helper.make_opsetid("", 17)],
        doc_string="Two-layer perceptron (MatMul + Add + Relu).",
    )
    model.ir_version = 8
    helper.set_model_props(model, {"license": "apache-2.0", "task": "classification"})
    onnx.checker.check_model(model)
    return model


def onnx_mlp(path: Path) -> list[Entry]:
    import onnx

    onnx.save_model(_onnx_mlp(hidden=16), str(path))
    return [
        Entry(
            path,
            "onnx",
            _made_by("onnx", "onnx.helper graph + onnx.save_model"),
            "opset 17 MatMul+Add+Relu MLP with embedded initializers and metadata_props",
        )
    ]


def onnx_external_data(folder: Path) -> list[Entry]:
    import onnx

    folder.mkdir()
    model_path = folder / "model.onnx"
    onnx.save_model(
        _onnx_mlp(hidden=64),
        str(model_path),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location="weights.bin",
        size_threshold=0,
    )
    made_by = _made_by("onnx", "onnx.save_model(save_as_external_data=True)")
    return [
        Entry(
            model_path,
            "onnx-external-data",
            made_by,
            "graph whose initializers point to location 'weights.bin' in the same folder",
        ),
        Entry(folder / "weights.bin", "onnx-external-weights", made_by, "raw little-endian tensor bytes"),
    ]


# ---------------------------------------------------------------------------
# GGUF and JSON chat templates
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GgufSpec:
    """Metadata of a tiny GGUF file imitating a converted chat model."""

    arch: str
    name: str
    basename: str
    organization: str
    size_label: str
    license: str
    source_repo: str
    tokenizer_model: str
    tokenizer_pre: str | None
    specials: tuple[str, ...]
    bos: str
    eos: str
    chat_template: str


def _write_gguf(path: Path, spec: GgufSpec) -> list[Entry]:
    import gguf
    import numpy as np

    rng = _rng()
    ordinary = ["Hello", "Ġworld", "Ġthe", "Ġmodel", ".", ",", "!", "?", "a", "b", "c", "Ġtool"]
    tokens = [*spec.specials, *ordinary]
    types = [gguf.TokenType.CONTROL] * len(spec.specials) + [gguf.TokenType.NORMAL] * len(ordinary)
    vocab, hidden, ffn = len(tokens), 16, 32

    writer = gguf.GGUFWriter(str(path), spec.arch)
    writer.add_type("model")
    writer.add_name(spec.name)
    writer.add_basename(spec.basename)
    writer.add_organization(spec.organization)
    writer.add_size_label(spec.size_label)
    writer.add_license(spec.license)
    writer.add_source_repo_url(spec.source_repo)
    writer.add_context_length(4096)
    writer.add_embedding_length(hidden)
    writer.add_block_count(1)
    writer.add_feed_forward_length(ffn)
    writer.add_head_count(2)
    writer.add_head_count_kv(1)
    writer.add_rope_freq_base(1_000_000.0)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
    writer.add_tokenizer_model(spec.tokenizer_model)
    if spec.tokenizer_pre is not None:
        writer.add_tokenizer_pre(spec.tokenizer_pre)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    if spec.tokenizer_model == "llama":
        writer.add_token_scores([0.0] * len(spec.specials) + [-float(i) for i in range(len(ordinary))])
    writer.add_bos_token_id(tokens.index(spec.bos))
    writer.add_eos_token_id(tokens.index(spec.eos))
    writer.add_add_bos_token(spec.tokenizer_model == "llama")
    writer.add_chat_template(spec.chat_template)

    def w(*shape: int) -> np.ndarray:
        return (rng.normal(size=shape) * 0.02).astype(np.float16)

    writer.add_tensor("token_embd.weight", w(vocab, hidden))
    writer.add_tensor("blk.0.attn_norm.weight", np.ones(hidden, dtype=np.float32))
    writer.add_tensor("blk.0.attn_q.weight", w(hidden, hidden))
    writer.add_tensor("blk.0.attn_k.weight", w(hidden // 2, hidden))
    writer.add_tensor("blk.0.attn_v.weight", w(hidden // 2, hidden))
    writer.add_tensor("blk.0.attn_output.weight", w(hidden, hidden))
    writer.add_tensor("blk.0.ffn_norm.weight", np.ones(hidden, dtype=np.float32))
    writer.add_tensor("blk.0.ffn_gate.weight", w(ffn, hidden))
    writer.add_tensor("blk.0.ffn_up.weight", w(ffn, hidden))
    writer.add_tensor("blk.0.ffn_down.weight", w(hidden, ffn))
    writer.add_tensor("output_norm.weight", np.ones(hidden, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return [
        Entry(
            path,
            "gguf",
            f"gguf {metadata.version('gguf')} GGUFWriter",
            f"{spec.arch} F16 tensors, general.* metadata, real {spec.name} tokenizer.chat_template",
        )
    ]


_CHATML_SPECIALS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>")


def gguf_qwen25(path: Path) -> list[Entry]:
    return _write_gguf(
        path,
        GgufSpec(
            arch="qwen2",
            name="Qwen2.5 0.5B Instruct",
            basename="Qwen2.5",
            organization="Qwen",
            size_label="0.5B",
            license="apache-2.0",
            source_repo="https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct",
            tokenizer_model="gpt2",
            tokenizer_pre="qwen2",
            specials=_CHATML_SPECIALS,
            bos="<|endoftext|>",
            eos="<|im_end|>",
            chat_template=QWEN25_TEMPLATE,
        ),
    )


def gguf_qwen3(path: Path) -> list[Entry]:
    return _write_gguf(
        path,
        GgufSpec(
            arch="qwen3",
            name="Qwen3 0.6B",
            basename="Qwen3",
            organization="Qwen",
            size_label="0.6B",
            license="apache-2.0",
            source_repo="https://huggingface.co/Qwen/Qwen3-0.6B",
            tokenizer_model="gpt2",
            tokenizer_pre="qwen2",
            specials=(*_CHATML_SPECIALS, "<think>", "</think>", "<tool_response>", "</tool_response>"),
            bos="<|endoftext|>",
            eos="<|im_end|>",
            chat_template=QWEN3_TEMPLATE,
        ),
    )


def gguf_llama31(path: Path) -> list[Entry]:
    return _write_gguf(
        path,
        GgufSpec(
            arch="llama",
            name="Meta Llama 3.1 8B Instruct",
            basename="Meta-Llama-3.1",
            organization="Meta Llama",
            size_label="8B",
            license="llama3.1",
            source_repo="https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
            tokenizer_model="gpt2",
            tokenizer_pre="llama-bpe",
            specials=(
                "<|begin_of_text|>",
                "<|end_of_text|>",
                "<|start_header_id|>",
                "<|end_header_id|>",
                "<|eot_id|>",
                "<|eom_id|>",
                "<|python_tag|>",
            ),
            bos="<|begin_of_text|>",
            eos="<|eot_id|>",
            chat_template=LLAMA31_TEMPLATE,
        ),
    )


def gguf_mistral(path: Path) -> list[Entry]:
    return _write_gguf(
        path,
        GgufSpec(
            arch="llama",
            name="Mistral 7B Instruct v0.2",
            basename="Mistral",
            organization="Mistralai",
            size_label="7B",
            license="apache-2.0",
            source_repo="https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.2",
            tokenizer_model="llama",
            tokenizer_pre=None,
            specials=("<unk>", "<s>", "</s>", "[INST]", "[/INST]"),
            bos="<s>",
            eos="</s>",
            chat_template=MISTRAL_TEMPLATE,
        ),
    )


def gguf_gemma(path: Path) -> list[Entry]:
    return _write_gguf(
        path,
        GgufSpec(
            arch="gemma2",
            name="Gemma 2 2b It",
            basename="gemma-2",
            organization="Google",
            size_label="2B",
            license="gemma",
            source_repo="https://huggingface.co/google/gemma-2-2b-it",
            tokenizer_model="llama",
            tokenizer_pre="default",
            specials=("<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"),
            bos="<bos>",
            eos="<eos>",
            chat_template=GEMMA_TEMPLATE,
        ),
    )


def gguf_phi3(path: Path) -> list[Entry]:
    return _write_gguf(
        path,
        GgufSpec(
            arch="phi3",
            name="Phi 3 Mini 4k Instruct",
            basename="Phi-3",
            organization="Microsoft",
            size_label="mini",
            license="mit",
            source_repo="https://huggingface.co/microsoft/Phi-3-mini-4k-instruct",
            tokenizer_model="llama",
            tokenizer_pre="default",
            specials=("<unk>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"),
            bos="<s>",
            eos="<|end|>",
            chat_template=PHI3_TEMPLATE,
        ),
    )


def gguf_deepseek_r1_distill(path: Path) -> list[Entry]:
    return _write_gguf(
        path,
        GgufSpec(
            arch="qwen2",
            name="DeepSeek R1 Distill Qwen 1.5B",
            basename="DeepSeek-R1-Distill-Qwen",
            organization="Deepseek Ai",
            size_label="1.5B",
            license="mit",
            source_repo="https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
            tokenizer_model="gpt2",
            tokenizer_pre="deepseek-r1-qwen",
            specials=(
                "<｜begin▁of▁sentence｜>",
                "<｜end▁of▁sentence｜>",
                "<｜User｜>",
                "<｜Assistant｜>",
                "<｜tool▁calls▁begin｜>",
                "<｜tool▁call▁begin｜>",
                "<｜tool▁sep｜>",
                "<｜tool▁call▁end｜>",
                "<｜tool▁calls▁end｜>",
                "<think>",
                "</think>",
            ),
            bos="<｜begin▁of▁sentence｜>",
            eos="<｜end▁of▁sentence｜>",
            chat_template=DEEPSEEK_R1_DISTILL_TEMPLATE,
        ),
    )


def _added_tokens(specials: list[str], start: int) -> dict[str, dict[str, Any]]:
    return {
        str(start + i): {
            "content": token,
            "lstrip": False,
            "normalized": False,
            "rstrip": False,
            "single_word": False,
            "special": True,
        }
        for i, token in enumerate(specials)
    }


def tokenizer_config_deepseek_coder(path: Path) -> list[Entry]:
    _write_json(
        path,
        {
            "add_bos_token": True,
            "add_eos_token": False,
            "added_tokens_decoder": _added_tokens(
                ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<|EOT|>"], 32013
            ),
            "bos_token": "<｜begin▁of▁sentence｜>",
            "chat_template": DEEPSEEK_CODER_TEMPLATE,
            "clean_up_tokenization_spaces": False,
            "eos_token": "<|EOT|>",
            "legacy": True,
            "model_max_length": 16384,
            "pad_token": "<｜end▁of▁sentence｜>",
            "sp_model_kwargs": {},
            "tokenizer_class": "LlamaTokenizerFast",
            "unk_token": None,
            "use_default_system_prompt": False,
        },
    )
    return [
        Entry(
            path,
            "json",
            _python("json.dumps"),
            "tokenizer_config.json with the real deepseek-coder-33b-instruct chat_template (namespace)",
        )
    ]


def tokenizer_config_llama31(path: Path) -> list[Entry]:
    _write_json(
        path,
        {
            "added_tokens_decoder": _added_tokens(
                [
                    "<|begin_of_text|>",
                    "<|end_of_text|>",
                    "<|start_header_id|>",
                    "<|end_header_id|>",
                    "<|eom_id|>",
                    "<|eot_id|>",
                    "<|python_tag|>",
                ],
                128000,
            ),
            "bos_token": "<|begin_of_text|>",
            "chat_template": LLAMA31_TEMPLATE,
            "clean_up_tokenization_spaces": True,
            "eos_token": "<|eot_id|>",
            "model_input_names": ["input_ids", "attention_mask"],
            "model_max_length": 131072,
            "tokenizer_class": "PreTrainedTokenizerFast",
        },
    )
    return [
        Entry(
            path,
            "json",
            _python("json.dumps"),
            "tokenizer_config.json with the real Llama 3.1 tool-calling chat_template (<|python_tag|> .call)",
        )
    ]


def chat_template_jinja_qwen3(path: Path) -> list[Entry]:
    path.write_text(QWEN3_TEMPLATE, encoding="utf-8")
    return [
        Entry(
            path,
            "jinja",
            _python("pathlib.Path.write_text"),
            "standalone chat_template.jinja (Qwen3, namespace + messages[::-1] + tool_call)",
        )
    ]


# ---------------------------------------------------------------------------
# Keras and HDF5
# ---------------------------------------------------------------------------


def keras_functional(path: Path) -> list[Entry]:
    keras = _keras()
    images = _rng().normal(size=(16, 12, 12, 1)).astype("float32")
    inputs = keras.Input(shape=(12, 12, 1), name="image")
    norm = keras.layers.Normalization(name="norm")
    norm.adapt(images)
    x = norm(inputs)
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv")(x)
    x = keras.layers.MaxPooling2D(name="pool")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    outputs = keras.layers.Dense(3, activation="softmax", name="head")(x)
    model = keras.Model(inputs, outputs, name="tiny_cnn")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.save(path)
    return [
        Entry(
            path,
            "keras-v3",
            _keras_made_by("Model.save"),
            "functional model: Normalization (adapted) + Conv2D + MaxPooling2D + Dense; no Lambda",
        )
    ]


def keras_sequential_trained(path: Path) -> list[Entry]:
    keras = _keras()
    rng = _rng()
    features = rng.normal(size=(32, 8)).astype("float32")
    targets = (features.sum(axis=1) > 0).astype("float32")
    norm = keras.layers.Normalization()
    norm.adapt(features)
    model = keras.Sequential(
        [
            keras.Input(shape=(8,)),
            norm,
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dropout(0.1),
            keras.layers.Dense(1, activation="sigmoid"),
        ],
        name="tiny_mlp",
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(features, targets, epochs=1, batch_size=16, verbose=0)
    model.save(path)
    return [
        Entry(
            path,
            "keras-v3",
            _keras_made_by("Sequential.fit + Model.save"),
            "Sequential with optimizer variables after one epoch",
        )
    ]


def keras_legacy_h5(path: Path) -> list[Entry]:
    keras = _keras()
    model = keras.Sequential(
        [
            keras.Input(shape=(20, 3)),
            keras.layers.Conv1D(4, 3, activation="relu"),
            keras.layers.GlobalAveragePooling1D(),
            keras.layers.Dense(2, activation="softmax"),
        ],
        name="tiny_conv1d",
    )
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    model.save(path)
    return [
        Entry(
            path,
            "keras-h5",
            _keras_made_by("Model.save('*.h5')"),
            "legacy HDF5: model_config attribute JSON + model_weights group",
        )
    ]


def h5py_datasets(path: Path) -> list[Entry]:
    import h5py
    import numpy as np

    rng = _rng()
    with h5py.File(path, "w", track_order=True) as handle:
        handle.attrs["description"] = "tiny training split"
        handle.attrs["version"] = 2
        train = handle.create_group("train")
        train.create_dataset("features", data=rng.normal(size=(64, 8)).astype(np.float32), compression="gzip")
        train.create_dataset("labels", data=rng.integers(0, 3, size=64).astype(np.int16))
        handle.create_dataset("class_names", data=np.array([b"cat", b"dog", b"bird"]))
        handle.create_dataset("mean", data=np.zeros(8, dtype=np.float64))
    return [
        Entry(
            path,
            "hdf5",
            _made_by("h5py", "h5py.File.create_dataset"),
            "plain groups/datasets/attributes, one gzip-filtered dataset",
        )
    ]


# ---------------------------------------------------------------------------
# Hugging Face style folder and archives
# ---------------------------------------------------------------------------

HF_MODEL_NAME = "tiny-qwen2-chat"
HF_FOLDER_CASE = "b49-hf-model"

HF_README = """---
license: apache-2.0
language:
- en
- fr
base_model: Qwen/Qwen2.5-0.5B-Instruct
datasets:
- HuggingFaceH4/ultrachat_200k
pipeline_tag: text-generation
library_name: transformers
tags:
- chat
- tiny
---

# tiny-qwen2-chat

A 1-layer, 16-dimensional Qwen2 model used as a test fixture. It has the same file layout
as a real checkpoint on the Hub but its weights are random.

## Usage

```python
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("example-org/tiny-qwen2-chat")
model = AutoModelForCausalLM.from_pretrained("example-org/tiny-qwen2-chat")
messages = [{"role": "user", "content": "Hello!"}]
inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt")
print(tokenizer.decode(model.generate(inputs, max_new_tokens=8)[0]))
```

## Training

Weights were not trained. Values are drawn from N(0, 0.02) with a fixed seed.
"""


def hf_model_folder(folder: Path) -> list[Entry]:
    from safetensors.torch import save_file

    folder.mkdir()
    config = {
        "architectures": ["Qwen2ForCausalLM"],
        "attention_dropout": 0.0,
        "bos_token_id": 61,
        "eos_token_id": 63,
        "hidden_act": "silu",
        "hidden_size": 16,
        "initializer_range": 0.02,
        "intermediate_size": 32,
        "max_position_embeddings": 2048,
        "max_window_layers": 1,
        "model_type": "qwen2",
        "num_attention_heads": 2,
        "num_hidden_layers": 1,
        "num_key_value_heads": 1,
        "rms_norm_eps": 1e-06,
        "rope_scaling": None,
        "rope_theta": 1000000.0,
        "sliding_window": None,
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
        "transformers_version": "4.46.3",
        "use_cache": True,
        "use_sliding_window": False,
        "vocab_size": 64,
    }
    generation_config = {
        "bos_token_id": 61,
        "do_sample": True,
        "eos_token_id": [63, 61],
        "pad_token_id": 61,
        "repetition_penalty": 1.1,
        "temperature": 0.7,
        "top_k": 20,
        "top_p": 0.8,
        "transformers_version": "4.46.3",
    }
    tokenizer_config = {
        "add_bos_token": False,
        "add_prefix_space": False,
        "added_tokens_decoder": _added_tokens(["<|endoftext|>", "<|im_start|>", "<|im_end|>"], 61),
        "additional_special_tokens": ["<|im_start|>", "<|im_end|>"],
        "bos_token": None,
        "chat_template": QWEN25_TEMPLATE,
        "clean_up_tokenization_spaces": False,
        "eos_token": "<|im_end|>",
        "errors": "replace",
        "model_max_length": 2048,
        "pad_token": "<|endoftext|>",
        "split_special_tokens": False,
        "tokenizer_class": "Qwen2Tokenizer",
        "unk_token": None,
    }
    special_tokens_map = {
        "additional_special_tokens": ["<|im_start|>", "<|im_end|>"],
        "eos_token": {
            "content": "<|im_end|>",
            "lstrip": False,
            "normalized": False,
            "rstrip": False,
            "single_word": False,
        },
        "pad_token": {
            "content": "<|endoftext|>",
            "lstrip": False,
            "normalized": False,
            "rstrip": False,
            "single_word": False,
        },
    }
    json_by = _python("json.dumps")
    _write_json(folder / "config.json", config)
    _write_json(folder / "generation_config.json", generation_config)
    _write_json(folder / "tokenizer_config.json", tokenizer_config)
    _write_json(folder / "special_tokens_map.json", special_tokens_map)
    save_file(_qwen2_tensors(), str(folder / "model.safetensors"), metadata={"format": "pt"})
    (folder / "README.md").write_text(HF_README, encoding="utf-8")
    return [
        Entry(folder / "config.json", "json", json_by, "Qwen2ForCausalLM config (model_type qwen2)"),
        Entry(folder / "generation_config.json", "json", json_by, "sampling defaults"),
        Entry(
            folder / "tokenizer_config.json",
            "json",
            json_by,
            "Qwen2Tokenizer config with the real Qwen2.5 tool-calling chat_template",
        ),
        Entry(folder / "special_tokens_map.json", "json", json_by, "special tokens map"),
        Entry(
            folder / "model.safetensors",
            "safetensors",
            _made_by("safetensors", "safetensors.torch.save_file"),
            "real Qwen2 parameter names, random tiny weights, metadata format=pt",
        ),
        Entry(
            folder / "README.md",
            "markdown",
            _python("pathlib.Path.write_text"),
            "model card with YAML front matter and a transformers usage snippet",
        ),
    ]


def hf_model_tar_gz(path: Path) -> list[Entry]:
    source = path.parent / HF_FOLDER_CASE
    if not source.is_dir():
        raise RuntimeError(f"{HF_FOLDER_CASE} must be built before the tar.gz case")
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        root = tarfile.TarInfo(HF_MODEL_NAME)
        root.type = tarfile.DIRTYPE
        root.mode = 0o755
        root.mtime = FIXED_EPOCH
        tar.addfile(root)
        for file in sorted(source.iterdir()):
            data = file.read_bytes()
            info = tarfile.TarInfo(f"{HF_MODEL_NAME}/{file.name}")
            info.size = len(data)
            info.mode = 0o644
            info.mtime = FIXED_EPOCH
            tar.addfile(info, io.BytesIO(data))
    return [
        Entry(
            path,
            "tar.gz",
            _python("tarfile + gzip (mtime pinned)"),
            "tarball of the Hugging Face folder b49 (config, tokenizer, safetensors, README)",
        )
    ]


def safetensors_shards_zip(path: Path) -> list[Entry]:
    from safetensors.torch import save

    tensors = _qwen2_tensors()
    names = sorted(tensors)
    shards = {
        "model-00001-of-00002.safetensors": names[: len(names) // 2],
        "model-00002-of-00002.safetensors": names[len(names) // 2 :],
    }
    weight_map: dict[str, str] = {}
    payloads: dict[str, bytes] = {}
    total = 0
    for shard, shard_names in shards.items():
        part = {name: tensors[name] for name in shard_names}
        payloads[shard] = save(part, metadata={"format": "pt"})
        total += sum(t.numel() * t.element_size() for t in part.values())
        weight_map.update(dict.fromkeys(shard_names, shard))
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    with zipfile.ZipFile(path, "w") as archive:
        for shard, payload in payloads.items():
            archive.writestr(_zip_info(shard, zipfile.ZIP_STORED), payload)
        archive.writestr(
            _zip_info("model.safetensors.index.json", zipfile.ZIP_DEFLATED),
            json.dumps(index, indent=2, sort_keys=True) + "\n",
        )
    return [
        Entry(
            path,
            "zip",
            f"{_made_by('safetensors', 'safetensors.torch.save')} + {_python('zipfile')}",
            "plain zip of two safetensors shards and model.safetensors.index.json, fixed timestamps",
        )
    ]


# ---------------------------------------------------------------------------
# aiwarden red-team hard negatives (real-library files near the red-team bypasses)
# ---------------------------------------------------------------------------


def joblib_random_forest(path: Path) -> list[Entry]:
    import joblib
    from sklearn.ensemble import RandomForestClassifier

    x, y = _classification_data()
    joblib.dump(RandomForestClassifier(n_estimators=4, max_depth=3, random_state=SEED).fit(x, y), path)
    return [
        Entry(
            path,
            "joblib",
            _made_by("joblib", "joblib.dump"),
            "fitted RandomForestClassifier: tree node arrays with a structured (void) dtype as NumpyArrayWrapper",
        )
    ]


def joblib_function_transformer(path: Path) -> list[Entry]:
    import joblib
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    x, y = _classification_data()
    pipe = Pipeline([("log", FunctionTransformer(np.log1p)), ("clf", LogisticRegression(max_iter=500))])
    joblib.dump(pipe.fit(np.abs(x), y), path)
    return [
        Entry(
            path,
            "joblib",
            _made_by("joblib", "joblib.dump"),
            "Pipeline(FunctionTransformer(numpy.log1p), LogisticRegression): a numpy ufunc pickled by reference",
        )
    ]


def numpy_rng_pickle(path: Path) -> list[Entry]:
    import numpy as np

    state = {
        "default_rng": np.random.default_rng(SEED),
        "random_state": np.random.RandomState(SEED),
        "scalar": np.float32(1.5),
    }
    path.write_bytes(pickle.dumps(state, protocol=4))
    return [
        Entry(
            path,
            "pickle",
            _python(f"pickle.dumps(protocol=4) of numpy {metadata.version('numpy')}"),
            "numpy Generator and RandomState: numpy.random._pickle __generator_ctor/__randomstate_ctor, SeedSequence",
        )
    ]


def stdlib_types_pickle(path: Path) -> list[Entry]:
    import collections
    import datetime
    import decimal
    import pathlib
    import re
    import uuid

    data = {
        "ordered": collections.OrderedDict(a=1, b=2),
        "deque": collections.deque([1, 2, 3]),
        "when": datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC),
        "decimal": decimal.Decimal("1.1"),
        "pattern": re.compile("a+"),
        "args": argparse.Namespace(lr=0.1, epochs=3),
        "path": pathlib.PurePosixPath("/data/train"),
        "run_id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "complex": complex(1, 2),
        "range": range(3),
        "slice": slice(1, 2),
        "frozen": frozenset([1]),
        "buffer": bytearray(b"xyz"),
    }
    path.write_bytes(pickle.dumps(data, protocol=4))
    return [
        Entry(
            path,
            "pickle",
            _python("pickle.dumps(protocol=4)"),
            "stdlib values: OrderedDict, deque, datetime, Decimal, re pattern, Namespace, path, UUID, bytearray...",
        )
    ]


def torch_quantized_checkpoint(path: Path) -> list[Entry]:
    import torch

    model = torch.nn.Linear(2, 2)
    gen = torch.Generator().manual_seed(SEED)
    torch.save(
        {
            "state_dict": model.state_dict(),
            "optimizer": torch.optim.Adam(model.parameters()).state_dict(),
            "epoch": 3,
            "args": argparse.Namespace(lr=0.1),
            "bf16": torch.zeros(2, dtype=torch.bfloat16),
            "quantized": torch.quantize_per_tensor(torch.rand(3, generator=gen), 0.1, 0, torch.quint8),
        },
        path,
    )
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "checkpoint with a quint8 quantized tensor (_rebuild_qtensor), bfloat16, Adam state and a Namespace",
        )
    ]


def torch_sparse_generator(path: Path) -> list[Entry]:
    import torch

    torch.save(
        {
            "sparse": torch.eye(3).to_sparse(),
            "generator": torch.Generator().manual_seed(1),
            "nested": [torch.ones(1)],
        },
        path,
    )
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "sparse COO tensor (_rebuild_sparse_tensor), a torch.Generator and a nested tensor list",
        )
    ]


def numpy_object_array(path: Path) -> list[Entry]:
    import numpy as np

    np.save(path, np.array([{"label": "cat", "id": 1}, "dog", None], dtype=object), allow_pickle=True)
    return [
        Entry(
            path,
            "npy",
            _made_by("numpy", "numpy.save(allow_pickle=True)"),
            "object array of plain values (dict, str, None): pickled payload, nothing callable",
        )
    ]


def joblib_scipy_csr(path: Path) -> list[Entry]:
    import joblib
    import scipy.sparse

    matrix = scipy.sparse.random(8, 8, density=0.25, format="csr", dtype="float32", random_state=SEED)
    joblib.dump(matrix, path)
    return [
        Entry(
            path,
            "joblib",
            f"{_made_by('joblib', 'joblib.dump')} of scipy {metadata.version('scipy')}",
            "scipy.sparse csr_matrix: lowercase scipy.sparse._csr class with NumpyArrayWrapper members",
        )
    ]


# ---------------------------------------------------------------------------
# False-positive hunt hard negatives: everyday files of the data-science stack (pandas, Lightning +
# OmegaConf, Hugging Face Trainer, statsmodels, gensim, spaCy, scipy, Keras registry functions) that
# an earlier scanner reported as high or critical
# ---------------------------------------------------------------------------


def _tabular_frame(rows: int) -> Any:
    """A DataFrame with float, int, string, categorical and timezone-aware datetime columns.

    Dtypes are explicit so pandas 2 and 3 pickle the same kinds of blocks; the zone is a ``zoneinfo``
    object (the pandas 3 default) rather than pytz.
    """
    import zoneinfo

    import pandas as pd

    rng = _rng()
    return pd.DataFrame(
        {
            "price": rng.normal(100.0, 15.0, size=rows),
            "ratio": rng.random(rows).astype("float32"),
            "qty": rng.integers(0, 50, size=rows),
            "sku": pd.array([f"SKU-{i:05d}" for i in range(rows)], dtype=pd.StringDtype("python")),
            "store": pd.Series(rng.choice(["berlin", "paris", "madrid"], size=rows), dtype=object),
            "segment": pd.Categorical(rng.choice(["retail", "wholesale", "online"], size=rows)),
            "ts": pd.date_range("2024-06-01", periods=rows, freq="h", tz=zoneinfo.ZoneInfo("Europe/Berlin")),
        }
    )


def pandas_dataframe_pickle(path: Path) -> list[Entry]:
    _tabular_frame(2000).to_pickle(path)
    return [
        Entry(
            path,
            "pickle",
            _made_by("pandas", "DataFrame.to_pickle"),
            "2000-row frame: float64/float32/int64 blocks (raw buffers, once 'code-like'), python string, object, "
            "categorical and Europe/Berlin zoneinfo datetime columns (getattr(ZoneInfo, '_unpickle'))",
        )
    ]


def joblib_sklearn_dataframe_pipeline(path: Path) -> list[Entry]:
    import joblib
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    rng = _rng()
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 80, size=120).astype("float64"),
            "income": rng.normal(50_000, 12_000, size=120),
            "plan": pd.Series(rng.choice(["basic", "plus", "pro"], size=120), dtype=object),
        }
    )
    target = (frame["income"] > 50_000).astype(int)
    pipe = Pipeline(
        [
            (
                "prep",
                ColumnTransformer(
                    [
                        ("num", StandardScaler(), ["age", "income"]),
                        ("cat", OneHotEncoder(handle_unknown="ignore"), ["plan"]),
                    ]
                ),
            ),
            ("clf", LogisticRegression(max_iter=500)),
        ]
    )
    joblib.dump(pipe.fit(frame, target), path)
    return [
        Entry(
            path,
            "joblib",
            f"{_made_by('joblib', 'joblib.dump')} of scikit-learn {metadata.version('scikit-learn')}",
            "Pipeline(ColumnTransformer(StandardScaler, OneHotEncoder), LogisticRegression) fitted on a DataFrame "
            "with a string column: feature_names_in_ and categories_ are object arrays (inline joblib pickles)",
        )
    ]


def joblib_dataframe_zlib(path: Path) -> list[Entry]:
    import joblib

    joblib.dump(_tabular_frame(48), path, compress=3)
    return [
        Entry(
            path,
            "joblib-zlib",
            f"{_made_by('joblib', 'joblib.dump(compress=3)')} of pandas {metadata.version('pandas')}",
            "DataFrame dumped directly: object-dtype string block as an inline pickle inside the zlib stream",
        )
    ]


def lightning_omegaconf_checkpoint(path: Path) -> list[Entry]:
    import torch
    from omegaconf import OmegaConf

    model = _mlp()
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    cfg = OmegaConf.create(
        {
            "model": {"hidden": 32, "layers": [16, 32, 4], "dropout": 0.1, "act": "relu"},
            "optim": {"name": "adamw", "lr": 3e-4, "betas": [0.9, 0.999], "weight_decay": 0.01},
            "data": {"batch_size": 8, "num_workers": 0, "root": "${oc.env:DATA_ROOT,data}"},
            "trainer": {"max_epochs": 2, "precision": "32-true", "seed": SEED},
        }
    )
    torch.save(
        {
            "epoch": 1,
            "global_step": 40,
            "pytorch-lightning_version": "2.4.0",
            "state_dict": {f"model.{k}": v for k, v in model.state_dict().items()},
            "loops": {"fit_loop": {"state_dict": {}, "epoch_progress": {"total": {"ready": 2, "completed": 1}}}},
            "callbacks": {
                "ModelCheckpoint{'monitor': 'val_loss', 'mode': 'min', 'every_n_train_steps': 0}": {
                    "monitor": "val_loss",
                    "best_model_score": torch.tensor(0.4213),
                    "best_model_path": "checkpoints/epoch=1-step=40.ckpt",
                    "current_score": torch.tensor(0.4213),
                    "dirpath": "checkpoints",
                }
            },
            "optimizer_states": [optimizer.state_dict()],
            "lr_schedulers": [],
            "hparams_name": "cfg",
            "hyper_parameters": {"cfg": cfg, "layers": OmegaConf.create([16, 32, 4])},
        },
        path,
    )
    return [
        Entry(
            path,
            "pytorch-zip",
            f"{_made_by('torch', 'torch.save')} of omegaconf {metadata.version('omegaconf')}",
            "Lightning-2-style checkpoint whose hyper_parameters hold an OmegaConf DictConfig and ListConfig "
            "(protocol 2: key_type=int is written as __builtin__.long; typing.Any; AnyNode)",
        )
    ]


def hf_trainer_checkpoint(folder: Path) -> list[Entry]:
    import numpy as np
    import torch
    from transformers import TrainerState, TrainingArguments

    folder.mkdir()
    args = TrainingArguments(
        output_dir="outputs/tiny-bert-sst2",
        per_device_train_batch_size=8,
        learning_rate=5e-5,
        num_train_epochs=1,
        logging_steps=10,
        save_steps=500,
        seed=42,
        report_to="none",
        use_cpu=True,
    )
    torch.save(args, folder / "training_args.bin")
    # What transformers.Trainer._save_rng_state writes on a CPU-only machine.
    torch.save(
        {"python": random.getstate(), "numpy": np.random.get_state(), "cpu": torch.random.get_rng_state()},
        folder / "rng_state.pth",
    )
    model = _mlp()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: max(0.0, 1.0 - step / 1000))
    for _ in range(3):
        optimizer.step()
        scheduler.step()
    torch.save(scheduler.state_dict(), folder / "scheduler.pt")
    state = TrainerState(
        epoch=0.5,
        global_step=500,
        max_steps=1000,
        logging_steps=10,
        save_steps=500,
        train_batch_size=8,
        num_train_epochs=1,
        log_history=[
            {"epoch": 0.25, "grad_norm": 3.1, "learning_rate": 3.8e-5, "loss": 0.61, "step": 250},
            {"epoch": 0.5, "grad_norm": 2.4, "learning_rate": 2.5e-5, "loss": 0.43, "step": 500},
        ],
    )
    state.save_to_json(str(folder / "trainer_state.json"))
    return [
        Entry(
            folder / "training_args.bin",
            "pytorch-zip",
            f"{_made_by('torch', 'torch.save')} of transformers {metadata.version('transformers')} TrainingArguments",
            "TrainingArguments with its enums (SchedulerType, OptimizerNames, IntervalStrategy...), "
            "AcceleratorConfig and accelerate PartialState",
        ),
        Entry(
            folder / "rng_state.pth",
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "Trainer rng_state.pth: random.getstate() tuple, numpy.random.get_state() (MT19937 array), torch CPU state",
        ),
        Entry(
            folder / "scheduler.pt",
            "pytorch-zip",
            _made_by("torch", "torch.save(LambdaLR.state_dict())"),
            "LambdaLR state dict (the lambda itself is not saved; lr_lambdas is [None])",
        ),
        Entry(
            folder / "trainer_state.json",
            "json",
            _made_by("transformers", "TrainerState.save_to_json"),
            "trainer state with log_history",
        ),
    ]


def torch_config_builtins(path: Path) -> list[Entry]:
    import collections
    import types

    import torch

    token_counts: collections.defaultdict[str, int] = collections.defaultdict(int)
    for token in "the model reads the weights and the config".split():
        token_counts[token] += 1
    torch.save(
        {
            "state_dict": _mlp().state_dict(),
            "config": {
                "layers": range(3),
                "label_dtype": int,
                "name_type": str,
                "optional_type": type(None),
                "flags": ["bf16", "compile"],
            },
            "token_counts": token_counts,
            "args": types.SimpleNamespace(lr=1e-3, epochs=3, tags=["baseline"]),
        },
        path,
    )
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "protocol-2 Python 2 names: range -> __builtin__.xrange, int -> __builtin__.long (also as the "
            "defaultdict(int) factory), str -> __builtin__.unicode; type(None); types.SimpleNamespace",
        )
    ]


def torch_nested_jagged(path: Path) -> list[Entry]:
    import torch

    gen = torch.Generator().manual_seed(SEED)
    jagged = torch.nested.nested_tensor(
        [torch.randn(3, 4, generator=gen), torch.randn(5, 4, generator=gen), torch.randn(2, 4, generator=gen)],
        layout=torch.jagged,
    )
    torch.save({"batch": jagged, "lengths": torch.tensor([3, 5, 2])}, path)
    return [
        Entry(
            path,
            "pytorch-zip",
            _made_by("torch", "torch.save"),
            "jagged-layout nested tensor: _rebuild_from_type_v2(_rebuild_njt), NestedTensor, "
            "torch._dynamo.decorators._DimRange",
        )
    ]


def stdlib_python2_names_pickle(path: Path) -> list[Entry]:
    import collections
    import datetime
    import types
    import zoneinfo

    counts: collections.defaultdict[str, int] = collections.defaultdict(int)
    counts["epochs"] += 3
    data = {
        "steps": range(0, 10, 2),
        "counts": counts,
        "types": [int, str, bool, float, type(None)],
        "ns": types.SimpleNamespace(lr=0.1, name="run-1"),
        "when": datetime.datetime(2024, 6, 1, 12, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")),
        "utc": datetime.datetime(2024, 6, 1, tzinfo=zoneinfo.ZoneInfo("UTC")),
    }
    path.write_bytes(pickle.dumps(data, protocol=2))
    return [
        Entry(
            path,
            "pickle",
            _python("pickle.dumps(protocol=2)"),
            "__builtin__.xrange/long/unicode/bool/float, defaultdict(__builtin__.long), builtins.type(None), "
            "types.SimpleNamespace, getattr(zoneinfo.ZoneInfo, '_unpickle')",
        )
    ]


def statsmodels_arima_results(path: Path) -> list[Entry]:
    import warnings

    import pandas as pd
    from statsmodels.tsa.arima.model import ARIMA

    rng = _rng()
    series = pd.Series(
        (rng.normal(size=60).cumsum() * 0.1 + rng.normal(size=60)),
        index=pd.date_range("2024-01-01", periods=60, freq="D"),
        name="demand",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = ARIMA(series, order=(1, 0, 0)).fit()
    results.save(str(path))
    return [
        Entry(
            path,
            "pickle",
            _made_by("statsmodels", "ARIMA(order=(1, 0, 0)).fit().save"),
            "state-space results: types.SimpleNamespace, Cython dStatespace/zStatespace and pandas blocks "
            "with raw float buffers",
        )
    ]


def statsmodels_ols_formula(path: Path) -> list[Entry]:
    import pandas as pd
    import statsmodels.formula.api as smf

    rng = _rng()
    frame = pd.DataFrame(
        {
            "y": rng.normal(size=120),
            "x": rng.normal(size=120),
            "group": pd.Series(rng.choice(["a", "b", "c"], size=120), dtype=object),
        }
    )
    smf.ols("y ~ x + C(group)", data=frame).fit().save(str(path))
    return [
        Entry(
            path,
            "pickle",
            _made_by("statsmodels", "smf.ols(formula).fit().save"),
            "OLS results with the formula design info and PandasData frames",
        )
    ]


def gensim_word2vec(path: Path) -> list[Entry]:
    from gensim.models import Word2Vec

    sentences = [
        ["the", "model", "reads", "the", "weights"],
        ["a", "scanner", "checks", "the", "model", "file"],
        ["weights", "and", "config", "travel", "together"],
        ["the", "scanner", "never", "loads", "the", "file"],
    ]
    model = Word2Vec(sentences, vector_size=8, window=2, min_count=1, workers=1, seed=SEED, epochs=5)
    model.save(str(path))
    return [
        Entry(
            path,
            "pickle",
            _made_by("gensim", "Word2Vec.save"),
            "Word2Vec keeps hashfxn=hash, pickled as builtins.hash; vectors depend on PYTHONHASHSEED",
        )
    ]


def scipy_interp1d_pickle(path: Path) -> list[Entry]:
    import numpy as np
    from scipy.interpolate import interp1d

    x = np.linspace(0.0, 4.0, 9)
    y = np.sin(x)
    data = {kind: interp1d(x, y, kind=kind) for kind in ("linear", "nearest", "previous", "cubic")}
    path.write_bytes(pickle.dumps(data, protocol=4))
    return [
        Entry(
            path,
            "pickle",
            _python(f"pickle.dumps(protocol=4) of scipy {metadata.version('scipy')}"),
            "interp1d objects: bound-method names such as interp1d._call_linear_np, _call_nearest, _call_spline",
        )
    ]


def keras_registered_custom_loss(path: Path) -> list[Entry]:
    keras = _keras()

    @keras.saving.register_keras_serializable(package="mylab", name="scaled_mse")
    def scaled_mse(y_true: Any, y_pred: Any) -> Any:
        return 0.5 * keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)

    inputs = keras.Input(shape=(6,), name="features")
    x = keras.layers.Dense(8, activation="relu", name="hidden")(inputs)
    outputs = keras.layers.Dense(1, name="out")(x)
    model = keras.Model(inputs, outputs, name="regressor")
    model.compile(optimizer="adam", loss=scaled_mse)
    model.save(path)
    return [
        Entry(
            path,
            "keras-v3",
            _keras_made_by("Model.save"),
            "loss is a function registered with register_keras_serializable(package='mylab'): config node "
            "{module: builtins, class_name: function, config: 'mylab>scaled_mse'}",
        )
    ]


def hf_tokenizer_chat_template(folder: Path) -> list[Entry]:
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    words = ["hello", "world", "the", "model", "tool", "call", "system", "user", "assistant"]
    vocab = {token: i for i, token in enumerate([*specials, *words])}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="<|endoftext|>"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>", "<|im_end|>"],
        model_max_length=2048,
    )
    tokenizer.chat_template = QWEN25_TEMPLATE
    written = sorted(Path(p) for p in tokenizer.save_pretrained(str(folder)) if Path(p).is_file())
    if not (folder / "chat_template.jinja").is_file():
        raise RuntimeError("transformers did not write chat_template.jinja (needs transformers >= 4.52)")
    made_by = _made_by("transformers", "PreTrainedTokenizerFast.save_pretrained")
    notes = {
        "chat_template.jinja": "standalone Qwen2.5 tool-calling chat template (first bytes '{%-'), "
        "written beside the tokenizer since transformers 4.50",
        "tokenizer.json": "tokenizers WordLevel vocabulary",
        "tokenizer_config.json": "tokenizer config without an inline chat_template",
        "special_tokens_map.json": "special tokens map",
    }
    return [
        Entry(path, "jinja" if path.suffix == ".jinja" else "json", made_by, notes.get(path.name, path.name))
        for path in written
    ]


def spacy_pipeline_pickle(path: Path) -> list[Entry]:
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    textcat = nlp.add_pipe("textcat")
    textcat.add_label("POSITIVE")
    textcat.add_label("NEGATIVE")
    path.write_bytes(pickle.dumps(nlp, protocol=5))
    return [
        Entry(
            path,
            "pickle",
            _python(f"pickle.dumps(protocol=5) of spacy {metadata.version('spacy')}"),
            "blank multi-language pipeline + sentencizer + untrained textcat: functools.partial(thinc empty_init), "
            "getattr(re._compile(...), 'search'), vocab/tokenizer byte blobs",
        )
    ]


# ---------------------------------------------------------------------------
# Case table and driver
# ---------------------------------------------------------------------------

CASES: tuple[Case, ...] = (
    Case("b01-torch-state-dict.pt", torch_state_dict),
    Case("b02-torch-legacy-state-dict.pt", torch_legacy_state_dict),
    Case("b03-torch-training-checkpoint.pt", torch_training_checkpoint),
    Case("b04-torch-checkpoint-argparse-hparams.ckpt", torch_checkpoint_argparse_hparams),
    Case("b05-torch-full-module.pt", torch_full_module),
    Case("b06-torchscript-scripted.pt", torchscript_scripted),
    Case("b07-torchscript-traced.pt", torchscript_traced),
    Case("b08-torch-export.pt2", torch_export_pt2),
    Case("b09-torch-dtypes.pt", torch_dtypes),
    Case("b10-torch-views-shared-storage.pt", torch_views_shared_storage),
    Case("b11-torch-checkpoint-numpy-meta.pth", torch_checkpoint_numpy_meta),
    Case("b12-safetensors-torch.safetensors", safetensors_from_torch),
    Case("b13-safetensors-numpy.safetensors", safetensors_from_numpy),
    Case("b14-numpy-float32.npy", numpy_float),
    Case("b15-numpy-int64-fortran.npy", numpy_int_fortran),
    Case("b16-numpy-structured.npy", numpy_structured),
    Case("b17-numpy-unicode.npy", numpy_unicode),
    Case("b18-numpy-arrays.npz", numpy_npz),
    Case("b19-numpy-compressed.npz", numpy_npz_compressed),
    Case("b20-sklearn-logreg-p4.pkl", sklearn_logreg_pickle4),
    Case("b21-sklearn-random-forest-p5.pkl", sklearn_random_forest_pickle5),
    Case("b22-sklearn-pipeline-p5.pkl", sklearn_pipeline_pickle5),
    Case("b23-sklearn-pipeline.joblib", joblib_pipeline_plain),
    Case("b24-sklearn-pipeline-zlib.joblib", joblib_pipeline_zlib),
    Case("b25-sklearn-pipeline-xz.joblib.xz", joblib_pipeline_xz),
    Case("b26-sklearn-pipeline-bz2.joblib.bz2", joblib_pipeline_bz2),
    Case("b27-sklearn-pipeline-gzip.joblib.gz", joblib_pipeline_gzip),
    Case("b28-joblib-array-dict.joblib", joblib_array_dict),
    Case("b29-skops-pipeline.skops", skops_pipeline),
    Case("b30-dill-plain-data.pkl", dill_plain_data),
    Case("b31-cloudpickle-plain-data.pkl", cloudpickle_plain_data),
    Case("b32-state-dict-numpy.pkl.gz", gzip_pickle_state_dict),
    Case("b33-onnx-mlp.onnx", onnx_mlp),
    Case("b34-onnx-external", onnx_external_data),
    Case("b35-gguf-qwen2.5-chatml-tools.gguf", gguf_qwen25),
    Case("b36-gguf-qwen3-namespace-tools.gguf", gguf_qwen3),
    Case("b37-gguf-llama3.1-tools.gguf", gguf_llama31),
    Case("b38-gguf-mistral-instruct.gguf", gguf_mistral),
    Case("b39-gguf-gemma2.gguf", gguf_gemma),
    Case("b40-gguf-phi3-mini.gguf", gguf_phi3),
    Case("b41-gguf-deepseek-r1-distill.gguf", gguf_deepseek_r1_distill),
    Case("b42-tokenizer-config-deepseek-coder.json", tokenizer_config_deepseek_coder),
    Case("b43-tokenizer-config-llama3.1.json", tokenizer_config_llama31),
    Case("b44-chat-template-qwen3.jinja", chat_template_jinja_qwen3),
    Case("b45-keras-functional-cnn.keras", keras_functional),
    Case("b46-keras-sequential-trained.keras", keras_sequential_trained),
    Case("b47-keras-legacy.h5", keras_legacy_h5),
    Case("b48-h5py-datasets.h5", h5py_datasets),
    Case(HF_FOLDER_CASE, hf_model_folder),
    Case("b50-hf-model.tar.gz", hf_model_tar_gz),
    Case("b51-safetensors-shards.zip", safetensors_shards_zip),
    Case("b52-sklearn-random-forest.joblib", joblib_random_forest),
    Case("b53-sklearn-functiontransformer-log1p.joblib", joblib_function_transformer),
    Case("b54-numpy-rng-state.pkl", numpy_rng_pickle),
    Case("b55-stdlib-types.pkl", stdlib_types_pickle),
    Case("b56-torch-quantized-checkpoint.pt", torch_quantized_checkpoint),
    Case("b57-torch-sparse-generator.pt", torch_sparse_generator),
    Case("b58-numpy-object-array.npy", numpy_object_array),
    Case("b59-scipy-csr.joblib", joblib_scipy_csr),
    Case("b60-pandas-dataframe.pkl", pandas_dataframe_pickle),
    Case("b61-sklearn-dataframe-pipeline.joblib", joblib_sklearn_dataframe_pipeline),
    Case("b62-joblib-dataframe-zlib.joblib", joblib_dataframe_zlib),
    Case("b63-lightning-omegaconf.ckpt", lightning_omegaconf_checkpoint),
    Case("b64-hf-trainer-checkpoint-500", hf_trainer_checkpoint),
    Case("b65-torch-config-builtins.pt", torch_config_builtins),
    Case("b66-torch-nested-jagged.pt", torch_nested_jagged),
    Case("b67-stdlib-python2-names-p2.pkl", stdlib_python2_names_pickle),
    Case("b68-statsmodels-arima.pickle", statsmodels_arima_results),
    Case("b69-statsmodels-ols-formula.pickle", statsmodels_ols_formula),
    Case("b70-gensim-word2vec.model", gensim_word2vec),
    Case("b71-scipy-interp1d.pkl", scipy_interp1d_pickle),
    Case("b72-keras-registered-custom-loss.keras", keras_registered_custom_loss),
    Case("b73-hf-tokenizer-chat-template", hf_tokenizer_chat_template),
    Case("b74-spacy-pipeline.pkl", spacy_pipeline_pickle),
)


def _check_sizes(benign: Path) -> int:
    total = 0
    for file in sorted(p for p in benign.rglob("*") if p.is_file()):
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RuntimeError(f"{file} is {size} bytes, above {MAX_FILE_BYTES}")
        total += size
    if total > MAX_TOTAL_BYTES:
        raise RuntimeError(f"benign corpus is {total} bytes, above {MAX_TOTAL_BYTES}")
    return total


def build_corpus(out: Path) -> list[Entry]:
    """Build every case into ``out/benign`` and write ``out/manifest-benign.json``."""
    benign = out / "benign"
    if benign.exists():
        shutil.rmtree(benign)
    benign.mkdir(parents=True)
    entries: list[Entry] = []
    for case in CASES:
        _seed_everything()
        with _pinned_clock():
            entries.extend(case.build(benign / case.name))
    listed = {entry.path.resolve() for entry in entries}
    unlisted = [p for p in benign.rglob("*") if p.is_file() and p.resolve() not in listed]
    if unlisted:
        raise RuntimeError(f"files missing from the manifest: {unlisted}")
    total = _check_sizes(benign)
    manifest = {
        "files": [
            {
                "path": entry.path.relative_to(out).as_posix(),
                "format": entry.format,
                "made_by": entry.made_by,
                "note": entry.note,
            }
            for entry in entries
        ]
    }
    _write_json(out / "manifest-benign.json", manifest)
    print(f"wrote {len(entries)} files ({total} bytes) to {benign}", file=sys.stderr)
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="corpus root (benign/ is written inside)")
    args = parser.parse_args(argv)
    build_corpus(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
