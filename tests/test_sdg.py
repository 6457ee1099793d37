"""FN's bærekraftsmål as SKOS reference data (graph/sdg.ttl), and references to them by number, name and short name."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from graph.namespaces import SDGO, SKOS
from graph.sdg import find_sdg_mentions, match_sdg_name, resolve_sdg, sdg_graph, sdg_iri, sdg_label, sdg_number, sdg_triples

ALL = range(1, 18)


def labels(n: int, prop=SKOS.prefLabel, lang: str | None = None) -> list[str]:
    return [str(o) for o in sdg_graph().objects(sdg_iri(n), prop) if isinstance(o, Literal) and (lang is None or o.language == lang)]


@pytest.mark.parametrize("n", ALL)
def test_every_goal_has_the_un_iri_skos_type_and_names_in_nb_and_en(n):
    g = sdg_graph()
    node = URIRef(f"http://metadata.un.org/sdg/{n}")
    assert sdg_iri(n) == node
    assert {SDGO.Goal, SKOS.Concept} <= set(g.objects(node, RDF.type))
    assert (node, SKOS.inScheme, URIRef("http://metadata.un.org/sdg")) in g
    assert [str(o) for o in g.objects(node, SKOS.notation)] == [str(n)]
    assert len(labels(n, lang="nb")) == 1 and len(labels(n, lang="en")) == 1


def test_official_names_and_short_forms():
    assert sdg_label(3) == "God helse og livskvalitet"
    assert sdg_label(3, "en") == "Good health and well-being"
    assert sdg_label(17) == "Samarbeid for å nå målene"
    assert sdg_label(17, "en") == "Partnerships for the goals"
    assert "God helse" in labels(3, SKOS.altLabel, "nb")


def test_every_name_and_short_name_resolves_to_its_own_goal():
    for n in ALL:
        for name in labels(n) + labels(n, SKOS.altLabel):
            assert resolve_sdg(name) == n, name
            assert resolve_sdg(name.upper()) == n, name


@pytest.mark.parametrize(
    "text",
    ["mål 17", "Mål 17", "bærekraftsmål 17", "bærekraftsmål nr. 17", "Bærekraftsmål nr 17", "FNs bærekraftsmål 17",
     "FN-s bærekraftsmål nummer 17", "berekraftsmål 17", "SDG 17", "goal 17", "17", "Samarbeid for å nå målene",
     "samarbeid for å nå målene", "Partnerships for the goals", "bærekraftsmål Samarbeid for å nå målene"],
)  # fmt: skip
def test_references_to_goal_17_resolve(text):
    assert resolve_sdg(text) == 17


@pytest.mark.parametrize("text", ["mål 18", "bærekraftsmål 0", "økonomi", "", "God", "kommuneplanens mål"])
def test_what_names_no_goal_resolves_to_none(text):
    assert resolve_sdg(text) is None


def test_a_partial_name_must_name_one_goal_only():
    assert match_sdg_name("Bærekraftige byer og samfunn") == 11
    assert match_sdg_name("god helse") == 3
    assert match_sdg_name("helse") is None  # one word is not enough for a partial name


def test_iri_round_trip_and_bad_numbers():
    assert sdg_number("http://metadata.un.org/sdg/4") == 4
    assert sdg_number("http://metadata.un.org/sdg/18") is None
    assert sdg_number("https://w3id.org/saksgraf/id/plan/asker/x") is None
    for bad in (0, 18, True, "3"):
        with pytest.raises(ValueError):
            sdg_iri(bad)


def test_mentions_in_running_text_with_spans():
    text = "Saken støtter opp under bærekraftsmål 3, 4 og 10. Se også 17. Samarbeid for å nå målene."
    found = find_sdg_mentions(text)
    assert [m.number for m in found] == [3, 4, 10, 17]
    assert text[found[-1].start:found[-1].end].startswith("17")
    # A name alone counts only where the caller knows the text speaks of SDGs.
    assert find_sdg_mentions("Vi satser på god utdanning for alle.") == []
    assert [m.number for m in find_sdg_mentions("• God utdanning", names_allowed=True)] == [4]
    # Numbers that are not goals, and numbers without an SDG word, are not mentions.
    assert find_sdg_mentions("Bærekraftsmål 18 finnes ikke; 3 saker ble behandlet.") == []


def test_sdg_triples_type_and_name_only_the_goals_asked_for():
    g = sdg_triples({3, 17})
    assert set(g.subjects(RDF.type, SDGO.Goal)) == {sdg_iri(3), sdg_iri(17)}
    assert (sdg_iri(3), SKOS.prefLabel, Literal("God helse og livskvalitet", lang="nb")) in g
    assert len(set(sdg_triples().subjects(RDF.type, SDGO.Goal))) == 17
