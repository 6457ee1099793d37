"""Proposals: the administration's 'forslag til vedtak' / innstilling, and members' proposals in a behandling."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..doctypes import END_MARKER
from .base import DocumentText
from .mentions import person_at_end
from .names import ParsedName, is_party_code
from .records import PersonRef, Proposal
from .textspan import Line, clean_block, is_noise, lines_of, one_line, paragraphs

# The heading of the administration's (or the chair's) proposal.
_WHO = r"(?P<who>[A-ZÆØÅa-zæøå][\wæøåÆØÅ-]*?)"
ADMIN_HEADINGS = [
    re.compile(rf"^{_WHO}(?:s|'s|’s)\s+(?:endelige\s+|reviderte\s+)?(?:forslag|framlegg)(?:\s+til\s+(?:vedtak|innstilling|vedtak/innstilling))?$", re.I),
    re.compile(rf"^{_WHO}(?:s|'s|’s)\s+(?:innstilling|tilråding)(?:\s+til\s+[\wæøå ]+)?$", re.I),
    re.compile(rf"^{_WHO}\s+sitt?\s+(?:forslag|framlegg|innstilling|tilråding)(?:\s+til\s+(?:vedtak|innstilling))?$", re.I),
    re.compile(r"^(?:innstilling|tilråding|framlegg|forslag)(?:\s+til\s+vedtak)?\s+(?:frå|fra)\s+(?P<who>[\wæøå]+(?:\s+[\wæøå]+)?)$", re.I),
    re.compile(r"^(?:forslag|framlegg)\s+til\s+(?:vedtak|innstilling)$|^innstilling$|^tilråding$", re.I),
]
# Where the text of a proposal read from a heading ends: the next section of the document.
SECTION_STOP = re.compile(
    r"^(?:\d{1,2}\.?\s*)?(?:sammendrag|samandrag|saksopplysninger|saksopplysningar|saksframstilling|bakgrunn"
    r"|vurdering|saksutgreiing|saksutredning|innledning|innleiing|saken gjelder|saka gjeld|hva saken gjelder"
    r"|fakta|hjemmel|heimel|økonomiske|konklusjon|behandling|handsaming|møtebehandling|vedtak|votering"
    r"|røysting|vedlegg|dokumenter|trykte vedlegg|utrykte vedlegg|tidligere behandling|andre opplysninger"
    r"|\w+s vurdering|lovgrunnlag)\b|^\[lagre vedtak\]",
    re.IGNORECASE,
)
_PROPOSE_VERB = re.compile(
    r"\b(?:fremmet|fremma|fremja|framsette|fremsatte|fremsette|satte fram|sette fram|sette frem|la fram|la frem"
    r"|kom med|foreslo|fremmer)\b",
    re.IGNORECASE,
)
# "Felles forslag fremmet av X til …", "Forslag fra X:", "Framlegg frå X:".
_PASSIVE = re.compile(
    r"(?i)^(?:\w+\s+)?(?:\w*forslag|\w*framlegg)\s+(?:\w+\s+)?(?:(?:fremmet|fremma|fremja|lagt\s+fram|sett\s+fram)"
    r"\s+av|fra|frå)\s+(?P<who>.+?)(?=\s+(?:til|om|på vegne|med|i)\b|\s*:|\s*[,.]?\s*$)"
)
_ON_BEHALF = re.compile(r"på\s+vegne\s+av\s+(?P<who>.+?)(?=\s+(?:følgende|fremmet|til)\b|\s*:|$)", re.IGNORECASE)
_VOTE_WORDS = re.compile(
    r"(?i)\b(?:enstemmig|samrøystes|vedtatt|vedteke|vedtok|falt|fall|forkastet|avvist|stemmer|stemme|stemte"
    r"|røyster|røysta|dobbeltstemme|oversendes|oversendt|trukket|trekt|tiltrådt|bifalt)\b"
)
_VOTE_HEADING = re.compile(r"(?i)^(?:votering|avstemming|avstemning|røysting|avrøysting)\s*:?(?:\s|$)")
_OTHER_TALK = re.compile(
    r"(?i)\b(?:svarte|besvarte|innledet|innleia|innleidde|presenterte|orienterte|redegjorde|påpekte|innledning"
    r"|gruppemøte|møtet ble hevet|til stede)\b"
)


@dataclass
class MemberProposal:
    """A proposal read from a behandling, with the span of its intro and the words that point at it."""

    proposal: Proposal
    intro: str
    span: tuple[int, int] = (0, 0)  # the intro and text in ``DocumentText.text``


def proposer_org(who: str | None) -> str | None:
    """The proposing office in definite form: "Kommunedirektørens" → "kommunedirektøren", "Leders" → "leder"."""
    if not who:
        return None
    w = who.strip().lower()
    if re.search(r"(?:en|et|a)$", w) and " " not in w:
        return w
    base = re.sub(r"(?:'s|’s|s)$", "", w)
    if base.endswith(("leder", "leiar")):
        return base
    if base.endswith(("en", "et")):
        return base
    if base.endswith("e"):
        return base + "n"
    return base + "en"


def admin_heading(line: str) -> tuple[bool, str | None]:
    """Whether a line heads an administration proposal, and who proposes: ``(True, "rådmannen")``."""
    s = line.strip().strip("*").strip().rstrip(":").strip()
    if not s or len(s) > 70:
        return False, None
    for pattern in ADMIN_HEADINGS:
        m = pattern.match(s)
        if m:
            who = m.groupdict().get("who")
            return True, proposer_org(who) if who else None
    return False, None


def read_admin_proposal(doc: DocumentText, lines: list[Line], index: int, org: str | None) -> Proposal | None:
    """The proposal whose heading is ``lines[index]``: text up to the next section heading."""
    body: list[Line] = []
    heading = lines[index]
    # A heading with the text on the same line: "Innstilling: Saken tas til orientering."
    for ln in lines[index + 1 :]:
        s = ln.text
        if s and (SECTION_STOP.match(s) and len(s) < 70 and not s.endswith(".")):
            break
        if END_MARKER.match(s) or admin_heading(s)[0] or re.search(r"\b(?:har|hadde) (?:behandlet|handsama) sak", s):
            break
        if s and re.match(r"^(?:behandlet av|behandles av)\b", s, re.I):
            break
        body.append(ln)
    while body and (not body[-1].text or is_noise(body[-1].text)):
        body.pop()
    start = next((ln.start for ln in body if ln.text and not is_noise(ln.text)), None)
    if start is None:
        return None
    end = body[-1].end
    text = clean_block(doc.text[start:end])
    if not text or re.fullmatch(r"[\s.…•\-–]*", text):
        return None
    return Proposal(text, doc.evidence(heading.start, end), kind="innstilling", proposer_org=org)


def _kind(intro: str) -> str:
    s = intro.lower()
    if "tillegg" in s:
        return "tilleggsforslag"
    if "endring" in s:
        return "endringsforslag"
    if "alternativ" in s:
        return "alternativt forslag"
    return "forslag"


def _on_behalf(intro: str) -> list[str]:
    m = _ON_BEHALF.search(intro)
    if not m:
        return []
    parts = re.split(r",\s*|\s+og\s+", m.group("who"))
    return [p.strip() for p in parts if is_party_code(p.strip())]


def _proposer(intro: str) -> tuple[ParsedName | None, str | None]:
    """Who made a proposal, from its intro sentence: a person, or else the party codes that did."""
    m = _PASSIVE.match(intro)
    verb = _PROPOSE_VERB.search(intro)
    if m:
        who = m.group("who")
    elif verb is not None:
        who = intro[: verb.start()]
    else:
        return None, None
    codes = [c.strip() for c in re.split(r",\s*|\s+og\s+", who.strip()) if c.strip()]
    if codes and all(is_party_code(c) for c in codes):
        return None, ", ".join(codes)
    p = person_at_end(who)
    if p is not None or m or verb is None:
        return p, None
    # "Etter gruppemøter fremmet nestleder Monica Vee Bratlie (H) på vegne av …"
    after = intro[verb.end():]
    m2 = re.match(r"^(.+?)(?=\s+(?:på vegne|følgende|følgjande|forslag|framlegg|slikt|dette)\b)", after)
    if m2:
        return person_at_end(m2.group(1)), None
    return None, None


def is_intro(paragraph: str) -> bool:
    """True for the sentence that introduces a member's proposal ("X (H) fremmet følgende forslag:")."""
    s = one_line(paragraph)
    if not _PROPOSE_VERB.search(s) and not re.match(r"(?i)^(?:felles\s*)?(?:forslag|framlegg)\s+(?:fra|frå|fremmet av)\b", s):
        return False
    if _VOTE_WORDS.search(s) and not s.endswith(":"):
        return False
    if re.search(r"(?i)\bingen\s+(?:forslag|framlegg)\b", s):
        return False
    person, org = _proposer(s)
    return person is not None or org is not None


