"""Comments (innspill, uttalelse, høringssvar) a body gives on a plan or case in one treatment.

Two sources, in order: the items of an innspill list in the decision ("Det gis følgende innspill til
planen: • …"), each item one comment; otherwise the adopted proposals that were put forward as
innspill or uttalelse. An empty list ("• …") gives no comment.
"""

from __future__ import annotations

import re

from .base import DocumentText
from .records import CommentRecord, TreatmentRecord
from .sections import Parts
from .textspan import BULLET_RE, PLACEHOLDER_RE, Line, clean_block, lines_of

# The line that opens an innspill list: "Det gis følgende innspill til planen:", "Utvalet har slik fråsegn:".
_MARKER = re.compile(
    r"(?im)^[^\n]*?\b(?:innspill|innspel|merknad(?:er)?|uttalelse|uttale|høringsuttalelse|høringssvar|høyringssvar"
    r"|høyringsfråsegn|fråsegn|kommentar(?:er)?)\b[^\n]*$"
)
_MARKER_CUE = re.compile(r"(?i)(?::\s*$|\b(?:følgende|følgjande|slik|slike|disse|desse)\b)")
_COMMENT_PROPOSAL = re.compile(
    r"(?i)\b(?:innspill|innspel|uttalelse|høringsinnspill|høringssvar|høringsuttalelse|høyringsinnspel|merknad|fråsegn)"
)
_ITEM_START = re.compile(r"^(?:[•●▪■◦‣*·]|[-–](?=\s|\*)|\d{1,2}\)|[a-z]\))\s*")
_NEXT_POINT = re.compile(r"^\d{1,2}\.\s+\S")


def _items(doc: DocumentText, lines: list[Line]) -> list[tuple[int, int]]:
    """Spans of the list items in ``lines``: a bullet starts an item, its wrapped lines continue it."""
    spans: list[list[int]] = []
    for ln in lines:
        s = ln.text
        if not s:
            continue
        if _ITEM_START.match(s) or BULLET_RE.match(s):
            spans.append([ln.start, ln.end])
        elif _NEXT_POINT.match(s) and spans:
            break  # the next numbered point of the decision
        elif spans:
            spans[-1][1] = ln.end
    return [(a, b) for a, b in spans]


def _strip_item(text: str) -> str:
    t = clean_block(text)
    t = _ITEM_START.sub("", t)
    t = BULLET_RE.sub("", t)
    t = re.sub(r"^\*(.+)\*$", r"\1", t, flags=re.S)
    return t.strip().strip("«»").strip()


def _innspill_text(text: str) -> str:
    """The innspill proper: "Siste setning … erstattes med følgende: «X»" gives X."""
    m = re.match(r"^[^«\n]{0,200}:\s*«(?P<q>.+)»\s*$", text.strip(), re.S)
    return m.group("q").strip() if m else text.strip()


def find_comments(doc: DocumentText, rec: TreatmentRecord, parts: Parts, intros: list[str],
                  plan: str | None) -> list[CommentRecord]:
    """The comments ``rec``'s body gave, about ``plan`` when the case is about one, else about the case."""
    out: list[CommentRecord] = []
    if parts.decision:
        d0, d1 = parts.decision
        text = doc.text[d0:d1]
        m = next((x for x in _MARKER.finditer(text) if _MARKER_CUE.search(x.group(0))), None)
        if m:
            lines = lines_of(doc.text, d0 + m.end(), d1)
            items = _items(doc, lines)
            for a, b in items:
                body = _strip_item(doc.text[a:b])
                if body and not PLACEHOLDER_RE.match(body):
                    out.append(CommentRecord(rec.body, body, doc.evidence(a, b), plan, rec.arkivsak))
            if not items:
                rest = clean_block(doc.text[d0 + m.end():d1])
                first = re.split(r"\n\s*\n?(?=\d{1,2}\.\s)", rest)[0].strip() if rest else ""
                if len(first) > 15 and not PLACEHOLDER_RE.match(first):
                    out.append(CommentRecord(rec.body, first, doc.evidence(d0 + m.end(), d1), plan, rec.arkivsak))
            if out or items:
                return out
    offset = len(rec.proposals) - len(intros)
    for intro, prop in zip(intros, rec.proposals[offset:]):
        if prop.result == "pass" and _COMMENT_PROPOSAL.search(intro) and prop.text:
            out.append(CommentRecord(rec.body, _innspill_text(prop.text), prop.evidence, plan, rec.arkivsak))
    return out
