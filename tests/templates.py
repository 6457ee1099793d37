"""Builders of test documents in other kommuners' layouts (ACOS WebSak, Elements, Public 360, nynorsk).

Names, places and numbers here are invented and differ from the sample corpus, so a rule that only
works on the sample cannot pass the tests built from these.
"""

from __future__ import annotations

from ingest.model import TEXT_LAYER, Page


def pages_from(texts: list[str], first_number: int = 1) -> list[Page]:
    """One clean ``Page`` per text, numbered from ``first_number``; offsets as if joined by form feeds."""
    pages, pos = [], 0
    for n, text in enumerate(texts, start=first_number):
        pages.append(Page(n, text, pos, pos + len(text), (TEXT_LAYER,), False, {TEXT_LAYER: text}))
        pos += len(text) + 1
    return pages


def one_page(texts: list[str]) -> list[Page]:
    """All texts as one page, the way a text dump without page breaks arrives."""
    return pages_from(["\n\n\n".join(texts)])


def ocr_reading(text: str) -> str:
    """A rough OCR re-reading of a page: a logo on top, label and value split onto separate lines."""
    lines = []
    for line in text.splitlines():
        head, sep, rest = line.partition("  ")
        lines.append(head.strip())
        if sep and rest.strip():
            lines.append(rest.strip())
    return "0 Nordvik\nkommune\n\n" + "\n".join(lines)


def with_ocr_repeats(texts: list[str]) -> list[Page]:
    """Each page's text followed by its OCR reading, all in one page (as sample text dumps come today)."""
    return one_page([f"{t}\n\n{ocr_reading(t)}" for t in texts])


ACOS_SAKSFRAMLEGG = """\
Saksframlegg

Arkivsak-dok.      19/04417-7
Arkivkode          033
Saksbehandler      Kari Fjellstad

Behandlet av                 Møtedato      Saksnr.
1 Formannskapet              12.03.2024    24/15
2 Kommunestyret              26.03.2024    24/31

Ny brannstasjon på Nes - valg av tomt

Rådmannens forslag til vedtak
1. Kommunestyret velger tomt B for ny brannstasjon.
2. Rådmannen bes starte regulering.

Saksopplysninger
Brannvesenet har i dag lokaler som ikke tilfredsstiller kravene. Saksprotokoll fra
formannskapets befaring følger som vedlegg. Tre tomter er vurdert.

Vurdering
Tomt B gir kortest utrykningstid til flest innbyggere.

Dokumentet er elektronisk godkjent.

Vedlegg:
1 Mulighetsstudie brannstasjon Nes
2 Brev fra Direktoratet for samfunnssikkerhet og beredskap
"""

REPORT_ATTACHMENT = """\
Mulighetsstudie brannstasjon Nes

Rapport nr. 12/2023

Forord
Denne rapporten er utarbeidet på oppdrag fra kommunen. Metode og datainnsamling er beskrevet
i kapittel 2, og respondentene i spørreskjemaundersøkelsen er ansatte i brannvesenet i regionen.

Sammendrag
Studien vurderer tre tomter etter utrykningstid, kostnad og regulering. Analysene viser at tomt B
gir best dekning. Tabell 3 og figur 4 viser resultatene for hver tomt og hvert scenario i studien.
""" + "\n".join(
    f"Kapittel {n}. Resultatene for scenario {n} viser at utrykningstiden ligger innenfor kravet i forskriften "
    "for de fleste adresser i regionen, med unntak av spredt bebyggelse i nord der metoden gir større usikkerhet."
    for n in range(1, 40)
)

LETTER_ATTACHMENT = """\
Vedlegg 2

Nordvik kommune
Postboks 100
9999 Nordvik

Deres ref.: 23/5501        Vår ref.: 2023/771-2        Dato: 02.02.2024

Krav til beredskap ved ny brannstasjon

Direktoratet viser til henvendelse om krav til lokaler for brann- og redningsvesen. Lokalene må
dekke krav til garderober, vaskehall og døgnbemanning.

Med vennlig hilsen
Ola Berg
seksjonssjef
"""

SAKSPROTOKOLL_360 = """\
Saksprotokoll i Kommunestyret - 26.03.2024

Arkivsak:     19/04417
Tittel:       Ny brannstasjon på Nes - valg av tomt

Behandling:
Forslaget fra Senterpartiet ble nedstemt med 20 mot 13 stemmer.

Vedtak:
1. Kommunestyret velger tomt B for ny brannstasjon.
"""

