"""Meeting extraction: the sample's gold facts (precision/recall per kind) and protocols in other layouts."""

from __future__ import annotations

import doctest
import json
import re
from collections import Counter

import pytest
from rapidfuzz import fuzz

from ingest.extract import agenda, attendance, meeting_header, meetings, personrows, textlines
from ingest.extract.base import DocumentText
from ingest.extract.meetings import extract_meetings, meeting_facts
from ingest.extract.mentions import lower_case_words
from ingest.extract.names import party_name
from ingest.model import Document, Page
from tests.conftest import ROOT, SAMPLE
from tests.meeting_layouts import (
    ACOS, ELEMENTS, NYNORSK, PUBLIC_360, TABLE_CELLS, TABLE_COLUMNS, TABLE_HEAD, TABLE_ROWS,
)

GOLD = ROOT / "tests" / "gold" / "facts_meetings.jsonl"
KINDS = ("meeting", "chair", "secretary", "attendee", "absentee", "substitution", "member_count", "agenda_item")
NAME_KEYS = {"name", "substitute", "substitute_for"}


# --- a small matcher: normalised text, fuzzy names and titles, party codes by party ---------------

def _norm(value: object) -> str:
    text = str(value).casefold()
    text = re.sub(r"[‐‑‒–—―-]+", "-", text)
    text = re.sub(r"[«»“”„\"'’]", '"', text)
    return re.sub(r"\s+", " ", text).strip()


def _field_matches(key: str, gold: object, pred: object) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if key in NAME_KEYS:
        return fuzz.token_set_ratio(_norm(gold), _norm(pred)) >= 90
    if key == "party":
        g, p = party_name(str(gold)), party_name(str(pred))
        return g == p if g and p else _norm(gold) == _norm(pred)
    if key == "title":
        return fuzz.ratio(_norm(gold), _norm(pred)) >= 90
    return _norm(gold) == _norm(pred)


def _fact_matches(gold: dict, pred: dict) -> bool:
    return all(_field_matches(k, gold[k], pred.get(k)) for k in gold)


def score(gold: list[dict], predicted: list[dict]) -> dict[str, tuple[float, float, int, int, int]]:
    """Per kind: (precision, recall, true positives, predicted, gold), matching one-to-one."""
    out = {}
    for kind in KINDS:
        g = [f["fact"] for f in gold if f["kind"] == kind]
        p = [f["fact"] for f in predicted if f["kind"] == kind]
        free = list(range(len(g)))
        tp = 0
        for fact in p:
            hit = next((i for i in free if _fact_matches(g[i], fact)), None)
            if hit is not None:
                free.remove(hit)
                tp += 1
        out[kind] = (tp / len(p) if p else 1.0, tp / len(g) if g else 1.0, tp, len(p), len(g))
    return out


def test_matcher_can_fail():
    gold = [{"kind": "attendee", "fact": {"body": "Formannskapet", "date": "2024-03-12", "name": "Ola Hansen",
                                          "party": "Ap", "role": "leder"}}]
    same = [{"kind": "attendee", "fact": {**gold[0]["fact"], "name": "Ola  HANSEN", "party": "A"}}]
    other = [{"kind": "attendee", "fact": {**gold[0]["fact"], "name": "Kari Hansen"}}]
    assert score(gold, same)["attendee"][:2] == (1.0, 1.0)
    assert score(gold, other)["attendee"][:2] == (0.0, 0.0)


# --- the sample -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_meetings(sample_store):
    """Every meeting record read from the sample's møteinnkalling, sakskart and møteprotokoll documents."""
    records, pages_by_source = [], {}
    for src in sample_store.sources():
        pages = sample_store.pages(src["id"])
        pages_by_source[src["id"]] = {p.number: p.text for p in pages}
        lower_words = lower_case_words("\n".join(p.text for p in pages))  # as extract_source reads the file
        for document in sample_store.document_records(src["id"]):
            if document.doc_type in meetings.DOCUMENT_TYPES:
                doc = DocumentText.from_pages(src["id"], document, pages)
                doc.lower_words = lower_words
                records.extend(extract_meetings(doc))
    return records, pages_by_source


