"""Terminal output for the CLI: a progress bar per file and stage, and the end-of-run summaries."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.pipeline import STAGES, IngestReport

_err = Console(stderr=True)
_out = Console()


class ProgressDisplay:
    """Receives pipeline progress events and draws one bar per file, advancing through the stages."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.progress = Progress(
            TextColumn("{task.description}", justify="left"),
            BarColumn(),
            TextColumn("{task.fields[stage]}"),
            TimeElapsedColumn(),
            console=_err,
            disable=not enabled,
            transient=False,
        )
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> "ProgressDisplay":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)  # type: ignore[arg-type]

    def __call__(self, event: str, name: str, stage: str) -> None:
        if not self.enabled:
            return
        if event == "file":
            self.tasks[name] = self.progress.add_task(name, total=len(STAGES), stage="")
            return
        task = self.tasks.get(name)
        if task is None:
            return
        if event == "stage":
            self.progress.update(task, completed=STAGES.index(stage), stage=stage)
        elif event == "done":
            self.progress.update(task, completed=len(STAGES), stage=stage)


def print_report(report: IngestReport, quiet: bool = False) -> None:
    """The summary after ``saksgraf ingest``: one line per file, then the totals; errors always."""
    for f in report.failed:
        _err.print(f"[red]error[/red] {f.path}: {f.error}", highlight=False, soft_wrap=True)
    if quiet:
        return
    table = Table(title="Ingested", show_lines=False)
    for col in ("file", "status", "pages", "documents", "merged", "repairs"):
        table.add_column(col, justify="right" if col not in ("file", "status") else "left")
    for f in report.files:
        table.add_row(f.name, f.status, str(f.pages), str(f.documents), str(f.merged_pages), str(f.repairs))
        for w in f.warnings:
            _err.print(f"[yellow]warning[/yellow] {f.name}: {w}", highlight=False, soft_wrap=True)
    _out.print(table)
    d = report.to_dict()
    _out.print(
        f"{len(report.files)} files ({', '.join(f'{v} {k}' for k, v in d['counts'].items())}), "
        f"{d['pages']} pages, {d['documents']} documents, "
        f"{d['duplicate_pages_merged']} duplicate pages merged, in {report.seconds:.1f} s",
        highlight=False,
    )


def print_stats(figures: dict) -> None:
    """``saksgraf stats`` as a small table."""
    table = Table(show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in ("sources", "documents", "pages", "duplicate_pages_merged"):
        table.add_row(key.replace("_", " "), str(figures[key]))
    for doc_type, n in figures["documents_by_type"].items():
        table.add_row(f"  {doc_type}", str(n))
    for kind, n in figures["repairs"].items():
        table.add_row(f"repairs: {kind}", str(n))
    _out.print(table)
