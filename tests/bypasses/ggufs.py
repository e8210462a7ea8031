"""GGUF files for the class 6 and 7 tests, written by gguf-py's GGUFWriter (the reference writer llama.cpp's
converters use). Metadata keys keep the order they are given in, so floods can be placed before a template."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_gguf(path: Path, metadata: list[tuple[str, Any]]) -> Path:
    """A real GGUF with the given metadata (str, int, float, or a list of one of them) and one small tensor."""
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "llama")
    for key, value in metadata:
        if isinstance(value, str):
            writer.add_string(key, value)
        elif isinstance(value, bool):
            writer.add_bool(key, value)
        elif isinstance(value, int):
            writer.add_uint32(key, value)
        elif isinstance(value, float):
            writer.add_float32(key, value)
        else:
            writer.add_array(key, value)
    writer.add_tensor("token_embd.weight", np.zeros((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def write_gguf_templates(path: Path, templates: list[dict[str, str]], before: list[tuple[str, Any]] | None = None
                         ) -> Path:
    """A GGUF whose templates are stored the way convert_hf_to_gguf stores a tokenizer_config list:
    tokenizer.chat_template for 'default', tokenizer.chat_template.<name> for every other name."""
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "llama")
    for key, value in before or []:
        writer.add_array(key, value) if isinstance(value, list) else writer.add_string(key, value)
    writer.add_chat_template(templates)
    writer.add_tensor("token_embd.weight", np.zeros((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