def test_gold_file_is_exhaustive_and_cites_real_lines():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {r["kind"] for r in rows} == set(KINDS)
    for row in rows:
        lines = (SAMPLE / row["file"]).read_text(encoding="utf-8").splitlines()
        first, last = row["lines"]
        assert 1 <= first <= last <= len(lines), row
        printed = " ".join(lines[first - 1 : last])
        fact = row["fact"]
        for key in ("item_number", "place"):
            if fact.get(key):
                assert fact[key] in printed, row
    keys = Counter((r["kind"], json.dumps(r["fact"], sort_keys=True)) for r in rows)
    assert max(keys.values()) == 1


def test_sample_precision_and_recall_per_kind(sample_meetings):
    records, _ = sample_meetings
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = score(gold, meeting_facts(records))
    report = "\n".join(
        f"{k:13} P={p:.2f} R={r:.2f} ({tp}/{n} predicted, {g} gold)" for k, (p, r, tp, n, g) in result.items()
    )
    print("\nmeeting facts vs gold\n" + report)
    for kind, (precision, recall, *_rest) in result.items():
        assert precision >= 0.95 and recall >= 0.85, f"{kind}\n{report}"


def test_sample_evidence_quotes_the_page(sample_meetings):
    records, pages = sample_meetings
    evidences = []
    for record in records:
        evidences.append(record.evidence)
        evidences += [item.evidence for item in record.agenda]
        people = [record.chair, record.secretary, *record.officials]
        for a in record.attendance:
            people += [a.person, a.substitute_for]
        evidences += [p.evidence for p in people if p is not None]
    assert len(evidences) > 60
    for ev in evidences:
        assert pages[ev.source_id][ev.page][ev.start : ev.end] == ev.quote


def test_sample_notice_and_protocol_merge_into_one_meeting(sample_meetings):
    records, _ = sample_meetings
    jan = [r for r in records if r.date == "2023-01-17"]
    assert {r.document_type for r in jan} == {"møteinnkalling", "sakskart", "møteprotokoll"}
    notice = next(r for r in jan if r.document_type == "møteinnkalling")
    assert (notice.start_time, notice.end_time, notice.attendance, notice.chair) == ("18:00", None, [], None)
    facts = [f for f in meeting_facts(records) if f["fact"]["date"] == "2023-01-17"]
    (meeting,) = [f["fact"] for f in facts if f["kind"] == "meeting"]
    assert (meeting["start_time"], meeting["end_time"]) == ("18:00", "20:51")
    assert sorted(f["fact"]["item_number"] for f in facts if f["kind"] == "agenda_item") == ["1/23", "2/23", "3/23"]
    protocol = next(r for r in jan if r.document_type == "møteprotokoll")
    # The attendance block lists the director; the protocol's text names the officials who spoke.
    assert [(o.name, o.role) for o in protocol.officials] == [
        ("Kai Erik Lund", "direktør"), ("Terje Larsen", "kommunalsjef for skole"), ("Hege Ophus", "kommunalsjef"),
        ("Synnøve Osmundsen", "rådgiver innbyggertorg"), ("Ragna Haukeland", "rådgiver NAV"), ("Nanette Bohn", "rådgiver"),
    ]


def test_sample_protocol_as_ocr_reads_it_column_by_column():
    """The OCR reading of the protocol's first page shreds the table into Funksjon, Navn and Møtte for lists."""
    from ingest.layers import merge_page
    from ingest.readers import read_source

    source = read_source(SAMPLE / "001_4337fc0676f2b209.txt")
    page = merge_page(next(r for r in source.pages if r.number == 16))
    ocr = page.original["ocr"]
    assert "Funksjon\n\nLeder i utvalg" in ocr  # the shredded layout this test is about
    (record,) = extract_meetings(_doc(ocr))
    assert (record.date, record.start_time, record.end_time) == ("2022-11-29", "18:00", "22:10")
    assert record.member_count == 13
    present = {a.person.name: a for a in record.attendance if a.present}
    assert len(present) == 13
    assert present["Kristin Walstad"].substitute_for.name == "Waldemar Ribert Garntangen"
    assert present["Ole Eldar Kjølen"].substitute_for.name == "Nimrah Ramzan"
    assert present["Ole Eldar Kjølen"].person.role == "varamedlem"
    assert sum(a.substitute_for is not None for a in record.attendance) == 2
    assert sorted(a.person.name for a in record.attendance if not a.present) == ["Nimrah Ramzan", "Waldemar Garntangen"]


