"""Find the places an article names, and tell the places of events from countries acting as actors.

Names are looked for in runs of capitalised words ("Maarat al-Numan", "Ras al Ain", "Kafr Zita"), longest
first, so "Numan" and "al-Ain" are never matched inside a longer name. A match that is only part of a
longer proper name is not a place: "Vladimir" in "Vladimir Putin" is a man's first name (the rest of the
run is no place), "Sham" in "Hayat Tahrir al-Sham" is part of a group's name. Words that only start a
sentence, months, titles and nationality adjectives never start a name.

Countries and capitals are often actors rather than places: "Turkey said", "Moscow and Ankara had agreed",
"backed by Moscow", "Turkey's defence ministry". A country is an actor unless its words put it on the map
("in Syria", "northern Syria", "the border with Turkey", "Geneva, Switzerland"); a capital is a place unless
they make it an actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from geo.draft.names import ARTICLES

_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff'’ʿ`]+(?:-[A-Za-z\u00c0-\u024f\u1e00-\u1eff'’ʿ`]+)*")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|an|ar|az|ed|es|et|ud|ul)-", re.IGNORECASE)
MAX_WORDS = 5


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOP = _set("""
a an the in on at but and as it he she they we you this that these those since after before under over from for with
without by of to between during among according following despite meanwhile earlier later today yesterday some
many more most all both each its their his her our there here thousands hundreds dozens several such while when
where what who which if also other another one two three four five six seven eight nine ten no not any every
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec
president presidents minister ministers secretary secretary-general general spokesman spokeswoman spokesperson
envoy special adviser coordinator ambassador commander chief head leader prime foreign defense defence interior
mr ms mrs dr sir madam excellency council security united nations state states islamic democratic forces army
government ministry office observatory human rights agency press news service reuters associated twitter
republic federation national international humanitarian regional senior deputy assistant director operations
committee constitutional assembly parliament
however moreover therefore thus though although yet still now then once again
syrian turkish russian iranian iraqi lebanese jordanian israeli american swiss french german british kazakh saudi
egyptian ukrainian chinese kurdish arab european
""")
# A run of names right after one of these words is a person's name ("President Vladimir Putin").
TITLES = _set("""
president president's minister secretary secretary-general mr ms mrs dr leader counterpart adviser advisor envoy
spokesman spokeswoman spokesperson coordinator ambassador commander general chief director correspondent reporter
king prince premier chancellor colonel major lieutenant captain sergeant officer analyst professor
""")
# Words after a name that say the name is a place, not part of a person's or group's name.
PLACE_NOUNS = _set("""
governorate governorates province provinces region city town village district sub-district subdistrict countryside
area crossing camp hospital memorandum process summit agreement agreements talks zone airport base valley river
mountains mountain plain highway road border countryside city's
""")
REGION_NOUNS = _set("governorate governorates province provinces region countryside district sub-district "
                         "subdistrict")
DIRECTIONS = re.compile(r"^(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(ern)?$",
                        re.IGNORECASE)
LOCATIVE = _set("""
in into to from across inside within near at toward towards throughout around through via outside beyond
entered enter enters reached reach fled flee returned return crossed cross invaded invade visit visited visiting
borders bordering border
""")
ACTOR_VERBS = _set("""
said says say agreed agree agrees announced announces accused accuses urged urges called calls denied denies
stated states warned warns launched launches sent sends wants want will would has have had is was are were must
should can could might backs backed supports supported support demanded demands rejected rejects reiterated
stressed expressed insisted insists claimed claims hopes hoped considers considered condemned condemns retaliated
responded reserved vowed vows threatened threatens decided signed opposed opposes seeks sought objected confirmed
reported noted welcomed hosts hosted took takes began begins started starts moved plans planned asked asks told
tells believes believed blamed blames offered pledged promised refused refuses failed fails continues continued
did does do
""")
ACTOR_NOUNS = _set("""
president presidents government ministry minister defense defence foreign military army forces troops
leader leaders officials official authorities embassy delegation side envoy parliament spokesman press service
administration office spokesperson regime
""")


@dataclass
class Mention:
    """One name in the article: its words, where they are, and what the words around them say."""

    text: str
    paragraph: int  # 1-based
    start: int
    end: int
    sentence: str
    before: list[str] = field(default_factory=list)  # up to four words before, lower case, nearest last
    after: list[str] = field(default_factory=list)  # up to four words after, lower case
    possessive: bool = False
    sentence_start: bool = False

    @property
    def region_word(self) -> str:
        """'governorate', 'province', ... when the name is followed by one (or 'rural' precedes it)."""
        if self.after and self.after[0] in REGION_NOUNS:
            return self.after[0]
        if self.before and self.before[-1] == "rural":
            return "countryside"
        return ""

    @property
    def direction(self) -> str:
        """'north', 'northwestern', ... when a direction word stands right before the name."""
        if self.before and DIRECTIONS.match(self.before[-1]):
            return self.before[-1]
        if len(self.before) > 1 and self.before[-1] == "of" and DIRECTIONS.match(self.before[-2]):
            return self.before[-2]  # "the northwest of Syria"
        return ""


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Words, keeping 'al-Numan' whole and splitting 'Syria-Turkey' into its names."""
    found = []
    for match in _TOKEN.finditer(text):
        word, start = match.group(0), match.start()
        parts = word.split("-")
        if len(parts) > 1 and not _ARABIC_ARTICLE.match(word) and all(p[:1].isupper() for p in parts if p):
            offset = start
            for part in parts:
                found.append(Token(part, offset, offset + len(part)))
                offset += len(part) + 1
        else:
            found.append(Token(word, start, match.end()))
    return found


