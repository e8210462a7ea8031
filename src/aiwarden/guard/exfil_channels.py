"""Every place in a model answer that makes a client fetch, or offer to fetch, a URL.

Markdown (inline images and links, reference-style definitions, autolinks), bare URLs that chat UIs linkify,
HTML and SVG elements (an anchor's ``ping`` and an iframe's ``srcdoc`` document included), CSS ``url()``,
``@import`` and ``image-set()`` in style attributes and ``<style>`` blocks, and ``<meta http-equiv=refresh>``.
Each URL comes with its channel, whether it loads without a click (images, frames, stylesheets, refresh), and
whether it sits in a code span or fence, where a renderer shows it as text.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

from aiwarden.guard.exfil_messages import MESSAGE_SCHEMES

_MAX_LABEL: Final = 1000
_MAX_URL: Final = 4096
_MAX_TAG: Final = 4000
_MAX_NESTING: Final = 16  # brackets inside one link label; deeper nesting is not markdown anyone writes
_BLANK_LINE: Final = re.compile(r"\n[ \t]*\n")

# Inline markdown is found from its "](" and the label's "[" is located by a bounded backward bracket match,
# so a line of "![![![..." with no "](" costs nothing.
_MD_LABEL_END: Final = re.compile(r"\]\(")
# A destination is <anything but angle brackets and newlines> (CommonMark lets it hold spaces) or a run of
# non-space characters, optionally on the next line.
_MD_DEST: Final = re.compile(
    r"[ \t]{0,8}\n?[ \t]{0,8}(?:<([^<>\n]{1,4096})>|([^\s)<>]{1,4096}))"
    r"(?:\s{1,8}(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?\s{0,8}\)?"
)
# A definition's label may span lines (not a blank one); its destination may start on the next line.
_MD_REF_DEF: Final = re.compile(
    r"^[ ]{0,3}\[([^\[\]]{1,1000})\]:[ \t]{0,8}(?:\n[ \t]{0,8})?<?([^\s<>]{1,4096})>?", re.M)
_ENTITY: Final = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MD_ESCAPE: Final = re.compile(r"\\([!-/:-@\[-`{-~])")
_AUTOLINK: Final = re.compile(r"<((?:https?:)?//[^\s<>]{1,4096}|www\.[^\s<>]{1,4096})>", re.I)
_BARE_URL: Final = re.compile(r"(?<![\w/@.])(?:https?://|www\.)[^\s<>\"'`()\[\]{}|\\^]{2,4096}", re.I)
_TRAILING_PUNCT: Final = ".,;:!?*_~"

# Attributes run to the first ">" outside quotes (alt=">" does not end the tag); each alternative starts with a
# different character, so the match is linear.
_HTML_TAG: Final = re.compile(
    r"<([a-zA-Z][\w:-]{0,30})(?=[\s/>])((?:[^>\"']|\"[^\"]{0,4000}\"|'[^']{0,4000}'){0,4000})>?")
_HTML_ATTR: Final = re.compile(
    r"(?<![\w-])(src|href|xlink:href|poster|srcset|imagesrcset|background|data-src|lowsrc|dynsrc|data|action"
    r"|formaction|content|style|ping|srcdoc)\s{0,4}=\s{0,4}(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))",
    re.I,
)
_STYLE_BLOCK: Final = re.compile(r"<style\b[^>]{0,500}>(.{0,20000}?)(?:</style\s*>|\Z)", re.I | re.S)
_CSS_URL: Final = re.compile(
    r"""(?:url\(\s{0,8}(?:"([^"\n]{1,4096})"|'([^'\n]{1,4096})'|([^)\s'"]{1,4096}))\s{0,8}\)"""
    r"""|@import\s{1,8}(?:"([^"\n]{1,4096})"|'([^'\n]{1,4096})'))""",
    re.I,
)
_IMAGE_SET: Final = re.compile(r"image-set\(([^()]{0,8000}(?:\([^()]{0,4096}\)[^()]{0,8000}){0,16})\)", re.I)
_QUOTED: Final = re.compile(r"\"([^\"\n]{1,4096})\"|'([^'\n]{1,4096})'")
_REFRESH_URL: Final = re.compile(r"url\s{0,4}=\s{0,4}['\"]?([^'\"\s;]{1,4096})", re.I)
_FENCE: Final = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_INLINE_CODE: Final = re.compile(r"(?<!`)(`+)(?!`)(?:[^`]|(?!\1)`+){1,1000}?(?<!`)\1(?!`)")

