"""Chat templates for the class 7 tests: benign ones in the style of real model families (they must stay below
high), and a ChatML carrier that payload variants are spliced into. Templates are only ever parsed."""

from __future__ import annotations

CHATML = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>'"
    " + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def carrier(payload: str) -> str:
    """A working ChatML template with the payload inside its message loop (not at the start of the file)."""
    return (
        "{%- for message in messages %}\n"
        "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}\n"
        "{%- if loop.last %}" + payload + "{% endif %}\n"
        "{%- endfor %}\n"
        "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}\n"
    )


BENIGN: dict[str, str] = {
    "chatml": CHATML,
    "zephyr": (
        "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\\n' + message['content']"
        " + eos_token }}\n{% elif message['role'] == 'system' %}\n{{ '<|system|>\\n' +"
        " message['content'] + eos_token }}"
        "\n{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\\n'  + message['content'] + eos_token }}\n"
        "{% endif %}\n{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}"
    ),
    "llama2": (
        "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
        "{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}"
        "{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
        "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
        "{% if loop.index0 == 0 and system_message != false %}"
        "{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
        "{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}"
        "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
        "{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}"
    ),
    "llama3": (
        "{% set loop_messages = messages %}{% for message in loop_messages %}"
        "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'"
        " + message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
        "{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"
    ),
    "llama3.1-tools": (
        "{{- bos_token }}\n{%- if custom_tools is defined %}\n    {%- set tools = custom_tools %}\n{%- endif %}\n"
        "{%- if not tools_in_user_message is defined %}\n    {%- set tools_in_user_message = true %}\n{%- endif %}\n"
        "{%- if not date_string is defined %}\n    {%- set date_string = \"26 Jul 2024\" %}\n{%- endif %}\n"
        "{%- if not tools is defined %}\n    {%- set tools = none %}\n{%- endif %}\n"
        "{%- if messages[0]['role'] == 'system' %}\n    {%- set system_message = messages[0]['content']|trim %}\n"
        "    {%- set messages = messages[1:] %}\n{%- else %}\n    {%- set system_message = \"\" %}\n{%- endif %}\n"
        "{{- \"<|start_header_id|>system<|end_header_id|>\\n\\n\" }}\n"
        "{%- if builtin_tools is defined or tools is not none %}\n    {{- \"Environment: ipython\\n\""
        " }}\n{%- endif %}\n"
        "{%- if builtin_tools is defined %}\n"
        "    {{- \"Tools: \" + builtin_tools | reject('equalto', 'code_interpreter') | join(\", \") + \"\\n\\n\"}}\n"
        "{%- endif %}\n{{- \"Cutting Knowledge Date: December 2023\\n\" }}\n"
        "{{- \"Today Date: \" + date_string + \"\\n\\n\" }}\n"
        "{%- if tools is not none and not tools_in_user_message %}\n"
        "    {{- \"You have access to the following functions.\\n\\n\" }}\n"
        "    {%- for t in tools %}\n        {{- t | tojson(indent=4) }}\n        {{- \"\\n\\n\" }}\n    {%- endfor %}\n"
        "{%- endif %}\n{{- system_message }}\n{{- \"<|eot_id|>\" }}\n"
        "{%- for message in messages %}\n"
        "    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}\n"
        "        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim"
        " + '<|eot_id|>' }}\n"
        "    {%- elif 'tool_calls' in message %}\n"
        "        {%- if not message.tool_calls|length == 1 %}\n"
        "            {{- raise_exception(\"This model only supports single tool-calls at once!\") }}\n"
        "        {%- endif %}\n        {%- set tool_call = message.tool_calls[0].function %}\n"
        "        {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}\n"
        "        {{- '{\"name\": \"' + tool_call.name + '\", ' }}\n"
        "        {{- '\"parameters\": ' }}\n        {{- tool_call.arguments | tojson }}\n        {{- \"}\" }}\n"
        "        {{- \"<|eot_id|>\" }}\n"
        "    {%- elif message.role == \"tool\" or message.role == \"ipython\" %}\n"
        "        {{- \"<|start_header_id|>ipython<|end_header_id|>\\n\\n\" }}\n"
        "        {%- if message.content is mapping or message.content is iterable %}\n"
        "            {{- message.content | tojson }}\n        {%- else %}\n            {{- message.content }}\n"
        "        {%- endif %}\n        {{- \"<|eot_id|>\" }}\n    {%- endif %}\n{%- endfor %}\n"
        "{%- if add_generation_prompt %}\n    {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}\n"
        "{%- endif %}\n"
    ),
    "mistral-v3-tools": (
        "{%- if messages[0][\"role\"] == \"system\" %}\n    {%- set system_message = messages[0][\"content\"] %}\n"
        "    {%- set loop_messages = messages[1:] %}\n{%- else %}\n    {%- set loop_messages = messages %}\n"
        "{%- endif %}\n{%- if not tools is defined %}\n    {%- set tools = none %}\n{%- endif %}\n"
        "{%- set user_messages = loop_messages | selectattr(\"role\", \"equalto\", \"user\") | list %}\n"
        "{{- bos_token }}\n{%- for message in loop_messages %}\n    {%- if message[\"role\"] == \"user\" %}\n"
        "        {%- if tools is not none and (message == user_messages[-1]) %}\n"
        "            {{- \"[AVAILABLE_TOOLS] [\" }}\n            {%- for tool in tools %}\n"
        "                {%- set tool = tool.function %}\n                {{- '{\"type\": \"function\","
        " \"function\": {' }}\n"
        "                {%- for key, val in tool.items() if key != \"return\" %}\n"
        "                    {%- if val is string %}\n"
        "                        {{- '\"' + key + '\": \"' + val + '\"' }}\n                    {%- else %}\n"
        "                        {{- '\"' + key + '\": ' + val|tojson }}\n                    {%- endif %}\n"
        "                    {%- if not loop.last %}\n                        {{- \", \" }}\n"
        "                    {%- endif %}\n                {%- endfor %}\n                {{- \"}}\" }}\n"
        "                {%- if not loop.last %}\n                    {{- \", \" }}\n                {%- else %}\n"
        "                    {{- \"]\" }}\n                {%- endif %}\n            {%- endfor %}\n"
        "            {{- \"[/AVAILABLE_TOOLS]\" }}\n        {%- endif %}\n"
        "        {%- if loop.last and system_message is defined %}\n"
        "            {{- \"[INST] \" + system_message + \"\\n\\n\" + message[\"content\"] + \"[/INST]\" }}\n"
        "        {%- else %}\n            {{- \"[INST] \" + message[\"content\"] + \"[/INST]\" }}\n    "
        "    {%- endif %}\n"
        "    {%- elif message.tool_calls is defined and message.tool_calls is not none %}\n"
        "        {{- \"[TOOL_CALLS] [\" }}\n        {%- for tool_call in message.tool_calls %}\n"
        "            {%- set out = tool_call.function|tojson %}\n            {{- out[:-1] }}\n"
        "            {%- if not tool_call.id is defined or tool_call.id|length != 9 %}\n"
        "                {{- raise_exception(\"Tool call IDs should be alphanumeric strings with length 9!\") }}\n"
        "            {%- endif %}\n            {{- ', \"id\": \"' + tool_call.id + '\"}' }}\n"
        "            {%- if not loop.last %}\n                {{- \", \" }}\n            {%- else %}\n"
        "                {{- \"]\" + eos_token }}\n            {%- endif %}\n        {%- endfor %}\n"
        "    {%- elif message[\"role\"] == \"assistant\" %}\n        {{- \" \" +"
        " message[\"content\"]|trim + eos_token}}\n"
        "    {%- elif message[\"role\"] == \"tool_results\" or message[\"role\"] == \"tool\" %}\n"
        "        {%- if message.content is defined and message.content.content is defined %}\n"
        "            {%- set content = message.content.content %}\n        {%- else %}\n"
        "            {%- set content = message.content %}\n        {%- endif %}\n"
        "        {{- '[TOOL_RESULTS] {\"content\": ' + content|string + \", \" }}\n"
        "        {{- '\"call_id\": \"' + message.tool_call_id + '\"}[/TOOL_RESULTS]' }}\n    {%- else %}\n"
        "        {{- raise_exception(\"Only user and assistant roles are supported, with the exception of an initial"
        " optional system message!\") }}\n    {%- endif %}\n{%- endfor %}\n"
    ),
    "gemma2": (
        "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
        "{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
        "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}"
        "{% endif %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}"
        "{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}"
    ),
    "gemma3-multimodal": (
        "{{ bos_token }}\n{%- if messages[0]['role'] == 'system' -%}\n"
        "    {%- if messages[0]['content'] is string -%}\n"
        "        {%- set first_user_prefix = messages[0]['content'] + '\\n\\n' -%}\n    {%- else -%}\n"
        "        {%- set first_user_prefix = messages[0]['content'][0]['text'] + '\\n\\n' -%}\n    {%- endif -%}\n"
        "    {%- set loop_messages = messages[1:] -%}\n{%- else -%}\n    {%- set first_user_prefix = \"\" -%}\n"
        "    {%- set loop_messages = messages -%}\n{%- endif -%}\n{%- for message in loop_messages -%}\n"
        "    {%- if (message['role'] == 'assistant') -%}\n        {%- set role = \"model\" -%}\n    {%- else -%}\n"
        "        {%- set role = message['role'] -%}\n    {%- endif -%}\n"
        "    {{ '<start_of_turn>' + role + '\\n' + (first_user_prefix if loop.first else \"\") }}\n"
        "    {%- if message['content'] is string -%}\n        {{ message['content'] | trim }}\n"
        "    {%- elif message['content'] is iterable -%}\n        {%- for item in message['content'] -%}\n"
        "            {%- if item['type'] == 'image' -%}\n                {{ '<start_of_image>' }}\n"
        "            {%- elif item['type'] == 'text' -%}\n                {{ item['text'] | trim }}\n"
        "            {%- endif -%}\n        {%- endfor -%}\n    {%- else -%}\n"
        "        {{ raise_exception(\"Invalid content type\") }}\n    {%- endif -%}\n    {{ '<end_of_turn>\\n' }}\n"
        "{%- endfor -%}\n{%- if add_generation_prompt -%}\n    {{'<start_of_turn>model\\n'}}\n{%- endif -%}\n"
    ),
    "deepseek-r1": (
        "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}"
        "{% set ns = namespace(is_first=false, is_tool=false, is_output_first=true, system_prompt='') %}"
        "{%- for message in messages %}{%- if message['role'] == 'system' %}"
        "{% set ns.system_prompt = message['content'] %}{%- endif %}{%- endfor %}{{bos_token}}{{ns.system_prompt}}"
        "{%- for message in messages %}{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}"
        "{{'<｜User｜>' + message['content']}}{%- endif %}"
        "{%- if message['role'] == 'assistant' and message['content'] is none %}{%- set ns.is_tool = false -%}"
        "{%- for tool in message['tool_calls']%}{%- if not ns.is_first %}"
        "{{'<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>'"
        " + tool['function']['name'] + '\\n' + '```json' + '\\n' + tool['function']['arguments'] + '\\n' + '```'"
        " + '<｜tool▁call▁end｜>'}}{%- set ns.is_first = true -%}{%- else %}"
        "{{'\\n' + '<｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\\n'"
        " + '```json' + '\\n' + tool['function']['arguments'] + '\\n' + '```' + '<｜tool▁call▁end｜>'}}"
        "{{'<｜tool▁calls▁end｜><｜end▁of▁sentence｜>'}}{%- endif %}{%- endfor %}{%- endif %}"
        "{%- if message['role'] == 'assistant' and message['content'] is not none %}{%- if ns.is_tool %}"
        "{{'<｜tool▁outputs▁end｜>' + message['content'] + '<｜end▁of▁sentence｜>'}}{%- set ns.is_tool = false -%}"
        "{%- else %}{% set content = message['content'] %}{% if '</think>' in content %}"
        "{% set content = content.split('</think>')[-1] %}{% endif %}"
        "{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endif %}"
        "{%- if message['role'] == 'tool' %}{%- set ns.is_tool = true -%}{%- if ns.is_output_first %}"
        "{{'<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}"
        "{%- set ns.is_output_first = false %}{%- else %}"
        "{{'\\n<｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- endif %}{%- endif %}"
        "{%- endfor -%}{% if ns.is_tool %}{{'<｜tool▁outputs▁end｜>'}}{% endif %}"
        "{% if add_generation_prompt and not ns.is_tool %}{{'<｜Assistant｜><think>\\n'}}{% endif %}"
    ),
    "deepseek-coder": (
        "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}"
        "{%- set ns = namespace(found=false) -%}{%- for message in messages -%}{%- if message['role'] == 'system' -%}"
        "{%- set ns.found = true -%}{%- endif -%}{%- endfor -%}{{bos_token}}{%- if not ns.found -%}"
        "{{'You are an AI programming assistant.\\n'}}{%- endif %}{%- for message in messages %}"
        "{%- if message['role'] == 'system' %}{{ message['content'] }}{%- else %}{%- if message['role'] == 'user' %}"
        "{{'### Instruction:\\n' + message['content'] + '\\n'}}{%- else %}"
        "{{'### Response:\\n' + message['content'] + '\\n<|EOT|>\\n'}}{%- endif %}{%- endif %}{%- endfor %}"
        "{% if add_generation_prompt %}{{'### Response:'}}{% endif %}"
    ),
    "qwen2.5-tools": (
        "{%- if tools %}\n    {{- '<|im_start|>system\\n' }}\n    {%- if messages[0]['role'] == 'system' %}\n"
        "        {{- messages[0]['content'] }}\n    {%- else %}\n"
        "        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}\n    {%- endif %}\n"
        "    {{- \"\\n\\n# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\n"
        "<tools>\" }}\n    {%- for tool in tools %}\n        {{- \"\\n\" }}\n        {{- tool | tojson }}\n"
        "    {%- endfor %}\n    {{- \"\\n</tools>\\n\\n<tool_call>\\n{\\\"name\\\": <function-name>, "
        "\\\"arguments\\\": <args-json-object>}\\n</tool_call><|im_end|>\\n\" }}\n{%- else %}\n"
        "    {%- if messages[0]['role'] == 'system' %}\n"
        "        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}\n    {%- else %}\n"
        "        {{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}\n    {%- endif %}\n"
        "{%- endif %}\n{%- for message in messages %}\n"
        "    {%- if (message.role == \"user\") or (message.role == \"system\" and not loop.first) or "
        "(message.role == \"assistant\" and not message.tool_calls) %}\n"
        "        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}\n"
        "    {%- elif message.role == \"assistant\" %}\n        {{- '<|im_start|>' + message.role }}\n"
        "        {%- if message.content %}\n            {{- '\\n' + message.content }}\n        {%- endif %}\n"
        "        {%- for tool_call in message.tool_calls %}\n            {%- if tool_call.function is defined %}\n"
        "                {%- set tool_call = tool_call.function %}\n            {%- endif %}\n"
        "            {{- '\\n<tool_call>\\n{\"name\": \"' }}\n            {{- tool_call.name }}\n"
        "            {{- '\", \"arguments\": ' }}\n            {{- tool_call.arguments | tojson }}\n"
        "            {{- '}\\n</tool_call>' }}\n        {%- endfor %}\n        {{- '<|im_end|>\\n' }}\n"
        "    {%- elif message.role == \"tool\" %}\n"
        "        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != \"tool\") %}\n"
        "            {{- '<|im_start|>user' }}\n        {%- endif %}\n"
        "        {{- '\\n<tool_response>\\n' }}\n        {{- message.content }}\n        {{- '\\n</tool_response>' }}\n"
        "        {%- if loop.last or (messages[loop.index0 + 1].role != \"tool\") %}\n"
        "            {{- '<|im_end|>\\n' }}\n        {%- endif %}\n    {%- endif %}\n{%- endfor %}\n"
        "{%- if add_generation_prompt %}\n    {{- '<|im_start|>assistant\\n' }}\n{%- endif %}\n"
    ),
    "qwen3-namespace": (
        "{%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}\n"
        "{%- for message in messages[::-1] %}\n    {%- set index = (messages|length - 1) - loop.index0 %}\n"
        "    {%- if ns.multi_step_tool and message.role == \"user\" and message.content is string and not"
        "(message.content.startswith('<tool_response>') and message.content.endswith('</tool_response>')) %}\n"
        "        {%- set ns.multi_step_tool = false %}\n        {%- set ns.last_query_index = index %}\n"
        "    {%- endif %}\n{%- endfor %}\n{%- for message in messages %}\n"
        "    {%- if message.content is string %}\n        {%- set content = message.content %}\n    {%- else %}\n"
        "        {%- set content = '' %}\n    {%- endif %}\n"
        "    {%- if (message.role == \"user\") or (message.role == \"system\" and not loop.first) %}\n"
        "        {{- '<|im_start|>' + message.role + '\\n' + content + '<|im_end|>' + '\\n' }}\n"
        "    {%- elif message.role == \"assistant\" %}\n        {%- set reasoning_content = '' %}\n"
        "        {%- if message.reasoning_content is string %}\n"
        "            {%- set reasoning_content = message.reasoning_content %}\n        {%- else %}\n"
        "            {%- if '</think>' in content %}\n"
        "                {%- set reasoning_content = content.split('</think>')[0].rstrip('\\n')"
        ".split('<think>')[-1].lstrip('\\n') %}\n"
        "                {%- set content = content.split('</think>')[-1].lstrip('\\n') %}\n            {%- endif %}\n"
        "        {%- endif %}\n        {%- if loop.index0 > ns.last_query_index %}\n"
        "            {%- if loop.last or (not loop.last and reasoning_content) %}\n"
        "                {{- '<|im_start|>' + message.role + '\\n<think>\\n' + reasoning_content.strip('\\n')"
        " + '\\n</think>\\n\\n' + content.lstrip('\\n') }}\n            {%- else %}\n"
        "                {{- '<|im_start|>' + message.role + '\\n' + content }}\n            {%- endif %}\n"
        "        {%- else %}\n            {{- '<|im_start|>' + message.role + '\\n' + content }}\n     "
        "   {%- endif %}\n"
        "        {{- '<|im_end|>\\n' }}\n    {%- endif %}\n{%- endfor %}\n{%- if add_generation_prompt %}\n"
        "    {{- '<|im_start|>assistant\\n' }}\n    {%- if enable_thinking is defined and enable_thinking is false %}\n"
        "        {{- '<think>\\n\\n</think>\\n\\n' }}\n    {%- endif %}\n{%- endif %}\n"
    ),
    "phi3": (
        "{% for message in messages %}{% if message['role'] == 'system' %}"
        "{{'<|system|>\\n' + message['content'] + '<|end|>\\n'}}{% elif message['role'] == 'user' %}"
        "{{'<|user|>\\n' + message['content'] + '<|end|>\\n'}}{% elif message['role'] == 'assistant' %}"
        "{{'<|assistant|>\\n' + message['content'] + '<|end|>\\n'}}{% endif %}{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% else %}{{ eos_token }}{% endif %}"
    ),
    "vicuna-cycler": (
        "{% set roles = cycler('USER', 'ASSISTANT') %}{% if messages[0]['role'] == 'system' %}"
        "{{ messages[0]['content'] + '\\n\\n' }}{% set messages = messages[1:] %}{% endif %}"
        "{% for message in messages %}{{ roles.next() + ': ' + message['content'] }}"
        "{% if not loop.last %}{{ '\\n' }}{% endif %}{% endfor %}"
        "{% if add_generation_prompt %}{{ '\\nASSISTANT:' }}{% endif %}"
    ),
    "joiner-tools-list": (
        "{% set comma = joiner(', ') %}{% if tools %}{{ 'Tools: ' }}{% for tool in tools %}{{ comma() }}"
        "{{ tool.function.name }}{% endfor %}{{ '\\n' }}{% endif %}{% for message in messages %}"
        "{{ loop.cycle('>>> ', '<<< ') }}{{ message.content }}{% if loop.index < loop.length %}{{ '\\n' }}{% endif %}"
        "{% if loop.changed(message.role) %}{% endif %}{% endfor %}"
    ),
    "command-r-macro": (
        "{% macro render_tool(tool) %}{{ '```python\\ndef ' + tool.name + '(' }}{% for param_name, param in "
        "tool.parameter_definitions.items() %}{{ param_name + ': ' + param.type }}{% if not loop.last %}"
        "{{ ', ' }}{% endif %}{% endfor %}{{ ') -> List[Dict]:\\n    \"\"\"' + tool.description + '\"\"\"\\n```' }}"
        "{% endmacro %}{{ bos_token }}{% for tool in tools %}{{ render_tool(tool) }}{% endfor %}"
        "{% for message in messages %}{% if message['role'] == 'user' %}"
        "{{ '<|START_OF_TURN_TOKEN|><|USER_TOKEN|>' + message['content'] + '<|END_OF_TURN_TOKEN|>' }}"
        "{% elif message['role'] == 'assistant' %}"
        "{{ '<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>' + message['content'] + '<|END_OF_TURN_TOKEN|>' }}"
        "{% endif %}{% endfor %}{% if add_generation_prompt %}"
        "{{ '<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>' }}{% endif %}"
    ),
    "smollm3-generation": (
        "{%- set system_message = \"\" -%}{%- if messages[0].role == \"system\" -%}"
        "{%- set system_message = messages[0].content -%}{%- endif -%}"
        "{{- \"<|im_start|>system\\n\" + system_message + \"<|im_end|>\\n\" -}}"
        "{%- for message in messages if message.role != \"system\" -%}{%- if message.role == \"assistant\" -%}"
        "{{- \"<|im_start|>assistant\\n\" -}}{% generation %}{{- message.content + \"<|im_end|>\\n\" -}}"
        "{% endgeneration %}{%- else -%}{{- \"<|im_start|>\" + message.role + \"\\n\" + message.content"
        " + \"<|im_end|>\\n\" -}}{%- endif -%}{%- endfor -%}"
        "{%- if add_generation_prompt -%}{{- \"<|im_start|>assistant\\n\" -}}{%- endif -%}"
    ),
    "gpt-oss-style": (
        "{%- macro render_typescript_type(param_spec) -%}{%- if param_spec.type == \"array\" -%}"
        "{{- render_typescript_type(param_spec['items']) + '[]' -}}{%- elif param_spec.type == \"string\" -%}"
        "{%- if param_spec.enum -%}{{- '\"' + param_spec.enum|join('\" | \"') + '\"' -}}{%- else -%}{{- \"string\" -}}"
        "{%- endif -%}{%- elif param_spec.type == \"object\" -%}{{- \"{\" -}}"
        "{%- for prop_name, prop_spec in param_spec.properties.items() -%}{{- prop_name + \": \" -}}"
        "{{- render_typescript_type(prop_spec) -}}{%- if not loop.last -%}{{- \", \" -}}{%- endif -%}{%- endfor -%}"
        "{{- \"}\" -}}{%- else -%}{{- \"any\" -}}{%- endif -%}{%- endmacro -%}"
        "{{- \"<|start|>system<|message|>Knowledge cutoff: 2024-06\\nCurrent date: \" + strftime_now(\"%Y-%m-%d\")"
        " + \"<|end|>\" -}}{%- if tools -%}{%- for tool in tools -%}{{- \"type \" + tool.function.name"
        " + \" = (_: \" -}}"
        "{{- render_typescript_type(tool.function.parameters) -}}{{- \") => any;\\n\" -}}{%- endfor -%}{%- endif -%}"
        "{%- for message in messages -%}{{- \"<|start|>\" + message.role + \"<|message|>\" + message.content"
        " + \"<|end|>\" -}}{%- endfor -%}{%- if add_generation_prompt -%}{{- \"<|start|>assistant\" -}}{%- endif -%}"
    ),
    "granite-sort-map": (
        "{%- set tool_names = tools | map(attribute='function') | map(attribute='name') | list if tools else [] %}"
        "{%- set roles = messages | map(attribute='role') | unique | sort | list %}"
        "{%- if tool_names %}{{- '<|start_of_role|>available_tools<|end_of_role|>' + tool_names | join(', ')"
        " + '<|end_of_text|>\\n' }}{%- endif %}{%- for message in messages | selectattr('content') %}"
        "{{- '<|start_of_role|>' + message['role'] + '<|end_of_role|>' + message['content'] + '<|end_of_text|>\\n' }}"
        "{%- endfor %}{%- if add_generation_prompt %}{{- '<|start_of_role|>assistant<|end_of_role|>' }}{%- endif %}"
    ),
    "dunder-style-role-tokens": (
        "{% set tokens = {'system': '__SYS__', 'user': '__USER__', 'assistant': '__BOT__'} %}"
        "{% macro eot() %}__END__{% endmacro %}{% for message in messages %}"
        "{{ tokens[message['role']] ~ ' ' ~ message['content'] ~ eot() }}{% if not loop.last %}{{ '\n' }}{% endif %}"
        "{% endfor %}{% if add_generation_prompt %}{{ tokens.assistant }}{% endif %}"
    ),
}


