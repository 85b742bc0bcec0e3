"""Link previews: the nginx include (its syntax, its values as nginx gives them, hostile text), one PNG per stop."""

from __future__ import annotations

import dataclasses
import html
import struct
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.load.story import load_story
from geo.load.timeline import opening_date, stops
from geo.model import Story
from geo.render.previews import INCLUDE, attribute, description, previews_conf, write_previews
from harness.nginx import NGINX, running_nginx
from harness.server import free_port
from tests.conftest import DATA, FIXTURES

HOSTILE = 'a"b\'c <script>alert(1)</script> & \\x $host ${arg_date} ; { } # `\nnext\tline\r'
CALL = date(2019, 10, 23)
BETWEEN = date(2019, 10, 24)  # after the 23 October stop, before the next one


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(DATA)


def require_nginx() -> str:
    if NGINX is None:
        pytest.skip("Debian's nginx is not installed")
    return NGINX


def wrapper(workdir: Path, port: int) -> str:
    """A minimal nginx.conf around previews.conf that answers the preview variables as plain text."""
    answer = "$storymap_preview_date|$storymap_preview_title|$storymap_preview_description|$storymap_previews_folder"
    return (f"worker_processes 1;\ndaemon off;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\n"
            f"events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {workdir}/body;\n"
            f"  proxy_temp_path {workdir}/proxy;\n  fastcgi_temp_path {workdir}/fastcgi;\n"
            f"  uwsgi_temp_path {workdir}/uwsgi;\n  scgi_temp_path {workdir}/scgi;\n"
            f"  include {workdir}/{INCLUDE};\n"
            f"  server {{\n    listen 127.0.0.1:{port};\n"
            f"    location / {{ default_type text/plain; return 200 \"{answer}\"; }}\n  }}\n}}\n")


@contextmanager
def nginx_with(workdir: Path, conf: str) -> Iterator[str]:
    require_nginx()
    (workdir / INCLUDE).write_text(conf, encoding="utf-8")
    port = free_port()

    def probe(url: str) -> None:
        with urllib.request.urlopen(url, timeout=2):
            pass

    with running_nginx(workdir, wrapper(workdir, port), port, probe) as url:
        yield url


def answer(url: str, query: str) -> list[str]:
    with urllib.request.urlopen(f"{url}/?{query}", timeout=5) as response:
        return response.read().decode("utf-8").split("|")


def hostile_story(story: Story) -> Story:
    events = [dataclasses.replace(e, title=HOSTILE) if e.date == CALL else e for e in story.events]
    return dataclasses.replace(story, title=HOSTILE, events=events)


def test_attribute_escapes_html_and_nginx_specials() -> None:
    escaped = attribute(HOSTILE)
    for bad in ('"', "'", "<", ">", "\\", "$", "\n", "\r", "\t"):
        assert bad not in escaped, bad
    assert html.unescape(escaped) == " ".join(HOSTILE.split())


def test_the_include_passes_nginx_t(story: Story, tmp_path: Path) -> None:
    nginx = require_nginx()
    (tmp_path / INCLUDE).write_text(previews_conf(hostile_story(story), tmp_path), encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(wrapper(tmp_path, free_port()), encoding="utf-8")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr, result.stderr


def test_nginx_gives_each_stop_its_texts_and_others_the_opening_date(story: Story, tmp_path: Path) -> None:
    choices = stops(story)
    opening = opening_date(story, choices)
    assert opening == story.article.date == date(2020, 2, 4)
    with nginx_with(tmp_path, previews_conf(story, tmp_path)) as url:
        day, title, text, folder = answer(url, "date=2019-10-23")
        assert day == "2019-10-23"
        assert html.unescape(title) == story.title
        assert html.unescape(text) == "23 October 2019: Russian military police and Syrian border guards deploy"
        assert folder == str(tmp_path.resolve())
        for query in ("date=garbage", "", f"date={BETWEEN.isoformat()}", "date=2019-10-23x", "x=1"):
            day, _, text, _ = answer(url, query)
            assert day == opening.isoformat(), query
            assert html.unescape(text) == description(story, opening), query
        for stop in choices:
            assert answer(url, f"date={stop.isoformat()}")[0] == stop.isoformat()


def test_hostile_titles_reach_the_page_escaped(story: Story, tmp_path: Path) -> None:
    hostile = hostile_story(story)
    with nginx_with(tmp_path, previews_conf(hostile, tmp_path)) as url:
        day, title, text, _ = answer(url, urllib.parse.urlencode({"date": CALL.isoformat()}))
    assert day == CALL.isoformat()
    assert title == attribute(HOSTILE)
    assert text == attribute(f"23 October 2019: {HOSTILE}")
    for value in (title, text):
        assert '"' not in value and "<" not in value and "$" not in value and "\\" not in value
    assert html.unescape(title) == " ".join(HOSTILE.split())


@pytest.mark.parametrize("name", ['with"quote', "with$dollar", "with\\backslash", "with\nnewline"])
def test_a_folder_nginx_cannot_name_is_refused(story: Story, tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="nginx"):
        previews_conf(story, tmp_path / name)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_one_png_per_stop_and_the_include(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mini = load_story(FIXTURES / "mini")
    out = tmp_path / "previews"
    assert main(["previews", str(out), "--story", str(FIXTURES / "mini")]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{d.isoformat()}.png" for d in stops(mini)] + [INCLUDE])
    for day in stops(mini):
        assert png_size((out / f"{day.isoformat()}.png").read_bytes()) == (1200, 630)
    assert (out / INCLUDE).read_text(encoding="utf-8") == previews_conf(mini, out)
    assert f"wrote {out / INCLUDE}" in capsys.readouterr().out


def test_written_paths(tmp_path: Path) -> None:
    mini = load_story(FIXTURES / "mini")
    written = write_previews(mini, tmp_path)
    assert [p.name for p in written] == [f"{d.isoformat()}.png" for d in stops(mini)] + [INCLUDE]
