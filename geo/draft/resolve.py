"""Resolve the names an article gives to places: a coordinate, a confidence, and the other candidates.

Candidates come from the project's sourced places first, then from GeoNames (exact key, else skeleton).
The article's own context chooses between them: the countries it names (and the nationalities it uses,
"Turkish troops"), the dateline, and the places already resolved nearby, with population as the prior.
So "Geneva" in a story about Syria talks is the Swiss city (the article's countries do not include the
United States, and the Swiss Geneva is by far the largest), and "Hama" is the Syrian city, not the
Tunisian or Japanese one.

A bare name the article also uses for a province ("Idlib province", "rural Idlib") is the province: a
region, drawn at its capital and marked approximate. Directions make regions too ("northwest Syria").
A name no source knows is listed as unresolved and the rest goes on.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from geo.draft.gazetteer import DEMONYMS, GEONAMES_CREDIT, Country, Gazetteer, Place
from geo.draft.names import name_key
from geo.draft.places import (
    MAX_WORDS,
    PLACE_NOUNS,
    REGION_NOUNS,
    TITLES,
    Mention,
    Token,
    actor_or_place,
    is_capitalised,
    mention,
    runs,
)
from geo.draft.sourced import Sourced, SourcedPlaces

SETTLEMENT_KM = 2.0  # a GeoNames point stands for a town some kilometres across
SEATS_OF_GOVERNMENT: dict[str, str] = json.loads(
    (Path(__file__).parent / "world.json").read_text(encoding="utf-8"))["seats_of_government"]
REGION_KM = 40.0  # a province or "rural Idlib", drawn at its capital
_UNRESOLVED_CUE = re.compile(r"\b(?:village|town|city|villages|towns|hamlet|camp)\s+of\s+$", re.IGNORECASE)
_LIST_THEN_WORD = re.compile(r"^(?:\s*(?:,|\band\b|\bor\b)\s*(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)*"
                             r"\s*[,:]?\s*([A-Za-z-]+)")


@dataclass(frozen=True)
class Candidate:
    """One possible reading of a name."""

    name: str
    lat: float
    lon: float
    country: str
    population: int
    kind: str  # "sourced", "city", "capital", "country" or "zone"
    source: str
    accuracy_km: float
    ref: str  # a stable id: the sourced feature's id or "geonames:<id>"
    geometry: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def label(self) -> str:
        return f"{self.name}, {self.country or 'sourced'} ({self.lat:.4f}, {self.lon:.4f})"


@dataclass
class Resolved:
    """A name resolved (or not) to one candidate, with every mention of it in the article."""

    name: str
    mentions: list[Mention]
    chosen: Candidate | None
    others: list[Candidate]
    role: str  # "place", "actor" or "unresolved"
    place_type: str  # "settlement", "region", "country" or "zone"
    confidence: float
    reason: str
    approximate: bool = False
    accuracy_km: float = SETTLEMENT_KM

    @property
    def paragraphs(self) -> list[int]:
        return sorted({m.paragraph for m in self.mentions})


def _from_place(place: Place) -> Candidate:
    return Candidate(place.name, place.lat, place.lon, place.country, place.population, place.kind,
                     f"{GEONAMES_CREDIT}, geonameid {abs(place.id)}", SETTLEMENT_KM, f"geonames:{place.id}")


def _from_sourced(place: Sourced) -> Candidate:
    kind = "zone" if place.geometry else "sourced"
    return Candidate(place.name, place.lat, place.lon, "", 0, kind, place.source, place.accuracy_km,
                     f"{place.layer}:{place.id}", place.geometry)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(min(1.0, h)))


@dataclass
class Match:
    mention: Mention
    candidates: list[Candidate]
    quality: float  # 1.0 exact key, 0.75 skeleton


class Resolver:
    """Finds and resolves the places of one article."""

    def __init__(self, gazetteer: Gazetteer, sourced: SourcedPlaces) -> None:
        self.gazetteer = gazetteer
        self.sourced = sourced

    # -- finding ---------------------------------------------------------------------------------------
    def _candidates(self, name: str, loose: bool) -> list[Candidate]:
        if loose:
            found = [_from_sourced(p) for p in self.sourced.loose(name)]
            return found or [_from_place(p) for p in self.gazetteer.loose(name)]
        found = [_from_sourced(p) for p in self.sourced.exact(name)]
        if found:
            return found
        places = [_from_place(p) for p in self.gazetteer.exact(name)]
        near = [_from_sourced(s) for s in self.sourced.loose(name)
                if any(km((s.lat, s.lon), (p.lat, p.lon)) < 10 for p in places)]
        return near or places  # "Tel Abiad" is GeoNames' Tall Abyad and the project's sourced Tal Abyad

    def _match_run(self, text: str, paragraph: int, run: list[Token], lowered: set[str]) -> list[Match]:  # noqa: PLR0912
        """The longest names in a run of capitalised words, left to right; parts of longer proper names dropped."""
        matches: list[tuple[int, int, Match]] = []
        index = 0
        while index < len(run):
            hit = None
            for length in range(min(MAX_WORDS, len(run) - index), 0, -1):  # longest first, exact before loose
                words = run[index:index + length]
                if words[-1].text.lower() in ("al", "el", "an", "ad", "as", "ash", "at", "ar", "az"):
                    continue
                if length == 1 and words[0].text.lower() in PLACE_NOUNS:
                    continue
                name = text[words[0].start:words[-1].end].removesuffix("'s").removesuffix("’s")
                for loose in (False, True):
                    if candidates := self._candidates(name, loose):
                        hit = (index, length, Match(mention(text, paragraph, words), candidates,
                                                    0.75 if loose else 1.0))
                        break
                if hit:
                    break
            if hit:
                matches.append(hit)
                index += hit[1]
            else:
                index += 1
        kept = []
        covered = {i for start, length, _ in matches for i in range(start, start + length)}
        for start, length, match in matches:
            after = run[start + length] if start + length < len(run) else None
            before = run[start - 1] if start > 0 else None
            if after is not None and start + length not in covered and after.text.lower() not in PLACE_NOUNS:
                continue  # "Vladimir" of "Vladimir Putin", "Sham" of "Hayat Tahrir al-Sham"
            if before is not None and start - 1 not in covered and not re.match(r"(?i)(north|south|east|west)",
                                                                                 before.text):
                continue
            if length == 1 and match.mention.text.lower() in lowered:
                continue  # a common word ("Security") that the article also writes in lower case
            kept.append(match)
        return kept

    def find(self, paragraphs: list[str]) -> tuple[list[Match], list[Mention], list[tuple[Mention, Sourced]]]:
        """Name matches, unresolved place-like names, and sourced zones the article names."""
        lowered = {w for p in paragraphs for w in re.findall(r"\b[a-z][a-z'’-]+\b", p)}
        matches: list[Match] = []
        unresolved: list[Mention] = []
        zones: list[tuple[Mention, Sourced]] = []
        for number, text in enumerate(paragraphs, 1):
            masked = text
            for start, end, zone in self.sourced.zone_mentions(text):
                zone_words = [Token(text[start:end], start, end)]
                zones.append((mention(text, number, zone_words), zone))
                masked = masked[:start] + " " * (end - start) + masked[end:]
            for run in runs(masked):
                before = re.findall(r"[\w'’.-]+", masked[max(0, run[0].start - 40):run[0].start])
                if before and before[-1].lower().rstrip(".,") in TITLES:
                    continue  # "President Vladimir Putin", "leader Bashar al-Assad"
                found = self._match_run(masked, number, run, lowered)
                matches += found
                if _UNRESOLVED_CUE.search(masked[max(0, run[0].start - 30):run[0].start]):
                    unresolved.append(mention(masked, number, run))  # listed unless it is resolved
        return matches, unresolved, zones

    # -- context ---------------------------------------------------------------------------------------
    def countries(self, matches: list[Match], texts: list[str], dateline: str) -> Counter[str]:
        """How often the article points at each country: by name, by nationality, by its sourced places.

        The dateline counts only when nothing else does: a UN statement filed in New York is not about
        American towns.
        """
        counts: Counter[str] = Counter()
        for match in matches:
            for candidate in match.candidates:
                if candidate.kind == "country":
                    counts[candidate.country] += 2
                elif candidate.kind == "sourced":
                    for place in self.gazetteer.exact(match.mention.text):
                        if km((place.lat, place.lon), (candidate.lat, candidate.lon)) < 25:
                            counts[place.country] += 1
                            break
        for text in texts:
            for word in re.findall(r"\b[A-Z][a-z]+\b", text):
                if (code := DEMONYMS.get(word.lower())) is not None:
                    counts[code] += 1
                elif (country := self.gazetteer.country_of(word)) is not None:
                    counts[country.code] += 1
        if dateline and not counts:
            places = sorted(self.gazetteer.exact(dateline), key=lambda p: -p.population)
            if places:
                counts[places[0].country] += 1
        return counts

    # -- resolving -------------------------------------------------------------------------------------
    def _score(self, candidate: Candidate, countries: Counter[str], anchors: list[Candidate]) -> float:
        if candidate.kind in ("sourced", "zone"):
            return 10.0
        score = math.log10(candidate.population + 10) / 7
        total = sum(countries.values()) or 1
        if candidate.country in countries:
            score += 1.0 + countries[candidate.country] / total
        if candidate.kind == "capital":
            score += 0.3
        if any(km((candidate.lat, candidate.lon), (a.lat, a.lon)) < 150 for a in anchors if a is not candidate):
            score += 0.5
        return score

    def _choose(self, match: Match, countries: Counter[str], anchors: list[Candidate],
                qualifier: str) -> tuple[Candidate, list[Candidate], float] | None:
        candidates = [c for c in match.candidates if c.kind != "country"]
        if qualifier:
            qualified = [c for c in candidates if c.country == qualifier]
            candidates = qualified or candidates
        if not candidates:
            return None
        scored = sorted(((self._score(c, countries, anchors), c) for c in candidates), key=lambda s: -s[0])
        best_score, best = scored[0]
        in_context = best.kind in ("sourced", "zone") or best.country in countries or any(
            km((best.lat, best.lon), (a.lat, a.lon)) < 150 for a in anchors if a.kind == "sourced")
        if not in_context and (match.quality < 1 or best.population < 100_000):
            return None  # a small place, or a loose spelling, in a country the article never points at
        second = scored[1][0] if len(scored) > 1 else 0.0
        margin = best_score / (best_score + second) if second else 1.0
        confidence = round(min(0.98, (0.55 + 0.45 * margin) * match.quality * (0.95 if in_context else 0.7)), 2)
        return best, [c for _, c in scored[1:5]], confidence

    def _country_place(self, country: Country, direction: str) -> Candidate:
        """A country, or the part of it a direction names, as an approximate point."""
        west, south, east, north = country.bounds
        lat, lon = country.lat, country.lon
        word = direction.lower().replace("-", "").removesuffix("ern")
        if "north" in word:
            lat = north - (north - south) * 0.2
        if "south" in word:
            lat = south + (north - south) * 0.2
        if word.endswith("east"):
            lon = east - (east - west) * 0.2
        if word.endswith("west"):
            lon = west + (east - west) * 0.2
        size = km((south, west), (north, east)) / (4 if direction else 2)
        name = f"{direction} {country.name}" if direction else country.name
        ref = f"country:{country.code}" + (f":{word}" if direction else "")
        source = "Natural Earth (public domain): the country's outline" + (
            f", its {direction} part taken as the fifth of its extent on that side" if direction else "")
        return Candidate(name, lat, lon, country.code, 0, "country", source, round(size), ref)

    def resolve(self, paragraphs: list[str], dateline: str = "", headline: str = "") -> list[Resolved]:
        """Every place, actor and unresolved name of the article, one entry per distinct place."""
        matches, unresolved, zones = self.find(paragraphs)
        countries = self.countries(matches, [headline, *paragraphs], dateline)
        region_names = {name_key(m.mention.text) for m in matches if m.mention.region_word}
        anchors = [m.candidates[0] for m in matches if len(m.candidates) == 1]
        out: dict[str, Resolved] = {}

        def add(key: str, item: Resolved) -> None:
            if key in out:
                out[key].mentions += item.mentions
                out[key].confidence = max(out[key].confidence, item.confidence)
            else:
                out[key] = item

        for zone_mention, zone in zones:
            candidate = _from_sourced(zone)
            add(candidate.ref, Resolved(zone.name, [zone_mention], candidate, [], "place", "zone", 0.9,
                                        "a zone of the project's own sourced layers", False, 0.0))
        for match in matches:
            item = match.mention
            country = next((self.gazetteer.countries.get(c.country) for c in match.candidates
                            if c.kind == "country"), None)
            capital = item.text.lower() in SEATS_OF_GOVERNMENT or any(
                p.kind == "capital" for p in self.gazetteer.exact(item.text))
            following = _LIST_THEN_WORD.match(paragraphs[item.paragraph - 1][item.end:])
            verb = [following.group(1).lower()] if following else []
            if country is not None:
                role, why = actor_or_place(item, False, verb)
                candidate = self._country_place(country, item.direction if role == "place" else "")
                add(f"{role}:{candidate.ref}", Resolved(candidate.name, [item], candidate, [], role,
                                                       "region" if item.direction else "country", 0.9, why,
                                                       True, candidate.accuracy_km))
                continue
            qualifier = self._qualifier(item)
            chosen = self._choose(match, countries, anchors, qualifier)
            if chosen is None:
                if match.quality == 1 and not item.sentence_start:
                    namesakes = "; ".join(c.label() for c in match.candidates[:3])
                    add(f"unresolved:{name_key(item.text)}", Resolved(
                        item.text, [item], None, match.candidates[:4], "unresolved", "settlement", 0.0,
                        f"only namesakes far from the places and countries of the article: {namesakes}"))
                continue
            best, others, confidence = chosen
            role, why = ("place", "a named place")
            if capital:
                role, why = actor_or_place(item, True, verb)
            # "Idlib, Hama and Latakia governorates": every name of the list is a region
            listed_region = verb[0] if verb and verb[0] in REGION_NOUNS else ""
            region = item.region_word or listed_region or item.direction or (
                name_key(item.text) in region_names and not (item.after and item.after[0] in ("city", "town")))
            if region and best.kind != "zone":
                label = item.region_word or listed_region or "region"
                reason = (f"'{item.text} {item.region_word or listed_region}'" if label != "region" else
                          f"'{item.direction} {item.text}'" if item.direction else
                          f"the article also writes of {item.text} as a province, so the bare name is the province")
                add(f"{role}:region:{best.ref}", Resolved(f"{item.text} ({label})", [item], best, others, role,
                                                          "region", round(confidence * 0.9, 2), reason, True,
                                                          REGION_KM))
                continue
            add(f"{role}:{best.ref}", Resolved(best.name if best.kind not in ("sourced",) else item.text, [item],
                                               best, others, role, "settlement", confidence, why,
                                               best.kind != "sourced" and best.accuracy_km > 5, best.accuracy_km))
        drawn = {name_key(m.text) for r in out.values() if r.role == "place" for m in r.mentions}
        for item in unresolved:
            if name_key(item.text) in drawn:
                continue
            add(f"unresolved:{name_key(item.text)}", Resolved(item.text, [item], None, [], "unresolved", "settlement",
                                                             0.0, "no sourced place and no GeoNames entry fits"))
        return list(out.values())

    def _qualifier(self, item: Mention) -> str:
        """The country code of 'Geneva, Switzerland' or 'Russia's Sochi', if the article qualifies the name."""
        tail = item.sentence[item.sentence.find(item.text) + len(item.text):] if item.text in item.sentence else ""
        if match := re.match(r"^,\s+([A-Z][\w ]+?)(?=[,.;)]|\s+[a-z]|$)", tail):
            country = self.gazetteer.country_of(match.group(1))
            if country is not None:
                return country.code
        head = item.sentence[:item.sentence.find(item.text)] if item.text in item.sentence else ""
        if match := re.search(r"([A-Z][\w ]+?)['’]s\s+$", head):
            country = self.gazetteer.country_of(match.group(1))
            if country is not None:
                return country.code
        return ""


def is_place_word(word: str) -> bool:
    """Exposed for tests: whether a word may start a name."""
    return is_capitalised(word)
