"""OCR repair: mend l/I, Å/A, letter-spaced words and broken hyphenation, keeping every original reading."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Iterable, NamedTuple

from .model import TEXT_LAYER, Repair

if TYPE_CHECKING:
    from .model import SourceText
    from .store import Store

OCR_CONFUSION = "ocr-confusion"
NAME_LEXICON = "name-lexicon"
LETTER_SPACING = "letter-spacing"
HYPHENATION = "hyphenation"

_L = r"[^\W\d_]"  # one letter, in any alphabet
# Lexicon tokens: whole words and hyphenated compounds, but not a part that ends in a hyphen
# ("barne- og", "brukermedvirknings-\n"): such a part is not a word on its own.
_LEX_TOKEN = re.compile(rf"(?<![\w-]){_L}+(?:-{_L}+)*(?![\w-])")
# A one-letter word and the word after it: the evidence for "Å høre" against "A høre".
_SINGLE_BIGRAM = re.compile(rf"(?<![\w-])({_L}) ({_L}+)")
# OCR tokens: letters and digits (a "1" may be a misread "l"), with "/" inside ("loka/miljøet").
_OCR_TOKEN = re.compile(r"(?<![\w/])[^\W_]+(?:/[^\W_]+)*")
_LETTERS = re.compile(rf"{_L}+")
# A word broken at a line end: left part, hyphen, line break, right part.
_BROKEN = re.compile(rf"(?<![\w-])({_L}+(?:-{_L}+)*)-[ \t\r]*\n[ \t]*({_L}+)")
# "A høre", "-A høre", "a skape": a lone A that may be a misread Å.
_LONE_A = re.compile(rf"(?<!\w)([Aa]) ({_L}+)")
_MONTHS = (
    "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des"
)
# A day of the month read with a letter for a digit: "B. mars" is "8. mars".
_DAY = re.compile(rf"(?<![\w.])([0-9BOIlSZ]{{1,2}})\. ?(?=(?:{_MONTHS})\b)")
_DAY_DIGITS = str.maketrans("BOIlSZ", "801152")

# Words that join the first part of a suspended compound to the next ("barne- og ungdoms-"):
# a hyphen before one of them is real and the line break must stay.
_SUSPENDED = frozenset({"og", "eller", "samt", "enn", "and", "or", "til", "som", "men"})
# One-letter tokens that are words; any other lone letter in running text is a fragment.
_ONE_LETTER_WORDS = frozenset({"i", "å"})

# OCR glyph confusions, as (read, meant). The l-like glyphs are confused so often that two of them
# may be mended in one word ("AIie" → "Alle"); any other confusion is mended once per word.
_L_CLASS = (("l", "I"), ("I", "l"), ("i", "l"), ("l", "i"), ("1", "l"), ("1", "I"), ("!", "l"))
_OTHER = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("t", "f"), ("f", "t"), ("c", "e"), ("0", "o"),
    ("0", "O"), ("a", "å"), ("o", "ø"), ("A", "Å"), ("O", "Ø"), ("ae", "æ"),
)
_CONFUSIONS = tuple((read, meant, True) for read, meant in _L_CLASS) + tuple(
    (read, meant, False) for read, meant in _OTHER
)
# Tokens that look damaged (a digit or "!" in a word, "lg…" at the start, "aI" inside): only these
# may be corrected though the lexicon has them.
_DAMAGE = re.compile(r"[0-9!]|^l[^aeiouyæøåj]|[a-zæøå]I")
# Longer tokens are debris, not words: trying their readings would only cost time.
_MAX_TOKEN = 40

# A damaged form may occur in the lexicon (one read from a plain text with OCR errors) only if the
# corrected form is this many times more frequent.
_RARER = 50


@lru_cache(maxsize=1)
def _word_list():  # pragma: no cover - import guard
    """simplemma's ``is_known``, or None if the package is missing (then only the corpus counts)."""
    try:
        from simplemma import is_known
    except ImportError:
        return None
    return is_known


class _Edit(NamedTuple):
    start: int
    end: int
    repaired: str
    kind: str


