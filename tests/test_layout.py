"""The library's layout is its architecture: imports run one way, from the ground floor up, with no cycles.

Ground floor: model, problems, kinds, paths, languages (the catalogs). Above it, loading (geo.load); above that,
deriving (geo.derive); above deriving, checking (geo.check), rendering (geo.render) and drafting (geo.draft),
none of which imports another; the command line (geo.__main__) on top. Every import counts, those inside functions
and under TYPE_CHECKING too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

GEO = ROOT / "geo"
FLOORS = {"ground": 0, "load": 1, "derive": 2, "check": 3, "render": 3, "draft": 3, "cli": 4}
GROUND = {"model", "problems", "kinds", "paths", "languages", "__init__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part(module: str) -> str:
    """Which part of the house a module of geo belongs to."""
    names = module.split(".")
    if len(names) == 1 or names[1] in GROUND:
        return "ground"
    if names[1] == "__main__":
        return "cli"
    return names[1]


def imports(path: Path) -> set[str]:
    """The geo modules `path` imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("geo")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("geo"):
            found |= {f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                      for alias in node.names}
    return found


MODULES = {module_name(path): path for path in GEO.rglob("*.py")}
GRAPH = {name: {i for i in imports(path) if i in MODULES and i != name} for name, path in MODULES.items()}


def wrong_imports(module: str, graph: dict[str, set[str]]) -> list[str]:
    """The imports of `module` that go upwards, or sideways into another part on its floor."""
    floor, mine = FLOORS[part(module)], part(module)
    return sorted(other for other in graph[module]
                  if FLOORS[part(other)] > floor or (FLOORS[part(other)] == floor and part(other) != mine))


def first_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> list[str] | None:
        seen[name] = 1
        for other in sorted(graph[name]):
            if seen.get(other) == 1:
                return [*path, name, other]
            if other not in seen and (cycle := visit(other, [*path, name])):
                return cycle
        seen[name] = 2
        return None

    return next((cycle for name in sorted(graph) if name not in seen and (cycle := visit(name, []))), None)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module: str) -> None:
    assert wrong_imports(module, GRAPH) == [], f"{module} ({part(module)}) imports upwards or sideways"


def test_no_import_cycles() -> None:
    assert first_cycle(GRAPH) is None


def test_every_subpackage_declares_its_public_modules() -> None:
    for package in ("load", "derive", "check", "render", "draft"):
        init = ast.parse((GEO / package / "__init__.py").read_text(encoding="utf-8"))
        declared = [node for node in init.body if isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)]
        assert declared, f"geo/{package}/__init__.py declares no __all__"


def test_the_checks_catch_an_upward_import_and_a_cycle() -> None:
    """Not vacuous: a loader importing the renderer is caught, and so is a cycle."""
    upward = {**GRAPH, "geo.load.story": {*GRAPH["geo.load.story"], "geo.render.mapview"}}
    assert wrong_imports("geo.load.story", upward) == ["geo.render.mapview"]
    sideways = {**GRAPH, "geo.check.validate": {*GRAPH["geo.check.validate"], "geo.render.site"}}
    assert wrong_imports("geo.check.validate", sideways) == ["geo.render.site"]
    looped = {**GRAPH, "geo.load.files": {*GRAPH["geo.load.files"], "geo.load.story"}}
    assert first_cycle(looped) is not None
