"""The search index storage in ``<data_dir>/search/``: chunks and their terms in SQLite (FTS5), vectors in faiss.

``index.sqlite`` is the record of truth: sources indexed (with the hash of the file they came from),
document metadata, chunks with their text, place and vector, and an FTS5 table of each chunk's
analysed terms (BM25 ranking; inserts and deletes are incremental). Each source is replaced in one
transaction. ``vectors/`` is the faiss index of the same vectors, saved after each change together
with the generation number it matches; a reader that finds it behind (a crash between the two
writes) brings it up to date from the stored vectors, so the two can never disagree for long.
"""

from __future__ import annotations

import json
import os
import sqlite3
import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from ingest.store import immediate_transaction

from search.chunking import Chunk
from search.graphlinks import GraphView
from search.metadata import DocMeta
from search.norwegian import Analysis, Analyzer, get_analyzer

SCHEMA_VERSION = 1
INDEX_DIR = "search"
DB_NAME = "index.sqlite"
VECTOR_DIR = "vectors"
GENERATION_FILE = "generation"

# BM25 column weights (words, context, compound parts); measured in bench/search_quality_bench.py.
COLUMN_WEIGHTS = (1.0, 0.5, 0.5)
DEFAULT_ANALYZER = ("stem", "head")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    kommune TEXT,
    meta TEXT NOT NULL            -- DocMeta as JSON
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: it is the vector's id too
    source_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end_page INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    headings TEXT NOT NULL,
    vector BLOB
);
CREATE INDEX IF NOT EXISTS chunks_source ON chunks (source_id);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks (document_id);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source_id);
-- The graph as last synced (search.graphlinks.GraphView): its IRIs, plans by case or page IRI, decisions.
CREATE TABLE IF NOT EXISTS graph_nodes (iri TEXT PRIMARY KEY, label TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS graph_plans (key TEXT NOT NULL, plan TEXT NOT NULL, PRIMARY KEY (key, plan)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS graph_decisions (case_iri TEXT NOT NULL, body TEXT NOT NULL, day TEXT, text TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS terms USING fts5(
    words, context, parts, tokenize = "unicode61 remove_diacritics 0 tokenchars '/-:'"
);
"""


class IndexMissing(FileNotFoundError):
    """There is no search index in the data directory yet."""


@dataclass
class ChunkRow:
    """A stored chunk with its document's metadata."""

    id: int
    chunk: Chunk
    meta: DocMeta


def passage_text(chunk: Chunk) -> str:
    """What the embedder reads for a chunk: its own text, white space squashed.

    Not the document title and section path: they are BM25's (the context column), and in front of
    the text they pull every chunk of a document towards the same vector. Without them e5 ranks the
    right passage better on both quality sets (sample dense MRR@10 0.44 against 0.35, NorQuAD 0.870
    against 0.864) and embeds 10 % fewer tokens (bench/search_experiments.py ``--no-title-e5``).

    >>> from search.chunking import Chunk
    >>> passage_text(Chunk("s", "s-d001", 1, 1, 0, 1, 12, "2. Mål\\n\\nTekst  her", ("2. Mål",)))
    '2. Mål Tekst her'
    """
    return " ".join(chunk.plain_text.split())


def context_text(meta: DocMeta, chunk: Chunk) -> str:
    """The text of a chunk's context column: title, section path and case numbers.

    The case numbers are the document's and, in a meeting document, those of the items the chunk
    lies in, so that a case number finds the protocol's passage on it.
    """
    items = [c for c in meta.chunk_cases(chunk) if c not in meta.cases] if meta.items else []
    return "\n".join(x for x in (meta.title, *chunk.headings, meta.arkivsak, meta.journalpost, *items) if x)


class SearchIndex:
    """One search index folder; open with ``SearchIndex.open(data_dir)``.

    >>> index = SearchIndex.open(tmp_path, create=True)   # doctest: +SKIP
    >>> index.replace_source("s", "sha", "s.txt", metas, chunks, vectors)   # doctest: +SKIP
    """

    def __init__(self, folder: Path, create: bool = False) -> None:
        self.folder = Path(folder)
        db_path = self.folder / DB_NAME
        if not create and not db_path.exists():
            raise IndexMissing(
                f"no search index in {self.folder.parent}: run `saksgraf ingest` on your files first"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(db_path, isolation_level=None, timeout=30, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(SCHEMA)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self._vectors = None
        self._vectors_generation = -1
        self._graph: tuple[str, GraphView] | None = None
        self._metas: tuple[int, dict[str, DocMeta]] | None = None  # (generation, every document's meta)

    @classmethod
    def open(cls, data_dir: Path | str, create: bool = False) -> "SearchIndex":
        """The index of ``data_dir`` (``IndexMissing`` if there is none and ``create`` is false)."""
        return cls(Path(data_dir) / INDEX_DIR, create)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def analyzer(self) -> Analyzer:
        """The analyzer the terms were made with (recorded, so querying uses the same)."""
        name = self.get_meta("analyzer")
        forms, compounds = name.split("+") if name else DEFAULT_ANALYZER
        return get_analyzer(forms, compounds)

    @property
    def model(self):
        """The ``ModelRecord`` of the model that made the stored vectors (None if none yet)."""
        from search.vector import ModelRecord

        raw = self.get_meta("model")
        return ModelRecord(**json.loads(raw)) if raw else None

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    # -- writing ---------------------------------------------------------------------------
    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return immediate_transaction(self.db)

    def indexed_sources(self) -> dict[str, str]:
        """Source id → sha256 of the file its chunks came from."""
        return {r["id"]: r["sha256"] for r in self.db.execute("SELECT id, sha256 FROM sources")}

    def _delete_source(self, db: sqlite3.Connection, source_id: str) -> list[int]:
        ids = [r[0] for r in db.execute("SELECT id FROM chunks WHERE source_id = ?", (source_id,))]
        db.executemany("DELETE FROM terms WHERE rowid = ?", [(i,) for i in ids])
        db.execute("DELETE FROM chunks WHERE source_id = ?", (source_id,))
        db.execute("DELETE FROM documents WHERE source_id = ?", (source_id,))
        db.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        return ids

    def replace_source(self, source_id: str, sha256: str, name: str, metas: list[DocMeta],
                       chunks: list[Chunk], vectors: np.ndarray | None, model=None) -> tuple[list[int], list[int]]:
        """Store one source's documents and chunks in place of what it had; returns (removed, added) ids.

        ``vectors`` (one unit row per chunk) must come from ``model`` (a ``ModelRecord``), the model
        every vector in the index comes from. The faiss index follows on the next ``sync_vectors``.
        """
        from search.vector import ModelMismatch

        if vectors is not None and len(vectors) != len(chunks):
            raise ValueError(f"{len(vectors)} vectors for {len(chunks)} chunks")
        stored = self.model
        if vectors is not None and stored is not None and model is not None and not stored.same_model(model):
            raise ModelMismatch(f"index vectors come from {stored.name!r}, not {model.name!r}")
        analyzer = self.analyzer
        by_doc = {m.id: m for m in metas}
        with self.transaction() as db:
            if self.get_meta("analyzer") is None:
                self.set_meta("analyzer", analyzer.name)
            if model is not None and stored is None:
                self.set_meta("model", json.dumps(model.__dict__))
            removed = self._delete_source(db, source_id)
            db.execute("INSERT INTO sources VALUES (?, ?, ?)", (source_id, sha256, name))
            db.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
                [(m.id, source_id, m.doc_type, m.kommune, json.dumps(m.to_dict(), ensure_ascii=False)) for m in metas],
            )
            added = []
            for n, c in enumerate(chunks):
                blob = None if vectors is None else np.asarray(vectors[n], dtype=np.float32).tobytes()
                cur = db.execute(
                    "INSERT INTO chunks (source_id, document_id, ordinal, page, start, end_page, end, text,"
                    " headings, vector) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (source_id, c.document_id, c.ordinal, c.page, c.start, c.end_page, c.end, c.text,
                     json.dumps(list(c.headings), ensure_ascii=False), blob),
                )
                added.append(int(cur.lastrowid))
                self._insert_terms(db, added[-1], analyzer, c, by_doc[c.document_id])
            self.set_meta("generation", str(self.generation + 1))
        return removed, added

    def remove_source(self, source_id: str) -> list[int]:
        """Drop a source's documents and chunks; returns the removed chunk ids."""
        with self.transaction() as db:
            removed = self._delete_source(db, source_id)
            self.set_meta("generation", str(self.generation + 1))
        return removed

    @staticmethod
    def _insert_terms(db: sqlite3.Connection, chunk_id: int, analyzer: Analyzer, chunk: Chunk, meta: DocMeta) -> None:
        body = analyzer.analyze(chunk.text)
        ctx = analyzer.analyze(context_text(meta, chunk))
        db.execute(
            "INSERT INTO terms (rowid, words, context, parts) VALUES (?, ?, ?, ?)",
            (chunk_id, " ".join(body.words + body.ids), " ".join(ctx.words + ctx.ids + ctx.parts),
             " ".join(body.parts)),
        )

    def reanalyse(self, analyzer: Analyzer) -> None:
        """Rebuild every chunk's terms with ``analyzer`` (text only; vectors are kept)."""
        metas = self.document_metas()
        with self.transaction() as db:
            db.execute("DELETE FROM terms")
            for row in db.execute("SELECT * FROM chunks").fetchall():
                chunk = _chunk_of(row)
                self._insert_terms(db, row["id"], analyzer, chunk, metas[chunk.document_id])
            self.set_meta("analyzer", analyzer.name)

    def reset_vectors(self, model) -> None:
        """Forget every vector (the model changed); ``set_vectors`` then fills them again."""
        with self.transaction() as db:
            db.execute("UPDATE chunks SET vector = NULL")
            self.set_meta("model", json.dumps(model.__dict__))
            self.set_meta("generation", str(self.generation + 1))
        import shutil

        shutil.rmtree(self.folder / VECTOR_DIR, ignore_errors=True)
        self._vectors = None

    def set_vectors(self, ids: list[int], vectors: np.ndarray) -> None:
        """Store vectors for existing chunks (after ``reset_vectors``)."""
        with self.transaction() as db:
            db.executemany("UPDATE chunks SET vector = ? WHERE id = ?",
                           [(np.asarray(v, dtype=np.float32).tobytes(), i) for i, v in zip(ids, vectors)])
            self.set_meta("generation", str(self.generation + 1))

    # -- graph ---------------------------------------------------------------------------
    def set_graph(self, view: GraphView) -> None:
        """Record what the graph holds now (``search.graphlinks.read_graph``), so links name its nodes."""
        with self.transaction() as db:
            db.execute("DELETE FROM graph_nodes")
            db.execute("DELETE FROM graph_plans")
            db.execute("DELETE FROM graph_decisions")
            db.executemany("INSERT INTO graph_nodes VALUES (?, ?)", view.labels.items())
            db.executemany("INSERT INTO graph_plans VALUES (?, ?)",
                           [(key, plan) for key, plans in view.plans.items() for plan in plans])
            db.executemany("INSERT INTO graph_decisions VALUES (?, ?, ?, ?)",
                           [(case, *d) for case, ds in view.decisions.items() for d in ds])
            self.set_meta("graph", str(int(self.get_meta("graph") or 0) + 1))

    def graph_view(self) -> GraphView | None:
        """The graph as last recorded (None when none was: links are then derived, unchecked)."""
        stamp = self.get_meta("graph")
        if stamp is None:
            return None
        if self._graph is None or self._graph[0] != stamp:
            plans: dict[str, list[str]] = {}
            for key, plan in self.db.execute("SELECT key, plan FROM graph_plans ORDER BY key, plan"):
                plans.setdefault(key, []).append(plan)
            labels = dict(self.db.execute("SELECT iri, label FROM graph_nodes").fetchall())
            decisions: dict[str, list[tuple[str, str | None, str]]] = {}
            for case, body, day, text in self.db.execute(
                    "SELECT case_iri, body, day, text FROM graph_decisions ORDER BY case_iri, day, body, text"):
                decisions.setdefault(case, []).append((body, day, text))
            self._graph = (stamp, GraphView(labels, {k: tuple(v) for k, v in plans.items()},
                                            {k: tuple(v) for k, v in decisions.items()}))
        return self._graph[1]

    # -- vectors ---------------------------------------------------------------------------
    def vector_index(self):
        """The faiss index of the stored vectors, brought up to date with the chunks table if behind."""
        from search.vector import FaissVectorIndex

        model = self.model
        if model is None:
            return None
        gen = self.generation
        if self._vectors is not None and self._vectors_generation == gen:
            return self._vectors
        path = self.folder / VECTOR_DIR
        stamp = path / GENERATION_FILE
        index = FaissVectorIndex.open(path, model)
        if not stamp.exists() or stamp.read_text().strip() != str(gen):
            self._sync(index)
            index.save(path)
            tmp = stamp.with_name(f"{GENERATION_FILE}.tmp-{os.getpid()}")
            tmp.write_text(str(gen))
            os.replace(tmp, stamp)
        self._vectors, self._vectors_generation = index, gen
        return index

    def _sync(self, index) -> None:
        """Make the faiss index hold exactly the stored chunks' vectors (adds and removes only the difference)."""
        stored = {r[0] for r in self.db.execute("SELECT id FROM chunks WHERE vector IS NOT NULL")}
        present = set(index.ids().tolist())
        index.remove(sorted(present - stored))
        missing = sorted(stored - present)
        for start in range(0, len(missing), 5000):
            ids = missing[start : start + 5000]
            index.add(ids, self.vectors_of(ids))

    def vectors_of(self, ids: Iterable[int]) -> np.ndarray:
        """The stored vectors of chunks ``ids``, in that order."""
        ids = list(ids)
        model = self.model
        dim = model.dim if model else 0
        out = np.zeros((len(ids), dim), dtype=np.float32)
        pos = {i: n for n, i in enumerate(ids)}
        for part in _batches(ids, 900):
            marks = ",".join("?" * len(part))
            for r in self.db.execute(f"SELECT id, vector FROM chunks WHERE id IN ({marks})", part):
                if r["vector"] is not None:
                    out[pos[r["id"]]] = np.frombuffer(r["vector"], dtype=np.float32)
        return out

    def source_vectors(self, source_id: str) -> dict[str, np.ndarray]:
        """The stored vectors of a source's chunks by the passage text they were embedded from.

        When a source is indexed again (read by newer code, metadata redone) its unchanged passages
        keep their vectors instead of being embedded again.
        """
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM chunks WHERE source_id = ? AND vector IS NOT NULL ORDER BY id", (source_id,))]
        if not ids:
            return {}
        rows = self.chunk_rows(ids)
        vectors = self.vectors_of(ids)
        return {passage_text(rows[i].chunk): vectors[n] for n, i in enumerate(ids) if i in rows}

    # -- reading ---------------------------------------------------------------------------
    def document_metas(self, ids: Iterable[str] | None = None) -> dict[str, DocMeta]:
        """Document id → ``DocMeta`` (all documents, or those in ``ids``).

        Read once per index generation: every filtered search and every hit needs them, and they
        change only when a source is indexed or dropped.
        """
        gen = self.generation
        if self._metas is None or self._metas[0] != gen:
            rows = self.db.execute("SELECT id, meta FROM documents")
            self._metas = (gen, {r["id"]: DocMeta.from_dict(json.loads(r["meta"])) for r in rows})
        metas = self._metas[1]
        if ids is None:
            return dict(metas)
        return {i: metas[i] for i in ids if i in metas}

    def chunk_rows(self, ids: list[int]) -> dict[int, ChunkRow]:
        """Chunks by id, with their documents' metadata."""
        rows = []
        for part in _batches(ids, 900):
            rows += self.db.execute(
                f"SELECT * FROM chunks WHERE id IN ({','.join('?' * len(part))})", part
            ).fetchall()
        metas = self.document_metas({r["document_id"] for r in rows})
        return {r["id"]: ChunkRow(r["id"], _chunk_of(r), metas[r["document_id"]]) for r in rows}

    def chunk_ids(self, document_ids: Iterable[str] | None = None) -> list[int]:
        """Ids of every chunk, or of the chunks of ``document_ids``, in index order."""
        if document_ids is None:
            return [r[0] for r in self.db.execute("SELECT id FROM chunks ORDER BY id")]
        out: list[int] = []
        for part in _batches(list(document_ids), 900):
            out += [r[0] for r in self.db.execute(
                f"SELECT id FROM chunks WHERE document_id IN ({','.join('?' * len(part))}) ORDER BY id", part)]
        return sorted(out)

    def count(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {"sources": one("SELECT COUNT(*) FROM sources"), "documents": one("SELECT COUNT(*) FROM documents"),
                "chunks": one("SELECT COUNT(*) FROM chunks")}

    def lexical(self, analysis: Analysis, n: int, allowed: list[int] | None = None,
                weights: tuple[float, float, float] = COLUMN_WEIGHTS) -> list[tuple[int, float]]:
        """The ``n`` best chunks by BM25 for the query terms in ``analysis``: (chunk id, score), best first.

        ``allowed``: only these chunk ids (a filter), or all when None.
        """
        terms = list(dict.fromkeys(analysis.all_terms()))
        if not terms or n <= 0 or allowed == []:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        w = ", ".join(str(float(x)) for x in weights)
        sql = f"SELECT rowid, bm25(terms, {w}) AS s FROM terms WHERE terms MATCH ?"
        args: list = [match]
        if allowed is not None:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS allowed (id INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.allowed")
            self.db.executemany("INSERT INTO temp.allowed VALUES (?)", [(i,) for i in allowed])
            sql += " AND rowid IN (SELECT id FROM temp.allowed)"
        sql += " ORDER BY s LIMIT ?"
        args.append(n)
        return [(r[0], -float(r[1])) for r in self.db.execute(sql, args)]

    def dense(self, query: np.ndarray, n: int, allowed: list[int] | None = None) -> list[tuple[int, float]]:
        """The ``n`` nearest chunks to the unit vector ``query``: (chunk id, cosine), best first.

        With ``allowed`` (a filter) the allowed chunks' vectors are scored exactly when they are few
        (up to 50 000), else the faiss index is asked for more and the rest dropped.
        """
        if n <= 0 or allowed == []:
            return []
        query = np.asarray(query, dtype=np.float32).reshape(1, -1)
        if allowed is not None and len(allowed) <= 50_000:
            vecs = self.vectors_of(allowed)
            scores = vecs @ query[0]
            top = np.argsort(-scores, kind="stable")[:n]
            return [(int(allowed[i]), float(scores[i])) for i in top]
        index = self.vector_index()
        if index is None or not len(index):
            return []
        want = n if allowed is None else min(len(index), n * 20)
        scores, ids = index.search(query, want)
        keep = None if allowed is None else set(allowed)
        out = [(int(i), float(s)) for s, i in zip(scores[0], ids[0]) if i >= 0 and (keep is None or i in keep)]
        return out[:n]


def _chunk_of(row: sqlite3.Row) -> Chunk:
    return Chunk(row["source_id"], row["document_id"], row["ordinal"], row["page"], row["start"],
                 row["end_page"], row["end"], row["text"], tuple(json.loads(row["headings"])))


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
