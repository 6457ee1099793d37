"""The search commands of the CLI (`saksgraf search`, `saksgraf similar`) and the index step of ingest."""

from __future__ import annotations

import json
import os
import re
import textwrap
import sys
from pathlib import Path
from typing import Callable

import click

from search.settings import ANN_INDEX, ANN_THRESHOLD, MODEL, MODEL_CACHE


def model_options(fn: Callable) -> Callable:
    """``--model`` and ``--model-cache`` (the embedding model settings) on a command."""
    fn = click.option(
        MODEL_CACHE.option, "model_cache", type=click.Path(file_okay=False, path_type=Path), default=None,
        help=f"{MODEL_CACHE.help} [env {MODEL_CACHE.env}; default {MODEL_CACHE.default}]",
    )(fn)
    return click.option(
        MODEL.option, "model", default=None, help=f"{MODEL.help} [env {MODEL.env}; default {MODEL.default}]"
    )(fn)


def apply_model_options(model: str | None, model_cache: Path | None, ann_threshold: int | None = None,
                        ann_index: str | None = None) -> str:
    """Make the options the process's settings (the loaders read them) and return the model to use."""
    if model_cache is not None:
        os.environ[MODEL_CACHE.env] = str(model_cache)
    if ann_threshold is not None:
        os.environ[ANN_THRESHOLD.env] = str(ann_threshold)
    if ann_index is not None:
        os.environ[ANN_INDEX.env] = ann_index
    return str(MODEL.value(model))


def ann_options(fn: Callable) -> Callable:
    """``--ann-threshold`` and ``--ann-index`` (when the dense index turns approximate, and how) on a command."""
    fn = click.option(
        ANN_INDEX.option, "ann_index", type=click.Choice(["ivf", "hnsw"]), default=None,
        help=f"{ANN_INDEX.help} [env {ANN_INDEX.env}; default {ANN_INDEX.default}]",
    )(fn)
    return click.option(
        ANN_THRESHOLD.option, "ann_threshold", type=int, default=None,
        help=f"{ANN_THRESHOLD.help} [env {ANN_THRESHOLD.env}; default {ANN_THRESHOLD.default}]",
    )(fn)


def index_after_ingest(data_dir: Path, store, model: str, quiet: bool,
                       graph_backend: str | None = None) -> tuple[dict | None, str | None]:
    """Bring the search index up to date after ingest: (report as a dict, error message or None).

    The graph just synced is read so that hits link only to nodes it holds.
    """
    from graph.sync import open_graph
    from search import update_index

    show = not quiet and sys.stderr.isatty()

    def progress(stage: str, done: int, total: int) -> None:
        if show and stage == "embed":
            click.echo(f"\rsearch index: embedding {done}/{total} chunks", err=True, nl=False)

    try:
        graph = open_graph(data_dir, graph_backend)
    except (OSError, ValueError):  # no graph (its sync failed): links stay unchecked
        graph = None
    try:
        report = update_index(data_dir, store, model, progress=progress, graph=graph)
    except Exception as exc:  # the store is saved; only the index step failed, and it can be re-run
        return None, f"the search index was not updated: {exc}"
    finally:
        if graph is not None:
            graph.close()
        if show:
            click.echo("", err=True)
    return report.to_dict(), None


def print_index_report(report: dict) -> None:
    """One line after ingest: what the search index update did."""
    changed = len(report["added"]) + len(report["replaced"])
    click.echo(
        f"Search index: {report['chunks']} chunks ({report['chunks_added']} added, {report['chunks_removed']} "
        f"removed; {changed} sources indexed, {len(report['removed'])} dropped"
        + (f"; {report['reused']} unchanged passages kept their vectors" if report.get("reused") else "")
        + f") with {report['model']} in {report['seconds']:.1f} s"
    )


def _mark(snippet: str) -> str:
    return re.sub(r"<mark>(.*?)</mark>", lambda m: click.style(m.group(1), bold=True, underline=True), snippet)