def _strip_possessive(word: str) -> tuple[str, bool]:
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)], True
    return word, False


def is_capitalised(word: str) -> bool:
    """A word that may be part of a name: capitalised ('Idlib', 'al-Numan'), not a stop word."""
    word = _strip_possessive(word)[0]
    bare = _ARABIC_ARTICLE.sub("", word)
    if len(bare) < 3 or (bare.isupper() and len(bare) <= 5):  # initials and acronyms ("J.", "SDF", "ISIS")
        return False
    return bare[0].isupper() and word.lower() not in STOP and bare.lower() not in STOP


def runs(text: str) -> Iterator[list[Token]]:
    """Maximal runs of name words, joined by spaces and Arabic articles ('Ras al Ain')."""
    words = tokens(text)
    run: list[Token] = []
    for index, token in enumerate(words):
        gap = text[run[-1].end:token.start] if run else ""
        joined = not run or gap == " "
        if joined and is_capitalised(token.text):
            run.append(token)
            if _strip_possessive(token.text)[1]:
                yield run
                run = []
            continue
        nxt = words[index + 1] if index + 1 < len(words) else None
        if (run and joined and token.text.lower() in ARTICLES - {"the"} and nxt is not None
                and text[token.end:nxt.start] == " " and is_capitalised(nxt.text)):
            run.append(token)
            continue
        if run:
            yield run
        run = [token] if is_capitalised(token.text) else []
    if run:
        yield run


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    starts = [m.end() for m in re.finditer(r"[.!?][\"”’)]?\s+(?=[\"“A-Z])", text[:position])]
    start = starts[-1] if starts else 0
    end_match = re.search(r"[.!?][\"”’)]?(?:\s+(?=[\"“A-Z])|$)", text[position:])
    return start, position + end_match.end() if end_match else len(text)


def context_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    before = [w.lower() for w in re.findall(r"[\w'’-]+", text[max(0, start - 60):start])][-4:]
    after = [w.lower() for w in re.findall(r"[\w'’-]+", text[end:end + 60])][:4]
    return before, after


def mention(text: str, paragraph: int, words: list[Token]) -> Mention:
    """A Mention for the words words[0]..words[-1] of the paragraph text."""
    start, end = words[0].start, words[-1].end
    name, possessive = _strip_possessive(text[start:end])
    sentence_start, sentence_end = _sentence_bounds(text, start)
    before, after = context_words(text, start, end)
    return Mention(text=name, paragraph=paragraph, start=start, end=start + len(name),
                   sentence=text[sentence_start:sentence_end], before=before, after=after, possessive=possessive,
                   sentence_start=text[sentence_start:start].strip(" \"“'‘(") == "")


def actor_or_place(item: Mention, capital: bool, following: list[str]) -> tuple[str, str]:
    """('actor' | 'place', the reason) for a country or a capital, from the words around it.

    `following` is the lower-case words after the name once a list of names ("Iran, Russia and Turkey")
    is passed over, so a verb after the list makes every name in it an actor.
    """
    before = item.before[-1] if item.before else ""
    before2 = item.before[-2] if len(item.before) > 1 else ""
    after = item.after[0] if item.after else ""
    if item.direction:
        return "place", f"a region of it ('{item.direction} {item.text}')"
    if item.possessive:
        if after in ACTOR_NOUNS or (len(item.after) > 1 and item.after[1] in ACTOR_NOUNS):
            return "actor", f"'{item.text}'s {after}' acts"
        return "place", f"'{item.text}'s' names a place within it"
    if after in ACTOR_NOUNS:
        return "actor", f"'{item.text} {after}' acts"
    if after.startswith(("backed", "led", "supported", "brokered", "sponsored")) or after in ("-backed", "-led"):
        return "actor", f"'{item.text}-{after.lstrip('-')}'"
    if before in {"by", "between"} or (before == "with" and before2 not in ("border", "borders")):
        return "actor", f"'{before} {item.text}'"
    if before in LOCATIVE or (before == "with" and before2 in ("border", "borders")):
        return "place", f"'{before} {item.text}'"
    if after in ("border", "borders", "side", "territory", "soil", "province", "city", "capital"):
        return "place", f"'{item.text} {after}'"
    verb = following[0] if following else ""
    if verb in ACTOR_VERBS or (verb.endswith("ed") and len(verb) > 4):
        return "actor", f"'{item.text} ... {verb}'"
    if capital:
        return "place", "a capital named without an actor's verb"
    return "actor", "a country named without a place's preposition"
