"""Bad input: every bad file gets its own one-line error, good files in the same batch are stored,
text in legacy encodings comes out right, and nothing already stored is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli
from ingest import IngestError, Store, ingest_paths, read_source
from ingest.encoding import decode_text
from ingest.store import source_id_for
from tests import pdfs
from tests.test_store import table_dump

NORWEGIAN = pdfs.NORWEGIAN


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def run_cli(data_dir: Path, *args: str) -> tuple[int, dict]:
    """``saksgraf --data-dir D ingest --json ARGS``: the exit code and the parsed summary."""
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "ingest", "--json", *args])
    assert isinstance(result.exception, (SystemExit, type(None))), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)


def assert_one_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message, message


# --- text files: errors ---------------------------------------------------------------------

BAD_TEXT = [
    ("tom.txt", b"", r"^file is empty$"),
    ("luft.txt", b" \n\t\r\n   \n", r"^file has no text \(only white space\)$"),
    ("bom.txt", b"\xef\xbb\xbf\n", r"^file has no text \(only white space\)$"),
    ("binaer.txt", pdfs.random_bytes(), r"^file looks binary"),
    ("nul.md", b"Saksliste\x00\x00\x01\x02" * 50, r"^file looks binary \(it contains NUL bytes\), not text$"),
    ("egentlig.txt", pdfs.text_pdf(["Vedtak"]), r"^file looks binary, not text: it is a PDF: give it the \.pdf"),
    ("referat.txt", b"PK\x03\x04" + pdfs.random_bytes(), r"it is a ZIP archive or an Office file"),
    ("kontroll.txt", bytes(range(1, 32)) * 40, r"^file looks binary \(too many control characters\), not text$"),
    ("halv.txt", b"\xff\xfe" + "Møte".encode("utf-16-le") + b"\x00", r"^file starts with a utf-16-le byte-order mark"),
    ("notat.docx", b"PK\x03\x04", r"^unsupported file type \.docx: expected \.pdf, \.txt or \.md$"),
    ("uten_endelse", b"tekst", r"^unsupported file type \(none\)"),
]


@pytest.mark.parametrize("name,data,pattern", BAD_TEXT, ids=[b[0] for b in BAD_TEXT])
def test_bad_file_gives_one_clear_line(tmp_path: Path, name: str, data: bytes, pattern: str):
    with pytest.raises(IngestError, match=pattern) as err:
        read_source(write(tmp_path, name, data))
    assert_one_line(str(err.value))


# --- text files: encodings ------------------------------------------------------------------

ENCODED = [
    ("cp1252", (NORWEGIAN + " – «sitat» ’ok’").encode("cp1252"), "cp1252"),
    ("latin-1", NORWEGIAN.encode("latin-1"), "latin-1"),
    ("utf-8", NORWEGIAN.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", NORWEGIAN.encode("utf-8-sig"), "utf-8-sig"),
    ("utf-16 with BOM", NORWEGIAN.encode("utf-16"), "utf-16-le"),
    ("utf-16-be with BOM", b"\xfe\xff" + NORWEGIAN.encode("utf-16-be"), "utf-16-be"),
    ("utf-16 without BOM", NORWEGIAN.encode("utf-16-le"), "utf-16-le"),
    ("utf-32 with BOM", NORWEGIAN.encode("utf-32"), "utf-32-le"),
]


@pytest.mark.parametrize("label,data,encoding", ENCODED, ids=[e[0] for e in ENCODED])
def test_encodings_decode_norwegian_letters(label: str, data: bytes, encoding: str):
    text, found, warnings = decode_text(data)
    assert text.startswith(NORWEGIAN)
    assert found == encoding
    if encoding in ("cp1252", "latin-1"):
        assert warnings == [f"file is not UTF-8 (first bad byte at 1); read it as {encoding}"]
    else:
        assert warnings == []


def test_cp1252_punctuation_comes_out_right():
    text, encoding, _ = decode_text("Sak 12/24 – «Bøkeskogen» ’ok’ … € 5".encode("cp1252"))
    assert (text, encoding) == ("Sak 12/24 – «Bøkeskogen» ’ok’ … € 5", "cp1252")


@pytest.mark.parametrize("name,data,encoding", [
    ("vindu.txt", (NORWEGIAN + " – ferdig").encode("cp1252"), "cp1252"),
    ("gammel.txt", NORWEGIAN.encode("latin-1"), "latin-1"),
    ("bred.txt", NORWEGIAN.encode("utf-16"), "utf-16-le"),
])
def test_detected_encoding_is_recorded_in_the_store(tmp_path: Path, name: str, data: bytes, encoding: str):
    store = Store.open(tmp_path / "data")
    report = ingest_paths([write(tmp_path, name, data)], store)
    assert report.ok, report.to_dict()
    (source,) = store.sources()
    assert source["encoding"] == encoding
    assert NORWEGIAN in store.pages(source["id"])[0].text


def test_mojibake_is_repaired_with_a_warning(tmp_path: Path):
    mojibake = NORWEGIAN.encode("utf-8").decode("cp1252")
    assert "Ã¸" in mojibake
    path = write(tmp_path, "mojibake.txt", ("Referat\n" + mojibake + "\n").encode("utf-8"))
    source = read_source(path)
    assert NORWEGIAN in source.text
    assert source.encoding == "utf-8"
    assert source.warnings == ["text was UTF-8 read as cp1252 (mojibake such as Ã¸ for ø); repaired"]


def test_mojibake_mixed_with_correct_letters_is_repaired():
    text, _, warnings = decode_text("Møte: Ã˜ystein og Ã…se, sak Â§ 4 â€“ vedtatt".encode("utf-8"))
    assert text == "Møte: Øystein og Åse, sak § 4 – vedtatt"
    assert len(warnings) == 1


def test_clean_text_is_left_alone():
    text = "Ærlig talt: «Åse» sa nei – og ÅSE sa JA. Ãrsmøte?"  # a lone Ã is not mojibake
    assert decode_text(text.encode("utf-8")) == (text, "utf-8", [])


def test_windows_line_ends_and_ligatures_in_text_files():
    text, _, _ = decode_text("Første linje\r\nandre ﬁnne\rtredje".encode("utf-8"))
    assert text == "Første linje\nandre finne\ntredje"


# --- size limit -----------------------------------------------------------------------------


def sparse_file(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of ``size`` bytes that takes no time to write: ``head`` then a hole."""
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def test_too_large_file_is_refused_with_the_default_limit(tmp_path: Path):
    big = sparse_file(tmp_path / "stor.pdf", 52_400_000, b"%PDF-1.7\n")
    code, summary = run_cli(tmp_path / "data", str(big))
    assert code == 1
    (result,) = summary["files"]
    assert result["error"] == (
        "file is too large: 52.4 MB, the limit is 40 MB (raise it with --max-file-mb or SAKSGRAF_MAX_FILE_MB)"
    )


