"""Tests for OCR repair: real confusions from the sample, built texts from other kommuner, and negatives."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.model import OCR_LAYER, TEXT_LAYER, IngestedSource, Page, RawPage, Repair, SourceText
from ingest.ocr import Lexicon, repair, undo
from ingest.store import Store

from .conftest import SAMPLE


def _lexicon(*texts: str) -> Lexicon:
    lexicon = Lexicon()
    for text in texts:
        lexicon.add_text(text)
    return lexicon


def _check(text: str, out: str, repairs: list[Repair]) -> None:
    """The contract: each repair is found at its offsets in the output, and undoing gives the input."""
    for r in repairs:
        assert out[r.start : r.end] == r.repaired
        assert r.kind in {"ocr-confusion", "name-lexicon", "letter-spacing", "hyphenation"}
    assert [r.start for r in repairs] == sorted(r.start for r in repairs)
    back = out
    for r in reversed(repairs):
        back = back[: r.start] + r.original + back[r.end :]
    assert back == text
    assert undo(out, repairs) == text


def _fix(text: str, lexicon: Lexicon | None, ocr: bool = True) -> tuple[str, list[Repair]]:
    out, repairs = repair(text, lexicon, ocr)
    _check(text, out, repairs)
    return out, repairs


def _sample_blocks() -> list[tuple[str, bool]]:
    """The sample as runs of lines: text-layer lines end in a space, OCR lines do not."""
    blocks: list[tuple[str, bool]] = []
    for path in sorted(SAMPLE.glob("*.txt")):
        run: list[str] = []
        run_is_text: bool | None = None
        for line in path.read_text(encoding="utf-8").split("\n"):
            is_text = line.endswith(" ") if line.strip() else run_is_text
            if run and is_text != run_is_text:
                blocks.append(("\n".join(run), bool(run_is_text)))
                run = []
            run.append(line)
            run_is_text = is_text
        if run:
            blocks.append(("\n".join(run), bool(run_is_text)))
    return blocks


@pytest.fixture(scope="module")
def sample_blocks() -> list[tuple[str, bool]]:
    return _sample_blocks()


@pytest.fixture(scope="module")
def sample_lexicon(sample_blocks: list[tuple[str, bool]]) -> Lexicon:
    """Words of the sample's text layers only: the lexicon never learns from an OCR reading."""
    return _lexicon(*(block for block, is_text in sample_blocks if is_text))


# -- real confusions quoted from the sample (OCR lines of 001 and 002) ----------------------------


@pytest.mark.parametrize(
    ("ocr_line", "expected", "kind"),
    [
        ("Oddvar lgland (Sp)", "Oddvar Igland (Sp)", "name-lexicon"),
        ("Møtet ble ledet av Oddvar lgland.", "Møtet ble ledet av Oddvar Igland.", "name-lexicon"),
        (
            "Leder lglands (Sp) forslag til nytt punkt 8 og 9 ble enstemmig vedtatt.",
            "Leder Iglands (Sp) forslag til nytt punkt 8 og 9 ble enstemmig vedtatt.",
            "name-lexicon",
        ),
        (
            "1. Ahøre til - temaplan for oppvekst legges ut på høring med høringsfrist 3. mars",
            "1. Å høre til - temaplan for oppvekst legges ut på høring med høringsfrist 3. mars",
            "ocr-confusion",
        ),
        (
            "A høre til - temaplan for oppvekst legges ut på høring med høringsfrist 3. mars 2023",
            "Å høre til - temaplan for oppvekst legges ut på høring med høringsfrist 3. mars 2023",
            "ocr-confusion",
        ),
        (
            "4. Direktør Lunds orienterte om Temaplan Oppvekst -A høre til.",
            "4. Direktør Lunds orienterte om Temaplan Oppvekst -Å høre til.",
            "ocr-confusion",
        ),
        (
            "«Dialogmøtene planlagt B. mars (SU skolene og Avlastning og omsorgstjenester for",
            "«Dialogmøtene planlagt 8. mars (SU skolene og Avlastning og omsorgstjenester for",
            "ocr-confusion",
        ),
        (
            "• Skolens samspill med lokalsamfunnet/loka/miljøet?",
            "• Skolens samspill med lokalsamfunnet/lokalmiljøet?",
            "ocr-confusion",
        ),
        (
            "• Føler dere at dere blir inkludert i loka/miljøet?",
            "• Føler dere at dere blir inkludert i lokalmiljøet?",
            "ocr-confusion",
        ),
        (
            "Dere står også fritt ti l å ta opp andre temaer og problemstillinger. Merk at det",
            "Dere står også fritt til å ta opp andre temaer og problemstillinger. Merk at det",
            "letter-spacing",
        ),
        (
            "Grunnstønad ti l transport, drift av bil. Det kan gis stønad hvis man har ekstrautgifter",
            "Grunnstønad til transport, drift av bil. Det kan gis stønad hvis man har ekstrautgifter",
            "letter-spacing",
        ),
        (
            "Jeg som foresatt støtter skolens arbeid for a skape et",
            "Jeg som foresatt støtter skolens arbeid for å skape et",
            "ocr-confusion",
        ),
        (
            "5) AIie med nedsatt funksjonsevne skal",
            "5) Alle med nedsatt funksjonsevne skal",
            "ocr-confusion",
        ),
        (
            "møte fremtidens helseuttordringer.",
            "møte fremtidens helseutfordringer.",
            "ocr-confusion",
        ),
    ],
)
def test_real_ocr_confusions_from_sample(sample_lexicon, ocr_line, expected, kind):
    out, repairs = _fix(ocr_line, sample_lexicon)
    assert out == expected
    assert {r.kind for r in repairs} == {kind}


