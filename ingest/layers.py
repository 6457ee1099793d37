"""Merging a page's duplicated text layers (PDF text layer and OCR reading) into one clean reading."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from . import ocr
from .model import OCR_LAYER, TEXT_LAYER, Page, RawPage, Repair
from .pages import page_footer, tokens

# An OCR line counts as read in the text layer when this share of its words is found there.
_COVERED = 0.5
# Fuzzy word match for OCR misreadings ("lgland" for "Igland").
_WORD_SCORE = 80
# Whole-line fuzzy match (spaces ignored) for OCR lines whose words were split or run together.
_LINE_SCORE = 88
# Unicode hyphens ("FoU‐prosjektet") as the hyphen-minus a search for the word is typed with.
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


@dataclass
class Row:
    """A line of a merged page; ``ocr`` says only the OCR reading has it."""

    text: str
    ocr: bool


def merge_page(raw: RawPage, lexicon: ocr.Lexicon | None = None) -> Page:
    """One clean reading of a raw page: the text layer, with what only the OCR read put in place.

    The PDF text layer is the base (its words are exact); the OCR reading is aligned to it word
    by word, and OCR lines whose words the text layer lacks (text in images, a missing footer)
    are inserted after the text line their neighbours align with. Text-layer artefacts (trailing
    spaces, indents, runs of blank lines) are normalised, one line per line and a blank line
    between paragraphs. Then OCR repair runs: OCR-only lines get glyph and name fixes, all text
    gets hyphenation and letter-spacing fixes. ``Page.repairs`` point into ``Page.text``.

    >>> layers = {"text": " Vedtak \\nOddvar Igland (Sp) ", "ocr": "Vedtak\\nOddvar lgland (Sp)\\n3/10"}
    >>> merge_page(RawPage(1, layers, 0, 60)).text
    'Vedtak\\nOddvar Igland (Sp)\\n\\n3/10'
    """
    text_layer = raw.layers.get(TEXT_LAYER)
    ocr_layer = raw.layers.get(OCR_LAYER)
    if text_layer is not None and ocr_layer is not None:
        rows = merge_rows(undouble(clean_lines(text_layer)), undouble(clean_lines(ocr_layer)))
    elif text_layer is not None:
        rows = [Row(line, False) for line in undouble(clean_lines(text_layer))]
    else:
        rows = [Row(line, True) for line in undouble(clean_lines(ocr_layer or ""))]
    text, repairs = _repair(_tidy(rows), lexicon)
    return Page(
        number=raw.number,
        text=text,
        source_start=raw.source_start,
        source_end=raw.source_end,
        layers=tuple(raw.layers),
        merged_duplicate=text_layer is not None and ocr_layer is not None,
        original=dict(raw.layers),
        repairs=repairs,
    )


def clean_lines(layer: str) -> list[str]:
    """A layer's lines without extraction artefacts: no indent or trailing space, no space runs.

    Unicode hyphens become the hyphen-minus, so hyphenated words are found as typed.

    White-space-only lines become empty lines; runs of empty lines are left for the caller.

    >>> clean_lines(" Møteprotokoll \\n \\n  4/10 \\n2)  Barn\\u00a0og unge ")
    ['Møteprotokoll', '', '4/10', '2) Barn og unge']
    """
    layer = layer.replace("\r", "").translate(_HYPHENS)
    return [_SPACES.sub(" ", line).strip() for line in layer.split("\n")]


def undouble(lines: list[str]) -> list[str]:
    """Lines of a double-spaced dump (an empty line after every line) with those empty lines gone.

    Where lines almost never follow one another directly and mostly have one empty line between
    them, a single empty line is no paragraph break; a longer run still is, and becomes one.

    >>> page = "Et avsnitt|som går|over fire|linjer.|||Et nytt|avsnitt|på fire|linjer.".split("|")
    >>> undouble([part for line in page for part in (line, "")])
    ['Et avsnitt', 'som går', 'over fire', 'linjer.', '', 'Et nytt', 'avsnitt', 'på fire', 'linjer.']
    """
    gaps: list[int] = []
    run = -1  # empty lines since the last content line; -1 before the first one
    for line in lines:
        if line:
            if run >= 0:
                gaps.append(run)
            run = 0
        elif run >= 0:
            run += 1
    adjacent = sum(g == 0 for g in gaps)
    single = sum(g == 1 for g in gaps)
    if len(gaps) < 6 or adjacent > 0.1 * len(gaps) or single < 0.5 * len(gaps):
        return lines
    out: list[str] = []
    empties = 0
    for line in lines:
        if not line:
            empties += 1
            continue
        if out and empties >= 2:
            out.append("")
        out.append(line)
        empties = 0
    return out


def merge_rows(text_lines: list[str], ocr_lines: list[str]) -> list[Row]:
    """The text layer's lines with the lines only the OCR reading has inserted in place."""
    rows = [Row(line, False) for line in text_lines]
    t_idx = [i for i, line in enumerate(text_lines) if line]
    o_idx = [i for i, line in enumerate(ocr_lines) if line]
    t_tokens = [tokens(text_lines[i]) for i in t_idx]
    o_tokens = [tokens(ocr_lines[i]) for i in o_idx]
    anchors = _anchors(t_tokens, o_tokens)
    vocabulary = {t for toks in t_tokens for t in toks}
    squeezed = "".join(text_lines).replace(" ", "").lower()
    seen = [_words_found(words, vocabulary) for words in o_tokens]
    for k, i in enumerate(o_idx):
        if seen[k][0] < _COVERED * seen[k][1] and _line_found(ocr_lines[i], squeezed):
            seen[k] = (seen[k][1], seen[k][1])
    read = [found >= _COVERED * weight for found, weight in seen]
    # A paragraph the text layer mostly lacks goes in whole (a logo, a caption), so it reads as
    # printed; from a paragraph the text layer has, only the lines it lacks go in.
    for first, last in _paragraphs(o_idx):
        found = sum(seen[k][0] for k in range(first, last))
        weight = sum(seen[k][1] for k in range(first, last))
        if not all(read[first:last]) and found < _COVERED * weight:
            read[first:last] = [False] * (last - first)
    only = [not read[k] and _worth_keeping(ocr_lines[i], o_tokens[k]) for k, i in enumerate(o_idx)]

    # Group OCR-only lines into runs and find where each run goes: after the text line that the
    # OCR lines before it align with (the top of the page when none does).
    inserts: dict[int, list[list[str]]] = {}
    last_anchor = -1
    k = 0
    while k < len(o_idx):
        if not only[k]:
            if anchors[k] is not None:
                last_anchor = max(last_anchor, anchors[k])
            k += 1
            continue
        j = k
        while j < len(o_idx) and only[j]:
            j += 1
        block = _block(ocr_lines, o_idx[k], o_idx[j - 1])
        at = t_idx[last_anchor] + 1 if last_anchor >= 0 else 0
        inserts.setdefault(at, []).append(block)
        k = j
    out: list[Row] = []
    for pos in range(len(rows) + 1):
        for block in inserts.get(pos, []):
            out.append(Row("", True))
            out.extend(Row(line, True) for line in block)
            out.append(Row("", True))
        if pos < len(rows):
            out.append(rows[pos])
    return out