def test_raised_limit_lets_the_large_file_through_to_the_reader(tmp_path: Path):
    big = sparse_file(tmp_path / "stor.pdf", 52_400_000, b"%PDF-1.7\n")
    code, summary = run_cli(tmp_path / "data", "--max-file-mb", "60", str(big))
    assert code == 1
    assert summary["files"][0]["error"].startswith("PDF is truncated")


def test_limit_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SAKSGRAF_MAX_FILE_MB", "0.001")
    path = write(tmp_path, "notat.txt", NORWEGIAN.encode() * 40)
    code, summary = run_cli(tmp_path / "data", str(path))
    assert code == 1
    assert summary["files"][0]["error"].startswith("file is too large: 0.0 MB, the limit is 0.001 MB")


# --- batches that mix good and bad files ----------------------------------------------------

GOOD = {
    "protokoll.pdf": lambda: pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES),
    "delvis_skannet.pdf": lambda: pdfs.mixed_pdf([pdfs.MOTEPROTOKOLL_PAGES[2], None]),
    "notat_cp1252.txt": lambda: (NORWEGIAN + "\n– vedtatt").encode("cp1252"),
    "underveis/referat.md": lambda: ("# Referat\n\n" + NORWEGIAN).encode("utf-8"),
}
BAD = {
    "tom.txt": (lambda: b"", "file is empty"),
    "luft.txt": (lambda: b"   \n\n", "file has no text (only white space)"),
    "binaer.txt": (lambda: pdfs.random_bytes(), "file looks binary"),
    "tilfeldig.pdf": (lambda: pdfs.random_bytes(), "not a PDF file (no %PDF header)"),
    "skannet.pdf": (lambda: pdfs.scanned_pdf(2), "PDF has no text layer"),
    "kryptert.pdf": (
        lambda: pdfs.encrypted(pdfs.text_pdf(["Hemmelig referat fra møtet"]), "hemmelig"),
        "PDF is encrypted with a password; decrypt it first",
    ),
    "underveis/avbrutt.pdf": (lambda: pdfs.truncated(pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES)), "PDF is truncated"),
}