# Elements whose URL loads as soon as the answer renders; <a>/<area>/<form>/<button> need a click.
_AUTOLOAD_TAGS: Final = frozenset({
    "img", "image", "video", "audio", "source", "track", "input", "picture", "iframe", "frame", "embed", "object",
    "link", "script", "use", "feimage", "body", "table", "td", "th", "meta",
})
_CLICK_TAGS: Final = frozenset({"a", "area", "form", "button", "base"})
# Which attribute carries a fetched URL on which element (anything else holding a URL-ish value is ignored).
_URL_ATTRS: Final = frozenset({"src", "href", "xlink:href", "poster", "srcset", "imagesrcset", "background",
                               "data-src", "lowsrc", "dynsrc"})


@dataclass(frozen=True, slots=True)
class RenderedUrl:
    """A URL the answer asks its client to fetch (``autoload``) or offers as a link."""

    url: str
    channel: str  # e.g. "markdown-image", "reference-link", "autolink", "bare-url", "html-img", "css-url"
    autoload: bool
    start: int
    end: int
    in_code: bool = False

    @property
    def kind(self) -> str:
        """``image`` (loads without a click), ``link`` (rendered link) or ``url`` (bare text a UI may linkify)."""
        if self.autoload:
            return "image"
        return "url" if self.channel == "bare-url" else "link"


def rendered_urls(text: str) -> list[RenderedUrl]:
    """Every URL in ``text`` with its channel, in order of position."""
    low = text.lower()
    if "//" not in text and "www." not in low and "http:" not in low and "https:" not in low \
            and not any(s in low for s in MESSAGE_SCHEMES):
        return []  # "https:evil.test" has no slashes, but a renderer fetches it
    found = sorted([*_markdown_inline(text), *_markdown_refs(text), *_autolinks(text), *_html_urls(text),
                    *_style_blocks(text)], key=lambda u: u.start)
    bare = [u for u in _bare_urls(text) if not _covered(found, u)]
    urls = sorted(found + bare, key=lambda u: (u.start, u.end))
    code = _code_regions(text) if "`" in text or "~~~" in text else []
    return [replace(u, in_code=True) if _inside(code, u.start) else u for u in urls]


def _covered(found: list[RenderedUrl], url: RenderedUrl) -> bool:
    """Whether ``url`` lies inside an already extracted markdown/HTML span (``found`` is sorted by start)."""
    i = bisect.bisect_right(found, url.start, key=lambda u: u.start) - 1
    while i >= 0:
        if found[i].start <= url.start < found[i].end:
            return True
        if found[i].start < url.start - _MAX_TAG - _MAX_URL:
            return False
        i -= 1
    return False


# --- code spans: rendered as text, so nothing there is fetched ---------------------------------------------------


def _code_regions(text: str) -> list[tuple[int, int]]:
    regions = [m.span() for m in _FENCE.finditer(text)]
    regions += [m.span() for m in _INLINE_CODE.finditer(text) if not _inside(sorted(regions), m.start())]
    return sorted(regions)


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(regions, (pos, 1 << 62)) - 1
    return i >= 0 and regions[i][0] <= pos < regions[i][1]


# --- markdown ------------------------------------------------------------------------------------------------------


