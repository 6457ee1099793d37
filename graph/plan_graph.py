"""Plans in the graph: which titles are one plan (``PlanResolver``), and the triples of plan records.

A plan is written many ways: «På lik linje», "Temaplan for personer med nedsatt funksjonsevne",
"Temaplan - personer med nedsatt funksjonsevne - høring", "Temaplan På lik linje – personer med
nedsatt funksjonsevne". The records say which belong together (a plan document's title page and
running header, "«På lik linje» er Asker kommunes temaplan for personer med nedsatt funksjonsevne"),
so the resolver is built from all plan records at once and then maps any title to one plan:
its label is the plan's own name where it has one, and its IRI ``plan/<kommune>/<label>``
(national documents: ``plan/norge/<identifier>``, e.g. ``NOU 2022:13``).

Every link (a strategy serving a goal, a plan citing another) is also stated as an ``rdf:Statement``
node under its subject, with ``prov:wasDerivedFrom`` the page and ``sg:quote`` the text that says it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ingest.extract.plan_records import (
    PLAN_STATUSES,
    FocusAreaRecord,
    GoalRecord,
    LinkRecord,
    PlanFact,
    PlanRecord,
    StrategyRecord,
)
from ingest.extract.plan_text import fold, same_name, similar
from ingest.extract.plan_titles import PlanTitle, parse_plan_title

from . import iris
from .namespaces import DCTERMS, PROV, SCHEMA, SDGO, SG, SKOS, new_graph
from .provenance import EvidenceLike, add_evidence
from .sdg import sdg_iri, sdg_triples

NATIONAL_SCOPE = "norge"


@dataclass
class _Entry:
    """What one record says a plan is called."""

    names: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    loose: set[str] = field(default_factory=set)  # "temaplan X": a name or a theme
    identifier: str | None = None
    plan_type: str | None = None
    national: bool = False

    @classmethod
    def of(cls, title: PlanTitle, national: bool | None = None) -> "_Entry":
        names = {title.name} if title.name else set()
        themes = {title.theme} if title.theme else set()
        loose = {title.loose} if title.loose else set()
        return cls(names, themes, loose, title.identifier, title.plan_type, title.national if national is None else national)

    def merge(self, other: "_Entry") -> None:
        self.names |= other.names
        self.themes |= other.themes
        self.loose |= other.loose
        self.plan_type = self.plan_type or other.plan_type

    def same(self, other: "_Entry") -> bool:
        """Whether two entries name one plan (a national document only by its identifier)."""
        if self.national or other.national or self.identifier or other.identifier:
            return bool(self.identifier and self.identifier == other.identifier)
        if self.plan_type and other.plan_type and self.plan_type != other.plan_type:
            return False
        if any(similar(a, b, 92) for a in self.names | self.loose for b in other.names | other.loose):
            return True
        if any(similar(a, b, 85) for a in self.themes | self.loose for b in other.themes | other.loose):
            return True
        # Only the kommuneplan is one of a kind: two temaplaner with no name or theme are not one plan.
        bare = not (self.names or self.themes or self.loose or other.names or other.themes or other.loose)
        return bare and bool(self.plan_type) and self.plan_type == other.plan_type and self.plan_type.startswith("kommuneplan")


@dataclass
class ResolvedPlan:
    """One plan: its label, the scope of its IRI (the kommune, or ``norge``), type and every title seen."""

    label: str
    scope: str
    plan_type: str | None
    national: bool
    identifier: str | None
    titles: set[str]
    names: set[str]

    def iri(self) -> URIRef:
        return iris.plan_iri(self.scope, self.identifier if self.national and self.identifier else self.label)


class PlanResolver:
    """Groups plan titles into plans, from what plan records say; maps any title to its plan.

    >>> r = PlanResolver(records)                                   # doctest: +SKIP
    >>> r.resolve("Temaplan for personer med nedsatt funksjonsevne").label   # doctest: +SKIP
    'På lik linje'
    """

    def __init__(self, records: Iterable[PlanFact] = (), kommune: str = "") -> None:
        self.kommune = kommune
        self._entries: list[_Entry] = []
        self._titles: list[set[str]] = []
        self._parent: list[int] = []
        self._cache: dict[str, ResolvedPlan] = {}
        for r in records:
            if isinstance(r, PlanRecord):
                self.add(r)

    def add(self, record: PlanRecord) -> None:
        """Learn what one plan record says (its titles, name, theme, identifier)."""
        title = PlanTitle(record.title, record.name, record.plan_type, record.theme, record.identifier)
        entry = _Entry.of(title, record.national)
        titles = {record.title}
        for alt in [record.title, *record.alt_titles]:
            parsed = parse_plan_title(alt)
            if parsed is None or entry.national:
                if entry.national and parsed is not None and parsed.identifier == entry.identifier:
                    titles.add(alt)
                continue
            if parsed.identifier:
                continue
            entry.merge(_Entry.of(parsed))
            titles.add(alt)
        self._insert(entry, titles)

    def _insert(self, entry: _Entry, titles: set[str]) -> int:
        k = len(self._entries)
        self._entries.append(entry)
        self._titles.append(titles)
        self._parent.append(k)
        for j in range(k):
            if self._entries[j].same(entry):
                self._union(j, k)
        self._cache.clear()
        return k

    def _find(self, k: int) -> int:
        while self._parent[k] != k:
            self._parent[k] = self._parent[self._parent[k]]
            k = self._parent[k]
        return k

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def _group(self, root: int) -> ResolvedPlan:
        members = [k for k in range(len(self._entries)) if self._find(k) == root]
        return self._describe([self._entries[k] for k in members], set().union(*(self._titles[k] for k in members)))

    def _describe(self, entries: list[_Entry], titles: set[str]) -> ResolvedPlan:
        national = any(e.national for e in entries)
        identifier = next((e.identifier for e in entries if e.identifier), None)
        types = Counter(e.plan_type for e in entries if e.plan_type)
        plan_type = types.most_common(1)[0][0] if types else None
        themes = {t for e in entries for t in e.themes}
        # Sets are iterated sorted: ties in the counts must break the same way in every process
        # (string hashing differs between runs), or a plan's label and IRI would change on re-ingest.
        names = Counter(n for e in entries for n in sorted(e.names))
        loose = Counter(n for e in entries for n in sorted(e.loose) if not any(similar(n, t, 85) for t in themes))
        proper = [n for n, _ in names.most_common()] + [n for n, _ in loose.most_common()]
        if national and identifier:
            label = identifier
        elif proper:
            label = proper[0]
        elif plan_type and plan_type.startswith("kommuneplan"):
            label = "Kommuneplanens arealdel" if plan_type.endswith("arealdel") else "Kommuneplanens samfunnsdel"
        elif themes:
            theme = Counter(t for e in entries for t in sorted(e.themes)).most_common(1)[0][0]
            label = f"{(plan_type or 'plan').capitalize()} for {theme}"
        else:
            label = sorted(titles, key=len)[0] if titles else "plan"
        scope = NATIONAL_SCOPE if national else (self.kommune or "kommune")
        return ResolvedPlan(label, scope, plan_type, national, identifier, titles, set(names) | set(loose))

    def lookup(self, title: str) -> ResolvedPlan:
        """The plan a title names, learning nothing: a known plan's group, else a plan of its own that
        later lookups do not join (so that labels already handed out stay as they are)."""
        for k, titles in enumerate(self._titles):
            if title in titles:
                return self._group(self._find(k))
        parsed = parse_plan_title(title) or PlanTitle(title, name=title)
        entry = _Entry.of(parsed)
        hits = [k for k, e in enumerate(self._entries) if e.same(entry)]
        return self._group(self._find(hits[0])) if hits else self._describe([entry], {title})

    def resolve(self, title: str) -> ResolvedPlan:
        """The plan a title names: a known plan's group, or a plan of its own."""
        if title in self._cache:
            return self._cache[title]
        for k, titles in enumerate(self._titles):
            if title in titles:
                out = self._group(self._find(k))
                break
        else:
            parsed = parse_plan_title(title) or PlanTitle(title, name=title)
            entry = _Entry.of(parsed)
            hits = [k for k, e in enumerate(self._entries) if e.same(entry)]
            if hits:
                out = self._group(self._find(hits[0]))
            else:
                k = self._insert(entry, {title})
                out = self._group(self._find(k))
        self._cache[title] = out
        return out

    def groups(self) -> list[ResolvedPlan]:
        """Every plan known, once each."""
        return [self._group(r) for r in sorted({self._find(k) for k in range(len(self._entries))})]


