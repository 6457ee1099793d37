"""The store is idempotent and atomic: re-ingesting changes nothing, a changed file replaces all that
came from it, and a crash or a kill in the middle of a save leaves the previous state intact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from ingest import Store, ingest_paths
from ingest.store import source_id_for
from ingest.version import reader_version
from tests import pdfs
from tests.conftest import ROOT

TABLES = ("meta", "sources", "pages", "repairs", "documents")


def table_dump(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: equal dumps mean equal stored data."""
    db = sqlite3.connect(db_path)
    try:
        return {t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}"))) for t in TABLES}
    finally:
        db.close()


def integrity(db_path: Path) -> str:
    db = sqlite3.connect(db_path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def orphans(db_path: Path) -> int:
    db = sqlite3.connect(db_path)
    try:
        return sum(
            db.execute(f"SELECT COUNT(*) FROM {t} WHERE source_id NOT IN (SELECT id FROM sources)").fetchone()[0]
            for t in ("pages", "repairs", "documents")
        )
    finally:
        db.close()


def book(pages: int, tag: str) -> str:
    """A text meeting book of ``pages`` pages (form feeds between them) whose words carry ``tag``."""
    return "\f".join(
        f"Fjordvik kommune\nMøteprotokoll {tag}\nPS {n}/24 Sak om {tag} nummer {n}\n"
        + f"Vedtak: Søknaden fra {tag} innvilges. Øvrige forhold tas til orientering.\n" * 8
        for n in range(1, pages + 1)
    )


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "inn"
    folder.mkdir()
    files = {
        "protokoll.pdf": pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES),
        "bok.txt": book(4, "Alfa").encode("utf-8"),
        "notat.txt": ("Notat\n" + pdfs.NORWEGIAN).encode("cp1252"),
    }
    out = {}
    for name, data in files.items():
        out[name] = folder / name
        out[name].write_bytes(data)
    return out


def test_ingesting_the_same_files_twice_changes_nothing(tmp_path: Path, corpus: dict[str, Path]):
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        first = ingest_paths(corpus.values(), store)
    assert first.ok and {f.status for f in first.files} == {"added"}
    before = table_dump(data_dir / "documents.sqlite")
    with Store.open(data_dir) as store:
        second = ingest_paths(list(corpus.values()) + [corpus["bok.txt"].parent], store)
    assert [f.status for f in second.files] == ["unchanged"] * 3
    assert table_dump(data_dir / "documents.sqlite") == before


def test_files_stored_by_older_ingest_code_are_read_again(tmp_path: Path, corpus: dict[str, Path]):
    """A fix to splitting or extraction must reach data ingested before it, without touching the files."""
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        ingest_paths(corpus.values(), store)
        store.db.execute("UPDATE meta SET value = 'older' WHERE key = 'reader:bok.txt'")
        report = ingest_paths(corpus.values(), store)
        statuses = {f.name: f.status for f in report.files}
        assert statuses == {"protokoll.pdf": "unchanged", "bok.txt": "replaced", "notat.txt": "unchanged"}
        assert store.get_reader_version("bok.txt") == reader_version()
        assert [f.status for f in ingest_paths(corpus.values(), store).files] == ["unchanged"] * 3


def test_changed_file_replaces_everything_that_came_from_it(tmp_path: Path, corpus: dict[str, Path]):
    data_dir = tmp_path / "data"
    store = Store.open(data_dir)
    ingest_paths(corpus.values(), store)
    sid = source_id_for("bok.txt")
    others = {t: [r for r in rows if sid not in map(str, r)] for t, rows in table_dump(store.path).items()}
    old_pages = len(store.pages(sid))
    assert old_pages == 4

    corpus["bok.txt"].write_text(book(2, "Beta"), encoding="utf-8")
    report = ingest_paths([corpus["bok.txt"]], store)
    assert [f.status for f in report.files] == ["replaced"]
    pages = store.pages(sid)
    assert [p.number for p in pages] == [1, 2]
    stored = store.source_text(sid) + "".join(p.text for p in pages)
    assert "Beta" in stored and "Alfa" not in stored
    assert all(d["source_id"] == sid and d["last_page"] <= 2 for d in store.documents(sid))
    assert orphans(store.path) == 0
    after = {t: [r for r in rows if sid not in map(str, r)] for t, rows in table_dump(store.path).items()}
    assert after == others  # nothing else was touched

    corpus["bok.txt"].write_text(book(4, "Alfa"), encoding="utf-8")
    assert [f.status for f in ingest_paths([corpus["bok.txt"]], store).files] == ["replaced"]
    assert len(store.pages(sid)) == 4
    store.close()


