"""Entity linking: which plan, case, body, meeting, goal, strategy or bærekraftsmål a question names.

Names in questions are loose: typos (``På lik lnje``), short forms (``oppvekstutvalget`` for
``Utvalg for oppvekst``), missing quotes and å written as a or aa. Every label and variant in the
graph (``rdfs:label``, ``skos:altLabel``, titles, strategy and goal texts) is folded (``text.fold``)
and compared with rapidfuzz: a short label must occur in the question (``partial_ratio``), a long
label (a goal or strategy sentence) must contain the question's topic words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from graph.namespaces import DCTERMS, FOAF, SCHEMA, SG, SKOS
from graph.sdg import find_sdg_mentions, resolve_sdg, sdg_iri

from .model import Entity
from .text import bokmaal, case_numbers, fold

MIN_SCORE = 84.0
# Function words and question words of the three languages, folded: never topic words.
STOP = frozenset(fold(w) for w in """
hvilke hvilken hvilket hvem hva hvor hvordan hvorfor nar kva kven kvar korleis kvifor kor which who whom what where
when how why the a an of on about in at to for i pa om av til med og and or is are was were did does do har hadde
var ble vart er blitt vorte be been been it its this that den det de dei ein en et ei eit som sin sitt sine seg
from fra fraa ved by with into under over all alle any some noen nokon noko noe there der her have has had
sak saken saka saki case mot imot against ogsa also hver kvar each
""".split())


@dataclass
class Candidate:
    kind: str
    iri: str
    label: str          # the display label
    variant: str        # the folded text compared
    tokens: tuple[str, ...]
    primary: bool       # the variant is the node's own label, not an alternative name


def _tokens(folded: str) -> tuple[str, ...]:
    return tuple(bokmaal(t) for t in folded.split() if t not in STOP and len(t) > 1)


def body_variants(label: str) -> list[str]:
    """Ways a body's name is written: ``Utvalg for oppvekst`` is also ``oppvekstutvalget``, ``utval for oppvekst``;
    ``Eldrerådet`` also ``eldreråd``; ``Formannskapet`` also ``formannskap``."""
    out = [label]
    m = re.match(r"(?i)(?:hoved)?utvalg(?:et)? for (.+)$", label)
    if m:
        topic = m.group(1)
        out += [f"utval for {topic}", f"{topic}utvalget", f"{topic}sutvalget", f"{topic}utvalet", f"{topic} utvalget",
                f"hovedutvalg for {topic}", f"{topic} committee", f"committee for {topic}"]
    if re.search(r"(?i)rådet$", label):
        out += [label[:-2], label[:-2] + "s"]
        if re.search(r"(?i)eldrerådet$", label):
            out += ["council for the elderly", "elderly council", "senior citizens council"]
        if re.search(r"(?i)ungdomsrådet$", label):
            out += ["youth council"]
    if re.search(r"(?i)et$", label) and not re.search(r"(?i)rådet$", label):
        out.append(label[:-2])
    if re.search(r"(?i)^formannskap", label):
        out += ["executive committee", "executive board"]
    if re.match(r"(?i)råd for personer med funksjonsnedsettelse", label):
        out += ["rad for menneske med funksjonsnedsetting", "council for people with disabilities", "disability council",
                "funksjonshemmedes rad", "radet for personer med funksjonsnedsettelse"]
    return out


class EntityIndex:
    """Every nameable node of a graph, with its folded label variants, for fuzzy look-up."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.candidates: dict[str, list[Candidate]] = {}
        self.meetings: list[tuple[str, str, date]] = []        # (meeting, body, date)
        self.cases_by_number: dict[str, str] = {}
        self._build()

    def _add(self, kind: str, iri: str, label: str, variants: list[str]) -> None:
        seen = set()
        for v in variants:
            f = fold(v)
            if f and f not in seen:
                seen.add(f)
                self.candidates.setdefault(kind, []).append(Candidate(kind, iri, label, f, _tokens(f), f == fold(label)))

    def _labels(self, node, *props) -> list[str]:
        return [str(o) for p in props for o in self.graph.objects(node, p)]

    def _build(self) -> None:
        g = self.graph
        for node in set(g.subjects(RDF.type, SG.Plan)):
            labels = self._labels(node, RDFS.label)
            self._add("plan", str(node), labels[0] if labels else str(node), labels + self._labels(node, SKOS.altLabel))
        for node in set(g.subjects(RDF.type, SG.Case)):
            ids = self._labels(node, DCTERMS.identifier)
            titles = self._labels(node, DCTERMS.title)
            for i in ids:
                self.cases_by_number[i] = str(node)
            label = f"{ids[0] if ids else ''} {titles[0] if titles else ''}".strip()
            self._add("case", str(node), label, titles)
        for node in set(g.subjects(RDF.type, SG.Body)):
            labels = self._labels(node, RDFS.label)
            if labels:
                self._add("body", str(node), labels[0], [v for lab in labels for v in body_variants(lab)])
        for node in set(g.subjects(RDF.type, SG.Meeting)):
            for body in g.objects(node, SCHEMA.organizer):
                for d in g.objects(node, SCHEMA.startDate):
                    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(d))
                    if m:
                        self.meetings.append((str(node), str(body), date(*map(int, m.groups()))))
        for kind, cls, props in (("goal", SG.Goal, (RDFS.label, SCHEMA.text)),
                                 ("strategy", SG.Strategy, (SCHEMA.text, RDFS.label)),
                                 ("focus_area", SG.FocusArea, (RDFS.label,))):
            for node in set(g.subjects(RDF.type, cls)):
                labels = self._labels(node, *props)
                if labels:
                    self._add(kind, str(node), labels[0], labels)
        people = {node: self._labels(node, FOAF.name) for node in set(g.subjects(RDF.type, FOAF.Person))}
        # A surname alone ("Dahl", as protocols write it) names a person when no one else has it.
        surnames: dict[str, set] = {}
        for node, labels in people.items():
            for label in labels[:1]:
                surnames.setdefault(label.split()[-1], set()).add(node)
        for node, labels in people.items():
            if labels:
                unique = [labels[0].split()[-1]] if len(surnames.get(labels[0].split()[-1], ())) == 1 else []
                self._add("person", str(node), labels[0], labels + self._labels(node, SKOS.altLabel) + unique)

    # -- look-up --------------------------------------------------------------------------------

    def find(self, kind: str, question: str, topic: str | None = None, min_score: float = MIN_SCORE) -> list[Entity]:
        """The nodes of ``kind`` the question names, best first (ties kept), each with its score."""
        q = fold(question)
        t = fold(topic) if topic else q
        topic_tokens = _tokens(t)
        best: dict[str, tuple[float, Candidate]] = {}
        for c in self.candidates.get(kind, []):
            score = self._score(c, q, t, topic_tokens)
            if score >= min_score and c.primary:
                score += 1.0  # "På lik linje" is the temaplan's own name, and only a subtitle of NOU 2016:17
            if score >= min_score and (c.iri not in best or score > best[c.iri][0]):
                best[c.iri] = (score, c)
        ranked = sorted(best.values(), key=lambda sc: (-sc[0], -len(sc[1].variant)))
        return [Entity(kind, c.iri, c.label, round(s, 1), c.variant) for s, c in ranked]

    @staticmethod
    def _score(c: Candidate, q: str, t: str, topic_tokens: tuple[str, ...]) -> float:
        label = c.variant
        score = 0.0
        if 4 <= len(label) <= len(q):
            # The label written (loosely) in the question; short labels must match nearly exactly.
            s = fuzz.partial_ratio(label, q)
            if len(label) < 8:
                s = 100.0 if re.search(rf"\b{re.escape(label)}\b", q) else min(s, 80.0)
            score = s
        if topic_tokens and len(t) >= 8:
            # The question's topic words found in a longer label (a case title, a strategy sentence).
            matched = 0.0
            total = 0.0
            for tok in topic_tokens:
                w = min(len(tok), 8)
                total += w
                if any(_same_word(tok, lt) for lt in c.tokens):
                    matched += w
            long_match = any(len(tok) >= 6 and any(_same_word(tok, lt) for lt in c.tokens) for tok in topic_tokens)
            if total and matched / total >= 0.75 and (long_match or sum(1 for tok in topic_tokens if len(tok) >= 4) >= 2):
                cover = sum(1 for lt in c.tokens if any(_same_word(tok, lt) for tok in topic_tokens)) / max(len(c.tokens), 1)
                score = max(score, 80.0 + 20.0 * (matched / total) * min(1.0, 0.5 + cover))
        return score

    def sdgs(self, question: str) -> list[Entity]:
        """Bærekraftsmål the question names, by number or name."""
        out = []
        for m in find_sdg_mentions(question, names_allowed=True):
            out.append(Entity("sdg", str(sdg_iri(m.number)), f"bærekraftsmål {m.number}", 100.0, question[m.start:m.end]))
        if not out:
            m = re.search(r"(?i)\b(?:sdg|sustainable development goal|goal|berekraftsm[aå]l\w*|bærekraftsm[aå]l\w*|"
                          r"fn-?s? m[aå]l|m[aå]l(?:et)?)\s*(?:nr\.?|no\.?|nummer)?\s*(\d{1,2})\b", question)
            n = int(m.group(1)) if m else None
            if n is None:
                quoted = re.findall(r"[«\"“']([^»\"”']+)[»\"”']", question)
                for q in quoted:
                    n = resolve_sdg(q)
                    if n:
                        break
            if n and 1 <= n <= 17:
                out.append(Entity("sdg", str(sdg_iri(n)), f"bærekraftsmål {n}", 100.0, m.group(0) if m else ""))
        return list({e.iri: e for e in out}.values())

    def case_by_number(self, question: str) -> list[Entity]:
        """Cases named by arkivsak or journalpost number."""
        out = []
        for number in case_numbers(question):
            node = self.cases_by_number.get(number)
            if node:
                out.append(Entity("case", node, number, 100.0, number))
        return out

    def meetings_of(self, body: str, when: list[date]) -> list[str]:
        """Meetings of ``body`` on one of the dates ``when`` (all its meetings when no date is given)."""
        return [m for m, b, d in sorted(self.meetings, key=lambda x: x[2]) if b == body and (not when or d in when)]

    def meeting_label(self, meeting: str) -> str:
        """``Utvalg for oppvekst 2022-11-29`` for a meeting IRI."""
        for m, body, d in self.meetings:
            if m == meeting:
                labels = self._labels(URIRef(body), RDFS.label)
                return f"{labels[0] if labels else body} {d.isoformat()}"
        return meeting

    def meetings_on(self, when: list[date]) -> list[str]:
        return [m for m, _, d in self.meetings if d in when]


def _same_word(a: str, b: str) -> bool:
    """Two folded words alike: equal, a typo apart, or one a compound's head or tail of the other (skole/barneskole)."""
    if a == b:
        return True
    if len(a) >= 5 and len(b) >= 5 and fuzz.ratio(a, b) >= 85:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and (long_.endswith(short) or long_.startswith(short))
