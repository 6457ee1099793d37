"""Meeting documents in layouts other than the sample's: Public 360, Elements, ACOS, nynorsk, table variants.

The names, dates and numbers are invented; no rule in the extractor may key on them.
"""

PUBLIC_360 = """MØTEPROTOKOLL

Kommunestyret

Møtedato: 12.03.2024
Møtested: Kommunestyresalen
Tidspunkt: 18:00 - 22:15

Til stede: Ordfører Ola Hansen (Ap), varaordfører Kari Nordmann (H), Per Olsen (Sp), Lise
Berg (V), Anne Marie Dahl (Ap), Jon Fredrik Nilsen (FrP)

Forfall: Trond Vik (Ap), Eva Strand (H)

Varamedlemmer: Siri Lund (Ap) for Trond Vik (Ap), Geir Moe (H) for Eva Strand (H)

Fra administrasjonen: Kommunedirektør Åse Li, økonomisjef Bjørn Aas

Protokollfører: Mona Berg

Møtet ble ledet av ordfører Ola Hansen (Ap).
Kommunestyret var lovlig satt med 8 representanter.

Saksliste
Saksnr. Innhold
PS 12/24 Godkjenning av protokoll fra forrige møte
PS 13/24 Budsjettjustering 2024 - endring av
investeringsbudsjettet
RS 3/24 Melding om vedtak
PS 14/24 Reguleringsplan for Nordre Vik

PS 12/24 Godkjenning av protokoll fra forrige møte
Behandling
Enstemmig vedtatt.
"""

TABLE_HEAD = """Møteprotokoll
Utvalg: Formannskapet
Møtedato: 05.09.2023  Møtested: Rådhuset, møterom 1  Tid: 09:00 – 13:30

"""

TABLE_ROWS = TABLE_HEAD + """Til stede:
Navn / Funksjon / Parti / Møtte for
Ola Hansen Leder Ap
Kari Nordmann Nestleder H
Siri Lund Varamedlem Ap Trond Vik
Per Olsen Medlem Sp

Forfall:
Trond Vik Medlem Ap
"""

TABLE_COLUMNS = TABLE_HEAD + """Til stede:
Navn

Ola Hansen
Kari Nordmann
Siri Lund
Per Olsen

Funksjon

Leder
Nestleder
Varamedlem
Medlem

Parti
Ap
H
Ap
Sp

Møtte for

Trond Vik

Forfall:
Trond Vik (Ap)
"""

TABLE_CELLS = TABLE_HEAD + "Til stede:\nNavn\tMøtte for\tParti\nOla Hansen\t\tAp\nSiri Lund\tTrond Vik\tAp\n"

NYNORSK = """Møteprotokoll

Formannskapet

Møtestad: Heradshuset, møterom Fjorden
Dato: 05.06.2023
Frå – til: 09:00 – 14:30

Desse møtte:
Funksjon Namn Møtte for
Leiar Ola Nordmann (Sp)
Nestleiar Kari Hansen (Ap)
Medlem Per Berg (H)
Varamedlem Siri Dal (H) Anne Lie (H)

Forfall:
Anne Lie (H)

Møtet vart leia av leiar Ola Nordmann (Sp).
Frå administrasjonen: Kommunedirektør Jon Bø
Protokollførar: Randi Nes

Sakliste
Saknr Tittel
PS 21/23 Godkjenning av møtebok
PS 22/23 Økonomirapport første tertial
"""

ELEMENTS = """Møteprotokoll

Utvalg: Hovedutvalg for teknikk og miljø
Møtested: Kommunestyresalen
Møtedato: 14.03.2023
Tid: 10:00 - 15:00

Faste medlemmer som møtte:
Navn Funksjon Representerer
Ola Hansen Leder AP
Kari Nordmann Nestleder H
Per Olsen Medlem SP

Faste medlemmer som ikke møtte:
Navn Funksjon Representerer
Lise Berg Medlem SP

Varamedlemmer som møtte:
Navn Møtte for Representerer
Jon Vara Lise Berg SP

Fra adm. møtte:
Navn Stilling
Knut Knutsen Rådmann
Guri Aas Møtesekretær

Saksliste
Utvalgssaksnr Innhold Lukket
PS 5/23 Godkjenning av protokoll
PS 6/23 Detaljregulering for Bakkeveien 12
"""

ACOS = """MØTEPROTOKOLL

Bystyret

Møtedato: 20.06.2023 Møtested: Bystyresalen Møtetid: 18:00 - 21:40

Faste medlemmer som møtte:
Ola Hansen, ordfører (AP)
Kari Nordmann (H)
Per Olsen (SP)

Følgende medlemmer hadde forfall:
Trine Dahl (AP)

Følgende varamedlemmer møtte: Eva Holm (AP) for Trine Dahl (AP)

Merknader:
Ingen merknader til innkalling og saksliste.

Fra administrasjonen møtte:
Rådmann Knut Knutsen
Protokollfører: Siri Sekk

SAKSLISTE
Saksnr Innhold
PS 45/23 Godkjenning av innkalling og saksliste
PS 46/23 Godkjenning av protokoll
PS 47/23 Kommunal planstrategi 2024-2027
"""
