"""A question not understood: say so in the language asked, and give search hits instead of an answer."""

from __future__ import annotations

from pathlib import Path

from .kinds import pick


def search_hits(question: str, data_dir: Path | str | None, k: int = 5,
                filters: dict | None = None) -> tuple[list[dict], str | None]:
    """Search hits for ``question`` as dicts (source, page, snippet, links), and an error message if search failed."""
    if data_dir is None:
        return [], "no search index"
    try:
        from search import search

        hits = search(question, k=k, data_dir=data_dir, filters=filters)
    except Exception as exc:  # no index yet, a model mismatch: the answer still says it was not understood
        return [], str(exc)
    out = []
    for h in hits:
        out.append({"rank": h.rank, "score": round(h.score, 4), "title": h.title, "doc_type": h.doc_type,
                    "source": h.source_name, "source_id": h.source_id, "page": h.page, "start": h.start,
                    "end_page": h.end_page, "end": h.end, "snippet": h.snippet, "arkivsak": h.arkivsak,
                    "case": h.case, "dates": h.dates, "links": h.links, "copies": h.copies})
    return out, None


def not_understood(lang: str, reason: str, hits: int) -> str:
    """The sentence for a question not understood."""
    head = pick(lang, "Jeg forsto ikke spørsmålet", "Eg forstod ikkje spørsmålet", "I did not understand the question")
    why = {
        "no entity": pick(lang, " (fant ingen plan, sak, organ eller mål i grafen som det spørres om)",
                          " (fann ingen plan, sak, organ eller mål i grafen som det er spurt om)",
                          " (found no plan, case, body or goal in the graph that it asks about)"),
        "no question kind": pick(lang, " (kjente ikke igjen hva det spørres om)", " (kjende ikkje att kva det er spurt om)",
                                 " (did not recognise what is asked)"),
        "empty": pick(lang, " (det er tomt)", " (det er tomt)", " (it is empty)"),
    }.get(reason, "")
    tail = pick(lang, f", så her er {hits} søketreff i stedet – ikke et svar.",
                f", så her er {hits} søketreff i staden – ikkje eit svar.",
                f", so here are {hits} search results instead – not an answer.") if hits else \
        pick(lang, ", og søket ga ingen treff.", ", og søket gav ingen treff.", ", and search found nothing.")
    return head + why + tail
