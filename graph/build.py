"""Stored extraction records → the knowledge graph: one graph per source file, nodes shared by IRI.

``build_graph(store)`` reads every source's records and maps them onto the core vocabulary
(shared/design/vocabulary.md): cases, their saksgang as consultations, meetings with attendance,
motions, votes, decisions and comments, people (resolved by ``graph.people``), parties, bodies,
plans and the kommune. Every fact node carries ``prov:wasDerivedFrom`` its page and ``sg:quote``.

The same meeting, case or treatment is printed in several documents and files; all readings meet
at one IRI (kommune + arkivsak, body + date, …) and the node keeps the evidence of each. Each
source's graph holds the facts that source supports, so the union is the whole graph and
replacing one file's graph changes only what that file said.

>>> result = build_graph(store)                 # doctest: +SKIP
>>> result.graphs["002_420537c42393fb97"]        # doctest: +SKIP
<Graph identifier=… (<class 'rdflib.graph.Graph'>)>
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ingest.extract.base import Evidence
from ingest.extract.organisations import organisations_in
from ingest.extract.records import CaseRecord, MeetingRecord, PersonRef, TreatmentRecord
from ingest.text import normalize_space

from . import iris
from .bodies import BodyNames
from .entities import organisation_iri
from .namespaces import DCTERMS, FOAF, ORG, SCHEMA, SG, SKOS, new_graph
from .parties import clean_code, party_key, party_name
from .people import Mention, Person, resolve_people
from .plans import PlanName, plan_name
from .provenance import source_triples
from .roles import administrative_role, clean_role, political_role
from .sources import DocumentStore, SourceInput, load_sources

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
_JOURNALPOST = re.compile(r"^\d{2}/\d{4,6}-\d+$")
ADMINISTRATION = re.compile(r"kommunedirektør|rådmann|administrasjon|kommunalsjef|direktør", re.IGNORECASE)


@dataclass
class BuildResult:
    """The graph of each source, the people resolved, and what could not be used (with reasons)."""

    graphs: dict[str, Graph]
    people: list[Person] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def union(self) -> Graph:
        """All sources' graphs merged into one (a set of triples)."""
        out = new_graph()
        for g in self.graphs.values():
            out += g
        return out


def build_graph(store: DocumentStore) -> BuildResult:
    """The graph of everything in the document store (see the module docstring)."""
    return build_from_sources(load_sources(store))


def build_from_sources(sources: list[SourceInput]) -> BuildResult:
    """The graph of these sources; what ``build_graph`` does once the store is read."""
    return Builder(sources).run()


