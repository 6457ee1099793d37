"""Graph store backends compared: bulk load, SPARQL queries, replace of one source, export, persist and reopen.

Synthetic facts shaped like the real graph (cases, consultations, meetings, people, quotes), spread
over sources as ingestion would write them; each figure is the median of runs, with the ratio
oxigraph / memory (below 1: oxigraph is faster).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from graph import iris
from graph.namespaces import DCTERMS, FOAF, PROV, SCHEMA, SG
from graph.oxigraph_store import OxigraphGraphStore
from graph.store import GraphStore, MemoryGraphStore, Triple

from .common import median_seconds, table

QUERIES = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "by class": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "join 3": (
        "SELECT ?title ?body ?date WHERE { ?c a sg:Consultation ; sg:case ?case ; sg:body ?b ; sg:meeting ?m ."
        " ?case dcterms:title ?title . ?b rdfs:label ?body . ?m schema:startDate ?date } LIMIT 1000"
    ),
    "one case": (
        "SELECT ?p ?o WHERE { <" + str(iris.case_iri("Asker", "21/10007")) + "> ?p ?o }"
    ),
}
BODIES = ["Kommunestyret", "Formannskapet", "Utvalg for oppvekst", "Eldrerådet", "Ungdomsrådet"]


def synthetic_source(source: int, cases: int) -> list[Triple]:
    """The facts one meeting book might give: ``cases`` cases, each treated in two bodies, with provenance."""
    sid = f"bench_{source:04d}"
    out: list[Triple] = []
    for n in range(cases):
        number = source * cases + n
        page = iris.page_iri(sid, n // 3 + 1)
        out += [(page, RDF.type, SG.Page), (page, SG.pageNumber, Literal(n // 3 + 1, datatype=XSD.integer))]
        case = iris.case_iri("Asker", f"21/{10000 + number}")
        officer = iris.person_iri("Asker", f"Saksbehandler {number % 97}")
        out += [
            (case, RDF.type, SG.Case),
            (case, DCTERMS.identifier, Literal(f"21/{10000 + number}")),
            (case, DCTERMS.title, Literal(f"Sak om tema {number} – høring")),
            (case, SG.caseOfficer, officer),
            (officer, RDF.type, FOAF.Person),
            (officer, FOAF.name, Literal(f"Saksbehandler {number % 97}")),
            (case, PROV.wasDerivedFrom, page),
            (case, SG.quote, Literal(f"21/{10000 + number}-1 Saksbehandler {number % 97}")),
        ]
        for order, body_name in enumerate(BODIES[number % 3 : number % 3 + 2], start=1):
            day = f"2023-{1 + number % 12:02d}-{1 + number % 28:02d}"
            body = iris.body_iri("Asker", body_name)
            meeting = iris.meeting_iri("Asker", body_name, day)
            cons = iris.consultation_iri("Asker", f"21/{10000 + number}", body_name, day)
            out += [
                (body, RDF.type, SG.Body),
                (body, RDFS.label, Literal(body_name)),
                (meeting, RDF.type, SG.Meeting),
                (meeting, SCHEMA.organizer, body),
                (meeting, SCHEMA.startDate, Literal(day, datatype=XSD.date)),
                (cons, RDF.type, SG.Consultation),
                (cons, SG.case, case),
                (cons, SG.body, body),
                (cons, SG.meeting, meeting),
                (cons, SG.order, Literal(order, datatype=XSD.integer)),
                (cons, SG.itemNumber, Literal(f"{n + 1}/23")),
                (cons, PROV.wasDerivedFrom, page),
                (cons, SG.quote, Literal(f"{order} {body_name} {day} {n + 1}/23")),
            ]
    return out


def corpus(total: int, sources: int) -> dict[str, list[Triple]]:
    """About ``total`` triples over ``sources`` sources."""
    per_case = len(synthetic_source(0, 1))
    cases = max(1, total // (sources * per_case))
    return {f"bench_{s:04d}": synthetic_source(s, cases) for s in range(sources)}


def load(store: GraphStore, data: dict[str, list[Triple]]) -> None:
    for sid, triples in data.items():
        store.replace_source(sid, triples)


def measure(kind: str, data: dict[str, list[Triple]], runs: int, work: Path) -> dict[str, float]:
    """Median seconds per operation for one backend."""
    folder = work / f"{kind}-store"

    def fresh() -> GraphStore:
        shutil.rmtree(folder, ignore_errors=True)
        return MemoryGraphStore() if kind == "memory" else OxigraphGraphStore(folder)

    figures: dict[str, float] = {}

    def load_fresh() -> None:
        s = fresh()
        load(s, data)
        s.close()

    figures["bulk load"], _ = median_seconds(load_fresh, runs)
    store = fresh()
    load(store, data)
    for name, sparql in QUERIES.items():
        figures[f"query: {name}"], _ = median_seconds(lambda q=sparql: list(store.query(q)), runs)
    first = next(iter(data))
    figures["replace one source, unchanged"], _ = median_seconds(lambda: store.replace_source(first, data[first]), runs)
    # Every case title edited: each run swaps one version for the other.
    versions = [data[first], [(s, p, Literal(f"{o} (endret)")) if p == DCTERMS.title else (s, p, o) for s, p, o in data[first]]]
    turn = iter(range(10**6))
    figures["replace one source, titles edited"], _ = median_seconds(
        lambda: store.replace_source(first, versions[next(turn) % 2 - 1]), runs
    )
    store.replace_source(first, data[first])
    figures["export nt"], _ = median_seconds(lambda: store.export("nt"), runs)

    if kind == "memory":
        # The memory backend persists only by exporting; reopening is parsing that back.
        dump = work / "memory.nt"

        def persist_reopen() -> None:
            dump.write_bytes(store.export("nt"))
            again = MemoryGraphStore()
            from graph.rdfio import parse_graph

            again.replace_source(first, parse_graph(dump.read_bytes(), "nt"))
            again.query(QUERIES["count"])

    else:

        def persist_reopen() -> None:
            nonlocal store
            store.close()
            store = OxigraphGraphStore(folder)
            list(store.query(QUERIES["count"]))

    figures["persist + reopen + count"], _ = median_seconds(persist_reopen, runs)
    figures["_triples"] = store.stats()["triples"]
    store.close()
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated triple counts")
    parser.add_argument("--sources", type=int, default=20, help="sources the triples are spread over")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median reported)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="saksgraf-graph-bench-"))
    try:
        for size in [int(s) for s in args.sizes.split(",") if s]:
            data = corpus(size, args.sources)
            stated = sum(len(t) for t in data.values())
            t0 = time.perf_counter()
            mem = measure("memory", data, args.runs, work)
            oxi = measure("oxigraph", data, args.runs, work)
            print(
                f"\n{stated:,} triples stated over {len(data)} sources, {int(oxi['_triples']):,} distinct in the union"
                f" (median of {args.runs} runs; {time.perf_counter() - t0:.0f} s in all)"
            )
            rows = [
                [name, mem[name], oxi[name], oxi[name] / mem[name] if mem[name] else float("nan")]
                for name in mem
                if not name.startswith("_")
            ]
            for row in rows:
                row[1:3] = [f"{row[1] * 1000:,.1f}", f"{row[2] * 1000:,.1f}"]
                row[3] = f"{row[3]:.2f}"
            print(table(["operation", "memory ms", "oxigraph ms", "oxigraph/memory"], rows))
            assert mem["_triples"] == oxi["_triples"], "the backends disagree on the union"
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