def test_sample_notice_as_ocr_reads_stacked_labels():
    """OCR reads the notice's "Utvalg Dato Sted" table as a label over each value."""
    from ingest.layers import merge_page
    from ingest.readers import read_source

    source = read_source(SAMPLE / "001_4337fc0676f2b209.txt")
    ocr = merge_page(next(r for r in source.pages if r.number == 1)).original["ocr"]
    assert "Utvalg\nUtvalg for oppvekst\n\nDato Sted\n" in ocr
    (record,) = extract_meetings(_doc(ocr, "møteinnkalling"))
    assert (record.body, record.date, record.start_time, record.end_time, record.place) == (
        "Utvalg for oppvekst", "2023-01-17", "18:00", None, "Asker rådhus")


# --- other layouts --------------------------------------------------------------------------------

def _doc(text: str, doc_type: str = "møteprotokoll", title: str = "") -> DocumentText:
    page = Page(1, text, 0, len(text), ("text",), False, {})
    return DocumentText.from_pages("t", Document(1, doc_type, title, 1, 1), [page])


def _one(text: str, doc_type: str = "møteprotokoll"):
    records = extract_meetings(_doc(text, doc_type))
    assert len(records) == 1, records
    record = records[0]
    for ev in [record.evidence, *(i.evidence for i in record.agenda), *(a.person.evidence for a in record.attendance)]:
        assert text[ev.start : ev.end] == ev.quote
    return record


def _people(record, present: bool = True) -> dict[str, tuple]:
    return {
        a.person.name: (a.person.party, a.person.role, a.substitute_for.name if a.substitute_for else None)
        for a in record.attendance if a.present == present
    }


def test_public_360_kommunestyre_protocol():
    r = _one(PUBLIC_360)
    assert (r.body, r.date, r.start_time, r.end_time, r.place) == (
        "Kommunestyret", "2024-03-12", "18:00", "22:15", "Kommunestyresalen")
    assert (r.chair.name, r.chair.role, r.chair.party) == ("Ola Hansen", "ordfører", "Ap")
    assert (r.secretary.name, r.member_count) == ("Mona Berg", 8)
    present = _people(r)
    assert present["Ola Hansen"] == ("Ap", "ordfører", None)
    assert present["Kari Nordmann"] == ("H", "varaordfører", None)
    assert present["Lise Berg"] == ("V", None, None)  # the name wraps onto the next line
    assert present["Siri Lund"] == ("Ap", "varamedlem", "Trond Vik")
    assert present["Geir Moe"] == ("H", "varamedlem", "Eva Strand")
    assert len(present) == 8
    assert set(_people(r, present=False)) == {"Trond Vik", "Eva Strand"}
    assert [(o.name, o.role) for o in r.officials] == [("Åse Li", "kommunedirektør"), ("Bjørn Aas", "økonomisjef")]
    assert [(i.item_number, i.title) for i in r.agenda] == [
        ("12/24", "Godkjenning av protokoll fra forrige møte"),
        ("13/24", "Budsjettjustering 2024 - endring av investeringsbudsjettet"),
        ("RS 3/24", "Melding om vedtak"),
        ("14/24", "Reguleringsplan for Nordre Vik"),
    ]


@pytest.mark.parametrize("text", [TABLE_ROWS, TABLE_COLUMNS], ids=["row-per-line", "column-by-column"])
def test_navn_funksjon_parti_motte_for_table(text):
    r = _one(text)
    assert (r.body, r.date, r.start_time, r.end_time, r.place) == (
        "Formannskapet", "2023-09-05", "09:00", "13:30", "Rådhuset, møterom 1")
    assert _people(r) == {
        "Ola Hansen": ("Ap", "leder", None),
        "Kari Nordmann": ("H", "nestleder", None),
        "Siri Lund": ("Ap", "varamedlem", "Trond Vik"),
        "Per Olsen": ("Sp", "medlem", None),
    }
    assert list(_people(r, present=False)) == ["Trond Vik"]