def plan_key(title: str, resolver: PlanResolver | None = None) -> str:
    """The label a plan is known by (and its IRI is made from), for a title as written.

    >>> plan_key("Å høre til - temaplan for oppvekst – 1. gangsbehandling")
    'Å høre til'
    >>> plan_key("NOU 2022: 13 Med videre betydning")
    'NOU 2022:13'
    """
    return (resolver or PlanResolver()).resolve(title).label


def _statement(graph: Graph, s: URIRef, p: URIRef, o, evidence: EvidenceLike | None) -> None:
    """Add (s, p, o), and an rdf:Statement about it with the quote that says it."""
    graph.add((s, p, o))
    if evidence is None or not evidence.quote.strip():
        return
    node = URIRef(f"{s}/statement/{iris.content_key(str(p), str(o))}")
    if (node, RDF.type, RDF.Statement) in graph:
        return
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, s))
    graph.add((node, RDF.predicate, p))
    graph.add((node, RDF.object, o))
    add_evidence(graph, node, evidence)


class _Builder:
    """Builds the triples of plan records, one graph per source: each source's graph holds what that
    source states (a plan, goal or strategy is described in every source that names it), while which
    titles are one plan, which focus-area names are one area and which goal a link points to are
    decided across all the records at once."""

    def __init__(self, records: list[PlanFact], kommune: str, resolver: PlanResolver | None) -> None:
        self.records = records
        self.kommune = kommune
        self.resolver = resolver or PlanResolver(records, kommune)
        if not self.resolver.kommune:
            self.resolver.kommune = kommune
        self.graphs: dict[str, Graph] = {}
        self.g = new_graph()
        self.sdgs: dict[str, set[int]] = defaultdict(set)
        self.source = ""
        self.focus: dict[URIRef, list[tuple[URIRef, str]]] = defaultdict(list)
        self.goal_nodes: dict[str, list[URIRef]] = defaultdict(list)

    def use(self, evidence: EvidenceLike | None) -> None:
        """Write the next triples into the graph of the source ``evidence`` was read from."""
        if evidence is None:
            return
        self.source = evidence.source_id
        if self.source not in self.graphs:
            self.graphs[self.source] = new_graph()
        self.g = self.graphs[self.source]

    def plan(self, title: str, evidence: EvidenceLike | None = None) -> URIRef:
        resolved = self.resolver.resolve(title)
        node = resolved.iri()
        g = self.g
        if (node, RDF.type, SG.Plan) not in g:
            g.add((node, RDF.type, SG.Plan))
            g.add((node, RDFS.label, Literal(resolved.label)))
            if resolved.plan_type:
                g.add((node, SG.planType, Literal(resolved.plan_type)))
            if resolved.identifier:
                g.add((node, DCTERMS.identifier, Literal(resolved.identifier)))
            for alt in sorted(resolved.titles | resolved.names):
                alt = " ".join(alt.split())
                if alt and alt != resolved.label:
                    g.add((node, SKOS.altLabel, Literal(alt)))
            if not resolved.national and self.kommune:
                g.add((node, SG.kommune, iris.kommune_iri(self.kommune)))
        if evidence is not None and (node, PROV.wasDerivedFrom, None) not in g:
            add_evidence(g, node, evidence)
        return node

    def focus_area(self, plan: URIRef, name: str, record: FocusAreaRecord | None = None, evidence: EvidenceLike | None = None) -> URIRef:
        """The focus area of ``plan`` called ``name`` (one node for the names that are one area),
        described in the current source's graph with ``record``'s evidence, else ``evidence``."""
        node = None
        for known, seen in self.focus[plan]:
            if same_name(seen, name):
                node = known
                if record is not None and name != seen:
                    self.g.add((node, SKOS.altLabel, Literal(name)))
                break
        if node is None:
            node = iris.fact_iri(str(plan), "focus-area", fold(name))
            self.focus[plan].append((node, name))
        g = self.g
        if (node, RDF.type, SG.FocusArea) not in g:
            label = next(seen for known, seen in self.focus[plan] if known == node)
            g.add((node, RDF.type, SG.FocusArea))
            g.add((node, RDFS.label, Literal(label[:1].upper() + label[1:])))
            g.add((node, DCTERMS.isPartOf, plan))
        if record is not None and record.number:
            g.add((node, SKOS.notation, Literal(record.number)))
        ev = record.evidence if record is not None else evidence
        if ev is not None and (node, PROV.wasDerivedFrom, None) not in g:
            add_evidence(g, node, ev)
        return node

    def strategy(self, plan: URIRef, text: str) -> URIRef:
        return iris.fact_iri(str(plan), "strategy", fold(text))

    def goal(self, plan: URIRef, text: str) -> URIRef:
        existing = [n for n in self.goal_nodes[fold(text)] if str(n).startswith(str(plan) + "/")]
        return existing[0] if existing else iris.fact_iri(str(plan), "goal", fold(text))

    def build(self) -> dict[str, Graph]:
        recs = self.records
        for r in recs:
            if isinstance(r, PlanRecord):
                self.use(r.evidence)
                self.plan(r.title, r.evidence)
        self._statuses([r for r in recs if isinstance(r, PlanRecord)])
        for r in recs:
            if isinstance(r, FocusAreaRecord):
                self.use(r.evidence)
                self.focus_area(self.plan(r.plan), r.name, r)
        for r in recs:
            if isinstance(r, GoalRecord):
                self.use(r.evidence)
                self._goal(r)
        for r in recs:
            if isinstance(r, GoalRecord) and r.parent:
                self.use(r.evidence)
                plan = self.plan(r.plan)
                _statement(self.g, self.goal(plan, r.text), SKOS.broader, self.goal(plan, r.parent), r.parent_evidence)
        for r in recs:
            if isinstance(r, StrategyRecord):
                self.use(r.evidence)
                self._strategy(r)
        for r in recs:
            if isinstance(r, LinkRecord):
                self.use(r.evidence)
                self._link(r)
        for source, numbers in self.sdgs.items():
            self.graphs[source] += sdg_triples(numbers)
        return self.graphs

    def _goal(self, r: GoalRecord) -> None:
        g = self.g
        plan = self.plan(r.plan)
        node = self.goal(plan, r.text)
        if node not in self.goal_nodes[fold(r.text)]:
            self.goal_nodes[fold(r.text)].append(node)
        if (node, RDF.type, SG.Goal) not in g:
            g.add((node, RDF.type, SG.Goal))
            g.add((node, SCHEMA.text, Literal(r.text)))
            g.add((node, RDFS.label, Literal(r.text)))
            g.add((node, DCTERMS.isPartOf, plan))
            add_evidence(g, node, r.evidence)
        if r.level:
            g.add((node, DCTERMS.type, Literal(r.level)))
        if r.number:
            g.add((node, SKOS.notation, Literal(r.number)))
        if r.note:
            _statement(g, node, SKOS.note, Literal(r.note), r.note_evidence)

    def _strategy(self, r: StrategyRecord) -> None:
        g = self.g
        plan = self.plan(r.plan)
        node = self.strategy(plan, r.text)
        if (node, RDF.type, SG.Strategy) not in g:
            g.add((node, RDF.type, SG.Strategy))
            g.add((node, SCHEMA.text, Literal(r.text)))
            g.add((node, RDFS.label, Literal(r.text)))
            add_evidence(g, node, r.evidence)
        _statement(g, node, DCTERMS.isPartOf, plan, r.plan_evidence)
        if r.focus_area:
            area = self.focus_area(plan, r.focus_area, evidence=r.focus_evidence or r.evidence)
            _statement(g, node, DCTERMS.isPartOf, area, r.focus_evidence)

    def _statuses(self, plans: list[PlanRecord]) -> None:
        best: dict[URIRef, PlanRecord] = {}
        for r in plans:
            self.use(r.evidence)
            node = self.plan(r.title)
            if r.status in PLAN_STATUSES:
                have = best.get(node)
                if have is None or PLAN_STATUSES.index(r.status) > PLAN_STATUSES.index(have.status or "utkast"):
                    best[node] = r
            if r.hearing_deadline:
                _statement(self.g, node, SG.hearingDeadline, Literal(r.hearing_deadline, datatype=XSD.date), r.deadline_evidence)
        for node, r in best.items():
            self.use(r.status_evidence or r.evidence)
            self.plan(r.title)
            _statement(self.g, node, SCHEMA.creativeWorkStatus, Literal(r.status), r.status_evidence)

    def _node(self, kind: str, value: str, plan: str | None) -> URIRef | None:
        if kind == "plan":
            return self.plan(value)
        if kind == "case":
            try:
                return iris.case_iri(self.kommune, value)
            except ValueError:
                return None
        if kind == "sdg":
            n = int(value)
            self.sdgs[self.source].add(n)
            return sdg_iri(n)
        owner = self.plan(plan) if plan else None
        if kind == "focus_area" and owner is not None:
            return self.focus_area(owner, value)
        if kind == "strategy" and owner is not None:
            return self.strategy(owner, value)
        if kind == "goal":
            if owner is not None:
                return self.goal(owner, value)
            nodes = self.goal_nodes.get(fold(value))
            return nodes[0] if nodes else None
        return None

    def _link(self, r: LinkRecord) -> None:
        s = self._node(r.subject_kind, r.subject, r.subject_plan)
        o = self._node(r.target_kind, r.target, r.target_plan)
        if s is None or o is None or s == o:
            return
        predicate = {"contributesTo": SG.contributesTo, "references": SG.references, "concerns": SG.concerns}.get(r.relation)
        if predicate is None:
            return
        _statement(self.g, s, predicate, o, r.evidence)


def plan_triples(records: Iterable[PlanFact], kommune: str, resolver: PlanResolver | None = None) -> Graph:
    """The graph of plan records: plans, focus areas, strategies, goals, links, and the SDGs they name.

    ``resolver`` decides which titles are one plan; build it from *all* plan records of the corpus
    (``PlanResolver(all_records, kommune)``) so that a case in one file and a plan in another meet.
    """
    out = new_graph()
    for g in plan_source_graphs(records, kommune, resolver).values():
        out += g
    return out


def plan_source_graphs(records: Iterable[PlanFact], kommune: str, resolver: PlanResolver | None = None) -> dict[str, Graph]:
    """The triples of plan records, one graph per source (by each record's evidence), nodes shared by IRI."""
    return _Builder(list(records), kommune, resolver).build()


__all__ = ["NATIONAL_SCOPE", "PlanResolver", "ResolvedPlan", "plan_key", "plan_source_graphs", "plan_triples"]
