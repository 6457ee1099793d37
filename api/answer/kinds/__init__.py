"""One module per question kind; each turns an ``Intent`` into a ``Result`` with SPARQL run through ``Context.log``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph

from ..evidence import EvidenceFinder
from ..linking import EntityIndex
from ..model import Evidence
from ..sparql import QueryLog


@dataclass
class Context:
    """What a question kind needs: the graph, the query log, the evidence finder and the language asked."""

    graph: Graph
    log: QueryLog
    evidence: EvidenceFinder
    index: EntityIndex
    lang: str


@dataclass
class Result:
    """A kind's answer: structured, as one sentence, with its evidence (``found`` False: the graph has no facts)."""

    answer: Any
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    found: bool = True


def pick(lang: str, nb: str, nn: str, en: str) -> str:
    """The phrase in the language asked."""
    return {"nb": nb, "nn": nn, "en": en}[lang]


def entity_name(kind: str, label: str, lang: str) -> str:
    """How a plan or case is named in a sentence: ``«På lik linje»``, ``sak 23/02061 «Plan for …»``."""
    if kind != "case":
        return f"«{label}»"
    number, _, title = label.partition(" ")
    word = pick(lang, "sak", "sak", "case")
    return f"{word} {number} «{title}»" if title else f"{word} {number}"


def short(text: str | None, width: int = 90) -> str:
    """``text`` cut at a word near ``width`` with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(",.;:") + " …"


def page_note(pages: list[int], lang: str) -> str:
    """``s. 23, 25`` / ``p. 23, 25`` for a list of page numbers."""
    if not pages:
        return ""
    return ("p. " if lang == "en" else "s. ") + ", ".join(str(p) for p in pages)
