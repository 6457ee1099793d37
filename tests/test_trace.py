"""Tracing in the stored graph of the sample: from a strategy of «Å høre til» up to the bærekraftsmål, and
from bærekraftsmål 17 down to the plans, strategies and cases that serve it (graph.trace, `saksgraf trace`)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

STRATEGY = "Asker kommune skal gi helhetlig oppfølging som bidrar til at flere fullfører videregående skole"


@pytest.fixture(scope="module")
def stored_graph(sample_data_dir):
    """The union of the graph that ingest stored (plans come from there, not from re-reading documents)."""
    from graph.sync import open_graph

    with open_graph(sample_data_dir) as graph_store:
        return graph_store.union_graph()


def test_plans_strategies_goals_and_their_links_are_in_the_stored_graph(sample_data_dir):
    from graph.sync import open_graph

    query = """SELECT (COUNT(DISTINCT ?s) AS ?strategies) (COUNT(DISTINCT ?g) AS ?goals) (COUNT(DISTINCT ?sdg) AS ?sdgs)
               WHERE { { ?s a sg:Strategy ; dcterms:isPartOf+ ?plan . ?plan a sg:Plan }
                       UNION { ?g a sg:Goal ; dcterms:isPartOf ?p2 }
                       UNION { ?x sg:contributesTo ?sdg . ?sdg a sdgo:Goal } }"""
    with open_graph(sample_data_dir) as graph:
        row = next(iter(graph.query(query)))
        concerns = {(str(c).rsplit("/", 1)[-1], str(p).rsplit("/", 1)[-1]) for c, p in graph.query("SELECT ?c ?p WHERE { ?c sg:concerns ?p }")}
    strategies, goals, sdgs = (int(v) for v in row)
    assert strategies >= 20 and goals >= 20 and sdgs >= 5
    assert ("22-22972", "aa-hore-til") in concerns and ("21-21815", "paa-lik-linje") in concerns


def test_a_strategy_of_å_høre_til_traces_up_to_bærekraftsmål_with_quotes(stored_graph):
    from graph.trace import trace

    t = trace(stored_graph, STRATEGY)
    assert t.direction == "up"
    root = next(r for r in t.roots if any(c.label == "Å høre til" for c in r.children))
    plan = next(c for c in root.children if c.label == "Å høre til")
    assert plan.relation == "isPartOf" and "jfr temaplanene" in " ".join(plan.quote.split())
    sdgs = {c.label: c for c in plan.children if c.kind == "sdg"}
    assert {"3 God helse og livskvalitet", "4 God utdanning"} <= set(sdgs)
    for step in [plan, *sdgs.values()]:
        assert step.quote and step.page  # each link carries the text that states it, and its page
    assert "skal bidra til god helse, god utdanning" in " ".join(sdgs["4 God utdanning"].quote.split())
    assert t.to_dict()["roots"][0]["children"]


def test_bærekraftsmål_17_lists_the_plans_strategies_and_cases_that_serve_it(stored_graph):
    from graph.trace import trace

    for query in ("bærekraftsmål 17", "mål 17", "Samarbeid for å nå målene", "http://metadata.un.org/sdg/17"):
        t = trace(stored_graph, query)
        assert t.direction == "down"
        assert [r.node for r in t.roots] == ["http://metadata.un.org/sdg/17"]
    served = t.summary()
    assert "På lik linje" in served["plan"]
    assert len(served["strategy"]) >= 5
    cases = {c.split()[0] for c in served["case"]}
    assert {"23/02061", "21/21815"} <= cases  # the effektkontrakt case names SDG 17; 21/21815 is about the plan
    direct = {c.label.split()[0] for c in t.roots[0].children if c.kind == "case"}
    assert "23/02061" in direct
    assert all(c.quote for c in t.roots[0].children)


def test_nothing_matching_is_a_clear_error(stored_graph):
    from graph.trace import TraceError, trace

    with pytest.raises(TraceError, match="nothing in the graph matches"):
        trace(stored_graph, "kvantefysikk på månen og andre uvedkommende ting")
    with pytest.raises(TraceError):
        trace(stored_graph, "   ")
    with pytest.raises(TraceError, match="direction"):
        trace(stored_graph, "mål 17", "sideways")


def test_cli_trace_prints_the_path_and_json(sample_data_dir):
    from api.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["--data-dir", str(sample_data_dir), "trace", STRATEGY])
    assert result.exit_code == 0, result.output
    assert "del av plan: Å høre til" in result.output
    assert "bidrar til bærekraftsmål: 4 God utdanning" in result.output
    result = runner.invoke(cli, ["--data-dir", str(sample_data_dir), "trace", "--json", "bærekraftsmål", "nr.", "17"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["direction"] == "down" and "På lik linje" in data["summary"]["plan"]
    result = runner.invoke(cli, ["--data-dir", str(sample_data_dir), "trace", "kvantefysikk på månen og andre ting"])
    assert result.exit_code == 1 and "nothing in the graph matches" in result.output


def test_the_plan_part_of_the_stored_sample_graph_conforms_to_the_core_profile(stored_graph):
    """Plans, focus areas, strategies, goals and their links in the whole sample's graph break no shape."""
    import re

    from graph.validate import validate

    ok, report = validate(stored_graph)
    focus = re.findall(r"Focus Node: (\S+)", report)
    assert ok or not [f for f in focus if "/plan/" in f or "metadata.un.org/sdg" in f], report
