"""Extraction records written by hand from real excerpts of the sample, for the graph tests.

Each record quotes the sample: the evidence is looked up in the pages the ingest pipeline made of the
file (so page numbers and offsets are the pipeline's own), and the values are what a reader finds
there. The excerpts are the hard cases for the graph: the meeting of 17.01.2023 printed in two files,
one person written six ways, a vote list of surnames, comments on the temaplan «På lik linje».
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.sources import SourceInput
from ingest.extract.base import Evidence
from ingest.extract.records import (
    AgendaItem,
    Attendance,
    CaseRecord,
    CommentRecord,
    Extraction,
    MeetingRecord,
    PersonRef,
    Proposal,
    SaksgangEntry,
    TreatmentRecord,
    VoteRecord,
)
from ingest.layers import merge_page
from ingest.readers import read_source
from ingest.splitter import split_documents
from ingest.store import source_id_for
from tests.conftest import SAMPLE

F001, F002, F003 = "001_4337fc0676f2b209", "002_420537c42393fb97", "003_cc85d8bd5f71d5f5"


@lru_cache(maxsize=None)
def _read(name: str) -> tuple:
    """The clean pages and documents of a sample file (extraction not run: these records replace it)."""
    source = read_source(SAMPLE / f"{name}.txt")
    pages = [merge_page(raw, None) for raw in source.pages]
    return source, pages, split_documents(pages)


class Excerpts:
    """Evidence lookups in one sample file, optionally from a given page on."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.source, self.pages, self.documents = _read(name)

    def ev(self, quote: str, page_from: int = 1) -> Evidence:
        pattern = r"\s+".join(re.escape(w) for w in quote.split())
        for page in self.pages:
            if page.number < page_from:
                continue
            m = re.search(pattern, page.text)
            if m:
                return Evidence(source_id_for(self.source.name), page.number, m.start(), m.end(), m.group(0))
        raise AssertionError(f"excerpt not found in {self.name}: {quote!r}")

    def person(self, quote: str, name: str, party: str | None = None, role: str | None = None, page_from: int = 1) -> PersonRef:
        return PersonRef(name, self.ev(quote, page_from), party, role)

    def source_input(self, extraction: Extraction) -> SourceInput:
        return SourceInput(source_id_for(self.source.name), self.source.name, self.source.sha256, self.pages, self.documents, extraction)


def meeting_0117(x: Excerpts) -> MeetingRecord:
    """The møteprotokoll of Utvalg for oppvekst 17.01.2023 (printed in 001 and again in 002)."""
    rows = [
        ("Varamedlem Steinar Hoel Korsmo (H)", "Steinar Hoel Korsmo", "H", "varamedlem"),
        ("Nestleder Monica Vee Bratlie (H)", "Monica Vee Bratlie", "H", "nestleder"),
        ("Utvalgsmedlem Bjarte Grostøl (H)", "Bjarte Grostøl", "H", "utvalgsmedlem"),
        ("Utvalgsmedlem Waldemar Garntangen (H)", "Waldemar Garntangen", "H", "utvalgsmedlem"),
        ("Utvalgsmedlem Ingunn Unhjem Johansen (H)", "Ingunn Unhjem Johansen", "H", "utvalgsmedlem"),
        ("Utvalgsmedlem Nimrah Ramzan (A)", "Nimrah Ramzan", "A", "utvalgsmedlem"),
        ("Utvalgsmedlem Magne Gabrielsen (A)", "Magne Gabrielsen", "A", "utvalgsmedlem"),
        ("Utvalgsmedlem Paal Steine (MDG)", "Paal Steine", "MDG", "utvalgsmedlem"),
        ("Utvalgsmedlem Bård-Kjetil Dahl (R)", "Bård-Kjetil Dahl", "R", "utvalgsmedlem"),
    ]
    attendance = [Attendance(x.person(q, n, p, r), True) for q, n, p, r in rows]
    attendance[0].substitute_for = x.person("Korsmo (H) Oddvar Igland (Sp)", "Oddvar Igland", "Sp")
    attendance.append(Attendance(x.person("Forfall:\n\nOddvar Igland (Sp)", "Oddvar Igland", "Sp"), False))
    return MeetingRecord(
        "Utvalg for oppvekst",
        "2023-01-17",
        x.ev("17.01.2023 18:00 – 20:51 Asker rådhus"),
        start_time="18:00",
        end_time="20:51",
        place="Asker rådhus",
        chair=x.person("Møtet ble ledet av nestleder Monica Vee Bratlie (H)", "Monica Vee Bratlie", "H", "nestleder"),
        secretary=x.person("Protokollfører Hilde Haugstad", "Hilde Haugstad", role="protokollfører"),
        attendance=attendance,
        officials=[x.person("Administrasjonen Direktør Kai Erik Lund", "Kai Erik Lund", role="direktør")],
        member_count=13,
        agenda=[
            AgendaItem("1/23", "Godkjenning av protokoll 29.11.22", x.ev("1/23 21/00273-96 Godkjenning av protokoll 29.11.22"), "21/00273-96"),
            AgendaItem("3/23", "Dialogmøter 2023 - Hovedutvalg for Oppvekst", x.ev("3/23 22/21560-3 Dialogmøter 2023"), "22/21560-3"),
        ],
    )


