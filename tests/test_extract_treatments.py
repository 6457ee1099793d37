"""Treatments: who introduced, proposals and their outcome, votes, the decision and the comments a body gives.

The sample is scored against tests/gold/facts_cases.jsonl; the other layouts (a kommunestyre protocol
with PS items and roll calls, a nynorsk særutskrift, an ACOS saksprotokoll holding two bodies'
treatments, Elements) are built with invented names and numbers.
"""

from __future__ import annotations

import pytest

from ingest.extract import extract_source
from ingest.extract.factmatch import score
from ingest.extract.treatments import extract_treatments, treatment_facts
from ingest.splitter import split_documents
from tests import templates as T
from tests.test_extract_cases import GOLD, TREATMENT_KINDS, documents, sample_extractions


def treatments_of(text: str):
    return [t for doc in documents(text) for t in extract_treatments(doc)]


def proposals(t) -> list[tuple]:
    return [(p.kind, p.proposer.name if p.proposer else None, p.proposer.party if p.proposer else None,
             p.proposer_org, p.result) for p in t.proposals]


def votes(t) -> list[tuple]:
    return [(v.proposal, v.result, v.unanimous, v.yes_count, v.no_count) for v in t.votes]


# --------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample_treatments(sample_store):
    return [t for ex in sample_extractions(sample_store) for t in ex.treatments]


def test_treatment_facts_match_gold(sample_treatments):
    got = treatment_facts(sample_treatments)
    gold = [g for g in GOLD if g["kind"] in TREATMENT_KINDS]
    result = score(got, gold)
    report = {k: (round(v["precision"], 3), round(v["recall"], 3), v["got"], v["gold"]) for k, v in result.items()}
    print("treatment facts (P, R, got, gold):", report)
    for kind in TREATMENT_KINDS:
        r = result[kind]
        assert r["precision"] >= 0.95, (kind, r["extra"])
        assert r["recall"] >= 0.85, (kind, r["missed"])


def test_treatment_records_carry_exact_evidence(sample_store):
    checked = 0
    for src in sample_store.sources():
        pages = {p.number: p.text for p in sample_store.pages(src["id"])}
        for t in sample_store.extraction(src["id"]).treatments:
            evidences = [t.evidence, *(p.evidence for p in t.introduced_by), *(p.evidence for p in t.proposals),
                         *(v.evidence for v in t.votes), *(c.evidence for c in t.comments)]
            if t.decision_evidence:
                evidences.append(t.decision_evidence)
            for ev in evidences:
                assert pages[ev.page][ev.start : ev.end] == ev.quote
                checked += 1
    assert checked > 200


def test_which_bodies_commented_on_the_plan_and_what_they_said(sample_treatments):
    said: dict[str, list[str]] = {}
    for t in sample_treatments:
        for c in t.comments:
            if c.about_plan == "På lik linje":
                said.setdefault(c.body, [])
                if c.text not in said[c.body]:
                    said[c.body].append(c.text)
    assert {body: len(texts) for body, texts in said.items()} == {
        "Eldrerådet": 2, "Råd for personer med funksjonsnedsettelse": 7, "Utvalg for oppvekst": 5,
        "Utvalg for medborgerskap": 1,
    }
    assert said["Eldrerådet"][0].startswith("Eldrerådet ser at denne planen i liten grad omtaler")
    assert all(c.about_case == "21/21815" for t in sample_treatments for c in t.comments if c.about_plan == "På lik linje")


def test_a_treatment_read_from_protocol_and_saksprotokoll_gives_one_set_of_facts(sample_treatments):
    found = treatment_facts(t for t in sample_treatments if t.arkivsak == "22/21560")
    assert [f["fact"]["item_number"] for f in found if f["kind"] == "treatment"] == ["3/23"]
    admin = [f["fact"] for f in found if f["kind"] == "motion" and f["fact"]["proposer"] is None]
    assert len(admin) == 1 and admin[0]["text_start"].startswith("Dialogmøter gjennomføres")


# --------------------------------------------------------------------------- other layouts

