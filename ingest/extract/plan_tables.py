"""Reading order of goal and strategy tables in plans, whether a row is one line or shredded cell by cell.

PDF text layers break a table like ``Navn på strategien | I andre planer | Hovedmål | Delmål |
Satsingsområde`` into one block per cell, row after row, with empty cells left out; a row can run
over a page break, where the header is printed again and the rest of each cut cell follows. This
module finds such tables from their header (labels in bokmål and nynorsk, in any order) and puts
every cell back in its row and column:

- a row printed on one line (cells apart by tabs, ``|`` or runs of spaces) is split on them;
- a shredded row is rebuilt in column order, skipping a column where the cell cannot belong there
  (a status column takes ``Økonomiplan: Innarbeidet``, a label column a short name, a goal a
  sentence) and where the PDF's text layer indents the cell (an empty cell before it: one leading
  space per skipped column), and starting a new row where a cell opens like the table's first one;
- cells cut by a page break are joined to the cells they continue.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ingest.text import normalize_space

from .base import PAGE_BREAK, DocumentText
from .plan_table_header import (
    _MAX_HEADER_LINE,
    CONTENT_ROLES,
    LABEL_ROLES,
    Column,
    _header_at,
    _is_label_prefix,
    _Line,
    _lines,
    _only_labels,
    parse_header,
)


# Words a cut cell can end on (Norwegian function words): a cell ending so is unfinished.
_OPEN_END = re.compile(
    r"(?:[,\-–/]|\b(?:og|eller|der|som|for|av|i|til|med|en|et|ei|å|på|at|samt|fra|frå|om|ved|mot|hos|"
    r"er|har|skal|sikrer|ein|eit|dei|det|den|de|the|and|of|to))\s*$",
    re.I,
)
_STATUS_CELL = re.compile(
    r"^[\wæøåÆØÅ .-]{0,40}:\s*[\wæøåÆØÅ .-]{1,40}$|^(?:innarbeidet|ja|nei|delvis|pågår|vedtatt|gjennomført|"
    r"ikke\s+\w+|planlagt)\.?$",
    re.I,
)
# A heading that opens the next section: "Innsatsområde 2: Frivillighet", "Strategier:", "Delmål:".
_SECTION = re.compile(
    r"(?i)^(?:(?:innsats|satsings|satsnings|fokus)område\s*\d{0,2}\s*[:.–-]\s*\S.*|"
    r"(?:strategi(?:er|ar|ane|ene)|hovedmål|hovudmål|delmål|mål)\s*:)$"
)
_BULLET = re.compile(r"^[•·▪●○◦*\-–−]\s")
_FURNITURE = re.compile(r"^(?:side\s+\d+(?:\s+(?:av|of)\s+\d+)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$", re.I)


@dataclass
class Cell:
    """One cell: its text (lines joined) and its pieces' spans in the document text (more than one when cut)."""

    text: str
    spans: list[tuple[int, int]]
    column: int

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[0][1]


@dataclass
class Row:
    """One table row: its cells by column index."""

    cells: dict[int, Cell] = field(default_factory=dict)

    def span(self) -> tuple[int, int]:
        """From the first cell's start to the last cell's end, on the row's first page."""
        first = min(c.start for c in self.cells.values())
        last = max(e for c in self.cells.values() for s, e in c.spans if s >= first)
        return first, last


@dataclass
class Table:
    """A table found in a document: its columns, rows and where its header starts and the table ends."""

    columns: list[Column]
    rows: list[Row]
    start: int
    end: int
    header: str

    def roles(self) -> list[str]:
        return [c.role for c in self.columns]

    def cells(self, row: Row, role: str) -> list[Cell]:
        """The cells of ``row`` in columns with ``role``, left to right."""
        return [row.cells[i] for i, c in enumerate(self.columns) if c.role == role and i in row.cells]


def join_lines(text: str) -> str:
    """A cell's lines as one line; a line broken after a hyphen keeps it (``FN-`` + ``konvensjonen``)."""
    text = re.sub(r"(\w)-\s*\n\s*(?=\w)", r"\1-", text)
    return normalize_space(text)


def furniture_lines(doc: DocumentText) -> set[str]:
    """Running headers and footers: lines that open or close three pages or more, and page numbers."""
    counts: Counter[str] = Counter()
    for page in doc.text.split(PAGE_BREAK):
        lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
        for ln in set(lines[:2] + lines[-2:]):
            counts[ln] += 1
    return {ln for ln, n in counts.items() if n >= 3 and len(ln) <= 80}