def test_sample_multi_line_repairs(sample_lexicon):
    text = (
        "sammen med fire av statsforvalterembetene og flere kommuner. Rapporter om prosjektet t i l FNs CRPD-\n"
        "komite vil utarbeides."
    )
    out, repairs = _fix(text, sample_lexicon)
    assert "prosjektet til FNs CRPD-komite vil" in out
    assert sorted(r.kind for r in repairs) == ["hyphenation", "letter-spacing"]

    broken = "I utarbeidelse av kunnskapsgrunnlaget er det valgt et aktivt brukermedvirknings-\nperspektiv. Med"
    out, repairs = _fix(broken, sample_lexicon, ocr=False)
    assert out == "I utarbeidelse av kunnskapsgrunnlaget er det valgt et aktivt brukermedvirkningsperspektiv. Med"
    assert repairs[0].original == "brukermedvirknings-\nperspektiv"


@pytest.mark.parametrize(
    "line",
    [
        "Felles forslag fremmet av May B. Myklebust til innspill til planen:",  # an initial, no day
        "B. Kommunedirektøren bes om å legge fram sak om standard rom og",  # a list label? not certain
        "kommunedirektørens videre arbeid med forslag til Handlingsprogram 2024-\n2027.",
        "velferdsteknologi i fremtidens helse- \nog omsorgstjenester",
        "5. Nestleder Vee Bratlie svarte ut om notat fra kommunedirektøren om «Live-\nstreaming» av",
        "gjenganger-\nkriminalitet",
        "Effektkontrakt er en avtale mellom en sosial investor og det offentlige.",
        "leggspunkt på vegne av Sp, H, V og uavhengig varamedlem",
        "pårørende blitt kommentert fra s. 16-18.",
    ],
)
def test_sample_lines_left_alone(sample_lexicon, line):
    for ocr in (True, False):
        assert _fix(line, sample_lexicon, ocr) == (line, [])


def test_whole_sample_repairs_and_text_layers_untouched(sample_lexicon, sample_blocks):
    """Every known confusion in the sample's OCR lines is mended; exact text layers get no glyph fix."""
    kinds: Counter[tuple[str, str]] = Counter()
    repaired_ocr = []
    for block, is_text in sample_blocks:
        out, repairs = _fix(block, sample_lexicon, ocr=not is_text)
        kinds.update(("text" if is_text else "ocr", r.kind) for r in repairs)
        if not is_text:
            repaired_ocr.append(out)
    joined = "\n".join(repaired_ocr)
    for damage in ("lgland", "Ahøre", "A høre til", " ti l ", " t i l ", "loka/miljøet", "planlagt B. mars"):
        assert damage not in joined
    assert joined.count("Oddvar Igland") >= 10
    # The text layers are exact: in them, only the generic fixes may ever apply.
    assert not {kind for layer, kind in kinds if layer == "text"} - {"hyphenation", "letter-spacing"}
    assert kinds[("ocr", "name-lexicon")] >= 17  # 13 × "lgland", 4 × "lglands"
    assert kinds[("ocr", "letter-spacing")] >= 166  # 105 × "ti l", 61 × "t i l"


