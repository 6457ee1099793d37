"""`/search` over the sample (hashing embedder): hits with snippet, source page and linked entities; bad input."""

from __future__ import annotations

import pytest


def test_search_hits_link_to_pages_and_entities(api_client):
    body = api_client.get("/search", params={"q": "Eldrerådet innspill temaplan På lik linje", "k": 5}).json()
    assert body["k"] == 5 and 0 < len(body["hits"]) <= 5
    hit = next(h for h in body["hits"] if h["arkivsak"] == "21/21815")
    assert "<mark>" in hit["snippet"] and "text" not in hit
    page = api_client.get(hit["url"])
    assert page.status_code == 200 and page.json()["page"] == hit["page"]
    case = hit["links"]["case"]
    assert case["url"] == "/cases/asker/21-21815"
    assert api_client.get(case["url"]).status_code == 200
    for meeting in hit["links"]["meetings"]:
        assert api_client.get(meeting["url"]).status_code == 200, meeting


def test_copies_are_folded_with_their_own_source_links(api_client):
    params = {"q": "dialogmøter gjennomføres i løpet av mars", "k": 10, "mode": "lexical"}
    hits = api_client.get("/search", params=params).json()["hits"]
    copies = [c for h in hits for c in h["copies"]]
    assert copies and all(api_client.get(c["url"]).status_code == 200 for c in copies)
    apart = api_client.get("/search", params=params | {"fold": "false", "k": 30}).json()["hits"]
    assert all(h["copies"] == [] for h in apart)
    assert {c["chunk_id"] for c in copies} <= {h["chunk_id"] for h in apart}


def test_search_filters(api_client):
    body = api_client.get("/search", params={
        "q": "skole", "k": 20, "type": ["saksframlegg", "saksprotokoll"], "case": "22/22972-2", "from": "01.01.2023",
    }).json()
    assert body["hits"], body
    assert {h["doc_type"] for h in body["hits"]} <= {"saksframlegg", "saksprotokoll"}
    assert {h["arkivsak"] for h in body["hits"]} == {"22/22972"}
    assert body["filters"]["case"] == "22/22972-2"
    only_eldre = api_client.get("/search", params={"q": "plan", "body": "eldrerådet"}).json()["hits"]
    assert only_eldre and all(any("Eldrerådet" == b for b in h["bodies"]) for h in only_eldre)


@pytest.mark.parametrize("params,status", [
    ({"q": ""}, 422),
    ({"q": "   "}, 400),
    ({"q": "x" * 10_000}, 422),
    ({"q": "skole", "k": 10**6}, 422),
    ({"q": "skole", "k": 0}, 422),
    ({"q": "skole", "k": "many"}, 422),
    ({"q": "skole", "case": "not a case"}, 400),
    ({"q": "skole", "from": "yesterday"}, 400),
    ({"q": "skole", "mode": "psychic"}, 422),
    ({}, 422),
])
def test_bad_search_input_is_a_clear_4xx(api_client, params, status):
    response = api_client.get("/search", params=params)
    assert response.status_code == status, response.text
    message = response.json()["error"]
    assert message and len(message) < 500


def test_search_before_anything_is_ingested(tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app

    client = TestClient(create_app(tmp_path / "empty"))
    response = client.get("/search", params={"q": "skole"})
    assert response.status_code == 404 and "ingest" in response.json()["error"]
    assert client.get("/bodies").json() == []
    assert client.get("/cases/asker/21-21815").status_code == 404
    assert client.get("/documents/002_420537c42393fb97/pages/1").status_code == 404


def test_similar_cases_with_their_decisions(api_client):
    body = api_client.get("/similar", params={"case": "2023/03694", "k": 20}).json()
    assert body["earlier_only"] and body["cases"]
    by_case = {c["arkivsak"]: c for c in body["cases"]}
    assert "23/03694" not in by_case
    decided = by_case["22/22972"]
    assert decided["url"] == "/cases/asker/22-22972" and api_client.get(decided["url"]).status_code == 200
    assert decided["decisions"][0]["text"].startswith("Å høre til - temaplan for oppvekst legges ut på høring")


@pytest.mark.parametrize("params,status", [({"case": "mobbing"}, 400), ({"case": "19/99999"}, 404), ({}, 422),
                                           ({"case": "23/03694", "k": 0}, 422)])
def test_bad_similar_input_is_a_clear_4xx(api_client, params, status):
    response = api_client.get("/similar", params=params)
    assert response.status_code == status, response.text
    assert response.json()["error"]