def test_table_with_tab_separated_cells():
    r = _one(TABLE_CELLS)
    assert _people(r) == {"Ola Hansen": ("Ap", None, None), "Siri Lund": ("Ap", None, "Trond Vik")}


def test_folgende_varamedlemmer_motte_sentence():
    text = TABLE_HEAD + (
        "Til stede: Ola Hansen (Ap), Per Olsen (Sp)\n"
        "Følgende varamedlemmer møtte: Kari Nordmann (Ap) for Ola Berg (Ap), Siri Dal (H) møtte for Eva Moe (H)\n"
    )
    present = _people(_one(text))
    assert present["Kari Nordmann"] == ("Ap", "varamedlem", "Ola Berg")
    assert present["Siri Dal"] == ("H", "varamedlem", "Eva Moe")
    assert len(present) == 4


def test_nynorsk_protocol():
    r = _one(NYNORSK)
    assert (r.body, r.date, r.start_time, r.end_time, r.place) == (
        "Formannskapet", "2023-06-05", "09:00", "14:30", "Heradshuset, møterom Fjorden")
    assert (r.chair.name, r.chair.role, r.secretary.name) == ("Ola Nordmann", "leiar", "Randi Nes")
    assert _people(r)["Siri Dal"] == ("H", "varamedlem", "Anne Lie")
    assert _people(r)["Ola Nordmann"] == ("Sp", "leiar", None)
    assert list(_people(r, present=False)) == ["Anne Lie"]
    assert [(o.name, o.role) for o in r.officials] == [("Jon Bø", "kommunedirektør")]
    assert [i.item_number for i in r.agenda] == ["21/23", "22/23"]


def test_elements_protocol():
    r = _one(ELEMENTS)
    assert (r.body, r.date, r.start_time, r.end_time, r.place) == (
        "Hovedutvalg for teknikk og miljø", "2023-03-14", "10:00", "15:00", "Kommunestyresalen")
    present = _people(r)
    assert present["Ola Hansen"] == ("AP", "leder", None)
    # "Navn" and "Møtte for" run together: split where the absentee's name begins.
    assert present["Jon Vara"] == ("SP", "varamedlem", "Lise Berg")
    assert _people(r, present=False) == {"Lise Berg": ("SP", "medlem", None)}
    assert [(o.name, o.role) for o in r.officials] == [("Knut Knutsen", "rådmann"), ("Guri Aas", "møtesekretær")]
    assert r.secretary.name == "Guri Aas"
    assert [(i.item_number, i.title) for i in r.agenda][1] == ("6/23", "Detaljregulering for Bakkeveien 12")


def test_acos_protocol():
    r = _one(ACOS)
    assert (r.body, r.date, r.start_time, r.end_time, r.place) == (
        "Bystyret", "2023-06-20", "18:00", "21:40", "Bystyresalen")
    assert _people(r) == {
        "Ola Hansen": ("AP", "ordfører", None),
        "Kari Nordmann": ("H", None, None),
        "Per Olsen": ("SP", None, None),
        "Eva Holm": ("AP", "varamedlem", "Trine Dahl"),
    }
    assert list(_people(r, present=False)) == ["Trine Dahl"]
    assert (r.secretary.name, [o.name for o in r.officials]) == ("Siri Sekk", ["Knut Knutsen"])
    assert [i.item_number for i in r.agenda] == ["45/23", "46/23", "47/23"]


def test_absence_table_naming_the_substitute():
    text = """Møtebok for Fellesnemnd

Møtedato: 07.09.2017
Møtested: Rådhuset
Møtetid: 12:00-15:00

Møtedeltakarar Parti Rolle
Jarle Vik SP Medlem
Anne Lind AP Utvalsleiar
Per Dal H Varamedlem

Forfall Parti Møtande varamedlem
Kenneth Strand H Per Dal

Sakliste
Saknr Tittel
019/17 Godkjenning av innkalling og saksliste
"""
    r = _one(text)
    assert (r.body, r.start_time, r.end_time) == ("Fellesnemnd", "12:00", "15:00")
    assert _people(r) == {
        "Jarle Vik": ("SP", "medlem", None),
        "Anne Lind": ("AP", "utvalsleiar", None),
        "Per Dal": ("H", "varamedlem", "Kenneth Strand"),
    }
    assert _people(r, present=False) == {"Kenneth Strand": ("H", None, None)}


