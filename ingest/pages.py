"""Page segmentation of extracted text: find page boundaries and the text/OCR layers of each page."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from .model import OCR_LAYER, TEXT_LAYER, RawPage

# A printed page number standing alone on a line: "3/10", "Side 2 av 5", "Page 4 of 9", "- 7 -".
_FOOTER = re.compile(
    r"(?:(?:side|page|s\.)\s*)?(\d{1,4})\s*(?:/|av|of)\s*(\d{1,4})"
    r"|(?:side|page)\s+(\d{1,4})"
    r"|[-–]\s*(\d{1,4})\s*[-–]",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\w+")
_HYPHENS = "-\u2010\u2011\u2013\u00ad"
# Gaps of at least this many empty lines mark a page break (PDF text dumps join pages that way).
_BREAK_GAP = 3
# How far back (in content lines) an OCR reading is searched for the line it repeats.
_ECHO_WINDOW = 120
# Readings with fewer tokens than this are paired only when they repeat nearly every word.
_SMALL = 20
# How many page starts before an OCR block are tried as the start of its text layer.
_MAX_STARTS = 8
# The most lines one layer of one page is taken to have.
_MAX_LINES = 400


@dataclass
class _Line:
    """One line of the input with the features segmentation looks at."""

    start: int
    end: int
    raw: str
    kind: str  # "empty", "blank" (white space only), "T" (trailing space), "N" (none), "H" (hyphen)
    lead1: bool = False  # starts with exactly one space: how this dump starts a page's text layer
    gap: int = 0  # longest run of empty lines between this line and the previous content line
    tokens: tuple[str, ...] = ()

    @property
    def content(self) -> bool:
        return self.kind in ("T", "N", "H")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens used to compare two readings of a page.

    Single letters are dropped (they match by chance); digits are kept.

    >>> tokens("Oddvar Igland (Sp), 17.01.2023 i Asker")
    ['oddvar', 'igland', 'sp', '17', '01', '2023', 'asker']
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return [t for t in _TOKEN.findall(text) if len(t) > 1 or t.isdigit()]


def page_footer(line: str) -> tuple[int, int | None] | None:
    """The page number printed on a footer line, with the page count where given; else None.

    >>> page_footer("  4/10 "), page_footer("Side 2 av 37"), page_footer("1/23 Godkjenning")
    ((4, 10), (2, 37), None)
    """
    m = _FOOTER.fullmatch(line.strip())
    if not m:
        return None
    if m.group(1):
        number, count = int(m.group(1)), int(m.group(2))
        return (number, count) if 0 < number <= count else None
    return (int(m.group(3) or m.group(4)), None)


def segment_layered_text(text: str) -> list[RawPage]:
    """Split extracted text into raw pages, each with its text layer and/or OCR reading.

    Form feeds are hard page breaks. Inside, a page whose PDF text layer is followed by an OCR
    reading of the same page becomes one ``RawPage`` with layers ``{"text": ..., "ocr": ...}``:
    the OCR block is found as the block that repeats the text before it (token alignment),
    guided by line style (text layers end lines with a space, OCR readings do not) and by page
    breaks (gaps of empty lines, a line starting with one space right after text). Text with no
    repeated blocks is cut at those page breaks only. Offsets are exact offsets into ``text``.

    >>> text = " Vedtak \\nPlanen vedtas. \\nEnstemmig. \\n\\nVedtak\\nPlanen vedtas.\\nEnstemmig.\\n"
    >>> [(p.number, list(p.layers)) for p in segment_layered_text(text)]
    [(1, ['text', 'ocr'])]
    """
    chunks = _scan(text)
    content = [ln for chunk in chunks for ln in chunk if ln.content]
    if not content:
        return [RawPage(1, {TEXT_LAYER: text}, 0, len(text))] if text else []
    styled = sum(1 for ln in content if ln.kind == "T")
    plain = sum(1 for ln in content if ln.kind == "N")
    # Trailing-space style only tells layers apart where both styles are common.
    contrast = min(styled, plain) >= max(3, 0.05 * len(content))
    spans = [span for chunk in chunks for span in _segment_chunk(chunk, contrast)]
    layered = any(len(layers) > 1 for layers, _ in spans)
    pages: list[RawPage] = []
    for layers, ocr_only in spans:
        named: dict[str, str] = {}
        for name, a, b in layers:
            if name == "single":
                name = OCR_LAYER if (layered and ocr_only) else TEXT_LAYER
            named[name] = text[a:b]
        pages.append(RawPage(len(pages) + 1, named, layers[0][1], layers[-1][2]))
    return pages


# --- line scanning -------------------------------------------------------------------------


def _scan(text: str) -> list[list[_Line]]:
    """The lines of each form-feed chunk of ``text``, with offsets, style and break features."""
    chunks: list[list[_Line]] = []
    base = 0
    for part in text.split("\f"):
        lines: list[_Line] = []
        pos = base
        empties = run = 0
        prev_content = False
        for raw in part.split("\n"):
            line = _classify(raw, pos, pos + len(raw))
            pos += len(raw) + 1
            if line.kind == "empty":
                run += 1
                empties = max(empties, run)
            elif line.kind == "blank":
                run = 0
            else:
                line.gap = empties
                line.lead1 = line.lead1 and prev_content
                empties = run = 0
            prev_content = line.content
            lines.append(line)
        base += len(part) + 1
        if any(ln.content for ln in lines):
            chunks.append(lines)
    return chunks


def _classify(raw: str, start: int, end: int) -> _Line:
    if not raw:
        return _Line(start, end, raw, "empty")
    if not raw.strip():
        return _Line(start, end, raw, "blank")
    if raw[-1].isspace():
        kind = "T"
    elif raw[-1] in _HYPHENS:
        kind = "H"  # a broken word: the text layer drops the trailing space here
    else:
        kind = "N"
    toks = tuple(tokens(raw))
    # Only a line with words in it can open a page: OCR of a chart indents at random.
    words = [t for t in toks if t.isalpha()]
    wordy = len(words) > 1 or any(len(w) > 3 for w in words)
    lead1 = raw[0] == " " and not raw[1].isspace() and wordy
    return _Line(start, end, raw, kind, lead1, 0, toks)


def _breaks(content: list[_Line]) -> list[bool]:
    """Per content line: whether a new page may start there (without looking at layers)."""
    return [ln.gap >= _BREAK_GAP or ln.lead1 for ln in content]


# --- segmentation of one chunk -----------------------------------------------------------------

_Span = tuple[list[tuple[str, int, int]], bool]


def _segment_chunk(chunk: list[_Line], contrast: bool) -> list[_Span]:
    """Pages of one form-feed chunk as ``([(layer, start, end), ...], lone_layer_is_ocr)``.

    Layers are first told apart by line style where the text has style contrast; what is left
    unpaired gets a second look for blocks that repeat the block before them.
    """
    content = [ln for ln in chunk if ln.content]
    breaks = _breaks(content)
    styles = _styles(content) if contrast else _echo_styles(content, 0, len(content))
    out: list[_Span] = []
    for kind, a, s, e in _pair_up(content, breaks, styles, 0, len(content), contrast):
        if kind == "pair":
            out.append(_pair_span(content, a, s, e))
            continue
        if contrast:
            echo = styles[:a] + _echo_styles(content, a, e) + styles[e:]
            parts = _pair_up(content, breaks, echo, a, e, False)
        else:
            parts = [("single", a, a, e)]
        for kind2, a2, s2, e2 in parts:
            if kind2 == "pair":
                out.append(_pair_span(content, a2, s2, e2))
            else:
                out.extend(_single_pages(content, styles, breaks, a2, e2, contrast))
    return out


def _pair_up(
    content: list[_Line], breaks: list[bool], styles: list[str], lo: int, hi: int, contrast: bool
) -> list[tuple[str, int, int, int]]:
    """Lines ``lo:hi`` as ``("pair", b, s, e)`` (text ``b:s``, OCR ``s:e``) and ``("single", a, a, e)``."""
    out: list[tuple[str, int, int, int]] = []
    pending = lo  # first content line not yet given to a page
    for r, (style, a, z) in enumerate(_runs(styles, lo, hi)):
        if style != "N" or r == 0 or a <= pending:
            continue
        found = _pair(content, breaks, pending, a, z, contrast)
        if found is None:
            continue
        b, s, e = found
        if b > pending:
            out.append(("single", pending, pending, b))
        out.append(("pair", b, s, e))
        pending = e
    if pending < hi:
        out.append(("single", pending, pending, hi))
    return out


def _pair_span(content: list[_Line], b: int, s: int, e: int) -> _Span:
    text = ("text", content[b].start, content[s - 1].end)
    return [text, ("ocr", content[s].start, content[e - 1].end)], False


def _styles(content: list[_Line]) -> list[str]:
    """'T' (text-layer style) or 'N' per content line; broken words take their neighbours' style."""
    styles = [ln.kind for ln in content]
    last = "T"
    for i, kind in enumerate(styles):
        if kind == "H":
            styles[i] = last
        last = styles[i]
    return styles


