"""The web page's HTML without a browser: every page renders, links lead to pages, bad input gets a clear page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.web.routes import marked, web_url


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/web/"):
            self.links.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return list(dict.fromkeys(parser.links))


@pytest.fixture(scope="module")
def web(sample_data_dir):
    return TestClient(create_app(sample_data_dir))


def test_root_leads_to_the_search_page(web):
    r = web.get("/", follow_redirects=False)
    assert r.status_code in (302, 307) and r.headers["location"] == "/web/"
    page = web.get("/web/")
    assert page.status_code == 200 and 'lang="nb"' in page.text
    assert 'action="/web/search"' in page.text and 'action="/web/ask"' in page.text
    assert "Eldrerådet" in page.text  # bodies offered as a facet


def test_every_link_from_the_lists_opens_a_page(web):
    seen = set()
    for start in ("/web/cases", "/web/bodies", "/web/plans"):
        r = web.get(start)
        assert r.status_code == 200
        for href in links(r.text):
            if href in seen or href.startswith("/web/static/"):
                continue
            seen.add(href)
            page = web.get(href)
            assert page.status_code == 200, (href, page.text[:500])
    assert any(h.startswith("/web/cases/") for h in seen)
    assert any(h.startswith("/web/bodies/") for h in seen)
    assert any(h.startswith("/web/plans/") for h in seen)


def test_case_page_links_reach_people_meetings_and_sources(web):
    r = web.get("/web/cases/asker/21-21815")
    assert r.status_code == 200
    found = links(r.text)
    kinds = {h.split("/")[2] for h in found}
    assert {"bodies", "meetings", "people", "documents", "plans"} <= kinds
    for href in [h for h in found if h.startswith(("/web/people/", "/web/meetings/", "/web/documents/"))][:12]:
        assert web.get(href).status_code == 200, href


def test_case_page_shows_earlier_cases_like_it_and_their_decisions(web):
    r = web.get("/web/cases/asker/23-03694")
    assert r.status_code == 200 and "Lignende tidligere saker" in r.text
    section = r.text.split("Lignende tidligere saker", 1)[1].split("</section>", 1)[0]
    assert "/web/cases/asker/22-22972" in section and "Vedtak, Utvalg for oppvekst 2023-01-17" in section
    for href in links(section):
        assert web.get(href).status_code == 200, href


def test_source_page_marks_the_quote(web):
    case = web.get("/web/cases/asker/21-21815").text
    href = next(h for h in links(case) if h.startswith("/web/documents/") and "quote=" in h)
    quote = parse_qs(urlsplit(href.replace("&amp;", "&")).query)["quote"][0]
    page = web.get(href)
    mark = re.search(r'<mark id="sitat">(.*?)</mark>', page.text, re.S)
    assert mark, "the quote is highlighted"
    assert " ".join(quote.split())[:30] in " ".join(mark.group(1).replace("&#34;", '"').split())


def test_search_results_link_to_source_spans_and_entities(web):
    r = web.get("/web/search", params={"q": "innspill til temaplanen"})
    assert r.status_code == 200
    assert r.text.count('class="hit"') > 0
    assert "<mark>" in r.text
    sources = [h for h in links(r.text) if h.startswith("/web/documents/")]
    page = web.get(sources[0].replace("&amp;", "&"))
    assert '<mark id="sitat">' in page.text
    assert any(h.startswith(("/web/cases/", "/web/bodies/", "/web/plans/")) for h in links(r.text))


def test_search_lists_copies_of_a_passage_under_its_hit(web):
    r = web.get("/web/search", params={"q": "dialogmøter gjennomføres i løpet av mars"})
    assert r.status_code == 200
    copies = re.findall(r'<p class="copies">(.*?)</p>', r.text, re.S)
    assert copies and "Også i:" in copies[0]
    for href in links(copies[0]):
        assert href.startswith("/web/documents/") and web.get(href).status_code == 200, href


def test_search_filters_apply(web):
    r = web.get("/web/search", params={"q": "vedtak", "type": "saksprotokoll"})
    metas = re.findall(r'<span class="meta">([^<]*)</span>', r.text)
    assert metas and all(m.startswith("saksprotokoll") for m in metas)
    assert 'value="saksprotokoll" selected' in r.text
    dated = web.get("/web/search", params={"q": "temaplan", "date_from": "2023-02-14", "date_to": "2023-02-14"})
    metas = re.findall(r'<span class="meta">([^<]*)</span>', dated.text)
    assert metas and all("2023-02-14" in m for m in metas)
    assert 'value="2023-02-14"' in dated.text


def test_ask_page_shows_answer_evidence_and_sparql(web):
    r = web.get("/web/ask", params={"q": "Which bodies commented on På lik linje?"})
    assert r.status_code == 200
    assert "Eldrerådet" in r.text
    assert 'class="evidence"' in r.text and "SPARQL" in r.text
    assert any(h.startswith("/web/documents/") for h in links(r.text))


def test_ask_page_without_an_understood_question_shows_search_hits(web):
    r = web.get("/web/ask", params={"q": "fargen på rådhustaket og vaffeloppskrifter"})
    assert r.status_code == 200
    assert "not-understood" in r.text
    assert r.text.count('class="hit"') >= 3 and "Søketreff" in r.text
    assert any(h.startswith("/web/documents/") for h in links(r.text))


@pytest.mark.parametrize(
    "url, status",
    [
        ("/web/cases/asker/99-99999", 404),
        ("/web/bodies/asker/finnes-ikke", 404),
        ("/web/people/asker/ingen-person", 404),
        ("/web/meetings/asker/x/2099-01-01", 404),
        ("/web/plans/asker/ingen-plan", 404),
        ("/web/goals/asker/ingen-plan/goal/1", 404),
        ("/web/sdg/18", 404),
        ("/web/sdg/abc", 404),
        ("/web/documents/002_420537c42393fb97/pages/99999", 404),
        ("/web/documents/ingen/pages/1", 404),
        ("/web/search?q=", 400),
        ("/web/search?q=" + "a" * 10_000, 400),
        ("/web/ask?q=", 400),
        ("/web/ask?q=" + "b" * 10_000, 400),
        ("/web/search?q=skole&date_from=ikke-en-dato", 400),
        ("/web/search?q=skole&k=1000000", 200),
        ("/web/search?q=skole&k=mange", 200),
        ("/web/static/../app.py", 404),
    ],
)
def test_bad_input_gets_a_clear_page_never_a_5xx(web, url, status):
    r = web.get(url)
    assert r.status_code == status, r.text[:300]
    assert "text/html" in r.headers["content-type"] or status == 404
    if "text/html" in r.headers["content-type"] and status != 200:
        assert re.search(r'class="message">\s*\S', r.text)


def test_user_text_is_escaped(web):
    evil = '<script>alert(1)</script>'
    r = web.get("/web/search", params={"q": evil})
    assert evil not in r.text and "&lt;script&gt;" in r.text
    r = web.get("/web/documents/002_420537c42393fb97/pages/1", params={"quote": evil})
    assert evil not in r.text


def test_snippet_keeps_only_search_marks():
    assert str(marked("a <mark>b</mark> <b>c</b> &")) == "a <mark>b</mark> &lt;b&gt;c&lt;/b&gt; &amp;"
    assert web_url("/cases/x") == "/web/cases/x" and web_url(None) is None