class Builder:
    """One build: indexes over all records, people resolved across sources, then the nodes."""

    def __init__(self, sources: list[SourceInput]) -> None:
        from .nodes import SourceGraphs
        from .plan_index import PlanIndex
        from .sources import detect_kommune

        self.sources = sorted(sources, key=lambda s: s.id)
        self.kommune = {s.id: detect_kommune(s.pages) for s in self.sources}
        self.plans = PlanIndex(self.sources, self.kommune)  # plan records of all sources; which titles are one plan
        self._pages = {s.id: s.page_numbers for s in self.sources}
        self.nodes = SourceGraphs(self._valid_evidence)
        self.bodies = BodyNames()
        self.warnings: list[str] = []
        self.mentions: list[Mention] = []
        self._refs: list[PersonRef] = []
        self._mention_of: dict[int, int] = {}
        self._person_iris: list[URIRef] = []
        self._person_of: list[int | None] = []
        self.people: list[Person] = []
        self._dates: dict[tuple, set[str]] = defaultdict(set)
        self._agenda: dict[tuple, str] = {}
        self.case_plans: dict[tuple, PlanName] = {}
        # The proposal each case is put forward with, for treatments that refer to it without its text.
        self.case_proposals: dict[tuple[str, str], str] = {}
        self.party_codes: dict[str, Counter] = defaultdict(Counter)
        self.party_sources: dict[str, set[str]] = defaultdict(set)
        self.body_sources: dict[tuple, set[str]] = defaultdict(set)
        self.plan_labels: dict[URIRef, Counter] = defaultdict(Counter)
        self.treatments: dict[URIRef, list[tuple[str, TreatmentRecord, tuple]]] = defaultdict(list)

    # -- the steps ------------------------------------------------------------------------------

    def run(self) -> BuildResult:
        for s in self.sources:
            for body in _body_names(s):
                self.bodies.add(body)
        self._index()
        self._collect_mentions()
        resolution = resolve_people(self.mentions)
        self.people = resolution.people
        self._person_of = resolution.person_of
        self._person_iris = [iris.person_iri(p.kommune, p.key) for p in self.people]
        from .consultations import emit_treatments
        from .entities import emit_entities

        for s in self.sources:
            k = self.kommune[s.id]
            for m in s.extraction.meetings:
                self._meeting(k, m)
            for c in s.extraction.cases:
                self._case(k, c)
            for t in s.extraction.treatments:
                key = self.treatment_key(k, t)
                if key is None:
                    self.warnings.append(f"{s.id}: treatment {t.title or t.item_number!r} in {t.body} has no case number; left out")
                    continue
                self.treatments[self.consultation(key, t.evidence, item=t.item_number)].append((s.id, t, key))
                if t.title and t.title.strip():
                    self.nodes.node(iris.case_iri(k, key[1])).set(DCTERMS.title, Literal(normalize_space(t.title)), weight=2)
        self._untitled_cases()
        emit_treatments(self)
        emit_entities(self)
        graphs: dict[str, Graph] = {}
        for s in self.sources:
            graphs[s.id] = source_triples(s.id, s.name, s.sha256, sorted(self._pages[s.id]), s.documents)
        self.nodes.write(graphs)
        for sid, plan_graph in self.plans.source_graphs().items():  # plans, strategies, goals, their links
            graphs[sid] += plan_graph
        self.warnings.extend(self.nodes.dropped)
        return BuildResult(graphs, self.people, self.warnings)

    def _untitled_cases(self) -> None:
        """A case no record gives a title takes the title of a document filed under it."""
        titles: dict[URIRef, Counter] = defaultdict(Counter)
        for s in self.sources:
            for d in s.documents:
                ark = _arkivsak(d.arkivsak)
                if ark and d.title and d.title.strip():
                    titles[iris.case_iri(self.kommune[s.id], ark)][normalize_space(d.title)] += 1
        for node, facts in self.nodes.nodes.items():
            if SG.Case in facts.types and DCTERMS.title not in facts.single:
                for title, n in titles.get(node, Counter()).items():
                    facts.set(DCTERMS.title, Literal(title), weight=n)
                if DCTERMS.title not in facts.single:
                    self.warnings.append(f"{node}: no title in any record or document")

    def _index(self) -> None:
        """Dates each (case, body) is treated on, agenda items by number, the plan of each case."""
        for s in self.sources:
            k = self.kommune[s.id]
            for m in s.extraction.meetings:
                day = _date(m.date)
                for item in m.agenda:
                    ark = _arkivsak(item.journalpost)
                    if day and ark:
                        self._agenda[(k, self.bodies.key(m.body), day, item.item_number)] = ark
                        self._dates[(k, ark, self.bodies.key(m.body))].add(day)
            for c in s.extraction.cases:
                ark = _arkivsak(c.arkivsak)
                for row in c.saksgang if ark else ():
                    if _date(row.meeting_date):
                        self._dates[(k, ark, self.bodies.key(row.body))].add(_date(row.meeting_date))
                if ark and c.plan_title and plan_name(c.plan_title, k):
                    self.case_plans.setdefault((k, ark), plan_name(c.plan_title, k))
            for t in s.extraction.treatments:
                ark = _arkivsak(t.arkivsak)
                if ark and _date(t.meeting_date):
                    self._dates[(k, ark, self.bodies.key(t.body))].add(_date(t.meeting_date))

    def _collect_mentions(self) -> None:
        """Every person mention with its context, so people are resolved over all sources at once."""
        for s in self.sources:
            k = self.kommune[s.id]
            for n, m in enumerate(s.extraction.meetings):
                body, day = self.bodies.key(m.body), _date(m.date)
                ctx = _contexts(k, body=body, day=day)
                group = f"{s.id}/meeting/{n}"
                for ref in (m.chair, m.secretary, *m.officials):
                    self.mention(ref, k, ctx)
                for a in m.attendance:
                    self.mention(a.person, k, ctx, group)
                    self.mention(a.substitute_for, k, ctx)
            for c in s.extraction.cases:
                ark = _arkivsak(c.arkivsak)
                # The case's officer and proposer work with the bodies in its saksgang.
                ctx = _contexts(k, ark=ark) | {("body", k, self.bodies.key(row.body)) for row in c.saksgang}
                for ref in c.case_officers:
                    self.mention(ref, k, ctx)
                if c.proposal is not None:
                    self.mention(c.proposal.proposer, k, ctx)
            for n, t in enumerate(s.extraction.treatments):
                key = self.treatment_key(k, t)
                if key is None:
                    continue
                ctx = _contexts(*key)
                for ref in t.introduced_by:
                    self.mention(ref, k, ctx)
                for p in t.proposals:
                    self.mention(p.proposer, k, ctx)
                for ref in t.participants:
                    self.mention(ref, k, ctx)
                for v, vote in enumerate(t.votes):
                    group = f"{s.id}/treatment/{n}/vote/{v}"
                    for ref in (*vote.yes_voters, *vote.no_voters):
                        self.mention(ref, k, ctx, group)

    # -- helpers shared by the emitters ---------------------------------------------------------

    def mention(self, ref: PersonRef | None, kommune: str, contexts: frozenset, group: str | None = None) -> None:
        if ref is None or id(ref) in self._mention_of or not ref.name:
            return
        self._mention_of[id(ref)] = len(self.mentions)
        self._refs.append(ref)
        self.mentions.append(Mention(ref.name, kommune, ref.party, ref.role, contexts, group))

    def person(self, ref: PersonRef | None) -> URIRef | None:
        """The resolved person a mention names, noting its party code and where it is named."""
        if ref is None or id(ref) not in self._mention_of:
            return None
        n = self._person_of[self._mention_of[id(ref)]]
        if n is None:
            return None
        iri = self._person_iris[n]
        node = self.nodes.node(iri, needs_evidence=False).seen_in([ref.evidence.source_id])
        if ref.party:
            self.party(ref.party, ref.evidence.source_id)
        return node.iri

    def party(self, code: str, source_id: str) -> URIRef | None:
        """The party of a code as written (recording the code among the party's notations)."""
        if not code or not party_name(code):
            return None
        key = party_key(code)
        self.party_codes[key][clean_code(code)] += 1
        self.party_sources[key].add(source_id)
        return iris.iri(f"party/{key}")

    def body(self, kommune: str, name: str, source_id: str | None) -> tuple[str, URIRef]:
        key = self.bodies.key(name)
        if source_id:
            self.body_sources[(kommune, key)].add(source_id)
        return key, iris.body_iri(kommune, key)

    def plan(self, name: PlanName, source_id: str) -> URIRef:
        # The plan index knows every title the plan documents use, so a case naming a plan by its
        # theme ("Temaplan for oppvekst") meets the plan's own node ("Å høre til").
        resolved = self.plans.resolve(name.title or name.label, self.kommune.get(source_id, name.scope))
        node = resolved.iri()
        plan_type = resolved.plan_type or name.plan_type
        facts = self.nodes.node(node, needs_evidence=False).type(SG.Plan).seen_in([source_id])
        facts.set(SG.planType, Literal(plan_type) if plan_type else None)
        if resolved.scope in self.kommune.values():
            facts.add(SG.kommune, iris.kommune_iri(resolved.scope))
        self.plan_labels[node][resolved.label] += 1
        return node

    def membership(self, person: URIRef | None, organisation: URIRef, role: str, written: str | None, evidence: Evidence) -> None:
        """``person`` is ``role`` of ``organisation``, as the text at ``evidence`` says."""
        if person is None:
            return
        node = iris.fact_iri(str(person), "membership", f"{organisation}|{role}")
        self.nodes.node(person, needs_evidence=False).add(ORG.hasMembership, node)
        facts = self.nodes.node(node).type(ORG.Membership).cite(evidence)
        facts.set(ORG.member, person).set(ORG.organization, organisation).set(ORG.role, iris.role_iri(role))
        facts.set(SG.role, Literal(written) if written else None)
        self.nodes.node(iris.role_iri(role), needs_evidence=False).type(SKOS.Concept).set(RDFS.label, Literal(role)).seen_in([evidence.source_id])

    def roles_of(self, ref: PersonRef | None, kommune: str, body: URIRef | None) -> None:
        """Memberships a mention's role states: of the body for political roles, of the kommune for jobs."""
        if ref is None or not ref.role:
            return
        person = self.person(ref)
        role = political_role(ref.role)
        if role and body is not None:
            self.membership(person, body, role, clean_role(ref.role), ref.evidence)
        elif administrative_role(ref.role):
            # "avdelingsleder NAV": a job in an external organisation, not in the kommune.
            named = organisations_in(ref.role)
            employer = organisation_iri(named[0][2]) if named else iris.kommune_iri(kommune)
            self.membership(person, employer, administrative_role(ref.role) or "", clean_role(ref.role), ref.evidence)

    def treatment_key(self, kommune: str, t: TreatmentRecord) -> tuple | None:
        """(kommune, arkivsak, body key, date or None) of a treatment; the case comes from the
        meeting's agenda when the record does not give it."""
        body = self.bodies.key(t.body)
        day = _date(t.meeting_date)
        ark = _arkivsak(t.arkivsak) or (self._agenda.get((kommune, body, day, t.item_number)) if day else None)
        if ark is None:
            return None
        return kommune, ark, body, self.date_of(kommune, ark, body, day)

    def date_of(self, kommune: str, ark: str, body: str, day: str | None) -> str | None:
        """The date of a treatment: as given, else the one date the case is known to meet the body."""
        if day:
            return day
        known = self._dates.get((kommune, ark, body), set())
        return next(iter(known)) if len(known) == 1 else None

    def consultation(self, key: tuple, evidence: Evidence, item: str | None = None, order: int | None = None) -> URIRef:
        """The consultation of ``key`` (kommune, arkivsak, body, date), with its case, body and meeting."""
        k, ark, body_key, day = key
        node = iris.consultation_iri(k, ark, body_key, day)
        case = self.case_node(k, ark, evidence)
        _, body = self.body(k, body_key, evidence.source_id)
        facts = self.nodes.node(node).type(SG.Consultation).cite(evidence)
        facts.set(SG.case, case).set(SG.body, body)
        facts.set(RDFS.label, Literal(f"{ark} {self.bodies.label(body_key)} {day or ''}".strip()))
        if day:
            facts.set(SG.meeting, self.meeting_node(k, body_key, day, evidence))
        if item:
            facts.set(SG.itemNumber, Literal(normalize_space(item)))
        if order is not None and order >= 1:
            facts.set(SG.order, Literal(order, datatype=XSD.integer))
        return node

    def case_node(self, kommune: str, ark: str, evidence: Evidence | None = None) -> URIRef:
        node = iris.case_iri(kommune, ark)
        facts = self.nodes.node(node).type(SG.Case).cite(evidence)
        facts.set(DCTERMS.identifier, Literal(ark)).add(SG.kommune, iris.kommune_iri(kommune))
        return node

    def meeting_node(self, kommune: str, body_key: str, day: str, evidence: Evidence | None) -> URIRef:
        node = iris.meeting_iri(kommune, body_key, day)
        _, body = self.body(kommune, body_key, evidence.source_id if evidence else None)
        facts = self.nodes.node(node).type(SG.Meeting).cite(evidence)
        facts.set(SCHEMA.organizer, body).set(SCHEMA.startDate, Literal(day, datatype=XSD.date))
        facts.set(RDFS.label, Literal(f"{self.bodies.label(body_key)} {day}")).add(SG.kommune, iris.kommune_iri(kommune))
        return node

    def _valid_evidence(self, ev: Evidence) -> bool:
        return bool(ev.quote and ev.quote.strip()) and ev.page in self._pages.get(ev.source_id, ())

    # -- meetings and cases ---------------------------------------------------------------------

    def _meeting(self, k: str, m: MeetingRecord) -> None:
        day = _date(m.date)
        if day is None:
            self.warnings.append(f"{m.evidence.source_id}: meeting of {m.body} has no valid date ({m.date!r}); left out")
            return
        body_key, body = self.body(k, m.body, m.evidence.source_id)
        node = self.meeting_node(k, body_key, day, m.evidence)
        facts = self.nodes.node(node)
        start, end = _time(m.start_time), _time(m.end_time)
        if start:
            # A start time, where any reading gives one, beats every reading that gives only the date.
            facts.set(SCHEMA.startDate, Literal(f"{day}T{start}:00", datatype=XSD.dateTime), weight=1_000_000)
        if end:
            end_day = day if not start or end >= start else _next_day(day)
            facts.set(SCHEMA.endDate, Literal(f"{end_day}T{end}:00", datatype=XSD.dateTime))
        if m.place:
            facts.set(SCHEMA.location, Literal(normalize_space(m.place)))
        if m.member_count is not None and m.member_count >= 0:
            facts.set(SG.memberCount, Literal(m.member_count, datatype=XSD.integer))
        facts.set(SG.chair, self.person(m.chair)).set(SG.secretary, self.person(m.secretary))
        self.roles_of(m.chair, k, body)
        for ref in m.officials:
            facts.add(SG.official, self.person(ref))
            self.roles_of(ref, k, body)
        for a in m.attendance:
            person = self.person(a.person)
            facts.add(SCHEMA.attendee if a.present else SG.absentee, person)
            self.roles_of(a.person, k, body)
            absent = self.person(a.substitute_for)
            if a.present and person is not None and absent is not None:
                sub = iris.fact_iri(str(node), "substitution", str(person))
                facts.add(SG.substitution, sub)
                self.nodes.node(sub).type(SG.Substitution).cite(a.person.evidence).set(SG.substitute, person).set(SG.substituteFor, absent)
        for item in m.agenda:
            ark = _arkivsak(item.journalpost)
            if ark is None:
                continue
            self.consultation((k, ark, body_key, day), item.evidence, item=item.item_number)
            case = self.nodes.node(iris.case_iri(k, ark))
            case.set(DCTERMS.title, Literal(normalize_space(item.title)) if item.title.strip() else None)
            if _JOURNALPOST.match(normalize_space(item.journalpost or "")):
                case.add(SG.journalpost, Literal(normalize_space(item.journalpost or "")))

    def _case(self, k: str, c: CaseRecord) -> None:
        ark = _arkivsak(c.arkivsak)
        if ark is None:
            self.warnings.append(f"{c.evidence.source_id}: case {c.arkivsak!r} is not a case number; left out")
            return
        node = self.case_node(k, ark, c.evidence)
        facts = self.nodes.node(node)
        if c.title.strip():
            facts.set(DCTERMS.title, Literal(normalize_space(c.title)), weight=3)
        journalpost = normalize_space(c.journalpost or "")
        if _JOURNALPOST.match(journalpost):
            facts.add(SG.journalpost, Literal(journalpost))
        for ref in c.case_officers:
            facts.add(SG.caseOfficer, self.person(ref))
            self.roles_of(ref, k, None)
        if c.proposal is not None and c.proposal.text.strip():
            text = normalize_space(c.proposal.text)
            if len(text) > len(self.case_proposals.get((k, ark), "")):
                self.case_proposals[(k, ark)] = text
        plan = plan_name(c.plan_title, k) if c.plan_title else None
        if plan is not None:
            facts.add(SG.concerns, self.plan(plan, c.evidence.source_id))
        for row in c.saksgang:
            key = (k, ark, self.bodies.key(row.body), self.date_of(k, ark, self.bodies.key(row.body), _date(row.meeting_date)))
            self.consultation(key, row.evidence, item=row.item_number, order=row.order)
        if c.proposal is not None:
            from .consultations import case_motion

            case_motion(self, k, node, c)


def _body_names(s: SourceInput) -> list[str]:
    names = [m.body for m in s.extraction.meetings]
    names += [row.body for c in s.extraction.cases for row in c.saksgang]
    names += [t.body for t in s.extraction.treatments]
    names += [cm.body for t in s.extraction.treatments for cm in t.comments]
    return [n for n in names if n and n.strip()]


def _contexts(kommune: str, ark: str | None = None, body: str | None = None, day: str | None = None) -> frozenset:
    out: set[tuple] = set()
    if body:
        out.add(("body", kommune, body))
        if day:
            out.add(("meeting", kommune, body, day))
    if ark:
        out.add(("case", kommune, ark))
        if body:
            out.add(("consultation", kommune, ark, body, day))
    return frozenset(out)


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return iris.normalise_date(value)
    except ValueError:
        return None


def _arkivsak(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return iris.normalise_arkivsak(value)
    except ValueError:
        return None


def _time(value: str | None) -> str | None:
    m = _TIME.match(value or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _next_day(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
