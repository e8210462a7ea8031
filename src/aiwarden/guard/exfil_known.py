"""Well-known URL shapes that carry hashes, ids, queries or encoded diagrams by design, not conversation data.

A match silences the payload signals (entropy, length, encoding) of ``exfil_risk``; conversation data found
in such a URL is still reported, but not blocked, since the operators of these services are not the
attacker. Redirectors and proxies are *not* here: the URL they forward to is judged on its own.

Diagram renderers (mermaid.ink, kroki, PlantUML) take the diagram's source encoded in the path: that is the
feature, so it is benign; the decoded source is still checked for the conversation's secrets.
"""

from __future__ import annotations

import re
from typing import Final

# (host suffix, path regex or None). The host matches itself and its subdomains.
_PATTERNS: Final[tuple[tuple[str, str | None], ...]] = (
    # web search and maps
    ("google.com", r"^/(search|maps|webhp|imgres)\b"), ("maps.google.com", None), ("maps.googleapis.com", None),
    ("bing.com", r"^/(search|maps|images)\b"),
    ("duckduckgo.com", None), ("search.yahoo.com", None), ("search.brave.com", None), ("kagi.com", r"^/search"),
    ("yandex.com", r"^/(search|maps)"), ("baidu.com", r"^/s\b"), ("ecosia.org", r"^/search"),
    ("startpage.com", None), ("openstreetmap.org", None), ("maps.apple.com", None), ("goo.gl", r"^/maps"),
    ("maps.app.goo.gl", None), ("waze.com", r"^/(ul|live-map)"), ("citymapper.com", None), ("wego.here.com", None),
    ("share.here.com", None), ("mapquest.com", None), ("m.uber.com", r"^/ul"), ("moovitapp.com", None),
    ("scholar.google.com", None), ("news.google.com", None),
    ("github.com", r"^/(search|[^/]+/[^/]+/(search|issues(?!/new)|pulls|commit|blob|tree|compare|releases|actions"
                   r"|network/dependents))"),
    ("stackoverflow.com", None), ("stackexchange.com", None), ("superuser.com", None), ("serverfault.com", None),
    ("pypi.org", None), ("npmjs.com", None), ("crates.io", None), ("docs.rs", None), ("pkg.go.dev", None),
    ("amazon.com", r"^/s\b"), ("ebay.com", r"^/sch\b"),
    # compose, share and meeting links: the service, not a third party, receives what they carry
    ("accounts.google.com", r"^/o/oauth2/"), ("login.microsoftonline.com", r"/oauth2/"),
    ("github.com", r"^/login/oauth/"), ("mail.google.com", r"^/mail"), ("outlook.office.com", r"^/(mail|calendar)/"),
    ("outlook.live.com", r"^/(mail|calendar)/"), ("calendar.google.com", None), ("zoom.us", r"^/(j|my|w)/"),
    ("teams.microsoft.com", r"^/l/meetup-join/"), ("meet.google.com", None), ("wa.me", None),
    ("api.whatsapp.com", r"^/send"), ("t.me", r"^/share"), ("twitter.com", r"^/(intent|share)"),
    ("x.com", r"^/(intent|share)"), ("facebook.com", r"^/(sharer|dialog/share)"),
    ("linkedin.com", r"^/(sharing|shareArticle)"),
    ("reddit.com", r"^/(submit|r/[^/]+/comments)"), ("news.ycombinator.com", None),
    # avatars and profile pictures: an md5 or a user id is the point
    ("gravatar.com", r"^/avatar/"), ("avatars.githubusercontent.com", None), ("ui-avatars.com", None),
    ("secure.gravatar.com", None), ("robohash.org", None), ("api.dicebear.com", None), ("identicons.github.com", None),
    # badges
    ("img.shields.io", None), ("shields.io", None), ("badge.fury.io", None), ("badgen.net", None),
    ("codecov.io", None), ("coveralls.io", None), ("travis-ci.org", None), ("travis-ci.com", None),
    ("circleci.com", None), ("readthedocs.org", None), ("readthedocs.io", None), ("pepy.tech", None),
    ("static.pepy.tech", None), ("app.codacy.com", None), ("api.codacy.com", None), ("codeclimate.com", None),
    ("snyk.io", None), ("sonarcloud.io", None), ("bestpractices.coreinfrastructure.org", None),
    ("api.securityscorecards.dev", None), ("deepwiki.com", None), ("colab.research.google.com", None),
    ("mybinder.org", None), ("zenodo.org", None), ("discordapp.com", r"^/api/guilds/"), ("img.youtube.com", None),
    ("github.com", r"^/[^/]+\.png$"), ("github.com", r"^/[^/]+/[^/]+/(actions/workflows/[^/]+/badge\.svg|workflows/)"),
    # diagrams, formulas, charts and placeholders rendered from their encoded source
    ("mermaid.ink", None), ("mermaid.live", None), ("kroki.io", None), ("plantuml.com", None),
    ("www.plantuml.com", None), ("quickchart.io", None), ("chart.googleapis.com", None),
    ("latex.codecogs.com", None), ("math.vercel.app", None), ("placehold.co", None), ("via.placeholder.com", None),
    ("dummyimage.com", None), ("picsum.photos", None), ("placekitten.com", None), ("images.unsplash.com", None),
    ("source.unsplash.com", None), ("api.star-history.com", None), ("starchart.cc", None),
    ("github-readme-stats.vercel.app", None), ("contrib.rocks", None), ("opengraph.githubassets.com", None),
    # CDNs and static assets (content hashes, versioned paths)
    ("cdn.jsdelivr.net", None), ("unpkg.com", None), ("cdnjs.cloudflare.com", None), ("fonts.googleapis.com", None),
    ("fonts.gstatic.com", None), ("ajax.googleapis.com", None), ("code.jquery.com", None),
    ("stackpath.bootstrapcdn.com", None), ("maxcdn.bootstrapcdn.com", None), ("githubassets.com", None),
    ("raw.githubusercontent.com", None), ("user-images.githubusercontent.com", None),
    ("private-user-images.githubusercontent.com", None), ("camo.githubusercontent.com", None),
    ("upload.wikimedia.org", None), ("i.imgur.com", None), ("i.ytimg.com", None), ("esm.sh", None),
    ("gstatic.com", None), ("lh3.googleusercontent.com", None),
    # video, encyclopaedia, documentation
    ("youtube.com", r"^/(watch|embed|shorts|results|playlist|@|channel|c/)"), ("youtu.be", None),
    ("youtube-nocookie.com", r"^/embed"), ("vimeo.com", None), ("wikipedia.org", None), ("wikimedia.org", None),
    ("wiktionary.org", None), ("archive.org", None), ("doi.org", None), ("arxiv.org", None),
    # token debuggers: the token in the fragment never reaches the server, and pasting one is the feature
    ("jwt.io", None),
)

def _index() -> dict[str, tuple[re.Pattern[str] | None, ...]]:
    index: dict[str, list[re.Pattern[str] | None]] = {}
    for host, path in _PATTERNS:
        index.setdefault(host, []).append(re.compile(path) if path else None)
    return {host: tuple(patterns) for host, patterns in index.items()}


# Looked up by each suffix of a host (a.b.c -> a.b.c, b.c, c): as many lookups as the host has labels.
_BY_HOST: Final = _index()
DIAGRAM_HOSTS: Final = ("mermaid.ink", "mermaid.live", "kroki.io", "plantuml.com")


def well_known(host: str, path: str) -> bool:
    """Whether ``host``/``path`` is a service whose URLs carry hashes, ids, searches or diagrams by design."""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        for pattern in _BY_HOST.get(".".join(labels[i:]), ()):
            if pattern is None or pattern.search(path):
                return True
    return False


def diagram_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in DIAGRAM_HOSTS)