class Lexicon:
    """Words seen in clean text (PDF text layers) across the corpus, used to mend OCR readings.

    >>> lex = Lexicon(); lex.add_text("Leder Ingvild Ljones (Sp) og Ingvild Ljones.")
    >>> lex.count("Ingvild"), lex.known("ljones"), lex.known("lngvild")
    (2, True, False)
    """

    def __init__(self) -> None:
        self.words: Counter[str] = Counter()  # exact spelling
        self.lower: Counter[str] = Counter()  # case folded
        self.single_bigrams: Counter[tuple[str, str]] = Counter()  # ("Å", "høre")
        self._known: dict[str, bool] = {}
        self._corrections: dict[str, tuple[str, str] | None] = {}
        self._token_fixes: dict[str, tuple[tuple[int, int, str, str], ...]] = {}

    @classmethod
    def from_store(cls, store: "Store") -> "Lexicon":
        """A lexicon of the text already stored: each page's text layer, never an OCR reading."""
        lexicon = cls()
        for source in store.sources():
            for page in store.pages(source["id"]):
                if TEXT_LAYER in page.original:
                    lexicon.add_text(page.original[TEXT_LAYER])
                elif not page.layers:
                    lexicon.add_text(page.text)
        return lexicon

    def add_source(self, source: "SourceText") -> None:
        """Learn from a newly read source: its text layers, or the whole text if it has no layers."""
        layered = [p for p in source.pages if p.layers]
        if not layered:
            self.add_text(source.text)
            return
        for page in layered:
            if TEXT_LAYER in page.layers:
                self.add_text(page.layers[TEXT_LAYER])

    def add_text(self, text: str) -> None:
        """Count the words, hyphenated compounds (and their parts) and one-letter bigrams of ``text``."""
        tokens = _LEX_TOKEN.findall(text)
        parts = [p for t in tokens if "-" in t for p in t.split("-")]
        self.words.update(tokens)
        self.words.update(parts)
        self.lower.update(t.lower() for t in tokens)
        self.lower.update(p.lower() for p in parts)
        self.single_bigrams.update(_SINGLE_BIGRAM.findall(text))
        self._known.clear()
        self._corrections.clear()
        self._token_fixes.clear()

    def __len__(self) -> int:
        return len(self.lower)

    def count(self, word: str) -> int:
        """How often ``word`` was seen, in any case."""
        return self.lower[word.lower()]

    def known(self, word: str) -> bool:
        """Whether ``word`` is a real word: seen in the corpus, or in the Norwegian word list."""
        hit = self._known.get(word)
        if hit is None:
            hit = self.lower[word.lower()] > 0 or in_word_list(word)
            self._known[word] = hit
        return hit

    def is_name(self, word: str) -> bool:
        """A capitalised word the corpus never writes in lower case, and no word list knows."""
        return (
            word[:1].isupper()
            and self.words[word] > 0
            and self.words[word.lower()] == 0
            and not in_word_list(word.lower())
        )

    def correction(self, token: str) -> tuple[str, str] | None:
        """The corrected form and repair kind for an OCR-damaged ``token``, or None.

        A correction needs evidence: ``token`` is no known word (or far rarer than the
        correction), and exactly one reading within the OCR confusions is a corpus word.

        >>> lex = Lexicon(); lex.add_text("Oddvar Igland leder. Oddvar Igland.")
        >>> lex.correction("lgland")
        ('Igland', 'name-lexicon')
        """
        if token in self._corrections:
            return self._corrections[token]
        found = self._correct(token)
        self._corrections[token] = found
        return found

    def _evidence(self, candidate: str) -> int:
        """How often the corpus spells ``candidate`` so; a capital may be a sentence start."""
        if candidate[:1].isupper() and not candidate.isupper():
            return self.words[candidate] + self.words[candidate.lower()]
        return self.words[candidate]

    def _correct(self, token: str) -> tuple[str, str] | None:
        letters = sum(c.isalpha() for c in token)
        if letters < 3 or len(token) > _MAX_TOKEN or (token.isupper() and len(token) < 4):
            return None
        seen = self.lower[token.lower()]
        if seen and not _DAMAGE.search(token):
            return None
        if in_word_list(token):
            return None
        best: list[tuple[int, str]] = []
        for candidate, edits, l_only in set(_variants(token)):
            if not l_only and len(token) < 4:
                continue  # short words have too many neighbours: "okt" is no "økt"
            count = self._evidence(candidate)
            needed = max(1 + (edits - 1) + (0 if l_only else 1), seen * _RARER)
            if count >= needed and count > seen:
                best.append((count, candidate))
        if not best and token.endswith("s") and len(token) > 4:
            # A genitive of a name the corpus only has in the base form: "lglands" → "Iglands".
            stem = self.correction(token[:-1])
            if stem and stem[1] == NAME_LEXICON:
                return stem[0] + "s", NAME_LEXICON
        if not best:
            return None
        best.sort(reverse=True)
        if len(best) > 1 and best[0][0] < 10 * best[1][0]:
            return None  # two plausible readings: not certain enough
        word = best[0][1]
        return word, NAME_LEXICON if self.is_name(word) else OCR_CONFUSION