def treatment_dialogmoter(x: Excerpts) -> TreatmentRecord:
    """Sak 3/23 of 17.01.2023 in the møteprotokoll: proposals by Dahl and Vee Bratlie, a vote of four named."""
    p = 1
    t = TreatmentRecord(None, "Utvalg for oppvekst", x.ev("3/23 Dialogmøter 2023 - Hovedutvalg for Oppvekst\n\nBehandlet av", p), "2023-01-17", "3/23")
    t.introduced_by = [x.person("Fungerende kommunalsjef Hege Ophus innledet", "Hege Ophus", role="fungerende kommunalsjef")]
    t.proposals = [
        Proposal("Dialogmøtene planlagt 8. mars (SU skolene og Avlastning og omsorgstjenester for barn og unge) flyttes til den 15. mars.",
                 x.ev("Bård Kjetil Dahl (R) fremmet følgene tilleggforslag til punkt 1"), "tilleggsforslag",
                 x.person("Bård Kjetil Dahl (R) fremmet følgene", "Bård Kjetil Dahl", "R"), result="pass"),
        Proposal("Forslag til temaer for barnehagene:", x.ev("Nestleder Monica Vee Bratlie (H) fremmet følgende temaforslag"), "forslag",
                 x.person("Nestleder Monica Vee Bratlie (H) fremmet", "Monica Vee Bratlie", "H", "nestleder"), on_behalf_of=["H", "V"], result="pass"),
        Proposal("Barnehagene: -På hvilket område bør/kan barnehagetilbudet bli bedre?", x.ev("Dahl (R) fremmet at følgende temaforslag"), "forslag",
                 x.person("Dahl (R) fremmet at følgende", "Dahl", "R"), result="fail"),
    ]
    t.votes = [
        VoteRecord(2, "fail", x.ev("Dahls forslag til nye tilleggspunkt under punkt 2 fikk 4 stemmer og falt"), yes_count=4,
                   yes_voters=[x.person("(Steine MDG", "Steine", "MDG"), x.person("Dahl R, Gabrielsen", "Dahl", "R"),
                               x.person("R, Gabrielsen og", "Gabrielsen"), x.person("Ramzan A)", "Ramzan", "A")]),
        VoteRecord(0, "pass", x.ev("Dahls (R) tilleggsforslag til punkt\n1 ble enstemmig vedtatt"), unanimous=True),
    ]
    t.decision = "1. Dialogmøter gjennomføres i løpet av mars 2023, og følger agenda og plan for gjennomføring"
    t.decision_evidence = x.ev("1. Dialogmøter gjennomføres i løpet av mars 2023, og følger agenda og plan for\ngjennomføring som skissert i denne saken for alle de tre programområdene i\noppvekst. Dialogmøtene planlagt")
    return t


