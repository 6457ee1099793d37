"""Running the answer's SPARQL on the graph and keeping the text of each query for the reader.

Queries are written with the entity's IRI in a ``VALUES`` clause and full ``PREFIX`` lines, so the
text shown with an answer can be pasted into ``saksgraf sparql`` or ``/sparql`` as it is.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Graph
from rdflib.term import Literal, Node

from graph.namespaces import QUERY_PREFIXES


def with_prefixes(body: str) -> str:
    """``body`` with a ``PREFIX`` line for every prefix it uses."""
    used = sorted({p for p in re.findall(r"\b([a-z][a-z0-9]*):[A-Za-z_]", body) if p in QUERY_PREFIXES})
    head = "".join(f"PREFIX {p}: <{QUERY_PREFIXES[p]}>\n" for p in used)
    return head + body.strip() + "\n"


def values(var: str, iris: list[str]) -> str:
    """``VALUES ?var { <iri> … }``."""
    return f"VALUES ?{var} {{ " + " ".join(f"<{i}>" for i in iris) + " }"


def plain(term: Node | None) -> Any:
    """A result cell as a Python value: IRI and text as str, numbers and booleans as themselves."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool)) else str(term)
    return str(term)


class QueryLog:
    """Runs SELECT queries on one graph and remembers their text (``queries``)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.queries: list[str] = []

    def select(self, body: str) -> list[dict[str, Any]]:
        """Rows of ``body`` (a SELECT without PREFIX lines) as dicts of plain values."""
        text = with_prefixes(body)
        self.queries.append(text)
        result = self.graph.query(text)
        names = [str(v) for v in result.vars]
        return [{n: plain(row[i]) for i, n in enumerate(names)} for row in result]