def _paragraphs(rows: list[int]) -> list[tuple[int, int]]:
    """Runs ``[first, last)`` of positions in ``rows`` whose line numbers follow one another."""
    out: list[tuple[int, int]] = []
    for k, row in enumerate(rows):
        if out and rows[k - 1] == row - 1:
            out[-1] = (out[-1][0], k + 1)
        else:
            out.append((k, k + 1))
    return out


def _anchors(t_tokens: list[list[str]], o_tokens: list[list[str]]) -> list[int | None]:
    """For each OCR line, the last text line (index into ``t_tokens``) its words align with."""
    t_flat = [t for toks in t_tokens for t in toks]
    t_owner = [k for k, toks in enumerate(t_tokens) for _ in toks]
    o_owner = [k for k, toks in enumerate(o_tokens) for _ in toks]
    o_flat = [t for toks in o_tokens for t in toks]
    anchors: list[int | None] = [None] * len(o_tokens)
    for op in Indel.opcodes(t_flat, o_flat):
        if op.tag != "equal":
            continue
        for n in range(op.src_end - op.src_start):
            line = o_owner[op.dest_start + n]
            text_line = t_owner[op.src_start + n]
            anchors[line] = text_line if anchors[line] is None else max(anchors[line], text_line)
    return anchors


def _words_found(words: list[str], vocabulary: set[str]) -> tuple[int, int]:
    """Letters in ``words`` that the text layer has (allowing OCR misreadings), and all letters."""
    found = weight = 0
    for word in words:
        weight += len(word)
        if word in vocabulary or (
            len(word) >= 4
            and process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=_WORD_SCORE)
        ):
            found += len(word)
    return found, weight


def _line_found(line: str, squeezed: str) -> bool:
    """Whether the text layer holds the line, spaces ignored ("ti l", "frivilligkoordinering")."""
    compact = line.replace(" ", "").lower()
    return len(compact) >= 12 and fuzz.partial_ratio(compact, squeezed) >= _LINE_SCORE


def _worth_keeping(line: str, words: list[str]) -> bool:
    """OCR of a chart or a rule gives debris ("I I I", "=••1"): keep lines with a word or number."""
    return page_footer(line) is not None or any(
        (w.isalpha() and len(w) >= 3) or (w.isdigit() and len(w) >= 2) for w in words
    )


def _block(lines: list[str], first: int, last: int) -> list[str]:
    """OCR lines ``first..last`` with runs of empty lines inside made single."""
    out: list[str] = []
    for line in lines[first : last + 1]:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _tidy(rows: list[Row]) -> list[Row]:
    """Rows with single empty lines between paragraphs and none at the ends."""
    out: list[Row] = []
    for row in rows:
        if not row.text and (not out or not out[-1].text):
            continue
        out.append(row)
    while out and not out[-1].text:
        out.pop()
    return out


def _repair(rows: list[Row], lexicon: ocr.Lexicon | None) -> tuple[str, list[Repair]]:
    """Run OCR repair on each stretch of rows from one source; shift repairs into the page text."""
    parts: list[str] = []
    repairs: list[Repair] = []
    offset = 0
    k = 0
    while k < len(rows):
        j = k
        # Empty lines go with the stretch before them; a stretch is lines of one origin.
        while j < len(rows) and (rows[j].ocr == rows[k].ocr or not rows[j].text):
            j += 1
        chunk = "\n".join(row.text for row in rows[k:j])
        fixed, found = ocr.repair(chunk, lexicon, ocr=rows[k].ocr)
        if parts:
            parts.append("\n")
            offset += 1
        parts.append(fixed)
        repairs.extend(
            Repair(r.start + offset, r.end + offset, r.original, r.repaired, r.kind) for r in found
        )
        offset += len(fixed)
        k = j
    return "".join(parts), repairs
