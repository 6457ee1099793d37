"""Vote statements: unanimous, 'vedtatt mot N', 'falt mot N', 'fikk N og falt', 'med A mot B', roll calls, double votes.

Names and numbers here are invented; the shapes are those of Norwegian minutes (bokmål and nynorsk).
"""

from __future__ import annotations

import doctest

import pytest

from ingest.extract import votes
from ingest.extract.votes import count_mismatch, parse_vote, parse_voters


def names(people) -> list[tuple[str, str | None]]:
    return [(p.name, p.party) for p in people]


@pytest.mark.parametrize(
    "sentence",
    ["Enstemmig vedtatt.", "Innstillingen ble enstemmig vedtatt.", "Punkt 1 og 3 ble enstemmig vedtatt uten merknader.",
     "Framlegget vart samrøystes vedteke.", "Innstillinga vart samrøystes vedteken.", "Forslaget ble vedtatt enstemmig."],
)
def test_unanimous_adoption(sentence):
    v = parse_vote(sentence)
    assert v is not None and v.result == "pass" and v.unanimous
    assert v.yes_count is None and v.no_count is None and not v.yes_names and not v.no_names


def test_adopted_against_named_voters_with_bare_party_codes():
    v = parse_vote("Leder Holmens (KrF) forslag til nytt punkt 4 ble vedtatt mot 3 stemmer (Berg SV, Lie R og Ask SV)")
    assert (v.result, v.unanimous, v.yes_count, v.no_count) == ("pass", False, None, 3)
    assert names(v.no_names) == [("Berg", "SV"), ("Lie", "R"), ("Ask", "SV")]
    assert v.subject.startswith("Leder Holmens (KrF) forslag til nytt punkt 4")
    assert count_mismatch(v.no_count, v.no_names) is None


def test_a_party_code_after_the_last_name_covers_the_names_before_it():
    v = parse_vote("Forslaget falt mot 3 stemmer (Vik, R, Nes og Moe, Ap)")
    assert v.result == "fail" and v.yes_count == 3
    assert names(v.yes_names) == [("Vik", "R"), ("Nes", "Ap"), ("Moe", "Ap")]


@pytest.mark.parametrize(
    "sentence, count",
    [
        ("Sunds forslag fikk 4 stemmer og falt (Sund MDG, Vik R, Nes og Moe A)", 4),
        ("Kommunedirektørens forslag falt med en stemme (Vik, R)", 1),
        ("Tilleggsforslaget fra Sund falt mot tre stemmer (Sund MDG, Vik R og Moe A)", 3),
    ],
)
def test_failed_votes_name_those_who_voted_for(sentence, count):
    v = parse_vote(sentence)
    assert v.result == "fail" and v.yes_count == count and not v.no_names
    assert len(v.yes_names) == count


def test_comma_lists_with_full_names_and_no_brackets():
    v = parse_vote("Forslag fremmet av Åse Lind, A til nytt punkt 2, falt mot 3 stemmer, Åse Lind, A, Pål Ruud, A og Eva Marie Stang, R.")
    assert v.result == "fail" and v.yes_count == 3
    assert names(v.yes_names) == [("Åse Lind", "A"), ("Pål Ruud", "A"), ("Eva Marie Stang", "R")]
    v = parse_vote("Innstillingens punkt 1 ble vedtatt mot 1 stemme, Eva Marie Stang, R")
    assert v.result == "pass" and v.no_count == 1 and names(v.no_names) == [("Eva Marie Stang", "R")]


def test_votes_given_by_party_name_no_people():
    v = parse_vote("Forslag fremmet av Tveit fikk 3 (A, SV) stemmer og falt.")
    assert v.result == "fail" and v.yes_count == 3 and v.yes_names == [] and v.parties == ["A", "SV"]


@pytest.mark.parametrize(
    "sentence, result, yes, no",
    [
        ("Innstillingen ble vedtatt med 25 mot 10 stemmer.", "pass", 25, 10),
        ("Endringsforslaget falt med 9 mot 26 stemmer.", "fail", 9, 26),
        ("Framlegget frå Kvamme fall med 3 mot 6 røyster.", "fail", 3, 6),
        ("Forslaget ble vedtatt med elleve mot fire stemmer.", "pass", 11, 4),
        ("Forslaget fikk 12 stemmer for og 23 stemmer mot og falt.", "fail", 12, 23),
    ],
)
def test_for_and_against_counts(sentence, result, yes, no):
    v = parse_vote(sentence)
    assert (v.result, v.yes_count, v.no_count) == (result, yes, no)


@pytest.mark.parametrize(
    "sentence",
    ["Rådmannens innstilling ble vedtatt med 17 mot 17 stemmer ved ordførerens dobbeltstemme.",
     "Forslaget ble vedtatt med 5 mot 5 stemmer, leders dobbeltstemme.",
     "Innstillinga vart vedteken med 7 mot 7 røyster, med møteleiar si dobbeltrøyst."],
)
def test_chair_double_vote(sentence):
    v = parse_vote(sentence)
    assert v.result == "pass" and v.double_vote and v.yes_count == v.no_count


def test_roll_call_lists():
    v = parse_vote("For forslaget stemte 4: Ola Nyhus (AP), Kari Bø (H), Per Li (SP) og Eli Ro (SV).")
    assert v.roll_call == "for" and v.yes_count == 4
    assert names(v.yes_names) == [("Ola Nyhus", "AP"), ("Kari Bø", "H"), ("Per Li", "SP"), ("Eli Ro", "SV")]
    v = parse_vote("Mot forslaget stemte 3: Ola Nyhus (AP), Kari Bø (H).")
    assert v.roll_call == "mot" and v.no_count == 3 and len(v.no_names) == 2
    assert count_mismatch(v.no_count, v.no_names) == "3 votes stated, 2 names listed"


@pytest.mark.parametrize(
    "sentence, result",
    [("Forslaget ble ikke vedtatt.", "fail"), ("Forslaget ble forkastet.", "fail"), ("Forslaget falt.", "fail"),
     ("Tilleggsforslaget ble vedtatt.", "pass")],
)
def test_result_without_counts(sentence, result):
    assert parse_vote(sentence).result == result


@pytest.mark.parametrize(
    "sentence",
    ["Direktør Eva Holm innledet til saken.", "Sunds forslag i 7 punkter oversendes uten realitetsbehandling.",
     "Nestleder Riises forslag til nytt kulepunkt tas til orientering.", "Saken ble utsatt.",
     "Kommunedirektørens representant svarte på spørsmål."],
)
def test_sentences_that_are_not_votes(sentence):
    assert parse_vote(sentence) is None


def test_voter_lists():
    people, parties = parse_voters("(Dahlen, R og Gran, A)")
    assert names(people) == [("Dahlen", "R"), ("Gran", "A")] and parties == []
    people, parties = parse_voters("A, SV")
    assert people == [] and parties == ["A", "SV"]
    people, _ = parse_voters("Tone Bakke (Sp), Gro Lund (V) og Are Myhre (Uavh.)")
    assert names(people) == [("Tone Bakke", "Sp"), ("Gro Lund", "V"), ("Are Myhre", "Uavh.")]


def test_count_mismatch_only_when_names_are_given():
    assert count_mismatch(4, []) is None
    assert count_mismatch(None, ["x"]) is None
    assert count_mismatch(2, ["x", "y"]) is None
    assert count_mismatch(5, ["x", "y", "z", "w"]) == "5 votes stated, 4 names listed"


def test_doctests():
    assert doctest.testmod(votes).failed == 0