def _markdown_inline(text: str) -> Iterator[RenderedUrl]:
    for m in _MD_LABEL_END.finditer(text):
        opener = _label_start(text, m.start())
        dest = _MD_DEST.match(text, m.end()) if opener is not None else None
        if opener is None or dest is None:
            continue
        image = opener > 0 and text[opener - 1] == "!"
        start = opener - 1 if image else opener
        if start > 0 and text[start - 1] == "\\":  # escaped: rendered as literal text
            continue
        channel = "markdown-image" if image else "markdown-link"
        yield RenderedUrl(_destination(dest.group(1) or dest.group(2)), channel, image, start, dest.end())


def _destination(raw: str) -> str:
    """A link destination as a CommonMark renderer fetches it: entity references decoded (``&#64;`` is "@")
    and backslash escapes of punctuation removed."""
    if "&" in raw:  # only references with their ";" (``&notify=1`` is a parameter, not "¬ify")
        raw = _ENTITY.sub(lambda m: html.unescape(m.group(0)), raw)
    return _MD_ESCAPE.sub(r"\1", raw) if "\\" in raw else raw


def _label_start(text: str, close: int) -> int | None:
    """The "[" opening the label that ends at ``close``, matching nested brackets (``[![badge](img)](link)``).
    The label may span lines but not a blank line (CommonMark ends the paragraph there)."""
    low = max(0, close - _MAX_LABEL - 1)
    pos, depth = close, 0
    for _ in range(_MAX_NESTING):
        opener = text.rfind("[", low, pos)
        closer = text.rfind("]", low, pos)
        if opener == -1:
            return None
        if closer > opener:
            depth, pos = depth + 1, closer
        elif depth:
            depth, pos = depth - 1, opener
        else:
            return None if _BLANK_LINE.search(text, opener, close) else opener
    return None


def _markdown_refs(text: str) -> Iterator[RenderedUrl]:
    """Reference-style definitions (``[ref]: url``); a definition used by ``![..][ref]`` is an image."""
    if "]:" not in text:
        return
    definitions = [m for m in _MD_REF_DEF.finditer(text) if not _BLANK_LINE.search(m.group(1))]
    image_labels = _image_labels(text) if definitions else set()
    for m in definitions:
        image = _label(m.group(1)) in image_labels
        channel = "reference-image" if image else "reference-link"
        yield RenderedUrl(_destination(m.group(2)), channel, image, m.start(), m.end())


def _image_labels(text: str) -> set[str]:
    """Labels that images refer to: ``![alt][label]``, ``![alt][]`` and ``![alt]`` (the latter two use alt)."""
    labels = set()
    pos = text.find("![")
    while pos != -1:
        alt = _bracketed(text, pos + 1)
        if alt is not None:
            after = pos + 3 + len(alt)
            ref = _bracketed(text, after) if text.startswith("[", after) else None
            labels.add(_label(ref or alt))
        pos = text.find("![", pos + 2)
    return labels


def _bracketed(text: str, opener: int) -> str | None:
    """The text between ``text[opener]`` ("[") and the next "]", within _MAX_LABEL characters, no blank line."""
    close = text.find("]", opener + 1, opener + 2 + _MAX_LABEL)
    if close == -1 or _BLANK_LINE.search(text, opener, close):
        return None
    return text[opener + 1: close]


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _autolinks(text: str) -> Iterator[RenderedUrl]:
    if "<" not in text:
        return
    for m in _AUTOLINK.finditer(text):
        yield RenderedUrl(m.group(1), "autolink", False, m.start(), m.end())


def _bare_urls(text: str) -> Iterator[RenderedUrl]:
    for m in _BARE_URL.finditer(text):
        url = m.group(0).rstrip(_TRAILING_PUNCT)
        if len(url) > 4:
            yield RenderedUrl(url, "bare-url", False, m.start(), m.start() + len(url))


# --- HTML, SVG and CSS ---------------------------------------------------------------------------------------------


