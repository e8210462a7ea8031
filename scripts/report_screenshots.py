"""Regenerate the README's report screenshots (docs/images/report-html.png, report-markdown.png).

Scans the bundled demo set (as `aiwarden demo` does) with `--format html` and `--format markdown`, renders
the Markdown with cmark-gfm (GitHub's Markdown engine, a test dependency) inside a GitHub-like style sheet,
and photographs both pages with headless Chromium. CI never runs this: the PNGs are committed.

    python scripts/report_screenshots.py [--out docs/images] [--chromium PATH]

Needs Chromium (`apt-get install chromium`). SOURCE_DATE_EPOCH pins the report's "Generated" time
(default: 2026-01-01) so that a rerun changes the images only when the reports change.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "aiwarden" / "demo" / "files"
EPOCH = "1767225600"  # 2026-01-01 00:00:00 UTC

MARKDOWN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>aiwarden scan --format markdown</title><style>
body{{margin:0;background:#f6f8fa;font:14px/1.5 -apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;
color:#1f2328}}
.frame{{max-width:900px;margin:20px auto;background:#fff;border:1px solid #d1d9e0;border-radius:6px}}
.bar{{padding:8px 16px;background:#f6f8fa;border-bottom:1px solid #d1d9e0;border-radius:6px 6px 0 0;
color:#59636e;font-size:13px}}
.md{{padding:16px 24px}}
.md h2{{font-size:1.5em;border-bottom:1px solid #d1d9e0;padding-bottom:.3em;margin:.2em 0 16px}}
.md h3{{font-size:1.25em;margin:24px 0 12px}}.md h4{{font-size:1em;margin:20px 0 8px}}
.md code{{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
background:rgba(129,139,152,.12);padding:.2em .4em;border-radius:6px}}
.md table{{border-collapse:collapse;margin:0 0 16px}}
.md th,.md td{{border:1px solid #d1d9e0;padding:4px 13px}}.md tr:nth-child(2n){{background:#f6f8fa}}
.md ul{{padding-left:2em;margin:0 0 12px}}.md li+li{{margin-top:.25em}}.md p{{margin:0 0 12px}}
</style></head><body><div class="frame"><div class="bar">{caption}</div><div class="md">{body}</div></div>
</body></html>
"""


def _scan(fmt: str, out: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", EPOCH)}
    names = sorted(os.listdir(DEMO))
    result = subprocess.run([sys.executable, "-m", "aiwarden", "scan", *names, "--format", fmt, "-o", str(out)],
                            cwd=DEMO, env=env, capture_output=True, text=True)
    if result.returncode != 1:  # the demo set holds unsafe files: 1 is the expected exit code
        sys.exit(f"aiwarden scan --format {fmt} exited {result.returncode}: {result.stderr}")


def _shoot(chromium: str, page: Path, png: Path, size: str, profile: Path) -> None:
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                    f"--user-data-dir={profile}", f"--window-size={size}", f"--screenshot={png}",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    print(f"wrote {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM"))
    args = parser.parse_args()
    chromium = args.chromium or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    if not chromium:
        sys.exit("Chromium not found: apt-get install chromium, or pass --chromium PATH")
    import cmarkgfm
    from cmarkgfm.cmark import Options

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aiwarden-shots-") as tmp:
        work = Path(tmp)
        _scan("html", work / "report.html")
        _scan("markdown", work / "report.md")
        # Raw HTML kept: the report's own <details> lists, as GitHub keeps them.
        body = cmarkgfm.github_flavored_markdown_to_html((work / "report.md").read_text(encoding="utf-8"),
                                                         options=Options.CMARK_OPT_UNSAFE)
        caption = html.escape("aiwarden scan --format markdown, on the demo set, as GitHub renders it in a PR "
                              "comment or job summary")
        (work / "markdown.html").write_text(MARKDOWN_PAGE.format(caption=caption, body=body), encoding="utf-8")
        _shoot(chromium, work / "report.html", args.out / "report-html.png", "1100,1500", work / "profile")
        _shoot(chromium, work / "markdown.html", args.out / "report-markdown.png", "940,1250", work / "profile")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