class IndentOracle:
    """How far the PDF's text layer indents a line: leading spaces stand for empty cells before it.

    The clean page text drops them, so each cell's first line is looked up, in order, in the raw text
    layer of its page. A page's first line is always indented by the layer, so it says nothing.
    """

    def __init__(self, layers: dict[int, str] | None) -> None:
        self._pages: dict[int, list[tuple[str, int]]] = {}
        self._cursor: dict[int, int] = {}
        for number, text in (layers or {}).items():
            lines = [(normalize_space(raw), len(raw) - len(raw.lstrip(" "))) for raw in text.split("\n")]
            first = next((i for i, (t, _) in enumerate(lines) if t), None)
            if first is not None:
                lines[first] = (lines[first][0], 0)
            self._pages[number] = lines

    def indent(self, page: int, line: str) -> int:
        """Leading spaces of ``line`` in the text layer of ``page`` (0 when unknown)."""
        lines = self._pages.get(page)
        if not lines:
            return 0
        want = normalize_space(line)
        start = self._cursor.get(page, 0)
        for i in range(start, len(lines)):
            text, lead = lines[i]
            if text == want or (len(want) > 8 and fuzz.ratio(text, want) >= 90):
                self._cursor[page] = i + 1
                return lead
        return 0


def _split_row_line(text: str) -> list[str]:
    if "|" in text:
        return [p.strip() for p in text.strip().strip("|").split("|")]
    return [p.strip() for p in re.split(r"\t+|\s{2,}", text.strip())]


def find_tables(doc: DocumentText, layers: dict[int, str] | None = None) -> list[Table]:
    """Every table with a recognised header in ``doc``, rows rebuilt (``layers``: page → raw text layer)."""
    raw_lines = doc.text.split("\n")
    lines = _lines(doc.text)
    furniture = furniture_lines(doc)
    oracle = IndentOracle(layers)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.blank or len(ln.text) > _MAX_HEADER_LINE or not _is_label_prefix(ln.text.split()[0]):
            i += 1
            continue
        found = _header_at(lines, i)
        if not found:
            i += 1
            continue
        columns, after = found
        # A lone label above the header is a section heading ("Mål", "Strategier"), not a column.
        if len(columns) > 2 and lines[i].text and parse_header(lines[i].text) is None and _only_labels(lines[i].text):
            nxt = _header_at(lines, i + 1)
            # Only a generic label ("Mål", "Strategier") or one the header repeats is a heading: a
            # specific one ("Delmål" above "Hovedmål" and "Status") is the first column.
            heading = nxt is not None and (columns[0].role in ("goal", "strategy", "other") or columns[0].role in [c.role for c in nxt[0]])
            if heading and len(nxt[0]) == len(columns) - 1:
                i += 1
                continue
        header_line = raw_lines[i]
        parts = _split_row_line(header_line)
        if len(parts) == len(columns) and len(columns) > 1 and after == i + 1:
            table, i = _line_table(doc, lines, i, columns)
        else:
            table, i = _block_table(doc, lines, i, after, columns, furniture, oracle)
        if table.rows:
            tables.append(table)
    return tables


def _line_table(doc: DocumentText, lines: list[_Line], i: int, columns: list[Column]) -> tuple[Table, int]:
    """A table printed one row per line, cells apart by tabs, ``|`` or runs of spaces."""
    n = len(columns)
    rows: list[Row] = []
    j = i + 1
    raw = doc.text.split("\n")
    while j < len(lines):
        ln = lines[j]
        if ln.blank:
            if j + 1 < len(lines) and lines[j + 1].blank:
                break
            j += 1
            continue
        if re.fullmatch(r"[|\s:\-+]+", ln.text):
            j += 1
            continue
        if parse_header(ln.text) is not None:
            break  # the header of the next table
        parts = _split_row_line(raw[j])
        if len(parts) > n or len(parts) < 2:
            if rows and len(parts) == 1 and ln.text[:1].islower():
                last = max(rows[-1].cells)
                cell = rows[-1].cells[last]
                cell.text = join_lines(cell.text + "\n" + ln.text)
                cell.spans.append((ln.start, ln.end))
                j += 1
                continue
            break
        row = Row()
        pos = ln.start
        text = doc.text
        for k, part in enumerate(parts):
            if not part:
                continue
            s = text.find(part, pos, ln.end + 1)
            s = s if s >= 0 else pos
            row.cells[k] = Cell(join_lines(part), [(s, s + len(part))], k)
            pos = s + len(part)
        rows.append(row)
        j += 1
    end = lines[j - 1].end if j > i else lines[i].end
    return Table(columns, rows, lines[i].start, end, lines[i].text), j


