"""Places: the traps a geoparser falls into, and countries as actors rather than places."""

from __future__ import annotations

from datetime import date

import pytest

from geo.draft import Draft, Drafter, split
from geo.draft.resolve import Resolved, km

DAY = date(2020, 2, 4)


def drafted(drafter: Drafter, body: str) -> Draft:
    return drafter.draft(split("Headline\n" + body), DAY)


def place(result: Draft, words: str) -> Resolved:
    found = [p for p in result.places if any(m.text == words for m in p.mentions)]
    assert found, f"{words!r} not found among {[p.name for p in result.places]}"
    return found[0]


def test_geneva_is_the_swiss_city_in_a_story_about_syria(bare_drafter: Drafter) -> None:
    result = drafted(bare_drafter, "Talks on Syria resumed in Geneva on Tuesday.")
    geneva = place(result, "Geneva")
    assert geneva.role == "place" and geneva.chosen is not None and geneva.chosen.country == "CH"
    assert any(c.country == "US" for c in geneva.others), "the American Genevas are kept as other candidates"
    assert km((geneva.chosen.lat, geneva.chosen.lon), (46.2, 6.15)) < 10


def test_bare_idlib_is_the_province_when_the_article_speaks_of_the_province(drafter: Drafter) -> None:
    result = drafted(drafter, "Shelling hit southern Idlib province. Fighting in Idlib went on.")
    idlib = [p for p in result.drawn if p.name.startswith("Idlib")]
    assert {p.place_type for p in idlib} == {"region"} and all(p.approximate for p in idlib)


def test_idlib_city_stays_the_city(drafter: Drafter) -> None:
    result = drafted(drafter, "Shelling hit Idlib province. An airstrike hit Idlib city itself.")
    assert "settlement" in {p.place_type for p in result.drawn if p.name.startswith("Idlib")}


@pytest.mark.parametrize(("text", "whole", "part"), [
    ("Government forces entered Maarat al-Numan.", "Maarat al-Numan", "Numan"),
    ("Fighting went on around Ras al-Ain.", "Ras al-Ain", "al-Ain"),
    ("Fighting went on around Ras al Ain.", "Ras al Ain", "Ain"),
])
def test_a_name_inside_a_longer_name_is_not_a_place_of_its_own(drafter: Drafter, text: str, whole: str,
                                                                part: str) -> None:
    result = drafted(drafter, text)
    words = [m.text for p in result.places for m in p.mentions]
    assert words == [whole] and part not in words
    assert all(p.chosen is not None and p.chosen.country in ("", "SY") for p in result.drawn)


@pytest.mark.parametrize("text", [
    "President Vladimir Putin spoke to the press in Moscow.",
    "Vladimir Putin met reporters.",
    "Syrian leader Bashar al-Assad vowed to retake Idlib province.",
    "Senior Humanitarian Adviser Najat Rochdi spoke in Geneva.",
])
def test_first_names_of_people_are_not_towns(drafter: Drafter, text: str) -> None:
    result = drafted(drafter, text)
    names = {m.text for p in result.places for m in p.mentions}
    assert not names & {"Vladimir", "Bashar", "Najat", "Putin", "Assad"}


@pytest.mark.parametrize(("text", "name", "role"), [
    ("Turkey said it would respond.", "Turkey", "actor"),
    ("Moscow agreed to the deal.", "Moscow", "actor"),
    ("Ankara and Moscow had agreed on a truce.", "Ankara", "actor"),
    ("Ankara and Moscow had agreed on a truce.", "Moscow", "actor"),
    ("Rebels are backed by Ankara.", "Ankara", "actor"),
    ("Turkey's defence ministry said five soldiers died.", "Turkey", "actor"),
    ("Iran, Russia and Turkey must spare no effort.", "Russia", "actor"),
    ("Refugees fled to Turkey.", "Turkey", "place"),
    ("The talks took place in Moscow.", "Moscow", "place"),
    ("Fighting raged in northern Syria.", "Syria", "place"),
    ("Syria's Idlib province was shelled.", "Syria", "place"),
    ("The area in the northwest of Syria was shelled.", "Syria", "place"),
])
def test_countries_and_capitals_as_actors_or_places(drafter: Drafter, text: str, name: str, role: str) -> None:
    assert place(drafted(drafter, text), name).role == role


def test_actors_are_not_drawn_and_regions_are_approximate(drafter: Drafter) -> None:
    result = drafted(drafter, "Turkey said it shelled positions in northern Syria.")
    assert [p.name for p in result.actors] == ["Turkey"]
    (region,) = result.drawn
    assert region.place_type == "region" and region.approximate and region.chosen is not None
    assert region.chosen.lat > 35.5, "north of Syria's middle"


def test_transliterations_meet_the_sourced_place(drafter: Drafter) -> None:
    result = drafted(drafter, "Strikes hit Khan Sheikhoun, Tel Abiad and Ma'arrat An Nu'man.")
    refs = {p.chosen.ref for p in result.drawn if p.chosen is not None}
    assert refs == {"places:khan-shaykhun", "places:tal-abyad", "places:maarat-al-numan"}


def test_an_unknown_village_is_listed_and_the_rest_goes_on(drafter: Drafter) -> None:
    result = drafted(drafter, "Airstrikes hit the village of Zardana and the town of Saraqib.")
    assert [p.name for p in result.unresolved] == ["Zardana"]
    assert [p.name for p in result.drawn] == ["Saraqib"]


def test_a_zone_becomes_the_sourced_area(drafter: Drafter) -> None:
    result = drafted(drafter, "Escalation grew in the Idlib de-escalation zone.")
    (zone,) = result.drawn
    assert zone.place_type == "zone" and zone.chosen is not None and zone.chosen.geometry["type"] == "Polygon"