@lru_cache(maxsize=1 << 16)
def in_word_list(word: str) -> bool:
    """Whether the general Norwegian (bokmål or nynorsk) word list knows ``word``.

    >>> in_word_list("kommunedirektøren"), in_word_list("lgland")
    (True, False)
    """
    is_known = _word_list()
    if is_known is None or not word.isalpha():
        return False
    return is_known(word, lang=("nb", "nn")) or is_known(word.lower(), lang=("nb", "nn"))


def _variants(token: str) -> Iterable[tuple[str, int, bool]]:
    """Readings of ``token`` with one confusion mended, or two l-like ones: (reading, edits, l_only)."""
    options: list[tuple[int, int, str, bool]] = []
    for read, meant, l_like in _CONFUSIONS:
        start = token.find(read)
        while start >= 0:
            options.append((start, start + len(read), meant, l_like))
            start = token.find(read, start + 1)
    options.sort()
    for opt in options:
        yield _apply(token, (opt,)), 1, opt[3]
    for a, b in combinations([o for o in options if o[3]], 2):
        if a[1] <= b[0]:
            yield _apply(token, (a, b)), 2, True


def _apply(token: str, opts: tuple[tuple[int, int, str, bool], ...]) -> str:
    out, pos = [], 0
    for start, end, meant, _ in opts:
        out.append(token[pos:start])
        out.append(meant)
        pos = end
    out.append(token[pos:])
    return "".join(out)


def repair(text: str, lexicon: Lexicon | None, ocr: bool) -> tuple[str, list[Repair]]:
    """Mend ``text`` and list each change; offsets point into the returned text.

    ``ocr`` says the text is an OCR reading: then glyph confusions and names are mended too, with
    ``lexicon`` as evidence. A PDF text layer (``ocr=False``) only gets the generic fixes:
    words broken across lines and letter-spaced words.

    >>> lex = Lexicon(); lex.add_text("Oddvar Igland gikk til byen og til møtet.")
    >>> repair("Leder Oddvar lgland gikk ti l møtet.", lex, ocr=True)[0]
    'Leder Oddvar Igland gikk til møtet.'
    """
    lexicon = lexicon if lexicon is not None else Lexicon()
    edits = list(_hyphenation(text, lexicon))
    edits += _letter_spacing(text, lexicon)
    if ocr:
        edits += _days(text)
        edits += _lone_a(text, lexicon)
        edits += _tokens(text, lexicon)
    return _apply_edits(text, edits)


def undo(text: str, repairs: list[Repair]) -> str:
    """The text as it was before ``repairs`` (as returned by :func:`repair`) were made."""
    for r in sorted(repairs, key=lambda r: r.start, reverse=True):
        text = text[: r.start] + r.original + text[r.end :]
    return text


def _apply_edits(text: str, edits: list[_Edit]) -> tuple[str, list[Repair]]:
    """Make the non-overlapping edits (first come, first kept) and record them as repairs."""
    out: list[str] = []
    repairs: list[Repair] = []
    pos = shift = 0
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if e.start < pos or e.repaired == text[e.start : e.end]:
            continue
        out.append(text[pos : e.start])
        start = e.start + shift
        original = text[e.start : e.end]
        repairs.append(Repair(start, start + len(e.repaired), original, e.repaired, e.kind))
        out.append(e.repaired)
        shift += len(e.repaired) - (e.end - e.start)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), repairs


