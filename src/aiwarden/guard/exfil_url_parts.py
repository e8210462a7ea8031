"""Taking a URL apart into what its request sends: subdomain labels, path segments, query and fragment values,
the user info before the host. Parsing follows what browsers accept (``https:evil.test``, backslashes,
``www.`` without a scheme), since a URL the guard rejects as junk may still be one a browser opens.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import SplitResult, parse_qsl, unquote, unquote_plus, urlsplit

from aiwarden.guard.exfil_decoders import unquote_layers

_LAX_SCHEME: Final = re.compile(r"(https?):[/\\]*", re.I)
IMAGE_FILE: Final = re.compile(r"\.(?:png|gif|jpe?g|webp|svg|ico|bmp)$", re.I)
_SECOND_LEVEL: Final = frozenset("co com net org gov edu ac ne or go gob mil".split())
# Parameters that carry campaign or session bookkeeping, not content.
_TRACKING: Final = re.compile(r"utm_\w+|fbclid|gclid|dclid|msclkid|mc_[ce]id|ref|ref_src|source|si|feature", re.I)


def split_url(url: str) -> SplitResult | None:
    """The parts of an absolute http(s) or protocol-relative URL; None for relative, other schemes or junk."""
    url = url.strip()
    if url.lower().startswith("www."):
        url = "http://" + url
    elif _LAX_SCHEME.match(url):
        # browsers read "https:evil.test", "https:\\evil.test" and "https:///evil.test" as https://evil.test,
        # and a backslash as a slash (the WHATWG URL parser)
        url = _LAX_SCHEME.sub(lambda m: m.group(1) + "://", url.replace("\\", "/"), count=1)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", "") or not host:
        return None
    return parts


def _site_labels(host: str) -> int:
    """How many trailing labels name the site: ``evil.test`` is 2, ``evil.co.uk`` is 3 (a close guess without the
    public-suffix list; a wrong guess moves one label between site and subdomain)."""
    labels = host.split(".")
    return 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2


def registrable_domain(host: str) -> str:
    return ".".join(host.split(".")[-_site_labels(host):])


def subdomain_labels(host: str) -> list[str]:
    labels = host.split(".")
    if all(label.isdigit() for label in labels) or ":" in host:
        return []  # an IP address
    return [label for label in labels[:-_site_labels(host)] if label != "www" and not label.startswith("xn--")]


def query_pairs(query: str, tracking: bool = False) -> list[tuple[str, str]]:
    """The (key, value) pairs of ``query``, without campaign and click-id parameters, or only those."""
    if not query:
        return []
    if "=" not in query.rstrip("="):  # a bare blob, base64 padding and all
        return [] if tracking else [("", unquote_plus(query))]
    pairs = [(k, unquote_layers(v)) for k, v in parse_qsl(query, keep_blank_values=True)]
    # "?c2VjcmV0==" parses as a key with an empty value: a bare blob is the value
    return [("", k) if not v and len(k) >= 8 else (k, v) for k, v in pairs
            if bool(_TRACKING.fullmatch(k)) == tracking]


def path_segments(path: str) -> list[str]:
    """The non-empty segments of ``path``, each URL-decoded as far as the receiving server would."""
    return [unquote_layers(unquote(s)) for s in path.split("/") if s]


def userinfo_parts(parts: SplitResult) -> list[str]:
    """The user name and password before the host (``https://name:pass@host``): the browser sends them, or
    shows them in its sign-in prompt, to the host a click opens."""
    if "@" not in parts.netloc:
        return []
    return [unquote(p) for p in (parts.username, parts.password) if p]


def looks_like_url(value: str) -> bool:
    head = value.strip()[:8].lower()
    return head.startswith(("http://", "https://", "//", "www."))


def carried_values(url: str) -> list[str]:
    """What one request sends beyond its address, for reading several requests together: the query's values,
    or the last path segment (its file suffix dropped) where there is no query."""
    parts = split_url(url)
    if parts is None:
        return []
    values = [v for _, v in query_pairs(parts.query) if v]
    if values:
        return values
    segments = path_segments(parts.path)
    return [segments[-1].rsplit(".", 1)[0] if IMAGE_FILE.search(segments[-1]) else segments[-1]] if segments else []
