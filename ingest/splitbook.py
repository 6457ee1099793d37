"""The book being split: its lines across pages, the document starts found in it, and how two starts compare."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .docmeta import read_heading
from .doctypes import DATE, END_MARKER, LOGO, PAGE_NUMBER, VEDLEGG_LIST, clean, heading_type
from .model import Page

# A re-reading of a page (its OCR layer after its text layer) starts within this many characters.
REPEAT_DISTANCE = 12000
# Text above a start on its page that is this short (logo, page number) belongs to the document.
PAGE_TOP_CHARS = 160


@dataclass
class Start:
    """Where a document starts, and what its heading block or cue said about it."""

    line: int
    doc_type: str | None  # None: an attachment, typed from its text once its end is known
    strong: bool
    title: str = ""
    arkivsak: str | None = None
    journalpost: str | None = None
    behandlet: str = ""
    block_end: int = 0
    ended: bool = False  # a closing line or a vedlegg list has been passed
    headless: bool = False
    fixed_title: bool = False  # the title came from the cue itself, not from the first heading
    ident: str = ""  # what tells this start from a neighbour: its heading line, or a letter's addressee
    dates: frozenset[str] = frozenset()  # the dates in its heading block


@dataclass
class Book:
    """The pages as one run of cleaned lines, each knowing its page and offset."""

    pages: list[Page]
    texts: list[str] = field(default_factory=list)  # cleaned lines
    page_of: list[int] = field(default_factory=list)  # index into pages
    offset: list[int] = field(default_factory=list)  # offset of the line in its page's text
    in_list: set[int] = field(default_factory=set)  # lines inside a "Vedlegg:" list

    def __post_init__(self) -> None:
        for pi, page in enumerate(self.pages):
            pos = 0
            for raw in page.text.splitlines(keepends=True):
                self.texts.append(clean(raw))
                self.page_of.append(pi)
                self.offset.append(pos)
                pos += len(raw)

    def chars_between(self, a: int, b: int) -> int:
        """Characters from line ``a`` up to line ``b``."""
        return sum(len(t) + 1 for t in self.texts[a:b])

    def nonempty_after(self, i: int, limit: int) -> list[int]:
        """The next ``limit`` lines after ``i`` that are not empty."""
        out = []
        for j in range(i + 1, len(self.texts)):
            if self.texts[j]:
                out.append(j)
                if len(out) >= limit:
                    break
        return out

    def page_top(self, i: int) -> bool:
        """The line opens its page: only a few short lines (logo, page number) above it."""
        j, above = i - 1, 0
        while j >= 0 and self.page_of[j] == self.page_of[i] and above <= PAGE_TOP_CHARS:
            above += len(self.texts[j])
            j -= 1
        return above <= PAGE_TOP_CHARS


def strong_start(book: Book, i: int) -> Start | None:
    """A document start at a type heading with a metadata block under it."""
    doc_type = heading_type(book.texts[i])
    if not doc_type:
        return None
    info = read_heading(book.texts[i : i + 250], doc_type)
    evidence = info.labels + (1 if info.arkivsak else 0)
    if info.doc_type == "sakskart":
        agenda = [j for j in book.nonempty_after(i, 12) if re.match(r"^(?:PS|RS)?\s*\d{1,4}/\d{2}\s", book.texts[j])]
        evidence += 1 if agenda else 0
    needed = 2 if info.doc_type == "brev" else 1
    prev_blank = i == 0 or not book.texts[i - 1] or book.page_of[i - 1] != book.page_of[i]
    if evidence < needed or not (book.page_top(i) or prev_blank or evidence >= 2):
        return None
    block = book.texts[i : i + info.block_end + 1]
    return Start(
        i, info.doc_type, True, info.title, info.arkivsak, info.journalpost, info.behandlet,
        block_end=i + info.block_end, ident=book.texts[i],
        dates=frozenset(d for t in block for d in DATE.findall(t)),
    )


def similar(a: str, b: str) -> float:
    return fuzz.token_set_ratio(a.lower(), b.lower())


def is_repeat(book: Book, prev: Start, new: Start) -> bool:
    """``new`` is the same document as ``prev`` read again (OCR layer after the text layer)."""
    if prev.doc_type != new.doc_type or book.page_of[prev.line] != book.page_of[new.line]:
        return False
    distance = book.chars_between(prev.line, new.line)
    if distance > REPEAT_DISTANCE:
        return False
    if prev.arkivsak and new.arkivsak and prev.arkivsak != new.arkivsak:
        return False
    if prev.title and new.title and similar(prev.title, new.title) < 80:
        return False
    if prev.behandlet and new.behandlet and similar(prev.behandlet, new.behandlet) < 92:
        return False
    if prev.dates and new.dates and not prev.dates & new.dates:
        return False  # the same case treated at another meeting
    if prev.ident and new.ident and fuzz.ratio(norm(prev.ident), norm(new.ident)) < 80:
        return False
    identified = (prev.arkivsak and new.arkivsak) or (prev.title and new.title)
    return bool(identified) or distance < 4000


def merge(into: Start, other: Start) -> None:
    into.arkivsak = into.arkivsak or other.arkivsak
    into.journalpost = into.journalpost or other.journalpost
    into.title = into.title or other.title
    into.behandlet = into.behandlet or other.behandlet


def vedlegg_list(book: Book, h: int) -> list[str]:
    """The attachment titles listed under a "Vedlegg:" line; marks the list's lines in ``book.in_list``."""
    items: list[str] = []
    j, gap = h + 1, 0
    while j < len(book.texts) and j - h < 40:
        s = book.texts[j]
        if not s:
            if items:
                break
            gap += 1
            if gap > 12:
                break
        elif PAGE_NUMBER.match(s) or LOGO.match(s):
            pass
        elif END_MARKER.match(s) or heading_type(s) or len(s) > 150:
            break
        elif items and s.lower().startswith(items[-1].lower()) and len(s) > len(items[-1]) + 8:
            break  # the listed title, now printed in full as the attachment's heading
        else:
            items.append(re.sub(r"^(?:\d{1,2}|[a-z])\s*[-.)–:]\s*", "", s))
            book.in_list.add(j)
        j += 1
    return items


def next_content(book: Book, i: int) -> int | None:
    """The first line after a closing line that is neither a vedlegg list nor a page number."""
    j = i + 1
    while j < len(book.texts):
        s = book.texts[j]
        if s and VEDLEGG_LIST.match(s):
            vedlegg_list(book, j)
        elif s and not (PAGE_NUMBER.match(s) or j in book.in_list or LOGO.match(s)):
            return j
        j += 1
    return None


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", text.lower())).strip()


def repeats_earlier(book: Book, since: int, at: int) -> bool:
    """The text from line ``at`` repeats text already seen since line ``since`` (an OCR re-reading)."""
    needle = norm(" ".join(book.texts[at : at + 12]))[:160]
    if len(needle) < 20:
        return True
    haystack = norm(" ".join(book.texts[max(since, at - 600) : at]))
    return fuzz.partial_ratio(needle, haystack) >= 85