def _hyphenation(text: str, lexicon: Lexicon) -> Iterable[_Edit]:
    """Join words broken across lines, but never ranges ("2024-\\n2027") or "barne-\\nog"."""
    for m in _BROKEN.finditer(text):
        left, right = m.group(1), m.group(2)
        if not right[0].islower() or right.lower() in _SUSPENDED:
            continue
        head = left.rsplit("-", 1)[-1]
        if head.isupper() or len(head) == 1 or lexicon.count(f"{head}-{right}") > lexicon.count(head + right):
            # The hyphen is real after an acronym or a letter ("FN-konvensjonen", "e-post"), or
            # where the corpus writes the word with it.
            joined = f"{left}-{right}"
        elif lexicon.known(head + right):
            joined = left + right
        elif head.islower() and len(head) > 2 and not lexicon.known(head) and lexicon.known(right):
            joined = left + right  # "brukermedvirknings-" is no word alone: a broken compound
        else:
            continue
        yield _Edit(m.start(), m.end(), joined, HYPHENATION)


def _letter_spacing(text: str, lexicon: Lexicon) -> list[_Edit]:
    """Join letter-spaced words ("ti l" → "til") whose joined form is a word and a part is not."""
    tokens = [(m.start(), m.end(), m.group()) for m in _LETTERS.finditer(text)]
    found: list[tuple[int, _Edit]] = []
    for i, (_, _, word) in enumerate(tokens):
        if not _is_fragment(word, lexicon):
            continue
        # Runs of up to 4 parts, one space apart on one line, that include this fragment.
        for first in range(max(0, i - 3), i + 1):
            for last in range(max(i, first + 1), min(len(tokens), first + 4)):
                edit = _spaced_run(text, tokens, first, last, lexicon)
                if edit is not None:
                    found.append((lexicon.count(edit.repaired), edit))
    # Overlapping readings ("ti l å": "til" or "lå"): the more frequent word wins.
    found.sort(key=lambda x: (-x[0], -(x[1].end - x[1].start), x[1].start))
    taken: list[_Edit] = []
    for _, edit in found:
        if all(edit.end <= t.start or edit.start >= t.end for t in taken):
            taken.append(edit)
    return taken


def _spaced_run(
    text: str, tokens: list[tuple[int, int, str]], first: int, last: int, lexicon: Lexicon
) -> _Edit | None:
    """The joined word if tokens ``first..last`` are one letter-spaced word, else None."""
    run = tokens[first : last + 1]
    if any(b[0] - a[1] != 1 or text[a[1]] != " " for a, b in zip(run, run[1:])):
        return None
    parts = [t[2] for t in run]
    if any(p[0].isupper() for p in parts[1:]):
        return None
    start, end = run[0][0], run[-1][1]
    before, after = text[start - 1 : start], text[end : end + 1]
    glued_before = before and (before.isalnum() or before in "-/.")
    if glued_before or (after and (after.isalnum() or after in "-/")):
        return None  # glued to a digit or a compound: not free-standing parts
    if after == "." and len(parts[-1]) == 1:
        return None  # an abbreviation: "fra s. 16"
    joined = "".join(parts)
    real = [p for p in parts if not _is_fragment(p, lexicon)]
    if len(real) == len(parts) or len(joined) < 3:
        return None
    seen = lexicon.count(joined)
    if seen < 2 and (
        any(len(p) > 1 for p in real) or max(map(len, parts)) > 2 or not in_word_list(joined)
    ):
        return None  # without the corpus, only the word list and true letter spacing ("t i l")
    if any(seen * 4 < lexicon.count(p) for p in real):
        return None  # "for a" is "for å" far more often than it is "fora"
    # A long part joins only single letters: "f ramtidig", never "Effektkontrakt er".
    if any(len(p) > 3 for p in parts) and any(len(p) > 1 and (len(p) <= 3 or p in real) for p in parts):
        return None
    if _junk(tokens, first - 1, text, start, lexicon) or _junk(tokens, last + 1, text, end, lexicon):
        return None
    return _Edit(start, end, joined, LETTER_SPACING)


def _is_fragment(word: str, lexicon: Lexicon) -> bool:
    """A part of a letter-spaced word: a lone small letter (not "i", "å"), or no word at all."""
    if len(word) == 1:
        return word.islower() and word not in _ONE_LETTER_WORDS
    return not lexicon.known(word)


