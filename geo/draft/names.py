"""How place names are compared: one key that forgives the spellings of transliterated Arabic.

"Maarat al-Numan", "Ma'arrat an Nu'man" and "Maaret el Noman" name one town; so do "Tal Abyad" and "Tel
Abiad", "Khan Sheikhoun" and "Khan Shaykhun", "Hasakah" and "Al-Hassakeh". Two keys are kept for every name:

- `name_key`: accents, apostrophes, ayns and hyphens dropped, the Arabic article (al-, el-, ad-, ash-, ...)
  removed, doubled letters made single, and the usual alternations folded (q/k, ou/oo/u, ee/i, y/i, ph/f,
  a final -ah/-eh). Matching on it is nearly always right.
- `skeleton`: the same without inner vowels (Idlib and Idleb, Tal and Tel agree). It collides more, so it
  is only used for names long enough to carry their consonants, and with a lower confidence.
"""

from __future__ import annotations

import re
import unicodedata

ARTICLES = frozenset({"al", "el", "ad", "ash", "as", "at", "an", "ar", "az", "adh", "ath", "ed", "es", "et", "er",
                      "ez", "ud", "ul", "the"})
_MARKS = re.compile("['’‘`ʿʾ´ʼ\u02bb\u02bc]")
_SEPARATORS = re.compile(r"[-–—_/.,()]+")
_NOT_LETTERS = re.compile(r"[^a-z0-9 ]+")
_DOUBLED = re.compile(r"(.)\1+")
_FOLDS = (("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("q", "k"), ("y", "i"), ("ei", "ai"), ("dj", "j"))
_INNER_VOWELS = re.compile(r"(?<=.)[aeiou]")
MIN_SKELETON = 4  # consonants a skeleton needs before it may be matched on


def fold(text: str) -> str:
    """Lower case, without accents, apostrophes or hyphens, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _MARKS.sub("", plain.lower())
    plain = _NOT_LETTERS.sub(" ", _SEPARATORS.sub(" ", plain))
    return " ".join(plain.split())


def _word(word: str) -> str:
    for old, new in _FOLDS:
        word = word.replace(old, new)
    word = _DOUBLED.sub(r"\1", word)
    if len(word) > 3 and word.endswith("h") and word[-2] in "aei":
        word = word[:-2] + "a"  # Hasakah, Hasakeh: a final -ah or -eh is one sound
    return word


def words(text: str) -> list[str]:
    """The folded words of a name, without the Arabic article (unless it is all there is)."""
    folded = fold(text).split()
    kept = [w for w in folded if w not in ARTICLES]
    return [_word(w) for w in (kept or folded)]


def name_key(text: str) -> str:
    """The forgiving key two spellings of one name share."""
    return " ".join(words(text))


def skeleton(text: str) -> str:
    """The key without inner vowels: for a second, less certain, look-up."""
    return " ".join(_DOUBLED.sub(r"\1", _INNER_VOWELS.sub("", w.replace("w", "u"))) for w in words(text))


def skeleton_usable(text: str) -> bool:
    """Whether a skeleton has consonants enough to be matched on at all."""
    return len(skeleton(text).replace(" ", "")) >= MIN_SKELETON