KOMMUNESTYRE = """\
Møteprotokoll

Utvalg:      Kommunestyret
Møtested:    Kommunestyresalen, Vestby rådhus
Dato:        18.06.2026
Tidspunkt:   17:00 - 22:40

Saker til behandling

PS 41/26    26/00412    Kommuneplanens arealdel 2026-2038 - sluttbehandling
PS 42/26    25/03318    Ny barneskole i Hølen - finansiering
PS 43/26    26/00977    Høring - regional plan for vannforvaltning

PS 41/26 Kommuneplanens arealdel 2026-2038 - sluttbehandling

Rådmannens innstilling:
1. Kommuneplanens arealdel 2026-2038 vedtas slik den foreligger.
2. Rådmannen bes følge opp planen i handlingsprogrammet.

Behandling:
Ordfører Trond Åsheim (Sp) innledet til saken.

Eline Moberg (MDG) fremmet følgende endringsforslag på vegne av MDG og SV:
«Område B7 tas ut av planen og videreføres som LNF-område.»

Votering:
Endringsforslaget fra Moberg (MDG) falt med 9 mot 26 stemmer.
For forslaget stemte 9: Eline Moberg (MDG), Sverre Haug (SV), Lise Vold (SV), Ola Tangen (MDG), Kari Ruud (R), Jens Lie (R), Hanne Bye (SV), Tor Ness (MDG), Aud Dal (R).
Rådmannens innstilling ble vedtatt med 26 mot 9 stemmer.

Vedtak:
1. Kommuneplanens arealdel 2026-2038 vedtas slik den foreligger.
2. Rådmannen bes følge opp planen i handlingsprogrammet.

PS 42/26 Ny barneskole i Hølen - finansiering

Rådmannens innstilling:
Kommunestyret bevilger 180 mill. kroner til ny barneskole i Hølen.

Behandling:
Frank Ivar Lunde (H) fremmet følgende alternative forslag på vegne av H og FrP:
«Saken utsettes til budsjettbehandlingen.»

Lundes (H) alternative forslag fikk fem stemmer og falt (Lunde H, Berg H, Sørli FrP og Nygård FrP).
Rådmannens innstilling ble vedtatt med 17 mot 17 stemmer ved ordførerens dobbeltstemme.

Vedtak:
Kommunestyret bevilger 180 mill. kroner til ny barneskole i Hølen.

PS 43/26 Høring - regional plan for vannforvaltning

Rådmannens innstilling:
Vestby kommune gir høringsuttalelse i tråd med rådmannens vurdering.

Behandling:
Per Anders Kolstad (KrF) fremmet følgende tilleggsforslag:
«Kommunen ber om at Hølenelva prioriteres i tiltaksprogrammet.»

Innstillingen med Kolstads tilleggsforslag ble enstemmig vedtatt.

Vedtak:
Vestby kommune gir følgende høringsuttalelse:
• Kommunen støtter planens hovedmål om god økologisk tilstand.
• Kommunen ber om at Hølenelva prioriteres i tiltaksprogrammet.
"""


@pytest.fixture(scope="module")
def kommunestyre():
    found = treatments_of(KOMMUNESTYRE)
    assert [(t.arkivsak, t.body, t.meeting_date, t.item_number) for t in found] == [
        ("26/00412", "Kommunestyret", "2026-06-18", "41/26"),
        ("25/03318", "Kommunestyret", "2026-06-18", "42/26"),
        ("26/00977", "Kommunestyret", "2026-06-18", "43/26"),
    ]
    return found


def test_ps_items_with_roll_call(kommunestyre):
    t = kommunestyre[0]
    assert [(p.name, p.role) for p in t.introduced_by] == [("Trond Åsheim", "ordfører")]
    assert proposals(t) == [("innstilling", None, None, "rådmannen", "pass"),
                            ("endringsforslag", "Eline Moberg", "MDG", None, "fail")]
    assert t.proposals[1].on_behalf_of == ["MDG", "SV"]
    assert t.proposals[1].text == "Område B7 tas ut av planen og videreføres som LNF-område."
    assert votes(t) == [(1, "fail", False, 9, 26), (0, "pass", False, 26, 9)]
    roll = t.votes[0]
    assert len(roll.yes_voters) == 9 and roll.yes_voters[0].party == "MDG" and roll.count_mismatch is None
    assert t.decision.startswith("1. Kommuneplanens arealdel 2026-2038 vedtas")