def _junk(
    tokens: list[tuple[int, int, str]], index: int, text: str, edge: int, lexicon: Lexicon
) -> bool:
    """Whether the neighbour of a run on its line is OCR debris (then the run is too).

    A lone "i" or "å" is looked past: in "m å d e n" the "å" belongs to the debris.
    """
    step = -1 if index < 0 or tokens[index][1] <= edge else 1
    while 0 <= index < len(tokens):
        start, end, word = tokens[index]
        gap = text[end:edge] if step < 0 else text[edge:start]
        if "\n" in gap or gap.strip():
            return False
        if word.lower() not in _ONE_LETTER_WORDS:
            return len(word) == 1 or (len(word) <= 3 and not lexicon.known(word))
        edge = start if step < 0 else end
        index += step
    return False


def _days(text: str) -> Iterable[_Edit]:
    """A day of the month with a letter for a digit, certain because a month name follows."""
    for m in _DAY.finditer(text):
        day = m.group(1)
        if day.isdigit():
            continue
        digits = day.translate(_DAY_DIGITS)
        if digits.isdigit() and 1 <= int(digits) <= 31:
            yield _Edit(m.start(1), m.end(1), digits, OCR_CONFUSION)


def _lone_a(text: str, lexicon: Lexicon) -> Iterable[_Edit]:
    """A lone "A" read for "Å": mended where the corpus writes "Å <word>" and never "A <word>"."""
    bigrams = lexicon.single_bigrams
    for m in _LONE_A.finditer(text):
        a, word = m.group(1), m.group(2)
        if bigrams[(a, word)] or bigrams[(a.swapcase(), word)]:
            continue  # the corpus has "A <word>" itself ("Plan A gjelder")
        if a == "A":
            certain = bigrams[("Å", word)] >= 1 or bigrams[("å", word)] >= 3
        else:
            certain = bigrams[("å", word)] >= 2
        if certain:
            yield _Edit(m.start(1), m.end(1), "Å" if a == "A" else "å", OCR_CONFUSION)


def _tokens(text: str, lexicon: Lexicon) -> Iterable[_Edit]:
    """Mend single damaged tokens: glyph confusions, "Ahøre" for "Å høre", "loka/miljøet"."""
    cache = lexicon._token_fixes
    for m in _OCR_TOKEN.finditer(text):
        token = m.group()
        fixes = cache.get(token)
        if fixes is None:
            fixes = cache[token] = _token_fix(token, lexicon)
        for start, end, repaired, kind in fixes:
            yield _Edit(m.start() + start, m.start() + end, repaired, kind)


def _token_fix(token: str, lexicon: Lexicon) -> tuple[tuple[int, int, str, str], ...]:
    """The mends of one token, as (start, end, repaired, kind) relative to the token."""
    if "/" in token:
        return tuple(_slashes(token, lexicon))
    fixed = lexicon.correction(token) or _fused_a(token, lexicon)
    return ((0, len(token), *fixed),) if fixed else ()


def _fused_a(token: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """ "Ahøre" is "Å høre": the OCR read Å as A and lost the space after it."""
    if len(token) < 3 or token[0] not in "Aa" or not token[1:].isalpha() or not token[1:].islower():
        return None
    if lexicon.known(token):
        return None
    aa = "Å" if token[0] == "A" else "å"
    if lexicon.single_bigrams[(aa, token[1:])] >= 1:
        return f"{aa} {token[1:]}", OCR_CONFUSION
    return None


def _slashes(token: str, lexicon: Lexicon) -> Iterable[tuple[int, int, str, str]]:
    """ "loka/miljøet" is "lokalmiljøet": an "l" read as "/", mended where the corpus has the word."""
    parts = token.split("/")
    pos = 0
    for left, right in zip(parts, parts[1:]):
        joined = f"{left}l{right}"
        if (
            left.isalpha()
            and right.isalpha()
            and (lexicon.lower[left.lower()] == 0 or lexicon.lower[right.lower()] == 0)
            and lexicon.count(joined) >= 2
        ):
            yield pos, pos + len(left) + 1 + len(right), joined, OCR_CONFUSION
        pos += len(left) + 1
