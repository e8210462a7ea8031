"""Overlap resolution shared by the span-based detectors."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def resolve_overlaps(candidates: list[tuple[int, int, int, T]]) -> list[tuple[int, int, int, T]]:
    """Non-overlapping (start, end, priority, item) candidates in text order; where spans overlap the lower
    priority number wins. One sort and one sweep, so thousands of matches stay O(n log n)."""
    kept: list[tuple[int, int, int, T]] = []
    for cand in sorted(candidates, key=lambda c: (c[0], c[2], -c[1])):
        if kept and cand[0] < kept[-1][1]:
            if cand[2] < kept[-1][2]:
                kept[-1] = cand
            continue
        kept.append(cand)
    return kept