def test_double_vote_and_count_mismatch(kommunestyre):
    t = kommunestyre[1]
    assert proposals(t)[1] == ("alternativt forslag", "Frank Ivar Lunde", "H", None, "fail")
    fell, passed = t.votes
    assert (fell.yes_count, [p.name for p in fell.yes_voters]) == (5, ["Lunde", "Berg", "Sørli", "Nygård"])
    assert fell.count_mismatch == "5 votes stated, 4 names listed"
    assert passed.proposal == 0 and passed.chair_double_vote and (passed.yes_count, passed.no_count) == (17, 17)


def test_amended_proposal_and_comments_on_a_regional_plan(kommunestyre):
    t = kommunestyre[2]
    assert votes(t) == [(0, "pass", True, None, None)]
    assert proposals(t)[1] == ("tilleggsforslag", "Per Anders Kolstad", "KrF", None, "pass")
    assert [(c.body, c.about_plan, c.about_case, c.text) for c in t.comments] == [
        ("Kommunestyret", "regional plan for vannforvaltning", "26/00977",
         "Kommunen støtter planens hovedmål om god økologisk tilstand."),
        ("Kommunestyret", "regional plan for vannforvaltning", "26/00977",
         "Kommunen ber om at Hølenelva prioriteres i tiltaksprogrammet."),
    ]


NYNORSK = """\
Særutskrift

Arkivsak:      24/00231
Sakshandsamar: Ingvild Sæbø

Saksgang                 Møtedato      Saknr
Levekårsutvalet          02.04.2024    11/24
Kommunestyret            18.04.2024    29/24

Bustadsosial handlingsplan 2024-2028

Levekårsutvalet har handsama saka i møte 02.04.2024 sak 11/24

Handsaming
Kommunedirektør Arne Fosse orienterte om saka.

Synnøve Kvamme (Sp) sette fram slikt framlegg:
«Utvalet ber om at talet på utleigebustader vert auka med 20.»

Røysting
Framlegget frå Kvamme fall med 3 mot 6 røyster.
Innstillinga vart samrøystes vedteken.

Vedtak
Levekårsutvalet rår kommunestyret til å vedta bustadsosial handlingsplan 2024-2028.
"""


def test_nynorsk_handsaming_roysting_vedtak():
    (t,) = treatments_of(NYNORSK)
    assert (t.arkivsak, t.body, t.meeting_date, t.item_number) == ("24/00231", "Levekårsutvalet", "2024-04-02", "11/24")
    assert t.title == "Bustadsosial handlingsplan 2024-2028"
    assert [(p.name, p.role) for p in t.introduced_by] == [("Arne Fosse", "kommunedirektør")]
    assert proposals(t) == [("innstilling", None, None, None, "pass"), ("forslag", "Synnøve Kvamme", "Sp", None, "fail")]
    assert votes(t) == [(1, "fail", False, 3, 6), (0, "pass", True, None, None)]
    assert t.decision == "Levekårsutvalet rår kommunestyret til å vedta bustadsosial handlingsplan 2024-2028."
    assert t.comments == []


ACOS_TWO_BODIES = """\
Saksprotokoll

Arkivsak-dok.      24/01122-9
Saksbehandler      Tone Hjelmeland

Behandlet av                 Møtedato      Saksnr.
1 Hovedutvalg for teknikk    05.03.2024    12/24
2 Formannskapet              12.03.2024    21/24
3 Kommunestyret              26.03.2024    33/24

Trafikksikkerhetsplan 2024-2027

Formannskapets behandling 12.03.2024:
Geir Olav Rønning (FrP) fremmet følgende forslag:
«Punkt 3 strykes.»

Rønnings forslag falt mot 2 stemmer (Rønning FrP, Ask FrP).
Innstillingen ble enstemmig vedtatt.

Formannskapets innstilling 12.03.2024:
Trafikksikkerhetsplan 2024-2027 vedtas.

Kommunestyrets behandling 26.03.2024:
Innstillingen ble vedtatt med 30 mot 5 stemmer.
Mot stemte 5: Rønning (FrP), Ask (FrP), Holm (FrP), Berge (FrP).

Kommunestyrets vedtak 26.03.2024:
Trafikksikkerhetsplan 2024-2027 vedtas.
"""


