"""Near-identical passages folded into one hit: a letter sent to several groups, a saksframlegg printed in two meeting books.

Meeting books repeat themselves: the same invitation goes to every school's SU, the same saksframlegg
is printed for each body that handles the case. Listing each copy as its own hit pushes other
passages off the first page, so a ranking keeps the best-ranked copy and lists the others under it.
The bar is high on purpose: the protocols of one case from different bodies are 85–95 % alike
(same header, same innstilling) and say different things, so they stay apart.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from rapidfuzz import fuzz

SIMILARITY = 97.0  # rapidfuzz ratio (0–100) of the whitespace-squashed, case-folded texts


def comparable(text: str) -> str:
    """The form two passages are compared in: whitespace squashed, case folded.

    >>> comparable("Vedtak:\\n\\n  Saken  TAS til orientering.")
    'vedtak: saken tas til orientering.'
    """
    return " ".join(text.split()).casefold()


def near_identical(a: str, b: str, similarity: float = SIMILARITY) -> bool:
    """Whether two passages (in ``comparable`` form) are copies of one another, small differences aside.

    >>> near_identical("velkommen til dialogmøte. til su ved borgen skole.", "velkommen til dialogmøte. til su ved borgen skolen.")
    True
    >>> near_identical("vedtak: saken tas til orientering.", "vedtak: saken sendes tilbake.")
    False
    """
    if a == b:
        return True
    shorter, longer = sorted((len(a), len(b)))
    if not longer or shorter / longer < similarity / 100:  # the ratio cannot reach the bar
        return False
    return fuzz.ratio(a, b, score_cutoff=similarity) >= similarity


def fold(ranked: Sequence[tuple[int, float]], text_of: Callable[[Iterable[int]], dict[int, str]], k: int,
         similarity: float = SIMILARITY, window: int = 0) -> list[tuple[int, float, list[int]]]:
    """The ``k`` best (chunk id, score, ids of its folded copies) of ``ranked``, copies folded into the best.

    ``text_of(ids)`` gives the texts of chunk ids; it is asked for ``window`` (default ``2·k``) at a
    time, so a ranking of hundreds of candidates reads only as many texts as it needs.

    >>> texts = {1: "a letter to parents", 2: "a letter to parents", 3: "the decision"}
    >>> fold([(1, 0.9), (2, 0.8), (3, 0.7)], lambda ids: {i: texts[i] for i in ids}, k=2)
    [(1, 0.9, [2]), (3, 0.7, [])]
    """
    window = window or max(2 * k, 10)
    kept: list[tuple[int, float, list[int]]] = []
    kept_texts: list[str] = []
    for begin in range(0, len(ranked), window):
        part = ranked[begin:begin + window]
        texts = text_of([cid for cid, _ in part])
        for cid, score in part:
            if cid not in texts:  # no longer in the index: nothing to show
                continue
            text = comparable(texts[cid])
            twin = next((n for n, other in enumerate(kept_texts) if near_identical(text, other, similarity)), None)
            if twin is not None:
                kept[twin][2].append(cid)
                continue
            if len(kept) == k:
                return kept
            kept.append((cid, score, []))
            kept_texts.append(text)
    return kept
