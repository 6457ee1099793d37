"""Who attended a meeting, who was absent, and who substituted for whom."""

from __future__ import annotations

from ..sparql import values
from ..text import format_date, join_list
from . import Context, Result, pick


def _people_query(meetings: list[str]) -> str:
    return f"""SELECT DISTINCT ?meeting ?bodyLabel ?date ?role ?person ?name ?party WHERE {{
  {values("meeting", meetings)}
  ?meeting schema:organizer/rdfs:label ?bodyLabel ; schema:startDate ?date .
  {{ ?meeting schema:attendee ?person . BIND("attendee" AS ?role) }}
  UNION {{ ?meeting sg:absentee ?person . BIND("absentee" AS ?role) }}
  UNION {{ ?meeting sg:chair ?person . BIND("chair" AS ?role) }}
  ?person foaf:name ?name .
  OPTIONAL {{ ?person sg:party/skos:notation ?party }}
}} ORDER BY ?meeting ?role ?name"""


def _substitutions_query(meetings: list[str]) -> str:
    return f"""SELECT DISTINCT ?meeting ?substitution ?substituteName ?forName WHERE {{
  {values("meeting", meetings)}
  ?meeting sg:substitution ?substitution .
  ?substitution sg:substitute/foaf:name ?substituteName ; sg:substituteFor/foaf:name ?forName .
}} ORDER BY ?meeting ?substituteName"""


def _meta_query(meetings: list[str]) -> str:
    return f"""SELECT DISTINCT ?meeting ?bodyLabel ?date WHERE {{
  {values("meeting", meetings)}
  ?meeting schema:organizer/rdfs:label ?bodyLabel ; schema:startDate ?date .
}} ORDER BY ?date"""


def answer(ctx: Context, meetings: list[str]) -> Result:
    """Attendance of each meeting in ``meetings``."""
    lang = ctx.lang
    if not meetings:
        return Result({"meetings": []}, pick(lang, "Fant ikke møtet i grafen.", "Fann ikkje møtet i grafen.",
                                             "The meeting is not in the graph."), [], found=False)
    out: dict[str, dict] = {}
    for r in ctx.log.select(_meta_query(meetings)):
        out.setdefault(r["meeting"], {"meeting": r["meeting"], "body": r["bodyLabel"], "date": r["date"][:10],
                                      "chair": None, "attendees": [], "absentees": [], "substitutions": []})
    parties: dict[str, str] = {}
    for r in ctx.log.select(_people_query(meetings)):
        m = out[r["meeting"]]
        if r["party"] and len(r["party"]) > len(parties.get(r["name"], "")):
            parties[r["name"]] = r["party"]
        if r["role"] == "chair":
            m["chair"] = r["name"]
        elif r["name"] not in m[r["role"] + "s"]:
            m[r["role"] + "s"].append(r["name"])
    for r in ctx.log.select(_substitutions_query(meetings)):
        out[r["meeting"]]["substitutions"].append({"substitute": r["substituteName"], "for": r["forName"]})
    for m in out.values():
        m["parties"] = {n: parties[n] for n in m["attendees"] + m["absentees"] if n in parties}
        m["attendee_count"] = len(m["attendees"])
    evidence = ctx.evidence.for_nodes(list(out))
    found = any(m["attendees"] or m["absentees"] for m in out.values())
    return Result({"meetings": list(out.values())}, _sentence(list(out.values()), lang), evidence, found=found)


def _sentence(meetings: list[dict], lang: str) -> str:
    parts = []
    for m in meetings:
        when = f"{m['body']} {format_date(m['date'], lang)}"
        if not m["attendees"] and not m["absentees"]:
            parts.append(pick(lang, f"Grafen har ingen deltakerliste for {when}",
                              f"Grafen har inga deltakarliste for {when}",
                              f"The graph has no attendance list for {when}"))
            continue
        n = len(m["attendees"])
        absent = join_list(m["absentees"], lang) or pick(lang, "ingen", "ingen", "nobody")
        subs = join_list([f"{s['substitute']} → {s['for']}" if lang == "en" else f"{s['substitute']} for {s['for']}"
                          for s in m["substitutions"]], lang)
        text = pick(lang, f"I {when} møtte {n}: {join_list(m['attendees'], lang)}; forfall: {absent}",
                    f"I {when} møtte {n}: {join_list(m['attendees'], lang)}; forfall: {absent}",
                    f"At {when}, {n} attended: {join_list(m['attendees'], lang)}; absent: {absent}")
        if subs:
            text += pick(lang, f"; vara: {subs}", f"; vara: {subs}", f"; substitutes (substitute → for): {subs}")
        if m["chair"]:
            text += pick(lang, f"; møteleder: {m['chair']}", f"; møteleiar: {m['chair']}", f"; chaired by {m['chair']}")
        parts.append(text)
    return ". ".join(parts) + "."
