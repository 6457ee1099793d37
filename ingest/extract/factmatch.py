"""Compare extracted facts with gold facts: precision and recall per kind, names matched fuzzily.

Fields are compared by what they hold: people by ``same_person`` (OCR damage, left-out middle names,
a surname alone), party codes by the party they name (A = Ap), bodies and plan titles case- and
dash-insensitively, text openings by ``same_text`` on their common prefix, voter lists element-wise.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from rapidfuzz import fuzz

from .facts import same_person, same_text
from .names import party_name
from .textspan import normalise

PERSON_FIELDS = {"name", "proposer", "motion_proposer", "substitute", "substitute_for"}
TEXT_FIELDS = {"title", "text_start"}
LABEL_FIELDS = {"body", "about", "by", "place"}
LIST_FIELDS = {"no_voters", "yes_voters"}


def _strip_number(text: str) -> str:
    return re.sub(r"^\s*(?:\d{1,2}[.)]|[a-z]\))\s+", "", text or "")


def field_matches(key: str, got: Any, want: Any) -> bool:
    """Whether one field of an extracted fact matches the gold value."""
    if key in PERSON_FIELDS:
        return same_person(got, want)
    if key == "party":
        if got is None or want is None:
            return got == want
        return (party_name(got) or got) == (party_name(want) or want)
    if key in TEXT_FIELDS:
        if not got or not want:
            return got == want
        return same_text(_strip_number(got), _strip_number(want), 88)
    if key in LABEL_FIELDS:
        if got is None or want is None:
            return got == want
        return fuzz.ratio(normalise(got), normalise(want)) >= 90
    if key in LIST_FIELDS:
        a, b = sorted(normalise(x) for x in got or []), sorted(normalise(x) for x in want or [])
        return len(a) == len(b) and all(fuzz.ratio(x, y) >= 85 for x, y in zip(a, b))
    return got == want


def fact_matches(got: dict[str, Any], want: dict[str, Any]) -> bool:
    """Whether an extracted fact matches a gold fact on every field the gold fact has."""
    return all(field_matches(k, got.get(k), v) for k, v in want.items())


def score(got: Iterable[dict[str, Any]], gold: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Precision and recall per kind of ``{"kind", "fact"}`` dicts, with the unmatched facts listed.

    >>> score([{"kind": "case", "fact": {"arkivsak": "23/00001", "title": "Ny skole"}}],
    ...       [{"kind": "case", "fact": {"arkivsak": "23/00001", "title": "Ny skole"}}])["case"]["precision"]
    1.0
    """
    got, gold = list(got), list(gold)
    out: dict[str, dict[str, Any]] = {}
    for kind in sorted({g["kind"] for g in gold} | {g["kind"] for g in got}):
        mine = [g["fact"] for g in got if g["kind"] == kind]
        want = [g["fact"] for g in gold if g["kind"] == kind]
        used: set[int] = set()
        missed = []
        for w in want:
            hit = next((i for i, m in enumerate(mine) if i not in used and fact_matches(m, w)), None)
            if hit is None:
                # A gold fact printed in several documents may be matched by any of their readings.
                hit = next((i for i, m in enumerate(mine) if fact_matches(m, w)), None)
                if hit is None:
                    missed.append(w)
                    continue
            used.add(hit)
        matched_got = {i for i, m in enumerate(mine) if i in used or any(fact_matches(m, w) for w in want)}
        extra = [m for i, m in enumerate(mine) if i not in matched_got]
        out[kind] = {
            "precision": len(matched_got) / len(mine) if mine else (1.0 if not want else 0.0),
            "recall": (len(want) - len(missed)) / len(want) if want else 1.0,
            "got": len(mine),
            "gold": len(want),
            "missed": missed,
            "extra": extra,
        }
    return out
