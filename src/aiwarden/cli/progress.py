"""One progress line on a terminal's stderr, for work that can take a while: many files, one large archive,
a long guard input. Redrawn at most five times a second, shown only after the first second (quick runs stay
silent), safe to call from scanning threads, and erased when the work ends."""

from __future__ import annotations

import sys
import threading
import time

from aiwarden.core.display import safe_name

_INTERVAL = 0.2
_DELAY = 1.0
_WIDTH = 100


class ProgressLine:
    def __init__(self) -> None:
        self._started = time.monotonic()
        self._last = 0.0
        self._lock = threading.Lock()
        self._shown = False
        self._files = ""

    def files(self, done: int, total: int, path: str) -> None:
        """A file finished (the engine's progress callback)."""
        self._files = f"{done}/{total} files"
        self._draw(f"{self._files} {safe_name(path)}", force=done == total)
        if done == total:
            self.clear()

    def member(self, path: str, member: str) -> None:
        """Scanning reached a member inside an archive: a long single archive shows where it is."""
        self._draw(f"{self._files + ' ' if self._files else ''}{safe_name(path)}!{safe_name(member)}")

    def items(self, done: int, what: str) -> None:
        self._draw(f"{done} {what}")

    def clear(self) -> None:
        with self._lock:
            if self._shown:
                sys.stderr.write("\r" + " " * _WIDTH + "\r")
                sys.stderr.flush()
                self._shown = False

    def _draw(self, text: str, force: bool = False) -> None:
        now = time.monotonic()
        if now - self._started < _DELAY or (now - self._last < _INTERVAL and not force):
            return
        with self._lock:
            self._last = now
            self._shown = True
            line = f"aiwarden: {text}"
            if len(line) > _WIDTH:
                line = line[: _WIDTH - 3] + "..."
            sys.stderr.write(f"\r{line:<{_WIDTH}}")
            sys.stderr.flush()
