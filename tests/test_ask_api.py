"""`/ask` (GET and POST) and `saksgraf ask`: thin layers over api.answer.answer."""

from __future__ import annotations

import json

from click.testing import CliRunner

from api.cli import cli

QUESTION = "Hvilke organer uttalte seg om På lik linje?"


def test_get_ask_answers_with_bodies_quotes_and_pages(api_client):
    r = api_client.get("/ask", params={"q": QUESTION})
    assert r.status_code == 200
    body = r.json()
    assert body["understood"] and body["kind"] == "bodies" and body["language"] == "nb"
    assert "Eldrerådet" in body["answer"]["commented"]
    assert body["evidence"][0]["page"] and body["evidence"][0]["quote"] and body["sparql"]


def test_post_ask_in_english(api_client):
    r = api_client.post("/ask", json={"q": "Which bodies commented on På lik linje?"})
    assert r.status_code == 200 and r.json()["language"] == "en"


def test_ask_bad_input_is_a_4xx_with_a_message(api_client):
    for params in ({"q": ""}, {"q": "x" * 10_000}, {}):
        r = api_client.get("/ask", params=params)
        assert r.status_code in (400, 422), (params, r.status_code)
        assert r.json()["error"]
    r = api_client.get("/ask", params={"q": "   "})
    assert r.status_code == 400 and "empty" in r.json()["error"]
    assert api_client.post("/ask", json={"question": "?"}).status_code == 422


def test_ask_not_understood_returns_search_hits(api_client):
    r = api_client.get("/ask", params={"q": "Hva koster en ny barnehage?"})
    assert r.status_code == 200
    body = r.json()
    assert body["understood"] is False and body["search"] and "forsto ikke" in body["text"]


def test_cli_ask_json_and_text(sample_data_dir):
    runner = CliRunner()
    result = runner.invoke(cli, ["--data-dir", str(sample_data_dir), "ask", "--json", QUESTION])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "bodies" and data["evidence"]
    text = runner.invoke(cli, ["--data-dir", str(sample_data_dir), "ask", "Hvor", "er", "sak", "23/02061?"])
    assert text.exit_code == 0 and "Formannskapet" in text.output and "SPARQL:" in text.output
    miss = runner.invoke(cli, ["--data-dir", str(sample_data_dir), "ask", "Hva er været i morgen?"])
    assert miss.exit_code == 1 and "forsto ikke" in miss.output


def test_cli_ask_without_data_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "none"), "ask", QUESTION])
    assert result.exit_code != 0 and "ingest" in result.output