@click.command(name="search")
@click.argument("query")
@click.option("-k", "k", type=int, default=10, show_default=True, help="Number of hits.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "lexical"]), default="hybrid", show_default=True,
              help="Hybrid (dense + BM25), dense only or lexical (BM25) only.")
@click.option("--kommune", default=None, help="Only documents from this kommune.")
@click.option("--body", default=None, help="Only documents handled by a body whose name contains this.")
@click.option("--type", "doc_type", multiple=True, help="Only this document type (repeatable): saksframlegg, plan …")
@click.option("--from", "date_from", default=None, help="Only documents with a meeting on or after this date.")
@click.option("--to", "date_to", default=None, help="Only documents with a meeting on or before this date.")
@click.option("--case", default=None,
              help="Only passages of this case: its documents and the protocol items on it (arkivsak or journalpost, any spelling).")
@click.option("--no-fold", "no_fold", is_flag=True,
              help="List near-identical copies of a passage (one letter to several groups) as hits of their own.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@model_options
@click.pass_obj
def search_command(obj: dict, query: str, k: int, mode: str, kommune, body, doc_type, date_from, date_to, case,
                   no_fold: bool, as_json: bool, model: str | None, model_cache: Path | None) -> None:
    """Search the ingested documents; hits link to their page, case, meetings and bodies.

    Case, journalpost and item numbers match in any usual spelling (21/21815, 2021/021815, 22/22972-2,
    PS 5/23).
    """
    from search import IndexMissing, search

    model = apply_model_options(model, model_cache)
    filters = {"kommune": kommune, "body": body, "doc_type": list(doc_type) or None, "date_from": date_from,
               "date_to": date_to, "case": case}
    try:
        hits = search(query, k=k, filters=filters, data_dir=obj["data_dir"], mode=mode, model=model,
                      fold_copies=not no_fold)
    except (IndexMissing, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("No hits.")
    for h in hits:
        case_text = f"  sak {h.case}" if h.case else ""
        pages = f"p. {h.page}" + (f"–{h.end_page}" if h.end_page != h.page else "")
        click.echo(click.style(f"{h.rank}. {h.title or h.doc_type}", bold=True)
                   + f"  [{h.doc_type}]{case_text}  {h.source_name} {pages}  score {h.score:.4f}")
        click.echo(f"   {_mark(h.snippet)}")
        if h.copies:
            click.echo("   also in: " + "; ".join(f"{c['title'] or c['doc_type']} ({c['source_name']} p. {c['page']})"
                                                  for c in h.copies))
        click.echo()


@click.command(name="similar")
@click.argument("case")
@click.option("-k", "k", type=int, default=5, show_default=True, help="Number of cases.")
@click.option("--all", "include_later", is_flag=True, help="Include later cases too, not only earlier ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the cases as JSON.")
@click.pass_obj
def similar_command(obj: dict, case: str, k: int, include_later: bool, as_json: bool) -> None:
    """Precedent: the earlier cases most like CASE, by the text of their saksframlegg."""
    from search import IndexMissing, similar_cases

    try:
        hits = similar_cases(case, k=k, data_dir=obj["data_dir"], earlier_only=not include_later)
    except (IndexMissing, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    except KeyError as exc:
        raise click.ClickException(exc.args[0]) from None
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("No earlier cases found.")
    for n, h in enumerate(hits, 1):
        when = f"  first treated {h.first_date}" if h.first_date else ""
        click.echo(click.style(f"{n}. sak {h.arkivsak}  {h.title}", bold=True) + f"  similarity {h.score:.3f}{when}")
        if h.decisions:  # the last decision is what was decided in the end
            last = h.decisions[-1]
            text = textwrap.shorten(last["text"], 240, placeholder=" …")
            click.echo(f"   vedtak, {last['body']} {last['date'] or ''}: «{text}»\n")
        else:
            click.echo(f"   {h.snippet}\n")
