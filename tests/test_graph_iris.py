"""Instance IRIs come from identifiers, so the same input always gives the same IRI, whatever the layout."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import URIRef

from graph import iris

B = iris.BASE


def U(path: str):
    """The expected IRI of ``path`` under the base."""
    return URIRef(B + path)


def test_iris_follow_the_documented_patterns():
    assert iris.kommune_iri("Asker") == U("kommune/asker")
    assert iris.body_iri("Asker", "Råd for personer med funksjonsnedsettelse") == (
        U("body/asker/raad-for-personer-med-funksjonsnedsettelse")
    )
    assert iris.meeting_iri("Asker", "Utvalg for oppvekst", date(2023, 2, 14)) == (
        U("meeting/asker/utvalg-for-oppvekst/2023-02-14")
    )
    assert iris.case_iri("Asker", "21/21815") == U("case/asker/21-21815")
    assert iris.consultation_iri("Asker", "21/21815", "Eldrerådet", "09.02.2023") == (
        U("consultation/asker/21-21815/eldreraadet/2023-02-09")
    )
    assert iris.person_iri("Asker", "Ingrid Johanne Blichfeldt") == U("person/asker/ingrid-johanne-blichfeldt")
    assert iris.plan_iri("Asker", "På lik linje") == U("plan/asker/paa-lik-linje")
    assert iris.document_iri("002_420537c42393fb97", 4) == U("document/002_420537c42393fb97/4")
    assert iris.page_iri("002_420537c42393fb97", 57) == U("page/002_420537c42393fb97/57")
    assert iris.source_iri("002_420537c42393fb97") == U("document/002_420537c42393fb97")
    assert iris.role_iri("Nestleder") == U("role/nestleder")


@pytest.mark.parametrize(
    "written",
    ["22/22972-2", "22/22972", " 22 / 22972 - 15 ", "2022/22972"],
)
def test_case_numbers_as_printed_give_one_case(written):
    assert iris.normalise_arkivsak(written) == "22/22972"
    assert iris.case_iri("Nordre Follo", written) == U("case/nordre-follo/22-22972")


@pytest.mark.parametrize("bad", ["22-22972", "sak 5/23x", "", "22/"])
def test_bad_case_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="case number"):
        iris.normalise_arkivsak(bad)


@pytest.mark.parametrize("written", ["2024-03-06", "06.03.2024", "6.3.2024", date(2024, 3, 6), "2024-03-06T16:00"])
def test_dates_in_any_printed_form(written):
    assert iris.normalise_date(written) == "2024-03-06"


def test_bad_date_is_refused():
    with pytest.raises(ValueError, match="not a date"):
        iris.normalise_date("31.02.2024")


@pytest.mark.parametrize(
    "codes, expected",
    [
        (["A", "Ap", "(AP)", "Arbeiderpartiet"], "ap"),
        (["H", "Høyre", "h"], "h"),
        (["FrP", "FRP", "Fremskrittspartiet"], "frp"),
        (["R", "Rødt", "Raudt"], "r"),
        (["MDG", "Miljøpartiet De Grønne"], "mdg"),
        (["Bymiljølista"], "bymiljolista"),
    ],
)
def test_party_codes_are_normalised(codes, expected):
    assert {iris.normalise_party_code(c) for c in codes} == {expected}
    assert iris.party_iri(codes[0]) == U(f"party/{expected}")


def test_fact_iris_are_deterministic_and_content_keyed():
    cons = iris.consultation_iri("Asker", "21/21815", "Eldrerådet", "2023-02-09")
    assert iris.fact_iri(cons, "motion", 2) == URIRef(f"{cons}/motion/2")
    text = "Temaplan «På lik linje» tas til orientering"
    a = iris.fact_iri(cons, "decision", text)
    assert a == iris.fact_iri(cons, "decision", "Temaplan «På lik linje»\n  tas til orientering")
    assert a != iris.fact_iri(cons, "decision", text + ".")
    assert a != iris.fact_iri(cons, "comment", text)
    assert a.startswith(f"{cons}/decision/") and len(a.rsplit("/", 1)[1]) == 16
    vote = iris.fact_iri(cons, "vote", 1)
    assert iris.count_iri(vote, "yes") == URIRef(f"{vote}/count/yes")
    person = iris.person_iri("Asker", "Anne-Britt Wengen")
    assert iris.ballot_iri(vote, person) == iris.ballot_iri(vote, person)
    assert iris.ballot_iri(vote, person) != iris.ballot_iri(vote, iris.person_iri("Asker", "Karl Bønnhoff"))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: iris.fact_iri(iris.case_iri("Asker", "21/21815"), "treatment", 1), "unknown fact kind"),
        (lambda: iris.fact_iri("http://example.org/x", "vote", 1), "not a saksgraf IRI"),
        (lambda: iris.fact_iri(iris.case_iri("Asker", "21/21815"), "vote", 0), "positive integer"),
        (lambda: iris.page_iri("002_420537c42393fb97", 0), "positive integer"),
        (lambda: iris.body_iri("Asker", " – "), "empty IRI segment"),
        (lambda: iris.source_iri("Not a Source.txt"), "not a source id"),
        (lambda: iris.count_iri("x", "abstain"), "yes"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