def _echo_styles(content: list[_Line], lo: int, hi: int) -> list[str]:
    """'N' for lines of ``lo:hi`` that repeat a line shortly before them, 'T' for the rest.

    This stands in for line style where style cannot tell layers apart. Short lines say
    nothing (they repeat by chance) and take the style of the line before.
    """
    norms = [" ".join(ln.tokens) for ln in content[lo:hi]]
    styles: list[str] = []
    last = "T"
    for i, norm in enumerate(norms):
        if len(norm) < 12:
            styles.append(last)
            continue
        window = norms[max(0, i - _ECHO_WINDOW) : i]
        found = (
            process.extractOne(norm, window, scorer=fuzz.ratio, score_cutoff=85) if window else None
        )
        # Lines of a list differ in their numbers only ("5. trinn – 90,4 %"): numbers must agree.
        echo = found is not None and (found[1] >= 95 or _digits(norm) == _digits(found[0]))
        last = "N" if echo else "T"
        styles.append(last)
    # One line read with an error does not end a repeated block.
    for i in range(1, len(styles) - 1):
        if styles[i] == "T" and styles[i - 1] == "N" and styles[i + 1] == "N":
            styles[i] = "N"
    # A lone repeated line inside text is a repetition in the text itself, not an OCR block.
    for i in range(len(styles)):
        if styles[i] == "N" and (i == 0 or styles[i - 1] == "T"):
            j = i
            while j < len(styles) and styles[j] == "N":
                j += 1
            if j - i < 3:
                for k in range(i, j):
                    styles[k] = "T"
    return styles