def test_changed_file_that_is_now_broken_keeps_the_stored_version(tmp_path: Path, corpus: dict[str, Path]):
    store = Store.open(tmp_path / "data")
    assert ingest_paths(corpus.values(), store).ok
    before = table_dump(store.path)
    pdf = corpus["protokoll.pdf"]
    pdf.write_bytes(pdfs.truncated(pdf.read_bytes()))
    corpus["notat.txt"].write_bytes(b"")
    report = ingest_paths([pdf, corpus["notat.txt"]], store)
    assert [(f.status, f.error.split(":")[0]) for f in report.files] == [
        ("error", "PDF is truncated"),
        ("error", "file is empty"),
    ]
    assert table_dump(store.path) == before
    store.close()


class Boom(RuntimeError):
    pass


def fail_on_call(n: int, real):
    """A stand-in for ``real`` that raises on its ``n``-th call."""
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] >= n:
            raise Boom("disk on fire")
        return real(*args, **kwargs)

    return wrapper


@pytest.mark.parametrize("target", ["pages", "documents"])
def test_failure_inside_the_save_transaction_rolls_back(
    tmp_path: Path, corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch, target: str
):
    import json

    import ingest.store

    data_dir = tmp_path / "data"
    store = Store.open(data_dir)
    assert ingest_paths(corpus.values(), store).ok
    before = table_dump(store.path)

    corpus["bok.txt"].write_text(book(6, "Gamma"), encoding="utf-8")
    new = corpus["bok.txt"].parent / "ny.txt"
    new.write_text(book(3, "Delta"), encoding="utf-8")
    if target == "pages":
        # json.dumps runs first for the source row, then once per page: fail on the second page,
        # after the old rows were deleted and the new source row and first page were inserted.
        failing = SimpleNamespace(dumps=fail_on_call(3, json.dumps), loads=json.loads)
        monkeypatch.setattr(ingest.store, "json", failing)
    else:
        monkeypatch.setattr(ingest.store, "document_id_for", fail_on_call(1, ingest.store.document_id_for))
    with pytest.raises(Boom):
        store.save(_processed(corpus["bok.txt"]))
    assert not store.db.in_transaction
    assert table_dump(store.path) == before

    report = ingest_paths([corpus["bok.txt"], new], store)
    assert [f.status for f in report.files] == ["error", "error"]
    assert all(f.error.startswith("internal error in stage store (Boom: disk on fire)") for f in report.files)
    assert table_dump(store.path) == before
    assert integrity(store.path) == "ok"

    monkeypatch.undo()
    report = ingest_paths([corpus["bok.txt"], new], store)
    assert [f.status for f in report.files] == ["replaced", "added"]
    store.close()


def _processed(path: Path):
    from ingest import process_source, read_source

    return process_source(read_source(path))


# The child ingests a big book in place of bok.txt; a SQLite progress handler stalls it once the
# save has deleted the old rows and written a few new ones, and tells the parent where it stands.
CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from ingest import Store, ingest_paths

data_dir, book, marker = map(Path, sys.argv[2:5])
store = Store.open(data_dir)
base = store.db.total_changes

def stall():
    if store.db.total_changes - base > 10:
        marker.write_text("in transaction" if store.db.in_transaction else "outside a transaction")
        time.sleep(60)
    return 0

store.db.set_progress_handler(stall, 50)
ingest_paths([book], store)
marker.write_text("finished")
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killed_mid_save_leaves_the_previous_state_intact(tmp_path: Path, corpus: dict[str, Path]):
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        assert ingest_paths(corpus.values(), store).ok
    before = table_dump(data_dir / "documents.sqlite")
    counts = {t: len(rows) for t, rows in before.items()}

    corpus["bok.txt"].write_text(book(60, "Epsilon"), encoding="utf-8")
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT), str(data_dir), str(corpus["bok.txt"]), str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        exited = child.poll() is not None
        assert marker.exists(), child.stderr.read() if exited else "child never got to write"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()

    db_path = data_dir / "documents.sqlite"
    assert integrity(db_path) == "ok"
    after = table_dump(db_path)
    assert {t: len(rows) for t, rows in after.items()} == counts
    assert after == before
    assert orphans(db_path) == 0
    assert marker.read_text() == "in transaction"
    with Store.open(data_dir) as store:  # the store still works, and the file can now be ingested
        assert [f.status for f in ingest_paths([corpus["bok.txt"]], store).files] == ["replaced"]
        assert len(store.pages(source_id_for("bok.txt"))) == 60
