from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.render.share import ShareOptions, ShareState, View, from_query

STOPS = [date(2017, 9, 15), date(2019, 10, 22), date(2020, 2, 4)]
OPTIONS = ShareOptions(stops=STOPS, layers=["zone", "posts", "places"], basemaps=["osm", "light", "none"],
                       default_basemap="osm")
DEFAULT = OPTIONS.default()


@pytest.mark.parametrize(
    "state",
    [
        DEFAULT,
        ShareState(date(2017, 9, 15), (), "none"),
        ShareState(date(2019, 10, 22), ("posts",), "light", View(35.85, 36.6, 9)),
        ShareState(date(2020, 2, 4), ("zone", "places"), "osm", View(-85.0, 180.0, 18)),
    ],
)
def test_round_trip(state: ShareState) -> None:
    decoded = from_query(state.to_query(), OPTIONS)
    assert decoded.state == state
    assert decoded.notices == []


@pytest.mark.parametrize(
    ("params", "expected", "notice"),
    [
        ({}, DEFAULT, None),
        ({"date": "2019-11-01"}, replace(DEFAULT, date=date(2019, 10, 22)), "has no event"),
        ({"date": "1990-01-01"}, replace(DEFAULT, date=date(2017, 9, 15)), "has no event"),
        ({"date": "yesterday"}, DEFAULT, "not an ISO date"),
        ({"layers": "posts,bogus"}, replace(DEFAULT, layers=("posts",)), "unknown layers: 'bogus'"),
        ({"layers": ""}, replace(DEFAULT, layers=()), None),
        ({"layers": "places,zone"}, replace(DEFAULT, layers=("zone", "places")), None),  # story order
        ({"basemap": "satellite"}, DEFAULT, "Ignored basemap 'satellite'"),
        ({"date": ["2017-09-15", "2019-10-22"]}, replace(DEFAULT, date=date(2019, 10, 22)), None),
        ({"lat": "35", "lon": "x", "z": "9"}, DEFAULT, "must all be numbers"),
        ({"lat": "35", "lon": "36"}, DEFAULT, "must all be numbers"),
        ({"lat": "95", "lon": "36", "z": "40"}, replace(DEFAULT, view=View(85.0, 36.0, 18)), "adjusted"),
        ({"lat": "nan", "lon": "36", "z": "9"}, DEFAULT, "must all be numbers"),
        ({"date": "2" * 600}, DEFAULT, "longer than 500"),
    ],
)
def test_lenient_decoding(params: dict, expected: ShareState, notice: str | None) -> None:
    decoded = from_query(params, OPTIONS)
    assert decoded.state == expected
    if notice is None:
        assert decoded.notices == []
    else:
        assert any(notice in n for n in decoded.notices), decoded.notices


TEXT = st.text(max_size=60) | st.sampled_from(["2020-02-04", "zone,posts", "none", "35.5", "1e309", "-0"])
PARAMS = st.dictionaries(
    st.sampled_from(["date", "layers", "basemap", "lat", "lon", "z", "other"]),
    TEXT | st.lists(TEXT, max_size=3),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PARAMS)
def test_decoding_never_raises_and_gives_a_valid_state(params: dict) -> None:
    state = from_query(params, OPTIONS).state
    assert state.date in STOPS
    assert set(state.layers) <= set(OPTIONS.layers)
    assert state.basemap in OPTIONS.basemaps
    if state.view is not None:
        assert -85 <= state.view.lat <= 85
        assert -180 <= state.view.lon <= 180
        assert 1 <= state.view.zoom <= 18


STATES = st.builds(
    ShareState,
    date=st.sampled_from(STOPS),
    layers=st.lists(st.sampled_from(OPTIONS.layers), unique=True).map(
        lambda chosen: tuple(name for name in OPTIONS.layers if name in chosen)),
    basemap=st.sampled_from(OPTIONS.basemaps),
    view=st.none() | st.builds(
        View,
        lat=st.floats(-85, 85).map(lambda v: round(v, 5)),
        lon=st.floats(-180, 180).map(lambda v: round(v, 5)),
        zoom=st.integers(1, 18),
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STATES)
def test_any_state_survives_the_url(state: ShareState) -> None:
    url = "https://example.org/?" + urlencode(state.to_query())
    params = parse_qs(urlsplit(url).query, keep_blank_values=True)  # as a server reads it: lists of values
    assert from_query(params, OPTIONS).state == state


def test_the_readme_documents_exactly_the_parameters_the_codec_reads() -> None:
    import re

    from geo.render.share import LINK_PARAMETERS
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Link parameters", 1)[1].split("\n#", 1)[0]
    cells = re.findall(r"^\| ([^|]+) \|", section, re.M)
    documented = [name for cell in cells for name in re.findall(r"`(\w+)`", cell)]
    assert sorted(documented) == sorted(LINK_PARAMETERS)
    import geo.render.share

    block = geo.render.share.__doc__.split("Parameters", 1)[1]
    assert all(re.search(rf"\b{name}\b", block) for name in LINK_PARAMETERS)


def test_link_is_the_state_in_a_url_with_readable_commas() -> None:
    from geo.render.share import link

    state = ShareState(date=date(2019, 10, 23), layers=("border", "places"), basemap="none")
    assert link("https://example.org/", state) == \
        "https://example.org/?date=2019-10-23&layers=border,places&basemap=none"
