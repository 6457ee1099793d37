"""`saksgraf ask`: answer a question from the graph, with evidence and the SPARQL that ran (api.answer)."""

from __future__ import annotations

import json
import sys

import click


def print_answer(a) -> None:
    """The answer as text: the sentence, then evidence (quote, document, page), then the SPARQL."""
    click.echo(click.style(a.text, bold=True))
    if a.note:
        click.echo(a.note)
    if a.evidence:
        click.echo("\n" + {"en": "Evidence:", "nn": "Kjelder:"}.get(a.language, "Kilder:"))
        for e in a.evidence[:20]:
            quote = e.quote if len(e.quote) <= 160 else e.quote[:157] + "…"
            click.echo(f"  «{quote}»\n     {e.cite()}")
        if len(a.evidence) > 20:
            click.echo(f"  … {len(a.evidence) - 20} more (--json shows all)")
    if a.search and a.understood:
        click.echo("\n" + {"en": "Further reading (search):", "nn": "Vidare lesing (søk):"}.get(a.language, "Videre lesning (søk):"))
    for h in a.search:
        pages = f"p. {h['page']}" + (f"–{h['end_page']}" if h["end_page"] != h["page"] else "")
        click.echo(f"  {h['rank']}. {h['title'] or h['doc_type']}  {h['source']} {pages}\n     {h['snippet']}")
    if a.sparql:
        click.echo("\nSPARQL:")
        for q in a.sparql:
            click.echo("  " + q.strip().replace("\n", "\n  ") + "\n")


@click.command(name="ask")
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (answer, text, evidence, sparql).")
@click.option("--context", type=click.IntRange(0, 20), default=0, show_default=True,
              help="Also show this many search hits as further reading.")
@click.pass_obj
def ask_command(obj: dict, question: tuple[str, ...], as_json: bool, context: int) -> None:
    """Answer a question in bokmål, nynorsk or English from the graph, with quotes and pages as evidence.

    Understands: which bodies treated or commented on a plan or case, proposals and votes in a
    treatment, attendance at a meeting, where a case is in its saksgang, which cases concern a plan,
    what serves a goal or bærekraftsmål, and the path from a strategy to its goals. Anything else
    gets search hits, and says so. Exits 1 if the question was not understood.
    """
    from .answer import answer, load_graph

    text = " ".join(question)
    try:
        graph = load_graph(obj["data_dir"], obj.get("graph_backend"))
        result = answer(text, graph, data_dir=obj["data_dir"], context=context)
    except (ValueError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_answer(result)
    sys.exit(0 if result.understood else 1)
