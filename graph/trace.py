"""Trace how strategy hangs together: up from a strategy to the goals and bærekraftsmål it serves, or
down from a goal or bærekraftsmål to every plan, strategy and case that serves it.

Up, from a strategy: the focus area and plan it is part of, the goals it (or its focus area or plan)
contributes to, the goals above those (``skos:broader``), and the bærekraftsmål at the end. Down,
from a goal or SDG: whatever ``sg:contributesTo`` it, the delmål under it, the strategies of a plan
that serves it and the cases that concern or cite that plan. Every step carries the quote that
justifies it (the link's ``rdf:Statement``, else the node's own ``sg:quote``) and its page.

>>> t = trace(graph, "bærekraftsmål 17")      # doctest: +SKIP
>>> print(t.render())                           # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ingest.extract.plan_text import fold

from .iris import BASE
from .namespaces import DCTERMS, PROV, SCHEMA, SDGO, SG, SKOS
from .sdg import SDG_WORD, resolve_sdg, sdg_graph, sdg_iri, sdg_number

KINDS = {SG.Strategy: "strategy", SG.FocusArea: "focus_area", SG.Plan: "plan", SG.Goal: "goal", SDGO.Goal: "sdg", SG.Case: "case"}
KIND_NAMES = {"strategy": "Strategi", "focus_area": "Innsatsområde", "plan": "Plan", "goal": "Mål", "sdg": "Bærekraftsmål", "case": "Sak", "node": "Node"}
RELATION_NAMES = {
    "isPartOf": "del av",
    "contributesTo": "bidrar til",
    "broader": "delmål under",
    "contributor": "tjenes av",
    "narrower": "har delmål",
    "part": "har som del",
    "concerns": "saken gjelder",
    "references": "viser til",
}


class TraceError(ValueError):
    """Nothing in the graph matches what was asked for; the message says what to try."""


@dataclass
class TraceNode:
    """One step of a trace: a node, how it was reached from its parent, the quote and page that say so."""

    node: str
    label: str
    kind: str
    relation: str | None = None
    quote: str | None = None
    page: str | None = None
    children: list["TraceNode"] = field(default_factory=list)
    seen_before: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node, "label": self.label, "kind": self.kind, "relation": self.relation,
            "quote": self.quote, "page": self.page, "seen_before": self.seen_before,
            "children": [c.to_dict() for c in self.children],
        }  # fmt: skip

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Trace:
    """The trees from each starting node, and which way they go ("up" or "down")."""

    query: str
    direction: str
    roots: list[TraceNode]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "direction": self.direction, "roots": [r.to_dict() for r in self.roots], "summary": self.summary()}

    def summary(self) -> dict[str, list[str]]:
        """The distinct nodes reached, by kind (the root left out): plans, strategies, goals, cases, sdgs."""
        out: dict[str, set[str]] = {}
        for root in self.roots:
            for n in root.walk():
                if n is not root and not n.seen_before:
                    out.setdefault(n.kind, set()).add(n.label)
        return {k: sorted(v) for k, v in sorted(out.items())}

    def render(self, width: int = 160) -> str:
        """The trace as an indented text tree with quotes."""
        lines: list[str] = []
        for root in self.roots:
            lines.append(f"{KIND_NAMES.get(root.kind, root.kind)}: {root.label}")
            if root.quote:
                lines.append(f"    «{_short(root.quote, width)}»  [{root.page}]")
            _render(root.children, "", lines, width)
            lines.append("")
        summary = self.summary()
        if summary:
            verb = "Når fram til" if self.direction == "up" else "Tjenes av"
            lines.append(f"{verb}:")
            for kind, labels in summary.items():
                lines.append(f"  {KIND_NAMES.get(kind, kind)} ({len(labels)}): " + "; ".join(_short(lab, 80) for lab in labels))
        return "\n".join(lines).rstrip() + "\n"


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _render(children: list[TraceNode], indent: str, lines: list[str], width: int) -> None:
    for i, c in enumerate(children):
        last = i == len(children) - 1
        branch = "└─ " if last else "├─ "
        more = "   " if last else "│  "
        rel = RELATION_NAMES.get(c.relation or "", c.relation or "")
        tail = "  (se over)" if c.seen_before else ""
        lines.append(f"{indent}{branch}{rel} {KIND_NAMES.get(c.kind, c.kind).lower()}: {_short(c.label, width - len(indent) - 30)}{tail}")
        if c.quote:
            lines.append(f"{indent}{more}   «{_short(c.quote, width - len(indent) - 10)}»  [{c.page}]")
        _render(c.children, indent + more, lines, width)


class _Tracer:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.sdg = sdg_graph()

    def kind(self, node: URIRef) -> str:
        if sdg_number(str(node)):
            return "sdg"
        for t in self.g.objects(node, RDF.type):
            if t in KINDS:
                return KINDS[t]
        if str(node).startswith(BASE + "case/"):
            return "case"  # a case the plan facts link to, typed by the case extraction's graph
        return "node"

    def label(self, node: URIRef) -> str:
        n = sdg_number(str(node))
        if n:
            name = next((str(o) for o in self.sdg.objects(node, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "nb"), "")
            return f"{n} {name}".strip()
        if self.kind(node) == "case":
            number = next((str(o) for o in self.g.objects(node, DCTERMS.identifier)), None)
            number = number or re.sub(r"^(\d+)-", r"\1/", str(node).rsplit("/", 1)[-1])
            title = next((str(o) for o in self.g.objects(node, DCTERMS.title)), None)
            return f"{number} {title}" if title else number
        for p in (RDFS.label, SCHEMA.text, DCTERMS.title, DCTERMS.identifier):
            for o in self.g.objects(node, p):
                return str(o)
        return str(node).rsplit("/", 1)[-1]

    def quote(self, s: URIRef, p: URIRef, o: URIRef, fallback: URIRef | None) -> tuple[str | None, str | None]:
        """The quote and page of a link: its statement's, else the fallback node's own."""
        for st in self.g.subjects(RDF.subject, s):
            if (st, RDF.predicate, p) in self.g and (st, RDF.object, o) in self.g:
                q = next(self.g.objects(st, SG.quote), None)
                if q is not None:
                    return str(q), _page(next(self.g.objects(st, PROV.wasDerivedFrom), None))
        if fallback is not None:
            q = next(self.g.objects(fallback, SG.quote), None)
            if q is not None:
                return str(q), _page(next(self.g.objects(fallback, PROV.wasDerivedFrom), None))
        return None, None

    def own_quote(self, node: URIRef) -> tuple[str | None, str | None]:
        q = next(self.g.objects(node, SG.quote), None)
        return (str(q), _page(next(self.g.objects(node, PROV.wasDerivedFrom), None))) if q is not None else (None, None)

    # -- up: what does this serve ---------------------------------------------------------------

    def up_edges(self, node: URIRef) -> list[tuple[str, URIRef, URIRef, URIRef, URIRef | None]]:
        """(relation, s, p, o, fallback-quote-node) for every step up from ``node``."""
        out = []
        kind = self.kind(node)
        if kind in ("strategy", "focus_area", "goal"):
            for o in self.g.objects(node, DCTERMS.isPartOf):
                if self.kind(o) in ("focus_area", "plan"):
                    out.append(("isPartOf", node, DCTERMS.isPartOf, o, node))
        if kind == "goal":
            for o in self.g.objects(node, SKOS.broader):
                out.append(("broader", node, SKOS.broader, o, node))
        if kind == "case":
            for o in self.g.objects(node, SG.concerns):
                out.append(("concerns", node, SG.concerns, o, node))
        for o in self.g.objects(node, SG.contributesTo):
            out.append(("contributesTo", node, SG.contributesTo, o, node))
        # A strategy placed both in its focus area and in the plan: the plan is reached through the area.
        areas = {o for rel, _, _, o, _ in out if rel == "isPartOf" and self.kind(o) == "focus_area"}
        if areas:
            out = [e for e in out if not (e[0] == "isPartOf" and self.kind(e[3]) == "plan" and any((a, DCTERMS.isPartOf, e[3]) in self.g for a in areas))]
        return sorted(out, key=lambda e: (_ORDER.get(self.kind(e[3]), 9), self.label(e[3])))

    def up(self, node: URIRef, seen: set[URIRef], depth: int = 0) -> list[TraceNode]:
        """What ``node`` serves or belongs to, recursively: each edge's object is the next step."""
        return self._walk(node, seen, depth, "up")

    # -- down: what serves this -------------------------------------------------------------------

    def down_edges(self, node: URIRef) -> list[tuple[str, URIRef, URIRef, URIRef, URIRef | None]]:
        """(relation, s, p, o, fallback) where ``s`` is the new node serving or belonging to ``node``."""
        out = []
        kind = self.kind(node)
        for s in self.g.subjects(SG.contributesTo, node):
            out.append(("contributor", s, SG.contributesTo, node, s))
        if kind == "goal":
            for s in self.g.subjects(SKOS.broader, node):
                out.append(("narrower", s, SKOS.broader, node, s))
        if kind in ("plan", "focus_area"):
            for s in self.g.subjects(DCTERMS.isPartOf, node):
                sk = self.kind(s)
                if sk == "strategy" or (sk == "focus_area" and kind == "plan"):
                    if kind == "plan" and sk == "strategy" and any(self.kind(a) == "focus_area" for a in self.g.objects(s, DCTERMS.isPartOf)):
                        continue  # listed under its focus area
                    out.append(("part", s, DCTERMS.isPartOf, node, s))
        if kind == "plan":
            for s in self.g.subjects(SG.concerns, node):
                out.append(("concerns", s, SG.concerns, node, s))
            for s in self.g.subjects(SG.references, node):
                if self.kind(s) == "case":
                    out.append(("references", s, SG.references, node, s))
        return sorted(out, key=lambda e: (_ORDER.get(self.kind(e[1]), 9), self.label(e[1])))

    def down(self, node: URIRef, seen: set[URIRef], depth: int = 0) -> list[TraceNode]:
        """What serves or belongs to ``node``, recursively: each edge's subject is the next step."""
        return self._walk(node, seen, depth, "down")

    def _walk(self, node: URIRef, seen: set[URIRef], depth: int, direction: str) -> list[TraceNode]:
        """One level of a trace and, below each new node, the rest (a node met before is marked, not followed).

        Upward paths are short chains (strategy → area → plan → goal → SDG) and may go deeper; downward
        trees fan out, so they stop sooner.
        """
        edges, max_depth = (self.up_edges, 8) if direction == "up" else (self.down_edges, 4)
        children = []
        for rel, s, p, o, fb in edges(node):
            step = o if direction == "up" else s
            quote, page = self.quote(s, p, o, fb)  # a goal placed in its plan: where the goal is written
            child = TraceNode(str(step), self.label(step), self.kind(step), rel, quote, page)
            if step in seen:
                child.seen_before = True
            else:
                seen.add(step)
                if depth < max_depth:
                    child.children = self._walk(step, seen, depth + 1, direction)
            children.append(child)
        return children