def _digits(norm: str) -> list[str]:
    return sorted(t for t in norm.split() if t.isdigit())


def _runs(styles: list[str], lo: int, hi: int) -> list[tuple[str, int, int]]:
    runs: list[tuple[str, int, int]] = []
    for i in range(lo, hi):
        style = styles[i]
        if runs and runs[-1][0] == style:
            runs[-1] = (style, runs[-1][1], i + 1)
        else:
            runs.append((style, i, i + 1))
    return runs


def _pair(
    content: list[_Line], breaks: list[bool], pending: int, lo: int, hi: int, contrast: bool
) -> tuple[int, int, int] | None:
    """Whether lines ``lo:hi`` (plain style) re-read the text before them; ``(b, s, e)`` if so.

    The text layer is ``b:s`` and the OCR layer ``s:e``. ``b`` is chosen among page starts
    between ``pending`` and ``lo`` so that the text layer is the part the OCR repeats; ``e``
    among page ends inside the run, so that an OCR-only page after it stays apart.
    """
    if not contrast:
        # Without style to go by, a repeated block never runs across a gap of empty lines: that
        # is where pages were joined. A gap under a logo or a short header is the OCR's layout.
        gaps = [i for i in range(lo + 1, hi) if content[i].gap >= _BREAK_GAP]
        if gaps and sum(len(content[i].tokens) for i in range(lo, gaps[0])) <= 3:
            gaps = gaps[1:]
        hi = gaps[0] if gaps else hi
    # A page's reading is looked for among the lines just before it, never the whole text.
    hi = min(hi, lo + _MAX_LINES)
    first = max(pending, lo - _MAX_LINES)
    starts = [i for i in range(first, lo) if i == pending or (i > pending and breaks[i])]
    if not starts:
        return None
    # Each candidate start is aligned on its own: a word the OCR read once may occur on several
    # earlier pages, and one alignment over all of them could pick the wrong occurrence.
    starts = starts[-_MAX_STARTS:]
    scored = []
    for c in starts:
        counts = _align(content, range(c, lo), range(lo, hi))
        scored.append(((sum(counts[0]) - sum(counts[1]), c), c, counts))
    _, b, (t_match, t_miss, n_match, n_miss) = max(scored, key=lambda item: item[0])
    # The reading ends where it stops repeating the text; a footer (which the text layer may
    # print elsewhere or not at all) goes with the reading it ends.
    net = [
        0 if page_footer(content[i].raw) else n_match[i - lo] - n_miss[i - lo]
        for i in range(lo, hi)
    ]
    prefix = list(accumulate(net, initial=0))
    ends = [i for i in range(lo + 1, hi) if breaks[i] or page_footer(content[i - 1].raw)]
    e = max(ends + [hi], key=lambda c: (prefix[c - lo], c))
    if not _repeats(
        content, b, lo, e, t_match, t_miss, n_match[: e - lo], n_miss[: e - lo], contrast
    ):
        return None
    s = _refine_switch(content, b, lo, e, contrast)
    return (b, s, e) if b < s < e else None


