"""Finding document starts in one pass over a book's lines: heading blocks first, then attachment cues."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .attachments import attachment_title, classify_attachment, join_wrapped, letter_subject, presentation_title
from .doctypes import (
    ATTACHMENT_TYPES,
    BULLET,
    CASE_LABELS,
    DEAR_REF,
    END_MARKER,
    LETTER_LABELS,
    LETTER_TITLE,
    LOGO,
    MEETING_LABELS,
    MEETING_TYPES,
    OUR_REF,
    PAGE_NUMBER,
    PRESENTED_FOR,
    PRESENTER,
    PROPOSAL,
    SELF_DESCRIPTION,
    SHOWN_AT,
    STATUS_LINE,
    VEDLEGG_HEADING,
    VEDLEGG_LIST,
    heading_type,
    is_heading_like,
    label_of,
)
from .pagecues import page_number, page_shift
from .splitbook import (
    Book,
    Start,
    is_repeat,
    merge,
    next_content,
    norm,
    repeats_earlier,
    similar,
    strong_start,
    vedlegg_list,
)


class Scanner:
    """One pass over the lines, keeping the document being read and the starts found so far."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.starts: list[Start] = []
        self.pending: dict[int, Start] = {}
        self.listed: list[str] = []  # attachment titles under the latest saksframlegg's "Vedlegg:"
        self.listed_count = 0  # how many it listed

    @property
    def current(self) -> Start | None:
        return self.starts[-1] if self.starts else None

    def accept(self, start: Start) -> None:
        """Take a start, unless it re-reads the document just started (then it only adds what it knows)."""
        cur = self.current
        if start.strong and cur and is_repeat(self.book, cur, start):
            merge(cur, start)
            cur.block_end = max(cur.block_end, start.block_end)
            cur.ended = False  # the repeat is read through to its own closing line
            return
        if not start.strong and cur is not None:
            mine, theirs = cur.ident or cur.title, start.ident or start.title
            if not cur.strong and mine and theirs and fuzz.ratio(norm(mine), norm(theirs)) >= 85:
                return  # a running header, or the OCR reading of the attachment's first page
            if not cur.strong or cur.headless:
                between = [t for t in self.book.texts[cur.line : start.line] if t]
                if len(between) < 15 and sum(map(len, between)) < 1200:
                    return  # two cues for one attachment: its cover and its first page
        if start.doc_type == "saksframlegg":
            self.listed, self.listed_count = [], 0
        if start.strong and self.closed_above(start.line):
            start.ended = True  # a layout that prints the heading block below the signed body
        self.starts.append(start)

    def closed_above(self, i: int) -> bool:
        """A closing line stands above line ``i`` on its page, with no document starting between."""
        book, j = self.book, i - 1
        floor = self.starts[-1].line if self.starts else -1
        while j > floor and book.page_of[j] == book.page_of[i]:
            if END_MARKER.match(book.texts[j]):
                return True
            j -= 1
        return False

    def weak_enabled(self, i: int) -> bool:
        """Attachment cues count at line ``i``: not in a meeting document, a heading block or an open saksframlegg."""
        cur = self.current
        if cur is None:
            return True
        if cur.doc_type in MEETING_TYPES or i <= cur.block_end:
            return False
        return cur.doc_type != "saksframlegg" or cur.ended

    def scan(self) -> list[Start]:
        """All document starts, in order."""
        book = self.book
        for i, s in enumerate(book.texts):
            if i > 0 and book.page_of[i] != book.page_of[i - 1]:
                self.page_boundary(i)
            if not s:
                continue
            strong = None if i in book.in_list else strong_start(book, i)
            if strong:
                self.accept(strong)
                continue
            if i in self.pending and self.weak_enabled(i):
                self.accept(self.pending.pop(i))
            cur = self.current
            if VEDLEGG_LIST.match(s):
                items = vedlegg_list(book, i)
                if cur and cur.doc_type == "saksframlegg":
                    self.listed.extend(items)
                    self.listed_count = max(self.listed_count, len(items))
                    cur.ended = True
                continue
            if END_MARKER.match(s):
                if cur:
                    cur.ended = True
                self.after_end(i)
                continue
            if self.weak_enabled(i) and i not in book.in_list:
                weak = self.weak_start(i)
                if weak and (not self.starts or weak.line > self.starts[-1].line):
                    self.accept(weak)
        return self.starts

    def after_end(self, i: int) -> None:
        """After a closing line: what follows, unless a heading or a re-reading, is a new document."""
        book, cur = self.book, self.current
        k = next_content(book, i)
        if k is None or any(heading_type(book.texts[j]) for j in [k, *book.nonempty_after(k, 12)]):
            return
        if repeats_earlier(book, cur.line if cur else 0, k):
            return
        self.pending[k] = Start(k, None, False, attachment_title(book.texts[k : k + 40]))

    def page_boundary(self, i: int) -> None:
        """A page after a closing line, one that restarts its page numbering, or one that turns from
        prose to slides, starts an attachment."""
        book, cur = self.book, self.current
        if cur is None or cur.doc_type in MEETING_TYPES or i <= cur.block_end:
            return
        if cur.ended:
            k = next_content(book, i - 1)
            if k is not None and book.page_of[k] == book.page_of[i]:
                if not any(heading_type(book.texts[j]) for j in [k, *book.nonempty_after(k, 12)]):
                    if not repeats_earlier(book, cur.line, k):
                        self.pending[k] = Start(k, None, False, attachment_title(book.texts[k : k + 40]))
                        return
        if cur.doc_type not in ATTACHMENT_TYPES and cur.doc_type is not None:
            return
        pi = book.page_of[i]
        prev_no, this_no = page_number(book.pages[pi - 1].text), page_number(book.pages[pi].text)
        shifted = page_shift(book.pages, pi)
        if (this_no == 1 and prev_no is not None and prev_no > 1) or shifted:
            j = i if book.texts[i] else (book.nonempty_after(i, 1) or [i])[0]
            self.pending[j] = Start(j, None, False, attachment_title(book.texts[j : j + 40]))

    def weak_start(self, i: int) -> Start | None:
        """An attachment (or a saksframlegg whose heading block was lost) starting at line ``i``."""
        book, s, cur = self.book, self.book.texts[i], self.current
        ahead = book.texts[i : i + 40]
        cur_type = (cur.doc_type or "vedlegg") if cur else "vedlegg"
        m = VEDLEGG_HEADING.match(s)
        if m and (int(m.group(1)) <= self.listed_count or self.current_kind(i) not in ("rapport", "plan")):
            return Start(i, None, False, (m.group(2) or "").strip() or attachment_title(ahead[1:]))
        if (DEAR_REF.match(s) and s[0].isupper() and "ref" in " ".join(ahead[:3]).lower()) or (
            OUR_REF.match(s) and any(t.lower().startswith("dato") for t in ahead[:10])
        ):
            return self.letter_start(i)
        if STATUS_LINE.match(s) and any(is_heading_like(book.texts[j]) for j in book.nonempty_after(i, 2)):
            above = [j for j in range(max(0, i - 3), i) if book.texts[j]]
            j = above[-1] if above and LOGO.match(book.texts[above[-1]]) else i
            return Start(j, None, False, attachment_title(book.texts[j : j + 40]))
        if PRESENTED_FOR.match(s):
            j, title = presentation_title(book.texts, i)
            return Start(j, "presentasjon", False, title, fixed_title=True)
        slide = self.title_slide(i)
        if slide:
            return slide
        if LETTER_TITLE.match(s) and is_heading_like(s, 160) and len(s.split()) >= 1 and not s.endswith(":"):
            return Start(i, "brev", False, attachment_title(ahead))
        if self.listed and self.title_line(i) and len(s.split()) >= 3:
            best = max(self.listed, key=lambda t: similar(t, s))
            if similar(best, s) >= 80 and fuzz.token_sort_ratio(best.lower(), s.lower()) >= 75:
                self.listed.remove(best)
                return Start(i, None, False, attachment_title(ahead))
        m = SELF_DESCRIPTION.match(" ".join(t for t in book.texts[i : i + 6] if t))
        prev = book.texts[i - 1] if i > 0 else ""
        if m and cur_type in ATTACHMENT_TYPES and (not prev or prev.endswith((".", "!", "?")) or book.page_top(i)):
            subject = m.group(1).strip()
            return Start(i, None, False, subject[0].upper() + subject[1:], fixed_title=True)
        if cur_type in ATTACHMENT_TYPES:
            return self.headless_saksframlegg(i) or self.prose_to_slides(i)
        return None

    def prose_to_slides(self, i: int) -> Start | None:
        """A heading where wrapped prose gives way to slide text: short lines with no prose at all."""
        book = self.book
        if not self.title_line(i) or len(book.texts[i]) > 60 or self.current is None:
            return None
        if len([t for t in book.texts[self.current.line : i] if t]) > 120:
            return None  # long plans and reports have tables of short lines; only a short text gives way
        before = [book.texts[j] for j in range(max(0, i - 40), i) if book.texts[j]][-10:]
        after = [book.texts[j] for j in book.nonempty_after(i, 30)]
        if len(before) < 8 or len(after) < 30:
            return None
        prose_before = sum(len(t) >= 70 for t in before) >= 6
        slides_after = all(len(t) < 65 for t in after) and sorted(map(len, after))[15] < 40
        if prose_before and slides_after:
            return Start(i, None, False, attachment_title(book.texts[i : i + 40]))
        return None

    def current_kind(self, i: int) -> str | None:
        """The type of the document being read, typing an attachment from its text so far."""
        cur = self.current
        if cur is None or cur.doc_type:
            return cur.doc_type if cur else None
        text = "\n".join(self.book.texts[cur.line : i])
        return classify_attachment(text, cur.title)

    def title_line(self, i: int) -> bool:
        """Line ``i`` stands as a heading: not inside a paragraph, not the first line of one."""
        book, s = self.book, self.book.texts[i]
        if not is_heading_like(s) or s.endswith(":") or s[0].islower():
            return False
        prev = book.texts[i - 1] if i > 0 else ""
        nxt = book.texts[i + 1] if i + 1 < len(book.texts) else ""
        prose = len(re.findall(r"[A-Za-zÆØÅæøå]{2,}", prev)) >= 2
        opens = not prose or prev.endswith((".", "!", "?", ":")) or book.page_top(i)
        return opens and not (nxt[:1].islower() and len(nxt) >= 60)

    def title_slide(self, i: int) -> Start | None:
        """A title slide: a short title, then at once where or by whom it was shown.

        Only a wrapped title line or a slide number may stand between the title and that line.
        """
        book, s = self.book, self.book.texts[i]
        if len(s) > 80 or not self.title_line(i) or label_of(s, LETTER_LABELS + CASE_LABELS + MEETING_LABELS):
            return None
        if re.match(r"^(?:med\s+)?(?:vennlig\s+)?hilsen\b", s, re.IGNORECASE):
            return None
        title = [s]
        for j in book.nonempty_after(i, 5):
            t = BULLET.sub("", book.texts[j])
            if not t:
                continue
            if heading_type(t):
                return None
            if SHOWN_AT.match(t) or PRESENTER.match(t):
                return Start(i, "presentasjon", False, join_wrapped(title)[0].rstrip(" ."), fixed_title=True)
            if PAGE_NUMBER.match(t):
                continue
            wrapped = t[0].islower() or re.search(r"(?:\b(?:og|i|for|til|av|med|om)|[–-])$", title[-1])
            subtitle = len(title) == 1 and len(t) <= 50 and is_heading_like(t) and not t.endswith(":")
            if len(t) > 60 or not (wrapped or subtitle):
                return None  # only a wrapped title and a subtitle stand above where it was shown
            title.append(t)
        return None

    def letter_start(self, i: int) -> Start:
        """A letter whose reference block is at line ``i``: it starts at its "Til …" line or block top."""
        book = self.book
        floor = self.current.line + 1 if self.current else 0
        while floor < i and book.page_of[floor] != book.page_of[i]:
            floor += 1  # a letter starts on its own page
        start = None
        for j in range(i - 1, max(floor, i - 30) - 1, -1):
            if re.match(r"^til\s+\S", book.texts[j], re.IGNORECASE):
                start = j
                break
        if start is None:
            j, blanks = i, 0
            while j - 1 >= floor and blanks < 2 and i - j < 8:
                j -= 1
                blanks = blanks + 1 if not book.texts[j] else 0
            while not book.texts[j]:
                j += 1
            start = j
        first = attachment_title(book.texts[start : start + 40])
        subject = letter_subject(book.texts[start : i + 30])
        return Start(start, "brev", False, subject or first, ident=first, fixed_title=True)

    def headless_saksframlegg(self, i: int) -> Start | None:
        """A saksframlegg whose heading block is missing: a title over a proposal, or numbered sections."""
        book, s = self.book, self.book.texts[i]
        nxt = book.nonempty_after(i, 3)
        if re.match(r"^1\.?\s*(?:sammendrag|samandrag)\b", s, re.IGNORECASE) and any(
            re.match(r"^2\.?\s*(?:bakgrunn|saksopplysning)", book.texts[j], re.IGNORECASE)
            for j in book.nonempty_after(i, 30)
        ):
            return Start(i, "saksframlegg", False, headless=True)
        prev = book.texts[i - 1] if i > 0 else ""
        if not ((not prev or prev.endswith((".", "!", "?")) or book.page_top(i)) and is_heading_like(s)):
            return None
        title = [s]
        for j in nxt:
            if PROPOSAL.match(book.texts[j]):
                start = Start(i, "saksframlegg", False, " ".join(title), headless=True, block_end=j)
                return start
            if j - i > 4 or not is_heading_like(book.texts[j]):
                return None
            title.append(book.texts[j])
        return None