_ORDER = {"focus_area": 0, "plan": 1, "goal": 2, "sdg": 3, "strategy": 4, "case": 5}


def _page(page: URIRef | None) -> str | None:
    """``002_420537c42393fb97 s. 57`` for a page IRI."""
    if page is None:
        return None
    m = re.search(r"/page/([^/]+)/(\d+)$", str(page))
    return f"{m.group(1)} s. {m.group(2)}" if m else str(page)


def find_nodes(graph: Graph, text_or_iri: str) -> list[URIRef]:
    """The nodes a query names: an IRI, a bærekraftsmål by number or name, or the best matching
    strategy, goal, focus area, plan or case by its text (all equally good matches).

    >>> find_nodes(graph, "mål 17")               # doctest: +SKIP
    [rdflib.term.URIRef('http://metadata.un.org/sdg/17')]
    """
    q = text_or_iri.strip()
    if not q:
        raise TraceError("say what to trace: a strategy's words, a goal, a plan, 'bærekraftsmål 17', or an IRI")
    if q.startswith(("http://", "https://")):
        node = URIRef(q)
        if sdg_number(q) or (node, None, None) in graph or (None, None, node) in graph:
            return [node]
        raise TraceError(f"{q} is not in the graph")
    n = resolve_sdg(q) if re.search(rf"(?i){SDG_WORD}|^\s*(?:mål|sdg|goal)\s*(?:nr\.?\s*)?\d|^\s*\d{{1,2}}\s*$", q) or len(q.split()) <= 6 else None
    if n:
        return [sdg_iri(n)]
    m = re.fullmatch(r"\s*(?:sak\s+)?(\d{2}/\d{3,6})(?:-\d+)?\s*", q, re.I)
    if m:
        hits = [s for s in graph.subjects(DCTERMS.identifier, Literal(m.group(1))) if str(s).startswith(BASE)]
        if hits:
            return hits
        hits = [s for s in graph.subjects(None, None) if str(s).startswith(BASE + "case/") and str(s).endswith(m.group(1).replace("/", "-"))]
        if hits:
            return sorted(set(hits))
    want = fold(q)
    scored: list[tuple[float, URIRef]] = []
    for cls in (SG.Strategy, SG.Goal, SG.FocusArea, SG.Plan, SG.Case):
        for node in set(graph.subjects(RDF.type, cls)):
            texts = [str(o) for p in (RDFS.label, SCHEMA.text, SKOS.altLabel, DCTERMS.title) for o in graph.objects(node, p)]
            best = 0.0
            for t in texts:
                ft = fold(t)
                if not ft:
                    continue
                score = 100.0 if ft == want else (fuzz.partial_ratio(want, ft) if len(want) >= 12 else fuzz.ratio(want, ft))
                if len(want) > len(ft) * 1.5:
                    score = min(score, fuzz.ratio(want, ft))
                best = max(best, score)
            if best >= 85:
                scored.append((best, node))
    if not scored:
        raise TraceError(f"nothing in the graph matches {q!r}; try a strategy's first words, a goal, a plan name or 'bærekraftsmål 17'")
    top = max(s for s, _ in scored)
    return sorted({node for s, node in scored if s >= top - 0.5})


def trace(graph: Graph, text_or_iri: str, direction: str | None = None) -> Trace:
    """Trace from what ``text_or_iri`` names: up to the bærekraftsmål (from a strategy, focus area, plan
    or case) or down to what serves it (from a goal or bærekraftsmål); ``direction`` "up"/"down" overrides.
    """
    t = _Tracer(graph)
    starts = find_nodes(graph, text_or_iri)
    if direction is None:
        direction = "down" if all(t.kind(n) in ("sdg", "goal") for n in starts) else "up"
    if direction not in ("up", "down"):
        raise TraceError(f"direction is 'up' or 'down', not {direction!r}")
    roots = []
    for node in starts:
        quote, page = t.own_quote(node)
        root = TraceNode(str(node), t.label(node), t.kind(node), None, quote, page)
        seen = {node}
        root.children = t.up(node, seen, 0) if direction == "up" else t.down(node, seen, 0)
        roots.append(root)
    return Trace(text_or_iri, direction, roots)