def test_running_text_with_initials_and_og():
    text = """Protokoll fra møte i Kontrollutvalget tirsdag 5. november 2013
Sted: Folkets hus
Tid: 17:00 – 19:30
Tilstede: Kåre Lien, Elise V Moksnes, Arvid Wold og Tone
Berg.
Forfall: Tone Vik og Tommy Dahl.
"""
    r = _one(text)
    assert (r.body, r.date, r.place) == ("Kontrollutvalget", "2013-11-05", "Folkets hus")
    assert list(_people(r)) == ["Kåre Lien", "Elise V Moksnes", "Arvid Wold", "Tone Berg"]
    assert list(_people(r, present=False)) == ["Tone Vik", "Tommy Dahl"]


def test_notice_gives_no_attendance():
    text = """MØTEINNKALLING

Utvalg: Eldrerådet
Møtested: Rådhuset, møterom 2
Dato: 12.02.2024
Tidspunkt: kl. 10.00

Medlemmer: Ola Hansen (Ap), Kari Nordmann (H)
Forfall meldes til sekretariatet på telefon.
Vararepresentanter møter etter nærmere beskjed fra møtesekretær.

SAKSLISTE
Saksnr. Innhold
PS 1/24 Godkjenning av innkalling og saksliste
RS 1/24 Referat fra møte i kontrollutvalget
PS 2/24 Høring - Eldreplan 2024-2030
"""
    r = _one(text, "møteinnkalling")
    assert (r.body, r.date, r.start_time, r.end_time, r.place) == (
        "Eldrerådet", "2024-02-12", "10:00", None, "Rådhuset, møterom 2")
    assert (r.attendance, r.chair, r.secretary, r.member_count) == ([], None, None, None)
    assert [i.item_number for i in r.agenda] == ["1/24", "RS 1/24", "2/24"]


def test_agenda_with_page_column_and_wrapped_title():
    text = """Møteprotokoll
Utvalg for kultur 03.04.2024

Saksliste Side
10/24 24/00123-4 Godkjenning av protokoll 3
11/24 24/00456-1 Kulturplan 2024-2030 - høring av forslag til
ny plan 4
12/24 23/09876-12 Tilskudd til lag og foreninger 2024 12

Saker til behandling

10/24 Godkjenning av protokoll
Behandlet av Møtedato Saksnr.
1 Utvalg for kultur 03.04.2024 10/24

3/10
"""
    r = _one(text)
    assert (r.body, r.date) == ("Utvalg for kultur", "2024-04-03")
    assert [(i.item_number, i.journalpost, i.title) for i in r.agenda] == [
        ("10/24", "24/00123-4", "Godkjenning av protokoll"),
        ("11/24", "24/00456-1", "Kulturplan 2024-2030 - høring av forslag til ny plan"),
        ("12/24", "23/09876-12", "Tilskudd til lag og foreninger 2024"),
    ]


def test_two_protocols_in_one_document_give_two_meetings():
    second = ELEMENTS.replace("14.03.2023", "11.04.2023")
    records = extract_meetings(_doc(ELEMENTS + "\n" + second))
    assert [(r.body, r.date) for r in records] == [
        ("Hovedutvalg for teknikk og miljø", "2023-03-14"), ("Hovedutvalg for teknikk og miljø", "2023-04-11")]
    assert all(len(r.attendance) == 5 for r in records)


def test_sentence_about_an_earlier_protocol_is_not_a_new_meeting():
    text = PUBLIC_360 + "\nVedtak\nProtokoll fra møte i Kommunestyret 13.02.2024 godkjennes\nslik den foreligger.\n"
    assert [(r.body, r.date) for r in extract_meetings(_doc(text))] == [("Kommunestyret", "2024-03-12")]