def meeting_1129(x: Excerpts) -> MeetingRecord:
    """The møteprotokoll of 29.11.2022: other spellings of the same members, an independent substitute."""
    rows = [
        ("Leder i utvalg Oddvar Igland (Sp)", "Oddvar Igland", "Sp", "leder i utvalg", None),
        ("Nestleder Monica Bratlie (H)", "Monica Bratlie", "H", "nestleder", None),
        ("Utvalgsmedlem Bjarte Engen Grostøl (H)", "Bjarte Engen Grostøl", "H", "utvalgsmedlem", None),
        ("Varamedlem Kristin Walstad (UA)", "Kristin Walstad", "UA", "varamedlem", ("(UA) Waldemar Ribert Garntangen", "Waldemar Ribert Garntangen")),
        ("Varamedlem Ole Eldar Kjølen (Ap)", "Ole Eldar Kjølen", "Ap", "varamedlem", ("(Ap) Nimrah Ramzan", "Nimrah Ramzan")),
        ("Utvalgsmedlem Magne Gabrielsen (Ap)", "Magne Gabrielsen", "Ap", "utvalgsmedlem", None),
        ("Utvalgsmedlem Bård-Kjetil Dahl (R)", "Bård-Kjetil Dahl", "R", "utvalgsmedlem", None),
    ]
    attendance = []
    for q, n, p, r, sub in rows:
        a = Attendance(x.person(q, n, p, r, page_from=16), True)
        if sub:
            a.substitute_for = x.person(sub[0], sub[1], page_from=16)
        attendance.append(a)
    attendance.append(Attendance(x.person("Waldemar Garntangen (H)\nNimrah", "Waldemar Garntangen", "H", page_from=16), False))
    return MeetingRecord(
        "Utvalg for oppvekst", "29.11.2022", x.ev("29.11.2022 18:00 – 22.10 Asker rådhus"), "18:00", "22.10", "Asker rådhus",
        chair=x.person("Møtet ble ledet av Oddvar Igland", "Oddvar Igland", page_from=16), attendance=attendance, member_count=13,
    )


def treatment_1129(x: Excerpts) -> TreatmentRecord:
    """Sak 62/22 of 29.11.2022: "Bård Dahl (R)", a vote against by "(Dahl, R)"."""
    t = TreatmentRecord("22/17985", "Utvalg for oppvekst", x.ev("62/22 Kapasitet og organisering av skolehelsetjenesten\n\nBehandlet av"), "2022-11-29",
                        "62/22", "Kapasitet og organisering av skolehelsetjenesten")
    t.proposals = [
        Proposal("1. Saksframstillingen tas til orientering.", x.ev("Leder Oddvar Igland (Sp) fremmet forslag:"), "forslag",
                 x.person("Leder Oddvar Igland (Sp) fremmet forslag", "Oddvar Igland", "Sp", "leder"), result="pass"),
        Proposal("3. Utvalget ber kommunedirektøren inngå dialog med Norsk sykepleierforbund Asker", x.ev("Bård Dahl (R) fremmet følgende forslag til nytt punkt:"),
                 "forslag", x.person("Bård Dahl (R) fremmet", "Bård Dahl", "R")),
    ]
    t.votes = [VoteRecord(0, "pass", x.ev("Leder Iglands (Sp) forslag til nytt punkt 1 ble vedtatt mot en stemme (Dahl, R)"), no_count=1,
                          no_voters=[x.person("mot en stemme (Dahl, R)\n\nIglands", "Dahl", "R")])]
    return t


def case_21815(x: Excerpts) -> CaseRecord:
    """The saksprotokoll head of 21/21815: officer, saksgang of five bodies, the plan it is about."""
    rows = [(1, "Eldrerådet", "2023-02-09", "4/23", "1 Eldrerådet 09.02.2023 4/23"),
            (2, "Ungdomsrådet", "2023-02-09", "4/23", "2 Ungdomsrådet 09.02.2023 4/23"),
            (3, "Råd for personer med funksjonsnedsettelse", "2023-02-09", "4/23", "3 Råd for personer med\nfunksjonsnedsettelse"),
            (4, "Utvalg for oppvekst", "2023-02-14", "5/23", "4 Utvalg for oppvekst 14.02.2023 5/23"),
            (5, "Utvalg for medborgerskap", "2023-02-16", "9/23", "5 Utvalg for medborgerskap 16.02.2023 9/23")]
    return CaseRecord(
        "21/21815", "Temaplan - personer med nedsatt funksjonsevne - høring", x.ev("21/21815-7 Nanette Mia Bohn"), journalpost="21/21815-7",
        case_officers=[x.person("21/21815-7 Nanette Mia Bohn", "Nanette Mia Bohn")],
        saksgang=[SaksgangEntry(o, b, x.ev(q, 22), d, i) for o, b, d, i, q in rows],
        proposal=Proposal("1. Temaplan «På lik linje» tas til orientering", x.ev("1. Temaplan «På lik linje» tas til orientering"), "innstilling",
                          proposer_org="kommunedirektøren"),
        plan_title="Temaplan «På lik linje»",
    )


