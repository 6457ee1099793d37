"""The document store: sources, pages, documents and repairs in one SQLite file, written atomically."""

from __future__ import annotations

import json
import sqlite3
import contextlib
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .model import Document, IngestedSource, Page, Repair
from .version import reader_version

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY,          -- stable id from the file name, used in IRIs
    name TEXT NOT NULL UNIQUE,    -- file name: a changed file with the same name replaces the old
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL,
    encoding TEXT NOT NULL,
    page_count INTEGER NOT NULL,
    text TEXT NOT NULL,           -- the extracted text every page offset points into
    warnings TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    source_start INTEGER NOT NULL,
    source_end INTEGER NOT NULL,
    layers TEXT NOT NULL,
    merged_duplicate INTEGER NOT NULL,
    original TEXT NOT NULL,
    PRIMARY KEY (source_id, number)
);
CREATE TABLE IF NOT EXISTS repairs (
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    original TEXT NOT NULL,
    repaired TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    doc_type TEXT NOT NULL,
    title TEXT NOT NULL,
    arkivsak TEXT,
    journalpost TEXT,
    first_page INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    last_page INTEGER NOT NULL,
    end_offset INTEGER
);
CREATE TABLE IF NOT EXISTS extractions (
    source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    records TEXT NOT NULL         -- ingest.extract.records.Extraction as JSON
);
CREATE INDEX IF NOT EXISTS repairs_page ON repairs (source_id, page);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source_id, idx);
"""


@contextmanager
def immediate_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on an autocommit connection: committed whole or rolled back whole.

    ``BEGIN IMMEDIATE`` takes the write lock at once, so a second writer waits (up to the
    connection's timeout) instead of failing half-way through.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")


def source_id_for(name: str) -> str:
    """The stable id of a source: its file name without extension, lower-cased and slugged.

    >>> source_id_for("002_420537c42393fb97.txt")
    '002_420537c42393fb97'
    """
    from .text import slug

    stem = name.rsplit(".", 1)[0] if "." in name else name
    return slug(stem, keep="_") or "source"


def document_id_for(source_id: str, index: int) -> str:
    """The stable id of the ``index``-th document (1-based) of a source."""
    return f"{source_id}-d{index:03d}"


class Store:
    """The SQLite-backed document store inside the data directory.

    Each source is written in one transaction: a crash or kill mid-ingest leaves the previous
    state intact, and re-ingesting an unchanged file changes nothing.

    >>> store = Store.open(tmp_path)            # doctest: +SKIP
    >>> store.save(ingested)                    # doctest: +SKIP
    'added'
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(SCHEMA)
        self.db.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )

    @classmethod
    def open(cls, data_dir: Path | str) -> "Store":
        """Open (creating if needed) the store in ``data_dir``."""
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        return cls(data_dir / "documents.sqlite")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return immediate_transaction(self.db)

    # -- writing -----------------------------------------------------------------------------

    def status_of(self, name: str, sha256: str) -> str:
        """What saving a file with this name and hash would do: ``unchanged``, ``replaced``, ``added``,
        or ``duplicate`` (the same content is stored under another name).

        A file stored by another version of the ingest code counts as ``replaced``: it is read again,
        so fixes to splitting and extraction reach data ingested before them.
        """
        row = self.db.execute("SELECT sha256 FROM sources WHERE name = ?", (name,)).fetchone()
        if row is not None:
            if row["sha256"] != sha256:
                return "replaced"
            return "unchanged" if self.get_reader_version(name) == reader_version() else "replaced"
        other = self.db.execute("SELECT name FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return "duplicate" if other is not None else "added"

    def id_for(self, name: str, sha256: str) -> str:
        """The id a file gets: derived from its name, made unique if another file already holds it."""
        sid = source_id_for(name)
        clash = self.db.execute(
            "SELECT name FROM sources WHERE id = ? AND name != ?", (sid, name)
        ).fetchone()
        return f"{sid}_{sha256[:8]}" if clash is not None else sid

    def get_reader_version(self, name: str) -> str | None:
        """The version of the ingest code that stored the file ``name`` (None if unknown)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (f"reader:{name}",)).fetchone()
        return row["value"] if row else None

    def duplicate_of(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT name FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return row["name"] if row else None

    def save(self, item: IngestedSource) -> str:
        """Store one ingested source atomically, replacing what came from a file of the same name.

        Returns ``added``, ``replaced`` or ``unchanged`` (nothing written).
        """
        src = item.source
        status = self.status_of(src.name, src.sha256)
        if status == "unchanged":
            return status
        sid = item.source_id or self.id_for(src.name, src.sha256)
        with self.transaction() as db:
            db.execute("DELETE FROM sources WHERE name = ?", (src.name,))
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"reader:{src.name}", reader_version())
            )
            db.execute(
                "INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    sid,
                    src.name,
                    src.path,
                    src.sha256,
                    src.size,
                    src.kind,
                    src.encoding,
                    len(item.pages),
                    src.text,
                    json.dumps(src.warnings, ensure_ascii=False),
                    datetime.now(timezone.utc).isoformat(timespec="seconds"),
                ),
            )
            db.executemany(
                "INSERT INTO pages VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        sid,
                        p.number,
                        p.text,
                        p.source_start,
                        p.source_end,
                        ",".join(p.layers),
                        int(p.merged_duplicate),
                        json.dumps(p.original, ensure_ascii=False),
                    )
                    for p in item.pages
                ],
            )
            db.executemany(
                "INSERT INTO repairs VALUES (?,?,?,?,?,?,?)",
                [
                    (sid, p.number, r.start, r.end, r.original, r.repaired, r.kind)
                    for p in item.pages
                    for r in p.repairs
                ],
            )
            db.executemany(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        document_id_for(sid, d.index),
                        sid,
                        d.index,
                        d.doc_type,
                        d.title,
                        d.arkivsak,
                        d.journalpost,
                        d.first_page,
                        d.start_offset,
                        d.last_page,
                        d.end_offset,
                    )
                    for d in item.documents
                ],
            )
            if item.extraction is not None:
                db.execute(
                    "INSERT INTO extractions VALUES (?, ?)",
                    (sid, json.dumps(item.extraction.to_dict(), ensure_ascii=False)),  # type: ignore[attr-defined]
                )
        return status

    # -- reading -----------------------------------------------------------------------------

    def sources(self) -> list[dict]:
        """Every stored source, by name; ``reader`` is the version of the ingest code that read it."""
        rows = self.db.execute(
            "SELECT id, name, path, sha256, size, kind, encoding, page_count, warnings, ingested_at,"
            " (SELECT value FROM meta WHERE key = 'reader:' || sources.name) AS reader"
            " FROM sources ORDER BY name"
        )
        return [dict(r) | {"warnings": json.loads(r["warnings"])} for r in rows]

    def source_text(self, source_id: str) -> str:
        row = self.db.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise KeyError(f"no source with id {source_id!r}")
        return row["text"]

    def pages(self, source_id: str) -> list[Page]:
        """The clean pages of one source, in order, with their repairs."""
        repairs: dict[int, list[Repair]] = {}
        for r in self.db.execute(
            "SELECT * FROM repairs WHERE source_id = ? ORDER BY page, start", (source_id,)
        ):
            repairs.setdefault(r["page"], []).append(
                Repair(r["start"], r["end"], r["original"], r["repaired"], r["kind"])
            )
        return [
            Page(
                number=r["number"],
                text=r["text"],
                source_start=r["source_start"],
                source_end=r["source_end"],
                layers=tuple(x for x in r["layers"].split(",") if x),
                merged_duplicate=bool(r["merged_duplicate"]),
                original=json.loads(r["original"]),
                repairs=repairs.get(r["number"], []),
            )
            for r in self.db.execute(
                "SELECT * FROM pages WHERE source_id = ? ORDER BY number", (source_id,)
            )
        ]

    def page(self, source_id: str, number: int) -> Page:
        """One page; ``KeyError`` for an unknown source or page number."""
        for p in self.pages(source_id):
            if p.number == number:
                return p
        raise KeyError(f"no page {number} in source {source_id!r}")

    def documents(self, source_id: str | None = None) -> list[dict]:
        """Documents as dicts (with their ``id`` and ``source_id``), in source order."""
        sql = "SELECT * FROM documents"
        args: tuple = ()
        if source_id is not None:
            sql += " WHERE source_id = ?"
            args = (source_id,)
        return [dict(r) for r in self.db.execute(sql + " ORDER BY source_id, idx", args)]

    def document_records(self, source_id: str) -> list[Document]:
        return [
            Document(
                index=d["idx"],
                doc_type=d["doc_type"],
                title=d["title"],
                first_page=d["first_page"],
                last_page=d["last_page"],
                start_offset=d["start_offset"],
                end_offset=d["end_offset"],
                arkivsak=d["arkivsak"],
                journalpost=d["journalpost"],
            )
            for d in self.documents(source_id)
        ]

    def extraction(self, source_id: str):
        """The fact records extracted from one source (an empty ``Extraction`` if none were stored)."""
        from .extract.records import Extraction

        row = self.db.execute(
            "SELECT records FROM extractions WHERE source_id = ?", (source_id,)
        ).fetchone()
        if row is None:
            return Extraction(source_id)
        return Extraction.from_dict(json.loads(row["records"]))

    def stats(self) -> dict:
        """Counts for ``saksgraf stats``: sources, pages, merged duplicate pages, documents by type."""
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        by_type = {
            r["doc_type"]: r["n"]
            for r in self.db.execute(
                "SELECT doc_type, COUNT(*) AS n FROM documents GROUP BY doc_type ORDER BY n DESC"
            )
        }
        repairs = {
            r["kind"]: r["n"]
            for r in self.db.execute(
                "SELECT kind, COUNT(*) AS n FROM repairs GROUP BY kind ORDER BY kind"
            )
        }
        return {
            "sources": one("SELECT COUNT(*) FROM sources"),
            "pages": one("SELECT COUNT(*) FROM pages"),
            "duplicate_pages_merged": one("SELECT COUNT(*) FROM pages WHERE merged_duplicate"),
            "documents": one("SELECT COUNT(*) FROM documents"),
            "documents_by_type": by_type,
            "repairs": repairs,
        }
