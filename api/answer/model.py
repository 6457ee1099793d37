"""What an answer is made of: the structured answer, one sentence, the evidence and the SPARQL that ran."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Evidence:
    """Where a fact is written: the quote as printed, the document and page it is on."""

    quote: str
    source: str | None = None          # the ingested file's name
    document: str | None = None        # the document's title inside the file
    document_type: str | None = None
    page: int | None = None
    page_iri: str | None = None
    fact: str | None = None            # the IRI of the fact node the quote supports

    def cite(self) -> str:
        """``Saksprotokoll «Temaplan …» (002_….txt s. 23)``: how the evidence is named in a sentence."""
        where = f"{self.source} s. {self.page}" if self.source and self.page is not None else (self.source or "")
        title = f"«{self.document}»" if self.document else ""
        return " ".join(x for x in (self.document_type or "", title, f"({where})" if where else "") if x)


@dataclass
class Entity:
    """Something the question names, as found in the graph."""

    kind: str                          # plan, case, body, meeting, goal, sdg, strategy
    iri: str
    label: str
    score: float                       # 0–100: how well the question's words matched the label
    matched: str = ""                  # the label (or variant) that matched


@dataclass
class Answer:
    """The answer to one question.

    ``understood`` is False when no question kind and entity could be recognised: then ``answer``
    is empty, ``text`` says so in the language asked, and ``search`` holds the search hits instead.
    """

    question: str
    language: str
    understood: bool
    kind: str | None = None
    entities: list[Entity] = field(default_factory=list)
    answer: Any = None
    text: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    sparql: list[str] = field(default_factory=list)
    search: list[dict] = field(default_factory=list)
    note: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready."""
        return asdict(self)
