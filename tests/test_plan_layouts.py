"""Plan extraction on plans in other kommuner's layouts, built here: tables in another column order, one-line
table rows, labelled lists, nynorsk numbered goals, a saksframlegg about a plan; then the graph and a trace.

Names, places and numbers are invented and differ from the sample, so a rule that only works on the
sample cannot pass these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# A temaplan whose goal table has the bærekraftsmål first and the delmål left of its hovedmål, then a
# strategy table with the focus area in the last column, then focus-area sections with strategy lists.
KULTURPLAN = """Fjordvik kommune

Temaplan for kultur 2024–2030
«Kultur for alle»
Høringsutkast

1 Innledning
«Kultur for alle» er Fjordvik kommunes temaplan for kultur og frivillighet. Planen bygger på
kommuneplanens samfunnsdel og på Temaplan for folkehelse.

Temaplanen skal bidra til FNs bærekraftsmål 3, 4 og 11.

2 Kommuneplanens mål
Tabellen under viser hvilke mål i kommuneplanens samfunnsdel temaplanen skal bidra til.

Bærekraftsmål | Delmål | Hovedmål | Status
Bærekraftige byer og samfunn | Alle innbyggere har et kulturtilbud nær der de bor. | Fjordvik har levende nærmiljø for alle generasjoner. | Økonomiplan: Innarbeidet
God helse og livskvalitet | Barn og unge deltar i minst én organisert fritidsaktivitet. | Innbyggerne i Fjordvik har gode liv med mestring og fellesskap. | Økonomiplan: Delvis

Strategi | Hovedmål | Innsatsområde
Fjordvik kommune skal gi barn og unge gratis plass på kulturskolens åpne verksteder | Innbyggerne i Fjordvik har gode liv med mestring og fellesskap. | Kulturarenaer
Fjordvik kommune skal gi lag og foreninger gratis lån av kommunale lokaler | Fjordvik har levende nærmiljø for alle generasjoner. | Frivillighet

3 Innsatsområder
Planen har tre innsatsområder:
• Kulturarenaer
• Frivillighet
• Kulturarv

Innsatsområde 1: Kulturarenaer
Strategier:
• Fjordvik kommune skal utvikle flere møteplasser for kultur i sentrum og i bygdene
• Fjordvik kommune skal gjøre skolebygg tilgjengelige for kulturlivet på kveldstid

Innsatsområde 2: Frivillighet
Strategier:
• Fjordvik kommune skal styrke samarbeidet med frivillige lag og foreninger
"""

# The saksframlegg that sends it on høring (Public 360-like header).
KULTURSAK = """Fjordvik kommune

Saksframlegg

Arkivsak-dok.   24/01234-3
Saksbehandler   Kari Nordmann

Saksgang                                   Møtedato     Saknr
1 Hovedutvalg for kultur og oppvekst       12.03.2024   8/24
2 Kommunestyret                            21.03.2024   15/24

Temaplan «Kultur for alle» - høring

Kommunedirektørens forslag til vedtak:
Temaplan «Kultur for alle» legges ut på høring med høringsfrist 30. april 2024.

Saksopplysninger
Temaplanen bygger på kommuneplanens samfunnsdel og skal bidra til bærekraftsmål 11
Bærekraftige byer og samfunn.
"""

# A nynorsk kommuneplan: "Hovudmål N:" with numbered delmål "N.k" under it, and a "Strategiar:" list.
SAMFUNNSDEL = """Nordvoll kommune

Kommuneplanen sin samfunnsdel 2025–2037
Vedteken i kommunestyret 18.06.2025

1 Mål for Nordvoll-samfunnet

Hovudmål 1: Nordvoll er ein trygg og inkluderande stad å veksa opp
1.1 Alle barn og unge opplever meistring i barnehage og skule
1.2 Ungdom har gode møteplassar i heile kommunen

Hovudmål 2: Nordvoll har eit berekraftig næringsliv
2.1 Fleire unge vel å busetja seg i kommunen etter utdanning
2.2 Næringslivet brukar lokale ressursar på ein berekraftig måte