ELDRE = ("Eldrerådet ser at denne planen i liten grad omtaler utfordringer og behov personer\nmed nedsatt funksjonevne som ikke er "
         "utviklingshemmet, har.")
MEDBORGER = "Forslaget til temaplanen \"På lik linje\" inneholder mange gode punkter."


def treatments_21815(x: Excerpts) -> list[TreatmentRecord]:
    """Eldrerådet's and Utvalg for medborgerskap's treatments of 21/21815, with their comments on the plan."""
    eldre = TreatmentRecord("21/21815", "Eldrerådet", x.ev("Eldrerådet har behandlet saken i møte 09.02.2023 sak 4/23"), "2023-02-09", "4/23",
                            "Temaplan - personer med nedsatt funksjonsevne - høring")
    eldre.introduced_by = [x.person("Velferdsrådgiver Nanette Mia Bohn innledet", "Nanette Mia Bohn", role="velferdsrådgiver")]
    eldre.proposals = [
        Proposal(ELDRE, x.ev("Anne-Britt Wengen fremmet følgende forslag"), "forslag", x.person("Anne-Britt Wengen fremmet", "Anne-Britt Wengen"), result="pass"),
        Proposal("I temaplanen for personer med nedsatt funksjonsevne har familie og pårørende blitt kommentert fra s. 16-18.",
                 x.ev("Karl Bønnhoff fremmet følgende forslag"), "forslag", x.person("Karl Bønnhoff fremmet", "Karl Bønnhoff"), result="pass"),
    ]
    eldre.votes = [VoteRecord(0, "pass", x.ev("Forslaget fremmet av Wengen ble enstemmig vedtatt"), unanimous=True),
                   VoteRecord(1, "pass", x.ev("Forslag fremmet av Bønnhoff ble enstemmig vedtatt"), unanimous=True)]
    eldre.decision = "1. Temaplan «På lik linje» tas til orientering"
    eldre.decision_evidence = x.ev("Innstilling\n\n1. Temaplan «På lik linje» tas til orientering", 22)
    first = x.ev("• Eldrerådet ser at denne planen i liten grad omtaler utfordringer og behov")
    eldre.comments = [
        CommentRecord("Eldrerådet", "Eldrerådet ser at denne planen i liten grad omtaler utfordringer og behov personer med nedsatt funksjonsevne "
                      "som ikke er utviklingshemmet, har.", first, about_plan="«På lik linje»"),
        CommentRecord("Eldrerådet", "I temaplanen for personer med nedsatt funksjonsevne har familie og pårørende blitt kommentert fra s. 16-18.",
                      x.ev("• I temaplanen for personer med nedsatt funksjonsevne har familie og"), about_plan="På lik linje"),
    ]
    med = TreatmentRecord("21/21815", "Utvalg for Medborgerskap", x.ev("Utvalg for medborgerskap har behandlet saken i møte 16.02.2023 sak 9/23"),
                          "16.02.2023", "9/23")
    med.proposals = [Proposal(MEDBORGER, x.ev("Line Johansen (H) fremmet følgende forslag"), "forslag",
                              x.person("Line Johansen (H) fremmet", "Line Johansen", "H"), on_behalf_of=[], result="pass")]
    med.votes = [VoteRecord(0, "pass", x.ev("Kommunedirektørens forslag punkt 2 ble enstemmig vedtatt med innspill fra\nJohansen (H)"), unanimous=True,
                            yes_voters=[x.person("innspill fra\nJohansen (H)", "Johansen", "H")])]
    med.comments = [CommentRecord("Utvalg for medborgerskap", MEDBORGER, x.ev("• Forslaget til temaplanen \"På lik linje\" inneholder mange gode punkter", 31))]
    return [eldre, med]