def _fits(column: Column, cell_text: str, has_status: bool, label_after: bool) -> bool:
    words = cell_text.split()
    status_like = bool(_STATUS_CELL.match(cell_text)) and len(words) <= 6
    if column.role == "status":
        return status_like
    if has_status and status_like:
        return False
    label_like = len(words) <= 8 and not cell_text.rstrip().endswith(".")
    if column.role in LABEL_ROLES:
        return label_like
    if column.role in ("goal_main", "goal_sub", "goal"):
        return not (label_after and label_like and len(words) <= 4)
    if column.role == "strategy":
        return len(words) >= 3 or not label_after
    return True


def _block_table(
    doc: DocumentText,
    lines: list[_Line],
    i: int,
    body: int,
    columns: list[Column],
    furniture: set[str],
    oracle: IndentOracle,
) -> tuple[Table, int]:
    """A table shredded into blank-line-separated cells, in row order."""
    n = len(columns)
    header_roles = [c.role for c in columns]
    has_status = "status" in header_roles
    blocks: list[list[_Line]] = []
    j = body
    current: list[_Line] = []
    breaks: set[int] = set()  # indexes of blocks that follow a repeated header (a page break)
    while j < len(lines):
        ln = lines[j]
        if ln.blank or ln.text in furniture or _FURNITURE.match(ln.text):
            if current:
                blocks.append(current)
                current = []
            j += 1
            continue
        again = _header_at(lines, j) if _is_label_prefix(ln.text.split()[0]) else None
        if again and [c.role for c in again[0]] == header_roles:
            if current:
                blocks.append(current)
                current = []
            breaks.add(len(blocks))
            j = again[1]
            continue
        if len(ln.text) > 75 or _BULLET.match(ln.text) or (ln.text.endswith(":") and len(ln.text.split()) >= 3) or _SECTION.match(ln.text):
            break
        current.append(ln)
        j += 1
    if current:
        blocks.append(current)
    end_line = j

    rows: list[Row] = []
    row = Row()
    last = -1
    sig_col = next((k for k, c in enumerate(columns) if c.role == "strategy"), None)
    if sig_col is None:
        sig_col = next(k for k, c in enumerate(columns) if c.role in CONTENT_ROLES)
    signature: str | None = None
    queue: list[Cell] | None = None
    pieces = _pieces(blocks)
    for b, (block, text, span) in enumerate(pieces):
        current_rows = rows + ([row] if row.cells else [])
        if block in breaks:
            queue = _continuation_queue(current_rows, columns, blocks, block)
        if signature and not text.lower().startswith(signature):
            cut = text.lower().find(" " + signature)
            first_line_len = len(blocks[block][0].text)
            if 0 < cut < first_line_len:
                # Two cells on one line ("arbeid og aktivitet Asker kommune skal …"): split them.
                head = text[:cut]
                pieces.insert(b + 1, (block, text[cut + 1:], (span[0] + cut + 1, span[1])))
                text, span = head, (span[0], span[0] + len(head))
        if _opens_lower(text):
            target = queue.pop(0) if queue else _open_cell(current_rows, columns)
            if target is not None:
                target.text = join_lines(target.text + "\n" + text)
                target.spans.append(span)
                continue
        queue = None
        page, _ = doc.locate(span[0])
        indent = oracle.indent(page, doc.text[span[0]:span[1]].split("\n")[0])
        at_sig = signature is not None and text.lower().startswith(signature)
        if at_sig and any(k >= sig_col for k in row.cells):
            rows.append(row)
            row, last = Row(), -1
            e = sig_col
        elif at_sig:
            e = sig_col
        else:
            e = last + 1
            if e >= n:
                rows.append(row)
                row, last = Row(), -1
                e = 0
            e = min(e + indent, n - 1)
        col = _place(columns, text, e, has_status)
        if col is None:
            if row.cells:
                rows.append(row)
                row, last = Row(), -1
            col = _place(columns, text, 0, has_status)
            if col is None:
                continue
        if col in row.cells or col < last:
            rows.append(row)
            row, last = Row(), -1
        row.cells[col] = Cell(text, [span], col)
        last = col
        if signature is None and col == sig_col:
            words = text.lower().split()
            signature = " ".join(words[:3]) if len(words) >= 4 else None
    if row.cells:
        rows.append(row)
    _drop_unconfirmed_tail(rows, columns)
    _drop_off_signature(rows, columns, sig_col, signature)
    rows = [r for r in rows if any(columns[k].role in CONTENT_ROLES for k in r.cells)]
    _carry_group_labels(rows, columns)
    end = lines[end_line - 1].end if end_line > 0 else lines[i].end
    return Table(columns, rows, lines[i].start, end, lines[i].text), end_line


