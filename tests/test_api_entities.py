"""Entity pages over the ingested sample: case timeline, bodies, people, meetings, plans, goals, SDGs, source pages.

Facts asserted here were read in the sample text (file 002: the saksgang table of 21/21815 on page 22,
Eldrerådet's protocol on pages 22–23; file 001/002: the Utvalg for oppvekst protocol of 17.01.2023).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from graph.views import locate
from graph.views.common import entity_id, evidence, iri_of

CASE = "/cases/asker/21-21815"


@pytest.fixture(scope="module")
def timeline(api_client) -> dict:
    response = api_client.get(CASE)
    assert response.status_code == 200, response.text
    return response.json()


def test_case_timeline_follows_the_saksgang(timeline):
    # The saksgang table (002, p. 22): 1 Eldrerådet 09.02.2023 4/23 … 5 Utvalg for medborgerskap 16.02.2023 9/23.
    assert timeline["arkivsak"] == "21/21815" and timeline["id"] == "asker/21-21815"
    rows = [(t["order"], t["body"]["label"], t["date"], t["item_number"]) for t in timeline["treatments"]]
    assert rows[0] == (1, "Eldrerådet", "2023-02-09", "4/23")
    assert (4, "Utvalg for oppvekst", "2023-02-14", "5/23") in rows
    assert (5, "Utvalg for medborgerskap", "2023-02-16", "9/23") in rows
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert [p["label"] for p in timeline["plans"]] == ["På lik linje"]


def test_case_treatment_has_proposals_votes_and_decision(timeline):
    eldre = timeline["treatments"][0]
    wengen = [p for p in eldre["proposals"] if p["proposer"] and p["proposer"]["label"] == "Anne-Britt Wengen"]
    assert len(wengen) == 1 and wengen[0]["result"] == "pass"
    assert wengen[0]["text"].startswith("Eldrerådet ser at denne planen i liten grad omtaler")
    vote = wengen[0]["votes"][0]
    assert vote["unanimous"] is True and vote["result"] == "pass"
    assert "enstemmig" in vote["evidence"][0]["quote"]
    assert eldre["status"] == "decided"
    assert any("tas til orientering" in d["text"] for d in eldre["decisions"])
    assert wengen[0]["iri"] in {a["iri"] for a in eldre["outcome"]["adopted"]}
    assert eldre["comments"] and all(c["by"]["label"] == "Eldrerådet" for c in eldre["comments"])


def test_case_aliases_resolve_to_the_same_case(api_client):
    for alias in ("21-21815", "21/21815", "2021-21815", "21-21815-7"):
        body = api_client.get(f"/cases/{alias}").json()
        assert body.get("id") == "asker/21-21815", (alias, body)


def _evidence(node):
    """Every evidence entry anywhere in a JSON page."""
    if isinstance(node, dict):
        for e in node.get("evidence") or []:
            yield e
        for v in node.values():
            yield from _evidence(v)
    elif isinstance(node, list):
        for v in node:
            yield from _evidence(v)


def test_every_quote_in_the_timeline_is_on_its_page(api_client, timeline):
    quoted = [e for e in _evidence(timeline) if e["quote"]]
    assert len(quoted) > 20
    for e in quoted:
        page = api_client.get(e["url"])
        assert page.status_code == 200, e
        body = page.json()
        assert body["page"] == e["page"] and body["document"]["id"] == e["document"]
        assert body["found"], f"quote not on {e['url']}: {e['quote'][:80]!r}"
        if e["start"] is not None:
            assert " ".join(body["text"][e["start"]:e["end"]].split()) == " ".join(e["quote"].split())


def test_quotes_of_nodes_read_from_several_pages_are_placed(timeline):
    # A treatment is read from the saksframlegg and from its protocol: each quote is tied to its own page.
    treatment = timeline["treatments"][0]
    pages = {(e["document"], e["page"]) for e in treatment["evidence"]}
    assert len(pages) > 1
    assert not [e for e in _evidence(timeline) if e.get("quotes")]
    assert sum(1 for e in treatment["evidence"] if e["quote"]) >= 2


def _urls(node):
    if isinstance(node, dict):
        if isinstance(node.get("url"), str):
            yield node["url"]
        for v in node.values():
            yield from _urls(v)
    elif isinstance(node, list):
        for v in node:
            yield from _urls(v)


@pytest.mark.parametrize("listing", ["/bodies", "/plans", "/cases"])
def test_every_linked_page_resolves(api_client, listing):
    """Lists link to pages, and pages to other pages: every URL the API hands out answers 200."""
    entries = api_client.get(listing).json()
    assert entries
    seen: set[str] = set()
    for entry in entries:
        page = api_client.get(entry["url"])
        assert page.status_code == 200, entry["url"]
        assert page.json()["id"] == entry["id"]
        for url in set(_urls(page.json())) - seen:
            seen.add(url)
            path = urlsplit(url).path
            if path.startswith("/documents/"):
                continue  # checked with their quotes above
            assert api_client.get(url).status_code == 200, url


def test_bodies(api_client):
    bodies = {b["name"]: b for b in api_client.get("/bodies").json()}
    assert {"Eldrerådet", "Utvalg for oppvekst", "Formannskapet"} <= set(bodies)
    oppvekst = api_client.get(bodies["Utvalg for oppvekst"]["url"]).json()
    assert "2023-01-17" in [m["date"] for m in oppvekst["meetings"]]
    assert "22/22972" in [c["arkivsak"] for c in oppvekst["cases"]]
    roles = {(m["person"]["label"], m["role"]) for m in oppvekst["members"]}
    assert roles and all(role for _, role in roles)


def test_meeting_attendance_and_substitution(api_client):
    # Møteprotokoll Utvalg for oppvekst 17.01.2023 18:00–20:51, Asker rådhus; "Varamedlem Steinar Hoel
    # Korsmo (H)" met for "Oddvar Igland (Sp)".
    m = api_client.get("/meetings/asker/utvalg-for-oppvekst/2023-01-17").json()
    assert m["body"]["label"] == "Utvalg for oppvekst"
    assert (m["start"], m["end"], m["location"]) == ("2023-01-17T18:00:00", "2023-01-17T20:51:00", "Asker rådhus")
    assert [p["label"] for p in m["absentees"]] == ["Oddvar Igland"]
    sub = m["substitutions"][0]
    assert sub["substitute"]["label"].startswith("Steinar") and sub["substitute_for"]["label"] == "Oddvar Igland"
    assert sub["substitute_for"]["party"] == "Sp"
    assert [i["item_number"] for i in m["items"]] == ["1/23", "2/23", "3/23"]


def test_person_page_shows_proposals_and_votes(api_client):
    wengen = api_client.get("/people/asker/anne-britt-wengen").json()
    assert wengen["name"] == "Anne-Britt Wengen"
    assert [p["case"]["id"] for p in wengen["proposals"]] == ["asker/21-21815"]
    # "… vedtatt mot 2 stemmer (Dahl, R og Gabrielsen …)": Magne Gabrielsen's named vote against.
    gabrielsen = api_client.get("/people/asker/magne-gabrielsen").json()
    against = [v for v in gabrielsen["votes"] if v["option"] == "no"]
    vote = next(v for v in against if v["case"]["id"] == "asker/23-01587")
    assert vote["body"]["label"] == "Utvalg for oppvekst" and vote["date"] == "2023-02-14"
    assert "Gabri" in vote["evidence"][0]["quote"]
    assert gabrielsen["attendance"]["attended"]


def test_plan_page_comments_by_body_and_cases(api_client):
    plan = api_client.get("/plans/asker/paa-lik-linje").json()
    assert plan["name"] == "På lik linje" and plan["plan_type"] == "temaplan"
    by_body = {b["body"]["label"]: b["comments"] for b in plan["comments_by_body"]}
    assert "Eldrerådet" in by_body
    assert any(c["text"].startswith("Eldrerådet ser at denne planen") for c in by_body["Eldrerådet"])
    assert "asker/21-21815" in [c["id"] for c in plan["cases"]["concerning"]]
    assert plan["structure"]["focus_areas"], "the plan's innsatsområder"


def test_goal_and_sdg_pages_agree_with_trace(api_client):
    sdg = api_client.get("/sdg/17").json()
    assert sdg["name"]["en"] == "Partnerships for the goals" and sdg["number"] == 17
    traced = api_client.get("/trace", params={"q": "bærekraftsmål 17"}).json()
    assert sdg["served_by"]["summary"] == traced["summary"] and traced["summary"]
    plans = [p for p in api_client.get("/plans").json() if p["goals"]]
    assert plans
    plan = api_client.get(plans[0]["url"]).json()
    goal = plan["structure"]["goals"][0]
    page = api_client.get(goal["url"]).json()
    assert page["kind"] == "goal" and page["plan"]["id"] == plan["id"]
    assert {g["id"] for g in page["narrower"]} == {g["id"] for g in goal["subgoals"]}


def test_source_page_marks_the_quote(api_client):
    url = "/documents/002_420537c42393fb97/pages/22"
    body = api_client.get(url, params={"quote": "Anne-Britt Wengen fremmet følgende   forslag"}).json()
    assert body["found"] is True
    assert body["text"][body["span"]["start"]:body["span"]["end"]] == "Anne-Britt Wengen fremmet følgende forslag"
    assert body["previous"].endswith("/pages/21") and body["next"].endswith("/pages/23")
    assert any(d["type"] == "saksprotokoll" and d["arkivsak"] == "21/21815" for d in body["documents"])
    missing = api_client.get(url, params={"quote": "ord som ikke står på siden"}).json()
    assert missing["found"] is False and missing["span"] is None


@pytest.mark.parametrize("url", [
    "/cases/asker/99-99999", "/cases/99-99999", "/cases/not-a-case", "/bodies/asker/no-such-body",
    "/people/asker/nobody-here", "/meetings/asker/eldreraadet/1999-01-01", "/plans/asker/no-plan",
    "/goals/asker/paa-lik-linje", "/goals/x", "/sdg/18", "/sdg/0", "/documents/nope/pages/1",
    "/documents/002_420537c42393fb97/pages/100000", "/bodies/asker/eldreraadet/extra",
])
def test_unknown_ids_are_404_with_a_message(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 404, (url, response.text)
    assert response.json()["error"]


@pytest.mark.parametrize("url,params", [
    ("/trace", {"q": ""}),
    ("/trace", {"q": "   "}),
    ("/trace", {"q": "x" * 10_000}),
    ("/trace", {"q": "bærekraftsmål 17", "direction": "sideways"}),
    ("/sdg/seventeen", {}),
    ("/documents/002_420537c42393fb97/pages/0", {}),
    ("/documents/002_420537c42393fb97/pages/1", {"quote": "x" * 10_000}),
    ("/cases/" + "a" * 10_000, {}),
])
def test_bad_parameters_are_4xx_with_a_message(api_client, url, params):
    response = api_client.get(url, params=params)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response.json()["error"]


def test_locate_loosens_white_space_and_case():
    text = "Forslaget fremmet av Wengen ble\nenstemmig  vedtatt"
    assert locate(text, "wengen ble enstemmig vedtatt") == (21, len(text))
    assert locate(text, "ikke her") is None and locate(text, "  ") is None


def test_ids_and_evidence_pairing(sample_graph):
    from rdflib import URIRef

    from graph.namespaces import SG

    assert entity_id("https://w3id.org/saksgraf/id/case/asker/21-21815") == "asker/21-21815"
    assert entity_id("http://example.org/x") is None
    for bad in ("", "asker/../x", "asker//x", "/"):
        with pytest.raises(KeyError):
            iri_of("body", bad)
    decision = next(s for s in sample_graph.subjects(None, SG.Decision))
    (entry,) = evidence(sample_graph, decision)
    assert entry["quote"] and entry["start"] is not None and entry["document"] == "002_420537c42393fb97"
    assert evidence(sample_graph, URIRef("https://w3id.org/saksgraf/id/case/asker/none")) == []