def test_exact_text_layer_in_ocr_mode_gets_no_glyph_fix(sample_blocks):
    """Precision: an exact text layer read as if it were OCR, with a lexicon of the other files only."""
    texts = [block for block, is_text in sample_blocks if is_text]
    half = len(texts) // 2
    lexicon = _lexicon(*texts[:half])
    for block in texts[half:]:
        _, repairs = _fix(block, lexicon, ocr=True)
        assert [r for r in repairs if r.kind in ("ocr-confusion", "name-lexicon")] == []


# -- texts built here, with names and words from other kommuner ----------------------------------


def test_name_from_lexicon_other_kommune():
    lexicon = _lexicon("Møteprotokoll Kommunestyret i Lyngen\nTil stede: Ingvild Ljones (Ap), Per Olsen (H)")
    out, repairs = _fix("Ordfører lngvild Ljones (Ap) åpnet møtet.", lexicon)
    assert out == "Ordfører Ingvild Ljones (Ap) åpnet møtet."
    assert repairs == [Repair(9, 16, "lngvild", "Ingvild", "name-lexicon")]


def test_name_genitive_and_capital_i_in_word():
    lexicon = _lexicon("Leder Kari Iversen (Sp) og Kari Iversen. Tiltaksplanen for Bodø ble vedtatt.")
    out, repairs = _fix("Leder lversens forslag til TiItaksplanen ble vedtatt.", lexicon)
    assert out == "Leder Iversens forslag til Tiltaksplanen ble vedtatt."
    assert [(r.original, r.repaired, r.kind) for r in repairs] == [
        ("lversens", "Iversens", "name-lexicon"),
        ("TiItaksplanen", "Tiltaksplanen", "ocr-confusion"),
    ]


def test_other_glyph_confusions_backed_by_lexicon():
    lexicon = _lexicon(
        "Barnevern og helsetilbud i Tromsø. Barnevern er viktig. Det gode helsetilbud i bydelen.",
        "Å leve et godt liv – folkehelseplan for Tromsø.",
    )
    out, _ = _fix("Bamevern og helseti/bud.\nAleve et godt liv\nA leve et godt liv", lexicon)
    assert out == "Barnevern og helsetilbud.\nÅ leve et godt liv\nÅ leve et godt liv"


def test_days_of_month_with_letters_for_digits():
    out, repairs = _fix("Befaring 2O. juni og møte lO. mai, 1B. sept.", None)
    assert out == "Befaring 20. juni og møte 10. mai, 18. sept."
    assert {r.kind for r in repairs} == {"ocr-confusion"}
    # No month after it: "B." stays an initial or a list label; "SS." is no day of a month.
    for text in ("Per B. Hansen og punkt B. Vedtak", "Rute SS. mai"):
        assert _fix(text, None) == (text, [])


def test_letter_spacing_in_text_layer():
    lexicon = _lexicon("Det er fritt til å velge. Søknad til kommunen. Vi ser tilbake til 2020. " * 2)
    out, repairs = _fix("Det står fritt ti l å søke, og t i l kommunen.", lexicon, ocr=False)
    assert out == "Det står fritt til å søke, og til kommunen."
    assert [r.original for r in repairs] == ["ti l", "t i l"]
    # Without any corpus, the word list alone vouches only for true letter spacing.
    assert _fix("søknad t i l kommunen", None, ocr=False)[0] == "søknad til kommunen"
    assert _fix("søknad ti l kommunen", None, ocr=False)[0] == "søknad ti l kommunen"