KOMMUNESTYRE_PROTOKOLL = """\
Møteprotokoll

Utvalg:      Kommunestyret
Møtested:    Kommunestyresalen, Nordvik rådhus
Dato:        12.03.2026
Tidspunkt:   18:00 - 21:15

Følgende faste medlemmer møtte: Per Lie, Anne Vik, Jon Dal
Følgende medlemmer hadde forfall: Siri Holm
Følgende varamedlemmer møtte: Eva Strand

Saker til behandling

PS 12/26 Godkjenning av innkalling og saksliste
Vedtak:
Innkalling og saksliste godkjennes.

PS 13/26 Reguleringsplan for Sentrum sør - sluttbehandling
Behandling:
Rådmannens innstilling ble vedtatt mot 4 stemmer. Saksprotokoll sendes partene.
Vedtak:
Reguleringsplan for Sentrum sør vedtas.
"""

NYNORSK_INNKALLING = """\
Møteinnkalling

Utval:        Formannskapet
Møtestad:     Kommunestyresalen
Dato:         14.05.2024
Tidspunkt:    10:00

Forfall må meldast snarast på telefon. Varamedlemer møter etter nærare beskjed.

Saksliste

Utvalssaksnr   Innhald                                    Arkivsaksnr
PS 21/24       Godkjenning av protokoll                   24/00077
PS 22/24       Skulebruksplan 2024-2030                   23/01990
"""

NYNORSK_SAKSFRAMLEGG = """\
Saksframlegg

Sakshandsamar:  Per Haugland
Arkiv:          A20
Arkivsaksnr.:   23/1990-12

Saksgang                 Møtedato      Saknr
Formannskapet            14.05.2024    22/24
Kommunestyret            28.05.2024

Skulebruksplan 2024-2030

Innstilling frå kommunedirektøren:
Kommunestyret vedtek skulebruksplanen for perioden 2024-2030.

Saksopplysningar:
Planen er utarbeidd etter vedtak i kommunestyret. Han byggjer på elevtal og tilstanden til bygga.

Dokumentet er elektronisk godkjent.
"""

HOYRINGSUTKAST_PLAN = """\
Høyringsutkast

Skulebruksplan for Nordvik 2024-2030

Innleiing
Planen skal gje retning for skulestruktur og investeringar i planperioden. Hovudmålet er gode
læringsmiljø for alle elevar.

Innsatsområde 1: Skulestruktur
Hovedmål: Alle elevar går på ein skule med god kvalitet. Delmål: Kapasiteten skal møte elevtalet.

Innsatsområde 2: Bygg og uteområde
Strategier: Vedlikehald skal prioriterast før nybygg der tilstanden tillet det.
"""

ELEMENTS_SAKSPROTOKOLL = """\
Saksprotokoll - Hovedutvalg for oppvekst

Saksnr.:        21/7781-5
Utvalgssak:     14/24
Møtedato:       03.04.2024

Skolestruktur i nord

Behandling:
Hovedutvalget drøftet saken. Ingen forslag ble fremmet.

Vedtak:
Saken tas til orientering.
"""

ELEMENTS_SAKSPROTOKOLL_OTHER_BODY = """\
Saksprotokoll - Formannskapet

Saksnr.:        21/7781-5
Utvalgssak:     31/24
Møtedato:       09.04.2024

Skolestruktur i nord

Formannskapet har behandlet saken i møte 09.04.2024 sak 31/24

Behandling:
Enstemmig vedtatt.

Vedtak:
Saken tas til orientering.
"""

SLIDES = "\n\n".join(
    [
        "Ny brannstasjon\nStatus for prosjektet\nFormannskapet 12.03.2024\nEva Strand, prosjektleder",
        "Bakgrunn\n• Gamle lokaler\n• Nye krav\n• Vekst i nord",
        "Tomter\n• Tomt A\n• Tomt B\n• Tomt C",
        "Utrykningstid\n• Tomt B best\n• Under 10 min\n• For 90 %",
        "Økonomi\n• 180 MNOK\n• Lån\n• Tilskudd",
        "Fremdrift\n• Regulering 2024\n• Bygging 2026\n• Innflytting 2027",
        "Spørsmål?\nTakk for oppmerksomheten",
    ]
)
