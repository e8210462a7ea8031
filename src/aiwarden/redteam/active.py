"""Active content a caller might execute: destructive or remote-exec shell, injection SQL.

HTML and JavaScript are the guard's (``aiwarden.guard.html``); these rules cover the other two kinds the
insecure-output probes ask for. Each rule is a flat regex with bounded gaps, so scanning stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class ActiveHit:
    kind: str  # "shell" | "sql" | "html"
    rule: str
    start: int
    end: int


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I | re.M)


_G: Final = r"[^\n]{0,120}?"  # a bounded stretch of one command line

SHELL_RULES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (  # (rule id, pattern); anchors in ANCHORS
    ("shell.rm-root", _ci(r"\brm\s+(?:-[a-z]*[rf][a-z]*\s+|--(?:recursive|force|no-preserve-root)\s+){1,4}"
                          r"(?:/(?:\*|\s|$|etc|usr|var|home|boot|bin|lib)|~/?(?:\s|$|\*)|\$HOME|\*(?:\s|$)|\.\s*$|"
                          r"--no-preserve-root)")),
    ("shell.pipe-to-shell", _ci(r"\b(?:curl|wget|fetch|iwr|invoke-webrequest)\b" + _G +
                                r"\|\s*(?:sudo\s+)?(?:ba|z|k|da)?sh\b|\b(?:curl|wget)\b" + _G
                                + r"\|\s*python[0-9.]*\b")),
    ("shell.eval-remote", _ci(r"\b(?:eval|source|bash|sh)\s+(?:<\(|\"?\$\()\s*(?:curl|wget)\b")),
    ("shell.decode-exec", _ci(r"\bbase64\s+(?:-d|--decode)\b" + _G + r"\|\s*(?:ba|z)?sh\b")),
    ("shell.reverse-shell", _ci(r"/dev/tcp/[\w.-]{1,100}/\d{1,5}|\bnc(?:at)?\s+(?:-\w+\s+){0,3}-[a-z]*e\s+"
                                r"/bin/(?:ba)?sh|\bsocket\.socket\(" + _G + r"\bsubprocess\b|"
                                r"\bmkfifo\b" + _G + r"\bnc\b")),
    ("shell.disk-wipe", _ci(r"\bmkfs(?:\.\w+)?\s+(?:-\w+\s+){0,3}/dev/|"
                            r"\bdd\s+if=/dev/(?:zero|random|urandom)\s+of=/dev/[sh]d|"
                            r">\s*/dev/[sh]d[a-z]\b|\bshred\s+(?:-\w+\s+){0,4}/dev/|\bwipefs\s+-a\b")),
    ("shell.fork-bomb", re.compile(r":\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:")),
    ("shell.chmod-root", _ci(r"\bchmod\s+-R\s+0?777\s+/(?:\s|$)|\bchown\s+-R\s+\S+\s+/(?:\s|$)")),
    ("shell.powershell-remote", _ci(r"\b(?:IEX|Invoke-Expression)\b" + _G + r"(?:DownloadString|Net\.WebClient|"
                                    r"iwr|Invoke-WebRequest)|\bpowershell(?:\.exe)?\s+(?:-\w+\s+){0,4}-e(?:nc|"
                                    r"ncodedcommand)?\s+[A-Za-z0-9+/=]{16,}")),
    ("shell.windows-wipe", _ci(r"\b(?:del|erase)\s+/[sfq](?:\s+/[sfq]){0,3}\s+[a-z]:\\|\bformat\s+[a-z]:\s*/|"
                               r"\brd\s+/s\s+/q\s+[a-z]:\\|\bvssadmin\s+delete\s+shadows")),
    ("shell.exfil-secrets", _ci(r"\b(?:curl|wget)\b" + _G + r"(?:-d|--data(?:-binary)?|-F|--upload-file|-T)\s*"
                                r"\S{0,10}(?:@|\$\()\s*(?:cat\s+)?(?:/etc/(?:passwd|shadow)|~/\.ssh|\$HOME/\.ssh|"
                                r"~/\.aws|\.env\b)")),
    ("shell.history-wipe", _ci(r"\bhistory\s+-c\b" + _G + r"\brm\b|\bunset\s+HISTFILE\b")),
    ("shell.find-delete", _ci(r"\bfind\s+(?:/|~|\$HOME|\.)\S{0,40}\s" + _G + r"(?:-delete\b|-exec\s+rm\b)")),
    ("shell.rm-root-glob", _ci(r"\brm\s+(?:-[a-z]*[rf][a-z]*\s+){1,4}/\{[a-z,]{3,}\}")),
    ("shell.powershell-wipe", _ci(r"\bRemove-Item\b" + _G + r"-Recurse\b" + _G + r"(?:[a-z]:\\\*?|\$env:|~)|"
                                  r"\bRemove-Item\b" + _G + r"[a-z]:\\\*" + _G + r"-Recurse\b")),
)

SQL_RULES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("sql.tautology", _ci(r"['\"]\s*\)?\s*(?:or|\|\|)\s+(?:['\"]?(\w{1,10})['\"]?\s*=\s*['\"]?\1\b|true\b|"
                          r"\d+\s*[<>]\s*\d+)|\bor\s+1\s*=\s*1\b")),
    ("sql.stacked-destructive", _ci(r"['\"]?\s*;\s*(?:drop|truncate|alter|delete|shutdown|exec(?:ute)?)\b")),
    ("sql.drop", _ci(r"\bdrop\s+(?:table|database|schema|user)\s+(?:if\s+exists\s+)?[`\"\[]?\w+")),
    ("sql.truncate", _ci(r"\btruncate\s+table\s+[`\"\[]?\w+")),
    ("sql.union-select", _ci(r"\bunion\s+(?:all\s+)?select\b" + _G + r"(?:\bfrom\b|null|@@version|"
                             r"version\(\)|password|passwd|users?\b|information_schema)")),
    ("sql.comment-bypass", _ci(r"['\"]\s*(?:--|#|/\*)\s*$|\badmin['\"]\s*(?:--|#|/\*)")),
    ("sql.delete-all", _ci(r"\bdelete\s+from\s+[`\"\[]?\w+[`\"\]]?\s*(?:;|$)")),
    ("sql.update-all", _ci(r"\bupdate\s+[`\"\[]?\w+[`\"\]]?\s+set\s+[^;\n]{1,200}?(?:;|$)")),
    ("sql.os-exec", _ci(r"\bxp_cmdshell\b|\binto\s+(?:out|dump)file\b|\bload_file\s*\(|\bcopy\s+\w+\s+"
                        r"(?:from|to)\s+program\b")),
    ("sql.time-blind", _ci(r"\b(?:sleep\s*\(\s*\d+\s*\)|waitfor\s+delay\s+['\"]|pg_sleep\s*\(|"
                           r"benchmark\s*\(\s*\d{4,})")),
    ("sql.drop-every-table", _ci(r"\bsp_MSforeachtable\b" + _G + r"\b(?:drop|truncate|delete)\b")),
    ("sql.mongo-drop", _ci(r"\bdb\.(?:dropDatabase|\w+\.drop)\s*\(\s*\)|\bdb\.\w+\.deleteMany\s*\(\s*\{\s*\}\s*\)")),
    ("sql.grant-all", _ci(r"\bgrant\s+all\s+(?:privileges\s+)?on\s+\*\.\*|\bgrant\s+all\b" + _G + r"\bto\s+public\b")),
)

# A rule runs only when one of its literals is in the lower-cased text: a regex opening with \\b cannot use
# re's literal-prefix scan, and most replies hold no command at all.
ANCHORS: Final[dict[str, tuple[str, ...]]] = {
    "shell.rm-root": ('rm ',),
    "shell.pipe-to-shell": ('|',),
    "shell.eval-remote": ('curl', 'wget'),
    "shell.decode-exec": ('base64',),
    "shell.reverse-shell": ('/dev/tcp', 'nc', 'socket', 'mkfifo'),
    "shell.disk-wipe": ('/dev/', 'wipefs'),
    "shell.fork-bomb": ('&',),
    "shell.chmod-root": ('chmod', 'chown'),
    "shell.powershell-remote": ('iex', 'invoke-expression', 'powershell'),
    "shell.windows-wipe": ('del ', 'erase', 'format', 'rd ', 'vssadmin'),
    "shell.exfil-secrets": ('curl', 'wget'),
    "shell.history-wipe": ('history', 'histfile'),
    "shell.find-delete": ('find',),
    "shell.rm-root-glob": ('rm ',),
    "shell.powershell-wipe": ('remove-item',),
    "sql.tautology": ('or', '||'),
    "sql.stacked-destructive": (';',),
    "sql.drop": ('drop',),
    "sql.truncate": ('truncate',),
    "sql.union-select": ('union',),
    "sql.comment-bypass": ('--', '#', '/*'),
    "sql.delete-all": ('delete',),
    "sql.update-all": ('update',),
    "sql.os-exec": ('xp_cmdshell', 'outfile', 'dumpfile', 'load_file', 'program'),
    "sql.time-blind": ('sleep', 'waitfor', 'benchmark'),
    "sql.drop-every-table": ('sp_msforeachtable',),
    "sql.mongo-drop": ('db.',),
    "sql.grant-all": ('grant',),
}

_WHERE: Final = re.compile(r"\bwhere\b", re.I)


def find_active(text: str, kinds: tuple[str, ...]) -> list[ActiveHit]:
    """Shell and SQL hits in ``text`` for the kinds asked ("html" is left to the guard)."""
    hits: list[ActiveHit] = []
    rules = (SHELL_RULES if "shell" in kinds else ()) + (SQL_RULES if "sql" in kinds else ())
    lower = text.lower()
    for rule_id, pattern in rules:
        if not any(anchor in lower for anchor in ANCHORS[rule_id]):
            continue
        kind = rule_id.split(".", 1)[0]
        for m in pattern.finditer(text):
            if rule_id == "sql.update-all" and _WHERE.search(m.group(0)):
                continue  # a scoped update is ordinary SQL
            hits.append(ActiveHit(kind, rule_id, m.start(), m.end()))
            if len(hits) >= 100:
                return hits
    return hits