def _stops_text(paragraph: str) -> bool:
    s = one_line(paragraph)
    if _VOTE_HEADING.match(s):
        return True
    if len(s) > 400:
        return False
    return bool(_VOTE_WORDS.search(s) or _OTHER_TALK.search(s)) and not s.endswith(":")


def behandling_blocks(doc: DocumentText, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs of a behandling, also split where a line opens a proposal or states a vote.

    Minutes often run a proposal's text and the vote on it together without a blank line; a line
    that ends a sentence followed by a line such as "Forslaget falt …" starts a new block there,
    unless it lies inside a «quoted» proposal.
    """
    out: list[tuple[int, int]] = []
    for ps, pe in paragraphs(doc.text, start, end):
        lines = [ln for ln in lines_of(doc.text, ps, pe) if ln.text]
        begin, depth = lines[0].start, 0
        for prev, ln in zip(lines, lines[1:]):
            depth += prev.text.count("«") - prev.text.count("»")
            ends_sentence = prev.text.endswith((".", "»", ":", "!", "?", "\""))
            if depth <= 0 and ends_sentence and (is_intro(ln.text) or _stops_text(ln.text)):
                out.append((begin, prev.end))
                begin = ln.start
        out.append((begin, pe))
    return out


def read_member_proposals(doc: DocumentText, start: int, end: int) -> list[MemberProposal]:
    """The proposals members put forward in the behandling text ``doc.text[start:end]``."""
    paras = behandling_blocks(doc, start, end)
    out: list[MemberProposal] = []
    i = 0
    while i < len(paras):
        ps, pe = paras[i]
        intro_text = one_line(doc.text[ps:pe])
        if not is_intro(intro_text):
            i += 1
            continue
        person, org = _proposer(intro_text)
        colon = doc.text.find(":", ps, pe)
        text_start = colon + 1 if colon >= 0 and doc.text[colon + 1 : pe].strip() else None
        text_end = pe if text_start is not None else None
        j = i + 1
        depth = doc.text[text_start:pe].count("«") - doc.text[text_start:pe].count("»") if text_start else 0
        while j < len(paras):
            qs, qe = paras[j]
            chunk = doc.text[qs:qe]
            if depth <= 0 and (is_intro(chunk) or _stops_text(chunk)):
                break
            depth += chunk.count("«") - chunk.count("»")
            if text_start is None:
                text_start = qs
            text_end = qe
            j += 1
        if text_start is None:
            m = re.search(r"(?i)\b(?:forslag|framlegg)\s+(?:om\s+)?(?:at\s+)?(.+)$", intro_text)
            text = m.group(1).rstrip(".") if m and len(m.group(1)) > 10 else ""
            text_end = pe
        else:
            text = clean_block(doc.text[text_start:text_end])
        text = _unwrap(text)
        ref = PersonRef(person.name, doc.evidence(ps, pe), party=person.party, role=person.role) if person else None
        behalf = _on_behalf(intro_text)
        if org and not person:
            behalf = behalf or [c.strip() for c in org.split(",")]
        prop = Proposal(
            text,
            doc.evidence(ps, text_end),
            kind=_kind(intro_text),
            proposer=ref,
            proposer_org=org,
            on_behalf_of=behalf,
        )
        out.append(MemberProposal(prop, intro_text, (ps, text_end)))
        i = j
    return out


def _unwrap(text: str) -> str:
    """Proposal text without the quote marks and emphasis stars that wrap it."""
    t = text.strip()
    t = re.sub(r"(?m)^(\s*[-•]?\s*)\*(.+?)\*\s*$", r"\1\2", t)
    if t.startswith("«") and t.count("«") == 1 and t.endswith("»"):
        t = t[1:-1].strip()
    return t