def records_003(x: Excerpts) -> Extraction:
    """File 003: "Oddvar Iglund", the Blichfeldt spellings, a vote list "(Dahl, R, Gabrielsen og Ramzan, Ap)"."""
    proto = CaseRecord("21/00273", "Godkjenning av protokoll 14.02.2023", x.ev("21/00273-104"), "21/00273-104",
                       saksgang=[SaksgangEntry(1, "Utvalg for oppvekst", x.ev("Utvalg for oppvekst\n\nMøtedato\n21.03.2023"), "2023-03-21")],
                       proposal=Proposal("1. Godkjenning av protokoll fra utvalg for oppvekst 14.02.2023 godkjennes slik den foreligger.",
                                         x.ev("Leders forslag til vedtak:"), "innstilling", x.person("Oddvar Iglund", "Oddvar Iglund", role="leder"), "leder"))
    effekt = CaseRecord("23/02061", "Plan for inngåelse av effektkontrakt i Asker kommune - Ungt utenforskap", x.ev("23/02061-2"), "23/02061-2",
                        case_officers=[x.person("Ingrid Blichfeldt\nSynnøve", "Ingrid Blichfeldt"), x.person("Synnøve Osmundsen", "Synnøve Osmundsen")])
    effekt2 = CaseRecord("23/02061", "Plan for inngåelse av effektkontrakt i Asker kommune - Ungt utenforskap", x.ev("Ingrid Johanne Blichfeldt", 4),
                         case_officers=[x.person("Ingrid Johanne Blichfeldt", "Ingrid Johanne Blichfeldt", page_from=4)])
    oppvekst = TreatmentRecord("23/02061", "Utvalg for oppvekst", x.ev("Utvalg for oppvekst har behandlet saken i møte 21.03.2023 sak 11/23"),
                               "21.03.2023", "11/23")
    oppvekst.introduced_by = [x.person("Rådgiver Ingrid Blichfeldt innledet", "Ingrid Blichfeldt", role="rådgiver")]
    oppvekst.proposals = [
        Proposal("1. Asker kommune vil inngå avtale om effektkontrakt", x.ev("Kommunedirektøres forslag ble vedtatt mot en stemme"), "innstilling",
                 proposer_org="kommunedirektøren", result="pass"),
        Proposal("Effektkontrakten skal vare i maks fire år og evalueres i etterkant.", x.ev("Magne Gabrielsen fremmet følgende forslag"), "forslag",
                 x.person("Magne Gabrielsen fremmet", "Magne Gabrielsen"), result="fail"),
    ]
    oppvekst.votes = [
        VoteRecord(0, "pass", x.ev("Kommunedirektøres forslag ble vedtatt mot en stemme (Dahl, R)"), no_count=1,
                   no_voters=[x.person("en stemme (Dahl, R)", "Dahl", "R")]),
        VoteRecord(1, "fail", x.ev("falt mot 3 stemmer (Dahl, R, Gabrielsen og Ramzan, Ap)"), yes_count=3,
                   yes_voters=[x.person("stemmer (Dahl, R,", "Dahl", "R"), x.person("Gabrielsen og Ramzan, Ap", "Gabrielsen", "Ap"),
                               x.person("Ramzan, Ap)", "Ramzan", "Ap")]),
    ]
    med = TreatmentRecord("23/02061", "Utvalg for medborgerskap", x.ev("Utvalg for medborgerskap har behandlet saken i møte 23.03.2023 sak 12/23"),
                          "23.03.2023", "12/23")
    med.introduced_by = [x.person("Rådgiver Inger Johanne Blichfeldt innledet", "Inger Johanne Blichfeldt", role="rådgiver")]
    return Extraction(x.source_input(Extraction("")).id, cases=[proto, effekt, effekt2], treatments=[oppvekst, med])


def sample_sources() -> list[SourceInput]:
    """Files 001, 002 and 003 with the hand-written records above."""
    x1, x2, x3 = Excerpts(F001), Excerpts(F002), Excerpts(F003)
    e1 = Extraction(F001, meetings=[meeting_0117(x1), meeting_1129(x1)], treatments=[treatment_dialogmoter(x1), treatment_1129(x1)])
    e2 = Extraction(F002, meetings=[meeting_0117(x2)], cases=[case_21815(x2)], treatments=[treatment_dialogmoter(x2), *treatments_21815(x2)])
    return [x1.source_input(e1), x2.source_input(e2), x3.source_input(records_003(x3))]