def _repeats(
    content: list[_Line],
    b: int,
    s: int,
    e: int,
    t_match: list[int],
    t_miss: list[int],
    n_match: list[int],
    n_miss: list[int],
    contrast: bool,
) -> bool:
    """Whether lines ``s:e`` are a second reading of lines ``b:s``."""
    if _footers(content, range(b, s)) & _footers(content, range(s, e)):
        return True
    tm, tu, nm, nu = sum(t_match), sum(t_miss), sum(n_match), sum(n_miss)
    if nm + nu < _SMALL:
        # A few words repeat by chance (figure captions, headings): ask for the same words and
        # numbers, allowing only the spacing and letter slips an OCR makes.
        if nm >= 0.85 * (nm + nu) and tm >= 0.85 * (tm + tu):
            return True
        first = [t for i in range(b, s) for t in content[i].tokens]
        second = [t for i in range(s, e) for t in content[i].tokens]
        digits = sorted(t for t in first if t.isdigit()) == sorted(t for t in second if t.isdigit())
        return digits and fuzz.ratio("".join(first), "".join(second)) >= 90
    if content[s].gap >= _BREAK_GAP:
        return nm >= 0.85 * (nm + nu) and tm >= 0.85 * (tm + tu)
    if contrast and (nm >= 0.7 * (nm + nu) or (tm >= 3 and tu <= 0.1 * (tm + tu))):
        # A partial reading (of the page's end), or a full one with more in it (text in images).
        return True
    return nm >= 0.5 * (nm + nu) and tm >= 0.4 * (tm + tu)


def _align(content: list[_Line], t_lines: range, n_lines: range) -> tuple[list[int], ...]:
    """Matched and unmatched token counts per line, aligning the two blocks' token sequences."""
    t_tok, t_owner = _flatten(content, t_lines)
    n_tok, n_owner = _flatten(content, n_lines)
    t_match = [0] * len(t_lines)
    t_miss = [0] * len(t_lines)
    n_match = [0] * len(n_lines)
    n_miss = [0] * len(n_lines)
    for op in Indel.opcodes(t_tok, n_tok):
        if op.tag == "equal":
            for k in range(op.src_start, op.src_end):
                t_match[t_owner[k]] += 1
            for k in range(op.dest_start, op.dest_end):
                n_match[n_owner[k]] += 1
        else:
            for k in range(op.src_start, op.src_end):
                t_miss[t_owner[k]] += 1
            for k in range(op.dest_start, op.dest_end):
                n_miss[n_owner[k]] += 1
    return t_match, t_miss, n_match, n_miss


def _flatten(content: list[_Line], rows: range) -> tuple[list[str], list[int]]:
    toks: list[str] = []
    owner: list[int] = []
    for k, i in enumerate(rows):
        toks.extend(content[i].tokens)
        owner.extend([k] * len(content[i].tokens))
    return toks, owner


def _footers(content: list[_Line], rows: range) -> set[tuple[int, int | None]]:
    return {f for i in rows if (f := page_footer(content[i].raw)) and f[1]}


def _refine_switch(content: list[_Line], b: int, s: int, e: int, contrast: bool) -> int:
    """Move the switch from text to OCR to where the second reading really starts.

    A line read twice in ``s:e`` but absent from ``b:s`` is the text layer's last line that lost
    its trailing space. Without style, a line at the end of ``b:s`` that repeats a line above it
    and is absent from ``s:e`` is the OCR's own heading, read before its first repeated line.
    """

    def norm(i: int) -> str:
        return " ".join(content[i].tokens)

    def found(line: str, rows: range) -> bool:
        return any(fuzz.ratio(line, norm(i), score_cutoff=90) for i in rows)

    for _ in range(3):
        line = norm(s)
        if (
            s >= e - 1
            or len(line) < 8
            or found(line, range(b, s))
            or not found(line, range(s + 1, e))
        ):
            break
        s += 1
    for _ in range(0 if contrast else 3):
        line = norm(s - 1)
        if (
            s - 1 <= b
            or len(line) < 8
            or found(line, range(s, e))
            or not found(line, range(b, s - 1))
        ):
            break
        s -= 1
    return s


def _single_pages(
    content: list[_Line], styles: list[str], breaks: list[bool], lo: int, hi: int, contrast: bool
) -> list[_Span]:
    """Lines ``lo:hi`` that have no second reading, cut into pages at page breaks."""
    if lo >= hi:
        return []
    cuts = [i for i in range(lo + 1, hi) if breaks[i]]
    out = []
    for a, b in zip([lo] + cuts, cuts + [hi]):
        ocr_only = contrast and _looks_ocr(content[a:b], styles[a:b])
        out.append(([("single", content[a].start, content[b - 1].end)], ocr_only))
    return out


def _looks_ocr(lines: list[_Line], styles: list[str]) -> bool:
    """Whether a lone reading is OCR: a few lines, plain style throughout, no PDF-only characters.

    OCR engines write plain spaces and hyphens; no-break spaces and soft hyphens come from a
    PDF's own text.
    """
    if len(lines) < 3:
        return False  # a caption or a page number says too little to tell
    plain = sum(len(ln.raw) for ln, st in zip(lines, styles) if st == "N")
    total = sum(len(ln.raw) for ln in lines)
    pdf_chars = any(ch in ln.raw for ln in lines for ch in "\xa0\xad\u202f")
    return plain >= 0.9 * total and not pdf_chars