# Templates that index with keys the conversation provides (loop variables over messages, tools, tool parameter
# properties, documents, macro arguments): unknown before rendering, and normal. They must stay below high.
INDEXING: dict[str, str] = {
    "tool-parameter-properties": (
        "{%- for tool in tools %}{{- tool['function']['name'] + ': ' }}"
        "{%- for name, prop in tool['function']['parameters']['properties'].items() %}"
        "{%- for key in prop %}{{- name ~ '.' ~ key ~ '=' ~ prop[key] | string ~ '; ' }}{%- endfor %}"
        "{%- endfor %}{%- endfor %}"
        "{%- for message in messages %}{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] }}"
        "{%- endfor %}"
    ),
    "message-extra-fields": (
        "{%- for message in messages %}{%- for key in message %}"
        "{%- if key not in ['role', 'content'] %}{{- key ~ ': ' ~ message[key] | tojson ~ '\\n' }}{%- endif %}"
        "{%- endfor %}{{- '<start_of_turn>' ~ message['role'] ~ '\\n' ~ message['content'] ~ '<end_of_turn>' }}"
        "{%- endfor %}"
    ),
    "role-lookup-table": (
        "{%- set role_names = {'user': 'Human', 'assistant': 'Assistant', 'system': 'System_Prompt'} %}"
        "{{- bos_token }}{%- for message in messages %}{{- role_names[message['role']] ~ ': ' ~ message['content']"
        " ~ eos_token }}{%- endfor %}"
    ),
    "index-by-counter": (
        "{%- for i in range(messages | length) %}{%- set m = messages[i] %}"
        "{%- if i > 0 and messages[i - 1]['role'] == m['role'] %}{{- raise_exception('roles must alternate') }}"
        "{%- endif %}{{- '[' ~ m['role'] ~ '] ' ~ messages[i]['content'] ~ '\\n' }}{%- endfor %}"
    ),
    "namespace-last-user-index": (
        "{%- set ns = namespace(last_user=0, multi_step_tool=true) %}"
        "{%- for message in messages %}{%- if message['role'] == 'user' %}{%- set ns.last_user = loop.index0 %}"
        "{%- endif %}{%- endfor %}"
        "{%- for message in messages %}{{- '<|im_start|>' ~ message.role ~ '\\n' }}"
        "{%- if loop.index0 == ns.last_user %}{{- messages[ns.last_user]['content'] }}{%- else %}"
        "{{- message.content }}{%- endif %}{{- '<|im_end|>\\n' }}{%- endfor %}"
    ),
    "tool-type-key": (
        "{%- if tools %}{%- for tool in tools %}{%- set spec = tool[tool['type']] if tool['type'] in tool else tool %}"
        "{{- '<tool>' ~ spec['name'] ~ ': ' ~ spec['description'] ~ '</tool>\\n' }}{%- endfor %}{%- endif %}"
        "{%- for message in messages %}{{- message['role'] ~ ': ' ~ message['content'] ~ '\\n' }}{%- endfor %}"
    ),
    "macro-over-arguments": (
        "{%- macro render_args(call) %}{%- for arg_name in call['arguments'] %}"
        "{{- arg_name ~ '=' ~ call['arguments'][arg_name] | tojson }}{%- if not loop.last %}, {% endif %}"
        "{%- endfor %}{%- endmacro %}"
        "{%- for message in messages %}{%- if message['tool_calls'] is defined %}"
        "{%- for tool_call in message['tool_calls'] %}{{- tool_call['function']['name'] ~ '('"
        " ~ render_args(tool_call['function']) ~ ')' }}{%- endfor %}{%- else %}{{- message['content'] }}{%- endif %}"
        "{%- endfor %}"
    ),
    "documents-items": (
        "{%- if documents %}{%- for doc in documents %}{%- for key in doc | sort %}"
        "{{- key | capitalize ~ ': ' ~ doc[key] ~ '\\n' }}{%- endfor %}{%- endfor %}{%- endif %}"
        "{%- for message in messages %}{{- message['content'] }}{%- endfor %}"
    ),
    "content-parts-by-type": (
        "{%- for message in messages %}{%- if message['content'] is string %}{{- message['content'] }}"
        "{%- else %}{%- for part in message['content'] %}{{- part[part['type']] if part['type'] == 'text' else"
        " '<image>' }}{%- endfor %}{%- endif %}{%- endfor %}"
    ),
    "cycler-roles": (
        "{%- set turns = cycler('user', 'assistant') %}{%- for message in messages %}"
        "{%- if message['role'] != turns.next() %}{{- raise_exception('roles must alternate') }}{%- endif %}"
        "{{- '<|' ~ message['role'] ~ '|>' ~ message['content'] }}{%- endfor %}"
    ),
}
