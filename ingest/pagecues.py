"""Page-level cues for where an attachment starts: page numbering that restarts, prose that turns into slides."""

from __future__ import annotations

import re

from .doctypes import clean
from .model import Page

_NUMBER = re.compile(r"^(?:side\s*)?(\d{1,3})(?:\s*(?:/|av)\s*\d{1,3})?$|^-\s*(\d{1,3})\s*-$", re.IGNORECASE)


def page_number(text: str) -> int | None:
    """The page number printed alone on the first or last lines of a page ("3", "3/10", "Side 3 av 10").

    >>> page_number("Tittel\\nTekst her.\\n\\n3/10\\n")
    3
    """
    lines = [s for s in (clean(line) for line in text.splitlines()) if s]
    for s in lines[-3:][::-1] + lines[:2]:
        m = _NUMBER.match(s)
        if m:
            return int(m.group(1) or m.group(2))
    return None


def _kind(text: str) -> str:
    """``sparse`` (a slide), ``dense`` (a page of prose) or ``mixed``."""
    lines = [s for s in (clean(line) for line in text.splitlines()) if s]
    if not lines:
        return "mixed"
    chars = sum(len(s) for s in lines)
    long_share = sum(len(s) >= 70 for s in lines) / len(lines)
    if chars < 700 and long_share < 0.2:
        return "sparse"
    if chars > 1400 and long_share > 0.4:
        return "dense"
    return "mixed"


def page_shift(pages: list[Page], pi: int) -> bool:
    """Page ``pi`` starts a run of slides after prose, or prose after slides (three pages each way)."""
    if pi < 1 or pi + 1 >= len(pages):
        return False
    before = [_kind(p.text) for p in pages[max(0, pi - 3) : pi]]
    after = [_kind(p.text) for p in pages[pi : pi + 3]]
    if len(after) < 2:
        return False
    to_slides = before[-1] == "dense" and all(k == "sparse" for k in after)
    to_prose = len(before) == 3 and all(k == "sparse" for k in before) and all(k == "dense" for k in after[:2])
    return to_slides or to_prose