def test_acos_saksprotokoll_with_two_bodies():
    first, second = treatments_of(ACOS_TWO_BODIES)
    assert (first.arkivsak, first.body, first.meeting_date, first.item_number) == ("24/01122", "Formannskapet", "2024-03-12", "21/24")
    assert (second.body, second.meeting_date, second.item_number) == ("Kommunestyret", "2024-03-26", "33/24")
    assert proposals(first)[1] == ("forslag", "Geir Olav Rønning", "FrP", None, "fail")
    assert votes(first) == [(1, "fail", False, 2, None), (0, "pass", True, None, None)]
    assert first.decision == "Trafikksikkerhetsplan 2024-2027 vedtas."
    (vote,) = second.votes
    assert (vote.result, vote.yes_count, vote.no_count, len(vote.no_voters)) == ("pass", 30, 5, 4)
    assert vote.count_mismatch == "5 votes stated, 4 names listed"


def test_elements_saksprotokoller():
    (t,) = treatments_of(T.ELEMENTS_SAKSPROTOKOLL)
    assert (t.arkivsak, t.body, t.meeting_date, t.item_number) == ("21/07781", "Hovedutvalg for oppvekst", "2024-04-03", "14/24")
    assert t.proposals == [] and t.votes == [] and t.decision == "Saken tas til orientering."
    (t,) = treatments_of(T.ELEMENTS_SAKSPROTOKOLL_OTHER_BODY)
    assert (t.body, t.item_number) == ("Formannskapet", "31/24")
    assert votes(t) == [(0, "pass", True, None, None)]


SAME_PROPOSER = """\
Saksprotokoll

Arkivsak: 25/00808

Behandlet av Møtedato Saksnr.
1 Hovedutvalg for kultur 06.05.2025 19/25

Lokale kulturarenaer - prioritering

Hovedutvalg for kultur har behandlet saken i møte 06.05.2025 sak 19/25

Behandling
Kultursjef Lene Bratt innledet til saken.

Tor Øyen (SV) fremmet følgende tilleggsforslag til punkt 1:
«Biblioteket i Vik prioriteres.»

Tor Øyen (SV) fremmet følgende forslag til nytt punkt 3:
«Det settes av midler til en scene i parken.»

Kommunedirektørens punkt 1 og 2 ble enstemmig vedtatt.
Øyens (SV) tilleggsforslag til punkt 1 ble vedtatt mot 2 stemmer (Rud H, Hagen FrP).
Øyens forslag til nytt punkt 3 falt mot 4 stemmer (Øyen SV, Lie R, Moen og Ås A).

Vedtak
1. Lokale kulturarenaer prioriteres slik kommunedirektøren foreslår. Biblioteket i Vik prioriteres.
2. Prioriteringen vurderes på nytt i 2027.
"""


def test_votes_are_matched_to_the_right_proposal_of_one_proposer():
    (t,) = treatments_of(SAME_PROPOSER)
    assert [(p.name, p.role) for p in t.introduced_by] == [("Lene Bratt", "kultursjef")]
    assert proposals(t) == [("innstilling", None, None, "kommunedirektøren", "pass"),
                            ("tilleggsforslag", "Tor Øyen", "SV", None, "pass"),
                            ("forslag", "Tor Øyen", "SV", None, "fail")]
    assert votes(t) == [(0, "pass", True, None, None), (1, "pass", False, None, 2), (2, "fail", False, 4, None)]
    assert [(p.name, p.party) for p in t.votes[2].yes_voters] == [("Øyen", "SV"), ("Lie", "R"), ("Moen", "A"), ("Ås", "A")]


