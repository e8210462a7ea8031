import pickle

from aiwarden.scan.pkl.lexical import global_references
from tests.helpers import call


def test_finds_text_and_stack_globals() -> None:
    data = b"junk" + call("os", "system", "id") + b"\xff" + pickle.dumps(print, protocol=4)
    refs = {(m, n) for m, n, _ in global_references(data)}
    assert ("os", "system") in refs and ("builtins", "print") in refs


def test_length_bytes_must_match() -> None:
    # A SHORT_BINUNICODE whose length byte disagrees with the text is not a reference.
    data = b"\x8c\x02osx\x8c\x06system\x93"
    assert list(global_references(data)) == []