Strategiar:
• Kommunen skal samarbeida tett med frivillige lag om tilbod til ungdom
• Kommunen skal leggja til rette for nye arbeidsplassar i distrikta

Samfunnsdelen skal bidra til berekraftsmål 4 og 8.
"""


def _ingest(tmp: Path, files: dict[str, str]):
    from ingest import process_source, read_source

    out = []
    for name, text in files.items():
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        out.append(process_source(read_source(path)))
    return out


def _facts(items, kommune: str) -> list[dict]:
    from graph.plan_facts import plan_facts
    from ingest.extract.base import DocumentText
    from ingest.extract.plans import extract_plans

    records = []
    for it in items:
        for d in it.documents:
            records += extract_plans(DocumentText.from_pages(it.source_id, d, it.pages), it.pages)
    return plan_facts(records, kommune)


def _of(facts: list[dict], kind: str) -> list[dict]:
    return [f["fact"] for f in facts if f["kind"] == kind]


@pytest.fixture(scope="module")
def fjordvik(tmp_path_factory):
    return _ingest(tmp_path_factory.mktemp("fjordvik"), {"fjordvik_kulturplan.txt": KULTURPLAN, "fjordvik_sak.txt": KULTURSAK})


@pytest.fixture(scope="module")
def fjordvik_facts(fjordvik):
    return _facts(fjordvik, "Fjordvik")


def test_plan_title_status_and_references(fjordvik_facts):
    plans = {f["plan"]: f["type"] for f in _of(fjordvik_facts, "plan")}
    assert plans["Kultur for alle"] == "temaplan"
    assert plans["Kommuneplanens samfunnsdel"] == "kommuneplan samfunnsdel"
    assert plans["Temaplan for folkehelse"] == "temaplan"
    # The saksframlegg puts it på høring (a later stage than the title page's høringsutkast), with its frist.
    assert _of(fjordvik_facts, "plan_status") == [{"plan": "Kultur for alle", "status": "på høring", "deadline": "2024-04-30"}]
    refs = {(f["from"], f["to"]) for f in _of(fjordvik_facts, "references")}
    assert ("Kultur for alle", "Kommuneplanens samfunnsdel") in refs
    assert ("Kultur for alle", "Temaplan for folkehelse") in refs
    assert _of(fjordvik_facts, "concerns") == [{"case": "24/01234", "plan": "Kultur for alle"}]


def test_goal_table_in_another_column_order_keeps_delmål_under_the_hovedmål_of_its_row(fjordvik_facts):
    goals = {f["text_start"]: f for f in _of(fjordvik_facts, "goal")}
    assert goals["Fjordvik har levende nærmiljø for alle generasjoner."]["level"] == "hovedmål"
    assert goals["Alle innbyggere har et kulturtilbud nær der de bor."]["level"] == "delmål"
    assert all(g["plan"] == "Kommuneplanens samfunnsdel" for g in goals.values())
    assert len(goals) == 4  # the next table's header is not read as a goal row
    parents = {f["goal"]: f["parent"] for f in _of(fjordvik_facts, "goal_parent")}
    assert parents == {
        "Alle innbyggere har et kulturtilbud nær der de bor.": "Fjordvik har levende nærmiljø for alle generasjoner.",
        "Barn og unge deltar i minst én organisert fritidsaktivitet.": "Innbyggerne i Fjordvik har gode liv med mestring og fellessk",
    }
    notes = {f["goal"]: f["note"] for f in _of(fjordvik_facts, "goal_note")}
    assert notes == {
        "Fjordvik har levende nærmiljø for alle generasjoner.": "Økonomiplan: Innarbeidet",
        "Innbyggerne i Fjordvik har gode liv med mestring og fellessk": "Økonomiplan: Delvis",
    }
    serves = {(f["from"], f["to"]) for f in _of(fjordvik_facts, "contributes") if f["from_kind"] == "goal"}
    assert serves == {
        ("Fjordvik har levende nærmiljø for alle generasjoner.", "SDG 11"),
        ("Innbyggerne i Fjordvik har gode liv med mestring og fellessk", "SDG 3"),
    }


def test_strategies_from_a_table_and_from_lists_under_focus_headings(fjordvik_facts):
    strategies = {f["text_start"][:40]: f["focus_area"] for f in _of(fjordvik_facts, "strategy")}
    assert strategies == {
        "Fjordvik kommune skal gi barn og unge gr": "Kulturarenaer",
        "Fjordvik kommune skal gi lag og forening": "Frivillighet",
        "Fjordvik kommune skal utvikle flere møte": "Kulturarenaer",
        "Fjordvik kommune skal gjøre skolebygg ti": "Kulturarenaer",
        "Fjordvik kommune skal styrke samarbeidet": "Frivillighet",
    }
    assert {f["name"] for f in _of(fjordvik_facts, "focus_area")} == {"Kulturarenaer", "Frivillighet", "Kulturarv"}
    to_goal = {(f["from"][:30], f["to"][:30]) for f in _of(fjordvik_facts, "contributes") if f["from_kind"] == "strategy"}
    assert to_goal == {
        ("Fjordvik kommune skal gi barn ", "Innbyggerne i Fjordvik har god"),
        ("Fjordvik kommune skal gi lag o", "Fjordvik har levende nærmiljø "),
    }
    plan_sdgs = {f["to"] for f in _of(fjordvik_facts, "contributes") if f["from_kind"] == "plan" and f["to_kind"] == "sdg"}
    assert plan_sdgs == {"SDG 3", "SDG 4", "SDG 11"}


def test_nynorsk_numbered_goals_and_strategy_list():
    from graph.plan_facts import plan_facts
    from ingest.extract.base import DocumentText
    from ingest.extract.plans import extract_plans
    from ingest.model import Document
    from tests.templates import pages_from

    # Typed as a plan here: this tests the plan reader, not the splitter's choice of type.
    pages = pages_from([SAMFUNNSDEL])
    doc = DocumentText.from_pages("nordvoll", Document(1, "plan", "Kommuneplanen sin samfunnsdel 2025–2037", 1, 1), pages)
    facts = plan_facts(extract_plans(doc, pages), "Nordvoll")
    assert _of(facts, "plan") == [{"plan": "Kommuneplanens samfunnsdel", "type": "kommuneplan samfunnsdel"}]
    assert _of(facts, "plan_status")[0]["status"] == "vedtatt"
    levels = {f["text_start"]: f["level"] for f in _of(facts, "goal")}
    assert levels == {
        "Nordvoll er ein trygg og inkluderande stad å veksa opp": "hovedmål",
        "Alle barn og unge opplever meistring i barnehage og skule": "delmål",
        "Ungdom har gode møteplassar i heile kommunen": "delmål",
        "Nordvoll har eit berekraftig næringsliv": "hovedmål",
        "Fleire unge vel å busetja seg i kommunen etter utdanning": "delmål",
        "Næringslivet brukar lokale ressursar på ein berekraftig måte": "delmål",
    }
    parents = {f["goal"][:20]: f["parent"][:20] for f in _of(facts, "goal_parent")}
    assert parents == {
        "Alle barn og unge op": "Nordvoll er ein tryg",
        "Ungdom har gode møte": "Nordvoll er ein tryg",
        "Fleire unge vel å bu": "Nordvoll har eit ber",
        "Næringslivet brukar ": "Nordvoll har eit ber",
    }
    assert len(_of(facts, "strategy")) == 2
    assert {f["to"] for f in _of(facts, "contributes")} == {"SDG 4", "SDG 8"}


@pytest.fixture(scope="module")
def fjordvik_graph(fjordvik):
    from graph.build import build_from_sources
    from graph.sources import SourceInput

    sources = [SourceInput(i.source_id, i.source.name, i.source.sha256, i.pages, i.documents, i.extraction) for i in fjordvik]
    return build_from_sources(sources).union()


def test_the_main_graph_holds_the_plan_and_the_case_about_it_at_one_node(fjordvik_graph):
    from rdflib.namespace import RDF, RDFS

    from graph import iris
    from graph.namespaces import DCTERMS, SG

    g = fjordvik_graph
    plan = iris.plan_iri("Fjordvik", "Kultur for alle")
    assert (plan, RDF.type, SG.Plan) in g
    assert set(g.objects(plan, RDFS.label)) == {__import__("rdflib").Literal("Kultur for alle")}
    assert (iris.case_iri("Fjordvik", "24/01234"), SG.concerns, plan) in g
    strategies = set(g.subjects(RDF.type, SG.Strategy))
    assert len(strategies) == 5
    assert all((s, SG.quote, None) in g for s in strategies)
    areas = {str(g.value(o, RDFS.label)) for s in strategies for o in g.objects(s, DCTERMS.isPartOf) if (o, RDF.type, SG.FocusArea) in g}
    assert areas == {"Kulturarenaer", "Frivillighet"}


def test_the_graph_of_other_layouts_conforms_to_the_core_profile(fjordvik_graph):
    from graph.validate import validate

    ok, report = validate(fjordvik_graph)
    assert ok, report


def test_trace_up_from_a_strategy_and_down_from_a_bærekraftsmål(fjordvik_graph):
    from graph.trace import trace

    up = trace(fjordvik_graph, "Fjordvik kommune skal gi lag og foreninger gratis lån av kommunale lokaler")
    assert up.direction == "up"
    reached = up.summary()
    assert "Fjordvik har levende nærmiljø for alle generasjoner." in reached["goal"]
    assert "11 Bærekraftige byer og lokalsamfunn" in reached["sdg"]
    assert reached["focus_area"] == ["Frivillighet"]
    steps = [n for n in up.roots[0].walk() if n.relation]
    assert steps and all(n.quote and n.page for n in steps)  # every link says where it is written

    down = trace(fjordvik_graph, "bærekraftsmål nr. 11")
    assert down.direction == "down"
    served = down.summary()
    assert "Kultur for alle" in served["plan"]
    assert any(c.startswith("24/01234") for c in served["case"])
    assert any(s.startswith("Fjordvik kommune skal gi lag og foreninger") for s in served["strategy"])


KARTAI = Path(__file__).resolve().parent.parent.parent / "shared" / "external" / "kartai-plan-pdfs"


@pytest.mark.skipif(not KARTAI.exists(), reason="the shared external PDFs are not here")
def test_real_plan_pdfs_of_other_kommuner():
    """Kristiansand's kommunedelplan and reguleringsplan (real PDFs): types, the adopted status, and the
    reguleringsplan citing the kommunedelplan, resolved across the two files to one plan."""
    from ingest import process_source, read_source

    items = [process_source(read_source(p)) for p in sorted(KARTAI.glob("kristiansand_*.pdf"))]
    facts = _facts(items, "Kristiansand")
    plans = {f["plan"]: f["type"] for f in _of(facts, "plan")}
    assert "kommunedelplan" in plans.values() and "reguleringsplan" in plans.values()
    assert not any(label.lower().startswith("side ") for label in plans)  # page furniture is no plan name
    kdp = next(label for label, kind in plans.items() if kind == "kommunedelplan")
    regplan = next(label for label, kind in plans.items() if kind == "reguleringsplan")
    assert {"plan": regplan, "status": "vedtatt", "deadline": None} in _of(facts, "plan_status")
    assert {"from_kind": "plan", "from": regplan, "to": kdp} in _of(facts, "references")


def test_plan_triples_go_to_the_graph_of_the_source_that_states_them(fjordvik):
    from rdflib.namespace import RDF

    from graph import iris
    from graph.build import build_from_sources
    from graph.namespaces import SG
    from graph.sources import SourceInput

    sources = [SourceInput(i.source_id, i.source.name, i.source.sha256, i.pages, i.documents, i.extraction) for i in fjordvik]
    first, again = build_from_sources(sources).graphs, build_from_sources(list(reversed(sources))).graphs
    assert {k: set(g) for k, g in first.items()} == {k: set(g) for k, g in again.items()}  # same input, same triples and IRIs
    plan = iris.plan_iri("Fjordvik", "Kultur for alle")
    case_graph, plan_graph = first["fjordvik_sak"], first["fjordvik_kulturplan"]
    assert len(set(plan_graph.subjects(RDF.type, SG.Strategy))) == 5
    assert not set(case_graph.subjects(RDF.type, SG.Strategy))  # the saksframlegg states no strategy
    assert (iris.case_iri("Fjordvik", "24/01234"), SG.concerns, plan) in case_graph
    assert (plan, RDF.type, SG.Plan) in case_graph and (plan, RDF.type, SG.Plan) in plan_graph


def test_plans_of_places_keep_their_house_numbers_apart():
    from graph.plan_graph import PlanResolver
    from ingest.extract.plan_titles import find_plan_mentions

    text = "Tiltaket er i tråd med reguleringsplan for Storgata 12 og med kommunedelplanen for Havnebyen, ikke reguleringsplan for Storgata 14."
    found = [(m.title.label(), m.title.plan_type) for m in find_plan_mentions(text)]
    assert found == [
        ("Reguleringsplan for Storgata 12", "reguleringsplan"),
        ("Kommunedelplan for Havnebyen", "kommunedelplan"),
        ("Reguleringsplan for Storgata 14", "reguleringsplan"),
    ]
    resolver = PlanResolver((), "Fjordvik")
    assert resolver.lookup("Reguleringsplan for Storgata 12").iri() != resolver.lookup("Reguleringsplan for Storgata 14").iri()


# A goal table shredded the way PDF text layers print it (one blank-line-separated block per cell, the
# header one label per line), with the delmål column first; a focus-area section after it.
SHREDDED = """Sørli kommune