def test_extract_source_dispatches_protocols():
    pages = T.pages_from([KOMMUNESTYRE, NYNORSK])
    out = extract_source("test-source", pages, split_documents(pages))
    assert [(t.body, t.item_number) for t in out.treatments] == [
        ("Kommunestyret", "41/26"), ("Kommunestyret", "42/26"), ("Kommunestyret", "43/26"), ("Levekårsutvalet", "11/24")]
    kinds = {f["kind"] for f in treatment_facts(out.treatments)}
    assert kinds == {"treatment", "introduced_by", "motion", "vote", "decision", "comment"}


COMPACT = """\
Saksprotokoll

Arkivsak: 25/01234

Behandlet av Møtedato Saksnr.
1 Formannskapet 10.09.2025 88/25

Kjøp av tomt til ny barnehage

Formannskapet har behandlet saken i møte 10.09.2025 sak 88/25

Behandling
Ole Brenna (Sp) fremmet følgende forslag:
Kjøpet utsettes til ny takst foreligger.
Forslaget fra Brenna falt mot 3 stemmer (Brenna Sp, Dahle Sp og Foss KrF).
Kommunedirektørens forslag ble vedtatt mot tre stemmer (Brenna Sp, Dahle Sp og Foss KrF).
Vedtak
Kommunen kjøper tomten i Furuveien 12.
"""


def test_proposal_and_votes_without_blank_lines_between():
    (t,) = treatments_of(COMPACT)
    assert proposals(t) == [("innstilling", None, None, "kommunedirektøren", "pass"), ("forslag", "Ole Brenna", "Sp", None, "fail")]
    assert t.proposals[1].text == "Kjøpet utsettes til ny takst foreligger."
    assert votes(t) == [(1, "fail", False, 3, None), (0, "pass", False, None, 3)]
    assert [p.name for p in t.votes[1].no_voters] == ["Brenna", "Dahle", "Foss"]
    assert t.decision == "Kommunen kjøper tomten i Furuveien 12."


NYNORSK_OFFICIALS = """\
Saksprotokoll - Hovudutval for helse og omsorg

Saksnr.:        24/1312-4
Utvalssak:      22/25
Møtedato:       11.09.2025

Ny legevakt i Fjordbygd

Behandling:
Kommunalsjef for helse Randi Skjelbred innleidde til saka. Kommunedirektør Ivar Tveit, Rådgjevar Legevakt Sindre Aune og konsulent Mona Li svarte på spørsmål.

Kjell Nes (FrP) fremja framlegg om utsetjing. Framlegget fekk 4 (FrP, KrF) røyster og fall.

Vedtak:
Legevakta vert lagd til Fjordbygd helsehus.
"""


def test_officials_who_answered_questions_with_titles_and_units():
    pages = T.pages_from([NYNORSK_OFFICIALS])
    (t,) = extract_source("test-source", pages, split_documents(pages)).treatments
    assert [(p.name, p.role) for p in t.introduced_by] == [("Randi Skjelbred", "kommunalsjef for helse")]
    # The file writes "legevakt" in lower case ("Ny legevakt i …"): "Legevakt" after a title is a unit.
    assert [(p.name, p.role) for p in t.participants] == [
        ("Ivar Tveit", "kommunedirektør"), ("Sindre Aune", "rådgjevar legevakt"), ("Mona Li", "konsulent")]


def test_parties_given_instead_of_names_in_a_vote():
    (t,) = treatments_of(NYNORSK_OFFICIALS)
    (vote,) = [v for v in t.votes if v.result == "fail"]
    assert (vote.yes_count, vote.yes_parties, vote.no_parties) == (4, ["FrP", "KrF"], [])


def test_a_decision_line_that_starts_with_a_section_word_is_not_the_section():
    # Real wrap from the sample: "… Dette innarbeides\neventuelt i ny sak …" is one sentence of the
    # decision, while "Eventuelt" alone on its line is the protocol's next section.
    text = COMPACT.replace(
        "Kommunen kjøper tomten i Furuveien 12.",
        "Kommunen kjøper tomten i Furuveien 12. Adkomst innarbeides\neventuelt i ny sak om regulering.\n\nEventuelt\nIngen saker.",
    )
    (t,) = treatments_of(text)
    assert " ".join(t.decision.split()) == (
        "Kommunen kjøper tomten i Furuveien 12. Adkomst innarbeides eventuelt i ny sak om regulering.")
