"""Cases: arkivsak, title, case officers, saksgang, the proposal put forward and the plan, on the sample and other layouts.

The sample is scored against tests/gold/facts_cases.jsonl (hand-verified, exhaustive per kind);
documents in other kommuners' layouts are built here with invented names and numbers.
"""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

from ingest.extract import DocumentText, caseplan, extract_source, factmatch, facts, mentions, proposals, saksgang, textspan
from ingest.extract.cases import case_facts, extract_cases
from ingest.extract.factmatch import score
from ingest.extract.textspan import Line
from ingest.splitter import split_documents
from tests import templates as T
from tests.conftest import SAMPLE

GOLD_PATH = Path(__file__).parent / "gold" / "facts_cases.jsonl"
GOLD = [json.loads(line) for line in GOLD_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
CASE_KINDS = ("case", "case_officer", "saksgang", "case_proposal")
TREATMENT_KINDS = ("treatment", "introduced_by", "motion", "vote", "decision", "comment")


def sample_extractions(store):
    return [store.extraction(src["id"]) for src in store.sources()]


def documents(text: str) -> list[DocumentText]:
    """The documents the real splitter finds in ``text`` (one page), ready for the extractors."""
    pages = T.pages_from([text])
    return [DocumentText.from_pages("test-source", d, pages) for d in split_documents(pages)]


def only_case(text: str):
    cases = [c for doc in documents(text) for c in extract_cases(doc)]
    assert len(cases) == 1, cases
    return cases[0]


def rows(case) -> list[tuple]:
    return [(e.order, e.body, e.meeting_date, e.item_number) for e in case.saksgang]


# --------------------------------------------------------------------------- the sample


def test_gold_file_is_well_formed():
    kinds = set(CASE_KINDS) | set(TREATMENT_KINDS)
    assert len(GOLD) >= 150
    sizes = {name: len((SAMPLE / name).read_text(encoding="utf-8").split("\n")) for name in {r["file"] for r in GOLD}}
    for row in GOLD:
        assert row["kind"] in kinds, row
        first, last = row["lines"]
        assert 1 <= first <= last <= sizes[row["file"]], row
    # Each distinct fact is listed once.
    keys = [(r["kind"], json.dumps(r["fact"], sort_keys=True, ensure_ascii=False)) for r in GOLD]
    assert len(keys) == len(set(keys))
    assert {r["kind"] for r in GOLD} == kinds


def test_case_facts_match_gold(sample_store):
    got = case_facts(c for ex in sample_extractions(sample_store) for c in ex.cases)
    gold = [g for g in GOLD if g["kind"] in CASE_KINDS]
    result = score(got, gold)
    report = {k: (round(v["precision"], 3), round(v["recall"], 3), v["got"], v["gold"]) for k, v in result.items()}
    print("case facts (P, R, got, gold):", report)
    for kind in CASE_KINDS:
        r = result[kind]
        assert r["precision"] >= 0.95, (kind, r["extra"])
        assert r["recall"] >= 0.85, (kind, r["missed"])


def test_case_records_carry_exact_evidence(sample_store):
    checked = 0
    for src in sample_store.sources():
        pages = {p.number: p.text for p in sample_store.pages(src["id"])}
        for case in sample_store.extraction(src["id"]).cases:
            evidences = [case.evidence, *(p.evidence for p in case.case_officers), *(e.evidence for e in case.saksgang)]
            if case.proposal:
                evidences.append(case.proposal.evidence)
            for ev in evidences:
                assert pages[ev.page][ev.start : ev.end] == ev.quote
                checked += 1
    assert checked > 80


def test_sample_cases_name_their_plans(sample_store):
    plans = {}
    for ex in sample_extractions(sample_store):
        for c in ex.cases:
            plans.setdefault(c.arkivsak, set()).add(c.plan_title)
    assert plans["21/21815"] == {"På lik linje"}
    assert plans["22/22972"] == {"Å høre til"}
    assert plans["23/01587"] == {"NOU 2022: 13 Med videre betydning"}
    assert plans["23/02061"] == {None}  # "Plan for inngåelse av effektkontrakt" is not a plan document
    assert plans["22/23576"] == {None}


def test_saksgang_rows_read_from_shredded_tables(sample_store):
    cases = [c for ex in sample_extractions(sample_store) for c in ex.cases if c.arkivsak == "21/21815"]
    protocol = next(c for c in cases if any(e.item_number for e in c.saksgang))
    assert rows(protocol)[2] == (3, "Råd for personer med funksjonsnedsettelse", "2023-02-09", "4/23")
    assert len(protocol.saksgang) == 5


# --------------------------------------------------------------------------- other layouts


def test_acos_saksframlegg():
    case = only_case(T.ACOS_SAKSFRAMLEGG)
    assert (case.arkivsak, case.journalpost) == ("19/04417", "19/04417-7")
    assert case.title == "Ny brannstasjon på Nes - valg av tomt"
    assert [p.name for p in case.case_officers] == ["Kari Fjellstad"]
    assert rows(case) == [(1, "Formannskapet", "2024-03-12", "24/15"), (2, "Kommunestyret", "2024-03-26", "24/31")]
    assert case.proposal.proposer_org == "rådmannen" and case.proposal.kind == "innstilling"
    assert case.proposal.text.startswith("1. Kommunestyret velger tomt B")
    assert "Saksopplysninger" not in case.proposal.text
    assert case.plan_title is None


def test_nynorsk_saksframlegg():
    case = only_case(T.NYNORSK_SAKSFRAMLEGG)
    assert case.arkivsak == "23/01990" and case.journalpost == "23/01990-12"
    assert [p.name for p in case.case_officers] == ["Per Haugland"]
    assert rows(case) == [(1, "Formannskapet", "2024-05-14", "22/24"), (2, "Kommunestyret", "2024-05-28", None)]
    assert case.proposal.proposer_org == "kommunedirektøren"
    assert case.proposal.text == "Kommunestyret vedtek skulebruksplanen for perioden 2024-2030."
    assert case.plan_title == "Skulebruksplan 2024-2030"


COLUMNS = """\
Saksframlegg

Arkivsak
25/04410-3

Saksbehandler
Marte Kolbjørnsen
Henrik Aasgaard

Behandles av
Råd for mennesker med
nedsatt funksjonsevne
Hovedutvalg for helse og omsorg
Bystyret

Møtedato
04.11.2025
11.11.2025

2/7

27.11.2025

Saksnr.
15/25
44/25

Handlingsplan mot vold i nære relasjoner 2026-2029 - høring

Kommunedirektørens innstilling:
1. Forslag til handlingsplan mot vold i nære relasjoner sendes på høring.
2. Høringsfristen settes til 15. januar 2026.

Saksopplysninger
Planen bygger på erfaringer fra krisesenteret og politiet.
"""


def test_saksgang_column_by_column_with_wrapped_body_and_page_number():
    case = only_case(COLUMNS)
    assert [p.name for p in case.case_officers] == ["Marte Kolbjørnsen", "Henrik Aasgaard"]
    assert rows(case) == [
        (1, "Råd for mennesker med nedsatt funksjonsevne", "2025-11-04", "15/25"),
        (2, "Hovedutvalg for helse og omsorg", "2025-11-11", "44/25"),
        (3, "Bystyret", "2025-11-27", None),
    ]
    assert case.title == "Handlingsplan mot vold i nære relasjoner 2026-2029 - høring"
    assert case.plan_title == "Handlingsplan mot vold i nære relasjoner 2026-2029"
    assert case.proposal.text.endswith("15. januar 2026.")


OUR_REF = """\
Saksframlegg

Vår ref.:       24/512-3
Saksbehandler:  Siri Malmedal
Dato:           03.02.2024

Utvalg          Møtedato    Saksnr
Formannskapet   20.02.2024  PS 8/24

Tilskudd til Lensmannsgården kultursenter

Ordførerens forslag til vedtak:
Lensmannsgården kultursenter gis et tilskudd på 250 000 kroner.

Bakgrunn
Kultursenteret søkte om tilskudd i desember.
"""


def test_case_number_from_var_ref_and_chair_proposal():
    case = only_case(OUR_REF)
    assert (case.arkivsak, case.journalpost) == ("24/00512", "24/00512-3")
    assert [p.name for p in case.case_officers] == ["Siri Malmedal"]
    assert rows(case) == [(1, "Formannskapet", "2024-02-20", "8/24")]
    assert case.proposal.proposer_org == "ordføreren"
    assert case.proposal.text == "Lensmannsgården kultursenter gis et tilskudd på 250 000 kroner."


PROTOCOL = """\
Møteprotokoll

Utvalg:      Kommunestyret
Møtested:    Kommunestyresalen, Vestby rådhus
Dato:        18.06.2026

Saker til behandling

PS 41/26    26/00412    Kommuneplanens arealdel 2026-2038 - sluttbehandling
PS 42/26    25/03318    Ny barneskole i Hølen - finansiering

PS 41/26 Kommuneplanens arealdel 2026-2038 - sluttbehandling

Rådmannens innstilling:
Kommuneplanens arealdel 2026-2038 vedtas slik den foreligger.

Behandling:
Innstillingen ble enstemmig vedtatt.

Vedtak:
Kommuneplanens arealdel 2026-2038 vedtas slik den foreligger.

PS 42/26 Ny barneskole i Hølen - finansiering

Behandlet av        Møtedato     Saksnr.
1 Formannskapet     04.06.2026   77/26
2 Kommunestyret     18.06.2026   42/26

Rådmannens innstilling:
Kommunestyret bevilger 180 mill. kroner til ny barneskole i Hølen.

Behandling:
Enstemmig vedtatt.

Vedtak:
Kommunestyret bevilger 180 mill. kroner til ny barneskole i Hølen.
"""


def test_meeting_protocol_items_give_cases_with_their_arkivsak():
    docs = documents(PROTOCOL)
    assert [d.document.doc_type for d in docs] == ["møteprotokoll"]
    cases = extract_cases(docs[0])
    assert [(c.arkivsak, c.title) for c in cases] == [
        ("26/00412", "Kommuneplanens arealdel 2026-2038 - sluttbehandling"),
        ("25/03318", "Ny barneskole i Hølen - finansiering"),
    ]
    assert cases[0].plan_title == "Kommuneplanens arealdel 2026-2038"
    assert cases[0].proposal.proposer_org == "rådmannen"
    assert rows(cases[1]) == [(1, "Formannskapet", "2026-06-04", "77/26"), (2, "Kommunestyret", "2026-06-18", "42/26")]


def test_extract_source_dispatches_case_documents():
    pages = T.pages_from([COLUMNS, OUR_REF])
    out = extract_source("test-source", pages, split_documents(pages))
    assert sorted(c.arkivsak for c in out.cases) == ["24/00512", "25/04410"]


def test_case_facts_merge_readings_of_one_case():
    first, second = only_case(OUR_REF), only_case(OUR_REF.replace("PS 8/24", ""))
    found = case_facts([second, first])
    saksgang_facts = [f["fact"] for f in found if f["kind"] == "saksgang"]
    assert saksgang_facts == [{"arkivsak": "24/00512", "order": 1, "body": "Formannskapet", "date": "2024-02-20",
                               "item_number": "8/24"}]
    assert [f["kind"] for f in found].count("case") == 1


# --------------------------------------------------------------------------- pieces


def lines(*texts: str) -> list[Line]:
    out, pos = [], 0
    for t in texts:
        out.append(Line(pos, pos + len(t), t))
        pos += len(t) + 1
    return out


def test_saksgang_rows_unnumbered_and_stopping_at_the_title():
    got = saksgang.parse_rows(lines("Levekårsutvalet 02.04.2024", "Kommunestyret 18.04.2024", "", "Bustadsosial handlingsplan"))
    assert [(r.order, r.body, r.date) for r in got] == [(1, "Levekårsutvalet", "2024-04-02"), (2, "Kommunestyret", "2024-04-18")]


def test_saksgang_item_before_date_and_page_numbers_between_rows():
    got = saksgang.parse_rows(lines("3/8", "1 Formannskapet 24/15 12.03.2024", "4/8", "2 Kommunestyret 24/31 26.03.2024", "Tittel på saken"))
    assert [(r.order, r.body, r.date, r.item) for r in got] == [
        (1, "Formannskapet", "2024-03-12", "24/15"), (2, "Kommunestyret", "2024-03-26", "24/31")]


@pytest.mark.parametrize(
    "title, proposal, plan",
    [
        ("Kommuneplanens samfunnsdel 2024-2036 - sluttbehandling", None, "Kommuneplanens samfunnsdel 2024-2036"),
        ("Temaplan for idrett - høring", "Temaplan «Aktiv hele livet» sendes på høring.", "Aktiv hele livet"),
        ("«Sammen om skolen» - strategi for grunnskolen", None, "Sammen om skolen"),
        ("Høringsuttalelse - Meld. St. 6 (2019–2020) Tett på", None, "Meld. St. 6 (2019–2020) Tett på"),
        ("Høring - regional plan for vannforvaltning", None, "regional plan for vannforvaltning"),
        ("Ny brannstasjon - valg av tomt", "Forslag til handlingsprogram tas til orientering.", None),
        ("Plan for rehabilitering av kaia", None, None),
    ],
)
def test_plan_titles(title, proposal, plan):
    assert caseplan.plan_title(title, proposal) == plan


@pytest.mark.parametrize(
    "line, org",
    [
        ("Kommunedirektørens forslag til vedtak:", "kommunedirektøren"),
        ("Rådmannens innstilling:", "rådmannen"),
        ("Leders forslag til vedtak", "leder"),
        ("Ordførerens forslag til vedtak:", "ordføreren"),
        ("Innstilling frå rådmannen:", "rådmannen"),
        ("Kommunedirektøren sitt framlegg til vedtak:", "kommunedirektøren"),
        ("Framlegg til vedtak:", None),
        ("Forslag til vedtak", None),
        ("**Innstilling**", None),
    ],
)
def test_proposal_headings(line, org):
    assert proposals.admin_heading(line) == (True, org)


@pytest.mark.parametrize("line", ["Vedtak", "Behandling", "Kommunedirektøren foreslår at saken utsettes.", "Sammendrag"])
def test_lines_that_are_not_proposal_headings(line):
    assert proposals.admin_heading(line)[0] is False


def test_person_matching_used_for_scoring():
    assert facts.same_person("Inger Johanne Blikstad", "Ingrid Johanne Blikstad")
    assert facts.same_person("Lund", "Kai Erik Lund")
    assert not facts.same_person("Kari Lund", "Per Lund")  # two people with one surname stay apart
    assert not facts.same_person("Anne Berg", "Anne Bakke")
    assert factmatch.field_matches("party", "Ap", "A") and not factmatch.field_matches("party", "H", "A")


def test_doctests():
    for module in (caseplan, facts, factmatch, mentions, textspan):
        assert doctest.testmod(module).failed == 0
