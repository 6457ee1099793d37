"""The plans of a whole build: plan records read from every source, one resolver per kommune, graphs per source.

``graph.build`` asks it two things: which plan node a title names (so that a case's ``sg:concerns``,
a comment's ``sg:about`` and the plan's own strategies and goals meet at one IRI), and the plan
triples each source supports. Plan records are read here, from the stored pages and documents,
because the plan reader needs the pages' raw text layers to mend shredded tables; it takes well
under a second for the sample.

>>> index = PlanIndex(sources, {"002_…": "Asker"})      # doctest: +SKIP
>>> index.resolve("Temaplan for oppvekst", "Asker").label  # doctest: +SKIP
'Å høre til'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import Graph

from ingest.extract.base import DocumentText
from ingest.extract.plan_records import PlanFact
from ingest.extract.plans import extract_plans

from .plan_graph import PlanResolver, ResolvedPlan, plan_source_graphs
from .sources import SourceInput


def source_plan_records(source: SourceInput) -> list[PlanFact]:
    """Every plan record of one source's documents (plans, reports, slides and saksframlegg)."""
    out: list[PlanFact] = []
    for document in source.documents:
        out.extend(extract_plans(DocumentText.from_pages(source.id, document, source.pages), source.pages))
    return out


class PlanIndex:
    """Plan records of all sources, grouped by kommune, with the resolver that says which titles are one plan."""

    def __init__(self, sources: Iterable[SourceInput], kommune_of: Mapping[str, str]) -> None:
        self.records: dict[str, list[PlanFact]] = defaultdict(list)  # by kommune, in source order
        for source in sorted(sources, key=lambda s: s.id):
            self.records[kommune_of[source.id]].extend(source_plan_records(source))
        self.resolvers = {k: PlanResolver(records, k) for k, records in self.records.items()}
        # Built now, so that every title the plan records use has joined its plan before ``resolve``
        # hands out labels (``resolve`` itself learns nothing, so labels never shift during a build).
        self._graphs = self._build_graphs()

    def resolver(self, kommune: str) -> PlanResolver:
        """The resolver of ``kommune`` (an empty one for a kommune with no plan records)."""
        if kommune not in self.resolvers:
            self.resolvers[kommune] = PlanResolver((), kommune)
        return self.resolvers[kommune]

    def resolve(self, title: str, kommune: str) -> ResolvedPlan:
        """The plan ``title`` names in ``kommune`` (a national document is the same in every kommune)."""
        return self.resolver(kommune).lookup(title)

    def source_graphs(self) -> dict[str, Graph]:
        """The plan triples each source supports, by source id."""
        return self._graphs

    def _build_graphs(self) -> dict[str, Graph]:
        out: dict[str, Graph] = {}
        for kommune, records in sorted(self.records.items()):
            for source, graph in plan_source_graphs(records, kommune, self.resolver(kommune)).items():
                if source in out:
                    out[source] += graph
                else:
                    out[source] = graph
        return out