def test_hyphenation_rules():
    lexicon = _lexicon("Kommuneplanens samfunnsdel og FN-sambandet. Send e-post til Nav-kontoret.")
    text = (
        "Arbeidet med kommune-\nplanens samfunnsdel, FN-\nsambandet og barne- \n og ungdomsarbeid,\n"
        "plan for 2024-\n2027 og Barne-\neller familietiltak, helse- og\nomsorg, Tromsø-\nOslo,\n"
        "send e-\npost til Nav-\r\nkontoret"
    )
    out, repairs = _fix(text, lexicon, ocr=False)
    assert [(r.original, r.repaired) for r in repairs] == [
        ("kommune-\nplanens", "kommuneplanens"),
        ("FN-\nsambandet", "FN-sambandet"),
        ("e-\npost", "e-post"),
        ("Nav-\r\nkontoret", "Nav-kontoret"),
    ]
    assert "barne- \n og ungdomsarbeid" in out and "2024-\n2027" in out and "Barne-\neller" in out


def test_letter_spacing_guards():
    """Joins that would swallow a real word, an abbreviation or OCR debris are not made."""
    lexicon = _lexicon(
        "Vi ses. Vi ses snart. Se der. Ulike fora for dialog. " * 2,
        "Tiltak for barn og for unge. " * 10,  # "for" is common, "fora" is rare
        "Effektkontrakter brukes. Effektkontrakter er nye. Den og den.",
    )
    for text in (
        "skolens arbeid for a skape",  # "for å", not "fora"
        "jf. se s. 3 i planen",  # an abbreviation, not "ses"
        "Effektkontrakt er en avtale",  # a long word and a real word, not "Effektkontrakter"
        "2-Jganger i m å d e n eller oftere",  # debris from a chart (sample 002), not "den"
    ):
        out, repairs = _fix(text, lexicon, ocr=False)
        assert [r for r in repairs if r.kind == "letter-spacing"] == [], text


def test_suspended_compound_after_unknown_part_keeps_its_break():
    lexicon = _lexicon("velferdstjenester og omsorgstjenester")
    text = "velferds-\nog omsorgstjenester, samfunns- \neller næringsliv"
    assert _fix(text, lexicon, ocr=False) == (text, [])


# -- negatives: real words are never "fixed" ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Laget i Ila spilte mot Alta. Et lag fra Alta.",
        "Bruk A4-ark, og plan A gjelder.",
        "Planperioden 2024-2027 og barne- og ungdomsarbeid.",
        "Det var tall og tom kasse.",
        "A høre til",  # the lexicon below has no "Å høre": no evidence, no fix
        "Oddvar lgland",  # the lexicon knows no Igland
    ],
)
def test_real_words_left_alone(text):
    # Every tempting neighbour is frequent in the lexicon: "Iag", "lla", "fall", "torn".
    lexicon = _lexicon("Iag lla Ialta fall torn Å4 " * 5, "Ila skole og Alta kommune, et lag.")
    assert _fix(text, lexicon) == (text, [])
    assert _fix(text, lexicon, ocr=False) == (text, [])


def test_slash_and_short_words_left_alone():
    lexicon = _lexicon("Delene og de ene. Delene. Økt innsats, økt bruk, økt tilskudd. Tilskudd til tiltak. " * 2)
    # "de" and "ene" are both corpus words: the slash is real, even though "delene" is a word.
    assert _fix("se de/ene", lexicon) == ("se de/ene", [])
    # "okt" is a month's abbreviation, and three letters are too short for an o/ø guess.
    assert _fix("aug.–okt. 2023", lexicon) == ("aug.–okt. 2023", [])
    # Parts glued to a hyphen or digit are no letter-spaced word.
    assert _fix("ti l-tak og 2ti l", lexicon, ocr=False) == ("ti l-tak og 2ti l", [])


def test_lone_a_left_alone_where_the_corpus_writes_it():
    lexicon = _lexicon("Å høre til. Å høre til. Vedlegg A høre om saken.")
    assert _fix("Se vedlegg A høre", lexicon) == ("Se vedlegg A høre", [])


def test_text_layer_gets_no_confusion_fix():
    lexicon = _lexicon("Oddvar Igland leder utvalget. Å høre til. Skolens lokalmiljøet i lokalmiljøet.")
    text = "Oddvar lgland og A høre til, loka/miljøet, planlagt B. mars."
    assert _fix(text, lexicon, ocr=False) == (text, [])
    assert _fix(text, lexicon, ocr=True)[0] == "Oddvar Igland og Å høre til, lokalmiljøet, planlagt 8. mars."