def test_folder_with_good_and_bad_files(tmp_path: Path):
    folder = tmp_path / "innboks"
    for name, make in GOOD.items():
        write(folder, name, make())
    data_dir = tmp_path / "data"
    code, first = run_cli(data_dir, *[str(folder / name) for name in GOOD])
    assert code == 0, first
    before = table_dump(data_dir / "documents.sqlite")

    for name, (make, _) in BAD.items():
        write(folder, name, make())
    write(folder, "bilde.jpg", pdfs.scan_image())  # not a supported type: skipped inside a folder
    code, summary = run_cli(data_dir, str(folder))
    assert code == 1
    by_name = {Path(f["path"]).relative_to(folder).as_posix(): f for f in summary["files"]}
    assert set(by_name) == set(GOOD) | set(BAD)
    for name in GOOD:
        assert by_name[name]["status"] == "unchanged", by_name[name]
    for name, (_, expected) in BAD.items():
        result = by_name[name]
        assert result["status"] == "error"
        assert result["error"].startswith(expected), result
        assert_one_line(result["error"])
    assert summary["counts"] == {"unchanged": len(GOOD), "error": len(BAD)}
    assert table_dump(data_dir / "documents.sqlite") == before


def test_good_files_in_a_failing_batch_are_stored(tmp_path: Path):
    folder = tmp_path / "innboks"
    for name, make in GOOD.items():
        write(folder, name, make())
    for name, (make, _) in BAD.items():
        write(folder, name, make())
    code, summary = run_cli(tmp_path / "data", str(folder))
    assert code == 1
    statuses = {f["name"]: f["status"] for f in summary["files"]}
    assert {Path(n).name: "added" for n in GOOD}.items() <= statuses.items()
    warned = next(f for f in summary["files"] if f["name"] == "delvis_skannet.pdf")
    assert warned["warnings"] == [
        "page 2 has no text layer, only images (scanned?): their text is missing; run OCR on the PDF to read them"
    ]
    with Store.open(tmp_path / "data") as store:
        assert sorted(s["name"] for s in store.sources()) == sorted(Path(n).name for n in GOOD)


def test_file_named_directly_with_unsupported_type_and_missing_path(tmp_path: Path):
    doc = write(tmp_path, "vedtak.docx", b"PK\x03\x04" + pdfs.random_bytes())
    code, summary = run_cli(tmp_path / "data", str(doc), str(tmp_path / "finnes_ikke.pdf"))
    assert code == 1
    errors = {f["name"]: f["error"] for f in summary["files"]}
    assert errors == {
        "vedtak.docx": "unsupported file type .docx: expected .pdf, .txt or .md",
        "finnes_ikke.pdf": "no such file or folder",
    }


def test_same_name_twice_in_one_batch_is_an_error_for_the_second(tmp_path: Path):
    first = write(tmp_path / "a", "referat.txt", ("Referat A\n" + NORWEGIAN).encode())
    second = write(tmp_path / "b", "referat.txt", ("Referat B\n" + NORWEGIAN).encode())
    store = Store.open(tmp_path / "data")
    report = ingest_paths([first, second], store)
    assert [f.status for f in report.files] == ["added", "error"]
    assert report.files[1].error == f"another file named referat.txt is in this batch ({first}); rename one of them"
    assert "Referat A" in store.source_text(source_id_for("referat.txt"))


def test_same_content_twice_in_one_batch_is_stored_once(tmp_path: Path):
    data = ("Referat\n" + NORWEGIAN).encode()
    store = Store.open(tmp_path / "data")
    report = ingest_paths([write(tmp_path, "a.txt", data), write(tmp_path, "b.txt", data)], store)
    assert [f.status for f in report.files] == ["added", "duplicate"]
    assert report.files[1].warnings == ["same content as a.txt, already ingested; skipped"]
    assert [s["name"] for s in store.sources()] == ["a.txt"]


def test_a_crashing_stage_costs_one_file_not_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import ingest.pipeline

    real = ingest.pipeline.split_documents

    def split(pages):
        if any("Bøkeskogen" in p.text for p in pages):
            raise ValueError("splitter bug")
        return real(pages)

    monkeypatch.setattr(ingest.pipeline, "split_documents", split)
    good = write(tmp_path, "god.txt", ("Referat\n" + NORWEGIAN).encode())
    bad = write(tmp_path, "protokoll.pdf", pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES))
    store = Store.open(tmp_path / "data")
    report = ingest_paths([bad, good], store)
    assert {f.name: f.status for f in report.files} == {"protokoll.pdf": "error", "god.txt": "added"}
    assert report.files[0].error == (
        "internal error in stage split (ValueError: splitter bug); please report it"
    )
