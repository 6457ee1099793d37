"""A source page: the clean text of one page of an ingested file, with a quoted span located in it.

The text lives in the document store (``ingest.Store``), not in the graph, so this view takes the data
directory. Quotes in the graph are "as printed", so they are found with white space, soft hyphens and
letter case allowed to differ.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ingest import Store
from ingest.store import source_id_for

from ..iris import page_iri, source_iri
from .common import EntityNotFound, source_url

# Longest quote searched for; longer input is refused (a page is a few thousand characters).
MAX_QUOTE_CHARS = 5000
_SOURCE_ID = re.compile(r"^[0-9A-Za-z_]+$")


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """(start, end) of ``quote`` in ``text``: exact, else with white space and case loosened, else None.

    >>> locate("Eldrerådet ser at\\ndenne planen", "ser at denne")
    (11, 23)
    """
    q = quote.strip()
    if not q:
        return None
    at = text.find(q)
    if at >= 0:
        return at, at + len(q)
    words = [re.escape(w.replace("\u00ad", "")) for w in q.split()]
    # Words may be split by line breaks, bullets or hyphenation in the page text.
    pattern = r"[\s\u00ad•·\-–]+".join(words)
    m = re.search(pattern, text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def source_page(data_dir: Path | str, document_id: str, page_no: int, quote: str | None = None) -> dict[str, Any]:
    """Page ``page_no`` of source ``document_id`` (a source id such as ``002_420537c42393fb97``, or the
    file name) with its text, the documents on it, neighbouring pages, and ``quote`` located in it
    (``span``: char offsets, ``None`` when the quote is not on the page). ``KeyError`` for an unknown
    source or page; ``ValueError`` for a quote over ``MAX_QUOTE_CHARS``."""
    if quote is not None and len(quote) > MAX_QUOTE_CHARS:
        raise ValueError(f"quote is {len(quote)} characters; at most {MAX_QUOTE_CHARS}")
    if isinstance(page_no, bool) or not isinstance(page_no, int) or page_no < 1:
        raise EntityNotFound(f"no page {page_no!r}: pages are numbered from 1")
    path = Path(data_dir)
    if not (path / "documents.sqlite").exists():
        raise EntityNotFound(f"no document {document_id!r}: nothing has been ingested into {path}")
    with Store.open(path) as store:
        sources = {row["id"]: row for row in store.sources()}
        sid = document_id if document_id in sources else _by_name(document_id, sources)
        if sid is None:
            raise EntityNotFound(f"no document {document_id!r}")
        row = store.db.execute("SELECT text FROM pages WHERE source_id = ? AND number = ?", (sid, page_no)).fetchone()
        if row is None:
            raise EntityNotFound(f"document {sid} has no page {page_no} (it has {sources[sid]['page_count']} pages)")
        page_text = row["text"]
        documents = [
            {"id": d["id"], "type": d["doc_type"], "title": d["title"], "arkivsak": d["arkivsak"],
             "journalpost": d["journalpost"], "first_page": d["first_page"], "last_page": d["last_page"]}
            for d in store.documents(sid) if d["first_page"] <= page_no <= d["last_page"]
        ]
    span = locate(page_text, quote) if quote else None
    count = sources[sid]["page_count"]
    return {
        "id": f"{sid}/pages/{page_no}",
        "iri": str(page_iri(sid, page_no)),
        "url": source_url(sid, page_no),
        "kind": "page",
        "document": {"id": sid, "name": sources[sid]["name"], "iri": str(source_iri(sid)), "pages": count},
        "page": page_no,
        "text": page_text,
        "quote": quote,
        "span": None if span is None else {"start": span[0], "end": span[1], "text": page_text[span[0]:span[1]]},
        "found": span is not None if quote else None,
        "documents": documents,
        "previous": source_url(sid, page_no - 1) if page_no > 1 else None,
        "next": source_url(sid, page_no + 1) if count and page_no < count else None,
    }


def _by_name(name: str, sources: dict[str, dict]) -> str | None:
    """A source id from its file name (``002_420537c42393fb97.txt``), if one was ingested."""
    if not name or "/" in name:
        return None
    for sid, row in sources.items():
        if row["name"] == name:
            return sid
    try:
        sid = source_id_for(name)
    except ValueError:
        return None
    return sid if sid in sources else None


def pair_evidence(data_dir: Path | str, page: Any) -> Any:
    """Tie each quote of ``page`` (any view's dict) to the source page it is on, in place; returns ``page``.

    The graph cannot say which of a node's pages holds which quote (``evidence`` lists such pages with
    ``quotes`` instead); the page texts in the store can. Each quote found on one of the node's pages
    becomes an entry of its own with its offsets; pages left without a quote stay as they are.
    """
    path = Path(data_dir)
    if not (path / "documents.sqlite").exists():
        return page
    with Store.open(path) as store:
        texts: dict[tuple[str, int], str | None] = {}

        def text_of(sid: str, n: int) -> str | None:
            if (sid, n) not in texts:
                row = store.db.execute("SELECT text FROM pages WHERE source_id = ? AND number = ?", (sid, n)).fetchone()
                texts[(sid, n)] = row["text"] if row else None
            return texts[(sid, n)]

        _walk(page, text_of)
    return page


def _walk(node: Any, text_of) -> None:
    if isinstance(node, dict):
        entries = node.get("evidence")
        if isinstance(entries, list) and any(isinstance(e, dict) and e.get("quotes") for e in entries):
            node["evidence"] = _paired(entries, text_of)
        for v in node.values():
            _walk(v, text_of)
    elif isinstance(node, list):
        for v in node:
            _walk(v, text_of)


def _paired(entries: list[dict], text_of) -> list[dict]:
    quotes = [q for e in entries for q in e.get("quotes") or []]
    pages = [e for e in entries if e.get("page") is not None]
    out, used = [], set()
    for q in quotes:
        for e in pages:
            text = text_of(e["document"], e["page"])
            span = locate(text, q) if text else None
            if span:
                out.append({"document": e["document"], "page": e["page"], "page_iri": e["page_iri"], "quote": q,
                            "start": span[0], "end": span[1], "url": source_url(e["document"], e["page"], q)})
                used.add((e["document"], e["page"]))
                break
    unplaced = [q for q in quotes if not any(o["quote"] == q for o in out)]
    rest = [{k: v for k, v in e.items() if k != "quotes"} for e in pages if (e["document"], e["page"]) not in used]
    if rest and unplaced:
        rest[0]["quotes"] = unplaced
    return out + rest