def test_lexicon_with_damaged_form_as_common_as_the_right_one():
    """An OCR-polluted lexicon: "lgland" as often as "Igland" is no evidence for a fix."""
    lexicon = _lexicon("Igland Igland Igland lgland lgland")
    assert _fix("Oddvar lgland", lexicon) == ("Oddvar lgland", [])
    lexicon = _lexicon("Igland " * 60 + "lgland")
    assert _fix("Oddvar lgland", lexicon)[0] == "Oddvar Igland"


def test_ambiguous_correction_is_left_alone():
    """Two corpus words one confusion away, equally common: no reading is certain, so no fix."""
    lexicon = _lexicon("Ilsvik skole. Ilsvik. Iisvik gård. Iisvik.")
    assert lexicon.correction("llsvik") is None
    lexicon = _lexicon("Ilsvik skole. " * 25, "Iisvik gård. " * 2)  # one reading dominates
    assert lexicon.correction("llsvik") == ("Ilsvik", "name-lexicon")


# -- the lexicon's sources ----------------------------------------------------------------------


def _source(pages: list[RawPage], text: str = "") -> SourceText:
    return SourceText("x.pdf", "/x.pdf", "0" * 64, len(text), "pdf", text, pages)


def test_add_source_learns_text_layers_only():
    page = RawPage(1, {TEXT_LAYER: "Oddvar Igland (Sp)", OCR_LAYER: "Oddvar lgland (Sp)"}, 0, 36)
    lexicon = Lexicon()
    lexicon.add_source(_source([page]))
    assert lexicon.count("Igland") == 1 and lexicon.count("lgland") == 0

    plain = Lexicon()
    plain.add_source(_source([], "Ingvild Ljones leder."))
    assert plain.count("Ljones") == 1


def test_from_store_reads_stored_text_layers(tmp_path):
    text_layer = "Møteleder Ingvild Ljones (Ap) og Ingvild Ljones."
    ocr_layer = "Møteleder lngvild Ljones (Ap) og lngvild Ljones."
    source = _source([RawPage(1, {TEXT_LAYER: text_layer, OCR_LAYER: ocr_layer}, 0, 100)], text_layer)
    page = Page(1, text_layer, 0, 100, (TEXT_LAYER, OCR_LAYER), True, {TEXT_LAYER: text_layer, OCR_LAYER: ocr_layer})
    with Store.open(tmp_path / "data") as store:
        store.save(IngestedSource(source, [page], []))
        lexicon = Lexicon.from_store(store)
    assert lexicon.count("Ingvild") == 2 and lexicon.count("lngvild") == 0
    assert _fix("lngvild Ljones", lexicon)[0] == "Ingvild Ljones"


def test_lexicon_counts_compounds_but_not_broken_parts():
    lexicon = _lexicon("FN-sambandet og barne- og ungdomsarbeid, brukermedvirknings-\nperspektiv")
    assert lexicon.count("FN-sambandet") == 1 and lexicon.count("sambandet") == 1
    assert lexicon.count("barne") == 0 and lexicon.count("brukermedvirknings") == 0
    assert lexicon.known("ungdomsarbeid") and not lexicon.known("lgland")


def test_repairs_many_in_one_text_round_trip():
    lexicon = _lexicon(
        "Oddvar Igland og Ingvild Ljones. Å høre til. Dialogmøtene i lokalmiljøet og lokalmiljøet. "
        "Til kommunen og til fylket."
    )
    text = (
        "lgland og lngvild Ljones: Ahøre ti l, A høre til,\nplanlagt B. mars i loka/miljøet, "
        "kommune-\nplanen og t i l fylket. lglands forslag."
    )
    out, repairs = _fix(text, lexicon)
    assert out == (
        "Igland og Ingvild Ljones: Å høre til, Å høre til,\nplanlagt 8. mars i lokalmiljøet, "
        "kommuneplanen og til fylket. Iglands forslag."
    )
    assert len(repairs) == 10
