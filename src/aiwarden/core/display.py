"""Names from untrusted sources (file names, archive members) made safe to print.

A file name can hold a newline (forging a second line of output), terminal escape sequences, bidi
controls, or combining marks that make two different names (NFC ``é`` and NFD ``e`` + U+0301) print
identically. ``safe_name`` escapes every such character so that distinct names always print
distinctly and nothing in a name can act on the terminal.
"""

from __future__ import annotations

import unicodedata

# Control, format, surrogate, private-use, unassigned, line/paragraph separators and combining marks.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Mn", "Me"})


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by os.fsdecode's surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def safe_name(name: str) -> str:
    """``name`` with backslashes, non-space whitespace, controls and combining marks escaped."""
    if name.isascii() and name.isprintable() and "\\" not in name:
        return name
    out = []
    for char in name:
        if char == "\\":
            out.append("\\\\")
        elif char == " " or (char.isprintable() and unicodedata.category(char) not in _ESCAPED_CATEGORIES
                             and not char.isspace()):
            out.append(char)
        else:
            out.append(_escape(char))
    return "".join(out)


def utf8_name(name: str) -> str:
    """``name`` as valid UTF-8 text for JSON/SARIF: bytes that are not UTF-8 become ``\\xNN`` escapes."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return "".join(_escape(c) if 0xD800 <= ord(c) <= 0xDFFF else c for c in name)
