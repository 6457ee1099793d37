"""The ingestion pipeline: files → raw pages → clean pages → documents → store, one file at a time."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .layers import merge_page
from .model import IngestedSource, IngestError, SourceText
from .ocr import Lexicon
from .readers import SUPPORTED_SUFFIXES, check_file, read_source
from .splitter import split_documents
from .extract import extract_source
from .store import Store, source_id_for

STAGES = ("read", "clean", "split", "extract", "store")

# progress(event, file_name, stage) with event in {"file", "stage", "done"}; stage may be "".
Progress = Callable[[str, str, str], None]


@dataclass
class FileResult:
    """What happened to one input file."""

    name: str
    path: str
    status: str  # added | replaced | unchanged | duplicate | error
    pages: int = 0
    documents: int = 0
    merged_pages: int = 0
    repairs: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class IngestReport:
    """The summary of one ingest run, as printed by ``saksgraf ingest`` (``--json`` gives this)."""

    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "error"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.status] = out.get(f.status, 0) + 1
        return out

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "counts": self.counts(),
            "pages": sum(f.pages for f in self.files),
            "documents": sum(f.documents for f in self.files),
            "duplicate_pages_merged": sum(f.merged_pages for f in self.files),
            "files": [asdict(f) | {"seconds": round(f.seconds, 3)} for f in self.files],
        }


def find_inputs(paths: Iterable[Path | str]) -> tuple[list[Path], list[FileResult]]:
    """Expand files and folders (recursively) into the input files to ingest, in a stable order.

    Returns the files and an error result for each path that does not exist. Inside folders only
    supported files (.pdf, .txt, .md) are taken, and README files are skipped; a file named
    directly is always tried, so an unsupported one gets a clear error.
    """
    files: list[Path] = []
    missing: list[FileResult] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in SUPPORTED_SUFFIXES
                    and not child.name.lower().startswith("readme")
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    files.append(child)
        elif path.exists():
            files.append(path)
        else:
            missing.append(FileResult(path.name, str(path), "error", error="no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, missing


def process_source(
    source: SourceText,
    lexicon: Lexicon | None = None,
    on_stage: Callable[[str], None] | None = None,
    source_id: str | None = None,
) -> IngestedSource:
    """Clean, split and extract one read source: the pure part of ingestion, with no I/O.

    ``source_id`` is the id the store gives the file (default: derived from its name); every
    extracted fact's evidence points to it.

    >>> item = process_source(read_source(Path("data/sample/001_4337fc0676f2b209.txt")))  # doctest: +SKIP
    >>> item.documents[0].doc_type
    'møteinnkalling'
    """
    stage = on_stage or (lambda name: None)
    stage("clean")
    pages = [merge_page(raw, lexicon) for raw in source.pages]
    stage("split")
    documents = split_documents(pages)
    stage("extract")
    sid = source_id or source_id_for(source.name)
    extraction = extract_source(sid, pages, documents)
    return IngestedSource(source, pages, documents, sid, extraction)


def ingest_paths(
    paths: Iterable[Path | str],
    store: Store,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``; every file succeeds or fails on its own.

    A file that fails gets an error in the report and leaves the store as it was; unchanged
    files (same name, same content) are skipped.
    """
    started = time.perf_counter()
    note = progress or (lambda event, name, stage: None)
    files, report_files = find_inputs(paths)
    report = IngestReport(files=report_files)
    lexicon = Lexicon.from_store(store)
    pending: list[tuple[Path, SourceText, float]] = []

    # Read every file first so that names seen anywhere in the batch can mend OCR damage in any.
    batch_names: dict[str, Path] = {}
    batch_digests: dict[str, str] = {}
    for path in files:
        t0 = time.perf_counter()
        note("file", path.name, "")
        note("stage", path.name, "read")
        try:
            check_file(path, max_bytes)
            if path.name in batch_names:
                # A file's name is its identity in the store: the second would replace the first.
                raise IngestError(
                    f"another file named {path.name} is in this batch ({batch_names[path.name]});"
                    " rename one of them"
                )
            batch_names[path.name] = path
            digest = _sha256(path)
            status = store.status_of(path.name, digest)
            if status == "unchanged":
                report.files.append(FileResult(path.name, str(path), "unchanged"))
                note("done", path.name, "unchanged")
                continue
            other = store.duplicate_of(digest) if status == "duplicate" else batch_digests.get(digest)
            if other is not None and status != "replaced":
                report.files.append(
                    FileResult(
                        path.name,
                        str(path),
                        "duplicate",
                        warnings=[f"same content as {other}, already ingested; skipped"],
                    )
                )
                note("done", path.name, "duplicate")
                continue
            source = read_source(path, max_bytes=max_bytes)
            lexicon.add_source(source)
            batch_digests.setdefault(digest, path.name)
        except IngestError as exc:
            _fail(report, note, path, str(exc))
            continue
        except OSError as exc:
            _fail(report, note, path, f"cannot read file: {exc.strerror or exc}")
            continue
        except Exception as exc:  # a bug must cost one file, not the whole batch
            _fail(report, note, path, _internal("read", exc))
            continue
        pending.append((path, source, time.perf_counter() - t0))

    for path, source, read_seconds in pending:
        t0 = time.perf_counter()
        stages: list[str] = ["clean"]

        def on_stage(name: str, file_name: str = path.name) -> None:
            stages.append(name)
            note("stage", file_name, name)

        try:
            item = process_source(source, lexicon, on_stage, store.id_for(source.name, source.sha256))
            on_stage("store")
            status = store.save(item)
        except IngestError as exc:
            _fail(report, note, path, str(exc))
            continue
        except sqlite3.Error as exc:
            _fail(report, note, path, f"cannot write to the store: {exc}")
            continue
        except Exception as exc:  # a bug must cost one file, not the batch or the store
            _fail(report, note, path, _internal(stages[-1], exc))
            continue
        report.files.append(
            FileResult(
                name=path.name,
                path=str(path),
                status=status,
                pages=len(item.pages),
                documents=len(item.documents),
                merged_pages=item.merged_pages,
                repairs=sum(len(p.repairs) for p in item.pages),
                warnings=list(source.warnings),
                seconds=read_seconds + time.perf_counter() - t0,
            )
        )
        note("done", path.name, status)
    # Report files in the order they were given, whatever the stage that settled each.
    order = {str(path): i for i, path in enumerate(files)}
    report.files.sort(key=lambda f: order.get(f.path, -1))
    report.seconds = time.perf_counter() - started
    return report


def _fail(report: IngestReport, note: Progress, path: Path, message: str) -> None:
    report.files.append(FileResult(path.name, str(path), "error", error=message))
    note("done", path.name, "error")


def _internal(stage: str, exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:160]
    return f"internal error in stage {stage} ({type(exc).__name__}: {detail}); please report it"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
