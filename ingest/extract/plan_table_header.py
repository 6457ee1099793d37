"""Table headers in plans: the column labels (bokmål and nynorsk, in any order) and where a header starts.

Used by ``plan_tables``, which rebuilds the rows under a header found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text import normalize_space

# Column roles, and the header labels that name them (bokmål and nynorsk; matched case-insensitively).
COLUMN_LABELS: list[tuple[str, str]] = [
    ("strategy", r"navn\s+på\s+strategi(?:en)?"),
    ("status", r"i\s+andre\s+plan(?:er|ar)"),
    ("goal_main", r"hoved\s*mål(?:et)?|hovud\s*mål(?:et)?|overordn(?:et|a)\s+mål"),
    ("goal_sub", r"del\s*mål(?:et|ene|a)?"),
    ("focus", r"(?:innsats|satsings|satsnings|fokus)\s*område(?:r|t|ne|a)?"),
    ("sdg", r"(?:fns?\s+)?b[æe]rekrafts?mål(?:ene|et|a)?"),
    ("strategy", r"strategi(?:er|ar|ane|ene|en)?"),
    ("goal", r"mål(?:setting(?:er|ar)?|setjing(?:ar)?)?"),
    ("status", r"status|økonomiplan"),
    ("other", r"hva\s+vil\s+dette\s+bety\??|kva\s+vil\s+dette\s+seie\??|ansvar(?:lig|leg)?|tiltak|"
     r"indikator(?:er|ar)?|tidsperiode|periode|nr\.?|prioritet"),
]  # fmt: skip
_LABELS = [(role, re.compile(rf"(?:{rx})(?![\wæøå])", re.I)) for role, rx in COLUMN_LABELS]
# A header may be broken over lines at any word ("Navn på / strategien", "I andre / planer").
_MAX_HEADER_LINES = 8
_MAX_HEADER_LINE = 70
CONTENT_ROLES = ("strategy", "goal_main", "goal_sub", "goal")
LABEL_ROLES = ("focus", "sdg")


@dataclass
class Column:
    """A column of a table: its role (strategy, goal_main, goal_sub, goal, focus, sdg, status, other) and label."""

    role: str
    label: str


def parse_header(text: str) -> list[Column] | None:
    """The columns a header names, left to right, if the text is labels and nothing else.

    >>> [c.role for c in parse_header("Navn på strategien I andre planer Hovedmål Delmål Satsingsområde")]
    ['strategy', 'status', 'goal_main', 'goal_sub', 'focus']
    """
    rest = normalize_space(text)
    columns: list[Column] = []
    while rest:
        for role, rx in _LABELS:
            m = rx.match(rest)
            if m:
                columns.append(Column(role, m.group(0)))
                rest = rest[m.end():].lstrip(" |\t:")
                break
        else:
            return None
    if len(columns) < 2 or not any(c.role in CONTENT_ROLES for c in columns):
        return None
    return columns


@dataclass
class _Line:
    start: int
    end: int
    text: str  # stripped

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        out.append(_Line(pos + lead, pos + len(raw.rstrip()), raw.strip()))
        pos += len(raw) + 1
    return out


def _header_at(lines: list[_Line], i: int) -> tuple[list[Column], int] | None:
    """The header starting at line ``i`` (possibly over several lines): its columns and the line after it."""
    best = None
    parts: list[str] = []
    j = i
    taken = 0
    while j < len(lines) and taken < _MAX_HEADER_LINES:
        ln = lines[j]
        if ln.blank:
            j += 1
            continue
        if len(ln.text) > _MAX_HEADER_LINE or "\f" in ln.text:
            break
        parts.append(ln.text)
        taken += 1
        cols = parse_header(" ".join(parts))
        if cols:
            best = (cols, j + 1)
        elif not _is_label_prefix(" ".join(parts)):
            break
        j += 1
    return best


def _is_label_prefix(text: str) -> bool:
    """Whether ``text`` could begin a header (labels, possibly cut mid-label)."""
    words = normalize_space(text).split()
    for k in range(len(words), 0, -1):
        head = " ".join(words[:k])
        tail = words[k:]
        if parse_header(head + " mål delmål") is not None or _only_labels(head):
            return not tail or all(_is_fragment(w) for w in tail)
    return all(_is_fragment(w) for w in words)


def _only_labels(text: str) -> bool:
    rest = normalize_space(text)
    while rest:
        for _, rx in _LABELS:
            m = rx.match(rest)
            if m:
                rest = rest[m.end():].lstrip(" |\t:")
                break
        else:
            return False
    return True


def _is_fragment(word: str) -> bool:
    return any(re.search(rf"(?<![\wæøå]){re.escape(word)}(?![\wæøå])", rx, re.I) or word.lower() in rx for _, rx in COLUMN_LABELS)