def test_sakskart_without_heading_takes_body_and_date_from_title():
    text = "Sakskart\n\nSaker til behandling\n\n4/24 24/00001-2 Budsjett\n\nReferatsaker\n\n"
    text += "Vik, 01.02.2024\nOla Hansen\n"
    (r,) = extract_meetings(_doc(text, "sakskart", "Formannskapet 13.02.2024"))
    assert (r.body, r.date, [i.item_number for i in r.agenda]) == ("Formannskapet", "2024-02-13", ["4/24"])
    assert extract_meetings(_doc(text, "sakskart", "")) == []


def test_facts_merge_documents_and_drop_duplicates():
    notice_text = PUBLIC_360.replace("MØTEPROTOKOLL", "MØTEINNKALLING").replace("18:00 - 22:15", "18:00")
    notice = _one(notice_text, "møteinnkalling")
    protocol = _one(PUBLIC_360)
    facts = meeting_facts([notice, protocol, protocol])
    counts = Counter(f["kind"] for f in facts)
    assert counts == {"meeting": 1, "chair": 1, "secretary": 1, "member_count": 1, "attendee": 8,
                      "absentee": 2, "substitution": 2, "agenda_item": 4}
    (meeting,) = [f["fact"] for f in facts if f["kind"] == "meeting"]
    assert meeting["end_time"] == "22:15"
    assert all(f["evidence"]["quote"] for f in facts)


def test_surname_first_list_and_times_from_the_close():
    text = """Møteprotokoll
Formannskapet
Dato: 01.02.2024
Møtetid: kl. 18.00
Til stede:
Leder Hansen, Ola (Ap)
Nestleder Nordmann, Kari Anne (H)
Forfall:
Vik, Trond (Ap)
Andre møtende: Kari Li, rådgiver
Saksliste
PS 1/24 Godkjenning av protokoll
Møtet hevet kl. 21.45
"""
    r = _one(text)
    assert (r.start_time, r.end_time) == ("18:00", "21:45")
    assert _people(r) == {"Ola Hansen": ("Ap", "leder", None), "Kari Anne Nordmann": ("H", "nestleder", None)}
    assert list(_people(r, present=False)) == ["Trond Vik"]
    assert [(o.name, o.role) for o in r.officials] == [("Kari Li", "rådgiver")]


def test_prose_is_not_attendance():
    """Sentences under a label, apologies and remarks give no person; a remark after a name is dropped."""
    text = """Møteprotokoll
Formannskapet 01.02.2024
Til stede: Ola Hansen (Ap) fra sak 3, Kari Nordmann (H)
Forfall: Ingen
Det var ingen merknader til innkallingen.
Kommunedirektøren var til stede under hele møtet.
"""
    r = _one(text)
    assert list(_people(r)) == ["Ola Hansen", "Kari Nordmann"]
    assert _people(r, present=False) == {}
    assert (r.chair, r.secretary, r.member_count, r.officials) == (None, None, None, [])


@pytest.mark.parametrize("module", [agenda, attendance, meeting_header, meetings, personrows, textlines])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


REFERATSAKER = ELEMENTS + """
Orienteringer

1. Virksomhetsleder Park Hilde Gran og rådgiver Ove Moen presenterte vedlikeholdsplanen for park og friområder.
2. Kommunalsjef for teknikk Arne Lid orienterte om brannstasjonen, sammen med brannsjef Eva Ruud.
3. Leder Ola Hansen svarte på spørsmål om møteplanen.
"""


def test_officials_who_presented_in_the_meeting_are_present():
    doc = _doc(REFERATSAKER)
    doc.lower_words = frozenset({"park", "friområder"})  # what extract_source reads off the whole file
    (m,) = extract_meetings(doc)
    assert [(p.name, p.role) for p in m.officials] == [
        ("Knut Knutsen", "rådmann"), ("Guri Aas", "møtesekretær"),
        ("Hilde Gran", "virksomhetsleder park"), ("Ove Moen", "rådgiver"),
        ("Arne Lid", "kommunalsjef for teknikk"), ("Eva Ruud", "brannsjef"),
    ]  # the committee's own leader is an attendee, not an official