def _html_urls(text: str) -> Iterator[RenderedUrl]:
    if "<" not in text:
        return
    for tag in _HTML_TAG.finditer(text):
        name = tag.group(1).lower()
        attrs = tag.group(2)
        if len(attrs) >= _MAX_TAG and (name in _AUTOLOAD_TAGS or name in _CLICK_TAGS):
            # attributes beyond the cap were never looked at: stands for a URL too long to read
            yield RenderedUrl("https://uninspected.invalid/" + "x" * _MAX_URL, f"html-{name}",
                              name in _AUTOLOAD_TAGS, tag.start(), tag.end())
        for attr in _HTML_ATTR.finditer(attrs):
            key = attr.group(1).lower()
            value = html.unescape(attr.group(2) or attr.group(3) or attr.group(4) or "")
            for url, autoload, channel in _attribute_urls(name, key, value, attrs):
                yield RenderedUrl(url, channel, autoload, tag.start(), tag.end())


def _attribute_urls(tag: str, key: str, value: str, attrs: str) -> Iterator[tuple[str, bool, str]]:
    if key == "style":
        for url in _css_urls(value):
            yield url, True, "css-url"
    elif key == "ping":
        if tag in ("a", "area"):  # a click also POSTs to every URL in ping
            for url in value.split():
                yield url, False, f"html-{tag}-ping"
    elif key == "srcdoc":
        if tag == "iframe" and len(value) <= _MAX_TAG * 4:  # a whole document the frame renders on load
            for inner in _html_urls(value):
                yield inner.url, inner.autoload, "iframe-srcdoc"
    elif key == "content":
        if tag == "meta" and "refresh" in attrs.lower():
            refresh = _REFRESH_URL.search(value)
            if refresh:
                yield refresh.group(1), True, "meta-refresh"
    elif key == "data":
        if tag == "object":
            yield value.strip(), True, "html-object"
    elif key in ("action", "formaction"):
        yield value.strip(), False, f"html-{tag}"
    elif key in _URL_ATTRS:
        autoload = tag in _AUTOLOAD_TAGS and tag != "meta"
        channel = "svg-" + tag if tag in ("image", "use", "feimage") or key == "xlink:href" else f"html-{tag}"
        if tag not in _AUTOLOAD_TAGS and tag not in _CLICK_TAGS and key != "background":
            return  # a URL attribute on an element that neither loads nor links it
        if key in ("srcset", "imagesrcset"):
            for url in _srcset_urls(value):
                yield url, autoload, channel
        else:
            yield value.strip(), autoload or key == "background", channel


def _srcset_urls(value: str) -> Iterator[str]:
    """The candidate URLs of a srcset: each runs to whitespace (a comma inside it, as in ``?i=py,ts``, is part
    of it; one at its end separates candidates), then descriptors run to the next comma."""
    pos, end = 0, len(value)
    while pos < end:
        while pos < end and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < end and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", pos)
            pos = end if comma == -1 else comma + 1
        if url:
            yield url


def _css_urls(css: str) -> Iterator[str]:
    for _, _, url in _css_targets(css):
        yield url


def _css_targets(css: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, URL) for each ``url()``, ``@import`` and ``image-set()`` candidate (a quoted string there
    is a URL too) in ``css``."""
    low = css.lower()
    if "url" in low or "@import" in low:
        for m in _CSS_URL.finditer(css):
            url = next((g for g in m.groups() if g), "")
            if url:
                yield m.start(), m.end(), url.strip()
    if "image-set" in low:
        for block in _IMAGE_SET.finditer(css):
            for m in _QUOTED.finditer(block.group(1)):
                url = m.group(1) or m.group(2)
                yield block.start(1) + m.start(), block.start(1) + m.end(), url.strip()


def _style_blocks(text: str) -> Iterator[RenderedUrl]:
    if "<style" not in text.lower():
        return
    for block in _STYLE_BLOCK.finditer(text):
        body_start = block.start(1)
        for start, end, url in _css_targets(block.group(1)):
            yield RenderedUrl(url, "css-url", True, body_start + start, body_start + end)