def _pieces(blocks: list[list[_Line]]) -> list[tuple[int, str, tuple[int, int]]]:
    return [(b, join_lines("\n".join(ln.text for ln in blk)), (blk[0].start, blk[-1].end)) for b, blk in enumerate(blocks)]


def _drop_off_signature(rows: list[Row], columns: list[Column], sig_col: int, signature: str | None) -> None:
    """Where most strategies open alike ("Kommunen skal …"), a cell in that column that does not is not one."""
    if not signature or columns[sig_col].role != "strategy":
        return
    cells = [(row, row.cells[sig_col]) for row in rows if sig_col in row.cells]
    alike = [c for _, c in cells if c.text.lower().startswith(signature)]
    if len(alike) < 2 or len(alike) < 0.6 * len(cells):
        return
    for row, cell in cells:
        if not cell.text.lower().startswith(signature):
            del row.cells[sig_col]


def _carry_group_labels(rows: list[Row], columns: list[Column]) -> None:
    """A first-column label (innsatsområde) printed once covers the rows below it until the next one."""
    if not columns or columns[0].role not in LABEL_ROLES:
        return
    current = None
    for row in rows:
        if 0 in row.cells:
            current = row.cells[0]
        elif current is not None:
            row.cells[0] = current


def _drop_unconfirmed_tail(rows: list[Row], columns: list[Column]) -> None:
    """Where goals are always followed by their status cell, a last goal without one is text after the table."""
    paired = [
        (row, k)
        for row in rows
        for k in row.cells
        if columns[k].role in CONTENT_ROLES and k + 1 < len(columns) and columns[k + 1].role == "status"
    ]
    if not paired or not rows:
        return
    confirmed = sum(1 for row, k in paired if k + 1 in row.cells)
    if confirmed < 0.8 * len(paired):
        return
    last = rows[-1]
    for k in sorted(last.cells):
        if (last, k) in [(r, kk) for r, kk in paired] and k + 1 not in last.cells:
            del last.cells[k]


def _place(columns: list[Column], text: str, e: int, has_status: bool) -> int | None:
    """The first column from ``e`` on that ``text`` can belong to."""
    n = len(columns)
    for k in range(e, n):
        label_after = any(c.role in LABEL_ROLES for c in columns[k + 1:])
        if _fits(columns[k], text, has_status, label_after):
            return k
    return None


def _opens_lower(text: str) -> bool:
    first_alpha = next((ch for ch in text if ch.isalpha()), "")
    return first_alpha.islower()


def _open_cells(rows: list[Row], columns: list[Column]) -> list[Cell]:
    """The content cells of the last row that do not end a sentence: cut, perhaps."""
    if not rows:
        return []
    row = rows[-1]
    return [
        row.cells[k]
        for k in sorted(row.cells)
        if columns[k].role in CONTENT_ROLES and not re.search(r"[.!?]\s*$", row.cells[k].text)
    ]


def _open_cell(rows: list[Row], columns: list[Column]) -> Cell | None:
    """Outside a page break, a lower-case cell continues only a cell that plainly stops mid-sentence."""
    strong = [c for c in _open_cells(rows, columns) if _OPEN_END.search(c.text)]
    return strong[0] if strong else None


def _continuation_queue(rows: list[Row], columns: list[Column], blocks: list[list[_Line]], b: int) -> list[Cell]:
    """After a page break: the cut cells that the run of lower-case cells from block ``b`` continues, in order.

    As many lower-case cells as open cells: one each, left to right. Fewer: the cells that stop on a
    function word or comma first (a strategy need not end with a full stop, a cut goal does).
    """
    run = 0
    for blk in blocks[b:]:
        if not _opens_lower(" ".join(ln.text for ln in blk)):
            break
        run += 1
    open_cells = _open_cells(rows, columns)
    if not run or not open_cells:
        return []
    if run >= len(open_cells):
        return open_cells
    strong = [c for c in open_cells if _OPEN_END.search(c.text)]
    weak = [c for c in open_cells if c not in strong]
    chosen = (strong + weak)[:run]
    return sorted(chosen, key=lambda c: c.column)
