"""Snippets: the window of a chunk where the query's words are densest, with those words marked."""

from __future__ import annotations

import re

MARK = ("<mark>", "</mark>")
_TOKEN = re.compile(r"\S+")


def make_snippet(text: str, spans: list[tuple[int, int]], words: int = 40,
                 mark: tuple[str, str] = MARK) -> str:
    """About ``words`` words of ``text`` around the most marked spans, white space collapsed.

    ``spans`` are (start, end) offsets of the matching words in ``text``; each is wrapped in ``mark``.
    An ellipsis shows where the text was cut.

    >>> make_snippet("Kommunen skal bygge ny skole i sentrum i 2025.", [(23, 28)], words=4)
    '… skal bygge ny <mark>skole</mark> …'
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not tokens:
        return ""
    spans = sorted(spans)
    hit = [any(s < te and e > ts for s, e in spans) for ts, te in tokens]
    best, best_score = 0, -1.0
    if len(tokens) > words and any(hit):
        # Window with the most marked tokens; ties go to the one that starts nearest the first mark.
        score = sum(hit[:words])
        for start in range(0, len(tokens) - words + 1):
            if start:
                score += hit[start + words - 1] - hit[start - 1]
            if score > best_score:
                best, best_score = start, score
        # Give the first mark some words of lead-in rather than starting on it.
        first = next(i for i in range(best, best + words) if hit[i])
        best = max(0, min(best, first - words // 4))
    window = tokens[best : best + words]
    lo, hi = window[0][0], window[-1][1]
    out: list[str] = []
    pos = lo
    for s, e in spans:
        s, e = max(s, lo), min(e, hi)
        if s >= e or s < pos:
            continue
        out += [text[pos:s], mark[0], text[s:e], mark[1]]
        pos = e
    out.append(text[pos:hi])
    body = " ".join("".join(out).split())
    return ("… " if best > 0 else "") + body + (" …" if best + words < len(tokens) else "")