Temaplan for idrett og friluftsliv
«Ute hele året»
Høringsutkast

«Ute hele året» er Sørli kommunes temaplan for idrett og friluftsliv.

Tabellen under viser hvilke av kommuneplanens mål temaplanen skal bidra til.

Delmål

Hovedmål

Status

Alle innbyggere har
kort vei til et
turområde.

Sørli er en aktiv
kommune for alle
aldre.

Økonomiplan:
Innarbeidet

Flere barn deltar i
organisert idrett
gjennom hele
oppveksten.

Sørli har gode
oppvekstvilkår.

Økonomiplan:
Ikke innarbeidet

Innsatsområde 1: Nærmiljø
Strategier:
• Sørli kommune skal merke og rydde turstier nær alle skoler
"""


def test_shredded_goal_table_in_another_column_order():
    facts = _facts(_ingest_one(SHREDDED), "Sørli")
    levels = {f["text_start"]: f["level"] for f in _of(facts, "goal")}
    assert levels == {
        "Sørli er en aktiv kommune for alle aldre.": "hovedmål",
        "Alle innbyggere har kort vei til et turområde.": "delmål",
        "Sørli har gode oppvekstvilkår.": "hovedmål",
        "Flere barn deltar i organisert idrett gjennom hele oppvekste": "delmål",
    }  # the section heading after the table is no goal
    parents = {f["goal"]: f["parent"] for f in _of(facts, "goal_parent")}
    assert parents == {
        "Alle innbyggere har kort vei til et turområde.": "Sørli er en aktiv kommune for alle aldre.",
        "Flere barn deltar i organisert idrett gjennom hele oppvekste": "Sørli har gode oppvekstvilkår.",
    }
    notes = {f["goal"]: f["note"] for f in _of(facts, "goal_note")}
    assert notes == {"Sørli er en aktiv kommune for alle aldre.": "Økonomiplan: Innarbeidet", "Sørli har gode oppvekstvilkår.": "Økonomiplan: Ikke innarbeidet"}
    assert [(f["plan"], f["focus_area"]) for f in _of(facts, "strategy")] == [("Ute hele året", "Nærmiljø")]


def _ingest_one(text: str):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return _ingest(Path(tmp), {"sorli_plan.txt": text})
